import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import type { UserRow } from "../../db/schema";
import { services } from "../../server/domain";
import { createWebhookDelivery, WEBHOOK_MAX_ATTEMPTS, type WebhookDelivery } from "../../server/domain/webhooks/delivery";
import { enqueueWebhookEvent } from "../../server/domain/webhooks/enqueue";
import { verifyWebhookSignature } from "../../server/domain/webhooks/signature";
import { createTopic, createUser } from "../factories";
import { as } from "../factories/forum";
import { createTestDatabase } from "../setup/test-database";
import { createTestDeps, type TestDeps } from "../setup/test-deps";
import { createBrowser, startTestServer, type TestServer } from "../setup/test-server";

// Outgoing webhooks against a real local receiver: signatures verify, failures retry with backoff, the
// worker gives up after its maximum, the log says so, and only admins may see any of it.
const { webhooks, forum, groups } = services;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let handle: DatabaseHandle;
let server: TestServer;
let deps: TestDeps;
let receiver: Server;
let receiverUrl: string;
let received: Received[] = [];
/** Statuses to answer per path, in order; once used up, 200. "hang" never answers. */
const script = new Map<string, (number | "hang")[]>();
let worker: WebhookDelivery;
let kicks = 0;
let admin: UserRow;
let moderator: UserRow;
let member: UserRow;
let topicId: number;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = request.url ?? "/";
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const next = script.get(path)?.shift() ?? 200;
      if (next === "hang") return;
      response.writeHead(next, { "Content-Type": "text/plain" }).end(next < 300 ? "ok" : "no");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  handle = await createTestDatabase();
  server = await startTestServer(handle, { env: { WEBHOOKS_ALLOW_PRIVATE: "true" } });
  deps = server.deps;
  worker = createWebhookDelivery({ db: deps.db, logger: deps.logger, now: deps.clock.now, allowPrivateAddresses: true, timeoutMs: 1_000 });
  // Services kick the worker after commit; the test counts the kicks and drains by hand.
  deps.webhooks = { ...worker, kick: () => void kicks++ };
  admin = await createUser(deps.db, { site_role: "admin" });
  moderator = await createUser(deps.db, { site_role: "moderator" });
  member = await createUser(deps.db);
  topicId = (await createTopic(deps.db)).id;
});
afterAll(async () => {
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
  await server?.close();
  await handle?.close();
});
beforeEach(async () => {
  received = [];
  script.clear();
  // Each test subscribes its own webhook; the earlier ones stop listening.
  await deps.db.updateTable("webhooks").set({ active: false }).execute();
  deps.clock.set(new Date());
});

async function subscribe(path: string, events = ["thread:created", "solution:marked"]) {
  return webhooks.create(as(deps, admin), { url: `${receiverUrl}${path}`, description: `receiver ${path}`, events });
}

function expectSigned(request: Received, secret: string) {
  const timestamp = String(request.headers["x-enlace-timestamp"]);
  const expected = `sha256=${createHmac("sha256", secret).update(`${timestamp}.${request.body}`).digest("hex")}`;
  expect(request.headers["x-enlace-signature"]).toBe(expected);
  expect(verifyWebhookSignature(secret, timestamp, request.body, String(request.headers["x-enlace-signature"]))).toBe(true);
  expect(verifyWebhookSignature("whsec_wrong", timestamp, request.body, String(request.headers["x-enlace-signature"]))).toBe(false);
  expect(verifyWebhookSignature(secret, timestamp, `${request.body} `, String(request.headers["x-enlace-signature"]))).toBe(false);
}

async function deliveriesOf(webhookId: number) {
  return deps.db.selectFrom("webhook_deliveries").selectAll().where("webhook_id", "=", webhookId).orderBy("id").execute();
}

describe("delivering events", () => {
  it("a new public thread and its solution reach the receiver as signed JSON, kicked after commit", async () => {
    const hook = await subscribe("/ok");
    const kicksBefore = kicks;
    const { threadId } = await forum.createThread(as(deps, member), { topicId, kind: "question", title: "¿Qué tarifa para el BRT?", body: "Buscamos ejemplos." });
    expect(kicks).toBe(kicksBefore + 1);
    expect(await worker.drain()).toBe(1);
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(request.headers["x-enlace-event"]).toBe("thread:created");
    const [row] = await deliveriesOf(hook.id);
    expect(request.headers["x-enlace-delivery"]).toBe(String(row.id));
    expect(Math.abs(Number(request.headers["x-enlace-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
    expectSigned(request, hook.secret);
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({ event: "thread:created", data: { thread: { id: threadId, title: "¿Qué tarifa para el BRT?", url: `${server.url}/t/${threadId}`, kind: "question" }, author: { handle: member.handle } } });
    expect(row).toMatchObject({ attempts: 1, last_status: 200, last_error: null, failed_at: null });
    expect(row.delivered_at).not.toBeNull();

    const expert = await createUser(deps.db);
    const answer = await forum.createReply(as(deps, expert), { threadId, body: "Miren el caso de Curitiba." });
    await forum.markSolution(as(deps, member), { postId: answer.postId });
    await worker.drain();
    expect(received.map((entry) => entry.headers["x-enlace-event"])).toEqual(["thread:created", "solution:marked"]);
    expect(JSON.parse(received[1].body).data).toMatchObject({ thread: { id: threadId }, solution: { postId: answer.postId, url: `${server.url}/p/${answer.postId}` } });
    expectSigned(received[1], hook.secret);
  });

  it("sends only the events a webhook chose, and nothing for private groups or paused webhooks", async () => {
    const solutionsOnly = await subscribe("/solutions", ["solution:marked"]);
    await forum.createThread(as(deps, member), { topicId, kind: "question", title: "Una pregunta pública", body: "x" });
    const group = await groups.createGroup(as(deps, admin), { topicId, kind: "working_group", slug: "grupo-webhooks", nameEs: "Privado", namePt: "Privado", nameEn: "Private", joinPolicy: "invite" });
    const secret = await forum.createThread(as(deps, admin), { groupId: group.id, kind: "question", title: "Una pregunta privada", body: "x" });
    const answer = await forum.createReply(as(deps, admin), { threadId: secret.threadId, body: "Respuesta privada" });
    await forum.markSolution(as(deps, admin), { postId: answer.postId });
    expect(await deliveriesOf(solutionsOnly.id)).toEqual([]);

    const all = await subscribe("/all");
    await webhooks.setActive(as(deps, admin), { webhookId: all.id, active: false });
    await forum.createThread(as(deps, member), { topicId, kind: "question", title: "Otra pregunta pública", body: "x" });
    expect(await deliveriesOf(all.id)).toEqual([]);
    await worker.drain();
    expect(received).toEqual([]);
  });

  it("a rolled-back change queues nothing", async () => {
    const hook = await subscribe("/rollback");
    await expect(
      deps.db.transaction().execute(async (trx) => {
        expect(await enqueueWebhookEvent(trx, "thread:created", { thread: { id: 1 } }, deps.now())).toBe(1);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await deliveriesOf(hook.id)).toEqual([]);
  });
});

describe("retries", () => {
  it("a receiver that fails with 500 and then succeeds gets the delivery again after the backoff", async () => {
    const hook = await subscribe("/flaky");
    script.set("/flaky", [500]);
    await forum.createThread(as(deps, member), { topicId, kind: "question", title: "Pregunta con reintento", body: "x" });
    expect(await worker.drain()).toBe(0);
    let [row] = await deliveriesOf(hook.id);
    expect(row).toMatchObject({ attempts: 1, last_status: 500, last_error: "HTTP 500", delivered_at: null, failed_at: null });
    expect(row.next_attempt_at.getTime() - deps.now().getTime()).toBe(30_000);
    // Not due yet.
    expect(await worker.drain()).toBe(0);
    expect(received).toHaveLength(1);
    deps.clock.advance(30_000);
    expect(await worker.drain()).toBe(1);
    [row] = await deliveriesOf(hook.id);
    expect(row).toMatchObject({ attempts: 2, last_status: 200, last_error: null });
    expect(received.map((entry) => entry.headers["x-enlace-delivery"])).toEqual([String(row.id), String(row.id)]);
    for (const request of received) expectSigned(request, hook.secret);
    expect(received[0].body).toBe(received[1].body);
  });

  it("gives up after the maximum attempts; the log shows it, and retry now gives it one more go", async () => {
    const hook = await subscribe("/down");
    script.set("/down", Array(WEBHOOK_MAX_ATTEMPTS).fill(503));
    await forum.createThread(as(deps, member), { topicId, kind: "question", title: "Pregunta sin receptor", body: "x" });
    const waits: number[] = [];
    for (let attempt = 1; attempt <= WEBHOOK_MAX_ATTEMPTS; attempt++) {
      await worker.drain();
      const [row] = await deliveriesOf(hook.id);
      expect(row.attempts).toBe(attempt);
      if (row.failed_at) break;
      waits.push(row.next_attempt_at.getTime() - deps.now().getTime());
      deps.clock.advance(row.next_attempt_at.getTime() - deps.now().getTime());
    }
    // Exponential: 30 s, 1 min, 2 min, ...
    expect(waits.slice(0, 4)).toEqual([30_000, 60_000, 120_000, 240_000]);
    const [failed] = await deliveriesOf(hook.id);
    expect(failed).toMatchObject({ attempts: WEBHOOK_MAX_ATTEMPTS, last_status: 503, last_error: "HTTP 503" });
    expect(failed.failed_at).not.toBeNull();
    deps.clock.advance(24 * 60 * 60 * 1000);
    expect(await worker.drain()).toBe(0);
    expect(received).toHaveLength(WEBHOOK_MAX_ATTEMPTS);

    const log = await webhooks.getLog(as(deps, admin), { webhookId: hook.id });
    expect(log.webhook.deliveries).toEqual({ pending: 0, delivered: 0, failed: 1 });
    expect(log.deliveries[0]).toMatchObject({ id: failed.id, event: "thread:created", state: "failed", attempts: WEBHOOK_MAX_ATTEMPTS, lastStatus: 503, lastError: "HTTP 503" });

    // The receiver is back: "retry now".
    await webhooks.retryDelivery(as(deps, admin), { deliveryId: failed.id });
    expect((await webhooks.getLog(as(deps, admin), { webhookId: hook.id })).deliveries[0].state).toBe("pending");
    expect(await worker.drain()).toBe(1);
    expect((await webhooks.getLog(as(deps, admin), { webhookId: hook.id })).deliveries[0]).toMatchObject({ state: "delivered", attempts: WEBHOOK_MAX_ATTEMPTS + 1, lastStatus: 200 });
    await expect(webhooks.retryDelivery(as(deps, admin), { deliveryId: failed.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a receiver that does not answer in time is a failed attempt", async () => {
    const hook = await subscribe("/hang");
    script.set("/hang", ["hang"]);
    await forum.createThread(as(deps, member), { topicId, kind: "question", title: "Pregunta sin respuesta a tiempo", body: "x" });
    await worker.drain();
    const [row] = await deliveriesOf(hook.id);
    expect(row).toMatchObject({ attempts: 1, last_status: null, delivered_at: null });
    expect(row.last_error).toMatch(/no answer within 1000 ms/);
  });
});

describe("where webhooks may post", () => {
  it("only http(s), without credentials, never Enlace itself", async () => {
    const refused = async (url: string, key: string) =>
      expect(webhooks.create(as(deps, admin), { url, events: ["thread:created"] }), url).rejects.toMatchObject({ fieldErrors: { url: key } });
    await refused("file:///etc/passwd", "webhook.url_invalid");
    await refused("javascript:alert(1)", "webhook.url_invalid");
    await refused("ftp://example.org/x", "webhook.url_invalid");
    await refused("https://user:secret@example.org/hook", "webhook.url_credentials");
    await refused(`${server.url}/api/v1/anything`, "webhook.url_own_site");
    await expect(webhooks.create(as(deps, admin), { url: "https://example.org/hook", events: [] })).rejects.toMatchObject({ fieldErrors: { events: "webhook.events_required" } });
    await expect(webhooks.create(as(deps, admin), { url: "https://example.org/hook", events: ["post:deleted"] })).rejects.toMatchObject({ fieldErrors: { events: "webhook.events_required" } });
  });

  it("refuses private and loopback addresses unless WEBHOOKS_ALLOW_PRIVATE is set, when saved and when delivered", async () => {
    const strict = createTestDeps(handle);
    expect(strict.config.webhooks.allowPrivateAddresses).toBe(false);
    for (const url of ["http://127.0.0.1:8080/x", "http://localhost/x", "http://[::1]/x", "http://10.1.2.3/x", "http://192.168.1.10/x", "http://169.254.169.254/latest/meta-data", "http://[::ffff:127.0.0.1]/x", "http://intranet/x"]) {
      await expect(webhooks.create(as(strict, admin), { url, events: ["thread:created"] }), url).rejects.toMatchObject({ fieldErrors: { url: "webhook.url_private" } });
    }
    await expect(webhooks.create(as(strict, admin), { url: "https://hooks.example.org/enlace", events: ["thread:created"] })).resolves.toMatchObject({ secret: expect.stringMatching(/^whsec_/) });
    await deps.db.updateTable("webhooks").set({ active: false }).execute();

    // Saved while allowed (or by hand), then delivered by a strict worker: refused on the address dialled.
    const port = (receiver.address() as AddressInfo).port;
    const byName = await deps.db
      .insertInto("webhooks")
      .values({ url: `http://localhost:${port}/strict`, secret: "whsec_test", events: ["thread:created"] })
      .returning("id")
      .executeTakeFirstOrThrow();
    const byAddress = await deps.db
      .insertInto("webhooks")
      .values({ url: `http://127.0.0.1:${port}/strict`, secret: "whsec_test", events: ["thread:created"] })
      .returning("id")
      .executeTakeFirstOrThrow();
    await forum.createThread(as(deps, member), { topicId, kind: "question", title: "Pregunta para el trabajador estricto", body: "x" });
    const strictWorker = createWebhookDelivery({ db: deps.db, logger: deps.logger, now: deps.clock.now, allowPrivateAddresses: false });
    expect(await strictWorker.drain()).toBe(0);
    expect(received).toEqual([]);
    const [named] = await deliveriesOf(byName.id);
    const [numbered] = await deliveriesOf(byAddress.id);
    expect(named.last_error).toMatch(/resolves to a private address/);
    expect(numbered.last_error).toBe("private address refused");
  });
});

describe("administration", () => {
  it("is for admins only: moderators and members are told it does not exist", async () => {
    for (const user of [moderator, member, null]) {
      await expect(webhooks.list(as(deps, user))).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(webhooks.create(as(deps, user), { url: "https://example.org/x", events: ["thread:created"] })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(webhooks.getLog(as(deps, user), { webhookId: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(webhooks.retryDelivery(as(deps, user), { deliveryId: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(webhooks.remove(as(deps, user), { webhookId: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
  });

  it("pages: 404 for a moderator; an admin creates one, sees the secret once, reads the log and deletes it", async () => {
    const moderatorBrowser = createBrowser(server);
    await moderatorBrowser.post("/sign-in", { email: moderator.email, password: "movilidad-sostenible-2030" });
    expect((await moderatorBrowser.get("/admin/webhooks")).status).toBe(404);
    expect((await moderatorBrowser.get("/admin/webhooks/1")).status).toBe(404);

    const browser = createBrowser(server);
    await browser.post("/sign-in", { email: admin.email, password: "movilidad-sostenible-2030" });
    expect((await browser.get("/admin/webhooks")).status).toBe(200);
    const created = await browser.post("/admin/webhooks", { intent: "create", url: `${receiverUrl}/page`, description: "Plataforma hermana", events: "thread:created" });
    expect(created.status).toBe(200);
    const html = await created.text();
    const secret = html.match(/data-testid="webhook-secret">(whsec_[\w-]+)</)?.[1];
    expect(secret).toBeDefined();
    const row = await deps.db.selectFrom("webhooks").select(["id", "secret", "events"]).where("url", "=", `${receiverUrl}/page`).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ secret, events: ["thread:created"] });
    // Shown once: the list does not repeat it.
    expect(await (await browser.get("/admin/webhooks")).text()).not.toContain(secret!);

    const refused = await browser.post("/admin/webhooks", { intent: "create", url: "gopher://example.org", events: "thread:created" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Indica una dirección http:// o https://.");

    script.set("/page", [500]);
    await forum.createThread(as(deps, member), { topicId, kind: "question", title: "Pregunta para la página", body: "x" });
    await worker.drain();
    const log = await (await browser.get(`/admin/webhooks/${row.id}`)).text();
    expect(log).toContain("En espera");
    expect(log).toContain("HTTP 500");
    const [delivery] = await deliveriesOf(row.id);
    const retried = await browser.post(`/admin/webhooks/${row.id}`, { intent: "retry", deliveryId: String(delivery.id) });
    expect(retried.status).toBe(200);
    await worker.drain();
    expect((await deliveriesOf(row.id))[0].delivered_at).not.toBeNull();

    expect((await browser.post("/admin/webhooks", { intent: "delete", webhookId: String(row.id) })).status).toBe(200);
    expect(await deliveriesOf(row.id)).toEqual([]);
    expect((await browser.get(`/admin/webhooks/${row.id}`)).status).toBe(404);
  });
});
