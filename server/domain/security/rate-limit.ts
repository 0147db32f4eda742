import { sql } from "kysely";
import type { DB } from "../../../db/connection";
import { AppError } from "../../../shared/errors";

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

export type RateLimitName =
  | "signInPerIp"
  | "signInPerAccount"
  | "signUpPerIp"
  | "resetPerIp"
  | "resetPerAccount"
  | "verificationPerAccount"
  | "searchPerIp"
  | "searchPerAccount"
  | "socketEventsPerAccount";

export type RateLimitRules = Record<RateLimitName, RateLimitRule>;

export const defaultRateLimits: RateLimitRules = {
  signInPerIp: { limit: 30, windowSeconds: 15 * 60 },
  signInPerAccount: { limit: 10, windowSeconds: 15 * 60 },
  signUpPerIp: { limit: 10, windowSeconds: 60 * 60 },
  resetPerIp: { limit: 10, windowSeconds: 60 * 60 },
  resetPerAccount: { limit: 5, windowSeconds: 60 * 60 },
  verificationPerAccount: { limit: 5, windowSeconds: 60 * 60 },
  searchPerIp: { limit: 120, windowSeconds: 60 },
  searchPerAccount: { limit: 60, windowSeconds: 60 },
  // Socket events of one member across all their sockets (each socket also has its own flood limit).
  socketEventsPerAccount: { limit: 120, windowSeconds: 10 },
};

/** Counters kept in the database whose limits come from settings (posting, uploads) rather than these rules. */
export type CounterName = RateLimitName | "postsPerAccount" | "threadsPerAccount" | "uploadsPerAccount";

/**
 * Counts one hit in a fixed window kept in the database, so that every instance shares the count,
 * and throws RATE_LIMITED once the window's limit is passed.
 */
export async function consumeRateLimit(
  db: DB,
  name: CounterName,
  subject: string,
  rule: RateLimitRule,
  now: Date,
  messageKey = "errors.rate_limited",
): Promise<void> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const bucket = `${name}:${subject}`;
  // On its own (not inside a caller's transaction), the count is committed without waiting for the WAL
  // flush: a crash may lose a few counts, and the request it guards (a search, a sign-in) does not wait
  // for the disk first. Inside a transaction the caller's durability decides, untouched.
  const row = db.isTransaction
    ? await db
        .insertInto("rate_limit_hits")
        .values({ bucket, window_start: windowStart, hits: 1 })
        .onConflict((oc) => oc.columns(["bucket", "window_start"]).doUpdateSet({ hits: sql<number>`rate_limit_hits.hits + 1` }))
        .returning("hits")
        .executeTakeFirstOrThrow()
    : (
        await sql<{ hits: number }>`
          insert into rate_limit_hits (bucket, window_start, hits)
          select ${bucket}, ${windowStart}, 1 from (select set_config('synchronous_commit', 'off', true)) as relaxed
          on conflict (bucket, window_start) do update set hits = rate_limit_hits.hits + 1
          returning hits`.execute(db)
      ).rows[0]!;
  if (row.hits > rule.limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
    throw new AppError("RATE_LIMITED", messageKey, { retryAfterSeconds });
  }
}

/**
 * A sliding-window counter kept in this process's memory, for checks that must answer synchronously
 * (socket events, where waiting on the database would reorder a client's events). Returns false once
 * `rule.limit` hits fell within the last window; refused hits are not counted.
 */
export function createLocalRateLimiter(rule: RateLimitRule, now: () => number = Date.now) {
  const hits = new Map<string, number[]>();
  return {
    consume(subject: string): boolean {
      const at = now();
      const since = at - rule.windowSeconds * 1000;
      if (hits.size > 10_000) {
        for (const [key, times] of hits) if (times[times.length - 1] <= since) hits.delete(key);
      }
      const recent = (hits.get(subject) ?? []).filter((time) => time > since);
      if (recent.length >= rule.limit) {
        hits.set(subject, recent);
        return false;
      }
      recent.push(at);
      hits.set(subject, recent);
      return true;
    },
  };
}

/** Drops windows that ended more than a day ago. */
export async function pruneRateLimits(db: DB, now: Date): Promise<number> {
  const result = await db
    .deleteFrom("rate_limit_hits")
    .where("window_start", "<", new Date(now.getTime() - 24 * 60 * 60 * 1000))
    .executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}
