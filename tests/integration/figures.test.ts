import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import type { UserRow } from "../../db/schema";
import { services } from "../../server/domain";
import { csvCell } from "../../server/domain/figures/csv";
import type { FigureDto } from "../../server/domain/figures/figures.service";
import { createTopic, createUser } from "../factories";
import { as } from "../factories/forum";
import { createTestDatabase } from "../setup/test-database";
import type { TestDeps } from "../setup/test-deps";
import { createBrowser, startTestServer, type TestServer } from "../setup/test-server";

// Known data at known times (the manual clock), then every figure checked against what it must be.
const { figures, forum, groups } = services;
let handle: DatabaseHandle;
let server: TestServer;
let deps: TestDeps;
let admin: UserRow;
let moderator: UserRow;
let member: UserRow;
let topicA: { id: number; slug: string; space_id: number };
let topicB: { id: number; slug: string; space_id: number };
let trickyTopic: { id: number; slug: string };
let adminBrowser: ReturnType<typeof createBrowser>;
let moderatorBrowser: ReturnType<typeof createBrowser>;
let memberBrowser: ReturnType<typeof createBrowser>;

const HOUR = 60 * 60 * 1000;
const RANGE = { from: "2024-01-01", to: "2024-03-31" };
const at = (iso: string) => deps.clock.set(new Date(iso));

async function signedIn(user: UserRow) {
  const browser = createBrowser(server);
  const response = await browser.post("/sign-in", { email: user.email, password: "movilidad-sostenible-2030" });
  expect(response.status).toBe(302);
  return browser;
}

async function ask(author: UserRow, topicId: number, when: string, kind: "question" | "discussion" = "question", groupId?: number) {
  at(when);
  return forum.createThread(as(deps, author), {
    ...(groupId ? { groupId } : { topicId }),
    kind,
    title: `Una pregunta sobre buses eléctricos ${when}`,
    body: "¿Cómo financiaron la primera flota?",
  });
}

async function reply(author: UserRow, threadId: number, when: string) {
  at(when);
  return forum.createReply(as(deps, author), { threadId, body: `Respuesta de ${author.handle}` });
}

async function solve(by: UserRow, postId: number, when: string) {
  at(when);
  await forum.markSolution(as(deps, by), { postId });
}

beforeAll(async () => {
  handle = await createTestDatabase();
  server = await startTestServer(handle);
  deps = server.deps;
  admin = await createUser(deps.db, { site_role: "admin" });
  moderator = await createUser(deps.db, { site_role: "moderator" });
  member = await createUser(deps.db, { country: "AR" });
  // Signed in at the real time; the data below is built in the past.
  [adminBrowser, moderatorBrowser, memberBrowser] = await Promise.all([signedIn(admin), signedIn(moderator), signedIn(member)]);

  topicA = await createTopic(deps.db, { slug: "figuras-a", position: 1 });
  topicB = await createTopic(deps.db, { slug: "figuras-b", position: 2 });
  trickyTopic = await createTopic(deps.db, { slug: "figuras-c", position: 3, name: { es: "=HYPERLINK(\"http://x\")", pt: "=x", en: "=x" } });
  const expert = await createUser(deps.db, { country: "MX", community_role: "expert", expert_verified_at: new Date() });
  const chile1 = await createUser(deps.db, { country: "CL" });
  const brazil = await createUser(deps.db, { country: "BR" });
  const chile2 = await createUser(deps.db, { country: "CL" });

  // January: two questions in topic A, both answered by the expert and solved.
  const q1 = await ask(chile1, topicA.id, "2024-01-10T12:00:00Z");
  const q1Expert = await reply(expert, q1.threadId, "2024-01-10T14:00:00Z"); // 2 h
  await solve(chile1, q1Expert.postId, "2024-01-10T17:00:00Z"); // 5 h
  const q2 = await ask(brazil, topicA.id, "2024-01-20T12:00:00Z");
  await reply(member, q2.threadId, "2024-01-20T13:00:00Z"); // a member first: not an expert reply
  const q2Expert = await reply(expert, q2.threadId, "2024-01-20T22:00:00Z"); // 10 h
  await solve(brazil, q2Expert.postId, "2024-01-21T12:00:00Z"); // 24 h
  // February: an unanswered question in topic B, a discussion (not a question), a question in a private
  // working group (only admins count it) and a deleted question (nobody counts it).
  await ask(chile2, topicB.id, "2024-02-05T12:00:00Z");
  await ask(chile1, topicB.id, "2024-02-06T12:00:00Z", "discussion");
  at("2024-02-01T00:00:00Z");
  const group = await groups.createGroup(as(deps, admin), { topicId: topicB.id, kind: "working_group", slug: "figuras-privado", nameEs: "Privado", namePt: "Privado", nameEn: "Private", joinPolicy: "invite" });
  const groupSpace = (await deps.db.selectFrom("groups").select("space_id").where("id", "=", group.id).executeTakeFirstOrThrow()).space_id;
  await deps.db.insertInto("space_members").values({ space_id: groupSpace, user_id: chile1.id, role: "member" }).execute();
  await ask(chile1, topicB.id, "2024-02-10T12:00:00Z", "question", group.id);
  const deleted = await ask(brazil, topicB.id, "2024-02-11T12:00:00Z");
  await deps.db.updateTable("threads").set({ deleted_at: new Date("2024-02-12T00:00:00Z") }).where("id", "=", deleted.threadId).execute();
  // Outside the period: not counted.
  await ask(brazil, topicA.id, "2023-12-31T23:00:00Z");

  // Events: one public in January with two registrations (and one cancelled), one cancelled event, one private in February.
  const event = (spaceId: number, topicId: number, startsAt: string, cancelled = false) =>
    deps.db
      .insertInto("events")
      .values({
        space_id: spaceId,
        topic_id: topicId,
        kind: "webinar",
        title: `Webinario ${startsAt}`,
        starts_at: new Date(startsAt),
        ends_at: new Date(new Date(startsAt).getTime() + HOUR),
        time_zone: "America/Santiago",
        cancelled_at: cancelled ? new Date(startsAt) : null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  const january = await event(topicA.space_id, topicA.id, "2024-01-15T15:00:00Z");
  await deps.db
    .insertInto("event_registrations")
    .values([
      { event_id: january.id, user_id: chile1.id, status: "registered" },
      { event_id: january.id, user_id: brazil.id, status: "registered" },
      { event_id: january.id, user_id: member.id, status: "cancelled" },
    ])
    .execute();
  await event(topicA.space_id, topicA.id, "2024-01-20T15:00:00Z", true);
  const privateEvent = await event(groupSpace, topicB.id, "2024-02-01T15:00:00Z");
  await deps.db.insertInto("event_registrations").values({ event_id: privateEvent.id, user_id: chile1.id, status: "registered" }).execute();

  // Documents: one public (January, Chile) downloaded three times in January and once in February; one for
  // members in February; one deleted.
  const doc = (values: { created_at: string; audience?: "public" | "members"; deleted?: boolean; country?: string }) =>
    deps.db
      .insertInto("documents")
      .values({
        space_id: topicA.space_id,
        topic_id: topicA.id,
        audience: values.audience ?? "public",
        title: `Plan ${values.created_at}`,
        doc_type: "sump",
        language: "es",
        country: values.country ?? null,
        created_at: new Date(values.created_at),
        deleted_at: values.deleted ? new Date(values.created_at) : null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  const plan = await doc({ created_at: "2024-01-05T10:00:00Z", country: "CL" });
  await doc({ created_at: "2024-02-10T10:00:00Z", audience: "members" });
  await doc({ created_at: "2024-02-11T10:00:00Z", deleted: true });
  await deps.db
    .insertInto("document_downloads")
    .values([
      { document_id: plan.id, user_id: chile1.id, downloaded_at: new Date("2024-01-06T10:00:00Z") },
      { document_id: plan.id, user_id: brazil.id, downloaded_at: new Date("2024-01-07T10:00:00Z") },
      { document_id: plan.id, user_id: null, downloaded_at: new Date("2024-01-08T10:00:00Z") },
      { document_id: plan.id, user_id: chile2.id, downloaded_at: new Date("2024-02-08T10:00:00Z") },
    ])
    .execute();

  // A pair (a private space) in Peru.
  const national = await createUser(deps.db, { country: "PE", community_role: "national_official" });
  const local = await createUser(deps.db, { country: "PE", community_role: "local_official" });
  const pairSpace = await deps.db.insertInto("spaces").values({ kind: "pair", visibility: "private" }).returning("id").executeTakeFirstOrThrow();
  await deps.db.insertInto("pairs").values({ space_id: pairSpace.id, national_id: national.id, local_id: local.id, country: "PE" }).execute();
  deps.clock.set(new Date());
});
afterAll(async () => {
  await server?.close();
  await handle?.close();
});

const figure = (list: FigureDto[], name: string) => list.find((entry) => entry.name === name)!;
const row = (entry: FigureDto, key: string) => entry.rows.find((candidate) => candidate.key === key)?.values;

describe("figures from known data", () => {
  it("per month, as an admin: questions, expert answers, medians, solutions, activity, events and documents", async () => {
    const result = await figures.getFigures(as(deps, admin), { ...RANGE, by: "month" });
    expect(result).toMatchObject({ from: "2024-01-01", to: "2024-03-31", by: "month", map: "members" });
    const questions = figure(result.figures, "questions");
    expect(questions.rows.map((entry) => entry.key)).toEqual(["2024-01", "2024-02", "2024-03"]);
    expect(questions.rows.map((entry) => entry.values[0])).toEqual([2, 2, 0]);
    expect(row(figure(result.figures, "expert_share"), "2024-01")).toEqual([100, 2, 2]);
    expect(row(figure(result.figures, "expert_share"), "2024-02")).toEqual([0, 2, 0]);
    expect(row(figure(result.figures, "expert_share"), "2024-03")).toEqual([null, 0, 0]);
    // Medians of 2 h and 10 h, and of 5 h and 24 h.
    expect(row(figure(result.figures, "response_times"), "2024-01")).toEqual([6, 14.5]);
    expect(row(figure(result.figures, "response_times"), "2024-02")).toEqual([null, null]);
    expect(row(figure(result.figures, "solved_share"), "2024-01")).toEqual([100, 2, 2]);
    expect(row(figure(result.figures, "solved_share"), "2024-02")).toEqual([0, 2, 0]);
    // January: two askers, the member and the expert; February: the two Chileans.
    expect(figure(result.figures, "active_members").rows.map((entry) => entry.values[0])).toEqual([4, 2, 0]);
    expect(figure(result.figures, "events").rows.map((entry) => entry.values)).toEqual([[1, 2], [1, 1], [0, 0]]);
    expect(figure(result.figures, "documents").rows.map((entry) => entry.values)).toEqual([[1, 3], [1, 1], [0, 0]]);
  });

  it("a moderator's figures leave out what a private group keeps to itself", async () => {
    const result = await figures.getFigures(as(deps, moderator), { ...RANGE, by: "month" });
    expect(figure(result.figures, "questions").rows.map((entry) => entry.values[0])).toEqual([2, 1, 0]);
    expect(row(figure(result.figures, "events"), "2024-02")).toEqual([0, 0]);
    const map = result.lacMap.countries.find((country) => country.code === "PE")!;
    expect(map.pairs).toBe(0);
  });

  it("per topic and per country", async () => {
    const byTopic = await figures.getFigures(as(deps, admin), { ...RANGE, by: "topic" });
    const questions = figure(byTopic.figures, "questions");
    expect(row(questions, topicA.slug)).toEqual([2]);
    expect(row(questions, topicB.slug)).toEqual([2]);
    expect(row(questions, trickyTopic.slug)).toEqual([0]);
    expect(questions.rows.find((entry) => entry.key === topicA.slug)?.label).toMatch(/^Tema /);
    expect(row(figure(byTopic.figures, "documents"), topicA.slug)).toEqual([2, 4]);

    const byCountry = await figures.getFigures(as(deps, moderator), { ...RANGE, by: "country" });
    const perCountry = figure(byCountry.figures, "questions");
    expect(perCountry.rows.map((entry) => [entry.key, entry.values[0]])).toEqual([
      ["CL", 2],
      ["BR", 1],
    ]);
    expect(perCountry.rows[0].label).toBe("Chile");
    // Documents added by their own country, downloads by the downloader's (the anonymous one has none).
    const documents = figure(byCountry.figures, "documents");
    expect(row(documents, "CL")).toEqual([1, 2]);
    expect(row(documents, "BR")).toEqual([0, 1]);
    expect(row(documents, "")).toEqual([1, 1]);
  });

  it("maps members, pairs and questions over Latin America and the Caribbean", async () => {
    const { lacMap } = await figures.getFigures(as(deps, admin), { ...RANGE, map: "questions" });
    expect(lacMap.countries).toHaveLength(50);
    const country = (code: string) => lacMap.countries.find((entry) => entry.code === code)!;
    expect(country("BR").path).toMatch(/^M[\d.]+,[\d.]+/);
    expect(country("BB")).toMatchObject({ path: null, dot: [expect.any(Number), expect.any(Number)] });
    expect(country("CL")).toMatchObject({ members: 2, questions: 3, pairs: 0 });
    expect(country("BR")).toMatchObject({ members: 1, questions: 1 });
    expect(country("PE")).toMatchObject({ members: 2, pairs: 1 });
    expect(country("MX")).toMatchObject({ members: 1, questions: 0 });
    // Admins, moderators and the test's other members have no country.
    expect(lacMap.elsewhere.members).toBeGreaterThanOrEqual(2);
  });

  it("refuses an inverted or too long period", async () => {
    await expect(figures.getFigures(as(deps, admin), { from: "2024-03-01", to: "2024-01-01" })).rejects.toMatchObject({ fieldErrors: { to: "figures.range_invalid" } });
    await expect(figures.getFigures(as(deps, admin), { from: "2010-01-01", to: "2024-01-01" })).rejects.toMatchObject({ fieldErrors: { from: "figures.range_too_long" } });
    await expect(figures.getFigures(as(deps, admin), { from: "2024-02-30" })).rejects.toMatchObject({ fieldErrors: { from: "validation.date_invalid" } });
  });

  it("are for site staff only: members and visitors are told they do not exist", async () => {
    await expect(figures.getFigures(as(deps, member), RANGE)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(figures.getFigures(as(deps, null), RANGE)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(figures.getFigureCsv(as(deps, member), "questions", RANGE)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("public headline figures count public questions only", async () => {
    const headline = await figures.getHeadlineFigures(as(deps, null));
    // Q1, Q2, the February one and the one from December; not the private one nor the deleted one.
    expect(headline).toMatchObject({ questions: 4, experts: 1, solvedShare: 50 });
    expect(headline.members).toBeGreaterThanOrEqual(9);
  });
});

describe("CSV downloads", () => {
  it("defuses cells that a spreadsheet would run as a formula", () => {
    expect(csvCell("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-1")).toBe("'-1");
    expect(csvCell("@cmd")).toBe("'@cmd");
    expect(csvCell('a "quoted", text')).toBe('"a ""quoted"", text"');
    expect(csvCell(12.5)).toBe("12.5");
    expect(csvCell(null)).toBe("");
  });

  it("serves a figure as an attachment with its header row, for staff", async () => {
    const response = await adminBrowser.get(`/admin/figures/questions.csv?from=${RANGE.from}&to=${RANGE.to}&by=month`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="enlace-questions-by-month-2024-01-01-2024-03-31.csv"');
    const text = await response.text();
    expect(text.split("\r\n")).toEqual(["Mes,Preguntas hechas", "2024-01,2", "2024-02,2", "2024-03,0", ""]);

    const times = await (await moderatorBrowser.get(`/admin/figures/response_times.csv?from=${RANGE.from}&to=${RANGE.to}&by=month`)).text();
    expect(times).toContain("2024-01,6,14.5\r\n");

    const byTopic = await (await adminBrowser.get(`/admin/figures/questions.csv?from=${RANGE.from}&to=${RANGE.to}&by=topic`)).text();
    expect(byTopic).toContain(`"'=HYPERLINK(""http://x"")",${trickyTopic.slug},0`);

    const map = await adminBrowser.get(`/admin/figures/map.csv?from=${RANGE.from}&to=${RANGE.to}`);
    expect(map.status).toBe(200);
    expect(await map.text()).toContain("Chile,CL,2,0,3");
  });

  it("answers 404 to members and visitors, and for a figure that does not exist", async () => {
    expect((await memberBrowser.get(`/admin/figures/questions.csv`)).status).toBe(404);
    expect((await createBrowser(server).get(`/admin/figures/questions.csv`)).status).toBe(404);
    expect((await adminBrowser.get(`/admin/figures/nothing.csv`)).status).toBe(404);
    expect((await adminBrowser.get(`/admin/figures/questions.csv?from=2024-05-01&to=2024-01-01`)).status).toBe(400);
  });
});

describe("the figures page", () => {
  it("shows staff the charts, their tables and the map; 404 for everyone else", async () => {
    const response = await adminBrowser.get(`/admin/figures?from=${RANGE.from}&to=${RANGE.to}&by=topic&map=pairs`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('class="chart chart-bars"');
    expect(html).toContain('class="lac-map"');
    expect(html).toContain("Preguntas hechas");
    expect(html).toMatch(/href="\/admin\/figures\/questions\.csv\?from=2024-01-01&amp;to=2024-03-31&amp;by=topic&amp;map=pairs"/);
    expect((await moderatorBrowser.get("/admin/figures")).status).toBe(200);
    expect((await memberBrowser.get("/admin/figures")).status).toBe(404);
    expect((await createBrowser(server).get("/admin/figures")).status).toBe(404);
  });

  it("says so when the period is wrong, and shows the default one", async () => {
    const html = await (await adminBrowser.get("/admin/figures?from=2024-05-01&to=2024-01-01")).text();
    expect(html).toContain("La fecha final no puede ser anterior a la inicial.");
    expect(html).toContain('class="chart chart-lines"');
  });
});
