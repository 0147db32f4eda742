import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { Field, FormMessage } from "../components/form";
import { useT } from "../lib/i18n";
import { isFailure } from "../lib/action-result";
import { runAction, translatorFor } from "../lib/http.server";
import { passActionHeaders } from "../lib/headers";

export async function loader({ context }: LoaderFunctionArgs) {
  return json({ title: translatorFor(context)("settings.privacy_title") });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];

export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const input = formToObject(await request.formData());
  return runAction(context, async () => {
    await context.services.accounts.deleteMyAccount(context.ctx, input);
    return redirect("/sign-in?notice=account_deleted", { headers: { "Set-Cookie": context.sessionCookie.clear() } });
  });
}

export default function PrivacySettings() {
  const result = useActionData<typeof action>();
  const t = useT();
  const failure = isFailure(result) ? result : undefined;
  return (
    <section className="stack-large">
      <h2>{t("settings.privacy_title")}</h2>
      <div className="card-plain stack">
        <h3>{t("settings.export_title")}</h3>
        <p>{t("settings.export_body")}</p>
        <p>
          <a href="/settings/export.json" className="button button-secondary" download>
            {t("settings.export_submit")}
          </a>
        </p>
      </div>
      <Form method="post" noValidate className="card-plain stack danger-zone" aria-labelledby="delete-title">
        <h3 id="delete-title">{t("settings.delete_title")}</h3>
        <p>{t("settings.delete_body")}</p>
        {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
        <Field name="password" type="password" label={t("settings.current_password")} autoComplete="current-password" required error={failure?.fieldErrors.password} />
        <label className="checkbox">
          <input type="checkbox" name="confirm" required aria-describedby={failure?.fieldErrors.confirm ? "confirm-error" : undefined} />
          {t("settings.delete_confirm")}
        </label>
        {failure?.fieldErrors.confirm ? (
          <p className="field-error" id="confirm-error">
            {failure.fieldErrors.confirm}
          </p>
        ) : null}
        <button type="submit" className="button button-danger">
          {t("settings.delete_submit")}
        </button>
      </Form>
    </section>
  );
}
