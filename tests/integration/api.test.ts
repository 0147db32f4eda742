import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/connection";
import type { UserRow } from "../../db/schema";
import { createApp } from "../../server/app";
import { services } from "../../server/domain";
import { actorFromUser, createSession } from "../../server/domain/sessions/session.service";
import { createSessionCookie } from "../../server/http/session-cookie";
import { createTopic, createUser } from "../factories";
import { createTestDatabase } from "../setup/test-database";
import { contextFor, createTestDeps } from "../setup/test-deps";
import { startTestServer, type TestServer } from "../setup/test-server";

let handle: DatabaseHandle;
let server: TestServer;
let topic: { id: number; slug: string };
let asker: UserRow;
let helper: UserRow;
let askerToken: string;
let helperToken: string;
/** A public question opened through the services, before any HTTP call. */
let publicThread: { threadId: number; postId: number };

beforeAll(async () => {
  handle = await createTestDatabase();
  server = await startTestServer(handle, { withRemix: false });
  topic = await createTopic(handle.db, {
    slug: "urban-planning",
    name: { es: "Planificación urbana", pt: "Planejamento urbano", en: "Urban planning" },
  });
  asker = await createUser(handle.db, { locale: "es" });
  helper = await createUser(handle.db, { locale: "pt" });
  askerToken = (await services.accounts.createAccessToken(contextFor(server.deps, actorFromUser(asker)), { name: "cli" })).token;
  helperToken = (await services.accounts.createAccessToken(contextFor(server.deps, actorFromUser(helper)), { name: "bot" })).token;
  publicThread = await services.forum.createThread(contextFor(server.deps, actorFromUser(asker)), {
    topicId: topic.id,
    kind: "question",
    title: "¿Cómo medir la caminabilidad de un barrio?",
    body: "Buscamos indicadores **sencillos** para comparar barrios.",
    tags: [],
    language: "es",
  });
});
afterAll(async () => {
  await server?.close();
  await handle?.close();
});

interface CallOptions {
  method?: string;
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** A plain API call: no Origin, no cookie, unless a test adds them. */
async function api(path: string, options: CallOptions = {}) {
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined || options.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = options.rawBody ?? JSON.stringify(options.body);
  }
  const response = await fetch(`${server.url}/api/v1${path}`, { method: options.method ?? "GET", headers, body, redirect: "manual" });
  const text = await response.text();
  const isJson = /^application\/json/.test(response.headers.get("content-type") ?? "");
  const json = text && isJson ? (JSON.parse(text) as any) : undefined;
  return { status: response.status, headers: response.headers, json, text };
}

/** Every error has exactly this shape: a code, a message, and fields only when there are some. */
function expectErrorEnvelope(json: any, code: string) {
  expect(Object.keys(json)).toEqual(["error"]);
  expect(json.error.code).toBe(code);
  expect(typeof json.error.message).toBe("string");
  expect(json.error.message.length).toBeGreaterThan(0);
  for (const key of Object.keys(json.error)) expect(["code", "message", "fields"]).toContain(key);
  if ("fields" in json.error) expect(Object.keys(json.error.fields).length).toBeGreaterThan(0);
}

describe("anonymous reads", () => {
  it("lists topics in the visitor's language", async () => {
    const response = await api("/topics", { headers: { "accept-language": "pt-BR,pt;q=0.9" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const found = response.json.find((item: any) => item.slug === "urban-planning");
    expect(found).toMatchObject({ id: topic.id, name: "Planejamento urbano" });
  });

  it("lists public threads, with filters", async () => {
    const response = await api(`/threads?topic=${topic.slug}&view=unsolved&limit=5`);
    expect(response.status).toBe(200);
    expect(response.json.threads.map((thread: any) => thread.id)).toContain(publicThread.threadId);
    expect(response.json.threads[0]).toMatchObject({ topic: { slug: topic.slug }, unreadCount: null, isNew: false });
    expect(response.json).toHaveProperty("nextCursor");
  });

  it("reads a public thread page", async () => {
    const response = await api(`/threads/${publicThread.threadId}`);
    expect(response.status).toBe(200);
    expect(response.json.thread).toMatchObject({ id: publicThread.threadId, title: "¿Cómo medir la caminabilidad de un barrio?" });
    expect(response.json.opening.html).toContain("<strong>sencillos</strong>");
    expect(response.json.can).toEqual({ reply: false, markSolution: false, editThread: false });
  });

  it("reads a post's revisions", async () => {
    const response = await api(`/posts/${publicThread.postId}/revisions`);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ threadId: publicThread.threadId, postId: publicThread.postId });
    expect(response.json.revisions).toHaveLength(1);
  });
});

describe("anonymous writes", () => {
  it.each([
    ["POST", "/threads", { topicId: 1, kind: "question", title: "Una pregunta cualquiera", body: "Texto" }],
    ["POST", "/threads/:thread/replies", { body: "Hola" }],
    ["PATCH", "/threads/:thread", { title: "Otro título más largo", tags: [] }],
    ["PATCH", "/posts/:post", { body: "Cambio" }],
    ["DELETE", "/posts/:post", undefined],
    ["PUT", "/threads/:thread/solution", { postId: 1 }],
    ["DELETE", "/threads/:thread/solution", undefined],
    ["PUT", "/posts/:post/helpful", undefined],
    ["DELETE", "/posts/:post/helpful", undefined],
    ["GET", "/me", undefined],
  ])("%s %s answers 401 UNAUTHENTICATED", async (method, template, body) => {
    const path = template.replace(":thread", String(publicThread.threadId)).replace(":post", String(publicThread.postId));
    // A bearer-less write without a cookie still needs an Origin to pass the CSRF check and reach the API.
    const headers: Record<string, string> = method === "GET" ? {} : { origin: server.origin };
    const response = await api(path, { method, body, headers: { ...headers, "accept-language": "en" } });
    expect(response.status).toBe(401);
    expectErrorEnvelope(response.json, "UNAUTHENTICATED");
    expect(response.json.error.message).toBe("Please sign in first.");
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="Enlace API"/);
  });
});

describe("personal access tokens", () => {
  it("let a script work through the whole forum without an Origin header", async () => {
    const created = await api("/threads", {
      method: "POST",
      token: askerToken,
      body: {
        topicId: topic.id,
        kind: "question",
        title: "Planes de movilidad para ciudades sostenibles",
        body: "¿Qué ciudades sostenibles tienen planes de movilidad que podamos estudiar?",
        tags: [],
        language: "es",
      },
    });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ threadId: expect.any(Number), postId: expect.any(Number) });
    const { threadId, postId: openingId } = created.json;

    const reply = await api(`/threads/${threadId}/replies`, {
      method: "POST",
      token: helperToken,
      body: { body: "Bogotá y Curitiba publican sus planes de movilidad sostenible." },
    });
    expect(reply.status).toBe(201);
    expect(reply.json).toEqual({ postId: expect.any(Number), position: 2 });
    const replyId = reply.json.postId;

    const nested = await api(`/threads/${threadId}/replies`, {
      method: "POST",
      token: askerToken,
      body: { parentId: replyId, body: "¡Gracias! ¿Tienes los enlaces?" },
    });
    expect(nested.status).toBe(201);
    expect(nested.json.position).toBe(3);

    const editThread = await api(`/threads/${threadId}`, {
      method: "PATCH",
      token: askerToken,
      body: { title: "Planes de movilidad urbana para ciudades sostenibles", tags: [] },
    });
    expect(editThread.status).toBe(204);
    expect(editThread.text).toBe("");

    const editPost = await api(`/posts/${replyId}`, {
      method: "PATCH",
      token: helperToken,
      body: { body: "Bogotá, Curitiba y Quito publican sus planes de movilidad sostenible." },
    });
    expect(editPost.status).toBe(204);
    const history = await api(`/posts/${replyId}/revisions`, { token: helperToken });
    expect(history.status).toBe(200);
    expect(history.json.revisions.map((revision: any) => revision.number)).toEqual([2, 1]);

    // Someone else cannot edit the asker's thread: the same answer as for a thread that is not there.
    const foreignEdit = await api(`/posts/${openingId}`, { method: "PATCH", token: helperToken, body: { body: "Mío ahora" } });
    expect(foreignEdit.status).toBe(404);
    expectErrorEnvelope(foreignEdit.json, "NOT_FOUND");

    const solution = await api(`/threads/${threadId}/solution`, { method: "PUT", token: askerToken, body: { postId: replyId } });
    expect(solution.status).toBe(204);

    const vote = await api(`/posts/${replyId}/helpful`, { method: "PUT", token: askerToken });
    expect(vote.status).toBe(200);
    expect(vote.json).toEqual({ helpfulCount: 1, voted: true });
    const again = await api(`/posts/${replyId}/helpful`, { method: "PUT", token: askerToken });
    expect(again.json).toEqual({ helpfulCount: 1, voted: true });

    const page = await api(`/threads/${threadId}`, { token: askerToken });
    expect(page.status).toBe(200);
    expect(page.json.thread.title).toBe("Planes de movilidad urbana para ciudades sostenibles");
    expect(page.json.thread.solvedAt).not.toBeNull();
    expect(page.json.solution).toMatchObject({ id: replyId, isSolution: true, helpfulCount: 1, votedHelpful: true });
    expect(page.json.posts[0].children.map((child: any) => child.id)).toEqual([nested.json.postId]);
    expect(page.json.can.markSolution).toBe(true);

    const unvote = await api(`/posts/${replyId}/helpful`, { method: "DELETE", token: askerToken });
    expect(unvote.json).toEqual({ helpfulCount: 0, voted: false });

    // A stemmed form of a word in the title and body finds the thread.
    const search = await api(`/search?q=sostenible&topic=${topic.slug}&solved=yes`, { token: helperToken });
    expect(search.status).toBe(200);
    const hit = search.json.hits.find((item: any) => item.postId === openingId);
    expect(hit).toMatchObject({ threadId, isOpening: true, solved: true, kind: "question" });
    expect(hit.snippet.some((segment: any) => segment.match && /sostenible/i.test(segment.text))).toBe(true);
    // ... and anonymous visitors find it too, since the topic is public.
    const anonymous = await api("/search?q=sostenibles");
    expect(anonymous.json.hits.map((item: any) => item.threadId)).toContain(threadId);

    const unmark = await api(`/threads/${threadId}/solution`, { method: "DELETE", token: askerToken });
    expect(unmark.status).toBe(204);
    expect((await api(`/threads/${threadId}`)).json.thread.solvedAt).toBeNull();

    const deleted = await api(`/posts/${nested.json.postId}`, { method: "DELETE", token: askerToken });
    expect(deleted.status).toBe(204);
    expect((await api(`/threads/${threadId}`)).json.posts[0].children[0]).toMatchObject({ deleted: "author", html: null });
  });

  it("answer /me with the token's member", async () => {
    const response = await api("/me", { token: helperToken });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ id: helper.id, handle: helper.handle, locale: "pt" });
    expect(response.json).not.toHaveProperty("password_hash");
  });

  it("refuse a solution from another thread", async () => {
    const other = await api(`/threads/${publicThread.threadId}/replies`, { method: "POST", token: helperToken, body: { body: "Walk Score es un buen comienzo." } });
    expect(other.status).toBe(201);
    const created = await api("/threads", {
      method: "POST",
      token: askerToken,
      body: { topicId: topic.id, kind: "question", title: "Otra pregunta sobre ciclovías", body: "¿Ancho mínimo?", tags: [] },
    });
    const response = await api(`/threads/${created.json.threadId}/solution`, { method: "PUT", token: askerToken, body: { postId: other.json.postId } });
    expect(response.status).toBe(400);
    expectErrorEnvelope(response.json, "VALIDATION");
    expect(response.json.error.fields).toEqual({ postId: "Este valor no es válido." });
    const page = await api(`/threads/${publicThread.threadId}`);
    expect(page.json.thread.solvedAt).toBeNull();
  });

  it("answer 401 once revoked, and for unknown or malformed tokens", async () => {
    const member = await createUser(handle.db);
    const ctx = contextFor(server.deps, actorFromUser(member));
    const { token, id } = await services.accounts.createAccessToken(ctx, { name: "short-lived" });
    expect((await api("/me", { token })).status).toBe(200);
    await services.accounts.revokeAccessToken(ctx, { tokenId: id });

    for (const bad of [token, "enl_not.a-token", "something-else", `${token}x`]) {
      const response = await api("/me", { token: bad, headers: { "accept-language": "en" } });
      expect(response.status).toBe(401);
      expectErrorEnvelope(response.json, "UNAUTHENTICATED");
      expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
    }
    // A rejected token never falls back to anonymous reads, and writes with it change nothing.
    expect((await api("/topics", { token })).status).toBe(401);
    const write = await api("/threads", {
      method: "POST",
      token,
      body: { topicId: topic.id, kind: "discussion", title: "Esto no debería existir", body: "Nada", tags: [] },
    });
    expect(write.status).toBe(401);
    const rows = await handle.db.selectFrom("threads").select("id").where("title", "=", "Esto no debería existir").execute();
    expect(rows).toHaveLength(0);
    // An empty Bearer header is refused the same way.
    expect((await api("/topics", { headers: { authorization: "Bearer " } })).status).toBe(401);
  });
});

describe("errors", () => {
  it("come back translated into the token owner's profile language, with translated fields", async () => {
    const response = await api("/threads", {
      method: "POST",
      token: helperToken, // helper's profile says pt
      body: { topicId: "abc", kind: "question", title: "Uma pergunta sobre ônibus elétricos", body: "Texto", tags: [] },
    });
    expect(response.status).toBe(400);
    expectErrorEnvelope(response.json, "VALIDATION");
    expect(response.json.error.message).toBe("Corrija os campos marcados abaixo.");
    expect(response.json.error.fields.topicId).toBe("Este valor não é válido.");
  });

  it("follow Accept-Language for anonymous callers, and ?lang= over everything", async () => {
    const pt = await api("/search?q=a", { headers: { "accept-language": "pt" } });
    expect(pt.status).toBe(400);
    expectErrorEnvelope(pt.json, "VALIDATION");
    expect(pt.json.error.message).toBe("Corrija os campos marcados abaixo.");
    expect(Object.keys(pt.json.error.fields)).toEqual(["q"]);
    expect(pt.json.error.fields.q).not.toMatch(/^validation\./);

    const en = await api("/search?q=a&lang=en", { headers: { "accept-language": "pt" } });
    expect(en.json.error.message).toBe("Please correct the fields marked below.");
    const es = await api("/search?q=a", { headers: { "accept-language": "de" } });
    expect(es.json.error.message).toBe("Corrige los campos marcados abajo.");
  });

  it("answer 400 VALIDATION to a malformed JSON body", async () => {
    const response = await api("/threads", { method: "POST", token: askerToken, rawBody: '{"topicId": 1,', headers: { "accept-language": "en" } });
    expect(response.status).toBe(400);
    expectErrorEnvelope(response.json, "VALIDATION");
    // The token owner's profile (es) decides, over Accept-Language, as for a session.
    expect(response.json.error.message).toBe("Este valor no es válido.");
  });

  it("answer 400 VALIDATION to a body over 100kb", async () => {
    const response = await api(`/threads/${publicThread.threadId}/replies`, {
      method: "POST",
      token: helperToken,
      body: { body: "Una respuesta corta.", padding: "x".repeat(110 * 1024) },
    });
    expect(response.status).toBe(400);
    expectErrorEnvelope(response.json, "VALIDATION");
  });

  it("answer NOT_FOUND identically for missing, malformed and hidden threads", async () => {
    const missing = await api("/threads/987654", { headers: { "accept-language": "es" } });
    expect(missing.status).toBe(404);
    expectErrorEnvelope(missing.json, "NOT_FOUND");
    expect(missing.json).toEqual({ error: { code: "NOT_FOUND", message: "No encontramos eso." } });

    expect((await api("/threads/abc")).json).toEqual(missing.json);
    expect((await api("/threads/99999999999")).json).toEqual(missing.json);
    expect((await api("/posts/987654/revisions")).json).toEqual(missing.json);

    // A thread deleted by its author is hidden from everyone but moderators.
    const created = await services.forum.createThread(contextFor(server.deps, actorFromUser(asker)), {
      topicId: topic.id,
      kind: "discussion",
      title: "Un hilo que se va a borrar",
      body: "Pronto desaparece.",
      tags: [],
    });
    const deleted = await api(`/posts/${created.postId}`, { method: "DELETE", token: askerToken });
    expect(deleted.status).toBe(204);
    const hidden = await api(`/threads/${created.threadId}`, { headers: { "accept-language": "es" } });
    expect(hidden.status).toBe(404);
    expect(hidden.json).toEqual(missing.json);
    const hiddenForMember = await api(`/threads/${created.threadId}`, { token: helperToken });
    expect(hiddenForMember.status).toBe(404);
    expect(Object.keys(hiddenForMember.json.error)).toEqual(["code", "message"]);

    // A thread in a private space looks just the same to outsiders.
    const privateTopic = await createTopic(handle.db, { slug: "private-group" });
    const admin = await createUser(handle.db, { site_role: "admin" });
    const secret = await services.forum.createThread(contextFor(server.deps, actorFromUser(admin)), {
      topicId: privateTopic.id,
      kind: "discussion",
      title: "Conversación reservada",
      body: "Solo para miembros.",
      tags: [],
    });
    await handle.db.updateTable("spaces").set({ visibility: "private" }).where("id", "=", privateTopic.space_id).execute();
    const outsider = await api(`/threads/${secret.threadId}`, { headers: { "accept-language": "es" } });
    expect(outsider.status).toBe(404);
    expect(outsider.json).toEqual(missing.json);
    const reply = await api(`/threads/${secret.threadId}/replies`, { method: "POST", token: askerToken, body: { body: "¿Hola?" } });
    expect(reply.status).toBe(404);
    expect(reply.json).toEqual({ error: { code: "NOT_FOUND", message: "No encontramos eso." } });
  });

  it("answer 500 INTERNAL without details for unexpected failures, and log them", async () => {
    // A query that throws something that is neither an AppError nor a lost connection.
    const logged: string[] = [];
    const logger = pino({ level: "error" }, { write: (line: string) => void logged.push(line) });
    const db = new Proxy(handle.db, {
      get: (target, property, receiver) =>
        property === "selectFrom" ? () => { throw new Error("unexpected failure 7f3a"); } : Reflect.get(target, property, receiver),
    });
    const app = createApp({ ...createTestDeps(handle), db, logger });
    const http = createServer(app);
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/api/v1/topics`, {
        headers: { "accept-language": "en" },
      });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        error: { code: "INTERNAL", message: "Enlace could not finish this request. Please try again in a moment." },
      });
      expect(logged.some((line) => line.includes("API request failed") && line.includes("unexpected failure 7f3a"))).toBe(true);
    } finally {
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  });

  it("answer 503 UNAVAILABLE with Retry-After when the database cannot be reached, and log the cause (decision 017)", async () => {
    const broken = await openDatabase({ kind: "postgres", url: "postgres://postgres@127.0.0.1:1/none" });
    const logged: string[] = [];
    const logger = pino({ level: "error" }, { write: (line: string) => void logged.push(line) });
    const app = createApp({ ...createTestDeps(broken), logger });
    const http = createServer(app);
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/api/v1/topics`, {
        headers: { "accept-language": "en" },
      });
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(await response.json()).toEqual({
        error: { code: "UNAVAILABLE", message: "Enlace cannot reach its database right now, so nothing was saved. Please try again in a moment." },
      });
      expect(logged.some((line) => line.includes("API request failed") && line.includes("ECONNREFUSED"))).toBe(true);
    } finally {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await broken.close();
    }
  });

  it("answer NOT_FOUND in the envelope for unknown API paths", async () => {
    const response = await api("/no/such/endpoint", { headers: { "accept-language": "en" } });
    expect(response.status).toBe(404);
    expect(response.json).toEqual({ error: { code: "NOT_FOUND", message: "We could not find that." } });
  });
});

describe("cookie sessions", () => {
  async function sessionCookieFor(user: UserRow) {
    const { token, session } = await createSession(server.deps, handle.db, user.id, { ip: "127.0.0.1", userAgent: "vitest" });
    return createSessionCookie(server.deps.config).serialize(token, session.expires_at).split(";")[0];
  }

  it("authenticate reads and same-site writes", async () => {
    const cookie = await sessionCookieFor(asker);
    const me = await api("/me", { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.json.handle).toBe(asker.handle);

    const created = await api("/threads", {
      method: "POST",
      headers: { cookie, origin: server.origin },
      body: { topicId: topic.id, kind: "discussion", title: "Desde el navegador con sesión", body: "Hola", tags: [] },
    });
    expect(created.status).toBe(201);
  });

  it("are refused with 403 on writes without an Origin header (CSRF), even with a bearer token too", async () => {
    const cookie = await sessionCookieFor(asker);
    const body = { topicId: topic.id, kind: "discussion", title: "Un intento de falsificación", body: "No", tags: [] };
    const noOrigin = await api("/threads", { method: "POST", headers: { cookie }, body });
    expect(noOrigin.status).toBe(403);
    // The CSRF check runs before the API, in server/app.ts, and answers in the API's error envelope.
    expect(noOrigin.json).toMatchObject({ error: { code: "FORBIDDEN" } });
    const foreign = await api("/threads", { method: "POST", headers: { cookie, origin: "https://evil.example" }, body });
    expect(foreign.status).toBe(403);
    const withToken = await api("/threads", { method: "POST", token: askerToken, headers: { cookie }, body });
    expect(withToken.status).toBe(403);
    const rows = await handle.db.selectFrom("threads").select("id").where("title", "=", "Un intento de falsificación").execute();
    expect(rows).toHaveLength(0);
  });
});

describe("GET /openapi.json", () => {
  it("describes every path, the error envelope and both security schemes", async () => {
    const response = await api("/openapi.json");
    expect(response.status).toBe(200);
    const doc = response.json;
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: "Enlace API", version: "1" });
    expect(doc.servers[0].url).toBe(`${server.url}/api/v1`);
    const expected: Record<string, string[]> = {
      "/topics": ["get"],
      "/threads": ["get", "post"],
      "/threads/{id}": ["get", "patch"],
      "/threads/{id}/replies": ["post"],
      "/threads/{id}/solution": ["put", "delete"],
      "/posts/{id}": ["patch", "delete"],
      "/posts/{id}/revisions": ["get"],
      "/posts/{id}/helpful": ["put", "delete"],
      "/search": ["get"],
      "/me": ["get"],
      "/openapi.json": ["get"],
    };
    expect(Object.keys(doc.paths).sort()).toEqual(Object.keys(expected).sort());
    for (const [path, methods] of Object.entries(expected)) {
      expect(Object.keys(doc.paths[path]).sort()).toEqual([...methods].sort());
      for (const method of methods) {
        expect(doc.paths[path][method].responses).toBeTypeOf("object");
        if (path.includes("{id}")) {
          expect(doc.paths[path][method].parameters).toContainEqual(expect.objectContaining({ name: "id", in: "path", required: true }));
        }
      }
    }
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({ type: "apiKey", in: "cookie", name: "enlace_session" });
    expect(doc.components.securitySchemes.bearerToken).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.schemas.Error.properties.error.required).toEqual(["code", "message"]);
    const createThread = doc.components.schemas.CreateThreadInput;
    // A thread goes in a topic or in a group: one of topicId and groupId, so neither is required alone.
    expect(createThread.required).toEqual(expect.arrayContaining(["kind", "title", "body"]));
    expect(Object.keys(createThread.properties)).toEqual(expect.arrayContaining(["topicId", "groupId", "addressedGroupId"]));
    expect(createThread.properties.kind.enum).toEqual(["question", "discussion"]);
    const searchParameters = doc.paths["/search"].get.parameters.map((parameter: any) => parameter.name ?? parameter.$ref);
    expect(searchParameters).toEqual(expect.arrayContaining(["q", "topic", "tag", "author", "solved", "language", "from", "to", "cursor"]));
    // Every $ref points at something that exists.
    const refs = JSON.stringify(doc).match(/"\$ref":"#\/components\/[^"]+"/g) ?? [];
    for (const ref of refs) {
      const [, , section, name] = ref.slice(8, -1).split("/");
      expect(doc.components[section]?.[name], ref).toBeDefined();
    }
  });

  it("is public even with a session cookie or token", async () => {
    expect((await api("/openapi.json", { token: askerToken })).status).toBe(200);
  });
});
