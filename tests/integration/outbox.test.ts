// The outbox worker: every email leaves once, whether one worker or two run, after a worker dies
// holding a lease, or when the transport fails for a while.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import { createMailQueue, type DeferredRow, type MailComposer, type MailQueue } from "../../server/domain/mail/mail-queue";
import { renderEmail } from "../../server/domain/mail/templates";
import { createUser } from "../factories";
import { createTestDatabase } from "../setup/test-database";
import { createTestDeps, type TestDeps } from "../setup/test-deps";

const onPostgres = process.env.TEST_DATABASE === "postgres";
const LEASE_MS = 5 * 60_000;
const MAX_ATTEMPTS = 8;

let handle: DatabaseHandle;
let deps: TestDeps;

beforeAll(async () => {
  handle = await createTestDatabase();
  deps = createTestDeps(handle);
});
afterAll(async () => {
  await handle?.close();
});

let batchCount = 0;
/** A fresh address prefix per test, so each test counts only its own rows. */
function newBatch() {
  batchCount++;
  return `batch${batchCount}-${Date.now().toString(36)}`;
}

async function enqueueMessages(prefix: string, count: number): Promise<number[]> {
  for (let i = 0; i < count; i++) {
    await deps.mail.enqueue(deps.db, `${prefix}-${i}@example.org`, renderEmail("password_changed", "es", { name: `Persona ${i}` }));
  }
  const rows = await deps.db.selectFrom("email_outbox").select("id").where("to_address", "like", `${prefix}-%`).orderBy("id").execute();
  return rows.map((row) => row.id);
}

/** A composer that makes a fixed email for a deferred row (what it says does not matter here). */
const plainComposer: MailComposer = async (row) => ({
  mail: { to: row.to_address, email: renderEmail("password_changed", "en", { name: `row ${row.id}` }) },
  settle: async () => {},
});

/** A worker with its own outbox folder, so what each one sent can be told apart. */
function worker(options: { compose?: MailComposer; smtpUrl?: string } = {}) {
  const outboxDir = mkdtempSync(path.join(os.tmpdir(), "enlace-outbox-test-"));
  const queue = createMailQueue({
    db: deps.db,
    logger: pino({ level: "silent" }),
    from: "Enlace <no-reply@example.org>",
    outboxDir,
    now: deps.clock.now,
    compose: options.compose ?? plainComposer,
    smtpUrl: options.smtpUrl,
  });
  return Object.assign(queue, {
    outboxDir,
    /** Outbox row ids of the .eml files this worker wrote (one per delivery). */
    sentIds(): number[] {
      return readdirSync(outboxDir)
        .filter((name) => name.endsWith(".eml"))
        .map((name) => Number(/-(\d+)\.eml$/.exec(name)![1]))
        .sort((a, b) => a - b);
    },
    eml(id: number): string {
      const file = readdirSync(outboxDir).find((name) => name.endsWith(`-${id}.eml`))!;
      return readFileSync(path.join(outboxDir, file), "utf8");
    },
  });
}

async function rowsOf(ids: number[]) {
  return deps.db.selectFrom("email_outbox").selectAll().where("id", "in", ids).orderBy("id").execute();
}

/** Leases rows exactly as a worker does, then "dies" without sending them. */
async function leaseAndDie(ids: number[]) {
  await deps.db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom("email_outbox").select("id").where("id", "in", ids).where("sent_at", "is", null).forUpdate().skipLocked().execute();
    await trx
      .updateTable("email_outbox")
      .set({ next_attempt_at: new Date(deps.clock.now().getTime() + LEASE_MS), attempts: sql`attempts + 1` })
      .where(
        "id",
        "in",
        rows.map((row) => row.id),
      )
      .execute();
  });
}

describe("two workers on one outbox", () => {
  it("one after the other: each email leaves once, with a Message-ID of its own row", async () => {
    const ids = await enqueueMessages(newBatch(), 25);
    const a = worker();
    const b = worker();
    const sentByA = await a.drain();
    const sentByB = await b.drain();
    expect(a.sentIds().filter((id) => ids.includes(id))).toEqual(ids);
    expect(b.sentIds().filter((id) => ids.includes(id))).toEqual([]);
    expect(sentByA).toBeGreaterThanOrEqual(ids.length);
    expect(sentByB).toBe(0);
    expect((await rowsOf(ids)).every((row) => row.sent_at !== null && row.attempts === 1)).toBe(true);
    expect(a.eml(ids[3])).toMatch(new RegExp(`^Message-ID: <outbox-${ids[3]}@`, "m"));
    await Promise.all([a.stop(), b.stop()]);
  });

  // PGlite is a single connection, so two workers there can only take turns; the lease and SKIP LOCKED are
  // only put to the test by real concurrent connections.
  describe.skipIf(!onPostgres)("at the same time (PostgreSQL only: PGlite serialises every query on one connection)", () => {
    it("each email leaves exactly once, and both workers share the work", async () => {
      const prefix = newBatch();
      const user = await createUser(deps.db);
      // Deferred rows whose composing takes a moment, so the workers' batches overlap.
      for (let i = 0; i < 60; i++) {
        await deps.mail.enqueueDeferred(deps.db, { kind: "notifications", userId: user.id, to: `${prefix}-${i}@example.org`, groupKey: `${prefix}:${i}`, delayMs: 0, spacingMs: 0 });
      }
      const ids = (await deps.db.selectFrom("email_outbox").select("id").where("to_address", "like", `${prefix}-%`).orderBy("id").execute()).map((r) => r.id);
      expect(ids).toHaveLength(60);
      const slow: MailComposer = async (row: DeferredRow) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return plainComposer(row);
      };
      const a = worker({ compose: slow });
      const b = worker({ compose: slow });
      await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()]);
      const byA = a.sentIds().filter((id) => ids.includes(id));
      const byB = b.sentIds().filter((id) => ids.includes(id));
      expect([...byA, ...byB].sort((x, y) => x - y)).toEqual(ids);
      expect(byA.filter((id) => byB.includes(id))).toEqual([]);
      expect(byA.length).toBeGreaterThan(0);
      expect(byB.length).toBeGreaterThan(0);
      expect((await rowsOf(ids)).every((row) => row.sent_at !== null && row.attempts === 1)).toBe(true);
      await Promise.all([a.stop(), b.stop()]);
    });
  });
});

describe("a worker that dies or stalls holding a lease", () => {
  it("rows leased by a worker that died go out once, after the lease expires", async () => {
    const ids = await enqueueMessages(newBatch(), 3);
    await leaseAndDie(ids);
    const survivor = worker();
    await survivor.drain();
    expect(survivor.sentIds().filter((id) => ids.includes(id))).toEqual([]);
    deps.clock.advance(LEASE_MS - 1_000);
    await survivor.drain();
    expect(survivor.sentIds().filter((id) => ids.includes(id))).toEqual([]);
    deps.clock.advance(2_000);
    await survivor.drain();
    expect(survivor.sentIds().filter((id) => ids.includes(id))).toEqual(ids);
    deps.clock.advance(LEASE_MS * 3);
    await survivor.drain();
    expect(survivor.sentIds().filter((id) => ids.includes(id))).toEqual(ids);
    expect((await rowsOf(ids)).map((row) => row.attempts)).toEqual([2, 2, 2]);
  });

  it("a worker stalled past its lease sends nothing once another worker has taken its rows over", async () => {
    const user = await createUser(deps.db);
    const prefix = newBatch();
    for (let i = 0; i < 3; i++) {
      await deps.mail.enqueueDeferred(deps.db, { kind: "notifications", userId: user.id, to: `${prefix}-${i}@example.org`, groupKey: `${prefix}:${i}`, delayMs: 0, spacingMs: 0 });
    }
    const ids = (await deps.db.selectFrom("email_outbox").select("id").where("to_address", "like", `${prefix}-%`).orderBy("id").execute()).map((r) => r.id);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const stalledNow = new Promise<void>((resolve) => (started = resolve));
    const stalled = worker({
      compose: async (row) => {
        if (ids.includes(row.id)) {
          started();
          await gate;
        }
        return plainComposer(row);
      },
    });
    const running = stalled.drain();
    await stalledNow;

    const other = worker();
    await other.drain();
    expect(other.sentIds().filter((id) => ids.includes(id))).toEqual([]);
    deps.clock.advance(LEASE_MS + 1_000);
    await other.drain();
    expect(other.sentIds().filter((id) => ids.includes(id))).toEqual(ids);

    release();
    await running;
    expect(stalled.sentIds().filter((id) => ids.includes(id))).toEqual([]);
    expect((await rowsOf(ids)).every((row) => row.sent_at !== null)).toBe(true);
  });

  it("a compose that throws mid-batch retries only that row, later; the others leave once", async () => {
    const user = await createUser(deps.db);
    const prefix = newBatch();
    for (let i = 0; i < 3; i++) {
      await deps.mail.enqueueDeferred(deps.db, { kind: "notifications", userId: user.id, to: `${prefix}-${i}@example.org`, groupKey: `${prefix}:${i}`, delayMs: 0, spacingMs: 0 });
    }
    const ids = (await deps.db.selectFrom("email_outbox").select("id").where("to_address", "like", `${prefix}-%`).orderBy("id").execute()).map((r) => r.id);
    let failures = 0;
    const flaky = worker({
      compose: async (row) => {
        if (row.id === ids[1] && failures === 0) {
          failures++;
          throw new Error("the database blinked");
        }
        return plainComposer(row);
      },
    });
    await flaky.drain();
    expect(flaky.sentIds().filter((id) => ids.includes(id))).toEqual([ids[0], ids[2]]);
    const [, failed] = await rowsOf(ids);
    expect(failed).toMatchObject({ sent_at: null, attempts: 1, last_error: "the database blinked" });
    expect(failed.next_attempt_at.getTime()).toBe(deps.clock.now().getTime() + 2 * 30_000);
    deps.clock.advance(2 * 30_000);
    await flaky.drain();
    expect(flaky.sentIds().filter((id) => ids.includes(id))).toEqual(ids);
    expect((await rowsOf(ids)).map((row) => row.attempts)).toEqual([1, 2, 1]);
  });
});

describe("a failing transport", () => {
  it("retries with a growing backoff and gives up after the maximum attempts", async () => {
    const [id] = await enqueueMessages(newBatch(), 1);
    // An SMTP address nothing listens on: every delivery fails.
    const failing = worker({ smtpUrl: "smtp://127.0.0.1:1" });
    const waits: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await failing.drain()).toBe(0);
      const [row] = await rowsOf([id]);
      expect(row.attempts).toBe(attempt);
      expect(row.sent_at).toBeNull();
      expect(row.last_error).toBeTruthy();
      if (attempt < MAX_ATTEMPTS) {
        expect(row.failed_at).toBeNull();
        const wait = row.next_attempt_at.getTime() - deps.clock.now().getTime();
        waits.push(wait);
        // Not before it is due.
        deps.clock.advance(wait - 1_000);
        expect(await failing.drain()).toBe(0);
        expect((await rowsOf([id]))[0].attempts).toBe(attempt);
        deps.clock.advance(1_000);
      } else {
        expect(row.failed_at).toEqual(deps.clock.now());
      }
    }
    expect(waits).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => 2 ** n * 30_000));
    // Given up: no more attempts, even much later, and a working worker leaves it alone too.
    deps.clock.advance(7 * 86_400_000);
    await failing.drain();
    await worker().drain();
    expect((await rowsOf([id]))[0]).toMatchObject({ attempts: MAX_ATTEMPTS, sent_at: null });
  });
});

describe("deferred rows", () => {
  it("are never pending twice for one group, and a new one may wait once the last has left", async () => {
    const user = await createUser(deps.db);
    const groupKey = `${newBatch()}:thread:1`;
    const input = { kind: "notifications" as const, userId: user.id, to: user.email, groupKey, delayMs: 60_000, spacingMs: 5 * 60_000 };
    await deps.mail.enqueueDeferred(deps.db, input);
    await deps.db.transaction().execute((trx) => deps.mail.enqueueDeferred(trx, input));
    await deps.mail.enqueueDeferred(deps.db, { ...input, delayMs: 0 });
    const pending = () => deps.db.selectFrom("email_outbox").select(["id", "next_attempt_at"]).where("group_key", "=", groupKey).where("sent_at", "is", null).execute();
    expect(await pending()).toHaveLength(1);
    // Even written by hand, the database refuses a second pending row.
    await expect(
      deps.db.insertInto("email_outbox").values({ kind: "notifications", user_id: user.id, group_key: groupKey, to_address: user.email, headers: "{}", next_attempt_at: new Date() }).execute(),
    ).rejects.toThrow(/email_outbox_group_pending_idx|unique/i);

    deps.clock.advance(61_000);
    const w = worker();
    await w.drain();
    const sentAt = deps.clock.now().getTime();
    expect(await pending()).toHaveLength(0);
    await deps.mail.enqueueDeferred(deps.db, input);
    const [next] = await pending();
    // Spaced from the last email of the group.
    expect(next.next_attempt_at.getTime()).toBe(sentAt + 5 * 60_000);
  });
});
