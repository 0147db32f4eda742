import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { isAppError } from "../../shared/errors";
import { formToObject } from "../../shared/schemas/parse";
import { RelativeTime } from "../components/forum";
import { FormMessage } from "../components/form";
import { isFailure } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useT } from "../lib/i18n";
import { describeNotification } from "../../shared/realtime/describe-notification";
import { requireSignedIn, runAction, runLoader, translatorFor } from "../lib/http.server";
import { useDebouncedRevalidate, useNotificationArrivals } from "../lib/realtime";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireSignedIn(context, request);
  const before = new URL(request.url).searchParams.get("before") ?? undefined;
  const page = await runLoader(request, () => context.services.notifications.list(context.ctx, { before })).catch((error: unknown) => {
    // A paging position that is not a notification id starts from the newest again.
    if (before !== undefined && isAppError(error) && error.code === "VALIDATION") throw redirect("/notifications");
    throw error;
  });
  return json({ title: translatorFor(context)("notifications.title"), ...page });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];
export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  requireSignedIn(context, request);
  const form = await request.formData();
  const { notifications } = context.services;
  return runAction(context, async () => {
    switch (form.get("intent")) {
      case "read":
        await notifications.markRead(context.ctx, formToObject(form));
        return json({ ok: true as const, marked: "one" as const });
      case "read-all":
        await notifications.markAllRead(context.ctx);
        return json({ ok: true as const, marked: "all" as const });
      default:
        throw new Response("Bad Request", { status: 400 });
    }
  });
}

export default function NotificationCentre() {
  const { items, nextBefore, unreadCount } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const [params] = useSearchParams();
  const isFirstPage = !params.get("before");
  const revalidateSoon = useDebouncedRevalidate();
  // New notifications appear at the top of the first page as they arrive.
  useNotificationArrivals(() => {
    if (isFirstPage) revalidateSoon();
  });

  return (
    <section className="notification-centre" aria-labelledby="notifications-title">
      <h1 id="notifications-title">{t("notifications.title")}</h1>
      <div className="notification-toolbar">
        <p className="muted">{t("notifications.unread_count", { count: unreadCount })}</p>
        {unreadCount > 0 ? (
          <Form method="post">
            <button type="submit" name="intent" value="read-all" className="button button-small button-secondary">
              {t("notifications.mark_all_read")}
            </button>
          </Form>
        ) : null}
        <Link to="/settings/notifications">{t("notifications.settings_title")}</Link>
      </div>
      {isFailure(result) ? <FormMessage kind="error">{result.message}</FormMessage> : null}
      {result && !isFailure(result) ? (
        <FormMessage kind="success">{result.marked === "all" ? t("notifications.marked_all") : t("notifications.marked_one")}</FormMessage>
      ) : null}
      {items.length === 0 ? (
        <p className="empty">{t("notifications.none")}</p>
      ) : (
        <ol className="notification-list">
          {items.map((item) => {
            const textId = `notification-${item.id}`;
            return (
              <li key={item.id} className={item.readAt ? "notification" : "notification notification-unread"}>
                <p className="notification-text">
                  {item.readAt ? null : <span className="badge badge-new">{t("notifications.unread_badge")}</span>}{" "}
                  <Link to={item.url} id={textId}>
                    {describeNotification(t, item)}
                  </Link>
                </p>
                <p className="notification-meta">
                  <RelativeTime iso={item.createdAt} />
                  {item.readAt ? null : (
                    <Form method="post" className="inline-action">
                      <input type="hidden" name="notificationId" value={item.id} />
                      <button type="submit" name="intent" value="read" className="link-button" aria-describedby={textId}>
                        {t("notifications.mark_read")}
                      </button>
                    </Form>
                  )}
                </p>
              </li>
            );
          })}
        </ol>
      )}
      {nextBefore !== null || !isFirstPage ? (
        <nav className="pager actions" aria-label={t("notifications.title")}>
          {!isFirstPage ? (
            <Link to="/notifications" rel="prev" className="button button-secondary">
              {t("notifications.newer")}
            </Link>
          ) : null}
          {nextBefore !== null ? (
            <Link to={`?before=${nextBefore}`} rel="next" className="button button-secondary">
              {t("notifications.older")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
