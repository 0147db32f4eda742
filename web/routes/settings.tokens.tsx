import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { Field, FormMessage } from "../components/form";
import { RelativeTime } from "../components/forum";
import { isFailure, succeeded } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useT } from "../lib/i18n";
import { runAction, runLoader, translatorFor } from "../lib/http.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const tokens = await runLoader(request, () => context.services.accounts.listAccessTokens(context.ctx));
  return json({ title: translatorFor(context)("settings.tokens_title"), tokens, publicUrl: context.config.publicUrl });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];
export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const input = formToObject(form);
  return runAction(context, async () => {
    if (form.get("intent") === "revoke") {
      await context.services.accounts.revokeAccessToken(context.ctx, input);
      return json({ ok: true as const, token: null });
    }
    const { token } = await context.services.accounts.createAccessToken(context.ctx, input);
    return json({ ok: true as const, token });
  });
}

export default function TokenSettings() {
  const { tokens, publicUrl } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const failure = isFailure(result) ? result : undefined;
  const done = succeeded(result);
  return (
    <section className="stack-large">
      <h2>{t("settings.tokens_title")}</h2>
      <p>
        {t("settings.tokens_lead")} <a href="/api/v1/openapi.json">{t("settings.tokens_docs")}</a>
      </p>
      {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
      {done?.token ? (
        <FormMessage kind="success">
          <p>{t("settings.token_created")}</p>
          <p>
            <code className="token">{done.token}</code>
          </p>
          <p className="hint">{t("settings.token_usage", { example: `curl -H "Authorization: Bearer …" ${publicUrl}/api/v1/me` })}</p>
        </FormMessage>
      ) : null}
      <Form method="post" className="stack card-plain" noValidate>
        <Field name="name" label={t("settings.token_name")} hint={t("settings.token_name_hint")} maxLength={60} required error={failure?.fieldErrors.name} />
        <button type="submit" name="intent" value="create" className="button">
          {t("settings.token_create")}
        </button>
      </Form>
      {tokens.length ? (
        <ul className="session-list">
          {tokens.map((token) => (
            <li key={token.id} className="card-plain">
              <p>
                <strong>{token.name}</strong>
              </p>
              <p className="hint">
                {t("settings.token_created_on")} <RelativeTime iso={token.createdAt} />
                {token.lastUsedAt ? (
                  <>
                    {" · "}
                    {t("settings.token_last_used")} <RelativeTime iso={token.lastUsedAt} />
                  </>
                ) : null}
              </p>
              <Form method="post">
                <input type="hidden" name="tokenId" value={token.id} />
                <button type="submit" name="intent" value="revoke" className="button button-secondary button-small">
                  {t("settings.token_revoke")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t("settings.tokens_none")}</p>
      )}
    </section>
  );
}
