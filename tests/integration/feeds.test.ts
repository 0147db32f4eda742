import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import type { UserRow } from "../../db/schema";
import { services } from "../../server/domain";
import { createTopic, createUser } from "../factories";
import { as } from "../factories/forum";
import { createTestDatabase } from "../setup/test-database";
import { createBrowser, startTestServer, type TestServer } from "../setup/test-server";

// Feeds carry public content only: a canary in every private (or members-only, or deleted) place must
// never reach them, whoever asks, and each feed must be valid Atom with the elements the RFC requires.
const CANARY = "CANARIO-PRIVADO-7731";
const { forum, groups } = services;
let handle: DatabaseHandle;
let server: TestServer;
let admin: UserRow;
let topic: { id: number; slug: string; space_id: number };
let solvedThreadId: number;
let solutionPostId: number;

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", isArray: (name) => name === "entry" || name === "link" || name === "author" });

beforeAll(async () => {
  handle = await createTestDatabase();
  server = await startTestServer(handle);
  const { deps } = server;
  admin = await createUser(deps.db, { site_role: "admin" });
  const asker = await createUser(deps.db, { display_name: "Lucía <Mendoza> & Co", country: "CO" });
  const expert = await createUser(deps.db, { community_role: "expert", expert_verified_at: new Date() });
  topic = await createTopic(deps.db, { slug: "movilidad-electrica", name: { es: "Movilidad eléctrica", pt: "Mobilidade elétrica", en: "Electric mobility" } });

  // Public threads: one solved, one whose title has markup and CDATA-breaking text.
  const solved = await forum.createThread(as(deps, asker), { topicId: topic.id, kind: "question", title: "¿Cómo financiar buses eléctricos?", body: "Buscamos **modelos** de *leasing*." });
  const answer = await forum.createReply(as(deps, expert), { threadId: solved.threadId, body: "Separen la compra de la batería." });
  await forum.markSolution(as(deps, asker), { postId: answer.postId });
  solvedThreadId = solved.threadId;
  solutionPostId = answer.postId;
  await forum.createThread(as(deps, asker), { topicId: topic.id, kind: "discussion", title: "Tarifas <b>y</b> ]]> subsidios & más", body: "Texto\u0001 con un carácter de control." });

  // The private working group of the same topic, with a canary everywhere.
  const group = await groups.createGroup(as(deps, admin), { topicId: topic.id, kind: "working_group", slug: "grupo-canario", nameEs: "Privado", namePt: "Privado", nameEn: "Private", joinPolicy: "invite" });
  const groupSpace = (await deps.db.selectFrom("groups").select("space_id").where("id", "=", group.id).executeTakeFirstOrThrow()).space_id;
  const secret = await forum.createThread(as(deps, admin), { groupId: group.id, kind: "question", title: `Pregunta ${CANARY}`, body: `Cuerpo ${CANARY}` });
  const secretAnswer = await forum.createReply(as(deps, admin), { threadId: secret.threadId, body: `Respuesta ${CANARY}` });
  await forum.markSolution(as(deps, admin), { postId: secretAnswer.postId });

  // A deleted public thread.
  const gone = await forum.createThread(as(deps, asker), { topicId: topic.id, kind: "question", title: `Borrada ${CANARY}`, body: "x" });
  await deps.db.updateTable("threads").set({ deleted_at: new Date() }).where("id", "=", gone.threadId).execute();

  // Events and documents, read from their tables (their services are someone else's).
  const now = Date.now();
  const event = (spaceId: number, title: string, cancelled = false) =>
    deps.db
      .insertInto("events")
      .values({
        space_id: spaceId,
        topic_id: topic.id,
        kind: "webinar",
        title,
        description: "Un **webinario** abierto.",
        starts_at: new Date(now + 7 * 86_400_000),
        ends_at: new Date(now + 7 * 86_400_000 + 3_600_000),
        time_zone: "America/Bogota",
        cancelled_at: cancelled ? new Date() : null,
      })
      .execute();
  await event(topic.space_id, "Webinario sobre BRT");
  await event(groupSpace, `Taller ${CANARY}`);
  await event(topic.space_id, `Cancelado ${CANARY}`, true);
  const document = (spaceId: number, title: string, audience: "public" | "members" = "public", deleted = false) =>
    deps.db
      .insertInto("documents")
      .values({ space_id: spaceId, topic_id: topic.id, audience, title, description: "Un plan de movilidad.", doc_type: "sump", language: "es", deleted_at: deleted ? new Date() : null })
      .execute();
  await document(topic.space_id, "Plan de movilidad urbana sostenible de Bogotá");
  await document(topic.space_id, `Solo miembros ${CANARY}`, "members");
  await document(topic.space_id, `Borrado ${CANARY}`, "public", true);
  await document(groupSpace, `Privado ${CANARY}`);
});
afterAll(async () => {
  await server?.close();
  await handle?.close();
});

interface AtomEntry {
  id: string;
  title: string | { "#text": string };
  updated: string;
  link: { "@_href": string }[];
}

function parseAtom(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const document = parser.parse(xml) as { feed: { "@_xmlns": string; id: string; title: string; updated: string; author?: { name: string }[]; link: { "@_rel"?: string; "@_href": string }[]; entry?: AtomEntry[] } };
  const { feed } = document;
  expect(feed["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
  expect(feed.id).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/feeds\//);
  expect(String(feed.title).length).toBeGreaterThan(0);
  expect(Number.isNaN(Date.parse(feed.updated))).toBe(false);
  // An author at the feed level covers entries that name none (RFC 4287, 4.1.1).
  expect(feed.author?.[0]?.name).toBe("Enlace");
  expect(feed.link.find((link) => link["@_rel"] === "self")?.["@_href"]).toBe(feed.id);
  const entries = feed.entry ?? [];
  for (const entry of entries) {
    expect(entry.id).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(typeof entry.title === "string" ? entry.title : entry.title["#text"]).toBeTruthy();
    expect(Number.isNaN(Date.parse(entry.updated))).toBe(false);
    expect(entry.link[0]["@_href"]).toMatch(new RegExp(`^${server.url.replace(/[.]/g, "\\.")}/`));
  }
  return { feed, entries, titles: entries.map((entry) => String(typeof entry.title === "string" ? entry.title : entry.title["#text"])) };
}

const feedPaths = () => [`/feeds/topics/${topic.slug}.atom`, "/feeds/solved.atom", "/feeds/events.atom", "/feeds/documents.atom"];

describe("Atom feeds", () => {
  it("are valid Atom with an application/atom+xml type, for visitors and signed-in admins alike, and never carry private content", async () => {
    const adminBrowser = createBrowser(server);
    expect((await adminBrowser.post("/sign-in", { email: admin.email, password: "movilidad-sostenible-2030" })).status).toBe(302);
    for (const browser of [createBrowser(server), adminBrowser]) {
      for (const path of feedPaths()) {
        const response = await browser.get(path);
        expect(response.status, path).toBe(200);
        expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
        const xml = await response.text();
        expect(xml, path).not.toContain(CANARY);
        parseAtom(xml);
      }
    }
  });

  it("a topic's feed lists its public threads with escaped titles and summaries", async () => {
    const xml = await (await createBrowser(server).get(`/feeds/topics/${topic.slug}.atom`)).text();
    const { feed, titles } = parseAtom(xml);
    expect(feed.title).toBe("Movilidad eléctrica · Enlace");
    // type="html" titles: markup in a title is escaped, so readers show it as written.
    expect(titles).toEqual(["Tarifas &lt;b&gt;y&lt;/b&gt; ]]&gt; subsidios &amp; más", "¿Cómo financiar buses eléctricos?"]);
    expect(xml).not.toContain("\u0001");
    expect(xml).toContain("Lucía &lt;Mendoza&gt; &amp; Co");
  });

  it("the solved feed points at the solution and the question", async () => {
    const { entries } = parseAtom(await (await createBrowser(server).get("/feeds/solved.atom")).text());
    expect(entries).toHaveLength(1);
    expect(entries[0].id).toBe(`${server.url}/p/${solutionPostId}`);
    expect(entries[0].link[0]["@_href"]).toBe(`${server.url}/t/${solvedThreadId}`);
  });

  it("events and documents feeds list only public, live items", async () => {
    expect(parseAtom(await (await createBrowser(server).get("/feeds/events.atom")).text()).titles).toEqual(["Webinario sobre BRT"]);
    expect(parseAtom(await (await createBrowser(server).get("/feeds/documents.atom")).text()).titles).toEqual(["Plan de movilidad urbana sostenible de Bogotá"]);
  });

  it("a reader that already has the newest version gets 304", async () => {
    const first = await createBrowser(server).get("/feeds/solved.atom");
    const lastModified = first.headers.get("last-modified")!;
    expect(first.headers.get("cache-control")).toBe("public, max-age=300");
    const again = await createBrowser(server).get("/feeds/solved.atom", { "if-modified-since": lastModified });
    expect(again.status).toBe(304);
  });

  it("answers 404 for a topic that does not exist or is archived, and for a working group's address", async () => {
    expect((await createBrowser(server).get("/feeds/topics/no-existe.atom")).status).toBe(404);
    expect((await createBrowser(server).get("/feeds/topics/grupo-canario.atom")).status).toBe(404);
    expect((await createBrowser(server).get(`/feeds/topics/${topic.slug}.rss`)).status).toBe(404);
    const archived = await createTopic(server.deps.db, { slug: "archivado" });
    await server.deps.db.updateTable("topics").set({ archived_at: new Date() }).where("id", "=", archived.id).execute();
    expect((await createBrowser(server).get("/feeds/topics/archivado.atom")).status).toBe(404);
  });

  it("pages announce their feeds with <link rel=alternate>", async () => {
    const landing = await (await createBrowser(server).get("/")).text();
    for (const name of ["solved", "events", "documents"]) {
      expect(landing).toMatch(new RegExp(`<link rel="alternate" type="application/atom\\+xml" href="/feeds/${name}\\.atom"`));
    }
    const topicPage = await (await createBrowser(server).get(`/topics/${topic.slug}`)).text();
    expect(topicPage).toContain(`<link rel="alternate" type="application/atom+xml" href="/feeds/topics/${topic.slug}.atom"`);
  });
});

describe("the public page", () => {
  it("shows upcoming events, latest documents, solved questions, partners with their expert groups and headline figures, and nothing private", async () => {
    const { deps } = server;
    const giz = await createUser(deps.db, { community_role: "expert", partner_org: "giz", expert_verified_at: new Date() });
    const expertGroup = await groups.createGroup(as(deps, admin), { topicId: topic.id, kind: "expert_group", slug: "expertos-financiamiento", nameEs: "Expertos en financiamiento", namePt: "Especialistas em financiamento", nameEn: "Financing experts", joinPolicy: "open" });
    const space = (await deps.db.selectFrom("groups").select("space_id").where("id", "=", expertGroup.id).executeTakeFirstOrThrow()).space_id;
    await deps.db.insertInto("space_members").values({ space_id: space, user_id: giz.id, role: "expert" }).execute();

    const response = await createBrowser(server).get("/");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toContain(CANARY);
    expect(html).toContain("Webinario sobre BRT");
    expect(html).toContain("Plan de movilidad urbana sostenible de Bogotá");
    expect(html).toContain("¿Cómo financiar buses eléctricos?");
    expect(html).toMatch(/Sus expertos responden en:.*href="\/g\/expertos-financiamiento"/s);
    expect(html).toContain("La comunidad en cifras");

    const sections = await services.feeds.getLandingSections(as(deps, admin));
    expect(sections.solvedQuestions.map((thread) => thread.id)).toEqual([solvedThreadId]);
    expect(sections.partnerGroups.giz).toEqual([{ slug: "expertos-financiamiento", name: "Expertos en financiamiento" }]);
    const headline = await services.figures.getHeadlineFigures(as(deps, admin));
    // The solved public question and the open one (the discussion, the private and the deleted ones do not count).
    expect(headline).toMatchObject({ questions: 1, solvedShare: 100 });
  });
});
