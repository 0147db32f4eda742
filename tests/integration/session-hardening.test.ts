// Hardening, part 4: sessions and accounts. Only hashes of tokens are stored (a dump of every text, bytea
// and json column proves it); idle and absolute expiry hold over HTTP and over sockets; sign-out, password
// change, password reset, suspension and account deletion end the HTTP session and close that member's live
// sockets within a second; a cookie the browser carried before signing in is never the one signed in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { DatabaseHandle } from "../../db/connection";
import type { UserRow } from "../../db/schema";
import { services } from "../../server/domain";
import { calendarFeedToken } from "../../server/domain/events/event-calendar";
import { unsubscribeToken } from "../../server/domain/notifications/notification-email";
import { hashSecret } from "../../server/domain/security/secrets";
import { actorFromUser, createSession, validateSessionToken } from "../../server/domain/sessions/session.service";
import { createSessionCookie } from "../../server/http/session-cookie";
import { createUser, DEFAULT_TEST_PASSWORD } from "../factories";
import { as, createForumThread } from "../factories/forum";
import { createTestDatabase } from "../setup/test-database";
import { contextFor, deliveredEmails, lastEmailTo } from "../setup/test-deps";
import { createBrowser, startTestServer, type TestServer } from "../setup/test-server";
import { createClientFactory, type ClientFactory, type TestClient } from "../setup/socket-client";

const { accounts, admin, moderation } = services;
const DAY = 24 * 60 * 60 * 1000;

let handle: DatabaseHandle;
let server: TestServer;
let clients: ClientFactory;
let moderator: UserRow;

beforeAll(async () => {
  handle = await createTestDatabase();
  server = await startTestServer(handle, { withRemix: false, env: { SESSION_DAYS: "30", SESSION_MAX_DAYS: "90" } });
  clients = createClientFactory(server, server.deps);
  moderator = await createUser(server.deps.db, { site_role: "moderator" });
});
afterAll(async () => {
  clients?.closeAll();
  await server?.close();
  await handle?.close();
});

const deps = () => server.deps;
const cookieFor = (token: string, expires: Date) => createSessionCookie(deps().config).serialize(token, expires).split(";")[0];

/** Who the JSON API says the cookie belongs to: a handle, or null when the request is anonymous. */
async function whoIs(cookie: string): Promise<string | null> {
  const response = await fetch(`${server.url}/api/v1/me`, { headers: { cookie } });
  if (response.status === 401) return null;
  expect(response.status).toBe(200);
  return ((await response.json()) as { handle: string }).handle;
}

/** A member with two sessions (two devices), each with a live socket. */
async function memberOnTwoDevices(overrides: Parameters<typeof createUser>[1] = {}) {
  const member = await createUser(deps().db, overrides);
  const first = await clients.open(member.id);
  const second = await clients.open(member.id);
  expect(await whoIs(first.cookie)).toBe(member.handle);
  expect(await whoIs(second.cookie)).toBe(member.handle);
  return { member, first, second };
}

/**
 * Runs what ends the sessions, then: every socket closed by the server within a second of it returning
 * (the argon2 work before the commit is not counted), and every cookie now anonymous, for HTTP and sockets.
 */
async function allEnded(end: () => Promise<unknown>, sockets: TestClient[]) {
  await end();
  const endedAt = Date.now();
  for (const socket of sockets) expect(await socket.disconnected(1000)).toBe("io server disconnect");
  expect(Date.now() - endedAt).toBeLessThan(1000);
  for (const socket of sockets) {
    expect(await whoIs(socket.cookie)).toBeNull();
    expect(await clients.tryOpen(socket.cookie)).toEqual({ ok: false, reason: "unauthenticated" });
  }
}

describe("a database dump", () => {
  it("holds no raw token (sessions, API tokens, reset, verification, email-change and invitation links, feed and unsubscribe tokens), only their hashes", async () => {
    const password = DEFAULT_TEST_PASSWORD;
    const member = await createUser(deps().db);
    const signedIn = await accounts.signIn(contextFor(deps()), { email: member.email, password });
    const ctx = contextFor(deps(), actorFromUser(member), { sessionId: signedIn.session.id });
    const apiToken = (await accounts.createAccessToken(ctx, { name: "script" })).token;
    expect(apiToken).toMatch(/^enl_/);

    await accounts.requestPasswordReset(contextFor(deps()), { email: member.email });
    const resetToken = (await lastEmailTo(deps(), member.email))!.token!;
    await accounts.requestEmailChange(ctx, { newEmail: `nuevo-${member.handle}@example.org`, password });
    const emailChangeToken = (await lastEmailTo(deps(), `nuevo-${member.handle}@example.org`))!.token!;

    const newcomer = { email: `dump-${member.handle}@example.org`, password: "ciclovías seguras ya", displayName: "Dump", handle: `d_${member.id}` };
    await accounts.signUp(contextFor(deps()), newcomer);
    const verifyToken = (await lastEmailTo(deps(), newcomer.email))!.token!;

    const adminUser = await createUser(deps().db, { site_role: "admin" });
    await admin.sendInvitation(contextFor(deps(), actorFromUser(adminUser)), { email: `invitada-${member.id}@example.org` });
    const invitationToken = (await lastEmailTo(deps(), `invitada-${member.id}@example.org`))!.token!;

    const feedToken = await calendarFeedToken(deps().db, member.id);
    const unsubscribe = await unsubscribeToken(deps().db, member.id);

    // A reply to the member's thread: a notification email, whose header and footer carry the unsubscribe link.
    const { threadId } = await createForumThread(deps(), { author: member });
    await services.forum.createReply(as(deps(), await createUser(deps().db)), { threadId, body: "Una respuesta que se notifica por correo" });
    // The worker sends everything (the emailed links included) before the dump: a sent email keeps no secret.
    deps().clock.advance(60 * 60_000);
    await deps().mail.drain();
    const outbox = await deps().db.selectFrom("email_outbox").select(["to_address", "sent_at"]).where("to_address", "in", [member.email, `nuevo-${member.handle}@example.org`, newcomer.email, `invitada-${member.id}@example.org`]).execute();
    expect(outbox.length).toBeGreaterThanOrEqual(4);
    expect(outbox.filter((row) => row.sent_at === null)).toEqual([]);
    // The secrets did leave: the transport received every emailed link.
    const sent = JSON.stringify(deliveredEmails(deps()));
    for (const token of [resetToken, emailChangeToken, verifyToken, invitationToken, unsubscribe]) expect(sent).toContain(token);

    const splitTokens = { session: signedIn.token, api: apiToken.slice(4), reset: resetToken, emailChange: emailChangeToken, verify: verifyToken, invitation: invitationToken };
    for (const [name, token] of Object.entries(splitTokens)) expect(token, name).toMatch(/^[a-z2-7]+\.[a-z2-7]{32}$/);
    const secrets: Record<string, string> = {
      ...Object.fromEntries(Object.entries(splitTokens).flatMap(([name, token]) => [[`${name} token`, token], [`${name} secret`, token.split(".")[1]]])),
      "api token": apiToken,
      "feed signature": feedToken.split(".")[1],
      "unsubscribe signature": unsubscribe.split(".")[1],
    };

    // Every text-like and binary column of every table, as text, as hex and as decoded bytes.
    const columns = await sql<{ table_name: string; column_name: string; data_type: string }>`
      select c.table_name, c.column_name, c.data_type from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
        and c.data_type in ('text', 'character varying', 'character', 'bytea', 'jsonb', 'json', 'ARRAY', 'USER-DEFINED', 'tsvector')
      order by c.table_name, c.column_name`.execute(deps().db);
    expect(columns.rows.length).toBeGreaterThan(50);
    const tables = new Set(columns.rows.map((column) => column.table_name));
    for (const table of ["sessions", "personal_access_tokens", "user_tokens", "users", "app_secrets", "email_outbox"]) expect(tables).toContain(table);

    const found: string[] = [];
    for (const { table_name: table, column_name: column, data_type: type } of columns.rows) {
      const values =
        type === "bytea"
          ? await sql<{ v: string }>`select encode(${sql.ref(`${table}.${column}`)}, 'escape') || ' ' || encode(${sql.ref(`${table}.${column}`)}, 'hex') || ' ' || encode(${sql.ref(`${table}.${column}`)}, 'base64') as v from ${sql.table(table)} where ${sql.ref(`${table}.${column}`)} is not null`.execute(deps().db)
          : await sql<{ v: string }>`select ${sql.ref(`${table}.${column}`)}::text as v from ${sql.table(table)} where ${sql.ref(`${table}.${column}`)} is not null`.execute(deps().db);
      const text = values.rows.map((row) => row.v).join("\n");
      for (const [name, secret] of Object.entries(secrets)) if (text.includes(secret)) found.push(`${name} in ${table}.${column}`);
    }
    // The outbox included: once sent, an email keeps its envelope (recipient, subject, Message-ID), not its links.
    expect(found).toEqual([]);

    // What is stored is the SHA-256 of each secret.
    const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
    const session = await deps().db.selectFrom("sessions").select("secret_hash").where("id", "=", signedIn.session.id).executeTakeFirstOrThrow();
    expect(hex(session.secret_hash)).toBe(hex(hashSecret(signedIn.token.split(".")[1])));
    const [apiId, apiSecret] = apiToken.slice(4).split(".");
    const pat = await deps().db.selectFrom("personal_access_tokens").select("secret_hash").where("id", "=", apiId).executeTakeFirstOrThrow();
    expect(hex(pat.secret_hash)).toBe(hex(hashSecret(apiSecret)));
    for (const token of [resetToken, emailChangeToken, verifyToken, invitationToken]) {
      const [id, secret] = token.split(".");
      const row = await sql<{ secret_hash: Uint8Array }>`select secret_hash from user_tokens where id = ${id}
        union all select secret_hash from invitations where token_id = ${id}`.execute(deps().db);
      expect(row.rows.map((r) => hex(r.secret_hash)), token).toEqual([hex(hashSecret(secret))]);
    }
  });
});

describe("expiry", () => {
  it("idle: a session unused for SESSION_DAYS is refused over HTTP and a socket's next request is refused", async () => {
    const member = await createUser(deps().db);
    const socket = await clients.open(member.id);
    const start = deps().now();
    try {
      deps().clock.set(new Date(start.getTime() + 29 * DAY));
      expect(await whoIs(socket.cookie)).toBe(member.handle);
      expect(await socket.request("notifications:sync", {})).toMatchObject({ ok: true });
      // Used at day 29 it slid to day 59; unused past that it is gone.
      deps().clock.set(new Date(start.getTime() + 59 * DAY + 1000));
      expect(await socket.request("notifications:sync", {})).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
      expect(await socket.disconnected(1000)).toBe("io server disconnect");
      expect(await whoIs(socket.cookie)).toBeNull();
      expect(await clients.tryOpen(socket.cookie)).toEqual({ ok: false, reason: "unauthenticated" });
    } finally {
      deps().clock.set(new Date());
    }
  });

  it("absolute: however often it is used, a session ends at SESSION_MAX_DAYS, over HTTP and over sockets", async () => {
    const member = await createUser(deps().db);
    const socket = await clients.open(member.id);
    const start = deps().now();
    try {
      for (let day = 14; day < 90; day += 14) {
        deps().clock.set(new Date(start.getTime() + day * DAY));
        expect(await whoIs(socket.cookie), `day ${day}`).toBe(member.handle);
        expect(await socket.request("notifications:sync", {}), `day ${day}`).toMatchObject({ ok: true });
      }
      deps().clock.set(new Date(start.getTime() + 90 * DAY - 1000));
      expect(await socket.request("notifications:sync", {})).toMatchObject({ ok: true });
      deps().clock.set(new Date(start.getTime() + 90 * DAY + 1000));
      expect(await socket.request("notifications:sync", {})).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
      expect(await socket.disconnected(1000)).toBe("io server disconnect");
      expect(await whoIs(socket.cookie)).toBeNull();
    } finally {
      deps().clock.set(new Date());
    }
  });
});

describe("ending a session closes it over HTTP and its live sockets within a second", () => {
  it("sign-out: that session's cookie is anonymous and its socket closed; the other device stays signed in", async () => {
    const { member, first, second } = await memberOnTwoDevices();
    await allEnded(() => accounts.signOut(contextFor(deps(), actorFromUser(member), { sessionId: first.sessionId })), [first]);
    expect(await whoIs(second.cookie)).toBe(member.handle);
    expect(await second.request("notifications:sync", {})).toMatchObject({ ok: true });
  });

  it("password change: every session and socket ends; only the fresh session it returns is signed in", async () => {
    const { member, first, second } = await memberOnTwoDevices();
    let fresh = { token: "", expiresAt: new Date() };
    await allEnded(async () => {
      fresh = await accounts.changePassword(contextFor(deps(), actorFromUser(member), { sessionId: first.sessionId }), {
        currentPassword: DEFAULT_TEST_PASSWORD,
        newPassword: "corredores verdes 2031",
      });
    }, [first, second]);
    expect(await whoIs(cookieFor(fresh.token, fresh.expiresAt))).toBe(member.handle);
  });

  it("password reset: every session and socket ends", async () => {
    const { member, first, second } = await memberOnTwoDevices();
    await accounts.requestPasswordReset(contextFor(deps()), { email: member.email });
    const token = (await lastEmailTo(deps(), member.email))!.token!;
    await allEnded(() => accounts.resetPassword(contextFor(deps()), { token, password: "corredores verdes 2032" }), [first, second]);
  });

  it("suspension: every session and socket ends, and signing in is refused", async () => {
    const { member, first, second } = await memberOnTwoDevices();
    await allEnded(() => moderation.suspendMember(as(deps(), moderator), { userId: member.id, days: 1, reason: "Spam" }), [first, second]);
    await expect(accounts.signIn(contextFor(deps()), { email: member.email, password: DEFAULT_TEST_PASSWORD })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("account deletion: every session and socket ends, and no session row is left", async () => {
    const { member, first, second } = await memberOnTwoDevices();
    await allEnded(
      () => accounts.deleteMyAccount(contextFor(deps(), actorFromUser(member), { sessionId: first.sessionId }), { password: DEFAULT_TEST_PASSWORD, confirm: "on" }),
      [first, second],
    );
    expect(await deps().db.selectFrom("sessions").select("id").where("user_id", "=", member.id).execute()).toEqual([]);
  });
});

describe("a cookie carried before signing in", () => {
  it("an old session of the same member is ended by sign-in, which issues a new token", async () => {
    const member = await createUser(deps().db);
    const old = await createSession(deps(), deps().db, member.id, { ip: "10.1.1.1", userAgent: "old" });
    const oldSocket = await clients.open(member.id, { sameSessionAs: { cookie: cookieFor(old.token, old.session.expires_at), sessionId: old.session.id } as TestClient });
    let result = { token: "", session: old.session };
    await allEnded(async () => {
      result = await accounts.signIn(contextFor(deps(), null, { sessionId: old.session.id }), { email: member.email, password: DEFAULT_TEST_PASSWORD });
    }, [oldSocket]);
    expect(result.token).not.toBe(old.token);
    expect(result.session.id).not.toBe(old.session.id);
    expect(await validateSessionToken(deps(), old.token)).toBeNull();
    expect(await whoIs(cookieFor(result.token, result.session.expires_at))).toBe(member.handle);
  });

  it("an attacker's planted session (their own account) is ended, never promoted to the victim's", async () => {
    const attacker = await createUser(deps().db);
    const victim = await createUser(deps().db);
    const planted = await createSession(deps(), deps().db, attacker.id, { ip: "10.6.6.6", userAgent: "attacker" });
    const result = await accounts.signIn(contextFor(deps(), actorFromUser(attacker), { sessionId: planted.session.id }), {
      email: victim.email,
      password: DEFAULT_TEST_PASSWORD,
    });
    expect(result.token).not.toBe(planted.token);
    // The token the attacker knows is dead: it signs in neither as the victim nor as the attacker.
    expect(await whoIs(cookieFor(planted.token, planted.session.expires_at))).toBeNull();
    expect(await whoIs(cookieFor(result.token, result.session.expires_at))).toBe(victim.handle);
    const victimSessions = await deps().db.selectFrom("sessions").select("id").where("user_id", "=", victim.id).execute();
    expect(victimSessions.map((row) => row.id)).toEqual([result.session.id]);
  });

  it("a made-up token never becomes a session: the server picks the id and the secret", async () => {
    const member = await createUser(deps().db);
    const madeUp = `${"a".repeat(24)}.${"b".repeat(32)}`;
    expect(await whoIs(cookieFor(madeUp, new Date(Date.now() + DAY)))).toBeNull();
    const result = await accounts.signIn(contextFor(deps()), { email: member.email, password: DEFAULT_TEST_PASSWORD });
    expect(result.token).not.toBe(madeUp);
    expect(result.session.id).not.toBe("a".repeat(24));
    expect(await whoIs(cookieFor(madeUp, new Date(Date.now() + DAY)))).toBeNull();
    expect(await deps().db.selectFrom("sessions").select("id").where("id", "=", "a".repeat(24)).executeTakeFirst()).toBeUndefined();
  });
});

describe("the web sign-in form over HTTP", () => {
  it("replaces a planted session cookie with a new token, and a spoofed X-Forwarded-For gets no fresh sign-in bucket", async () => {
    const web = await startTestServer(handle, { rateLimits: { signInPerIp: { limit: 5, windowSeconds: 900 } } });
    try {
      const attacker = await createUser(web.deps.db);
      const victim = await createUser(web.deps.db);
      const planted = await createSession(web.deps, web.deps.db, attacker.id, { ip: "10.6.6.7", userAgent: "attacker" });
      const browser = createBrowser(web);
      const [name, value] = cookieFor(planted.token, planted.session.expires_at).split("=");
      browser.jar.set(name, value);
      const response = await browser.post("/sign-in", { email: victim.email, password: DEFAULT_TEST_PASSWORD, redirectTo: "/" });
      expect(response.status).toBe(302);
      const issued = browser.jar.get(name)!;
      expect(issued).toBeTruthy();
      expect(issued).not.toBe(value);
      expect(await whoIs(`${name}=${issued}`)).toBe(victim.handle);
      expect(await whoIs(`${name}=${value}`)).toBeNull();

      // Without TRUST_PROXY the header is the client's word: 50 made-up addresses share one bucket.
      const attempts = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          fetch(`${web.url}/sign-in`, {
            method: "POST",
            redirect: "manual",
            body: new URLSearchParams({ email: `nadie-http-${i}@example.org`, password: "whatever it is" }),
            headers: { "content-type": "application/x-www-form-urlencoded", origin: web.origin, "x-forwarded-for": `198.18.2.${i + 1}`, "accept-language": "es" },
          }),
        ),
      );
      const statuses = attempts.map((attempt) => attempt.status);
      // One attempt of the window went to the victim's sign-in above.
      expect(statuses.filter((status) => status === 401)).toHaveLength(4);
      expect(statuses.filter((status) => status === 429)).toHaveLength(46);
      expect(Number(attempts.find((attempt) => attempt.status === 429)!.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      await web.close();
    }
    // Vite compiles the Remix app on the first request: slow on a busy machine.
  }, 120_000);
});
