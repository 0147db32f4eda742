import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import type { DatabaseHandle } from "../../db/connection";
import { loadConfig, type Config } from "../../server/config";
import { createServiceContext, type Deps, type ServiceContext } from "../../server/context";
import type { DB } from "../../db/connection";
import { createMailQueue, type DeliveredEmail } from "../../server/domain/mail/mail-queue";
import { createNotificationComposer } from "../../server/domain/notifications/notification-email";
import { createRealtimeHub } from "../../server/realtime/hub";
import { defaultRateLimits, type RateLimitRules } from "../../server/domain/security/rate-limit";
import type { Actor } from "../../shared/guardian";
import type { Locale } from "../../shared/i18n";

export interface TestClock {
  now(): Date;
  set(date: Date): void;
  advance(ms: number): void;
}

/** A clock the test moves by hand; it starts at the real time. */
export function createTestClock(start = new Date()): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (date) => {
      current = date.getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export interface TestDeps extends Deps {
  clock: TestClock;
}

/** Dependencies for service tests: a test database, a silent logger, a manual clock and a temporary outbox folder. */
export function createTestDeps(
  handle: DatabaseHandle,
  options: { env?: Record<string, string>; rateLimits?: Partial<RateLimitRules> } = {},
): TestDeps {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "enlace-data-"));
  const config: Config = loadConfig({ NODE_ENV: "test", DATA_DIR: dataDir, PUBLIC_URL: "http://localhost:3999", ...options.env });
  const logger = pino({ level: "silent" });
  const clock = createTestClock();
  const mail = createMailQueue({
    db: handle.db,
    logger,
    from: config.mail.from,
    outboxDir: config.outboxDir,
    now: clock.now,
    compose: createNotificationComposer(() => deps),
    onDelivered: recordDeliveries(handle.db),
  });
  const deps: TestDeps = {
    config,
    db: handle.db,
    dbKind: handle.kind,
    ping: handle.ping,
    logger,
    mail: { ...mail, kick: () => {} },
    rateLimits: { ...defaultRateLimits, ...options.rateLimits },
    now: clock.now,
    clock,
    realtime: createRealtimeHub(),
  };
  return deps;
}

let ipSequence = 0;
/** A different documentation-range address for each context, so rate limits only bite where a test means them to. */
function nextTestIp(): string {
  ipSequence++;
  return `10.${(ipSequence >> 16) & 255}.${(ipSequence >> 8) & 255}.${ipSequence & 255}`;
}

export function contextFor(
  deps: Deps,
  actor: Actor | null = null,
  options: { locale?: Locale; ip?: string; sessionId?: string | null } = {},
): ServiceContext {
  return createServiceContext(deps, {
    actor,
    locale: options.locale ?? "es",
    ip: options.ip ?? nextTestIp(),
    userAgent: "vitest",
    sessionId: options.sessionId ?? null,
  });
}

// ---- What the transport received ----
// The outbox keeps only the envelope of a sent message (its bodies and headers carry secret links), so tests
// read what was sent from the copies the worker hands to onDelivered, keyed by database and outbox row id.

const deliveredByDb = new WeakMap<DB, Map<number, DeliveredEmail>>();

/** An onDelivered hook that keeps a copy of each message the worker sent on this database. */
export function recordDeliveries(db: DB): (email: DeliveredEmail) => void {
  let copies = deliveredByDb.get(db);
  if (!copies) deliveredByDb.set(db, (copies = new Map()));
  const store = copies;
  return (email) => {
    store.set(email.outboxId, email);
  };
}

/** Every message the transport received for this database, oldest first. */
export function deliveredEmails(deps: Pick<Deps, "db">): DeliveredEmail[] {
  return [...(deliveredByDb.get(deps.db)?.values() ?? [])].sort((a, b) => a.outboxId - b.outboxId);
}

/**
 * Outbox rows as they were sent: a row the worker delivered (and redacted) gets back the subject, bodies and
 * headers the transport received; a row still waiting keeps its own.
 */
export function withSentBodies<T extends { id: number }>(
  deps: Pick<Deps, "db">,
  rows: T[],
): (T & { subject: string | null; text_body: string | null; html_body: string | null; headers: unknown })[] {
  const copies = deliveredByDb.get(deps.db);
  return rows.map((row) => {
    const sent = copies?.get(row.id);
    const own = row as T & { subject?: string | null; text_body?: string | null; html_body?: string | null; headers?: unknown };
    return sent
      ? { ...row, subject: sent.subject, text_body: sent.text, html_body: sent.html, headers: sent.headers }
      : { ...row, subject: own.subject ?? null, text_body: own.text_body ?? null, html_body: own.html_body ?? null, headers: own.headers ?? {} };
  });
}

/** The latest email sent (or waiting to be sent) to an address, with the first link it carries. */
export async function lastEmailTo(deps: Pick<Deps, "db">, address: string) {
  const row = await deps.db
    .selectFrom("email_outbox")
    .selectAll()
    .where("to_address", "=", address)
    // Deferred rows (notification batches, digests) have no subject until the worker composes them.
    .where("subject", "is not", null)
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (!row) return undefined;
  const [email] = withSentBodies(deps, [row]);
  const link = (email!.text_body ?? "").match(/https?:\/\/\S+/)?.[0];
  return { ...email!, link, token: link ? new URL(link).searchParams.get("token") ?? new URL(link).searchParams.get("invitation") : null };
}
