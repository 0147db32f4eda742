import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormMessage } from "../components/form";
import { useT } from "../lib/i18n";
import { translatorFor } from "../lib/http.server";

// The link at the foot of every notification email. GET only shows a page whose button posts (no GET
// changes data); the POST needs no session: the signed token is the authority. Mail providers make the same
// POST on their own (RFC 8058 one-click, body `List-Unsubscribe=One-Click`, token in the URL, no Origin);
// server/http/middleware.ts lets exactly this path through the Origin check.

const readToken = (value: FormDataEntryValue | string | null | undefined) =>
  typeof value === "string" && value.length > 0 && value.length <= 200 ? value : null;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = readToken(new URL(request.url).searchParams.get("token"));
  return json({ title: translatorFor(context)("notifications.unsubscribe_title"), token });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }, { name: "robots", content: "noindex" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => new FormData());
  const token = readToken(form.get("token")) ?? readToken(new URL(request.url).searchParams.get("token"));
  const done = token ? await context.services.notifications.unsubscribeByToken(context.ctx, token) : false;
  return json({ done }, { status: done ? 200 : 400 });
}

export default function Unsubscribe() {
  const { token } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <section className="narrow stack" aria-labelledby="unsubscribe-title">
      <h1 id="unsubscribe-title">{t("notifications.unsubscribe_title")}</h1>
      {result ? (
        result.done ? (
          <FormMessage kind="success">{t("notifications.unsubscribe_done")}</FormMessage>
        ) : (
          <FormMessage kind="error">{t("notifications.unsubscribe_invalid")}</FormMessage>
        )
      ) : token ? (
        <>
          <p>{t("notifications.unsubscribe_lead")}</p>
          <Form method="post" action={`/unsubscribe?token=${encodeURIComponent(token)}`}>
            <input type="hidden" name="token" value={token} />
            <button type="submit" className="button">
              {t("notifications.unsubscribe_confirm")}
            </button>
          </Form>
        </>
      ) : (
        <FormMessage kind="info">{t("notifications.unsubscribe_missing")}</FormMessage>
      )}
      <p>
        <Link to="/settings/notifications">{t("notifications.email_settings")}</Link>
      </p>
    </section>
  );
}
