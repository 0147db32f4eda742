import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { Field, FormMessage } from "../components/form";
import { useT } from "../lib/i18n";
import { isFailure } from "../lib/action-result";
import { runAction, translatorFor } from "../lib/http.server";
import { passActionHeaders } from "../lib/headers";

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (context.state.account) throw redirect("/");
  const url = new URL(request.url);
  return json({
    title: translatorFor(context)("auth.sign_up_title"),
    policy: context.config.registrationPolicy,
    invitation: url.searchParams.get("invitation") ?? "",
    email: url.searchParams.get("email") ?? "",
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];

export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const input = formToObject(await request.formData());
  return runAction(context, async () => {
    const result = await context.services.accounts.signUp(context.ctx, { ...input, locale: context.state.locale });
    return json({ ok: true as const, verificationSent: result.verificationSent });
  });
}

export default function SignUp() {
  const { policy, invitation, email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const failure = isFailure(result) ? result : undefined;
  const errors = failure?.fieldErrors ?? {};

  if (result && !isFailure(result)) {
    return (
      <section className="narrow">
        <h1>{t("auth.sign_up_done_title")}</h1>
        {result.verificationSent ? (
          <FormMessage kind="success">{t("auth.sign_up_done_body")}</FormMessage>
        ) : (
          <FormMessage kind="success">
            {t("auth.sign_up_done_invited")} <Link to="/sign-in">{t("nav.sign_in")}</Link>
          </FormMessage>
        )}
        {policy === "approval" ? <p>{t("auth.sign_up_approval_note")}</p> : null}
      </section>
    );
  }

  return (
    <section className="narrow">
      <h1>{t("auth.sign_up_title")}</h1>
      {policy === "invite-only" && !invitation ? <FormMessage kind="info">{t("auth.invite_only_note")}</FormMessage> : null}
      {policy === "approval" ? <p>{t("auth.sign_up_approval_note")}</p> : null}
      {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
      <Form method="post" noValidate className="stack">
        {invitation ? <input type="hidden" name="invitation" value={invitation} /> : null}
        <Field name="displayName" label={t("profile.display_name")} autoComplete="name" required maxLength={80} error={errors.displayName} />
        <Field
          name="handle"
          label={t("profile.handle")}
          hint={t("profile.handle_hint")}
          autoComplete="username"
          required
          minLength={3}
          maxLength={30}
          pattern="[a-zA-Z0-9_]+"
          error={errors.handle}
        />
        <Field name="email" type="email" label={t("auth.email")} autoComplete="email" required defaultValue={email} error={errors.email} />
        <Field
          name="password"
          type="password"
          label={t("auth.password")}
          hint={t("auth.password_hint")}
          autoComplete="new-password"
          required
          minLength={10}
          error={errors.password}
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("auth.sign_up_submit")}
        </button>
      </Form>
      <p>
        {t("auth.have_account")} <Link to="/sign-in">{t("nav.sign_in")}</Link>
      </p>
    </section>
  );
}
