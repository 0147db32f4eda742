import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { Field, FormMessage } from "../components/form";
import { isFailure } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useT } from "../lib/i18n";
import { runAction, translatorFor } from "../lib/http.server";

export async function loader({ context }: LoaderFunctionArgs) {
  if (!context.ctx.guardian.canManageTopics()) throw new Response("Not Found", { status: 404 });
  const tags = await context.services.topics.listTags(context.ctx, { includeArchived: true });
  return json({ title: translatorFor(context)("admin.tags_title"), tags });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];
export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const input = formToObject(form);
  const { topics } = context.services;
  return runAction(context, async () => {
    const intent = form.get("intent");
    if (intent === "archive" || intent === "restore") await topics.setTagArchived(context.ctx, input, intent === "archive");
    else await topics.saveTag(context.ctx, input);
    return json({ ok: true as const });
  });
}

export default function AdminTags() {
  const { tags } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const failure = isFailure(result) ? result : undefined;
  const errors = failure?.fieldErrors ?? {};
  return (
    <section className="stack-large">
      <h2>{t("admin.tags_title")}</h2>
      <p>{t("admin.tags_lead")}</p>
      {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
      {result && !failure ? <FormMessage kind="success">{t("settings.saved")}</FormMessage> : null}
      <ul className="member-list">
        {tags.map((tag) => (
          <li key={tag.id} className="card-plain">
            <p>
              <strong>{tag.name}</strong> <span className="muted">{tag.slug}</span> {tag.archived ? <span className="badge">{t("admin.archived")}</span> : null}
            </p>
            <details>
              <summary>{t("admin.edit")}</summary>
              <Form method="post" className="stack">
                <input type="hidden" name="tagId" value={tag.id} />
                <Field id={`tag-${tag.id}-slug`} name="slug" label={t("admin.slug")} defaultValue={tag.slug} required />
                <Field id={`tag-${tag.id}-es`} name="nameEs" label={t("admin.name_es")} defaultValue={tag.names.es} required />
                <Field id={`tag-${tag.id}-pt`} name="namePt" label={t("admin.name_pt")} defaultValue={tag.names.pt} required />
                <Field id={`tag-${tag.id}-en`} name="nameEn" label={t("admin.name_en")} defaultValue={tag.names.en} required />
                <button type="submit" name="intent" value="save" className="button button-small">
                  {t("settings.save")}
                </button>
              </Form>
            </details>
            <Form method="post">
              <input type="hidden" name="tagId" value={tag.id} />
              <button type="submit" name="intent" value={tag.archived ? "restore" : "archive"} className="button button-small button-secondary">
                {tag.archived ? t("admin.restore") : t("admin.archive")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <Form method="post" className="stack card-plain" aria-labelledby="new-tag-title">
        <h3 id="new-tag-title">{t("admin.new_tag")}</h3>
        <Field id="new-tag-slug" name="slug" label={t("admin.slug")} hint={t("admin.slug_hint")} required error={errors.slug} />
        <Field id="new-tag-es" name="nameEs" label={t("admin.name_es")} required error={errors.nameEs} />
        <Field id="new-tag-pt" name="namePt" label={t("admin.name_pt")} required error={errors.namePt} />
        <Field id="new-tag-en" name="nameEn" label={t("admin.name_en")} required error={errors.nameEn} />
        <button type="submit" name="intent" value="save" className="button">
          {t("admin.create")}
        </button>
      </Form>
    </section>
  );
}
