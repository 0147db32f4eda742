// The leak matrix, generated: every Remix page (from web/routes through Remix's flat-routes convention),
// every JSON API operation (from /api/v1/openapi.json) and every other Express route (walked from the
// app's router), as every actor, against one fixture where a private group's thread, reply, tag, document
// (title, file name, PDF text), event and flag carry a canary and a pair space carries another. A route
// whose parameters the maps below cannot fill fails the test, so a new route cannot go unchecked.
// Then the side channels: search and counts, notifications, emails and digests, webhooks, sockets.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import { createApp } from "../../server/app";
import { services } from "../../server/domain";
import { calendarFeedToken } from "../../server/domain/events/event-calendar";
import { sendEventReminders } from "../../server/domain/events/event-reminders";
import { scheduleDigests } from "../../server/domain/notifications/notification-email";
import { figureNames } from "../../shared/schemas/figures.schema";
import { as } from "../factories/forum";
import {
  actorNames,
  type ActorName,
  type Browser,
  CANARY,
  createLeakActors,
  createPrivateContent,
  forbiddenCanaries,
  type LeakFixture,
  MISSING_ID,
  MISSING_SLUG,
  normalise,
  PAIR_CANARY,
  PDF_WORD,
  remixRoutes,
  request,
  seesGroup,
  seesPair,
  signedInBrowser,
} from "../setup/leak-fixture";
import { createClientFactory, type ClientFactory } from "../setup/socket-client";
import { createTestDatabase } from "../setup/test-database";
import { startTestServer, type TestServer } from "../setup/test-server";
import { withSentBodies } from "../setup/test-deps";

let handle: DatabaseHandle;
let server: TestServer;
let fx: LeakFixture;
const browsers = {} as Record<ActorName, Browser>;
/** Public pages as seen by outsiders before anything private existed. */
const before = new Map<string, string>();
let clients: ClientFactory | undefined;

/** One address to fetch: where its canaries may show, and the address of something missing to compare with. */
interface Probe {
  url: string;
  /** The same address for an id or slug that does not exist: outsiders must get exactly the same answer. */
  missing?: string;
  /** Actors for whom the canary must show here (so the matrix can fail the other way too). */
  mustSee?: (actor: ActorName) => boolean;
  /** Which canary mustSee is about. */
  canary?: string;
  /** Aggregates only: no canary for anyone, staff included. */
  neverCanary?: boolean;
  /** The private space the address belongs to: its outsiders get the missing address's answer. */
  space?: "group" | "pair";
}
type Filler = (fx: LeakFixture, actor: ActorName) => Promise<Probe[]> | Probe[];

const groupProbe = (url: string, missing: string, mustSee = false): Probe => ({ url, missing, space: "group", ...(mustSee ? { mustSee: seesGroup, canary: CANARY } : {}) });
const pairProbe = (url: string, missing: string, mustSee = false): Probe => ({ url, missing, space: "pair", ...(mustSee ? { mustSee: seesPair, canary: PAIR_CANARY } : {}) });

/**
 * How to fill each parameterised page route. A route with parameters that is missing here fails the test.
 * Routes without parameters are fetched as they are, plus the variants in PAGE_VARIANTS.
 */
const PAGE_PARAMS: Record<string, Filler> = {
  "/t/:threadId": (f) => [groupProbe(`/t/${f.threadId}`, `/t/${MISSING_ID}`, true), pairProbe(`/t/${f.pairThreadId}`, `/t/${MISSING_ID}`, true)],
  "/t/:threadId/reply": (f) => [groupProbe(`/t/${f.threadId}/reply`, `/t/${MISSING_ID}/reply`), pairProbe(`/t/${f.pairThreadId}/reply`, `/t/${MISSING_ID}/reply`)],
  "/p/:postId": (f) => [groupProbe(`/p/${f.replyPostId}`, `/p/${MISSING_ID}`), pairProbe(`/p/${f.pairPostId}`, `/p/${MISSING_ID}`)],
  "/p/:postId/history": (f) => [groupProbe(`/p/${f.replyPostId}/history`, `/p/${MISSING_ID}/history`, true), pairProbe(`/p/${f.pairPostId}/history`, `/p/${MISSING_ID}/history`, true)],
  "/p/:postId/edit": (f) => [groupProbe(`/p/${f.firstPostId}/edit`, `/p/${MISSING_ID}/edit`), pairProbe(`/p/${f.pairPostId}/edit`, `/p/${MISSING_ID}/edit`)],
  "/p/:postId/flag": (f) => [groupProbe(`/p/${f.replyPostId}/flag`, `/p/${MISSING_ID}/flag`), pairProbe(`/p/${f.pairPostId}/flag`, `/p/${MISSING_ID}/flag`)],
  "/g/:slug": (f) => [groupProbe(`/g/${f.groupSlug}`, `/g/${MISSING_SLUG}`, true)],
  "/g/:slug/members": (f) => [groupProbe(`/g/${f.groupSlug}/members`, `/g/${MISSING_SLUG}/members`, true)],
  "/g/:slug/new": (f) => [groupProbe(`/g/${f.groupSlug}/new`, `/g/${MISSING_SLUG}/new`)],
  "/g/:slug/settings": (f) => [groupProbe(`/g/${f.groupSlug}/settings`, `/g/${MISSING_SLUG}/settings`)],
  "/documents/:id": (f) => [groupProbe(`/documents/${f.documentId}`, `/documents/${MISSING_ID}`, true)],
  "/documents/:id/versions": (f) => [groupProbe(`/documents/${f.documentId}/versions`, `/documents/${MISSING_ID}/versions`)],
  "/events/:id": (f) => [groupProbe(`/events/${f.eventId}`, `/events/${MISSING_ID}`, true)],
  "/events/:id.ics": (f) => [groupProbe(`/events/${f.eventId}.ics`, `/events/${MISSING_ID}.ics`, true)],
  "/events/:id/edit": (f) => [groupProbe(`/events/${f.eventId}/edit`, `/events/${MISSING_ID}/edit`)],
  "/pairs/:pairId": (f) => [pairProbe(`/pairs/${f.pairId}`, `/pairs/${MISSING_ID}`, true)],
  "/pairs/:pairId/new": (f) => [pairProbe(`/pairs/${f.pairId}/new`, `/pairs/${MISSING_ID}/new`)],
  "/topics/:slug": (f) => [{ url: `/topics/${f.topic.slug}` }, { url: `/topics/${f.topic.slug}?tag=${f.tagSlug}`, missing: `/topics/${f.topic.slug}?tag=etiqueta-inexistente`, space: "group" }],
  "/topics/:slug/new": (f) => [{ url: `/topics/${f.topic.slug}/new` }],
  "/topics/:slug/events.ics": (f) => [{ url: `/topics/${f.topic.slug}/events.ics` }],
  "/feeds/topics/:file": (f) => [{ url: `/feeds/topics/${f.topic.slug}.atom` }],
  "/u/:handle": (f) => (["member", "groupModerator", "removedMember", "pairMember"] as const).map((name) => ({ url: `/u/${f.users[name]!.handle}` })),
  // Each member's own calendar feed (calendar apps send no cookies; the token is the key).
  "/calendar/:token.ics": async (f, actor) => {
    const user = f.users[actor];
    if (!user) return [{ url: `/calendar/1.${"x".repeat(43)}.ics` }];
    return [{ url: `/calendar/${await calendarFeedToken(server.deps.db, user.id)}.ics`, ...(actor === "member" ? { mustSee: (a: ActorName) => a === "member", canary: CANARY } : {}) }];
  },
  "/admin/figures/:file": () => [...figureNames, "map"].flatMap((name) => ["month", "topic", "country"].map((by) => ({ url: `/admin/figures/${name}.csv?by=${by}`, neverCanary: true }))),
  "/admin/webhooks/:webhookId": async () => {
    const webhook = await server.deps.db.selectFrom("webhooks").select("id").executeTakeFirstOrThrow();
    return [{ url: `/admin/webhooks/${webhook.id}` }];
  },
  "/*": () => [{ url: "/no-such-page" }, { url: "/sitemap.xml" }, { url: "/robots.txt" }],
};

/** Extra addresses for routes without parameters: searches and filters that name the canary. */
const PAGE_VARIANTS: Record<string, Filler> = {
  "/search": () => [
    { url: `/search?q=${CANARY}`, missing: `/search?q=palabrainexistentezq`, mustSee: seesGroup, canary: CANARY, space: "group" },
    { url: `/search?q=${PAIR_CANARY}`, missing: `/search?q=palabrainexistentezq`, mustSee: seesPair, canary: PAIR_CANARY, space: "pair" },
    { url: `/search?q=secreto`, missing: `/search?q=palabrainexistentezq`, space: "group" },
  ],
  "/documents": () => [
    { url: `/documents?q=${CANARY}`, missing: `/documents?q=palabrainexistentezq`, mustSee: seesGroup, canary: CANARY, space: "group" },
    { url: `/documents?q=${PDF_WORD}`, missing: `/documents?q=palabrainexistentezq`, mustSee: seesGroup, canary: CANARY, space: "group" },
  ],
  "/groups": () => [{ url: "/groups", mustSee: seesGroup, canary: CANARY }],
  "/events": () => [{ url: "/events", mustSee: seesGroup, canary: CANARY }],
  "/events/mine": () => [{ url: "/events/mine", mustSee: (a) => a === "member", canary: CANARY }],
  "/notifications": () => [{ url: "/notifications", mustSee: (a) => a === "groupModerator", canary: CANARY }],
};

/** Public pages that outsiders must see exactly as before anything private existed (lists, counts, profiles). */
const unchangedForOutsiders = (f: Pick<LeakFixture, "topic" | "users">) => [
  "/",
  "/topics",
  `/topics/${f.topic.slug}`,
  "/groups",
  "/events",
  "/events/calendar",
  "/documents",
  "/experts",
  `/u/${f.users.member!.handle}`,
  `/u/${f.users.groupModerator!.handle}`,
  `/search?q=${CANARY}`,
  `/search?q=secreto`,
  `/feeds/topics/${f.topic.slug}.atom`,
  `/topics/${f.topic.slug}/events.ics`,
  "/feeds/solved.atom",
  "/feeds/events.atom",
  "/feeds/documents.atom",
  "/api/v1/threads?limit=100",
  "/api/v1/topics",
  `/api/v1/search?q=${CANARY}`,
];
const snapshotActors: ActorName[] = ["anonymous", "nonMember", "siteModerator"];

beforeAll(async () => {
  handle = await createTestDatabase();
  server = await startTestServer(handle);
  const actors = await createLeakActors(server);
  for (const name of actorNames) browsers[name] = await signedInBrowser(server, actors.users[name]);
  for (const name of snapshotActors) {
    for (const url of unchangedForOutsiders(actors)) before.set(`${name} ${url}`, await bodyOf(browsers[name], url));
  }
  fx = await createPrivateContent(server, actors);
}, 120_000);
afterAll(async () => {
  clients?.closeAll();
  await server?.close();
  await handle?.close();
});

async function bodyOf(browser: Browser, url: string) {
  const response = await browser.get(url, url.startsWith("/api/") ? { accept: "application/json" } : {});
  return normalise(await response.text());
}

/** What an outsider learns from a response: status, where it sends them, and the page. */
async function answer(response: Response, url: string) {
  const path = url.split("?")[0];
  const location = (response.headers.get("location") ?? "").replace(server.url, "");
  const text = await response.text();
  return {
    status: response.status,
    location: normalise(location, [[encodeURIComponent(path), "URL"], [path, "URL"]]),
    body: normalise(text, [[encodeURIComponent(url), "URL"], [url.replaceAll("&", "&amp;"), "URL"], [url, "URL"], [encodeURIComponent(path), "URL"], [path, "URL"], ...queryOf(url)]),
    raw: text + "\n" + location,
  };
}
const queryOf = (url: string): [string, string][] => {
  const q = new URL(url, "http://x").searchParams;
  return [...q.values()].filter((value) => value.length > 3).map((value) => [value, "QUERY"]);
};

/** Probes of every page route for an actor; throws naming a route the maps cannot fill. */
async function pageProbes(actor: ActorName): Promise<Probe[]> {
  const probes: Probe[] = [];
  for (const route of remixRoutes()) {
    const fill = PAGE_PARAMS[route.path];
    if (route.params.length > 0 && !fill) throw new Error(`The leak matrix cannot fill the parameters of ${route.path} (${route.id}): add it to PAGE_PARAMS`);
    if (fill) probes.push(...(await fill(fx, actor)));
    else probes.push({ url: route.path });
    const variants = PAGE_VARIANTS[route.path];
    if (variants) probes.push(...(await variants(fx, actor)));
  }
  return probes;
}

/** Fetches probes as an actor: outsiders get no canary and the missing id's answer; allowed actors see it where they should. */
async function checkProbes(actor: ActorName, probes: Probe[], fetchAs: (url: string) => Promise<Response>) {
  const forbidden = forbiddenCanaries(actor);
  const shouldHaveSeen: string[] = [];
  const problems: string[] = [];
  for (const probe of probes) {
    const got = await answer(await fetchAs(probe.url), probe.url);
    const canaries = probe.neverCanary ? [CANARY, PAIR_CANARY] : forbidden;
    for (const canary of canaries) {
      // A query that names the canary is echoed back (search box, title): there, the answer must be the
      // same as for a word that exists nowhere, which the comparison below checks.
      if (probe.url.includes(canary) && probe.missing) continue;
      if (got.raw.includes(canary)) problems.push(`${actor} ${probe.url} (${got.status}) shows ${canary}: ${excerpt(got.raw, canary)}`);
    }
    if (probe.mustSee?.(actor) && probe.canary) {
      if (!got.raw.includes(probe.canary) && !(got.status === 302 && got.location)) shouldHaveSeen.push(`${probe.url} (${got.status})`);
    }
    const outsider = probe.space === "group" ? !seesGroup(actor) : probe.space === "pair" ? !seesPair(actor) : false;
    if (probe.missing && outsider) {
      const missing = await answer(await fetchAs(probe.missing), probe.missing);
      if (got.status !== missing.status) problems.push(`${actor} ${probe.url} answers ${got.status}, a missing one ${missing.status}`);
      else if (got.location !== missing.location) problems.push(`${actor} ${probe.url} sends to ${got.location}, a missing one to ${missing.location}`);
      else if (got.body !== missing.body) problems.push(`${actor} ${probe.url} differs from ${probe.missing}: ${firstDifference(got.body, missing.body)}`);
    }
  }
  return { problems, shouldHaveSeen };
}

function excerpt(text: string, word: string) {
  const at = text.indexOf(word);
  return text.slice(Math.max(0, at - 150), at + 60).replace(/\s+/g, " ");
}

function firstDifference(a: string, b: string) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `…${a.slice(Math.max(0, i - 60), i + 80)}… vs …${b.slice(Math.max(0, i - 60), i + 80)}…`;
}

describe("leak matrix: every page route", () => {
  it("every route's parameters can be filled (a new route must join PAGE_PARAMS)", () => {
    const routes = remixRoutes();
    expect(routes.length).toBeGreaterThan(60);
    const unfilled = routes.filter((route) => route.params.length > 0 && !PAGE_PARAMS[route.path]).map((route) => route.path);
    expect(unfilled).toEqual([]);
    // And no entry outlives its route.
    const paths = new Set(routes.map((route) => route.path));
    expect(Object.keys(PAGE_PARAMS).filter((path) => !paths.has(path))).toEqual([]);
    expect(Object.keys(PAGE_VARIANTS).filter((path) => !paths.has(path))).toEqual([]);
  });

  for (const actor of actorNames) {
    it(`${actor}: ${seesGroup(actor) ? "sees the group's canary where it belongs" : "never sees the group's canary"}${seesPair(actor) ? ", sees the pair's" : ""}; hidden addresses answer like missing ones`, async () => {
      const probes = await pageProbes(actor);
      const { problems, shouldHaveSeen } = await checkProbes(actor, probes, (url) => browsers[actor].get(url));
      expect(problems).toEqual([]);
      expect(shouldHaveSeen).toEqual([]);
    }, 90_000);
  }

  it("outsiders see the public pages, counts, feeds and searches exactly as before the group existed", async () => {
    const changed: string[] = [];
    for (const name of snapshotActors) {
      for (const url of unchangedForOutsiders(fx)) {
        const now = await bodyOf(browsers[name], url);
        if (now !== before.get(`${name} ${url}`)) changed.push(`${name} ${url}: ${firstDifference(now, before.get(`${name} ${url}`)!)}`);
      }
    }
    expect(changed).toEqual([]);
  }, 60_000);
});

interface ExpressRoute {
  path: string;
  methods: string[];
}

/** Every route the Express app answers outside Remix, with its mount prefix, walked from the app's router. */
function expressRoutes(): ExpressRoute[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] }; regexp: RegExp };
  // The same app without Remix (which answers "*"): its router holds every Express route.
  const app = createApp(server.deps) as unknown as { _router: { stack: Layer[] } };
  const routes: ExpressRoute[] = [];
  const add = (layer: Layer, prefix: string) => {
    if (layer.route && layer.route.path !== "*") routes.push({ path: prefix + layer.route.path, methods: Object.keys(layer.route.methods).filter((m) => m !== "_all") });
  };
  for (const layer of app._router.stack) {
    add(layer, "");
    if (!layer.handle?.stack) continue;
    // A mounted router: its prefix is the first known mount point its pattern matches (the root first).
    const prefix = ["", "/api/v1"].find((candidate) => layer.regexp.test(`${candidate}/`));
    if (prefix === undefined) throw new Error(`a router mounted at an unknown prefix (${layer.regexp}): teach the leak matrix its mount point`);
    for (const inner of layer.handle.stack) add(inner, prefix);
  }
  return routes;
}

/** How to fill each JSON API path of the OpenAPI document (and its GET queries). A path with parameters missing here fails. */
const API_PARAMS: Record<string, (f: LeakFixture) => Probe[]> = {
  "/threads/{id}": (f) => [groupProbe(`/api/v1/threads/${f.threadId}`, `/api/v1/threads/${MISSING_ID}`, true), pairProbe(`/api/v1/threads/${f.pairThreadId}`, `/api/v1/threads/${MISSING_ID}`, true)],
  "/threads/{id}/replies": (f) => [groupProbe(`/api/v1/threads/${f.threadId}/replies`, `/api/v1/threads/${MISSING_ID}/replies`), pairProbe(`/api/v1/threads/${f.pairThreadId}/replies`, `/api/v1/threads/${MISSING_ID}/replies`)],
  "/threads/{id}/solution": (f) => [groupProbe(`/api/v1/threads/${f.threadId}/solution`, `/api/v1/threads/${MISSING_ID}/solution`)],
  "/posts/{id}": (f) => [groupProbe(`/api/v1/posts/${f.replyPostId}`, `/api/v1/posts/${MISSING_ID}`), pairProbe(`/api/v1/posts/${f.pairPostId}`, `/api/v1/posts/${MISSING_ID}`)],
  "/posts/{id}/revisions": (f) => [groupProbe(`/api/v1/posts/${f.replyPostId}/revisions`, `/api/v1/posts/${MISSING_ID}/revisions`, true), pairProbe(`/api/v1/posts/${f.pairPostId}/revisions`, `/api/v1/posts/${MISSING_ID}/revisions`, true)],
  "/posts/{id}/helpful": (f) => [groupProbe(`/api/v1/posts/${f.replyPostId}/helpful`, `/api/v1/posts/${MISSING_ID}/helpful`)],
  "/threads": (f) => [
    { url: "/api/v1/threads?limit=100" },
    { url: `/api/v1/threads?tag=${f.tagSlug}`, missing: "/api/v1/threads?tag=etiqueta-inexistente", space: "group" },
    { url: `/api/v1/threads?topic=${f.topic.slug}&limit=100` },
  ],
  "/search": () => [
    { url: `/api/v1/search?q=${CANARY}`, missing: "/api/v1/search?q=palabrainexistentezq", mustSee: seesGroup, canary: CANARY, space: "group" },
    { url: `/api/v1/search?q=${PAIR_CANARY}`, missing: "/api/v1/search?q=palabrainexistentezq", mustSee: seesPair, canary: PAIR_CANARY, space: "pair" },
  ],
};
/** Express routes outside the API and Remix: how to fill them. */
const EXPRESS_PARAMS: Record<string, (f: LeakFixture) => Probe[]> = {
  "/documents/:id/download": (f) => [groupProbe(`/documents/${f.documentId}/download`, `/documents/${MISSING_ID}/download`, true)],
  "/healthz": () => [{ url: "/healthz" }],
};

async function openApiPaths(): Promise<Record<string, Record<string, unknown>>> {
  const response = await fetch(`${server.url}/api/v1/openapi.json`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { paths: Record<string, Record<string, unknown>> }).paths;
}

/** Bodies for writes, enough to pass every schema, so the answer depends on the id alone. */
const WRITE_BODY = { body: "Un intento desde fuera del grupo", title: "Un intento desde fuera", helpful: true, postId: 1 };

describe("leak matrix: every JSON API operation and Express route", () => {
  it("every OpenAPI path and Express route can be filled, and every Express API route is in the OpenAPI document", async () => {
    const paths = await openApiPaths();
    expect(Object.keys(paths).length).toBeGreaterThan(8);
    expect(Object.keys(paths).filter((path) => path.includes("{") && !API_PARAMS[path])).toEqual([]);
    const documented = new Set(Object.entries(paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} /api/v1${path.replace(/\{(\w+)\}/g, ":$1")}`)));
    const routes = expressRoutes();
    expect(routes.length).toBeGreaterThan(10);
    const undocumented = routes.flatMap((route) => route.methods.map((method) => `${method} ${route.path}`)).filter((key) => key.includes(" /api/v1/") && !documented.has(key));
    expect(undocumented).toEqual([]);
    expect(routes.filter((route) => !route.path.startsWith("/api/v1/") && !EXPRESS_PARAMS[route.path]).map((route) => route.path)).toEqual([]);
  });

  for (const actor of actorNames) {
    it(`${actor}: API reads and downloads ${seesGroup(actor) ? "show the canary" : "never show the canary and answer like missing ids"}; writes to hidden ids answer like missing ones`, async () => {
      const paths = await openApiPaths();
      const probes: Probe[] = [];
      for (const [path, operations] of Object.entries(paths)) {
        if (!("get" in operations)) continue;
        probes.push(...(API_PARAMS[path]?.(fx) ?? [{ url: `/api/v1${path}` }]));
      }
      for (const route of expressRoutes()) if (!route.path.startsWith("/api/v1/") && route.methods.includes("get")) probes.push(...EXPRESS_PARAMS[route.path](fx));
      // Reads (GET) through the API's own paths, and Express downloads.
      const getProbes = probes.filter((probe) => !/\/(replies|solution|helpful)$/.test(probe.url));
      const { problems, shouldHaveSeen } = await checkProbes(actor, getProbes, (url) => request(server, browsers[actor], "GET", url));
      expect(problems).toEqual([]);
      expect(shouldHaveSeen).toEqual([]);

      // Writes, for those who may not see: the hidden id's answer is exactly the missing id's.
      const writeProblems: string[] = [];
      for (const [path, operations] of Object.entries(paths)) {
        if (!path.includes("{")) continue;
        for (const method of Object.keys(operations).filter((m) => m !== "get")) {
          for (const probe of API_PARAMS[path](fx)) {
            const outsider = probe.space === "group" ? !seesGroup(actor) : !seesPair(actor);
            if (!outsider || !probe.missing) continue;
            const hidden = await answer(await request(server, browsers[actor], method.toUpperCase(), probe.url, WRITE_BODY), probe.url);
            const missing = await answer(await request(server, browsers[actor], method.toUpperCase(), probe.missing, WRITE_BODY), probe.missing);
            for (const canary of forbiddenCanaries(actor)) if (hidden.raw.includes(canary)) writeProblems.push(`${method} ${probe.url} shows ${canary}`);
            if (hidden.status !== missing.status || hidden.body !== missing.body) writeProblems.push(`${method} ${probe.url}: ${hidden.status} ${hidden.body.slice(0, 200)} vs ${missing.status} ${missing.body.slice(0, 200)}`);
          }
        }
      }
      expect(writeProblems).toEqual([]);
      // Starting a thread in the hidden group or pair is refused exactly like in a missing one.
      if (!seesGroup(actor) || !seesPair(actor)) {
        const into = async (place: Record<string, number>) => answer(await request(server, browsers[actor], "POST", "/api/v1/threads", { kind: "discussion", ...WRITE_BODY, ...place }), "/api/v1/threads");
        if (!seesGroup(actor)) expect(await into({ groupId: fx.groupId })).toEqual(await into({ groupId: MISSING_ID }));
        if (!seesPair(actor)) expect(await into({ pairId: fx.pairId })).toEqual(await into({ pairId: MISSING_ID }));
      }
    }, 60_000);
  }
});

describe("leak matrix: search, counts, notifications, webhooks", () => {
  it("services: search, document search, topic counts, activity counts and notifications show outsiders nothing", async () => {
    const leaks: string[] = [];
    for (const actor of actorNames) {
      const ctx = as(server.deps, fx.users[actor]);
      const results: Record<string, unknown> = {
        search: await services.forum.search(ctx, { q: CANARY }),
        searchPair: await services.forum.search(ctx, { q: PAIR_CANARY }),
        documents: await services.documents.list(ctx, { q: PDF_WORD }),
        documentsByName: await services.documents.list(ctx, { q: CANARY }),
        topics: await services.topics.listTopics(ctx),
        activity: await services.forum.listMemberActivity(ctx, { handle: fx.users.member!.handle }),
        activityReplies: await services.forum.listMemberActivity(ctx, { handle: fx.users.groupModerator!.handle, kind: "replies" }),
        activityCounts: await services.forum.countMemberActivity(ctx, fx.users.member!.handle),
        events: await services.events.list(ctx, {}),
        notifications: fx.users[actor] ? await services.notifications.list(ctx, {}) : null,
      };
      for (const [surface, result] of Object.entries(results)) {
        const text = JSON.stringify(result);
        for (const canary of forbiddenCanaries(actor)) if (text.includes(canary)) leaks.push(`${actor} ${surface}: ${excerpt(text, canary)}`);
      }
      // The member wrote only in the group: to outsiders, a profile with nothing in it.
      const counts = results.activityCounts as { threads: number; replies: number };
      if (!seesGroup(actor) && (counts.threads !== 0 || counts.replies !== 0)) leaks.push(`${actor} activity counts ${JSON.stringify(counts)}`);
      if (seesGroup(actor)) {
        for (const surface of ["search", "documents", "documentsByName", "events"]) if (!JSON.stringify(results[surface]).includes(CANARY)) leaks.push(`${actor} ${surface} should show the canary`);
      }
    }
    // The mentioned outsiders were told nothing; the group moderator, mentioned in the same reply, was.
    const kinds = async (actor: ActorName) => (await services.notifications.list(as(server.deps, fx.users[actor]), {})).items.filter((item) => item.thread?.id === fx.threadId);
    expect(await kinds("nonMember")).toEqual([]);
    expect(await kinds("siteModerator")).toEqual([]);
    expect((await kinds("groupModerator")).length).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
  });

  it("webhooks were handed only public content", async () => {
    const deliveries = await server.deps.db.selectFrom("webhook_deliveries").select(["event", "payload"]).execute();
    expect(deliveries.length).toBeGreaterThan(0);
    const text = JSON.stringify(deliveries);
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(PAIR_CANARY);
  });
});

describe("leak matrix: socket events", () => {
  it("sockets: outsiders are refused the private rooms like missing ones and receive no payload with a canary; members do", async () => {
    clients = createClientFactory(server, server.deps);
    const signedIn = actorNames.filter((name) => fx.users[name] !== null);
    const sockets = Object.fromEntries(await Promise.all(signedIn.map(async (name) => [name, await clients!.open(fx.users[name]!.id)] as const)));
    for (const name of signedIn) {
      const socket = sockets[name];
      expect((await socket.request("thread:subscribe", { threadId: fx.publicThreadId })).ok, `${name} public thread`).toBe(true);
      expect((await socket.request("list:subscribe", { topicId: fx.topic.id })).ok).toBe(true);
      for (const [threadId, sees] of [[fx.threadId, seesGroup(name)], [fx.pairThreadId, seesPair(name)]] as const) {
        const hidden = await socket.request("thread:subscribe", { threadId });
        if (sees) expect(hidden.ok, `${name} thread ${threadId}`).toBe(true);
        else expect(hidden, `${name} thread ${threadId}`).toEqual(await socket.request("thread:subscribe", { threadId: MISSING_ID }));
      }
      const groupList = await socket.request("list:subscribe", { groupId: fx.groupId });
      if (seesGroup(name)) expect(groupList.ok).toBe(true);
      else expect(groupList).toEqual(await socket.request("list:subscribe", { groupId: MISSING_ID }));
    }
    // Private activity of every kind: a reply that mentions outsiders, an edit, a new thread, a solution.
    const deps = server.deps;
    const { users } = fx;
    const reply = await services.forum.createReply(as(deps, users.groupModerator), {
      threadId: fx.threadId,
      body: `En vivo ${CANARY} para @${users.nonMember!.handle}, @${users.removedMember!.handle} y @${users.member!.handle}`,
    });
    await services.forum.editPost(as(deps, users.member), { postId: fx.firstPostId, title: `Pregunta ${CANARY} editada`, body: `Cuerpo ${CANARY} editado` });
    await services.forum.createThread(as(deps, users.member), { groupId: fx.groupId, kind: "discussion", title: `Otra ${CANARY} en vivo`, body: `Texto ${CANARY} nuevo` });
    await services.forum.markSolution(as(deps, users.member), { postId: reply.postId });
    await services.forum.createReply(as(deps, fx.pairPartner), { threadId: fx.pairThreadId, body: `En vivo ${PAIR_CANARY} de la pareja` });
    // The marker: a public reply every socket receives after everything above.
    const marker = await services.forum.createReply(as(deps, users.admin), { threadId: fx.publicThreadId, body: "Marcador público para todos" });
    const leaks: string[] = [];
    for (const name of signedIn) {
      const socket = sockets[name];
      await socket.waitFor("post:created", (event) => event.postId === marker.postId, 10_000);
      const received = JSON.stringify(socket.received);
      for (const canary of forbiddenCanaries(name)) if (received.includes(canary)) leaks.push(`${name}: ${excerpt(received, canary)}`);
      if (seesGroup(name) && !received.includes(CANARY)) leaks.push(`${name} should have received the group's events`);
      if (seesPair(name) && !received.includes(PAIR_CANARY)) leaks.push(`${name} should have received the pair's events`);
      // A catch-up after a reconnection tells no more than the live events did.
      const sync = await socket.request("notifications:sync", {});
      for (const canary of forbiddenCanaries(name)) if (JSON.stringify(sync).includes(canary)) leaks.push(`${name} notifications:sync shows ${canary}`);
    }
    expect(leaks).toEqual([]);
  });
});

describe("leak matrix: emails and digests", () => {
  // Last: it moves the clock a day on, past every delay, reminder and digest hour.
  it("emails and digests to outsiders (the removed member included) never carry a canary; members get theirs", async () => {
    const deps = server.deps;
    deps.clock.advance(10 * 60_000);
    await deps.mail.drain();
    deps.clock.advance(6 * 24 * 60 * 60_000 + 60_000);
    await sendEventReminders(deps);
    await scheduleDigests(deps);
    await deps.mail.drain();
    deps.clock.advance(25 * 60 * 60_000);
    await sendEventReminders(deps);
    await scheduleDigests(deps);
    await deps.mail.drain();
    // As the transport received them: the outbox keeps only the envelope of what it sent.
    const rows = withSentBodies(deps, await deps.db.selectFrom("email_outbox").select(["id", "to_address", "subject", "text_body", "html_body", "headers", "skipped", "sent_at"]).execute());
    const leaks: string[] = [];
    for (const actor of actorNames) {
      const user = fx.users[actor];
      if (!user) continue;
      const mine = rows.filter((row) => row.to_address === user.email && !row.skipped);
      const text = JSON.stringify(mine);
      for (const canary of forbiddenCanaries(actor)) if (text.includes(canary)) leaks.push(`${actor}: ${excerpt(text, canary)}`);
    }
    expect(leaks).toEqual([]);
    // The matrix can fail: the group moderator was emailed about the thread, with its title.
    const moderatorMail = rows.filter((row) => row.to_address === fx.users.groupModerator!.email && !row.skipped && row.sent_at);
    expect(JSON.stringify(moderatorMail)).toContain(CANARY);
  }, 60_000);
});
