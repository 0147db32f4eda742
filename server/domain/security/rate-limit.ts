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
  | "verificationPerAccount";

export type RateLimitRules = Record<RateLimitName, RateLimitRule>;

export const defaultRateLimits: RateLimitRules = {
  signInPerIp: { limit: 30, windowSeconds: 15 * 60 },
  signInPerAccount: { limit: 10, windowSeconds: 15 * 60 },
  signUpPerIp: { limit: 10, windowSeconds: 60 * 60 },
  resetPerIp: { limit: 10, windowSeconds: 60 * 60 },
  resetPerAccount: { limit: 5, windowSeconds: 60 * 60 },
  verificationPerAccount: { limit: 5, windowSeconds: 60 * 60 },
};

/**
 * Counts one hit in a fixed window kept in the database, so that every instance shares the count,
 * and throws RATE_LIMITED once the window's limit is passed.
 */
export async function consumeRateLimit(
  db: DB,
  name: RateLimitName,
  subject: string,
  rule: RateLimitRule,
  now: Date,
): Promise<void> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const row = await db
    .insertInto("rate_limit_hits")
    .values({ bucket: `${name}:${subject}`, window_start: windowStart, hits: 1 })
    .onConflict((oc) =>
      oc.columns(["bucket", "window_start"]).doUpdateSet({ hits: sql<number>`rate_limit_hits.hits + 1` }),
    )
    .returning("hits")
    .executeTakeFirstOrThrow();
  if (row.hits > rule.limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
    throw new AppError("RATE_LIMITED", "errors.rate_limited", { retryAfterSeconds });
  }
}

/** Drops windows that ended more than a day ago. */
export async function pruneRateLimits(db: DB, now: Date): Promise<number> {
  const result = await db
    .deleteFrom("rate_limit_hits")
    .where("window_start", "<", new Date(now.getTime() - 24 * 60 * 60 * 1000))
    .executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}
