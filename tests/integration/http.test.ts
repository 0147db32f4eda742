import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/connection";
import { findUserByEmail } from "../../db/queries/users.queries";
import { createApp } from "../../server/app";
import { createTopic, createUser, DEFAULT_TEST_PASSWORD } from "../factories";
import { createTestDatabase } from "../setup/test-database";
import { createTestDeps, lastEmailTo } from "../setup/test-deps";
import { createBrowser, startTestServer, type TestServer } from "../setup/test-server";

let handle: DatabaseHandle;
let server: TestServer;

beforeAll(async () => {
  handle = await createTestDatabase();
  server = await startTestServer(handle, { rateLimits: { signInPerAccount: { limit: 3, windowSeconds: 900 } } });
  await createTopic(handle.db, {
    slug: "electromobility",
    name: { es: "Electromovilidad", pt: "Eletromobilidade", en: "Electromobility" },
  });
});
afterAll(async () => {
  await server?.close();
  await handle?.close();
});

const titleOf = (html: string) => html.match(/<title>([^<]*)<\/title>/)?.[1];
const langOf = (html: string) => html.match(/<html lang="([^"]+)"/)?.[1];

describe("pages in three languages", () => {
  it.each([
    ["es", "es", "Enlace · Comunidad de práctica de movilidad urbana sostenible", "Electromovilidad"],
    ["pt-BR,pt;q=0.9", "pt", "Enlace · Comunidade de prática de mobilidade urbana sustentável", "Eletromobilidade"],
    ["en-GB,en;q=0.8", "en", "Enlace · Community of practice on sustainable urban mobility", "Electromobility"],
    ["de-DE", "es", "Enlace · Comunidad de práctica de movilidad urbana sostenible", "Electromovilidad"],
  ])("the landing page for Accept-Language %s", async (acceptLanguage, lang, title, topicName) => {
    const response = await createBrowser(server, acceptLanguage).get("/");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(langOf(html)).toBe(lang);
    expect(titleOf(html)).toBe(title);
    expect(html).toMatch(new RegExp(`<h3><a [^>]*href="/topics/electromobility"[^>]*>${topicName}</a></h3>`));
  });

  it("the switcher's cookie wins over the browser's language, and sets <html lang>", async () => {
    const browser = createBrowser(server, "es");
    const switched = await browser.post("/language", { locale: "en", redirectTo: "/sign-in" });
    expect(switched.status).toBe(302);
    expect(switched.headers.get("location")).toBe("/sign-in");
    const html = await (await browser.get("/sign-in")).text();
    expect(langOf(html)).toBe("en");
    expect(titleOf(html)).toBe("Sign in · Enlace");
  });

  it("refuses to redirect the switcher off the site", async () => {
    const response = await createBrowser(server).post("/language", { locale: "pt", redirectTo: "//evil.example/x" });
    expect(response.headers.get("location")).toBe("/");
  });

  it("answers an unknown address with a 404 page in the visitor's language", async () => {
    const response = await createBrowser(server, "pt").get("/no/such/page");
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Página não encontrada");
  });
});

describe("sign up, verify through the emailed link, sign in, sign out", () => {
  it("works end to end over HTTP, and the cookie is HttpOnly and SameSite=Lax", async () => {
    const browser = createBrowser(server, "es");
    const signUp = await browser.post("/sign-up", {
      displayName: "Lucía Gómez",
      handle: "lucia_gomez",
      email: "lucia@municipio.example",
      password: "corredores verdes 2030",
    });
    expect(signUp.status).toBe(200);
    expect(await signUp.text()).toContain("Revisa tu correo");

    const email = await lastEmailTo(server.deps, "lucia@municipio.example");
    const link = new URL(email!.link!);
    expect(link.origin).toBe(server.origin);

    // Opening the link (a GET) changes nothing; the page's button confirms.
    const page = await browser.get(link.pathname + link.search);
    expect(page.status).toBe(200);
    expect((await findUserByEmail(server.deps.db, "lucia@municipio.example"))!.email_verified_at).toBeNull();
    const confirmed = await browser.post("/verify-email", { token: link.searchParams.get("token")! });
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("location")).toBe("/sign-in?notice=verified");
    expect((await findUserByEmail(server.deps.db, "lucia@municipio.example"))!.email_verified_at).not.toBeNull();

    const signIn = await browser.post("/sign-in", { email: "lucia@municipio.example", password: "corredores verdes 2030", redirectTo: "/settings/profile" });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get("location")).toBe("/settings/profile");
    const cookie = signIn.headers.getSetCookie().find((header) => header.startsWith("enlace_session="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/); // served over http in this test

    const profile = await browser.get("/settings/profile");
    expect(profile.status).toBe(200);
    expect(await profile.text()).toContain("lucia_gomez");

    const signOut = await browser.post("/sign-out", {});
    expect(signOut.status).toBe(302);
    expect(browser.jar.has("enlace_session")).toBe(false);
    const after = await browser.get("/settings/profile");
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toBe("/sign-in?redirectTo=%2Fsettings%2Fprofile");
  });

  it("shows a clear, translated message for a wrong password", async () => {
    const user = await createUser(server.deps.db, { locale: "pt" });
    const response = await createBrowser(server, "pt").post("/sign-in", { email: user.email, password: "not my password" });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain("Esse e-mail e essa senha não correspondem a nenhuma conta.");
  });

  it("answers 429 with Retry-After once the account's limit is passed", async () => {
    const user = await createUser(server.deps.db);
    const browser = createBrowser(server, "en");
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await browser.post("/sign-in", { email: user.email, password: "not my password" })).status).toBe(401);
    }
    const limited = await browser.post("/sign-in", { email: user.email, password: DEFAULT_TEST_PASSWORD });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.text()).toContain("Too many attempts");
  });

  it("changing the password ends the old session and hands this browser a fresh cookie", async () => {
    const user = await createUser(server.deps.db);
    const browser = createBrowser(server);
    const other = createBrowser(server);
    await browser.post("/sign-in", { email: user.email, password: DEFAULT_TEST_PASSWORD });
    await other.post("/sign-in", { email: user.email, password: DEFAULT_TEST_PASSWORD });
    const before = browser.jar.get("enlace_session");
    const changed = await browser.post("/settings/account", {
      intent: "change-password",
      currentPassword: DEFAULT_TEST_PASSWORD,
      newPassword: "transporte público primero",
    });
    expect(changed.status).toBe(200);
    expect(browser.jar.get("enlace_session")).not.toBe(before);
    expect((await browser.get("/settings/account")).status).toBe(200);
    // The other device was signed out.
    expect((await other.get("/settings/account")).status).toBe(302);
  });

  it("forgets a session cookie that no longer matches a session", async () => {
    const browser = createBrowser(server);
    browser.jar.set("enlace_session", "forged.token");
    const response = await browser.get("/");
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().some((header) => /^enlace_session=;/.test(header))).toBe(true);
  });
});

describe("CSRF: state-changing requests must come from this site", () => {
  it.each([
    ["no Origin", {}],
    ["a foreign Origin", { origin: "https://evil.example" }],
    ["a look-alike Origin", { origin: "http://localhost.evil.example" }],
  ])("a POST with %s gets 403 and changes nothing", async (_label, headers) => {
    const before = await handle.db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const response = await fetch(`${server.url}/sign-up`, {
      method: "POST",
      body: new URLSearchParams({ displayName: "X", handle: "csrf_victim", email: "csrf@example.org", password: "a long enough password" }),
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      redirect: "manual",
    });
    expect(response.status).toBe(403);
    const after = await handle.db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe("staff pages", () => {
  it("answer 404 to members and anonymous visitors, as if they did not exist", async () => {
    expect((await createBrowser(server).get("/admin/members")).status).toBe(404);
    const member = await createUser(server.deps.db);
    const browser = createBrowser(server);
    await browser.post("/sign-in", { email: member.email, password: DEFAULT_TEST_PASSWORD });
    expect((await browser.get("/admin/members")).status).toBe(404);
  });

  it("let an admin approve a pending member", async () => {
    const admin = await createUser(server.deps.db, { site_role: "admin" });
    const pending = await createUser(server.deps.db, { status: "pending" });
    const browser = createBrowser(server);
    await browser.post("/sign-in", { email: admin.email, password: DEFAULT_TEST_PASSWORD });
    const list = await browser.get("/admin/members?status=pending");
    expect(await list.text()).toContain(pending.handle);
    const approved = await browser.post("/admin/members?status=pending", { intent: "approve", userId: String(pending.id) });
    expect(approved.status).toBe(200);
    expect((await findUserByEmail(server.deps.db, pending.email))!.status).toBe("active");
  });
});

describe("security headers", () => {
  it("send a nonce-based CSP with object-src, base-uri and frame-ancestors locked", async () => {
    const response = await createBrowser(server).get("/");
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("x-request-id")).toMatch(/^[\w-]{8,}$/);
  });
});

describe("GET /healthz", () => {
  it("answers ok with the kind of database", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", db: handle.kind });
  });

  it("answers 503 with a reason when the database is unreachable", async () => {
    const unreachable = await openDatabase({ kind: "postgres", url: "postgres://postgres@127.0.0.1:1/none" });
    const deps = { ...createTestDeps(handle), ping: unreachable.ping, dbKind: "postgres" as const };
    const app = createApp(deps);
    const { createServer } = await import("node:http");
    const http = createServer(app);
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const port = (http.address() as { port: number }).port;
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "error", db: "postgres", reason: "database unreachable" });
    http.close();
    await unreachable.close();
  });
});
