// Events: organisers only create them; registration fills the capacity and then a waiting list (never more
// than the capacity, even with registrations arriving together); a private group's events are a 404 to
// everyone else, feeds included; times read in the event's zone and shown in the viewer's; .ics files parse
// back; reminders a day and an hour before go out once, through notifications and the outbox.
import ical, { type VEvent } from "node-ical";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import type { UserRow } from "../../db/schema";
import { services } from "../../server/domain";
import { calendarFeedToken, verifyCalendarFeedToken } from "../../server/domain/events/event-calendar";
import { sendEventReminders } from "../../server/domain/events/event-reminders";
import { formatEventTime, zonedTimeToUtc } from "../../shared/event-time";
import { createTopic, createUser } from "../factories";
import { createEvent } from "../factories/events";
import { as } from "../factories/forum";
import { createTestDatabase } from "../setup/test-database";
import { createTestDeps, withSentBodies, type TestDeps } from "../setup/test-deps";
import { createBrowser, startTestServer, type TestServer } from "../setup/test-server";

const { events, groups } = services;
const HOUR = 60 * 60 * 1000;
let handle: DatabaseHandle & { url?: string };
let server: TestServer;
let deps: TestDeps;
let staff: UserRow;
let topic: { id: number; slug: string; space_id: number };
/** A private working group with `insider` as a member; `outsider` is not one. */
let group: { id: number; slug: string };
let insider: UserRow;
let outsider: UserRow;
let privateEventId: number;

async function expectCode(promise: Promise<unknown>, code: string) {
  await expect(promise).rejects.toMatchObject({ code });
}

async function signIn(user: UserRow) {
  const browser = createBrowser(server);
  const response = await browser.post("/sign-in", { email: user.email, password: "movilidad-sostenible-2030", redirectTo: "/" });
  expect(response.status).toBe(302);
  return browser;
}

function vevents(body: string): VEvent[] {
  return Object.values(ical.sync.parseICS(body)).filter((item): item is VEvent => item?.type === "VEVENT");
}

beforeAll(async () => {
  handle = await createTestDatabase();
  server = await startTestServer(handle);
  deps = server.deps;
  staff = await createUser(deps.db, { site_role: "moderator" });
  topic = await createTopic(deps.db, { slug: "eventos-electromovilidad" });
  insider = await createUser(deps.db);
  outsider = await createUser(deps.db);
  group = await groups.createGroup(as(deps, staff), {
    topicId: topic.id,
    kind: "working_group",
    slug: "grupo-eventos-privado",
    nameEs: "Grupo privado",
    namePt: "Grupo privado",
    nameEn: "Private group",
    joinPolicy: "invite",
  });
  const space = await deps.db.selectFrom("groups").select("space_id").where("id", "=", group.id).executeTakeFirstOrThrow();
  await deps.db.insertInto("space_members").values({ space_id: space.space_id, user_id: insider.id, role: "member" }).execute();
  privateEventId = (await createEvent(deps, { organiser: staff, groupId: group.id, title: "Taller privado CANARIO-EVENTO-4411" })).id;
});

afterAll(async () => {
  await server?.close();
  await handle?.close();
});

describe("creating events", () => {
  it("reads wall-clock times in the event's zone, is for organisers only, and tells webhooks about public events", async () => {
    await deps.db.insertInto("webhooks").values({ url: "https://hooks.example.org/enlace", secret: "s", events: ["event:created"] }).execute();
    const deliveries = async () => Number((await deps.db.selectFrom("webhook_deliveries").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    const before = await deliveries();
    const nextYear = new Date(deps.now()).getUTCFullYear() + 1;
    const { id } = await events.create(as(deps, staff), {
      topicId: topic.id,
      kind: "workshop",
      title: "Taller de planificación en São Paulo",
      languages: ["pt", "es"],
      startsAt: `${nextYear}-03-10T15:00`,
      endsAt: `${nextYear}-03-10T17:30`,
      timeZone: "America/Sao_Paulo",
      place: "Av. Paulista 1000, São Paulo",
      capacity: "30",
    });
    const row = await deps.db.selectFrom("events").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.starts_at.toISOString()).toBe(`${nextYear}-03-10T18:00:00.000Z`);
    expect(row.ends_at.toISOString()).toBe(`${nextYear}-03-10T20:30:00.000Z`);
    expect(row.capacity).toBe(30);
    expect(await deliveries()).toBe(before + 1);
    const delivery = await deps.db.selectFrom("webhook_deliveries").select("payload").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(delivery.payload).toMatchObject({ event: "event:created", data: { id, title: "Taller de planificación en São Paulo", topic: topic.slug } });

    // A private group's new event is nobody else's business.
    await createEvent(deps, { organiser: staff, groupId: group.id });
    expect(await deliveries()).toBe(before + 1);

    // A member who organises nothing may not create one; an unknown zone or a backwards end is refused.
    await expectCode(events.create(as(deps, insider), { topicId: topic.id, kind: "webinar", title: "Webinario sin permiso", languages: ["es"], startsAt: `${nextYear}-01-01T10:00`, endsAt: `${nextYear}-01-01T11:00`, timeZone: "UTC", place: "x" }), "FORBIDDEN");
    await expect(
      events.create(as(deps, staff), { topicId: topic.id, kind: "webinar", title: "Webinario con errores", languages: [], startsAt: `${nextYear}-01-01T10:00`, endsAt: `${nextYear}-01-01T09:00`, timeZone: "Mars/Olympus", place: "" }),
    ).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { languages: "event.languages_required", timeZone: "event.time_zone_invalid" } });
    await expect(
      events.create(as(deps, staff), { topicId: topic.id, kind: "webinar", title: "Webinario al revés", languages: ["es"], startsAt: `${nextYear}-01-01T10:00`, endsAt: `${nextYear}-01-01T09:00`, timeZone: "UTC", place: "" }),
    ).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { endsAt: "event.ends_before_start", place: "event.where_required" } });
    await expect(
      events.create(as(deps, staff), { topicId: topic.id, kind: "webinar", title: "Webinario del pasado", languages: ["es"], startsAt: "2020-01-01T10:00", endsAt: "2020-01-01T11:00", timeZone: "UTC", place: "x" }),
    ).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { startsAt: "event.starts_in_past" } });
  });

  it("a group's moderators organise in their group only; members of the group may not", async () => {
    const moderator = await createUser(deps.db);
    const space = await deps.db.selectFrom("groups").select("space_id").where("id", "=", group.id).executeTakeFirstOrThrow();
    await deps.db.insertInto("space_members").values({ space_id: space.space_id, user_id: moderator.id, role: "moderator" }).execute();
    const places = await events.places(as(deps, moderator));
    expect(places.topics).toEqual([]);
    expect(places.groups.map((g) => g.id)).toEqual([group.id]);
    expect((await events.places(as(deps, insider))).groups).toEqual([]);
    await createEvent(deps, { organiser: moderator, groupId: group.id });
    await expectCode(createEvent(deps, { organiser: moderator, topicId: topic.id }), "FORBIDDEN");
    await expectCode(createEvent(deps, { organiser: insider, groupId: group.id }), "FORBIDDEN");
  });
});

describe("registration", () => {
  it("fills the capacity, then a waiting list; a cancellation gives the place to the first waiting, who is told", async () => {
    const { id } = await createEvent(deps, { organiser: staff, topicId: topic.id, capacity: 2 });
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => createUser(deps.db)));
    // The queue is in the order people came (a second apart here: the test's clock stands still otherwise).
    const registerLater = async (user: UserRow) => {
      deps.clock.advance(1000);
      return events.register(as(deps, user), { eventId: id });
    };
    expect(await registerLater(a!)).toEqual({ status: "registered", position: null });
    expect(await registerLater(b!)).toEqual({ status: "registered", position: null });
    expect(await registerLater(c!)).toEqual({ status: "waitlisted", position: 1 });
    expect(await registerLater(d!)).toEqual({ status: "waitlisted", position: 2 });
    // Registering again changes nothing.
    expect(await events.register(as(deps, a!), { eventId: id })).toEqual({ status: "registered", position: null });
    const page = await events.get(as(deps, d!), id);
    expect(page).toMatchObject({ registeredCount: 2, waitlistedCount: 2, myStatus: "waitlisted", myPosition: 2, capacity: 2 });
    expect(page.registrations).toBeNull();
    expect((await events.get(as(deps, staff), id)).registrations?.map((r) => [r.handle, r.status])).toEqual([
      [a!.handle, "registered"],
      [b!.handle, "registered"],
      [c!.handle, "waitlisted"],
      [d!.handle, "waitlisted"],
    ]);

    await events.cancelRegistration(as(deps, a!), { eventId: id });
    expect((await events.get(as(deps, c!), id)).myStatus).toBe("registered");
    expect((await events.get(as(deps, d!), id))).toMatchObject({ myStatus: "waitlisted", myPosition: 1, registeredCount: 2 });
    const told = await deps.db.selectFrom("notifications").select(["kind", "event_id", "email_state"]).where("user_id", "=", c!.id).execute();
    expect(told).toEqual([{ kind: "event_promoted", event_id: id, email_state: "none" }]);
    const centre = await services.notifications.list(as(deps, c!), {});
    expect(centre.items[0]).toMatchObject({ kind: "event_promoted", url: `/events/${id}`, event: { id } });
    const [email] = withSentBodies(deps, [await deps.db.selectFrom("email_outbox").selectAll().where("to_address", "=", c!.email).executeTakeFirstOrThrow()]);
    expect(email.subject).toContain("Webinario de prueba");
    expect(email.text_body).toContain("https://meet.example.org/enlace");

    // Leaving the waiting list frees nothing; cancelling a place lets the next one in.
    await events.cancelRegistration(as(deps, d!), { eventId: id });
    await events.cancelRegistration(as(deps, b!), { eventId: id });
    expect((await events.get(as(deps, staff), id))).toMatchObject({ registeredCount: 1, waitlistedCount: 0 });
    // Coming back goes to the end of the queue like anyone.
    expect((await registerLater(a!)).status).toBe("registered");
    expect((await registerLater(b!)).status).toBe("waitlisted");
    // A larger capacity lets the waiting list in.
    const editable = await events.getEditable(as(deps, staff), id);
    await events.update(as(deps, staff), { ...editable, eventId: id, capacity: "3" });
    expect((await events.get(as(deps, b!), id)).myStatus).toBe("registered");
  });

  it("registrations arriving together never exceed the capacity", async () => {
    const { id } = await createEvent(deps, { organiser: staff, topicId: topic.id, capacity: 5 });
    const people = await Promise.all(Array.from({ length: 12 }, () => createUser(deps.db)));
    const results = await Promise.all(people.map((person) => events.register(as(deps, person), { eventId: id })));
    expect(results.filter((r) => r.status === "registered")).toHaveLength(5);
    expect(results.filter((r) => r.status === "waitlisted")).toHaveLength(7);
    const counts = await deps.db.selectFrom("event_registrations").select(["status"]).select((eb) => eb.fn.countAll<number>().as("n")).where("event_id", "=", id).groupBy("status").execute();
    expect(Object.fromEntries(counts.map((row) => [row.status, Number(row.n)]))).toEqual({ registered: 5, waitlisted: 7 });
    // Cancellations arriving together promote one each, still within the capacity.
    const registered = people.filter((_, index) => results[index]!.status === "registered").slice(0, 3);
    await Promise.all(registered.map((person) => events.cancelRegistration(as(deps, person), { eventId: id })));
    const after = await events.get(as(deps, staff), id);
    expect(after).toMatchObject({ registeredCount: 5, waitlistedCount: 4 });
  });

  it("a cancelled event or one that is over takes no registrations, and anonymous visitors none at all", async () => {
    const { id } = await createEvent(deps, { organiser: staff, topicId: topic.id });
    await expectCode(events.register(as(deps, null), { eventId: id }), "UNAUTHENTICATED");
    await events.cancel(as(deps, staff), { eventId: id });
    await expectCode(events.register(as(deps, insider), { eventId: id }), "FORBIDDEN");
    expect((await events.get(as(deps, insider), id)).can.register).toBe(false);
  });
});

describe("a private group's event", () => {
  it("is NOT_FOUND to non-members and anonymous visitors, in pages, lists, calendars and actions", async () => {
    for (const who of [outsider, null]) {
      await expectCode(events.get(as(deps, who), privateEventId), "NOT_FOUND");
      await expectCode(events.eventIcs(as(deps, who), privateEventId), "NOT_FOUND");
      const listed = await events.list(as(deps, who), { topic: topic.slug });
      expect(listed.events.map((e) => e.id)).not.toContain(privateEventId);
      const starts = (await deps.db.selectFrom("events").select("starts_at").where("id", "=", privateEventId).executeTakeFirstOrThrow()).starts_at;
      const month = starts.toISOString().slice(0, 7);
      const calendar = await events.calendar(as(deps, who), { month });
      expect(calendar.weeks.flat().flatMap((day) => day.events.map((e) => e.id))).not.toContain(privateEventId);
    }
    await expectCode(events.register(as(deps, outsider), { eventId: privateEventId }), "NOT_FOUND");
    await expectCode(events.cancelRegistration(as(deps, outsider), { eventId: privateEventId }), "NOT_FOUND");
    await expectCode(events.setRecording(as(deps, outsider), { eventId: privateEventId, recordingUrl: "https://x.example" }), "NOT_FOUND");
    const topicFeed = await events.topicFeed(as(deps, null), topic.slug);
    expect(topicFeed).not.toContain("CANARIO-EVENTO-4411");
    // A member sees it and registers.
    expect((await events.get(as(deps, insider), privateEventId)).private).toBe(true);
    expect((await events.register(as(deps, insider), { eventId: privateEventId })).status).toBe("registered");
    const listed = await events.list(as(deps, insider), { topic: topic.slug });
    expect(listed.events.map((e) => e.id)).toContain(privateEventId);
  });

  it("answers 404 over HTTP to outsiders (page, .ics, feeds), and leaves a member's feed when they leave the group", async () => {
    const anonymous = createBrowser(server);
    for (const path of [`/events/${privateEventId}`, `/events/${privateEventId}.ics`, `/events/${privateEventId}/edit`]) {
      expect((await anonymous.get(path)).status, path).not.toBe(200);
    }
    expect((await anonymous.get(`/events/${privateEventId}.ics`)).status).toBe(404);
    const stranger = await signIn(outsider);
    for (const path of [`/events/${privateEventId}`, `/events/${privateEventId}.ics`, `/events/${privateEventId}/edit`]) {
      expect((await stranger.get(path)).status, path).toBe(404);
    }
    const topicFeed = await anonymous.get(`/topics/${topic.slug}/events.ics`);
    expect(topicFeed.status).toBe(200);
    expect(topicFeed.headers.get("content-type")).toContain("text/calendar");
    expect(await topicFeed.text()).not.toContain("CANARIO-EVENTO-4411");
    const list = await stranger.get(`/events?topic=${topic.slug}`);
    expect(list.status).toBe(200);
    expect(await list.text()).not.toContain("CANARIO-EVENTO-4411");

    // The member's own feed holds it while they belong to the group…
    const member = await signIn(insider);
    expect((await member.get(`/events/${privateEventId}`)).status).toBe(200);
    const token = await calendarFeedToken(deps.db, insider.id);
    const feed = await anonymous.get(`/calendar/${token}.ics`);
    expect(feed.status).toBe(200);
    expect(vevents(await feed.text()).map((e) => e.summary)).toContain("Taller privado CANARIO-EVENTO-4411");
    // …and drops it once they leave.
    const space = await deps.db.selectFrom("groups").select("space_id").where("id", "=", group.id).executeTakeFirstOrThrow();
    await deps.db.deleteFrom("space_members").where("space_id", "=", space.space_id).where("user_id", "=", insider.id).execute();
    const after = await anonymous.get(`/calendar/${token}.ics`);
    expect(after.status).toBe(200);
    expect(await after.text()).not.toContain("CANARIO-EVENTO-4411");
    await deps.db.insertInto("space_members").values({ space_id: space.space_id, user_id: insider.id, role: "member" }).execute();
  });
});

describe("time zones", () => {
  it("shows an event in the viewer's zone: the member's chosen zone, else the event's own", async () => {
    // 10 March 2027, 15:00 in São Paulo (UTC-3) is 18:00 UTC and 19:00 in Madrid (UTC+1, before summer time).
    const start = zonedTimeToUtc("2027-03-10T15:00", "America/Sao_Paulo")!;
    expect(start.toISOString()).toBe("2027-03-10T18:00:00.000Z");
    const end = new Date(start.getTime() + 90 * 60_000);
    const inSaoPaulo = formatEventTime(start, end, "America/Sao_Paulo", "es");
    expect(inSaoPaulo.range).toContain("15:00");
    expect(inSaoPaulo.range).toContain("16:30");
    expect(inSaoPaulo.range).toContain("10 de marzo de 2027");
    expect(inSaoPaulo.zone).toBe("Sao Paulo (GMT-3)");
    const inMadrid = formatEventTime(start, end, "Europe/Madrid", "es");
    expect(inMadrid.range).toContain("19:00");
    expect(inMadrid.zone).toBe("Madrid (GMT+1)");
    expect(formatEventTime(start, end, "America/Mexico_City", "en").range).toMatch(/12:00\s?–\s?1:30\sPM/);
    // A wall-clock time skipped by summer time moves forward; a repeated one takes the first.
    expect(zonedTimeToUtc("2026-09-06T00:30", "America/Santiago")!.toISOString()).toBe("2026-09-06T04:30:00.000Z");
    expect(zonedTimeToUtc("2026-04-04T23:30", "America/Santiago")!.toISOString()).toBe("2026-04-05T02:30:00.000Z");

    const { id } = await createEvent(deps, { organiser: staff, topicId: topic.id, timeZone: "America/Sao_Paulo" });
    const reader = await createUser(deps.db, { time_zone: "Europe/Madrid" });
    const theirs = await events.get(as(deps, reader), id);
    expect(theirs).toMatchObject({ inViewerZone: true, when: { timeZone: "Europe/Madrid" }, eventZoneWhen: { timeZone: "America/Sao_Paulo" } });
    const anyone = await events.get(as(deps, null), id);
    expect(anyone).toMatchObject({ inViewerZone: false, when: { timeZone: "America/Sao_Paulo" } });
    // The profile setting stores the zone, and refuses one that is not.
    await services.accounts.updateProfile(as(deps, reader), { displayName: reader.display_name, handle: reader.handle, communityRole: "other", locale: "es", timeZone: "America/Lima" });
    expect((await deps.db.selectFrom("users").select("time_zone").where("id", "=", reader.id).executeTakeFirstOrThrow()).time_zone).toBe("America/Lima");
    await expect(
      services.accounts.updateProfile(as(deps, reader), { displayName: reader.display_name, handle: reader.handle, communityRole: "other", locale: "es", timeZone: "Lima" }),
    ).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { timeZone: "event.time_zone_invalid" } });
  });
});

describe("iCalendar", () => {
  it("writes an .ics that an iCalendar library parses back: summary, start in UTC, TZID, UID, URL", async () => {
    const { id } = await createEvent(deps, {
      organiser: staff,
      topicId: topic.id,
      title: "Buses eléctricos; lecciones, de Santiago",
      description: "Con **Sofía Klein** y un enlace: https://example.org",
      timeZone: "America/Santiago",
      startsInMs: 40 * 24 * HOUR,
    });
    const row = await deps.db.selectFrom("events").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const { body, filename } = await events.eventIcs(as(deps, null), id);
    expect(filename).toBe(`event-${id}.ics`);
    expect(body).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(body).toContain("BEGIN:VTIMEZONE\r\nTZID:America/Santiago");
    expect(body).toContain("DTSTART;TZID=America/Santiago:");
    const [parsed] = vevents(body);
    expect(parsed).toBeDefined();
    expect(parsed!.summary).toBe("Buses eléctricos; lecciones, de Santiago");
    expect(parsed!.uid).toBe(`event-${id}@${new URL(deps.config.publicUrl).hostname}`);
    expect(new Date(parsed!.start).toISOString()).toBe(row.starts_at.toISOString());
    expect(new Date(parsed!.end).toISOString()).toBe(row.ends_at.toISOString());
    expect((parsed!.start as unknown as { tz: string }).tz).toBe("America/Santiago");
    // URL;VALUE=URI:… comes back as its value with its parameters.
    const url = parsed!.url as unknown as string | { val: string };
    expect(typeof url === "string" ? url : url.val).toBe(`${deps.config.publicUrl}/events/${id}`);
    expect(parsed!.description).toContain("Sofía Klein");
    // Anonymous readers learn there is an online link, not the link itself; a registered member's .ics has it.
    expect(body).not.toContain("meet.example.org");
    const member = await createUser(deps.db);
    await events.register(as(deps, member), { eventId: id });
    expect((await events.eventIcs(as(deps, member), id)).body).toContain("meet.example.org");
  });

  it("a member's feed lists what they registered for, through a signed token; a tampered token is refused", async () => {
    const member = await createUser(deps.db);
    const first = await createEvent(deps, { organiser: staff, topicId: topic.id, title: "Primer webinario del feed" });
    const second = await createEvent(deps, { organiser: staff, topicId: topic.id, title: "Segundo taller del feed", timeZone: "America/Mexico_City", capacity: 1 });
    await events.register(as(deps, await createUser(deps.db)), { eventId: second.id });
    await events.register(as(deps, member), { eventId: first.id });
    await events.register(as(deps, member), { eventId: second.id });
    const mine = await events.mine(as(deps, member));
    expect(mine.upcoming.map((e) => e.id).sort()).toEqual([first.id, second.id].sort());
    const token = new URL(mine.feedUrl).pathname.replace(/^\/calendar\//, "").replace(/\.ics$/, "");
    expect(await verifyCalendarFeedToken(deps.db, token)).toBe(member.id);
    const feed = vevents(await events.memberFeed(as(deps, null), token));
    expect(feed.map((e) => [e.summary, e.status])).toEqual([
      ["Primer webinario del feed", "CONFIRMED"],
      ["Segundo taller del feed", "TENTATIVE"],
    ]);
    const [userId, signature] = token.split(".") as [string, string];
    const flipped = `${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`;
    for (const bad of [`${userId}.${flipped}`, `${Number(userId) + 1}.${signature}`, `${userId}.${signature}x`, "", "0.abc"]) {
      await expectCode(events.memberFeed(as(deps, null), bad), "NOT_FOUND");
    }
    expect((await createBrowser(server).get(`/calendar/${userId}.${flipped}.ics`)).status).toBe(404);
  });
});

describe("reminders", () => {
  it("a day and an hour before, through notifications and the outbox, once each even when the scheduler runs twice", async () => {
    const clock = deps.clock;
    const { id } = await createEvent(deps, { organiser: staff, topicId: topic.id, title: "Webinario con recordatorios", startsInMs: 30 * HOUR, capacity: 3 });
    const immediate = await createUser(deps.db, { email_notifications: "immediate", time_zone: "America/Lima" });
    const digest = await createUser(deps.db, { email_notifications: "daily" });
    const silent = await createUser(deps.db, { email_notifications: "none" });
    const waiting = await createUser(deps.db);
    for (const user of [immediate, digest, silent, waiting]) await events.register(as(deps, user), { eventId: id });
    const cancelled = await createEvent(deps, { organiser: staff, topicId: topic.id, startsInMs: 20 * HOUR });
    await events.register(as(deps, immediate), { eventId: cancelled.id });
    await events.cancel(as(deps, staff), { eventId: cancelled.id });
    await deps.mail.drain();

    const reminders = async (userId: number) =>
      (await deps.db.selectFrom("notifications").select(["kind", "data"]).where("user_id", "=", userId).where("event_id", "=", id).where("kind", "=", "event_reminder").orderBy("id").execute()).map(
        (row) => (row.data as { when: string }).when,
      );
    const emailsTo = async (user: UserRow) =>
      withSentBodies(deps, await deps.db.selectFrom("email_outbox").select(["id", "subject", "text_body", "headers", "sent_at"]).where("to_address", "=", user.email).where("subject", "like", "%Webinario con recordatorios%").orderBy("id").execute());

    expect(await sendEventReminders(deps)).toEqual({ day: 0, hour: 0 });
    clock.advance(7 * HOUR); // 23 hours before
    expect(await sendEventReminders(deps)).toEqual({ day: 3, hour: 0 });
    // A second instance's scheduler at the same moment, and this one again: nothing more.
    const second = createTestDeps(handle, { env: { PUBLIC_URL: deps.config.publicUrl } });
    second.clock.set(clock.now());
    const again = await Promise.all([sendEventReminders(deps), sendEventReminders(second)]);
    expect(again).toEqual([
      { day: 0, hour: 0 },
      { day: 0, hour: 0 },
    ]);
    expect(await deps.mail.drain()).toBe(2);
    for (const user of [immediate, digest, silent]) expect(await reminders(user.id)).toEqual(["day"]);
    expect(await reminders(waiting.id)).toEqual([]);
    const [dayEmail] = await emailsTo(immediate);
    expect(dayEmail).toMatchObject({ subject: "Mañana: «Webinario con recordatorios»" });
    expect(dayEmail!.sent_at).not.toBeNull();
    expect(dayEmail!.text_body).toContain("https://meet.example.org/enlace");
    expect(dayEmail!.text_body).toContain("Lima (GMT-5)");
    expect(dayEmail!.headers).toMatchObject({ "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    expect(await emailsTo(digest)).toHaveLength(1);
    expect(await emailsTo(silent)).toHaveLength(0);

    clock.advance(22 * HOUR + 30 * 60_000); // 30 minutes before
    expect(await sendEventReminders(deps)).toEqual({ day: 0, hour: 3 });
    expect(await sendEventReminders(second)).toEqual({ day: 0, hour: 0 });
    expect(await deps.mail.drain()).toBe(2);
    for (const user of [immediate, digest, silent]) expect(await reminders(user.id)).toEqual(["day", "hour"]);
    expect((await emailsTo(immediate)).map((email) => email.subject)).toEqual(["Mañana: «Webinario con recordatorios»", "En una hora: «Webinario con recordatorios»"]);
    expect(await emailsTo(digest)).toHaveLength(2);
    // The cancelled event sent nothing; once the event has started, nothing more is sent.
    expect(await deps.db.selectFrom("event_reminders").select("user_id").where("event_id", "=", cancelled.id).execute()).toEqual([]);
    clock.advance(HOUR);
    expect(await sendEventReminders(deps)).toEqual({ day: 0, hour: 0 });
    // The reminder leads to the event in the notification centre.
    const centre = await services.notifications.list(as(deps, immediate), {});
    expect(centre.items.find((n) => n.kind === "event_reminder")).toMatchObject({ url: `/events/${id}`, event: { id, title: "Webinario con recordatorios" } });
  });

  it("a member who left the event's group is not reminded of it", async () => {
    const clock = deps.clock;
    const leaver = await createUser(deps.db);
    const space = await deps.db.selectFrom("groups").select("space_id").where("id", "=", group.id).executeTakeFirstOrThrow();
    await deps.db.insertInto("space_members").values({ space_id: space.space_id, user_id: leaver.id, role: "member" }).execute();
    const { id } = await createEvent(deps, { organiser: staff, groupId: group.id, startsInMs: 5 * HOUR });
    await events.register(as(deps, leaver), { eventId: id });
    await events.register(as(deps, insider), { eventId: id });
    await deps.db.deleteFrom("space_members").where("space_id", "=", space.space_id).where("user_id", "=", leaver.id).execute();
    await sendEventReminders(deps);
    const reminded = await deps.db.selectFrom("event_reminders").select("user_id").where("event_id", "=", id).execute();
    expect(reminded.map((row) => row.user_id)).toEqual([insider.id]);
  });
});

describe("cancelling an event", () => {
  it("tells those registered or waiting (in the page and by email), never the organiser or a member who left its group", async () => {
    const space = await deps.db.selectFrom("groups").select("space_id").where("id", "=", group.id).executeTakeFirstOrThrow();
    const [registered, waiting, leaver, quiet] = await Promise.all([1, 2, 3, 4].map(() => createUser(deps.db)));
    await deps.db.updateTable("users").set({ email_notifications: "none" }).where("id", "=", quiet!.id).execute();
    for (const member of [registered, waiting, leaver, quiet]) {
      await deps.db.insertInto("space_members").values({ space_id: space.space_id, user_id: member!.id, role: "member" }).execute();
    }
    const { id } = await createEvent(deps, { organiser: staff, groupId: group.id, capacity: 2, title: "Taller que se cancela" });
    for (const member of [registered, quiet, waiting, leaver]) {
      deps.clock.advance(1000);
      await events.register(as(deps, member!), { eventId: id });
    }
    expect((await events.get(as(deps, waiting!), id)).myStatus).toBe("waitlisted");
    await deps.db.deleteFrom("space_members").where("space_id", "=", space.space_id).where("user_id", "=", leaver!.id).execute();

    // Only its organisers may cancel it; the others' attempt changes nothing.
    await expectCode(events.cancel(as(deps, registered!), { eventId: id }), "FORBIDDEN");
    await events.cancel(as(deps, staff), { eventId: id });
    await events.cancel(as(deps, staff), { eventId: id });

    const told = await deps.db.selectFrom("notifications").select(["user_id", "kind"]).where("event_id", "=", id).orderBy("user_id").execute();
    expect(told).toEqual([registered, waiting, quiet].map((member) => ({ user_id: member!.id, kind: "event_cancelled" })).sort((a, b) => a.user_id - b.user_id));
    const centre = await services.notifications.list(as(deps, waiting!), {});
    expect(centre.items[0]).toMatchObject({ kind: "event_cancelled", url: `/events/${id}`, actor: { handle: staff.handle } });
    const mailed = await deps.db.selectFrom("email_outbox").select(["to_address", "subject"]).where("subject", "like", "%Taller que se cancela%").execute();
    expect(mailed.map((row) => row.to_address).sort()).toEqual([registered!.email, waiting!.email].sort());
    expect(mailed[0]!.subject).toBe("Cancelado: «Taller que se cancela»");
  });

  it("an event that is over is marked cancelled without telling anyone", async () => {
    const attendee = await createUser(deps.db);
    const { id } = await createEvent(deps, { organiser: staff, topicId: topic.id, startsInMs: 2 * HOUR });
    await events.register(as(deps, attendee), { eventId: id });
    deps.clock.advance(5 * HOUR);
    await events.cancel(as(deps, staff), { eventId: id });
    expect((await events.get(as(deps, attendee), id)).cancelled).toBe(true);
    expect(await deps.db.selectFrom("notifications").select("id").where("event_id", "=", id).where("kind", "=", "event_cancelled").execute()).toEqual([]);
  });
});

describe("after the event", () => {
  it("carries its recording, materials the reader may see, and a follow-up thread in its topic", async () => {
    const { id } = await createEvent(deps, { organiser: staff, topicId: topic.id, title: "Webinario con grabación" });
    const publicDoc = await deps.db.insertInto("documents").values({ space_id: topic.space_id, topic_id: topic.id, title: "Presentación pública", doc_type: "presentation", language: "es" }).returning("id").executeTakeFirstOrThrow();
    const membersDoc = await deps.db
      .insertInto("documents")
      .values({ space_id: topic.space_id, topic_id: topic.id, title: "Solo para miembros", doc_type: "data", language: "es", audience: "members" })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect((await events.attachableDocuments(as(deps, staff), id)).map((d) => d.id)).toEqual(expect.arrayContaining([publicDoc.id, membersDoc.id]));
    await events.setRecording(as(deps, staff), { eventId: id, recordingUrl: "https://video.example.org/grabacion" });
    await events.attachMaterial(as(deps, staff), { eventId: id, documentId: publicDoc.id });
    await events.attachMaterial(as(deps, staff), { eventId: id, documentId: membersDoc.id });
    await expect(events.attachMaterial(as(deps, staff), { eventId: id, documentId: 999_999 })).rejects.toMatchObject({ fieldErrors: { documentId: "event.document_unknown" } });
    await expectCode(events.setRecording(as(deps, insider), { eventId: id, recordingUrl: "https://x.example" }), "FORBIDDEN");
    expect((await events.get(as(deps, null), id)).materials.map((m) => m.title)).toEqual(["Presentación pública"]);
    expect((await events.get(as(deps, insider), id)).materials.map((m) => m.title).sort()).toEqual(["Presentación pública", "Solo para miembros"]);
    const { threadId } = await events.openFollowUp(as(deps, staff), { eventId: id });
    expect(await events.openFollowUp(as(deps, staff), { eventId: id })).toEqual({ threadId });
    const thread = await deps.db.selectFrom("threads").select(["title", "topic_id", "space_id", "kind"]).where("id", "=", threadId).executeTakeFirstOrThrow();
    expect(thread).toMatchObject({ title: "Seguimiento: Webinario con grabación", topic_id: topic.id, space_id: topic.space_id, kind: "discussion" });
    const page = await events.get(as(deps, null), id);
    expect(page).toMatchObject({ recordingUrl: "https://video.example.org/grabacion", followUpThread: { id: threadId } });
    // A working group's follow-up stays in the group.
    const { threadId: groupThread } = await events.openFollowUp(as(deps, staff), { eventId: privateEventId });
    const inGroup = await deps.db.selectFrom("threads").innerJoin("groups", "groups.space_id", "threads.space_id").select("groups.id").where("threads.id", "=", groupThread).executeTakeFirstOrThrow();
    expect(inGroup.id).toBe(group.id);
  });

  it("lists upcoming soonest first and past latest first, a page at a time", async () => {
    const listTopic = await createTopic(deps.db, { slug: "eventos-lista" });
    for (let index = 0; index < 23; index++) await createEvent(deps, { organiser: staff, topicId: listTopic.id, startsInMs: (index + 1) * HOUR, kind: index % 2 ? "workshop" : "webinar" });
    const first = await events.list(as(deps, null), { topic: listTopic.slug });
    expect(first.events).toHaveLength(20);
    const second = await events.list(as(deps, null), { topic: listTopic.slug, cursor: first.nextCursor! });
    expect(second.events).toHaveLength(3);
    expect(second.nextCursor).toBeNull();
    const all = [...first.events, ...second.events].map((e) => e.startsAt);
    expect(all).toEqual([...all].sort());
    const workshops = await events.list(as(deps, null), { topic: listTopic.slug, kind: "workshop" });
    expect(workshops.events).toHaveLength(11);
    deps.clock.advance(40 * HOUR);
    const past = await events.list(as(deps, null), { topic: listTopic.slug, view: "past" });
    expect(past.events.map((e) => e.startsAt)).toEqual([...all].reverse().slice(0, 20));
  });
});
