import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { FormMessage } from "../components/form";
import { useLocale, useT } from "../lib/i18n";
import { isFailure } from "../lib/action-result";
import { runAction, runLoader, translatorFor } from "../lib/http.server";
import { passActionHeaders } from "../lib/headers";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const sessions = await runLoader(request, () => context.services.accounts.listMySessions(context.ctx));
  return json({ title: translatorFor(context)("settings.sessions_title"), sessions });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];

export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  return runAction(context, async () => {
    if (form.get("intent") === "end-others") await context.services.accounts.endMyOtherSessions(context.ctx);
    else await context.services.accounts.endMySession(context.ctx, formToObject(form));
    return json({ ok: true as const });
  });
}

/** A short, readable name for a browser from its user agent. */
function describeAgent(userAgent: string): string {
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : "";
  const system = /Android/.test(userAgent)
    ? "Android"
    : /iPhone|iPad/.test(userAgent)
      ? "iOS"
      : /Windows/.test(userAgent)
        ? "Windows"
        : /Mac OS X/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : "";
  return [browser, system].filter(Boolean).join(" · ") || userAgent.slice(0, 60) || "?";
}

export default function SessionsSettings() {
  const { sessions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const others = sessions.filter((session) => !session.current);
  return (
    <section>
      <h2>{t("settings.sessions_title")}</h2>
      <p>{t("settings.sessions_lead")}</p>
      {isFailure(result) ? <FormMessage kind="error">{result.message}</FormMessage> : null}
      {result && !isFailure(result) ? <FormMessage kind="success">{t("settings.session_ended")}</FormMessage> : null}
      <ul className="session-list">
        {sessions.map((session) => (
          <li key={session.id} className="card-plain">
            <p>
              <strong>{describeAgent(session.userAgent)}</strong>
              {session.current ? <span className="badge">{t("settings.this_device")}</span> : null}
            </p>
            <p className="hint">
              {t("settings.session_started", { date: format.format(new Date(session.createdAt)) })} ·{" "}
              {t("settings.session_expires", { date: format.format(new Date(session.expiresAt)) })}
              {session.ip ? ` · ${session.ip}` : ""}
            </p>
            {session.current ? null : (
              <Form method="post">
                <input type="hidden" name="sessionId" value={session.id} />
                <button type="submit" className="button button-secondary button-small">
                  {t("settings.end_session")}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      {others.length > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="end-others" />
          <button type="submit" className="button">
            {t("settings.end_other_sessions")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
