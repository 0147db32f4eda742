// Queries per page must not grow with the rows on it (no N+1), and stay under a stated bound.
// Counted by the database hook in db/connection.ts for each HTTP request (server/http/page-cache.ts reports
// them). Anonymous pages are measured with the page cache emptied first; the cache itself is tested below.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import type { UserRow } from "../../db/schema";
import { services } from "../../server/domain";
import { observeRequestQueries, pageCacheFor } from "../../server/http/page-cache";
import { createTopic, createUser, DEFAULT_TEST_PASSWORD } from "../factories";
import { uploadTestDocument } from "../factories/documents";
import { createEvent } from "../factories/events";
import { as, createForumThread } from "../factories/forum";
import { createTestDatabase } from "../setup/test-database";
import { createBrowser, startTestServer, type TestServer } from "../setup/test-server";

let handle: DatabaseHandle;
let server: TestServer;
let authors: UserRow[];
let viewer: UserRow;
let signedIn: ReturnType<typeof createBrowser>;
const threads = new Map<number, number>();
let smallTopic: { id: number; slug: string };
let bigTopic: { id: number; slug: string };

/** Queries the server sent for one GET (the page cache emptied first, so it is always a full render). */
async function queriesFor(browser: ReturnType<typeof createBrowser>, path: string): Promise<number> {
  pageCacheFor(server.deps)?.clear();
  const seen: number[] = [];
  const stop = observeRequestQueries((info) => {
    if (info.method === "GET" && info.url === path) seen.push(info.queries);
  });
  try {
    // A keep-alive socket the server has just closed can reset once; that is the client's pool, not the page.
    const response = await browser.get(path).catch((error: unknown) => {
      console.warn(`GET ${path} failed once (${String(error)}), retrying`);
      return browser.get(path);
    });
    expect(response.status, path).toBe(200);
    await response.text();
    for (let i = 0; i < 100 && seen.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen.length, path).toBe(1);
    return seen[0];
  } finally {
    stop();
  }
}

/** A thread of `size` posts by ten rotating authors: top-level replies, nested ones, and replies to replies. */
async function threadWithPosts(size: number): Promise<number> {
  const { threadId } = await createForumThread(server.deps, { author: authors[0], topicId: smallTopic.id });
  let lastTop: number | null = null;
  let lastNested: number | null = null;
  for (let i = 1; i < size; i++) {
    const author = authors[i % authors.length];
    const parentId = i % 4 === 2 ? lastTop : i % 4 === 3 ? lastNested ?? lastTop : null;
    const { postId } = await services.forum.createReply(as(server.deps, author), { threadId, parentId: parentId ?? undefined, body: `Respuesta ${i}` });
    if (parentId === null) lastTop = postId;
    else if (i % 4 === 2) lastNested = postId;
  }
  return threadId;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  server = await startTestServer(handle);
  authors = [];
  for (let i = 0; i < 10; i++) authors.push(await createUser(handle.db));
  viewer = await createUser(handle.db);
  smallTopic = await createTopic(handle.db);
  bigTopic = await createTopic(handle.db);
  for (const size of [20, 50, 200]) threads.set(size, await threadWithPosts(size));
  for (let i = 0; i < 10; i++) await createForumThread(server.deps, { author: authors[i % 10], topicId: bigTopic.id, title: `Hilo de la lista ${i}` });
  signedIn = createBrowser(server);
  const response = await signedIn.post("/sign-in", { email: viewer.email, password: DEFAULT_TEST_PASSWORD, redirectTo: "/" });
  expect(response.status).toBe(302);
}, 600_000);

afterAll(async () => {
  await server?.close();
  await handle?.close();
});

/** Upper bounds, from what the pages need today plus a small margin; a page over them has grown a query. */
const BOUNDS = {
  threadAnonymous: 14,
  threadSignedIn: 22,
  // The topic's page: its threads, tags, follow state, next events and latest documents.
  topicList: 16,
  group: 24,
  notifications: 12,
  documents: 12,
  events: 12,
  search: 14,
};

describe("the thread page", () => {
  it("costs the same number of queries for 20, 50 and 200 posts, anonymous and signed in", async () => {
    const anonymous = createBrowser(server);
    const counts = { anonymous: [] as number[], signedIn: [] as number[] };
    for (const size of [20, 50, 200]) {
      const path = `/t/${threads.get(size)}`;
      counts.anonymous.push(await queriesFor(anonymous, path));
      counts.signedIn.push(await queriesFor(signedIn, path));
    }
    console.info("thread page queries (20, 50, 200 posts):", counts);
    expect(new Set(counts.anonymous).size, JSON.stringify(counts)).toBe(1);
    expect(new Set(counts.signedIn).size, JSON.stringify(counts)).toBe(1);
    expect(counts.anonymous[0]).toBeLessThanOrEqual(BOUNDS.threadAnonymous);
    expect(counts.signedIn[0]).toBeLessThanOrEqual(BOUNDS.threadSignedIn);
  });

  it("costs the same on a later page of the long thread", async () => {
    const page = await services.forum.getThreadPage(as(server.deps, null), { threadId: threads.get(200) });
    const first = await queriesFor(createBrowser(server), `/t/${threads.get(200)}`);
    const later = await queriesFor(createBrowser(server), `/t/${threads.get(200)}?after=${page.nextAfter}`);
    // A later page also looks up the previous page's cursor: one query more, never more per post.
    expect(later).toBeLessThanOrEqual(first + 1);
  });
});

describe("lists", () => {
  it("the topic list costs the same with 10 and 100 threads", async () => {
    const anonymous = createBrowser(server);
    const small = { anonymous: await queriesFor(anonymous, `/topics/${bigTopic.slug}`), signedIn: await queriesFor(signedIn, `/topics/${bigTopic.slug}`) };
    for (let i = 10; i < 100; i++) await createForumThread(server.deps, { author: authors[i % 10], topicId: bigTopic.id, title: `Hilo de la lista ${i}` });
    // The page also shows the topic's next events and latest documents, a few of each whatever there are.
    for (let i = 0; i < 6; i++) await createEvent(server.deps, { topicId: bigTopic.id, title: `Webinario del tema ${i}` });
    for (let i = 0; i < 6; i++) await uploadTestDocument(server.deps, authors[i], { title: `Guía del tema ${i}`, place: `topic:${bigTopic.id}` });
    const big = { anonymous: await queriesFor(anonymous, `/topics/${bigTopic.slug}`), signedIn: await queriesFor(signedIn, `/topics/${bigTopic.slug}`) };
    console.info("topic list queries (10 threads, none of the rest; 100 threads, 6 events, 6 documents):", small, big);
    const page = await (await signedIn.get(`/topics/${bigTopic.slug}`)).text();
    expect(page).toContain("Webinario del tema 0");
    expect(page).toContain("Guía del tema 5");
    expect(big).toEqual(small);
    expect(big.signedIn).toBeLessThanOrEqual(BOUNDS.topicList);
  }, 120_000);

  it("the group page costs the same with 2 and 20 threads", async () => {
    const moderator = await createUser(handle.db, { site_role: "moderator" });
    const group = await services.groups.createGroup(as(server.deps, moderator), {
      topicId: smallTopic.id,
      kind: "expert_group",
      slug: "grupo-consultas",
      nameEs: "Grupo de consultas",
      namePt: "Grupo de consultas",
      nameEn: "Questions group",
      joinPolicy: "open",
    });
    await services.groups.joinGroup(as(server.deps, viewer), { groupId: group.id });
    const post = (i: number) =>
      services.forum.createThread(as(server.deps, moderator), { groupId: group.id, kind: "discussion", title: `Tema del grupo ${i}`, body: "Texto", tags: [] });
    for (let i = 0; i < 2; i++) await post(i);
    const small = await queriesFor(signedIn, `/g/${group.slug}`);
    for (let i = 2; i < 20; i++) await post(i);
    // The page also shows the group's next events and latest documents, a few of each whatever there are.
    for (let i = 0; i < 5; i++) await createEvent(server.deps, { organiser: moderator, groupId: group.id, title: `Taller del grupo ${i}` });
    for (let i = 0; i < 5; i++) await uploadTestDocument(server.deps, moderator, { title: `Informe del grupo ${i}`, place: `group:${group.id}` });
    const big = await queriesFor(signedIn, `/g/${group.slug}`);
    console.info("group page queries (2 threads; 20 threads, 5 events, 5 documents):", small, big);
    const page = await (await signedIn.get(`/g/${group.slug}`)).text();
    expect(page).toContain("Taller del grupo 0");
    expect(page).toContain("Informe del grupo 4");
    expect(big).toBe(small);
    expect(big).toBeLessThanOrEqual(BOUNDS.group);
  }, 120_000);

  it("the notifications page costs the same with few and many notifications", async () => {
    const { threadId } = await createForumThread(server.deps, { author: viewer, topicId: smallTopic.id });
    const reply = (i: number) => services.forum.createReply(as(server.deps, authors[i % 10]), { threadId, body: `Aviso ${i}` });
    for (let i = 0; i < 3; i++) await reply(i);
    const small = await queriesFor(signedIn, "/notifications");
    for (let i = 3; i < 40; i++) await reply(i);
    const big = await queriesFor(signedIn, "/notifications");
    console.info("notifications page queries:", small, big);
    expect(big).toBe(small);
    expect(big).toBeLessThanOrEqual(BOUNDS.notifications);
  }, 120_000);

  it("the documents list costs the same with 2 and 12 documents", async () => {
    const moderator = await createUser(handle.db, { site_role: "moderator" });
    for (let i = 0; i < 2; i++) await uploadTestDocument(server.deps, authors[i], { title: `Guía ${i}`, place: `topic:${smallTopic.id}` });
    const small = { anonymous: await queriesFor(createBrowser(server), "/documents"), signedIn: await queriesFor(signedIn, "/documents") };
    for (let i = 2; i < 12; i++) await uploadTestDocument(server.deps, i % 2 ? moderator : authors[i % 10], { title: `Guía ${i}`, place: `topic:${smallTopic.id}` });
    const big = { anonymous: await queriesFor(createBrowser(server), "/documents"), signedIn: await queriesFor(signedIn, "/documents") };
    console.info("documents list queries:", small, big);
    expect(big).toEqual(small);
    expect(big.signedIn).toBeLessThanOrEqual(BOUNDS.documents);
  }, 120_000);

  it("the events list costs the same with 2 and 12 events", async () => {
    for (let i = 0; i < 2; i++) await createEvent(server.deps, { topicId: smallTopic.id, title: `Webinario ${i}` });
    const small = { anonymous: await queriesFor(createBrowser(server), "/events"), signedIn: await queriesFor(signedIn, "/events") };
    for (let i = 2; i < 12; i++) await createEvent(server.deps, { topicId: smallTopic.id, title: `Webinario ${i}` });
    const big = { anonymous: await queriesFor(createBrowser(server), "/events"), signedIn: await queriesFor(signedIn, "/events") };
    console.info("events list queries:", small, big);
    expect(big).toEqual(small);
    expect(big.signedIn).toBeLessThanOrEqual(BOUNDS.events);
  }, 120_000);

  it("search costs the same for few and many hits", async () => {
    const few = await queriesFor(signedIn, `/search?q=${encodeURIComponent("Respuesta 150")}`);
    const many = await queriesFor(signedIn, `/search?q=${encodeURIComponent("Respuesta")}`);
    console.info("search queries (few, many hits):", few, many);
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(BOUNDS.search);
  });
});

describe("the anonymous page cache", () => {
  /** One GET with its query count, cache status, CSP nonce and the nonces on the page's scripts. */
  async function fetchPage(browser: ReturnType<typeof createBrowser>, path: string) {
    const seen: number[] = [];
    const stop = observeRequestQueries((info) => {
      if (info.url === path) seen.push(info.queries);
    });
    const response = await browser.get(path);
    const html = await response.text();
    for (let i = 0; i < 100 && seen.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    stop();
    const csp = response.headers.get("content-security-policy") ?? "";
    return {
      status: response.status,
      html,
      cache: response.headers.get("x-page-cache"),
      queries: seen[0],
      headerNonce: csp.match(/'nonce-([^']+)'/)?.[1],
      scriptNonces: [...new Set([...html.matchAll(/<script[^>]*\snonce="([^"]+)"/g)].map((match) => match[1]))],
    };
  }
  /** Writes outside a request (the factories) bump the cache once more a second later; wait that out. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1_100));

  it("serves an anonymous reader's second visit from memory, with no query and a fresh nonce", async () => {
    const path = `/t/${threads.get(50)}`;
    await settle();
    const first = await fetchPage(createBrowser(server), path);
    expect(first.cache).toBe("miss");
    expect(first.queries).toBeGreaterThan(0);
    const second = await fetchPage(createBrowser(server), path);
    expect(second.cache).toBe("hit");
    expect(second.queries).toBe(0);
    expect(second.html.replaceAll(second.headerNonce!, "N")).toBe(first.html.replaceAll(first.headerNonce!, "N"));
    // The nonce in the CSP header is this response's own, and it is the one on the page's scripts.
    expect(second.headerNonce).toBeTruthy();
    expect(second.headerNonce).not.toBe(first.headerNonce);
    expect(second.scriptNonces).toEqual([second.headerNonce]);
    expect(first.scriptNonces).toEqual([first.headerNonce]);
  });

  it("varies by language", async () => {
    const path = `/topics/${bigTopic.slug}`;
    await settle();
    await fetchPage(createBrowser(server, "es"), path);
    const spanish = await fetchPage(createBrowser(server, "es"), path);
    const english = await fetchPage(createBrowser(server, "en"), path);
    expect(spanish.cache).toBe("hit");
    expect(english.cache).toBe("miss");
    expect(english.html).toContain('<html lang="en"');
  });

  it("drops the page when a reply is posted: the reply shows at once", async () => {
    const path = `/t/${threads.get(20)}`;
    await settle();
    await fetchPage(createBrowser(server), path);
    expect((await fetchPage(createBrowser(server), path)).cache).toBe("hit");
    const author = createBrowser(server);
    await author.post("/sign-in", { email: authors[3].email, password: DEFAULT_TEST_PASSWORD, redirectTo: "/" });
    const replied = await author.post(`/t/${threads.get(20)}`, { intent: "submit", body: "Una respuesta recién publicada sobre ciclovías" });
    expect(replied.status).toBeLessThan(400);
    const after = await fetchPage(createBrowser(server), path);
    expect(after.cache).toBe("miss");
    expect(after.html).toContain("Una respuesta recién publicada sobre ciclovías");
  });

  it("keeps the page while members sign in, read and follow: writes no anonymous reader sees", async () => {
    const threadId = threads.get(50)!;
    const path = `/t/${threadId}`;
    await settle();
    await fetchPage(createBrowser(server), path);
    expect((await fetchPage(createBrowser(server), path)).cache).toBe("hit");
    const member = createBrowser(server);
    expect((await member.post("/sign-in", { email: authors[5].email, password: DEFAULT_TEST_PASSWORD, redirectTo: "/" })).status).toBeLessThan(400);
    expect((await member.get(path)).status).toBe(200);
    expect((await member.post(path, { intent: "follow", level: "watching" })).status).toBeLessThan(400);
    const followed = await server.deps.db.selectFrom("thread_follows").select("level").where("user_id", "=", authors[5].id).where("thread_id", "=", threadId).executeTakeFirst();
    expect(followed?.level).toBe("watching");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await fetchPage(createBrowser(server), path)).cache).toBe("hit");
  });

  it("never serves or stores pages for signed-in members", async () => {
    const path = `/t/${threads.get(50)}`;
    await settle();
    await fetchPage(createBrowser(server), path);
    expect((await fetchPage(createBrowser(server), path)).cache).toBe("hit");
    const member = await fetchPage(signedIn, path);
    expect(member.cache).toBeNull();
    expect(member.queries).toBeGreaterThan(0);
    expect(member.scriptNonces).toEqual([member.headerNonce]);
    // A request with any session cookie (even a stale one) is not served from the cache either.
    const stale = await fetchPage(createBrowser(server), path).then(() => createBrowser(server));
    stale.jar.set("enlace_session", "not-a-valid-token");
    const staleVisit = await fetchPage(stale, path);
    expect(staleVisit.cache).toBeNull();
  });
});
