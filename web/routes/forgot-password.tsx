import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { Field, FormMessage } from "../components/form";
import { useT } from "../lib/i18n";
import { isFailure } from "../lib/action-result";
import { runAction, translatorFor } from "../lib/http.server";
import { passActionHeaders } from "../lib/headers";

export async function loader({ context }: LoaderFunctionArgs) {
  return json({ title: translatorFor(context)("auth.forgot_title") });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];

export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const input = formToObject(await request.formData());
  return runAction(context, async () => {
    await context.services.accounts.requestPasswordReset(context.ctx, input);
    return json({ ok: true as const });
  });
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const t = useT();
  const failure = isFailure(result) ? result : undefined;
  return (
    <section className="narrow">
      <h1>{t("auth.forgot_title")}</h1>
      <p>{t("auth.forgot_body")}</p>
      {result && !failure ? <FormMessage kind="success">{t("auth.forgot_done")}</FormMessage> : null}
      {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
      <Form method="post" noValidate className="stack">
        <Field name="email" type="email" label={t("auth.email")} autoComplete="email" required error={failure?.fieldErrors.email} />
        <button type="submit" className="button">
          {t("auth.forgot_submit")}
        </button>
      </Form>
    </section>
  );
}
