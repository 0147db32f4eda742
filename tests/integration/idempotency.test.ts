// Idempotency keys: ten parallel submissions of one key make one post and all get the same answer;
// the same key with another body is refused. Web forms (with the key the page rendered) and the JSON API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import type { UserRow } from "../../db/schema";
import { services } from "../../server/domain";
import { deleteExpiredIdempotencyKeys, IDEMPOTENCY_KEY_TTL_MS } from "../../server/domain/idempotency/idempotency.service";
import { actorFromUser } from "../../server/domain/sessions/session.service";
import { createTopic, createUser } from "../factories";
import { createTestDatabase } from "../setup/test-database";
import { contextFor } from "../setup/test-deps";
import { createBrowser, startTestServer, type TestServer } from "../setup/test-server";

let handle: DatabaseHandle;
let server: TestServer;
let topic: { id: number; slug: string };
let author: UserRow;
let threadId: number;

const PARALLEL = 10;

async function signIn(user: UserRow) {
  const browser = createBrowser(server);
  const response = await browser.post("/sign-in", { email: user.email, password: "movilidad-sostenible-2030", redirectTo: "/" });
  expect(response.status).toBe(302);
  return browser;
}

/** The hidden idempotency key the page rendered into its composer (server-side, so it works without JavaScript). */
function renderedKey(html: string): string {
  const match = html.match(/name="idempotencyKey" value="([^"]+)"/);
  expect(match, "the composer renders a hidden idempotencyKey").not.toBeNull();
  return match![1];
}

async function countPosts(body: string) {
  const row = await handle.db.selectFrom("posts").select((eb) => eb.fn.countAll<number>().as("n")).where("source", "=", body).executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeAll(async () => {
  handle = await createTestDatabase();
  server = await startTestServer(handle);
  topic = await createTopic(handle.db, { slug: "idempotency", name: { es: "Idempotencia", pt: "Idempotência", en: "Idempotency" } });
  author = await createUser(handle.db, { locale: "es" });
  ({ threadId } = await services.forum.createThread(contextFor(server.deps, actorFromUser(author)), {
    topicId: topic.id,
    kind: "discussion",
    title: "Carriles exclusivos y velocidad comercial",
    body: "¿Qué ganancia de velocidad vieron con carriles exclusivos?",
    tags: [],
    language: "es",
  }));
});
afterAll(async () => {
  await server?.close();
  await handle?.close();
});

describe("web forms", () => {
  it("ten parallel reply submissions with the page's key make one post and the same redirect", async () => {
    const member = await createUser(handle.db, { locale: "es" });
    const browser = await signIn(member);
    const page = await browser.get(`/t/${threadId}`);
    expect(page.status).toBe(200);
    const key = renderedKey(await page.text());
    const body = `En Bogotá subió un 20 % (${key.slice(0, 6)}).`;
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, () => browser.post(`/t/${threadId}`, { intent: "submit", body, idempotencyKey: key })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(PARALLEL).fill(302));
    const locations = new Set(answers.map((answer) => answer.headers.get("location")));
    expect(locations.size).toBe(1);
    expect([...locations][0]).toMatch(new RegExp(`^/t/${threadId}.*#p-\\d+$`));
    expect(await countPosts(body)).toBe(1);

    // A later retry (the browser resending the form) gets the same answer, not a "duplicate post" error.
    const retry = await browser.post(`/t/${threadId}`, { intent: "submit", body, idempotencyKey: key });
    expect(retry.status).toBe(302);
    expect(retry.headers.get("location")).toBe([...locations][0]);

    // The same key with another body is refused with a translated message, and nothing is written.
    const other = await browser.post(`/t/${threadId}`, { intent: "submit", body: "Otro texto completamente distinto.", idempotencyKey: key });
    expect(other.status).toBe(409);
    expect(await other.text()).toContain("Este formulario ya se envió con otro contenido");
    expect(await countPosts("Otro texto completamente distinto.")).toBe(0);
    expect(await countPosts(body)).toBe(1);

    // Each rendering of the page carries a new key.
    const again = renderedKey(await (await browser.get(`/t/${threadId}`)).text());
    expect(again).not.toBe(key);
  });

  it("ten parallel new-thread submissions with one key make one thread", async () => {
    const member = await createUser(handle.db, { locale: "pt" });
    const browser = await signIn(member);
    const page = await browser.get(`/topics/${topic.slug}/new`);
    expect(page.status).toBe(200);
    const key = renderedKey(await page.text());
    const fields = { intent: "submit", kind: "question", title: `Ônibus elétricos: custo total (${key.slice(0, 6)})`, body: "Quanto custa o quilômetro?", language: "pt", idempotencyKey: key };
    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => browser.post(`/topics/${topic.slug}/new`, fields)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(PARALLEL).fill(302));
    const locations = new Set(answers.map((answer) => answer.headers.get("location")));
    expect(locations.size).toBe(1);
    const threads = await handle.db.selectFrom("threads").select("id").where("title", "=", fields.title).execute();
    expect(threads).toHaveLength(1);
    expect([...locations][0]).toBe(`/t/${threads[0].id}`);

    const other = await browser.post(`/topics/${topic.slug}/new`, { ...fields, title: "Outro título qualquer" });
    expect(other.status).toBe(409);
    expect(await other.text()).toContain("Este formulário já foi enviado com outro conteúdo");
  });
});

describe("JSON API with the Idempotency-Key header", () => {
  it("replays the first answer to ten parallel calls and refuses another body", async () => {
    const member = await createUser(handle.db, { locale: "en" });
    const { token } = await services.accounts.createAccessToken(contextFor(server.deps, actorFromUser(member)), { name: "cli" });
    const key = "3f0c2b9e-6a7d-4c1e-9b52-1f7a0d4e8c21";
    const call = (body: string) =>
      fetch(`${server.url}/api/v1/threads/${threadId}/replies`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": key },
        body: JSON.stringify({ body }),
      }).then(async (response) => ({ status: response.status, json: (await response.json()) as any }));
    const body = "In Santiago the gain was 15 %.";
    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => call(body)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(PARALLEL).fill(201));
    const first = answers[0].json;
    expect(first.postId).toBeGreaterThan(0);
    for (const answer of answers) expect(answer.json).toEqual(first);
    expect(await countPosts(body)).toBe(1);

    const refused = await call("Something else entirely.");
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("CONFLICT");
    expect(refused.json.error.message).toBe("This form was already sent with different content. Reload the page and send it again.");
    expect(await countPosts("Something else entirely.")).toBe(0);

    // Keys are per member: another member's identical key is theirs alone.
    const stranger = await createUser(handle.db, { locale: "en" });
    const strangerToken = (await services.accounts.createAccessToken(contextFor(server.deps, actorFromUser(stranger)), { name: "cli" })).token;
    const theirs = await fetch(`${server.url}/api/v1/threads/${threadId}/replies`, {
      method: "POST",
      headers: { authorization: `Bearer ${strangerToken}`, "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify({ body: "Another member, same key." }),
    });
    expect(theirs.status).toBe(201);
    expect(((await theirs.json()) as any).postId).not.toBe(first.postId);

    const malformed = await fetch(`${server.url}/api/v1/threads/${threadId}/replies`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": "bad key!" },
      body: JSON.stringify({ body: "Malformed key." }),
    });
    expect(malformed.status).toBe(400);
  });

  it("the maintenance job forgets keys after 24 hours", async () => {
    const member = await createUser(handle.db, { locale: "es" });
    const ctx = contextFor(server.deps, actorFromUser(member));
    await services.forum.createReply(ctx, { threadId, body: "Respuesta con clave.", idempotencyKey: "expiring-key-0001" });
    const now = server.deps.now();
    expect(await deleteExpiredIdempotencyKeys(handle.db, now)).toBe(0);
    const later = new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_MS + 60_000);
    expect(await deleteExpiredIdempotencyKeys(handle.db, later)).toBeGreaterThanOrEqual(1);
    const left = await handle.db.selectFrom("idempotency_keys").select("key").where("user_id", "=", member.id).execute();
    expect(left).toEqual([]);
  });
});
