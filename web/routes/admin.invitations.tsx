import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { localeNames, locales } from "../../shared/i18n/core";
import { formToObject } from "../../shared/schemas/parse";
import { Field, FormMessage, SelectField } from "../components/form";
import { useLocale, useT } from "../lib/i18n";
import { isFailure } from "../lib/action-result";
import { runAction, runLoader, translatorFor } from "../lib/http.server";
import { passActionHeaders } from "../lib/headers";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const invitations = await runLoader(request, () => context.services.admin.listInvitations(context.ctx));
  return json({ title: translatorFor(context)("admin.invitations_title"), invitations });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];

export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const input = formToObject(form);
  return runAction(context, async () => {
    if (form.get("intent") === "revoke") {
      await context.services.admin.revokeInvitation(context.ctx, input);
      return json({ ok: true as const, intent: "revoke" });
    }
    await context.services.admin.sendInvitation(context.ctx, input);
    return json({ ok: true as const, intent: "send" });
  });
}

export default function AdminInvitations() {
  const { invitations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const failure = isFailure(result) ? result : undefined;
  const format = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
  return (
    <section className="stack-large">
      <h2>{t("admin.invitations_title")}</h2>
      {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
      {result?.ok === true ? (
        <FormMessage kind="success">{result.intent === "send" ? t("admin.invitation_sent") : t("admin.invitation_revoked")}</FormMessage>
      ) : null}
      <Form method="post" noValidate className="stack card-plain">
        <Field name="email" type="email" label={t("auth.email")} required error={failure?.fieldErrors.email} />
        <SelectField name="locale" label={t("admin.invitation_language")} defaultValue={locale}>
          {locales.map((code) => (
            <option key={code} value={code} lang={code}>
              {localeNames[code]}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button">
          {t("admin.send_invitation")}
        </button>
      </Form>
      <table className="table">
        <caption>{t("admin.invitations_sent")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("auth.email")}</th>
            <th scope="col">{t("admin.invited_by")}</th>
            <th scope="col">{t("admin.sent_on")}</th>
            <th scope="col">{t("admin.state")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("admin.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {invitations.map((invitation) => (
            <tr key={invitation.id}>
              <td>{invitation.email}</td>
              <td>@{invitation.inviterHandle}</td>
              <td>{format.format(new Date(invitation.createdAt))}</td>
              <td>{t(invitation.state === "revoked" ? "admin.invitation_revoked_state" : `admin.invitation_${invitation.state}`)}</td>
              <td>
                {invitation.state === "pending" ? (
                  <Form method="post">
                    <input type="hidden" name="invitationId" value={invitation.id} />
                    <button type="submit" name="intent" value="revoke" className="button button-small button-secondary">
                      {t("admin.revoke")}
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
