import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import { services } from "../../server/domain";
import { unsubscribeToken } from "../../server/domain/notifications/notification-email";
import { createTopic, createUser, DEFAULT_TEST_PASSWORD } from "../factories";
import { as, createForumThread } from "../factories/forum";
import { createTestDatabase } from "../setup/test-database";
import { createBrowser, startTestServer, type TestServer } from "../setup/test-server";

let handle: DatabaseHandle;
let server: TestServer;

beforeAll(async () => {
  handle = await createTestDatabase();
  server = await startTestServer(handle);
});
afterAll(async () => {
  await server?.close();
  await handle?.close();
});

/** The bell's accessible name in a page's header. */
const bellLabel = (html: string) => html.match(/<a aria-label="([^"]*)"[^>]*class="bell[ "]/)?.[1];

const emailMode = async (userId: number) =>
  (await handle.db.selectFrom("users").select("email_notifications").where("id", "=", userId).executeTakeFirstOrThrow()).email_notifications;

describe("one-click unsubscribe (RFC 8058)", () => {
  it("a mail provider's POST, with no Origin and no session, turns the member's emails off", async () => {
    const member = await createUser(server.deps.db);
    const token = await unsubscribeToken(server.deps.db, member.id);
    expect(await emailMode(member.id)).toBe("immediate");
    const response = await fetch(`${server.url}/unsubscribe?token=${encodeURIComponent(token)}`, {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      redirect: "manual",
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("no recibirás más correos de notificaciones");
    expect(await emailMode(member.id)).toBe("none");
  });

  it("also works as multipart, or from a page on another site (the token is the authority)", async () => {
    const member = await createUser(server.deps.db);
    const token = await unsubscribeToken(server.deps.db, member.id);
    const body = new FormData();
    body.set("List-Unsubscribe", "One-Click");
    const response = await fetch(`${server.url}/unsubscribe?token=${encodeURIComponent(token)}`, {
      method: "POST",
      body,
      headers: { origin: "https://mail.example" },
      redirect: "manual",
    });
    expect(response.status).toBe(200);
    expect(await emailMode(member.id)).toBe("none");
  });

  it("refuses a forged or missing token and changes nothing", async () => {
    const member = await createUser(server.deps.db);
    const token = await unsubscribeToken(server.deps.db, member.id);
    const other = await createUser(server.deps.db);
    // The signature of one member does not work for another.
    const forged = `${other.id}.${token.split(".")[1]}`;
    for (const path of [`/unsubscribe?token=${encodeURIComponent(forged)}`, "/unsubscribe?token=nonsense", "/unsubscribe"]) {
      const response = await fetch(server.url + path, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } });
      expect(response.status, path).toBe(400);
      expect(await response.text()).toContain("no es válido");
    }
    expect(await emailMode(member.id)).toBe("immediate");
    expect(await emailMode(other.id)).toBe("immediate");
  });

  it("the emailed link (GET) only shows a page whose button posts", async () => {
    const member = await createUser(server.deps.db);
    const token = await unsubscribeToken(server.deps.db, member.id);
    const browser = createBrowser(server);
    const page = await browser.get(`/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<h1");
    expect(html).toMatch(/<form method="post" action="\/unsubscribe\?token=[^"]+"/);
    expect(await emailMode(member.id)).toBe("immediate");
    const confirmed = await browser.post(`/unsubscribe?token=${encodeURIComponent(token)}`, { token });
    expect(confirmed.status).toBe(200);
    expect(await emailMode(member.id)).toBe("none");
  });

  it("exempts exactly POST /unsubscribe: other paths without Origin still get 403", async () => {
    for (const path of ["/unsubscribe/", "/unsubscribe-me", "/notifications", "/settings/notifications", "/sign-out"]) {
      const response = await fetch(server.url + path, { method: "POST", body: "intent=read-all", headers: { "content-type": "application/x-www-form-urlencoded" }, redirect: "manual" });
      expect(response.status, path).toBe(403);
    }
  });
});

describe("notification pages without JavaScript", () => {
  async function signedIn() {
    const member = await createUser(server.deps.db);
    const browser = createBrowser(server);
    const response = await browser.post("/sign-in", { email: member.email, password: DEFAULT_TEST_PASSWORD });
    expect(response.status).toBe(302);
    return { member, browser };
  }

  it("the bell counts unread notifications, the centre lists them and marks them read", async () => {
    const { member, browser } = await signedIn();
    const { threadId } = await createForumThread(server.deps, { author: member, title: "¿Cómo medimos la demanda de ciclovías?" });
    const replier = await createUser(server.deps.db, { display_name: "Rosa Quispe" });
    await services.forum.createReply(as(server.deps, replier), { threadId, body: "Con contadores automáticos en cada corredor." });
    await services.forum.createReply(as(server.deps, replier), { threadId, body: "Y encuestas de origen y destino." });

    const home = await (await browser.get("/")).text();
    expect(bellLabel(home)).toBe("Notificaciones, 2 sin leer");

    const centre = await browser.get("/notifications");
    expect(centre.status).toBe(200);
    const html = await centre.text();
    expect(html).toContain("<title>Notificaciones · Enlace</title>");
    expect(html).toContain("Rosa Quispe respondió a tu mensaje en «¿Cómo medimos la demanda de ciclovías?»");
    const ids = [...html.matchAll(/name="notificationId" value="(\d+)"/g)].map((match) => match[1]);
    expect(ids).toHaveLength(2);

    const one = await browser.post("/notifications", { intent: "read", notificationId: ids[0] });
    expect(one.status).toBe(200);
    expect(bellLabel(await one.text())).toBe("Notificaciones, 1 sin leer");
    const all = await browser.post("/notifications", { intent: "read-all" });
    const after = await all.text();
    expect(after).toContain("Todas las notificaciones están marcadas como leídas.");
    expect(after).not.toContain('name="notificationId"');
    expect(bellLabel(after)).toBe("Notificaciones");
  });

  it("starts from the newest again for a paging position that is not an id", async () => {
    const { browser } = await signedIn();
    const response = await browser.get("/notifications?before=abc");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/notifications");
  });

  it("the follow control on a topic page saves the member's level", async () => {
    const { member, browser } = await signedIn();
    const topic = await createTopic(server.deps.db);
    const page = await (await browser.get(`/topics/${topic.slug}`)).text();
    expect(page).toContain(`id="follow-topic-${topic.id}"`);
    const saved = await browser.post(`/topics/${topic.slug}?index`, { intent: "follow", level: "watching" });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain("Tu elección quedó guardada.");
    expect(await services.notifications.getFollowState(as(server.deps, member), "topic", topic.id)).toEqual({ chosen: "watching", effective: "watching" });
    // Anonymous visitors get no control.
    expect(await (await createBrowser(server).get(`/topics/${topic.slug}`)).text()).not.toContain("follow-topic-");
  });

  it("sends anonymous visitors to sign in", async () => {
    const response = await createBrowser(server).get("/notifications");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/sign-in?redirectTo=%2Fnotifications");
  });

  it("the follow control on a thread, and the settings page, save levels and the email choice", async () => {
    const { member, browser } = await signedIn();
    const { threadId } = await createForumThread(server.deps, { title: "Carriles exclusivos en avenidas estrechas" });
    const page = await (await browser.get(`/t/${threadId}`)).text();
    expect(page).toContain(`id="follow-thread-${threadId}"`);

    const saved = await browser.post(`/t/${threadId}?index`, { intent: "follow", level: "watching" });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain("Tu elección quedó guardada.");
    expect(await services.notifications.getFollowState(as(server.deps, member), "thread", threadId)).toEqual({ chosen: "watching", effective: "watching" });
    // The page shows the choice when it is read again.
    const again = await (await browser.get(`/t/${threadId}`)).text();
    expect(again).toMatch(/<option value="watching" selected="">/);

    const settings = await browser.get("/settings/notifications");
    expect(settings.status).toBe(200);
    const settingsHtml = await settings.text();
    expect(settingsHtml).toContain("Carriles exclusivos en avenidas estrechas");
    expect(settingsHtml).toMatch(/<input type="radio" id="email-immediate" name="mode" checked=""/);

    const email = await browser.post("/settings/notifications", { intent: "email", mode: "weekly" });
    expect(await email.text()).toContain("Tu elección de correo quedó guardada.");
    expect(await emailMode(member.id)).toBe("weekly");

    const muted = await browser.post("/settings/notifications", { intent: "follow", target: "thread", targetId: String(threadId), level: "muted" });
    expect(await muted.text()).toContain("Tu elección quedó guardada.");
    expect((await services.notifications.getFollowState(as(server.deps, member), "thread", threadId))?.chosen).toBe("muted");

    const stopped = await browser.post("/settings/notifications", { intent: "stop", target: "thread", targetId: String(threadId), level: "muted" });
    const stoppedHtml = await stopped.text();
    expect(stoppedHtml).toContain("tu elección se quitó");
    expect(stoppedHtml).not.toContain("Carriles exclusivos en avenidas estrechas");
    expect((await services.notifications.getFollowState(as(server.deps, member), "thread", threadId))?.chosen).toBeNull();

    const invalid = await browser.post("/settings/notifications", { intent: "email", mode: "hourly" });
    expect(invalid.status).toBe(400);
  });
});
