import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { webhookEvents } from "../../shared/schemas/webhook.schema";
import { Field, FormMessage } from "../components/form";
import { isFailure, succeeded } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { runAction, runLoader, translatorFor } from "../lib/http.server";
import { useLocale, useT } from "../lib/i18n";
import { webhookEventLabelKey } from "../lib/webhooks";
import figuresStyles from "../styles/figures.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: figuresStyles }];

// Administrators only (the service answers NOT_FOUND, a 404, to everyone else).
export async function loader({ request, context }: LoaderFunctionArgs) {
  const webhooks = await runLoader(request, () => context.services.webhooks.list(context.ctx));
  return json({ title: translatorFor(context)("webhook.title"), webhooks });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · Enlace` }];
export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const input = formToObject(form, ["events"]);
  const { webhooks } = context.services;
  return runAction(context, async () => {
    switch (form.get("intent")) {
      case "create": {
        const created = await webhooks.create(context.ctx, input);
        return json({ ok: true as const, done: "created" as const, secret: created.secret as string | null });
      }
      case "pause":
      case "resume":
        await webhooks.setActive(context.ctx, { ...input, active: form.get("intent") === "resume" });
        return json({ ok: true as const, done: "saved" as const, secret: null });
      case "delete":
        await webhooks.remove(context.ctx, input);
        return json({ ok: true as const, done: "deleted" as const, secret: null });
      default:
        throw new Response("Bad Request", { status: 400 });
    }
  });
}

export default function AdminWebhooks() {
  const { webhooks } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  const failure = isFailure(result) ? result : undefined;
  const done = succeeded(result);
  const errors = failure?.fieldErrors ?? {};
  return (
    <section className="stack-large">
      <div className="stack">
        <h2>{t("webhook.title")}</h2>
        <p className="hint">{t("webhook.lead")}</p>
        {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
        {done?.done === "created" && done.secret ? (
          <FormMessage kind="success">
            <p>{t("webhook.created")}</p>
            <p>
              <strong>{t("webhook.secret_label")}:</strong>
            </p>
            <p className="secret-box" data-testid="webhook-secret">
              {done.secret}
            </p>
            <p>{t("webhook.secret_hint")}</p>
          </FormMessage>
        ) : null}
        {done?.done === "saved" ? <FormMessage kind="success">{t("webhook.saved")}</FormMessage> : null}
        {done?.done === "deleted" ? <FormMessage kind="success">{t("webhook.deleted")}</FormMessage> : null}
      </div>

      <section className="stack" aria-labelledby="webhook-list-title">
        <h3 id="webhook-list-title">{t("webhook.list_title")}</h3>
        {webhooks.length === 0 ? (
          <p className="empty">{t("webhook.empty")}</p>
        ) : (
          <ul className="member-list stack">
            {webhooks.map((hook) => (
              <li key={hook.id} className="card-plain stack">
                <p className="webhook-url">
                  <strong>{hook.url}</strong> <span className="badge">{hook.active ? t("webhook.active") : t("webhook.paused")}</span>
                </p>
                {hook.description ? <p>{hook.description}</p> : null}
                <p className="muted">{hook.events.map((event) => t(webhookEventLabelKey(event))).join(" · ")}</p>
                <p className="muted">
                  {t("webhook.counts", hook.deliveries)}
                  {hook.lastDeliveryAt ? ` · ${t("webhook.last_delivery", { date: `${date.format(new Date(hook.lastDeliveryAt))} UTC` })}` : ""}
                  {` · ${t("webhook.created_at", { date: `${date.format(new Date(hook.createdAt))} UTC` })}`}
                </p>
                <div className="actions">
                  <Link to={`/admin/webhooks/${hook.id}`} className="button button-small" aria-label={t("webhook.log_label", { url: hook.url })}>
                    {t("webhook.log")}
                  </Link>
                  <Form method="post">
                    <input type="hidden" name="webhookId" value={hook.id} />
                    <button type="submit" name="intent" value={hook.active ? "pause" : "resume"} className="button button-small button-secondary">
                      {hook.active ? t("webhook.pause") : t("webhook.resume")}
                    </button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="webhookId" value={hook.id} />
                    <button type="submit" name="intent" value="delete" className="button button-small button-danger" aria-label={t("webhook.delete_label", { url: hook.url })}>
                      {t("webhook.delete")}
                    </button>
                  </Form>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <Form method="post" className="stack card-plain" aria-labelledby="new-webhook-title">
        <h3 id="new-webhook-title">{t("webhook.new_title")}</h3>
        <Field id="webhook-url" name="url" type="url" inputMode="url" label={t("webhook.url")} hint={t("webhook.url_hint")} required maxLength={2000} autoComplete="off" error={errors.url} />
        <Field id="webhook-description" name="description" label={t("webhook.description")} hint={t("webhook.description_hint")} maxLength={200} error={errors.description} />
        <fieldset className="webhook-events" aria-describedby={errors.events ? "webhook-events-error" : undefined}>
          <legend>{t("webhook.events")}</legend>
          {webhookEvents.map((event) => (
            <label key={event} className="checkbox">
              <input type="checkbox" name="events" value={event} defaultChecked />
              {t(webhookEventLabelKey(event))}
            </label>
          ))}
          {errors.events ? (
            <p className="field-error" id="webhook-events-error">
              {errors.events}
            </p>
          ) : null}
        </fieldset>
        <button type="submit" name="intent" value="create" className="button">
          {t("webhook.create")}
        </button>
      </Form>
    </section>
  );
}
