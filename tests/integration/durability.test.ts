// Durability with the real server process: an acknowledged reply survives kill -9; on PostgreSQL, losing
// the database answers 503 (never a false success) and the pool recovers without restarting Enlace; the
// outbox neither loses nor repeats mail across a crash. TEST_DATABASE=postgres runs it on PostgreSQL.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/connection";
import { migrateToLatest } from "../../db/migrator";
import { services } from "../../server/domain";
import { actorFromUser } from "../../server/domain/sessions/session.service";
import { createTopic, createUser } from "../factories";
import { startServerProcess, type ServerProcess } from "../durability/server-process";
import { createTestDatabase } from "../setup/test-database";
import { contextFor, createTestDeps } from "../setup/test-deps";

const onPostgres = process.env.TEST_DATABASE === "postgres";
const ROUNDS = 4;

let dataDir: string;
let pgUrl: string | undefined;
let pgHandle: (DatabaseHandle & { url?: string }) | undefined;
let token: string;
let threadId: number;

/** The server's environment: a data directory (PGlite lives in it) and, on PostgreSQL, the test database. */
const serverEnv = () => ({ DATA_DIR: dataDir, ...(pgUrl ? { DATABASE_URL: pgUrl, DATABASE_POOL_SIZE: "4" } : { DATABASE_URL: "" }) });

/** Opens the server's database from the test (PGlite: only while no server holds the directory). */
async function openServerDatabase(): Promise<DatabaseHandle> {
  return pgUrl ? openDatabase({ kind: "postgres", url: pgUrl, poolSize: 2 }) : openDatabase({ kind: "pglite", dataDir: path.join(dataDir, "pglite") });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "enlace-durability-"));
  let handle: DatabaseHandle;
  if (onPostgres) {
    pgHandle = await createTestDatabase();
    pgUrl = pgHandle.url!;
    handle = pgHandle;
  } else {
    handle = await openServerDatabase();
    await migrateToLatest(handle.db);
  }
  const deps = createTestDeps(handle);
  const topic = await createTopic(handle.db, { slug: "durabilidad", name: { es: "Durabilidad", pt: "Durabilidade", en: "Durability" } });
  const user = await createUser(handle.db, { locale: "es", created_at: new Date("2020-01-01T00:00:00Z") });
  const ctx = contextFor(deps, actorFromUser(user));
  token = (await services.accounts.createAccessToken(ctx, { name: "durability" })).token;
  ({ threadId } = await services.forum.createThread(ctx, {
    topicId: topic.id,
    kind: "discussion",
    title: "¿Sobrevive una respuesta a kill -9?",
    body: "Cada respuesta confirmada debe seguir ahí después de un corte.",
    tags: [],
    language: "es",
  }));
  if (!onPostgres) await handle.close();
}, 120_000);

afterAll(async () => {
  await pgHandle?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function postReply(server: ServerProcess, body: string, key?: string) {
  return fetch(`${server.url}/api/v1/threads/${threadId}/replies`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      ...(key ? { "idempotency-key": key } : {}),
    },
    body: JSON.stringify({ body }),
  });
}

describe("kill -9 right after an acknowledged reply", () => {
  it(`keeps every acknowledged reply (${ROUNDS} crashes in a row)`, async () => {
    const acknowledged: { postId: number; body: string }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const server = await startServerProcess(serverEnv());
      // What the previous round acknowledged is there after the restart.
      const db = await fetchPostIds(server);
      for (const earlier of acknowledged) expect(db, `reply ${earlier.postId} acknowledged before crash ${round - 1}`).toContain(earlier.postId);
      const body = `Respuesta confirmada número ${round} (${Date.now()}).`;
      const response = await postReply(server, body, `durability-round-${round}-${process.pid}`);
      // The moment the acknowledgement arrives: SIGKILL to the whole process group, no graceful shutdown.
      if (response.status === 201) await server.kill9();
      expect(response.status, server.output()).toBe(201);
      const { postId } = (await response.json()) as { postId: number };
      acknowledged.push({ postId, body });
    }
    // Last round: read the data directly after the crash (PGlite reopens the directory the killed server had).
    const handle = await openServerDatabase();
    try {
      const rows = await handle.db.selectFrom("posts").select(["id", "source"]).where("thread_id", "=", threadId).execute();
      for (const { postId, body } of acknowledged) expect(rows).toContainEqual({ id: postId, source: body });
      // Each acknowledged reply's idempotency key committed with it.
      const keys = await handle.db.selectFrom("idempotency_keys").select(["key", "completed"]).where("key", "like", "durability-round-%").execute();
      expect(keys).toHaveLength(ROUNDS);
      expect(keys.every((key) => key.completed)).toBe(true);
    } finally {
      await handle.close();
    }
  }, 600_000);
});

async function fetchPostIds(server: ServerProcess): Promise<number[]> {
  const response = await fetch(`${server.url}/api/v1/threads/${threadId}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  const json = (await response.json()) as any;
  return [...(json.posts ?? [])].flatMap((post: any) => [post.id, ...(post.children ?? []).map((child: any) => child.id)]);
}

describe.runIf(onPostgres)("PostgreSQL goes away while Enlace runs", () => {
  it("answers 503 with Retry-After (never a false success) and recovers without a restart", async () => {
    const server = await startServerProcess(serverEnv());
    const name = new URL(pgUrl!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: new URL("/postgres", pgUrl!).toString() });
    await admin.connect();
    try {
      expect((await postReply(server, "Antes del corte.")).status).toBe(201);
      // The outage, for this test database only (other test runs share the cluster): refuse new connections
      // and terminate every backend Enlace holds, as a restart of PostgreSQL would.
      await admin.query(`alter database ${name} allow_connections false`);
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", [name]);

      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(503);
      const during = ["Durante el corte 1.", "Durante el corte 2.", "Durante el corte 3."];
      for (const body of during) {
        const key = `outage-${body.length}-${body.at(-2)}`;
        // A client may see a kept-alive connection closed under it before any byte of an answer; it sends the
        // same request again with the same key, as the composer does. A server that died fails the second try.
        const response = await postReply(server, body, key).catch(async (error: unknown) => {
          console.warn(`POST during the outage failed once (${String(error)}); retrying with the same key`);
          return postReply(server, body, key).catch((again: unknown) => {
            throw new Error(`POST during the outage failed twice (${String(again)}); server output:\n${server.output()}`);
          });
        });
        expect(response.status, server.output()).toBe(503);
        expect(response.headers.get("retry-after")).toBe("5");
        const json = (await response.json()) as any;
        expect(json.error.code).toBe("UNAVAILABLE");
      }
      const page = await fetch(`${server.url}/api/v1/threads/${threadId}`, { headers: { authorization: `Bearer ${token}` } });
      expect(page.status).toBe(503);

      // PostgreSQL is back: the same process answers again (the pool replaced its dead connections).
      await admin.query(`alter database ${name} allow_connections true`);
      let healthy = false;
      for (let i = 0; i < 50 && !healthy; i++) {
        healthy = (await fetch(`${server.url}/healthz`)).status === 200;
        if (!healthy) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(healthy).toBe(true);
      const after = await postReply(server, "Después del corte.");
      expect(after.status, server.output()).toBe(201);
      const ids = await fetchPostIds(server);
      expect(ids).toContain(((await after.json()) as any).postId);

      // Nothing answered 503 was written.
      const check = await openServerDatabase();
      try {
        const rows = await check.db.selectFrom("posts").select("source").where("source", "in", during).execute();
        expect(rows).toEqual([]);
      } finally {
        await check.close();
      }
      expect(server.child.exitCode).toBeNull();
    } finally {
      await admin.query(`alter database ${name} allow_connections true`).catch(() => {});
      await admin.end();
      await server.stop();
    }
  }, 300_000);
});

describe("the outbox across a crash of the worker", () => {
  it("delivers every email once, and only the one in flight at the crash once more (same Message-ID)", async () => {
    const { startFakeSmtp } = await import("../durability/fake-smtp");
    const { renderEmail } = await import("../../server/domain/mail/templates");
    const COUNT = 6;
    const IN_FLIGHT = 3;
    // Queue the mail while no server runs (PGlite allows one process at a time).
    let handle = await openServerDatabase();
    const prefix = `crash-${Date.now().toString(36)}`;
    try {
      const deps = createTestDeps(handle);
      for (let i = 0; i < COUNT; i++) {
        await deps.mail.enqueue(handle.db, `${prefix}-${i}@example.org`, renderEmail("password_changed", "es", { name: `Persona ${i}` }));
      }
    } finally {
      if (!onPostgres) await handle.close();
    }
    const smtp = await startFakeSmtp();
    try {
      // The SMTP server takes message 3 but never answers: the worker is inside sendMail, rows leased.
      smtp.hangAfter = IN_FLIGHT;
      const first = await startServerProcess({ ...serverEnv(), SMTP_URL: smtp.url });
      for (let i = 0; i < 300 && smtp.received.length < IN_FLIGHT; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(smtp.received.length, first.output()).toBe(IN_FLIGHT);
      await first.kill9();

      // What the crash left: two sent, the rest leased for five minutes. Let the lease run out (time passes).
      if (!onPostgres) handle = await openServerDatabase();
      try {
        const rows = await handle.db.selectFrom("email_outbox").select(["id", "sent_at", "next_attempt_at"]).where("to_address", "like", `${prefix}-%`).orderBy("id").execute();
        expect(rows.filter((row) => row.sent_at !== null)).toHaveLength(IN_FLIGHT - 1);
        const leased = rows.filter((row) => row.sent_at === null);
        expect(leased.every((row) => row.next_attempt_at.getTime() > Date.now() + 60_000)).toBe(true);
        await handle.db.updateTable("email_outbox").set({ next_attempt_at: new Date(Date.now() - 1000) }).where("to_address", "like", `${prefix}-%`).where("sent_at", "is", null).execute();
      } finally {
        if (!onPostgres) await handle.close();
      }

      smtp.hangAfter = null;
      const second = await startServerProcess({ ...serverEnv(), SMTP_URL: smtp.url });
      for (let i = 0; i < 300 && new Set(smtp.received).size < COUNT; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      // A moment more, in case anything would be sent twice.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await second.stop();

      const counts = new Map<string, number>();
      for (const id of smtp.received) counts.set(id, (counts.get(id) ?? 0) + 1);
      expect(counts.size).toBe(COUNT);
      const repeated = [...counts].filter(([, n]) => n > 1);
      // Exactly the message that was in flight at the crash arrived twice, with one Message-ID; none more.
      expect(repeated).toEqual([[smtp.received[IN_FLIGHT - 1], 2]]);
      expect(smtp.received.length).toBe(COUNT + 1);

      if (!onPostgres) handle = await openServerDatabase();
      try {
        const rows = await handle.db.selectFrom("email_outbox").select(["id", "sent_at"]).where("to_address", "like", `${prefix}-%`).execute();
        expect(rows.every((row) => row.sent_at !== null)).toBe(true);
        expect([...counts.keys()].sort()).toEqual(rows.map((row) => `<outbox-${row.id}@127.0.0.1>`).sort());
      } finally {
        if (!onPostgres) await handle.close();
      }
    } finally {
      await smtp.close();
    }
  }, 300_000);
});
