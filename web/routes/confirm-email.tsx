import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { isAppError } from "../../shared/errors";
import { FormMessage } from "../components/form";
import { useT } from "../lib/i18n";
import { isFailure } from "../lib/action-result";
import { runAction, translatorFor } from "../lib/http.server";
import { passActionHeaders } from "../lib/headers";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const t = translatorFor(context);
  try {
    const { email } = await context.services.accounts.checkEmailChangeToken(context.ctx, token);
    return json({ title: t("settings.confirm_email_title"), token, email, linkProblem: null });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return json({ title: t("settings.confirm_email_title"), token, email: "", linkProblem: t(error.messageKey) });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];

export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  return runAction(context, async () => {
    await context.services.accounts.confirmEmailChange(context.ctx, { token: form.get("token") });
    return redirect(context.state.account ? "/settings/account?notice=email_changed" : "/sign-in");
  });
}

export default function ConfirmEmail() {
  const { token, email, linkProblem } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <section className="narrow">
      <h1>{t("settings.confirm_email_title")}</h1>
      {linkProblem ? <FormMessage kind="error">{linkProblem}</FormMessage> : null}
      {isFailure(result) ? <FormMessage kind="error">{result.message}</FormMessage> : null}
      {linkProblem ? null : (
        <Form method="post">
          <input type="hidden" name="token" value={token} />
          <p>{t("settings.confirm_email_body", { email })}</p>
          <button type="submit" className="button">
            {t("settings.confirm_email_submit")}
          </button>
        </Form>
      )}
    </section>
  );
}
