import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormMessage } from "../components/form";
import { useT } from "../lib/i18n";
import { isFailure } from "../lib/action-result";
import { runAction, translatorFor } from "../lib/http.server";
import { passActionHeaders } from "../lib/headers";

// The emailed link opens this page; confirming is a POST, because a GET must never change data
// (mail scanners follow links).
export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return json({ title: translatorFor(context)("auth.verify_title"), token });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];

export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  return runAction(context, async () => {
    await context.services.accounts.verifyEmail(context.ctx, { token: form.get("token") });
    return redirect(context.state.account ? "/settings/profile?notice=verified" : "/sign-in?notice=verified");
  });
}

export default function VerifyEmail() {
  const { token } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <section className="narrow">
      <h1>{t("auth.verify_title")}</h1>
      {isFailure(result) ? (
        <FormMessage kind="error">
          {result.message} <Link to="/resend-verification">{t("auth.resend_verification_link")}</Link>
        </FormMessage>
      ) : null}
      {token ? (
        <Form method="post">
          <input type="hidden" name="token" value={token} />
          <p>{t("auth.verify_body")}</p>
          <button type="submit" className="button">
            {t("auth.verify_submit")}
          </button>
        </Form>
      ) : (
        <FormMessage kind="error">{t("errors.link_invalid")}</FormMessage>
      )}
    </section>
  );
}
