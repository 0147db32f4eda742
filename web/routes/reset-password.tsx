import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { isAppError } from "../../shared/errors";
import { formToObject } from "../../shared/schemas/parse";
import { Field, FormMessage } from "../components/form";
import { useT } from "../lib/i18n";
import { isFailure } from "../lib/action-result";
import { runAction, translatorFor } from "../lib/http.server";
import { passActionHeaders } from "../lib/headers";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const t = translatorFor(context);
  let linkProblem: string | null = null;
  try {
    await context.services.accounts.checkPasswordResetToken(context.ctx, token);
  } catch (error) {
    if (!isAppError(error)) throw error;
    linkProblem = t(error.messageKey);
  }
  return json({ title: t("auth.reset_title"), token, linkProblem });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];

export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const input = formToObject(await request.formData());
  return runAction(context, async () => {
    await context.services.accounts.resetPassword(context.ctx, input);
    return redirect("/sign-in?notice=password_reset", { headers: { "Set-Cookie": context.sessionCookie.clear() } });
  });
}

export default function ResetPassword() {
  const { token, linkProblem } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const failure = isFailure(result) ? result : undefined;
  if (linkProblem) {
    return (
      <section className="narrow">
        <h1>{t("auth.reset_title")}</h1>
        <FormMessage kind="error">{linkProblem}</FormMessage>
        <p>
          <Link to="/forgot-password">{t("auth.forgot_password_link")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="narrow">
      <h1>{t("auth.reset_title")}</h1>
      {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
      <Form method="post" noValidate className="stack">
        <input type="hidden" name="token" value={token} />
        <Field
          name="password"
          type="password"
          label={t("auth.new_password")}
          hint={t("auth.password_hint")}
          autoComplete="new-password"
          required
          minLength={10}
          error={failure?.fieldErrors.password}
        />
        <button type="submit" className="button">
          {t("auth.reset_submit")}
        </button>
      </Form>
    </section>
  );
}
