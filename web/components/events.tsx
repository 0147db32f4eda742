import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { formatEventTime, isTimeZone, type EventTimeText } from "../../shared/event-time";
import { languageName } from "../../shared/profile";
import { useLocale, useT } from "../lib/i18n";

/** What the list and the page need of an event's times (the server's EventSummaryDto, as JSON). */
export interface EventTimesView {
  startsAt: string;
  endsAt: string;
  timeZone: string;
  when: EventTimeText;
  inViewerZone: boolean;
}

export interface EventSummaryView extends EventTimesView {
  id: number;
  kind: "webinar" | "workshop" | "event";
  title: string;
  topic: { slug: string; name: string };
  group: { slug: string; name: string } | null;
  private: boolean;
  languages: string[];
  online: boolean;
  place: string;
  capacity: number | null;
  registeredCount: number;
  cancelled: boolean;
  myStatus: "registered" | "waitlisted" | null;
  hasRecording: boolean;
}

/** The zone of this browser, when it names one Intl knows. */
export function browserTimeZone(): string | null {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return isTimeZone(zone) ? zone : null;
  } catch {
    return null;
  }
}

/**
 * An event's times in the reader's zone. The server writes them in the member's chosen zone, or in the
 * event's own; once the page runs in a browser (and the member chose none), they are written again in the
 * browser's zone. The first render is the server's, so hydration matches.
 */
export function useEventTime(event: EventTimesView): EventTimeText {
  const locale = useLocale();
  const [text, setText] = useState(event.when);
  useEffect(() => {
    const zone = event.inViewerZone ? null : browserTimeZone();
    setText(zone && zone !== event.when.timeZone ? formatEventTime(event.startsAt, event.endsAt, zone, locale) : event.when);
  }, [event.startsAt, event.endsAt, event.when, event.inViewerZone, locale]);
  return text;
}

export function EventTime({ event }: { event: EventTimesView }) {
  const text = useEventTime(event);
  return (
    <span className="event-time">
      <time dateTime={event.startsAt}>{text.range}</time> <span className="event-zone">({text.zone})</span>
    </span>
  );
}

export function EventBadges({ event }: { event: Pick<EventSummaryView, "kind" | "private" | "cancelled" | "myStatus" | "languages"> }) {
  const t = useT();
  const locale = useLocale();
  return (
    <p className="thread-meta-top">
      <span className={`kind event-kind-${event.kind}`}>{t(`event.kind_${event.kind}`)}</span>
      {event.private ? <span className="badge badge-warning">{t("event.private_badge")}</span> : null}
      {event.cancelled ? <span className="badge badge-danger-soft">{t("event.cancelled_badge")}</span> : null}
      {event.myStatus === "registered" ? <span className="badge badge-verified">{t("event.status_registered")}</span> : null}
      {event.myStatus === "waitlisted" ? <span className="badge badge-new">{t("event.status_waitlisted")}</span> : null}
      {event.languages.map((code) => (
        <span key={code} className="lang-tag" lang={code} title={languageName(code, locale)}>
          {code.toUpperCase()}
          <span className="visually-hidden"> {languageName(code, locale)}</span>
        </span>
      ))}
    </p>
  );
}

export function EventPlaceText({ event }: { event: Pick<EventSummaryView, "online" | "place"> }) {
  const t = useT();
  const parts = [event.online ? t("event.online") : null, event.place || null].filter(Boolean);
  return <>{parts.join(" · ")}</>;
}

export function EventCard({ event, headingLevel = 2 }: { event: EventSummaryView; headingLevel?: 2 | 3 }) {
  const t = useT();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <li className="event-row">
      <EventBadges event={event} />
      <Heading className="thread-title">
        <Link to={`/events/${event.id}`}>{event.title}</Link>
      </Heading>
      <p className="event-when">
        <EventTime event={event} />
      </p>
      <p className="thread-meta">
        <span>{event.group ? `${event.group.name} · ${event.topic.name}` : event.topic.name}</span>
        <span aria-hidden="true">·</span>
        <span>
          <EventPlaceText event={event} />
        </span>
        <span aria-hidden="true">·</span>
        <span>
          {event.capacity !== null
            ? t("event.places_taken", { count: event.registeredCount, capacity: event.capacity })
            : t("event.registered_count", { count: event.registeredCount })}
        </span>
        {event.hasRecording ? (
          <>
            <span aria-hidden="true">·</span>
            <span>{t("event.has_recording")}</span>
          </>
        ) : null}
      </p>
    </li>
  );
}

export function EventList({ events, empty, headingLevel }: { events: EventSummaryView[]; empty: string; headingLevel?: 2 | 3 }) {
  if (events.length === 0) return <p className="empty">{empty}</p>;
  return (
    <ul className="event-list">
      {events.map((event) => (
        <EventCard key={event.id} event={event} headingLevel={headingLevel} />
      ))}
    </ul>
  );
}
