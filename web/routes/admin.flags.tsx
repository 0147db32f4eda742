import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { RelativeTime } from "../components/forum";
import { FormMessage } from "../components/form";
import { isFailure } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useT } from "../lib/i18n";
import { runAction, runLoader, translatorFor } from "../lib/http.server";

// The review queue of site staff: flags of every place they can see. (Group moderators get their
// group's queue from services.moderation.listFlags with a spaceId.)
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const status = url.searchParams.get("status") === "resolved" ? "resolved" : "open";
  const page = await runLoader(request, () =>
    context.services.moderation.listFlags(context.ctx, { status, cursor: url.searchParams.get("cursor") ?? undefined }),
  );
  return json({ title: translatorFor(context)("moderation.queue_title"), status, ...page });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · Enlace` }];
export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const input = formToObject(form);
  const { moderation } = context.services;
  return runAction(context, async () => {
    switch (form.get("intent")) {
      case "dismiss":
        await moderation.dismissFlag(context.ctx, input);
        break;
      case "hide":
        await moderation.hidePost(context.ctx, input);
        break;
      case "delete":
        await moderation.deletePost(context.ctx, input);
        break;
      default:
        throw new Response("Bad Request", { status: 400 });
    }
    return json({ ok: true as const });
  });
}

export default function FlagQueue() {
  const { flags, nextCursor, status } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const nextParams = new URLSearchParams(params);
  if (nextCursor) nextParams.set("cursor", nextCursor);
  return (
    <section className="stack">
      <h2>{t("moderation.queue_title")}</h2>
      <p className="hint">{t("moderation.queue_lead")}</p>
      {isFailure(result) ? <FormMessage kind="error">{result.message}</FormMessage> : null}
      {result && !isFailure(result) ? <FormMessage kind="success">{t("moderation.action_done")}</FormMessage> : null}
      <nav className="tabs" aria-label={t("moderation.queue_show")}>
        <ul>
          <li>
            <Link to="?status=open" aria-current={status === "open" ? "page" : undefined}>
              {t("moderation.queue_open")}
            </Link>
          </li>
          <li>
            <Link to="?status=resolved" aria-current={status === "resolved" ? "page" : undefined}>
              {t("moderation.queue_resolved")}
            </Link>
          </li>
        </ul>
      </nav>
      {flags.length === 0 ? <p className="empty">{t("moderation.queue_empty")}</p> : null}
      <ol className="flag-list">
        {flags.map((flag) => (
          <li key={flag.id} className="card-plain flag-card">
            <h3 className="flag-title">
              <Link to={`/p/${flag.post.id}`}>{flag.post.threadTitle}</Link>
              <span className="badge badge-warning">{t(`moderation.reason_${flag.reason}`)}</span>
              {flag.post.hidden ? <span className="badge badge-hidden">{t("moderation.post_is_hidden")}</span> : null}
              {flag.post.deleted ? <span className="badge">{t("moderation.post_is_deleted")}</span> : null}
            </h3>
            <p className="hint">
              {t("moderation.post_by", { name: flag.post.author?.displayName ?? t("forum.former_member") })} ·{" "}
              {t("moderation.flagged_by", { name: flag.flagger?.displayName ?? t("forum.former_member") })} · <RelativeTime iso={flag.createdAt} />
            </p>
            <blockquote className="flag-excerpt">{flag.post.excerpt}</blockquote>
            {flag.note ? (
              <p>
                <strong>{t("moderation.flag_note_label")}:</strong> {flag.note}
              </p>
            ) : null}
            {flag.status === "open" ? (
              <Form method="post" className="stack">
                <input type="hidden" name="flagId" value={flag.id} />
                <input type="hidden" name="postId" value={flag.post.id} />
                <div className="field">
                  <label htmlFor={`flag-${flag.id}-reason`}>{t("moderation.reason_label")}</label>
                  <input id={`flag-${flag.id}-reason`} name="reason" maxLength={500} />
                </div>
                <div className="actions">
                  {!flag.post.hidden && !flag.post.deleted ? (
                    <button type="submit" name="intent" value="hide" className="button button-small button-secondary">
                      {t("moderation.hide")}
                    </button>
                  ) : null}
                  {!flag.post.deleted ? (
                    <button type="submit" name="intent" value="delete" className="button button-small button-danger">
                      {t("moderation.delete")}
                    </button>
                  ) : null}
                  <button type="submit" name="intent" value="dismiss" className="button button-small button-secondary">
                    {t("moderation.dismiss")}
                  </button>
                  <Link to={`/p/${flag.post.id}`} className="button button-small button-secondary">
                    {t("moderation.open_post")}
                  </Link>
                </div>
              </Form>
            ) : (
              <p className="hint">
                {t(`moderation.status_${flag.status}`)}
                {flag.resolvedBy ? (
                  <>
                    {" · "}
                    {t("moderation.resolved_by", { name: flag.resolvedBy.displayName })}
                  </>
                ) : null}
                {flag.resolvedAt ? (
                  <>
                    {" · "}
                    <RelativeTime iso={flag.resolvedAt} />
                  </>
                ) : null}
              </p>
            )}
          </li>
        ))}
      </ol>
      {nextCursor ? (
        <p>
          <Link to={`?${nextParams.toString()}`}>{t("moderation.more_flags")}</Link>
        </p>
      ) : null}
    </section>
  );
}
