import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormMessage } from "../components/form";
import { useLocale, useT } from "../lib/i18n";
import { runLoader, translatorFor } from "../lib/http.server";
import { isAppError } from "../../shared/errors";

// Administrators only (the service answers NOT_FOUND to everyone else). Filters live in the address,
// so a filtered view can be shared and paged with a keyset cursor.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const t = translatorFor(context);
  try {
    const page = await runLoader(request, () => context.services.moderation.listAuditLog(context.ctx, params));
    return json({ title: t("moderation.audit_title"), ...page, error: null as string | null });
  } catch (error) {
    // A bad date or a stale cursor: say so and show the first page unfiltered by it.
    if (!isAppError(error) || error.code !== "VALIDATION") throw error;
    const page = await runLoader(request, () => context.services.moderation.listAuditLog(context.ctx, { action: params.action, actor: params.actor }));
    const field = Object.values(error.fieldErrors ?? {})[0];
    return json({ title: t("moderation.audit_title"), ...page, error: t(field ?? error.messageKey) });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · Enlace` }];

function targetPath(type: string, id: number | null, memberHandle: string | undefined): string | null {
  if (id === null) return null;
  if (type === "post") return `/p/${id}`;
  if (type === "thread") return `/t/${id}`;
  if (type === "user" && memberHandle) return `/u/${memberHandle}`;
  return null;
}

export default function AuditLog() {
  const { entries, nextCursor, actions, error } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
  const nextParams = new URLSearchParams(params);
  if (nextCursor) nextParams.set("cursor", nextCursor);
  return (
    <section className="stack">
      <h2>{t("moderation.audit_title")}</h2>
      <p className="hint">{t("moderation.audit_lead")}</p>
      {error ? <FormMessage kind="error">{error}</FormMessage> : null}
      <Form method="get" className="filters audit-filters" role="search">
        <div className="field">
          <label htmlFor="audit-action">{t("moderation.audit_action")}</label>
          <select id="audit-action" name="action" defaultValue={params.get("action") ?? ""}>
            <option value="">{t("moderation.audit_any_action")}</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {t(`moderation.action_${action}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-actor">{t("moderation.audit_actor")}</label>
          <input id="audit-actor" name="actor" defaultValue={params.get("actor") ?? ""} maxLength={31} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t("moderation.audit_from")}</label>
          <input id="audit-from" type="date" name="from" defaultValue={params.get("from") ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t("moderation.audit_to")}</label>
          <input id="audit-to" type="date" name="to" defaultValue={params.get("to") ?? ""} />
        </div>
        <button type="submit" className="button button-small">
          {t("moderation.audit_filter")}
        </button>
      </Form>
      {entries.length === 0 ? (
        <p className="empty">{t("moderation.audit_empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table audit-table">
            <caption className="visually-hidden">{t("moderation.audit_title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("moderation.audit_when")}</th>
                <th scope="col">{t("moderation.audit_who")}</th>
                <th scope="col">{t("moderation.audit_what")}</th>
                <th scope="col">{t("moderation.audit_target")}</th>
                <th scope="col">{t("moderation.audit_reason")}</th>
                <th scope="col">{t("moderation.audit_details")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const path = targetPath(entry.targetType, entry.targetId, entry.targetMember?.handle);
                const label = entry.targetMember
                  ? `@${entry.targetMember.handle}`
                  : t(`moderation.target_${entry.targetType}`, { id: entry.targetId ?? "" });
                return (
                  <tr key={entry.id}>
                    <td>
                      <time dateTime={entry.createdAt}>{format.format(new Date(entry.createdAt))} UTC</time>
                    </td>
                    <td>{entry.actor ? <Link to={`/u/${entry.actor.handle}`}>@{entry.actor.handle}</Link> : t("moderation.audit_system")}</td>
                    <td>{t(`moderation.action_${entry.action}`)}</td>
                    <td>{path ? <Link to={path}>{label}</Link> : label}</td>
                    <td>{entry.reason}</td>
                    <td>
                      {Object.keys(entry.details).length ? (
                        <dl className="audit-details">
                          {Object.entries(entry.details).map(([key, value]) => (
                            <div key={key}>
                              <dt>{key}</dt>
                              <dd>{typeof value === "string" ? value : JSON.stringify(value)}</dd>
                            </div>
                          ))}
                        </dl>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor ? (
        <p>
          <Link to={`?${nextParams.toString()}`}>{t("moderation.audit_older")}</Link>
        </p>
      ) : null}
    </section>
  );
}
