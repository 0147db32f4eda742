import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { serializeLanguageCookieHeader } from "../lib/cookies.server";
import { Field, FormMessage } from "../components/form";
import { useT } from "../lib/i18n";
import { isFailure } from "../lib/action-result";
import { runAction, safeRedirectPath, translatorFor } from "../lib/http.server";
import { passActionHeaders } from "../lib/headers";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirectPath(url.searchParams.get("redirectTo"));
  if (context.state.account) throw redirect(redirectTo);
  return json({
    title: translatorFor(context)("auth.sign_in_title"),
    redirectTo,
    notice: url.searchParams.get("notice"),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];

export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  return runAction(context, async () => {
    const { token, session, locale } = await context.services.accounts.signIn(context.ctx, formToObject(form));
    const headers = new Headers();
    headers.append("Set-Cookie", context.sessionCookie.serialize(token, session.expires_at));
    headers.append("Set-Cookie", serializeLanguageCookieHeader(context, locale));
    return redirect(safeRedirectPath(form.get("redirectTo")), { headers });
  });
}

export default function SignIn() {
  const { redirectTo, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const failure = isFailure(result) ? result : undefined;
  const errors = failure?.fieldErrors ?? {};
  return (
    <section className="narrow">
      <h1>{t("auth.sign_in_title")}</h1>
      {notice === "verified" ? <FormMessage kind="success">{t("auth.email_verified")}</FormMessage> : null}
      {notice === "password_reset" ? <FormMessage kind="success">{t("auth.password_reset_done")}</FormMessage> : null}
      {notice === "signed_out" ? <FormMessage kind="info">{t("auth.signed_out")}</FormMessage> : null}
      {notice === "account_deleted" ? <FormMessage kind="info">{t("settings.account_deleted")}</FormMessage> : null}
      {failure ? (
        <FormMessage kind="error">
          {failure.message}
          {failure.key === "errors.email_not_verified" ? (
            <>
              {" "}
              <Link to="/resend-verification">{t("auth.resend_verification_link")}</Link>
            </>
          ) : null}
        </FormMessage>
      ) : null}
      <Form method="post" noValidate className="stack">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field name="email" type="email" label={t("auth.email")} autoComplete="email" required error={errors.email} />
        <Field name="password" type="password" label={t("auth.password")} autoComplete="current-password" required error={errors.password} />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("auth.sign_in_submit")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("auth.forgot_password_link")}</Link>
      </p>
      <p>
        {t("auth.no_account")} <Link to="/sign-up">{t("nav.sign_up")}</Link>
      </p>
    </section>
  );
}
