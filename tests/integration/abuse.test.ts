// Hardening, part 5: abuse. Rate limits on sign-in, password reset, posting, uploads, search and socket
// events hold exactly at the configured number under 50 parallel requests (the counters are atomic, on
// PGlite and on PostgreSQL), per account and per IP as each rule says, and a spoofed X-Forwarded-For gives
// no fresh bucket: without TRUST_PROXY it is ignored, with it only the address our proxy appended counts.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import type { UserRow } from "../../db/schema";
import { services } from "../../server/domain";
import { consumeRateLimit, type RateLimitRules } from "../../server/domain/security/rate-limit";
import { actorFromUser } from "../../server/domain/sessions/session.service";
import { createTopic, createUser, DEFAULT_TEST_PASSWORD } from "../factories";
import { uploadTestDocument } from "../factories/documents";
import { createForumThread } from "../factories/forum";
import { createTestDatabase } from "../setup/test-database";
import { contextFor, createTestDeps, type TestDeps } from "../setup/test-deps";
import { startTestServer, type TestServer } from "../setup/test-server";
import { createClientFactory } from "../setup/socket-client";

const { accounts, forum } = services;
const DAY = 24 * 60 * 60 * 1000;
const PARALLEL = 50;

const rateLimits: Partial<RateLimitRules> = {
  signInPerIp: { limit: 5, windowSeconds: 900 },
  signInPerAccount: { limit: 4, windowSeconds: 900 },
  resetPerIp: { limit: 4, windowSeconds: 3600 },
  resetPerAccount: { limit: 3, windowSeconds: 3600 },
  searchPerIp: { limit: 20, windowSeconds: 60 },
  searchPerAccount: { limit: 10, windowSeconds: 60 },
  socketEventsPerAccount: { limit: 30, windowSeconds: 10 },
};

let handle: DatabaseHandle;
let deps: TestDeps;
let topicId: number;

beforeAll(async () => {
  handle = await createTestDatabase();
  deps = createTestDeps(handle, {
    env: { POSTS_PER_HOUR: "5", THREADS_PER_HOUR: "3", UPLOADS_PER_HOUR: "3", DUPLICATE_POST_MINUTES: "0" },
    rateLimits,
  });
  topicId = (await createTopic(deps.db)).id;
});
afterAll(async () => {
  await handle?.close();
});

let ipCount = 0;
/** A fresh address (documentation range), so only the buckets a test means are shared. */
const freshIp = () => `203.0.${113 + ((++ipCount >> 8) & 7)}.${ipCount & 255}`;
/** A member whose account is a month old, past any new-account limits. */
const established = () => createUser(deps.db, { created_at: new Date(deps.now().getTime() - 30 * DAY) });
const as = (user: UserRow | null, ip: string) => contextFor(deps, user ? actorFromUser(user) : null, { ip });

/** Runs `count` calls at once and tallies how they ended: "ok" or the error code. */
async function storm(count: number, call: (i: number) => Promise<unknown>) {
  const results = await Promise.allSettled(Array.from({ length: count }, (_, i) => call(i)));
  const tally: Record<string, number> = {};
  const errors: { code?: string; messageKey?: string; retryAfterSeconds?: number }[] = [];
  for (const result of results) {
    const key = result.status === "fulfilled" ? "ok" : String((result.reason as { code?: string }).code ?? result.reason);
    tally[key] = (tally[key] ?? 0) + 1;
    if (result.status === "rejected") errors.push(result.reason);
  }
  return { tally, errors };
}

describe("sign-in", () => {
  it("per account: 50 parallel attempts from 50 addresses, exactly 4 are checked; the account waits whatever the IP", async () => {
    const member = await established();
    const { tally, errors } = await storm(PARALLEL, () => accounts.signIn(as(null, freshIp()), { email: member.email, password: "not the password" }));
    expect(tally).toEqual({ UNAUTHENTICATED: 4, RATE_LIMITED: 46 });
    expect(errors.find((error) => error.code === "RATE_LIMITED")).toMatchObject({ messageKey: "errors.rate_limited", retryAfterSeconds: expect.any(Number) });
    // Even the right password, from a new address, waits for the window.
    await expect(accounts.signIn(as(null, freshIp()), { email: member.email, password: DEFAULT_TEST_PASSWORD })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    // Another account is not affected.
    const other = await established();
    await expect(accounts.signIn(as(null, freshIp()), { email: other.email, password: DEFAULT_TEST_PASSWORD })).resolves.toMatchObject({ token: expect.any(String) });
  });

  it("per IP: 50 parallel attempts on 50 accounts from one address, exactly 5 are checked; other addresses are not affected", async () => {
    const ip = freshIp();
    const { tally } = await storm(PARALLEL, (i) => accounts.signIn(as(null, ip), { email: `nadie-${ip}-${i}@example.org`, password: "whatever it is" }));
    expect(tally).toEqual({ UNAUTHENTICATED: 5, RATE_LIMITED: 45 });
    const member = await established();
    await expect(accounts.signIn(as(null, ip), { email: member.email, password: DEFAULT_TEST_PASSWORD })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(accounts.signIn(as(null, freshIp()), { email: member.email, password: DEFAULT_TEST_PASSWORD })).resolves.toMatchObject({ token: expect.any(String) });
  });
});

describe("password reset", () => {
  it("per address: 50 parallel requests from 50 IPs send exactly 3 emails", async () => {
    const member = await established();
    const { tally } = await storm(PARALLEL, () => accounts.requestPasswordReset(as(null, freshIp()), { email: member.email }));
    expect(tally).toEqual({ ok: 3, RATE_LIMITED: 47 });
    const sent = await deps.db.selectFrom("email_outbox").select("id").where("to_address", "=", member.email).execute();
    expect(sent).toHaveLength(3);
  });

  it("per IP: 50 parallel requests for 50 addresses from one IP, exactly 4 go through", async () => {
    const ip = freshIp();
    const members = await Promise.all(Array.from({ length: PARALLEL }, () => established()));
    const { tally } = await storm(PARALLEL, (i) => accounts.requestPasswordReset(as(null, ip), { email: members[i].email }));
    expect(tally).toEqual({ ok: 4, RATE_LIMITED: 46 });
    await expect(accounts.requestPasswordReset(as(null, freshIp()), { email: members[49].email })).resolves.toBeUndefined();
  });
});

describe("posting", () => {
  it("replies: 50 parallel from one member and IP, exactly POSTS_PER_HOUR (5) are posted; the limit follows the account, not the IP", async () => {
    const member = await established();
    const ip = freshIp();
    const { threadId } = await createForumThread(deps, { topicId });
    const { tally, errors } = await storm(PARALLEL, (i) => forum.createReply(as(member, ip), { threadId, body: `Respuesta paralela número ${i} sobre buses` }));
    expect(tally).toEqual({ ok: 5, RATE_LIMITED: 45 });
    expect(errors[0]).toMatchObject({ messageKey: "errors.posting_too_fast", retryAfterSeconds: expect.any(Number) });
    const posted = await deps.db.selectFrom("posts").select("id").where("author_id", "=", member.id).execute();
    expect(posted).toHaveLength(5);
    // From another address the same member still waits; another member at the same address posts.
    await expect(forum.createReply(as(member, freshIp()), { threadId, body: "Desde otra dirección" })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(forum.createReply(as(await established(), ip), { threadId, body: "Otra persona, misma red" })).resolves.toMatchObject({ postId: expect.any(Number) });
  });

  it("threads: 50 parallel from one member, exactly THREADS_PER_HOUR (3) are created", async () => {
    const member = await established();
    const ip = freshIp();
    const { tally } = await storm(PARALLEL, (i) =>
      forum.createThread(as(member, ip), { topicId, kind: "discussion", title: `Tema paralelo número ${i} sobre buses`, body: `Cuerpo del tema paralelo ${i}` }),
    );
    expect(tally).toEqual({ ok: 3, RATE_LIMITED: 47 });
    const created = await deps.db.selectFrom("threads").select("id").where("author_id", "=", member.id).execute();
    expect(created).toHaveLength(3);
  });
});

describe("uploads", () => {
  it("50 parallel uploads from one member, exactly UPLOADS_PER_HOUR (3) are stored; another member uploads", async () => {
    const member = await established();
    const { tally, errors } = await storm(PARALLEL, (i) => uploadTestDocument(deps, member, { place: `topic:${topicId}`, title: `Documento paralelo ${i}` }));
    expect(tally).toEqual({ ok: 3, RATE_LIMITED: 47 });
    expect(errors[0]).toMatchObject({ messageKey: "document.too_many_uploads", retryAfterSeconds: expect.any(Number) });
    const stored = await deps.db.selectFrom("document_versions").select("id").where("uploaded_by", "=", member.id).execute();
    expect(stored).toHaveLength(3);
    await expect(uploadTestDocument(deps, await established(), { place: `topic:${topicId}` })).resolves.toMatchObject({ documentId: expect.any(Number) });
  });
});

describe("search", () => {
  it("per account: 50 parallel searches by one member from 50 IPs, exactly 10 answer", async () => {
    const member = await established();
    const { tally, errors } = await storm(PARALLEL, () => forum.search(as(member, freshIp()), { q: "buses" }));
    expect(tally).toEqual({ ok: 10, RATE_LIMITED: 40 });
    expect(errors[0]).toMatchObject({ messageKey: "errors.rate_limited", retryAfterSeconds: expect.any(Number) });
    await expect(forum.search(as(await established(), freshIp()), { q: "buses" })).resolves.toBeDefined();
  });

  it("per IP: 50 parallel anonymous searches from one IP, exactly 20 answer; a member at that IP waits too, elsewhere they search", async () => {
    const ip = freshIp();
    const { tally } = await storm(PARALLEL, () => forum.search(as(null, ip), { q: "buses" }));
    expect(tally).toEqual({ ok: 20, RATE_LIMITED: 30 });
    const member = await established();
    await expect(forum.search(as(member, ip), { q: "buses" })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(forum.search(as(member, freshIp()), { q: "buses" })).resolves.toBeDefined();
    // The next window opens again.
    deps.clock.advance(61_000);
    await expect(forum.search(as(null, ip), { q: "buses" })).resolves.toBeDefined();
  });
});

describe("the counters themselves", () => {
  it("count exactly under 50 parallel hits, and their relaxed commit leaves the connection's durability as it was", async () => {
    const rule = { limit: 30, windowSeconds: 60 };
    const subject = `counter-${freshIp()}`;
    const { tally } = await storm(PARALLEL, () => consumeRateLimit(deps.db, "searchPerIp", subject, rule, deps.now()));
    expect(tally).toEqual({ ok: 30, RATE_LIMITED: 20 });
    const row = await deps.db.selectFrom("rate_limit_hits").select("hits").where("bucket", "=", `searchPerIp:${subject}`).executeTakeFirstOrThrow();
    expect(row.hits).toBe(PARALLEL);
    // The count's own commit does not wait for the disk; every later statement on the connection still does.
    const setting = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(deps.db);
    expect(setting.rows[0]?.synchronous_commit).toBe("on");
    // Inside a caller's transaction the count is part of that transaction, which keeps its durability.
    await deps.db.transaction().execute(async (trx) => {
      await consumeRateLimit(trx, "searchPerIp", `${subject}-trx`, rule, deps.now());
      const inside = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(trx);
      expect(inside.rows[0]?.synchronous_commit).toBe("on");
    });
  });
});

describe("X-Forwarded-For over HTTP (the JSON API's search)", () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  async function hammer(server: TestServer, forwardedFor: (i: number) => string) {
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        fetch(`${server.url}/api/v1/search?q=buses`, { headers: { "x-forwarded-for": forwardedFor(i), "accept-language": "es" } }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    const limited = responses.find((response) => response.status === 429);
    return { ok: statuses.filter((status) => status === 200).length, limited: statuses.filter((status) => status === 429).length, sample: limited };
  }

  it("without TRUST_PROXY a spoofed header is ignored: 50 requests with 50 made-up addresses share one bucket", async () => {
    const server = await startTestServer(handle, { withRemix: false, rateLimits });
    servers.push(server);
    const { ok, limited, sample } = await hammer(server, (i) => `198.18.0.${i + 1}`);
    expect({ ok, limited }).toEqual({ ok: 20, limited: 30 });
    expect(Number(sample!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await sample!.json()).toEqual({ error: { code: "RATE_LIMITED", message: expect.stringContaining("Demasiados intentos") } });
    const english = await fetch(`${server.url}/api/v1/search?q=buses`, { headers: { "accept-language": "en" } });
    expect(english.status).toBe(429);
    expect(((await english.json()) as { error: { message: string } }).error.message).toContain("Too many attempts");
  });

  it("with TRUST_PROXY=true only the address the proxy appended counts, not what the client wrote before it", async () => {
    const server = await startTestServer(handle, { withRemix: false, rateLimits, env: { TRUST_PROXY: "true" } });
    servers.push(server);
    // The client writes a new address each time; the proxy appends the one it saw (the last entry).
    const { ok, limited } = await hammer(server, (i) => `198.18.1.${i + 1}, 192.0.2.44`);
    expect({ ok, limited }).toEqual({ ok: 20, limited: 30 });
    // Another client behind the same proxy has its own bucket.
    const other = await fetch(`${server.url}/api/v1/search?q=buses`, { headers: { "x-forwarded-for": "192.0.2.45" } });
    expect(other.status).toBe(200);
  });
});

describe("socket events", () => {
  it("per account across sockets: 60 parallel requests from three sockets of one member, exactly 30 are served and 30 refused; other members are not affected", async () => {
    const server = await startTestServer(handle, { withRemix: false, rateLimits });
    const clients = createClientFactory(server, server.deps);
    try {
      const member = await createUser(server.deps.db);
      const sockets = await Promise.all([clients.open(member.id), clients.open(member.id), clients.open(member.id)]);
      const answers = await Promise.all(sockets.flatMap((socket) => Array.from({ length: 20 }, () => socket.request("notifications:sync", {}))));
      expect(answers.filter((answer) => answer.ok)).toHaveLength(30);
      const refused = answers.filter((answer) => !answer.ok);
      expect(refused).toHaveLength(30);
      for (const answer of refused) {
        expect(answer).toEqual({ ok: false, error: { code: "RATE_LIMITED", message: expect.stringContaining("Demasiados intentos") } });
      }
      // Typing storms count too, and a new socket of the member gets no fresh budget.
      for (const socket of sockets) for (let i = 0; i < 5; i++) socket.socket.emit("typing", { threadId: 1 });
      const again = await clients.open(member.id);
      expect(await again.request("notifications:sync", {})).toMatchObject({ ok: false, error: { code: "RATE_LIMITED" } });
      // Other members are not affected.
      const other = await clients.open((await createUser(server.deps.db)).id);
      expect(await other.request("notifications:sync", {})).toMatchObject({ ok: true });
      // Once the window has passed, the member's sockets are served again.
      server.deps.clock.advance(11_000);
      for (const socket of [...sockets, again]) expect(await socket.request("notifications:sync", {})).toMatchObject({ ok: true });
    } finally {
      clients.closeAll();
      await server.close();
    }
  });
});
