import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { Field, FormMessage, SelectField, TextAreaField } from "../components/form";
import { isFailure } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useT } from "../lib/i18n";
import { runAction, runLoader } from "../lib/http.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const group = await runLoader(request, () => context.services.groups.getGroup(context.ctx, params.slug ?? ""));
  if (!group.can.manage) throw new Response("Not Found", { status: 404 });
  return json({ group });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.group.name} · Enlace` : "Enlace" }];
export const headers = passActionHeaders;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const input = formToObject(await request.formData());
  const group = await runLoader(request, () => context.services.groups.getGroup(context.ctx, params.slug ?? ""));
  return runAction(context, async () => {
    await context.services.groups.updateGroup(context.ctx, { ...input, groupId: group.id });
    return json({ ok: true as const });
  });
}

export default function GroupSettings() {
  const { group } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const failure = isFailure(result) ? result : undefined;
  const errors = failure?.fieldErrors ?? {};
  return (
    <section className="narrow">
      <nav aria-label={t("forum.breadcrumb")} className="breadcrumb">
        <Link to="/groups">{t("group.title")}</Link> › <Link to={`/g/${group.slug}`}>{group.name}</Link>
      </nav>
      <h1>{t("group.settings_title")}</h1>
      {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
      {result && !failure ? <FormMessage kind="success">{t("settings.saved")}</FormMessage> : null}
      <Form method="post" className="stack" noValidate>
        {(["Es", "Pt", "En"] as const).map((lang) => {
          const code = lang.toLowerCase() as "es" | "pt" | "en";
          return (
            <fieldset key={lang} className="field card-plain">
              <legend>{t(`admin.name_${code}`)}</legend>
              <Field name={`name${lang}`} label={t(`admin.name_${code}`)} defaultValue={group.names[code]} required error={errors[`name${lang}`]} />
              <TextAreaField name={`description${lang}`} label={t(`admin.description_${code}`)} defaultValue={group.descriptions[code]} rows={3} error={errors[`description${lang}`]} />
            </fieldset>
          );
        })}
        <SelectField name="joinPolicy" label={t("group.join_policy_label")} defaultValue={group.joinPolicy} error={errors.joinPolicy}>
          <option value="invite">{t("group.policy_invite")}</option>
          <option value="request">{t("group.policy_request")}</option>
          {group.kind === "expert_group" ? <option value="open">{t("group.policy_open")}</option> : null}
        </SelectField>
        <button type="submit" className="button">
          {t("settings.save")}
        </button>
      </Form>
    </section>
  );
}
