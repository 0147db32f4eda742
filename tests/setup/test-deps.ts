import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import type { DatabaseHandle } from "../../db/connection";
import { loadConfig, type Config } from "../../server/config";
import { createServiceContext, type Deps, type ServiceContext } from "../../server/context";
import { createMailQueue } from "../../server/domain/mail/mail-queue";
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

/** The latest email sent to an address, with the first link it carries. */
export async function lastEmailTo(deps: Deps, address: string) {
  const row = await deps.db
    .selectFrom("email_outbox")
    .selectAll()
    .where("to_address", "=", address)
    // Deferred rows (notification batches, digests) have no text until the worker composes them.
    .where("subject", "is not", null)
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (!row) return undefined;
  const link = (row.text_body ?? "").match(/https?:\/\/\S+/)?.[0];
  return { ...row, link, token: link ? new URL(link).searchParams.get("token") ?? new URL(link).searchParams.get("invitation") : null };
}
