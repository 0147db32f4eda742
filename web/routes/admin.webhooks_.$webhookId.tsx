import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { FormMessage } from "../components/form";
import { isFailure } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { runAction, runLoader, translatorFor } from "../lib/http.server";
import { useLocale, useT } from "../lib/i18n";
import { webhookEventLabelKey } from "../lib/webhooks";
import figuresStyles from "../styles/figures.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: figuresStyles }];

// A webhook's delivery log, newest first, with "retry now". Administrators only (404 for everyone else).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const before = new URL(request.url).searchParams.get("before") ?? undefined;
  const log = await runLoader(request, () => context.services.webhooks.getLog(context.ctx, { webhookId: params.webhookId, before }));
  return json({ title: translatorFor(context)("webhook.log_title", { url: log.webhook.url }), ...log });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · Enlace` }];
export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  if (form.get("intent") !== "retry") throw new Response("Bad Request", { status: 400 });
  return runAction(context, async () => {
    await context.services.webhooks.retryDelivery(context.ctx, formToObject(form));
    return json({ ok: true as const });
  });
}

export default function WebhookLog() {
  const { webhook, deliveries, nextBefore } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "medium", timeZone: "UTC" });
  const when = (value: string | null) => (value ? <time dateTime={value}>{date.format(new Date(value))} UTC</time> : null);
  const failure = isFailure(result) ? result : undefined;
  return (
    <section className="stack">
      <p>
        <Link to="/admin/webhooks">← {t("webhook.back")}</Link>
      </p>
      <h2 className="webhook-url">{t("webhook.log_title", { url: webhook.url })}</h2>
      <p className="muted">
        <span className="badge">{webhook.active ? t("webhook.active") : t("webhook.paused")}</span> {t("webhook.counts", webhook.deliveries)}
      </p>
      {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
      {result && !failure ? <FormMessage kind="success">{t("webhook.retried")}</FormMessage> : null}
      {deliveries.length === 0 ? (
        <p className="empty">{t("webhook.log_empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table audit-table">
            <caption className="visually-hidden">{t("webhook.log")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("webhook.col_id")}</th>
                <th scope="col">{t("webhook.col_event")}</th>
                <th scope="col">{t("webhook.col_state")}</th>
                <th scope="col">{t("webhook.col_attempts")}</th>
                <th scope="col">{t("webhook.col_status")}</th>
                <th scope="col">{t("webhook.col_error")}</th>
                <th scope="col">{t("webhook.col_created")}</th>
                <th scope="col">{t("webhook.col_next")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("webhook.retry")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((delivery) => (
                <tr key={delivery.id} data-state={delivery.state}>
                  <td>#{delivery.id}</td>
                  <td>{t(webhookEventLabelKey(delivery.event))}</td>
                  <td>
                    <span className={`badge${delivery.state === "failed" ? " badge-danger" : delivery.state === "delivered" ? " badge-verified" : ""}`}>
                      {t(`webhook.state_${delivery.state}`)}
                    </span>{" "}
                    {delivery.state === "delivered" ? when(delivery.deliveredAt) : delivery.state === "failed" ? when(delivery.failedAt) : null}
                  </td>
                  <td className="numeric">{delivery.attempts}</td>
                  <td>{delivery.lastStatus ?? ""}</td>
                  <td>{delivery.lastError ?? ""}</td>
                  <td>{when(delivery.createdAt)}</td>
                  <td>{when(delivery.nextAttemptAt)}</td>
                  <td>
                    {delivery.state === "delivered" ? null : (
                      <Form method="post">
                        <input type="hidden" name="deliveryId" value={delivery.id} />
                        <button type="submit" name="intent" value="retry" className="button button-small button-secondary" aria-label={t("webhook.retry_label", { id: delivery.id })}>
                          {t("webhook.retry")}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore ? (
        <p>
          <Link to={`?before=${nextBefore}`}>{t("webhook.older")}</Link>
        </p>
      ) : null}
    </section>
  );
}
