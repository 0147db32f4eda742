// iCalendar: one event's .ics, a topic's public feed and each member's personal feed. Calendar apps send no
// cookies, so a member's feed is reached through a link signed with a key every instance shares (like the
// unsubscribe link); the feed lists what they registered for, and only what they may still see.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import ical, { ICalCalendarMethod, ICalEventStatus, type ICalDateTimeValue } from "ical-generator";
import type { DB } from "../../../db/connection";
import { eventVisibleTo } from "../../../db/queries/visibility.queries";
import { AppError } from "../../../shared/errors";
import { wallClock, zoneOffsetMinutes } from "../../../shared/event-time";
import { createTranslator, defaultLocale, isLocale, pickLocalized, type Locale } from "../../../shared/i18n";
import type { Deps, ServiceContext } from "../../context";
import { markdownToPlainText } from "../content/markdown";
import { actorFromUser } from "../sessions/session.service";
import { eventFacts, eventIdFrom, loadVisibleEvent, type EventRow } from "./event-access";

/** How far back feeds reach: calendar apps keep what they already have. */
const FEED_PAST_DAYS = 180;
const FEED_LIMIT = 500;

type IcsEvent = Pick<EventRow, "id" | "kind" | "title" | "description" | "starts_at" | "ends_at" | "time_zone" | "online_url" | "place" | "cancelled_at" | "created_at" | "updated_at"> & {
  waitlisted?: boolean;
};

const pad = (value: number, width = 2) => String(Math.abs(value)).padStart(width, "0");

/**
 * An instant ical-generator writes as a wall-clock time in the event's zone (with TZID). Its native-Date path
 * would use the server process's own zone, so we hand it the small Luxon-like shape it also accepts.
 */
function zonedInstant(instant: Date): ICalDateTimeValue {
  return {
    isValid: true,
    zone: { type: "iana" },
    toJSDate: () => instant,
    setZone(zone: string) {
      const clock = wallClock(instant, zone);
      return {
        toFormat: (format: string) =>
          format === "yyyyLLdd" ? `${pad(clock.year, 4)}${pad(clock.month)}${pad(clock.day)}` : `${pad(clock.hour)}${pad(clock.minute)}${pad(clock.second)}`,
      };
    },
  } as unknown as ICalDateTimeValue;
}

const offsetText = (minutes: number) => `${minutes < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(minutes) / 60))}${pad(Math.abs(minutes) % 60)}`;
const localStamp = (instant: Date, offsetMinutes: number) => {
  const shifted = new Date(instant.getTime() + offsetMinutes * 60_000);
  return `${pad(shifted.getUTCFullYear(), 4)}${pad(shifted.getUTCMonth() + 1)}${pad(shifted.getUTCDate())}T${pad(shifted.getUTCHours())}${pad(shifted.getUTCMinutes())}${pad(shifted.getUTCSeconds())}`;
};

/**
 * A VTIMEZONE for a zone over a span of time (RFC 5545 asks for one per TZID), built from Intl alone: the offset
 * in force at the start, then each change of offset inside the span, found day by day and narrowed to the minute.
 */
export function vtimezone(zone: string, from: Date, to: Date): string {
  const transitions: { at: Date; before: number; after: number }[] = [];
  const day = 86_400_000;
  let previousTime = from.getTime();
  let previousOffset = zoneOffsetMinutes(from, zone);
  const initial = previousOffset;
  for (let time = previousTime + day; time <= to.getTime() + day; time += day) {
    const offset = zoneOffsetMinutes(new Date(time), zone);
    if (offset !== previousOffset) {
      let low = previousTime;
      let high = time;
      while (high - low > 60_000) {
        const middle = low + Math.floor((high - low) / 120_000) * 60_000;
        if (zoneOffsetMinutes(new Date(middle), zone) === previousOffset) low = middle;
        else high = middle;
      }
      transitions.push({ at: new Date(high), before: previousOffset, after: offset });
    }
    previousTime = time;
    previousOffset = offset;
  }
  const lines = ["BEGIN:VTIMEZONE", `TZID:${zone}`, `X-LIC-LOCATION:${zone}`];
  const firstIsSummer = transitions[0] ? transitions[0].after < transitions[0].before : false;
  const observance = (kind: "STANDARD" | "DAYLIGHT", start: string, before: number, after: number) => [
    `BEGIN:${kind}`,
    `DTSTART:${start}`,
    `TZOFFSETFROM:${offsetText(before)}`,
    `TZOFFSETTO:${offsetText(after)}`,
    `TZNAME:${offsetText(after).replace(/00$/, "")}`,
    `END:${kind}`,
  ];
  lines.push(...observance(firstIsSummer ? "DAYLIGHT" : "STANDARD", "19700101T000000", initial, initial));
  for (const transition of transitions) {
    lines.push(...observance(transition.after > transition.before ? "DAYLIGHT" : "STANDARD", localStamp(transition.at, transition.before), transition.before, transition.after));
  }
  lines.push("END:VTIMEZONE");
  return lines.join("\r\n");
}

function hostOf(deps: Deps): string {
  return new URL(deps.config.publicUrl).hostname;
}

/** Writes events as an iCalendar document. Online links go only into calendars of people registered for them. */
export function buildCalendar(deps: Deps, input: { name: string; locale: Locale; events: IcsEvent[]; includeOnlineLinks: boolean; refreshHours?: number }): string {
  const t = createTranslator(input.locale);
  const base = deps.config.publicUrl;
  const host = hostOf(deps);
  const times = input.events.flatMap((event) => [new Date(event.starts_at).getTime(), new Date(event.ends_at).getTime()]);
  const from = new Date(Math.min(...times, deps.now().getTime()) - 366 * 86_400_000);
  const to = new Date(Math.max(...times, deps.now().getTime()) + 366 * 86_400_000);
  const calendar = ical({
    name: input.name,
    prodId: { company: "Enlace", product: "Events", language: input.locale.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    timezone: { name: null, generator: (zone: string) => vtimezone(zone, from, to) },
    ttl: input.refreshHours ? input.refreshHours * 3600 : null,
  });
  for (const event of input.events) {
    const url = `${base}/events/${event.id}`;
    const online = event.online_url && input.includeOnlineLinks ? event.online_url : null;
    const description = [
      markdownToPlainText(event.description, 4000),
      online ? `${t("event.online_link")}: ${online}` : event.online_url ? t("event.online_after_registration") : "",
      url,
    ]
      .filter(Boolean)
      .join("\n\n");
    calendar.createEvent({
      id: `event-${event.id}@${host}`,
      start: zonedInstant(new Date(event.starts_at)),
      end: zonedInstant(new Date(event.ends_at)),
      timezone: event.time_zone,
      stamp: deps.now(),
      created: new Date(event.created_at),
      lastModified: new Date(event.updated_at),
      summary: event.title,
      description,
      location: event.place || online || (event.online_url ? t("event.online") : null),
      url,
      status: event.cancelled_at ? ICalEventStatus.CANCELLED : event.waitlisted ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
      categories: [{ name: t(`event.kind_${event.kind}`) }],
    });
  }
  return calendar.toString();
}

const icsColumns = [
  "events.id",
  "events.kind",
  "events.title",
  "events.description",
  "events.starts_at",
  "events.ends_at",
  "events.time_zone",
  "events.online_url",
  "events.place",
  "events.cancelled_at",
  "events.created_at",
  "events.updated_at",
] as const;

/** One event's .ics for whoever asks (the guardian decides: a private group's event is NOT_FOUND to others). */
export async function eventIcs(ctx: ServiceContext, rawId: unknown): Promise<{ filename: string; body: string }> {
  const { event, space } = await loadVisibleEvent(ctx, eventIdFrom(rawId));
  let registered = false;
  if (ctx.actor) {
    const row = await ctx.db.selectFrom("event_registrations").select("status").where("event_id", "=", event.id).where("user_id", "=", ctx.actor.id).executeTakeFirst();
    registered = row?.status === "registered";
  }
  const includeOnlineLinks = registered || (ctx.actor !== null && ctx.guardian.canManageEvent(eventFacts(event), space));
  return {
    filename: `event-${event.id}.ics`,
    body: buildCalendar(ctx.deps, { name: event.title, locale: ctx.locale, events: [event], includeOnlineLinks }),
  };
}

/** A topic's public events (never a private group's), upcoming and of the last months, as a feed. */
export async function topicFeed(ctx: ServiceContext, slug: string): Promise<string> {
  const topic = await ctx.db.selectFrom("topics").select(["id", "name", "archived_at"]).where("slug", "=", String(slug).toLowerCase()).executeTakeFirst();
  if (!topic || topic.archived_at) throw new AppError("NOT_FOUND", "errors.not_found");
  const since = new Date(ctx.deps.now().getTime() - FEED_PAST_DAYS * 86_400_000);
  const events = await ctx.db
    .selectFrom("events")
    .select([...icsColumns])
    .where("events.topic_id", "=", topic.id)
    .where("events.ends_at", ">=", since)
    .where(eventVisibleTo(null))
    .orderBy("events.starts_at")
    .orderBy("events.id")
    .limit(FEED_LIMIT)
    .execute();
  const t = createTranslator(ctx.locale);
  return buildCalendar(ctx.deps, {
    name: t("event.feed_topic_name", { topic: pickLocalized(topic.name, ctx.locale) }),
    locale: ctx.locale,
    events,
    includeOnlineLinks: false,
    refreshHours: 6,
  });
}

// ---- The member's feed: a signed link ----

const SECRET_NAME = "calendar_feed";

async function feedKey(db: DB): Promise<Buffer> {
  await db
    .insertInto("app_secrets")
    .values({ name: SECRET_NAME, value: randomBytes(32).toString("base64url") })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const row = await db.selectFrom("app_secrets").select("value").where("name", "=", SECRET_NAME).executeTakeFirstOrThrow();
  return Buffer.from(row.value, "base64url");
}

const signFeed = (key: Buffer, userId: number) => createHmac("sha256", key).update(`calendar:${userId}`).digest("base64url");

export async function calendarFeedToken(db: DB, userId: number): Promise<string> {
  return `${userId}.${signFeed(await feedKey(db), userId)}`;
}

export async function calendarFeedUrl(deps: Deps, userId: number): Promise<string> {
  return `${deps.config.publicUrl}/calendar/${await calendarFeedToken(deps.db, userId)}.ics`;
}

/** The member a feed token stands for, or null when we did not sign it (compared as text, in constant time). */
export async function verifyCalendarFeedToken(db: DB, token: string): Promise<number | null> {
  const match = /^([1-9]\d{0,9})\.([\w-]{43})$/.exec(token);
  if (!match) return null;
  const userId = Number(match[1]);
  if (userId > 2_147_483_647) return null;
  const expected = Buffer.from(signFeed(await feedKey(db), userId));
  const given = Buffer.from(match[2]!);
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
}

/**
 * A member's feed: the events they registered for (or wait for), as they may see them now: leaving a group
 * takes its events out of the feed. A token we did not sign, or a member who cannot sign in, is NOT_FOUND.
 */
export async function memberFeed(ctx: ServiceContext, token: string): Promise<string> {
  const userId = await verifyCalendarFeedToken(ctx.db, token);
  if (userId === null) throw new AppError("NOT_FOUND", "errors.not_found");
  const user = await ctx.db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
  const now = ctx.deps.now();
  if (!user) throw new AppError("NOT_FOUND", "errors.not_found");
  const actor = actorFromUser(user, now);
  if (actor.suspended) throw new AppError("NOT_FOUND", "errors.not_found");
  const since = new Date(now.getTime() - FEED_PAST_DAYS * 86_400_000);
  const rows = await ctx.db
    .selectFrom("events")
    .innerJoin("event_registrations as r", "r.event_id", "events.id")
    .select([...icsColumns, "r.status as registration"])
    .where("r.user_id", "=", user.id)
    .where("r.status", "in", ["registered", "waitlisted"])
    .where("events.ends_at", ">=", since)
    .where(eventVisibleTo(actor))
    .orderBy("events.starts_at")
    .orderBy("events.id")
    .limit(FEED_LIMIT)
    .execute();
  const locale: Locale = isLocale(user.locale) ? user.locale : defaultLocale;
  const t = createTranslator(locale);
  return buildCalendar(ctx.deps, {
    name: t("event.feed_member_name", { name: user.display_name }),
    locale,
    // Online links only for a confirmed place.
    events: rows.map((row) => ({ ...row, waitlisted: row.registration === "waitlisted", online_url: row.registration === "registered" ? row.online_url : null })),
    includeOnlineLinks: true,
    refreshHours: 1,
  });
}
