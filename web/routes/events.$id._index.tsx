import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { EventBadges, EventTime, useEventTime } from "../components/events";
import { Field, FormMessage, SelectField } from "../components/form";
import { isFailure } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useLocale, useT } from "../lib/i18n";
import { requireSignedIn, runAction, runLoader } from "../lib/http.server";
import eventStyles from "../styles/events.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { events } = context.services;
  const event = await runLoader(request, () => events.get(context.ctx, params.id));
  const attachable = event.can.manage ? await events.attachableDocuments(context.ctx, event.id) : [];
  return json({ event, attachable, signedIn: context.ctx.actor !== null });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.event.title} · Enlace` }] : []);
export const headers = passActionHeaders;

const intents = ["register", "unregister", "recording", "attach", "detach", "follow-up", "cancel-event"] as const;
type Intent = (typeof intents)[number];

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireSignedIn(context, request);
  const form = await request.formData();
  const input = { ...formToObject(form), eventId: params.id };
  const intent = form.get("intent") as Intent;
  const { events } = context.services;
  // Anything about an event one may not see (or an id that is none) is the 404 page.
  await runLoader(request, () => events.get(context.ctx, params.id));
  return runAction(context, async () => {
    switch (intent) {
      case "register": {
        const registration = await events.register(context.ctx, input);
        return json({ ok: true as const, done: registration.status === "waitlisted" ? ("waitlisted" as const) : ("registered" as const) });
      }
      case "unregister":
        await events.cancelRegistration(context.ctx, input);
        return json({ ok: true as const, done: "unregistered" as const });
      case "recording":
        await events.setRecording(context.ctx, input);
        return json({ ok: true as const, done: "recording" as const });
      case "attach":
        await events.attachMaterial(context.ctx, input);
        return json({ ok: true as const, done: "attached" as const });
      case "detach":
        await events.detachMaterial(context.ctx, input);
        return json({ ok: true as const, done: "detached" as const });
      case "follow-up": {
        const { threadId } = await events.openFollowUp(context.ctx, input);
        return redirect(`/t/${threadId}`);
      }
      case "cancel-event":
        await events.cancel(context.ctx, input);
        return json({ ok: true as const, done: "cancelled" as const });
      default:
        throw new Response("Bad Request", { status: 400 });
    }
  });
}

function RegistrationBox({ event, signedIn }: { event: ReturnType<typeof useLoaderData<typeof loader>>["event"]; signedIn: boolean }) {
  const t = useT();
  const location = useLocation();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const full = event.capacity !== null && event.registeredCount >= event.capacity;
  return (
    <section className="event-box" aria-labelledby="registration-title">
      <h2 id="registration-title">{t("event.registration_title")}</h2>
      <p>
        {event.capacity !== null
          ? t("event.places_taken", { count: event.registeredCount, capacity: event.capacity })
          : t("event.registered_count", { count: event.registeredCount })}
        {event.waitlistedCount > 0 ? ` · ${t("event.waitlisted_count", { count: event.waitlistedCount })}` : null}
      </p>
      {event.cancelled ? (
        <p>{t("event.cancelled_notice")}</p>
      ) : event.ended ? (
        <p>{t("event.over_notice")}</p>
      ) : null}
      {event.myStatus === "registered" ? (
        <>
          <p className="message message-success" role="status">
            {t("event.you_are_registered")}
          </p>
          {!event.ended ? (
            <Form method="post">
              <button type="submit" name="intent" value="unregister" className="button button-secondary" disabled={busy}>
                {t("event.unregister")}
              </button>
            </Form>
          ) : null}
        </>
      ) : event.myStatus === "waitlisted" ? (
        <>
          <p className="message message-info" role="status">
            {t("event.you_are_waitlisted", { position: event.myPosition ?? 1 })}
          </p>
          <Form method="post">
            <button type="submit" name="intent" value="unregister" className="button button-secondary" disabled={busy}>
              {t("event.leave_waitlist")}
            </button>
          </Form>
        </>
      ) : event.can.register ? (
        <Form method="post">
          {full ? <p>{t("event.full_notice")}</p> : null}
          <button type="submit" name="intent" value="register" className="button" disabled={busy}>
            {full ? t("event.join_waitlist") : t("event.register")}
          </button>
        </Form>
      ) : !signedIn && !event.cancelled && !event.ended ? (
        <p>
          <Link to={`/sign-in?redirectTo=${encodeURIComponent(location.pathname)}`}>{t("event.sign_in_to_register")}</Link>
        </p>
      ) : null}
      <p>
        <a href={`/events/${event.id}.ics`} download>
          {t("event.add_to_calendar")}
        </a>
        <span className="hint"> {t("event.ics_hint")}</span>
      </p>
    </section>
  );
}

function OrganiserPanel({ event, attachable }: { event: ReturnType<typeof useLoaderData<typeof loader>>["event"]; attachable: { id: number; title: string }[] }) {
  const t = useT();
  const locale = useLocale();
  const result = useActionData<typeof action>();
  const errors = isFailure(result) ? result.fieldErrors : {};
  const registrations = event.registrations ?? [];
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  return (
    <section className="event-box organiser-panel" aria-labelledby="organiser-title">
      <h2 id="organiser-title">{t("event.organiser_panel")}</h2>
      <p className="actions">
        <Link to={`/events/${event.id}/edit`} className="button button-secondary button-small">
          {t("event.edit")}
        </Link>
      </p>
      <table className="table">
        <caption>{t("event.registrations_caption", { count: registrations.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("event.registrant")}</th>
            <th scope="col">{t("event.registration_status")}</th>
            <th scope="col">{t("event.registered_on")}</th>
          </tr>
        </thead>
        <tbody>
          {registrations.length === 0 ? (
            <tr>
              <td colSpan={3}>{t("event.no_registrations")}</td>
            </tr>
          ) : (
            registrations.map((registration) => (
              <tr key={registration.handle}>
                <td>
                  <Link to={`/u/${registration.handle}`}>{registration.displayName}</Link>
                </td>
                <td>{registration.status === "registered" ? t("event.status_registered") : t("event.status_waitlisted")}</td>
                <td>{dateFormat.format(new Date(registration.since))}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>

      <h3>{t("event.recording")}</h3>
      <Form method="post" className="stack">
        <Field name="recordingUrl" type="url" label={t("event.recording_label")} defaultValue={event.recordingUrl ?? ""} error={errors.recordingUrl} />
        <p>
          <button type="submit" name="intent" value="recording" className="button button-secondary button-small">
            {t("event.save_recording")}
          </button>
        </p>
      </Form>

      <h3>{t("event.materials")}</h3>
      {event.materials.length ? (
        <ul>
          {event.materials.map((material) => (
            <li key={material.id}>
              <Link to={`/documents/${material.id}`}>{material.title}</Link>{" "}
              <Form method="post" className="inline-action">
                <input type="hidden" name="documentId" value={material.id} />
                <button type="submit" name="intent" value="detach" className="link-button" aria-label={t("event.detach_named", { title: material.title })}>
                  {t("event.detach")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : null}
      <Form method="post" className="stack">
        {attachable.length ? (
          <SelectField name="documentId" label={t("event.attach_from_list")} error={errors.documentId}>
            {attachable.map((document) => (
              <option key={document.id} value={document.id}>
                {document.title}
              </option>
            ))}
          </SelectField>
        ) : (
          <Field name="documentId" inputMode="numeric" label={t("event.attach_by_id")} hint={t("event.attach_by_id_hint")} error={errors.documentId} />
        )}
        <p>
          <button type="submit" name="intent" value="attach" className="button button-secondary button-small">
            {t("event.attach")}
          </button>
        </p>
      </Form>

      <h3>{t("event.follow_up")}</h3>
      {event.followUpThread ? (
        <p>
          <Link to={`/t/${event.followUpThread.id}`}>{event.followUpThread.title}</Link>
        </p>
      ) : (
        <Form method="post">
          <p className="hint">{t("event.follow_up_hint")}</p>
          <button type="submit" name="intent" value="follow-up" className="button button-secondary button-small">
            {t("event.open_follow_up")}
          </button>
        </Form>
      )}

      {!event.cancelled ? (
        <>
          <h3>{t("event.cancel_event")}</h3>
          <Form method="post">
            <p className="hint">{t("event.cancel_event_hint")}</p>
            <button type="submit" name="intent" value="cancel-event" className="button button-danger button-small">
              {t("event.cancel_event")}
            </button>
          </Form>
        </>
      ) : null}
    </section>
  );
}

const doneMessages = {
  registered: "event.done_registered",
  waitlisted: "event.done_waitlisted",
  unregistered: "event.done_unregistered",
  recording: "event.done_recording",
  attached: "event.done_attached",
  detached: "event.done_detached",
  cancelled: "event.done_cancelled",
} as const;

export default function EventPage() {
  const { event, attachable, signedIn } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const shown = useEventTime(event);
  const done = result && !isFailure(result) && "done" in result ? (result.done as keyof typeof doneMessages) : null;
  return (
    <article className="event-page">
      <nav aria-label={t("forum.breadcrumb")} className="breadcrumb">
        <Link to="/events">{t("event.title")}</Link> ›{" "}
        {event.group ? <Link to={`/g/${event.group.slug}`}>{event.group.name}</Link> : <Link to={`/topics/${event.topic.slug}`}>{event.topic.name}</Link>}
      </nav>
      <header>
        <EventBadges event={event} />
        <h1>{event.title}</h1>
      </header>
      {params.get("saved") ? <FormMessage kind="success">{t("event.done_saved")}</FormMessage> : null}
      {done ? <FormMessage kind="success">{t(doneMessages[done])}</FormMessage> : null}
      {isFailure(result) ? <FormMessage kind="error">{result.message}</FormMessage> : null}
      <div className="event-layout">
        <div>
          <dl className="event-facts">
            <dt>{t("event.when")}</dt>
            <dd>
              <EventTime event={event} />
              {shown.timeZone !== event.timeZone ? (
                <>
                  <br />
                  <span className="hint">{t("event.local_time", { time: `${event.eventZoneWhen.range} (${event.eventZoneWhen.zone})` })}</span>
                </>
              ) : null}
            </dd>
            <dt>{t("event.where")}</dt>
            <dd>
              {event.online ? (
                event.onlineUrl ? (
                  <a href={event.onlineUrl} rel="noopener noreferrer nofollow">
                    {t("event.join_online")}
                  </a>
                ) : (
                  <span>
                    {t("event.online")} <span className="hint">({t("event.online_after_registration")})</span>
                  </span>
                )
              ) : null}
              {event.online && event.place ? <br /> : null}
              {event.place ? <span>{event.place}</span> : null}
            </dd>
            <dt>{t("event.space")}</dt>
            <dd>
              {event.group ? (
                <>
                  <Link to={`/g/${event.group.slug}`}>{event.group.name}</Link> · <Link to={`/topics/${event.topic.slug}`}>{event.topic.name}</Link>
                </>
              ) : (
                <Link to={`/topics/${event.topic.slug}`}>{event.topic.name}</Link>
              )}
            </dd>
            {event.speakers ? (
              <>
                <dt>{t("event.speakers")}</dt>
                <dd>{event.speakers}</dd>
              </>
            ) : null}
            {event.organiser ? (
              <>
                <dt>{t("event.organiser")}</dt>
                <dd>
                  <Link to={`/u/${event.organiser.handle}`}>{event.organiser.displayName}</Link>
                </dd>
              </>
            ) : null}
          </dl>
          {event.descriptionHtml ? <div className="post-body" dangerouslySetInnerHTML={{ __html: event.descriptionHtml }} /> : null}
          {event.recordingUrl || event.materials.length || event.followUpThread ? (
            <section className="event-box event-after" aria-labelledby="after-title">
              <h2 id="after-title">{t("event.after_title")}</h2>
              {event.recordingUrl ? (
                <p>
                  <a href={event.recordingUrl} rel="noopener noreferrer nofollow">
                    {t("event.watch_recording")}
                  </a>
                </p>
              ) : null}
              {event.materials.length ? (
                <>
                  <h3>{t("event.materials")}</h3>
                  <ul>
                    {event.materials.map((material) => (
                      <li key={material.id}>
                        <Link to={`/documents/${material.id}`}>{material.title}</Link>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {event.followUpThread ? (
                <p>
                  {t("event.follow_up_discussion")}: <Link to={`/t/${event.followUpThread.id}`}>{event.followUpThread.title}</Link>
                </p>
              ) : null}
            </section>
          ) : null}
        </div>
        <div className="stack">
          <RegistrationBox event={event} signedIn={signedIn} />
          {event.can.manage ? <OrganiserPanel event={event} attachable={attachable} /> : null}
        </div>
      </div>
    </article>
  );
}
