import { sql } from "kysely";
import { eventVisibleTo } from "../../../db/queries/visibility.queries";
import type { EventKind, RegistrationStatus } from "../../../db/schema";
import { formatEventTime, isTimeZone, type EventTimeText } from "../../../shared/event-time";
import type { Actor } from "../../../shared/guardian";
import { pickLocalized, type Locale } from "../../../shared/i18n";
import type { Executor } from "./event-access";

export interface EventSummaryDto {
  id: number;
  kind: EventKind;
  title: string;
  startsAt: string;
  endsAt: string;
  /** The event's own zone (IANA). */
  timeZone: string;
  /** Start and end as the viewer reads them: in their profile's zone, else in the event's (the page may re-render it in the browser's). */
  when: EventTimeText;
  /** True when `when` is in the member's chosen zone, so the page keeps it as it is. */
  inViewerZone: boolean;
  topic: { slug: string; name: string };
  group: { slug: string; name: string } | null;
  /** In a private space (a working group): only its members see it. */
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

/**
 * Events with what a card shows: topic, group, privacy, counts and the actor's registration, limited to what
 * the actor may see (the guardian's SQL twin). Callers add filters, order and limits.
 */
export function eventSummaries(db: Executor, actor: Actor | null) {
  return db
    .selectFrom("events")
    .innerJoin("topics", "topics.id", "events.topic_id")
    .innerJoin("spaces", "spaces.id", "events.space_id")
    .leftJoin("groups", "groups.id", "events.group_id")
    .leftJoin("event_registrations as mine", (join) =>
      join.onRef("mine.event_id", "=", "events.id").on("mine.user_id", "=", actor?.id ?? -1).on("mine.status", "<>", "cancelled"),
    )
    .select([
      "events.id",
      "events.kind",
      "events.title",
      "events.starts_at",
      "events.ends_at",
      "events.time_zone",
      "events.languages",
      "events.online_url",
      "events.place",
      "events.capacity",
      "events.cancelled_at",
      "events.recording_url",
      "topics.slug as topic_slug",
      "topics.name as topic_name",
      "groups.slug as group_slug",
      "groups.name as group_name",
      "spaces.visibility as space_visibility",
      "mine.status as my_status",
      sql<number>`(select count(*)::int from event_registrations r where r.event_id = events.id and r.status = 'registered')`.as("registered_count"),
    ])
    .where(eventVisibleTo(actor));
}

export type EventSummaryRow = Awaited<ReturnType<ReturnType<typeof eventSummaries>["execute"]>>[number];

/** The zone a viewer reads an event in: theirs when they chose one, else the event's. */
export function displayZone(viewerZone: string | null, eventZone: string): string {
  return viewerZone && isTimeZone(viewerZone) ? viewerZone : eventZone;
}

export function toEventSummary(row: EventSummaryRow, locale: Locale, viewerZone: string | null): EventSummaryDto {
  const zone = displayZone(viewerZone, row.time_zone);
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    startsAt: new Date(row.starts_at).toISOString(),
    endsAt: new Date(row.ends_at).toISOString(),
    timeZone: row.time_zone,
    when: formatEventTime(row.starts_at, row.ends_at, zone, locale),
    inViewerZone: zone === viewerZone,
    topic: { slug: row.topic_slug, name: pickLocalized(row.topic_name as Record<Locale, string>, locale) },
    group: row.group_slug ? { slug: row.group_slug, name: pickLocalized(row.group_name as Record<Locale, string>, locale) } : null,
    private: row.space_visibility === "private",
    languages: row.languages,
    online: row.online_url !== null,
    place: row.place,
    capacity: row.capacity,
    registeredCount: Number(row.registered_count),
    cancelled: row.cancelled_at !== null,
    myStatus: row.my_status === "registered" || row.my_status === "waitlisted" ? (row.my_status as Exclude<RegistrationStatus, "cancelled">) : null,
    hasRecording: row.recording_url !== null,
  };
}
