import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { Field, FormMessage } from "../components/form";
import { useT } from "../lib/i18n";
import { isFailure } from "../lib/action-result";
import { runAction, runLoader, translatorFor } from "../lib/http.server";
import { passActionHeaders } from "../lib/headers";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await runLoader(request, () => context.services.accounts.getMyAccount(context.ctx));
  return json({ title: translatorFor(context)("settings.account_title"), email: account.email });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];

export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = form.get("intent");
  const input = formToObject(form);
  return runAction(context, async () => {
    if (intent === "change-password") {
      const { token, expiresAt } = await context.services.accounts.changePassword(context.ctx, input);
      // Every session ended, this one included; the browser gets the fresh session opened for it.
      return json(
        { ok: true as const, intent },
        { headers: { "Set-Cookie": context.sessionCookie.serialize(token, expiresAt) } },
      );
    }
    await context.services.accounts.requestEmailChange(context.ctx, input);
    return json({ ok: true as const, intent: "change-email" });
  });
}

export default function AccountSettings() {
  const { email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const failure = isFailure(result) ? result : undefined;
  const submittedIntent = result?.ok === true ? result.intent : null;
  return (
    <section className="stack-large">
      <h2>{t("settings.account_title")}</h2>
      {params.get("notice") === "email_changed" ? <FormMessage kind="success">{t("settings.email_changed")}</FormMessage> : null}
      {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}

      <Form method="post" noValidate className="stack card-plain" aria-labelledby="email-title">
        <h3 id="email-title">{t("settings.email_title")}</h3>
        <p>{t("settings.current_email", { email })}</p>
        {submittedIntent === "change-email" ? <FormMessage kind="success">{t("settings.email_change_sent")}</FormMessage> : null}
        <input type="hidden" name="intent" value="change-email" />
        <Field name="newEmail" id="new-email" type="email" label={t("settings.new_email")} autoComplete="email" required error={failure?.fieldErrors.newEmail} />
        <Field name="password" id="email-password" type="password" label={t("settings.current_password")} autoComplete="current-password" required error={failure?.fieldErrors.password} />
        <button type="submit" className="button">
          {t("settings.change_email_submit")}
        </button>
      </Form>

      <Form method="post" noValidate className="stack card-plain" aria-labelledby="password-title">
        <h3 id="password-title">{t("settings.password_title")}</h3>
        <p className="hint">{t("settings.password_note")}</p>
        {submittedIntent === "change-password" ? <FormMessage kind="success">{t("settings.password_changed")}</FormMessage> : null}
        <input type="hidden" name="intent" value="change-password" />
        <Field name="currentPassword" type="password" label={t("settings.current_password")} autoComplete="current-password" required error={failure?.fieldErrors.currentPassword} />
        <Field
          name="newPassword"
          type="password"
          label={t("auth.new_password")}
          hint={t("auth.password_hint")}
          autoComplete="new-password"
          required
          minLength={10}
          error={failure?.fieldErrors.newPassword}
        />
        <button type="submit" className="button">
          {t("settings.change_password_submit")}
        </button>
      </Form>
    </section>
  );
}
