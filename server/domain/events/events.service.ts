// Events: webinars, training workshops and other events in a topic or a group. Organisers (site staff, or a
// group's owner and moderators in their group) create and run them; members register (see
// registration.service.ts); after the event come its recording, materials and a follow-up thread.
import { sql } from "kysely";
import { documentVisibleTo, spaceVisibleTo } from "../../../db/queries/visibility.queries";
import { AppError } from "../../../shared/errors";
import { formatEventTime, formatTimeOfDay, localDate, toLocalInput, wallClock, type EventTimeText } from "../../../shared/event-time";
import type { SpaceFacts } from "../../../shared/guardian";
import { createTranslator, pickLocalized } from "../../../shared/i18n";
import {
  calendarMonthSchema,
  createEventSchema,
  eventIdSchema,
  followUpSchema,
  listEventsSchema,
  materialSchema,
  recordingSchema,
  updateEventSchema,
  type EventKindName,
} from "../../../shared/schemas/event.schema";
import { TITLE_MAX } from "../../../shared/schemas/forum.schema";
import { parseInput } from "../../../shared/schemas/parse";
import type { ServiceContext } from "../../context";
import { loadSpaceFacts } from "../forum/access";
import { preparePostContent } from "../forum/content";
import { decodeCursor, encodeCursor } from "../forum/cursor";
import { createThread } from "../forum/threads.service";
import { afterCommit } from "../notifications/after-commit";
import { unsubscribeToken } from "../notifications/notification-email";
import { createNotification } from "../notifications/notifier";
import { toRecipient } from "../notifications/recipients";
import { enqueueWebhookEvent } from "../webhooks/enqueue";
import { eventFacts, eventIdFrom, loadManageableEvent, loadVisibleEvent, viewerTimeZone, type EventRow } from "./event-access";
import { registrantsWhoMaySee } from "./event-audience";
import { calendarFeedUrl } from "./event-calendar";
import { renderEventEmail, wantsEventEmail } from "./event-mail";
import { displayZone, eventSummaries, toEventSummary, type EventSummaryDto } from "./event.dto";
import { myRegistration, promoteFromWaitlist } from "./registration.service";

const PAGE_SIZE = 20;

export interface EventDto extends EventSummaryDto {
  descriptionHtml: string;
  /** The online link, for those registered and the organisers; others learn that there is one. */
  onlineUrl: string | null;
  speakers: string;
  organiser: { handle: string; displayName: string } | null;
  recordingUrl: string | null;
  followUpThread: { id: number; title: string } | null;
  materials: { id: number; title: string }[];
  waitlistedCount: number;
  myPosition: number | null;
  /** The same times in the event's own zone (shown beside the viewer's when they differ). */
  eventZoneWhen: EventTimeText;
  started: boolean;
  ended: boolean;
  can: { register: boolean; manage: boolean };
  /** For organisers only. */
  registrations: { handle: string; displayName: string; status: "registered" | "waitlisted"; since: string }[] | null;
}

export interface EventPlacesDto {
  topics: { id: number; name: string }[];
  groups: { id: number; name: string; private: boolean }[];
}

// ---- Lists ----

/** Upcoming (not yet over, soonest first) or past (latest first) events the actor may see, a page at a time. */
export async function listEvents(ctx: ServiceContext, raw: unknown = {}): Promise<{ events: EventSummaryDto[]; nextCursor: string | null; view: "upcoming" | "past" }> {
  const input = parseInput(listEventsSchema, raw);
  const cursor = decodeCursor(input.cursor);
  const now = ctx.deps.now();
  const upcoming = input.view === "upcoming";
  let query = eventSummaries(ctx.db, ctx.actor);
  query = upcoming ? query.where("events.ends_at", ">=", now) : query.where("events.ends_at", "<", now);
  if (input.topic) query = query.where("topics.slug", "=", input.topic);
  if (input.kind) query = query.where("events.kind", "=", input.kind);
  if (cursor) {
    const at = new Date(String(cursor.value));
    if (Number.isNaN(at.getTime())) throw new AppError("VALIDATION", "validation.cursor_invalid");
    query = upcoming
      ? query.where(sql<boolean>`(events.starts_at, events.id) > (${at}, ${cursor.id})`)
      : query.where(sql<boolean>`(events.starts_at, events.id) < (${at}, ${cursor.id})`);
  }
  const direction = upcoming ? "asc" : "desc";
  const rows = await query.orderBy("events.starts_at", direction).orderBy("events.id", direction).limit(PAGE_SIZE + 1).execute();
  const page = rows.slice(0, PAGE_SIZE);
  const last = page[page.length - 1];
  const zone = await viewerTimeZone(ctx);
  return {
    events: page.map((row) => toEventSummary(row, ctx.locale, zone)),
    nextCursor: rows.length > PAGE_SIZE && last ? encodeCursor(new Date(last.starts_at).toISOString(), last.id) : null,
    view: input.view,
  };
}

export interface CalendarDay {
  date: string;
  day: number;
  inMonth: boolean;
  today: boolean;
  /** "martes, 10 de marzo de 2026", for screen readers. */
  label: string;
  events: { id: number; title: string; kind: EventKindName; time: string; cancelled: boolean; myStatus: "registered" | "waitlisted" | null; private: boolean }[];
}

export interface CalendarMonthDto {
  month: string;
  previous: string;
  next: string;
  /** Monday first. */
  weekdays: { short: string; long: string }[];
  weeks: CalendarDay[][];
  /** The zone days and times are in; null: each event's own zone. */
  timeZone: string | null;
  count: number;
}

const monthOf = (date: Date) => `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}`;

/** A month as a grid of weeks (Monday first) with the events the actor may see on the day they start. */
export async function calendarMonth(ctx: ServiceContext, raw: unknown = {}): Promise<CalendarMonthDto> {
  const input = parseInput(calendarMonthSchema, raw);
  const viewerZone = await viewerTimeZone(ctx);
  const now = ctx.deps.now();
  const todayClock = wallClock(now, viewerZone ?? "UTC");
  const month = input.month ?? `${todayClock.year}-${String(todayClock.month).padStart(2, "0")}`;
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  const first = new Date(Date.UTC(year, monthNumber - 1, 1));
  const afterLast = new Date(Date.UTC(year, monthNumber, 1));
  // A day either side: an event's day depends on the zone it is read in.
  let query = eventSummaries(ctx.db, ctx.actor)
    .where("events.starts_at", ">=", new Date(first.getTime() - 86_400_000))
    .where("events.starts_at", "<", new Date(afterLast.getTime() + 86_400_000));
  if (input.topic) query = query.where("topics.slug", "=", input.topic);
  if (input.kind) query = query.where("events.kind", "=", input.kind);
  const rows = await query.orderBy("events.starts_at").orderBy("events.id").limit(1000).execute();
  const byDay = new Map<string, CalendarDay["events"]>();
  let count = 0;
  for (const row of rows) {
    const zone = displayZone(viewerZone, row.time_zone);
    const day = localDate(row.starts_at, zone);
    if (!day.startsWith(month)) continue;
    count++;
    const summary = toEventSummary(row, ctx.locale, viewerZone);
    const list = byDay.get(day) ?? [];
    list.push({
      id: row.id,
      title: row.title,
      kind: row.kind,
      time: formatTimeOfDay(row.starts_at, zone, ctx.locale),
      cancelled: summary.cancelled,
      myStatus: summary.myStatus,
      private: summary.private,
    });
    byDay.set(day, list);
  }
  const longDay = new Intl.DateTimeFormat(ctx.locale, { timeZone: "UTC", dateStyle: "full" });
  const today = localDate(now, viewerZone ?? "UTC");
  const lead = (first.getUTCDay() + 6) % 7;
  const weeks: CalendarDay[][] = [];
  const cursor = new Date(first.getTime() - lead * 86_400_000);
  while (cursor < afterLast || weeks.length === 0 || weeks[weeks.length - 1]!.length < 7) {
    if (weeks.length === 0 || weeks[weeks.length - 1]!.length === 7) {
      if (cursor >= afterLast) break;
      weeks.push([]);
    }
    const date = cursor.toISOString().slice(0, 10);
    weeks[weeks.length - 1]!.push({
      date,
      day: cursor.getUTCDate(),
      inMonth: date.startsWith(month),
      today: date === today,
      label: longDay.format(cursor),
      events: byDay.get(date) ?? [],
    });
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  const weekdayLong = new Intl.DateTimeFormat(ctx.locale, { timeZone: "UTC", weekday: "long" });
  const weekdayShort = new Intl.DateTimeFormat(ctx.locale, { timeZone: "UTC", weekday: "short" });
  // 2024-01-01 was a Monday.
  const weekdays = Array.from({ length: 7 }, (_, index) => {
    const date = new Date(Date.UTC(2024, 0, 1 + index));
    return { short: weekdayShort.format(date), long: weekdayLong.format(date) };
  });
  return {
    month,
    previous: monthOf(new Date(Date.UTC(year, monthNumber - 2, 1))),
    next: monthOf(new Date(Date.UTC(year, monthNumber, 1))),
    weekdays,
    weeks,
    timeZone: viewerZone,
    count,
  };
}

/** The actor's registrations (upcoming and past) and the address of their personal calendar feed. */
export async function myEvents(ctx: ServiceContext): Promise<{ upcoming: EventSummaryDto[]; past: EventSummaryDto[]; feedUrl: string }> {
  const actor = ctx.guardian.ensureSignedIn();
  const now = ctx.deps.now();
  const zone = await viewerTimeZone(ctx);
  const mine = eventSummaries(ctx.db, actor).where("mine.user_id", "=", actor.id);
  const [upcoming, past] = await Promise.all([
    mine.where("events.ends_at", ">=", now).orderBy("events.starts_at").orderBy("events.id").limit(100).execute(),
    mine.where("events.ends_at", "<", now).orderBy("events.starts_at", "desc").orderBy("events.id", "desc").limit(50).execute(),
  ]);
  return {
    upcoming: upcoming.map((row) => toEventSummary(row, ctx.locale, zone)),
    past: past.map((row) => toEventSummary(row, ctx.locale, zone)),
    feedUrl: await calendarFeedUrl(ctx.deps, actor.id),
  };
}

// ---- One event ----

export async function getEvent(ctx: ServiceContext, rawId: unknown): Promise<EventDto> {
  const eventId = eventIdFrom(rawId);
  const { event, space } = await loadVisibleEvent(ctx, eventId);
  const row = await eventSummaries(ctx.db, ctx.actor).where("events.id", "=", eventId).executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", "errors.not_found");
  const zone = await viewerTimeZone(ctx);
  const summary = toEventSummary(row, ctx.locale, zone);
  const canManage = ctx.actor !== null && ctx.guardian.canManageEvent(eventFacts(event), space);
  const now = ctx.deps.now();
  const [organiser, thread, materials, waitlisted, registration, registrations] = await Promise.all([
    event.organiser_id ? ctx.db.selectFrom("users").select(["handle", "display_name"]).where("id", "=", event.organiser_id).executeTakeFirst() : undefined,
    event.follow_up_thread_id
      ? ctx.db
          .selectFrom("threads")
          .select(["id", "title"])
          .where("id", "=", event.follow_up_thread_id)
          .where("deleted_at", "is", null)
          .where((eb) => spaceVisibleTo(ctx.actor, eb.ref("threads.space_id")))
          .executeTakeFirst()
      : undefined,
    ctx.db
      .selectFrom("event_materials")
      .innerJoin("documents", "documents.id", "event_materials.document_id")
      .select(["documents.id", "documents.title"])
      .where("event_materials.event_id", "=", eventId)
      .where("documents.deleted_at", "is", null)
      .where(documentVisibleTo(ctx.actor))
      .orderBy("documents.title")
      .execute(),
    ctx.db
      .selectFrom("event_registrations")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("event_id", "=", eventId)
      .where("status", "=", "waitlisted")
      .executeTakeFirstOrThrow(),
    myRegistration(ctx, eventId),
    canManage
      ? ctx.db
          .selectFrom("event_registrations")
          .innerJoin("users", "users.id", "event_registrations.user_id")
          .select(["users.handle", "users.display_name", "event_registrations.status", "event_registrations.created_at"])
          .where("event_registrations.event_id", "=", eventId)
          .where("event_registrations.status", "in", ["registered", "waitlisted"])
          .orderBy(sql`event_registrations.status = 'waitlisted'`)
          .orderBy("event_registrations.created_at")
          .orderBy("event_registrations.user_id")
          .limit(2000)
          .execute()
      : Promise.resolve(null),
  ]);
  const showLink = canManage || registration.status === "registered";
  return {
    ...summary,
    descriptionHtml: event.description_html,
    onlineUrl: showLink ? event.online_url : null,
    speakers: event.speakers,
    organiser: organiser ? { handle: organiser.handle, displayName: organiser.display_name } : null,
    recordingUrl: event.recording_url,
    followUpThread: thread ? { id: thread.id, title: thread.title } : null,
    materials,
    waitlistedCount: Number(waitlisted.n),
    myPosition: registration.position,
    eventZoneWhen: formatEventTime(event.starts_at, event.ends_at, event.time_zone, ctx.locale),
    started: new Date(event.starts_at) <= now,
    ended: new Date(event.ends_at) <= now,
    can: {
      register: ctx.actor !== null && ctx.guardian.canRegisterForEvent(eventFacts(event), space) && new Date(event.ends_at) > now,
      manage: canManage,
    },
    registrations: registrations
      ? registrations.map((r) => ({
          handle: r.handle,
          displayName: r.display_name,
          status: r.status as "registered" | "waitlisted",
          since: new Date(r.created_at).toISOString(),
        }))
      : null,
  };
}

/** An event's fields as the edit form shows them (times as wall-clock times in the event's zone). */
export async function getEditableEvent(ctx: ServiceContext, rawId: unknown) {
  const { event } = await loadManageableEvent(ctx, eventIdFrom(rawId));
  return {
    id: event.id,
    kind: event.kind,
    title: event.title,
    description: event.description,
    languages: event.languages,
    startsAt: toLocalInput(event.starts_at, event.time_zone),
    endsAt: toLocalInput(event.ends_at, event.time_zone),
    timeZone: event.time_zone,
    onlineUrl: event.online_url ?? "",
    place: event.place,
    capacity: event.capacity === null ? "" : String(event.capacity),
    speakers: event.speakers,
    cancelled: event.cancelled_at !== null,
  };
}

// ---- Organising ----

/** The topics and groups the actor may create events in. */
export async function listEventPlaces(ctx: ServiceContext): Promise<EventPlacesDto> {
  const actor = ctx.actor;
  if (!actor || !ctx.guardian.canPost()) return { topics: [], groups: [] };
  const topicRows = ctx.guardian.isStaff()
    ? await ctx.db.selectFrom("topics").innerJoin("spaces", "spaces.id", "topics.space_id").select(["topics.id", "topics.name", "spaces.kind", "spaces.visibility"]).where("topics.archived_at", "is", null).orderBy("topics.position").orderBy("topics.id").execute()
    : [];
  const groupRows = await ctx.db
    .selectFrom("groups")
    .innerJoin("spaces", "spaces.id", "groups.space_id")
    .leftJoin("space_members", (join) => join.onRef("space_members.space_id", "=", "groups.space_id").on("space_members.user_id", "=", actor.id))
    .select(["groups.id", "groups.name", "spaces.kind", "spaces.visibility", "space_members.role"])
    .where("groups.archived_at", "is", null)
    .where((eb) => spaceVisibleTo(actor, eb.ref("groups.space_id")))
    .orderBy("groups.id")
    .limit(500)
    .execute();
  const facts = (row: { kind: SpaceFacts["kind"]; visibility: SpaceFacts["visibility"] }, role: SpaceFacts["actorRole"]): SpaceFacts => ({ kind: row.kind, visibility: row.visibility, actorRole: role });
  return {
    topics: topicRows.filter((row) => ctx.guardian.canCreateEvent(facts(row, null))).map((row) => ({ id: row.id, name: pickLocalized(row.name, ctx.locale) })),
    groups: groupRows
      .filter((row) => ctx.guardian.canCreateEvent(facts(row, row.role ?? null)))
      .map((row) => ({ id: row.id, name: pickLocalized(row.name, ctx.locale), private: row.visibility === "private" })),
  };
}

async function renderDescription(ctx: ServiceContext, description: string): Promise<string> {
  return description.trim() ? (await preparePostContent(ctx.db, description)).html : "";
}

/** Creates an event in a topic or a group; in a public space, other platforms subscribed by webhook hear of it. */
export async function createEvent(ctx: ServiceContext, raw: unknown): Promise<{ id: number }> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(createEventSchema, raw);
  let place: { spaceId: number; topicId: number; groupId: number | null };
  if (input.groupId) {
    const group = await ctx.db.selectFrom("groups").select(["id", "space_id", "topic_id", "archived_at"]).where("id", "=", input.groupId).executeTakeFirst();
    if (!group || group.archived_at) throw new AppError("NOT_FOUND", "errors.not_found");
    place = { spaceId: group.space_id, topicId: group.topic_id, groupId: group.id };
  } else {
    const topic = await ctx.db.selectFrom("topics").select(["id", "space_id", "archived_at"]).where("id", "=", input.topicId!).executeTakeFirst();
    if (!topic || topic.archived_at) throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { where: "validation.topic_unknown" } });
    place = { spaceId: topic.space_id, topicId: topic.id, groupId: null };
  }
  const space = await loadSpaceFacts(ctx.db, place.spaceId, actor);
  ctx.guardian.ensure(ctx.guardian.canViewSpace(space));
  if (!ctx.guardian.canCreateEvent(space)) throw new AppError("FORBIDDEN", "event.cannot_create");
  const now = ctx.deps.now();
  if (input.startsAt <= now) throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { startsAt: "event.starts_in_past" } });
  const html = await renderDescription(ctx, input.description);
  const created = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("events")
      .values({
        space_id: place.spaceId,
        topic_id: place.topicId,
        group_id: place.groupId,
        kind: input.kind,
        title: input.title,
        description: input.description,
        description_html: html,
        languages: input.languages,
        starts_at: input.startsAt,
        ends_at: input.endsAt,
        time_zone: input.timeZone,
        online_url: input.onlineUrl ?? null,
        place: input.place,
        capacity: input.capacity ?? null,
        organiser_id: actor.id,
        speakers: input.speakers,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (space.visibility === "public") {
      const topic = await trx.selectFrom("topics").select("slug").where("id", "=", place.topicId).executeTakeFirstOrThrow();
      await enqueueWebhookEvent(
        trx,
        "event:created",
        {
          id: row.id,
          kind: input.kind,
          title: input.title,
          languages: input.languages,
          startsAt: input.startsAt.toISOString(),
          endsAt: input.endsAt.toISOString(),
          timeZone: input.timeZone,
          online: Boolean(input.onlineUrl),
          place: input.place,
          topic: topic.slug,
          url: `${ctx.deps.config.publicUrl}/events/${row.id}`,
        },
        now,
      );
    }
    return row;
  });
  ctx.deps.webhooks?.kick();
  ctx.logger.info({ eventId: created.id }, "event created");
  return { id: created.id };
}

/** Changes an event's details. A later start sends the reminders again; a larger capacity lets the waiting list in. */
export async function updateEvent(ctx: ServiceContext, raw: unknown): Promise<void> {
  const input = parseInput(updateEventSchema, raw);
  const { event } = await loadManageableEvent(ctx, input.eventId);
  const html = await renderDescription(ctx, input.description);
  const now = ctx.deps.now();
  const after = afterCommit(ctx.deps);
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom("events").selectAll().where("id", "=", event.id).forUpdate().executeTakeFirstOrThrow();
    const updated = await trx
      .updateTable("events")
      .set({
        kind: input.kind,
        title: input.title,
        description: input.description,
        description_html: html,
        languages: input.languages,
        starts_at: input.startsAt,
        ends_at: input.endsAt,
        time_zone: input.timeZone,
        online_url: input.onlineUrl ?? null,
        place: input.place,
        capacity: input.capacity ?? null,
        speakers: input.speakers,
        updated_at: now,
      })
      .where("id", "=", event.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (new Date(locked.starts_at).getTime() !== input.startsAt.getTime()) {
      await trx.deleteFrom("event_reminders").where("event_id", "=", event.id).execute();
    }
    const grew = updated.capacity === null ? locked.capacity !== null : locked.capacity !== null && updated.capacity > locked.capacity;
    if (grew) await promoteFromWaitlist(trx, ctx, after, updated);
  });
  await after.flush();
}

/**
 * Cancels an event: it stays visible, marked cancelled; registration closes and no reminder goes out. The
 * members registered or waiting for an event still to come hear of it (a notification, and an email at once
 * unless they turned email off), each cleared by their own guardian.
 */
export async function cancelEvent(ctx: ServiceContext, raw: unknown): Promise<void> {
  const { eventId } = parseInput(eventIdSchema, raw);
  const { event } = await loadManageableEvent(ctx, eventId);
  if (event.cancelled_at) return;
  const actor = ctx.guardian.ensureSignedIn();
  const now = ctx.deps.now();
  const space = await ctx.db.selectFrom("spaces").select(["kind", "visibility"]).where("id", "=", event.space_id).executeTakeFirstOrThrow();
  const place = { id: event.id, space_id: event.space_id, space_kind: space.kind, space_visibility: space.visibility };
  const audience =
    new Date(event.ends_at) > now ? (await registrantsWhoMaySee(ctx.db, place, ["registered", "waitlisted"], now)).filter((user) => user.id !== actor.id) : [];
  // Signing keys are read outside the transaction (on PGlite a second connection would wait for it).
  if (audience.some(wantsEventEmail)) await unsubscribeToken(ctx.db, audience[0]!.id);
  const after = afterCommit(ctx.deps);
  await ctx.db.transaction().execute(async (trx) => {
    const cancelled = await trx
      .updateTable("events")
      .set({ cancelled_at: now, updated_at: now })
      .where("id", "=", event.id)
      .where("cancelled_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    // Cancelled in parallel by another organiser: that cancellation told everyone.
    if (!cancelled) return;
    for (const user of audience) {
      await createNotification(trx, ctx, after, toRecipient(user), { kind: "event_cancelled", actorId: actor.id, eventId: event.id });
      if (wantsEventEmail(user)) {
        await ctx.deps.mail.enqueue(trx, user.email, await renderEventEmail(ctx.deps, trx, "cancelled", user, event));
        after.mail();
      }
    }
  });
  await after.flush();
}

/** Sets (or clears) the recording's link. */
export async function setRecording(ctx: ServiceContext, raw: unknown): Promise<void> {
  const input = parseInput(recordingSchema, raw);
  const { event } = await loadManageableEvent(ctx, input.eventId);
  await ctx.db.updateTable("events").set({ recording_url: input.recordingUrl ?? null, updated_at: ctx.deps.now() }).where("id", "=", event.id).execute();
}

/** Attaches a document from the bank the organiser may see; each reader sees only the materials they may see. */
export async function attachMaterial(ctx: ServiceContext, raw: unknown): Promise<void> {
  const input = parseInput(materialSchema, raw);
  const { event } = await loadManageableEvent(ctx, input.eventId);
  const document = await ctx.db
    .selectFrom("documents")
    .select("documents.id")
    .where("documents.id", "=", input.documentId)
    .where("documents.deleted_at", "is", null)
    .where(documentVisibleTo(ctx.actor))
    .executeTakeFirst();
  if (!document) throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { documentId: "event.document_unknown" } });
  await ctx.db
    .insertInto("event_materials")
    .values({ event_id: event.id, document_id: document.id })
    .onConflict((oc) => oc.columns(["event_id", "document_id"]).doNothing())
    .execute();
}

export async function detachMaterial(ctx: ServiceContext, raw: unknown): Promise<void> {
  const input = parseInput(materialSchema, raw);
  const { event } = await loadManageableEvent(ctx, input.eventId);
  await ctx.db.deleteFrom("event_materials").where("event_id", "=", event.id).where("document_id", "=", input.documentId).execute();
}

/** Documents an organiser may attach: visible to them, in the event's topic or space, newest first. */
export async function listAttachableDocuments(ctx: ServiceContext, rawId: unknown): Promise<{ id: number; title: string }[]> {
  const { event } = await loadManageableEvent(ctx, eventIdFrom(rawId));
  return ctx.db
    .selectFrom("documents")
    .select(["documents.id", "documents.title"])
    .where("documents.deleted_at", "is", null)
    .where((eb) => eb.or([eb("documents.topic_id", "=", event.topic_id), eb("documents.space_id", "=", event.space_id)]))
    .where(documentVisibleTo(ctx.actor))
    .where((eb) => eb.not(eb.exists(eb.selectFrom("event_materials").select("event_materials.document_id").whereRef("event_materials.document_id", "=", "documents.id").where("event_materials.event_id", "=", event.id))))
    .orderBy("documents.created_at", "desc")
    .orderBy("documents.id", "desc")
    .limit(50)
    .execute();
}

function followUpBody(ctx: ServiceContext, event: EventRow, materials: { id: number; title: string }[]): string {
  const t = createTranslator(ctx.locale);
  const link = (text: string, url: string) => `[${text.replace(/[[\]\\]/g, "\\$&")}](${url})`;
  const lines = [t("event.follow_up_intro", { title: event.title }), "", `- ${link(t("event.follow_up_event_link"), `/events/${event.id}`)}`];
  if (event.recording_url) lines.push(`- ${link(t("event.recording"), event.recording_url)}`);
  for (const material of materials) lines.push(`- ${link(material.title, `/documents/${material.id}`)}`);
  lines.push("", t("event.follow_up_question"));
  return lines.join("\n");
}

/**
 * Opens the follow-up discussion: a thread in the event's group (working group) or topic, written by the
 * organiser through the forum's own service, and linked from the event. Opening it twice gives the same thread.
 */
export async function openFollowUpThread(ctx: ServiceContext, raw: unknown): Promise<{ threadId: number }> {
  const input = parseInput(followUpSchema, raw);
  const { event } = await loadManageableEvent(ctx, input.eventId);
  if (event.follow_up_thread_id) return { threadId: event.follow_up_thread_id };
  const group = event.group_id ? await ctx.db.selectFrom("groups").select(["id", "kind"]).where("id", "=", event.group_id).executeTakeFirst() : undefined;
  const materials = await ctx.db
    .selectFrom("event_materials")
    .innerJoin("documents", "documents.id", "event_materials.document_id")
    .select(["documents.id", "documents.title"])
    .where("event_materials.event_id", "=", event.id)
    .where("documents.deleted_at", "is", null)
    .where(documentVisibleTo(ctx.actor))
    .execute();
  const t = createTranslator(ctx.locale);
  const prefix = t("event.follow_up_title", { title: "" });
  const title = input.title ?? t("event.follow_up_title", { title: event.title.slice(0, TITLE_MAX - prefix.length) });
  // A working group's event is discussed in the group; any other in its topic (a discussion, not a question to experts).
  const place = group?.kind === "working_group" ? { groupId: group.id } : { topicId: event.topic_id };
  const { threadId } = await createThread(ctx, {
    ...place,
    kind: "discussion",
    title,
    body: input.body ?? followUpBody(ctx, event, materials),
    language: (event.languages[0] as "es" | "pt" | "en" | undefined) ?? ctx.locale,
  });
  const linked = await ctx.db
    .updateTable("events")
    .set({ follow_up_thread_id: threadId, updated_at: ctx.deps.now() })
    .where("id", "=", event.id)
    .where("follow_up_thread_id", "is", null)
    .returning("follow_up_thread_id")
    .executeTakeFirst();
  if (!linked) {
    const current = await ctx.db.selectFrom("events").select("follow_up_thread_id").where("id", "=", event.id).executeTakeFirstOrThrow();
    return { threadId: current.follow_up_thread_id ?? threadId };
  }
  return { threadId };
}

/** Upcoming events in a topic the actor may see, for the topic's page. */
export function upcomingInTopic(ctx: ServiceContext, topicSlug: string, limit = 5): Promise<EventSummaryDto[]> {
  return upcoming(ctx, { topicSlug }, limit);
}

/** Upcoming events of a group the actor may see, for the group's page. */
export function upcomingInGroup(ctx: ServiceContext, groupSlug: string, limit = 5): Promise<EventSummaryDto[]> {
  return upcoming(ctx, { groupSlug }, limit);
}

async function upcoming(ctx: ServiceContext, place: { topicSlug?: string; groupSlug?: string }, limit: number): Promise<EventSummaryDto[]> {
  const zone = await viewerTimeZone(ctx);
  let query = eventSummaries(ctx.db, ctx.actor);
  if (place.topicSlug !== undefined) query = query.where("topics.slug", "=", place.topicSlug);
  if (place.groupSlug !== undefined) query = query.where("groups.slug", "=", place.groupSlug);
  const rows = await query
    .where("events.ends_at", ">=", ctx.deps.now())
    .where("events.cancelled_at", "is", null)
    .orderBy("events.starts_at")
    .orderBy("events.id")
    .limit(Math.min(limit, 20))
    .execute();
  return rows.map((row) => toEventSummary(row, ctx.locale, zone));
}
