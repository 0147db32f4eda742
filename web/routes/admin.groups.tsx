import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { Field, FormMessage, SelectField } from "../components/form";
import { isFailure } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useT } from "../lib/i18n";
import { runAction, translatorFor } from "../lib/http.server";

export async function loader({ context }: LoaderFunctionArgs) {
  if (!context.ctx.guardian.canCreateGroups()) throw new Response("Not Found", { status: 404 });
  const [groups, topics] = await Promise.all([context.services.groups.listGroups(context.ctx, {}), context.services.topics.listTopics(context.ctx)]);
  return json({ title: translatorFor(context)("groups.admin_title"), groups, topics });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];
export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const input = formToObject(await request.formData());
  return runAction(context, async () => {
    const { slug } = await context.services.groups.createGroup(context.ctx, input);
    return redirect(`/g/${slug}`);
  });
}

export default function AdminGroups() {
  const { groups, topics } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const failure = isFailure(result) ? result : undefined;
  const errors = failure?.fieldErrors ?? {};
  return (
    <section className="stack-large">
      <h2>{t("group.admin_title")}</h2>
      <ul className="member-list">
        {groups.map((group) => (
          <li key={group.id} className="card-plain">
            <p>
              <Link to={`/g/${group.slug}`}>
                <strong>{group.name}</strong>
              </Link>{" "}
              <span className="badge">{t(`group.kind_${group.kind}`)}</span> <span className="muted">{group.topic.name}</span> ·{" "}
              {t("group.member_count", { count: group.memberCount })}
            </p>
          </li>
        ))}
      </ul>
      <Form method="post" className="stack card-plain" noValidate aria-labelledby="new-group-title">
        <h3 id="new-group-title">{t("group.create")}</h3>
        {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
        <SelectField name="kind" label={t("group.kind_label")} error={errors.kind}>
          <option value="expert_group">{t("group.kind_expert_group")}</option>
          <option value="working_group">{t("group.kind_working_group")}</option>
        </SelectField>
        <SelectField name="topicId" label={t("forum.filter_topic")} error={errors.topicId}>
          {topics.map((topic) => (
            <option key={topic.id} value={topic.id}>
              {topic.name}
            </option>
          ))}
        </SelectField>
        <SelectField name="joinPolicy" label={t("group.join_policy_label")} error={errors.joinPolicy}>
          <option value="invite">{t("group.policy_invite")}</option>
          <option value="request">{t("group.policy_request")}</option>
          <option value="open">{t("group.policy_open")}</option>
        </SelectField>
        <Field name="slug" label={t("admin.slug")} hint={t("admin.slug_hint")} required error={errors.slug} />
        {(["Es", "Pt", "En"] as const).map((lang) => (
          <div key={lang} className="columns-2">
            <Field name={`name${lang}`} label={t(`admin.name_${lang.toLowerCase()}`)} required error={errors[`name${lang}`]} />
            <Field name={`description${lang}`} label={t(`admin.description_${lang.toLowerCase()}`)} error={errors[`description${lang}`]} />
          </div>
        ))}
        <button type="submit" className="button">
          {t("admin.create")}
        </button>
      </Form>
    </section>
  );
}
