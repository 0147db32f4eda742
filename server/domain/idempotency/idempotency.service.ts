import { createHash } from "node:crypto";
import type { Transaction } from "kysely";
import type { DB } from "../../../db/connection";
import type { Database } from "../../../db/schema";
import { AppError } from "../../../shared/errors";
import type { ServiceContext } from "../../context";

/** How long a key is remembered; the maintenance job deletes older ones. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/** A key is an opaque token chosen by the client: a UUID from the forms, anything alike from API clients. */
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

/** Called by a service inside its write transaction: first `claim`, and `complete` with the answer before commit. */
export interface IdempotencyClaim {
  claim(trx: Transaction<Database>): Promise<void>;
  complete(trx: Transaction<Database>, response: unknown): Promise<void>;
}

const noClaim: IdempotencyClaim = { claim: async () => {}, complete: async () => {} };

/** Thrown inside the write transaction when another request claimed the key first; rolls the write back. */
class ClaimedElsewhere extends Error {}

/**
 * The idempotency key a request carries (the forms' hidden `idempotencyKey`, the API's `Idempotency-Key`
 * header, which the API router copies into the input), and the input without it for the service's schema.
 */
export function takeIdempotencyKey(raw: unknown): { key: string | null; rest: unknown } {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw) || !Object.hasOwn(raw, "idempotencyKey")) {
    return { key: null, rest: raw };
  }
  const { idempotencyKey, ...rest } = raw as Record<string, unknown>;
  if (idempotencyKey === undefined || idempotencyKey === null || idempotencyKey === "") return { key: null, rest };
  if (typeof idempotencyKey !== "string" || !KEY_PATTERN.test(idempotencyKey)) {
    throw new AppError("VALIDATION", "errors.idempotency_key_invalid", { fieldErrors: { idempotencyKey: "errors.idempotency_key_invalid" } });
  }
  return { key: idempotencyKey, rest };
}

/** sha256 over the operation and its parsed input, with object keys sorted (the same request always hashes alike). */
export function requestHash(operation: string, input: unknown): string {
  return createHash("sha256").update(operation).update("\0").update(canonicalJson(input)).digest("hex");
}

function canonicalJson(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonicalJson(item)}`).join(",")}}`;
}

/**
 * Submissions with one key in this process take turns, so the second of two parallel requests finds the
 * first one's stored answer instead of running the posting checks (rate limits, duplicate text) again.
 * Across processes the primary key on (user_id, key) does the same: a second claim waits for the first
 * transaction and then finds the key taken.
 */
const turns = new Map<string, Promise<void>>();

async function inTurn<T>(name: string, work: () => Promise<T>): Promise<T> {
  const previous = turns.get(name) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const chained = previous.then(() => mine);
  turns.set(name, chained);
  try {
    await previous;
    return await work();
  } finally {
    release();
    if (turns.get(name) === chained) turns.delete(name);
  }
}

async function storedAnswer<T>(db: DB, userId: number, key: string, operation: string, hash: string): Promise<{ found: false } | { found: true; response: T }> {
  const row = await db
    .selectFrom("idempotency_keys")
    .select(["operation", "request_hash", "response", "completed"])
    .where("user_id", "=", userId)
    .where("key", "=", key)
    .executeTakeFirst();
  if (!row) return { found: false };
  // The same key for another request is a client bug: refuse it rather than guess which one was meant.
  if (row.operation !== operation || row.request_hash !== hash) {
    throw new AppError("CONFLICT", "errors.idempotency_key_reused");
  }
  if (!row.completed) throw new AppError("CONFLICT", "errors.idempotency_key_in_progress", { retryAfterSeconds: 1 });
  return { found: true, response: row.response as T };
}

/**
 * Runs a write at most once per (member, key): the first submission does the work and stores its answer
 * in the write's own transaction; every later one with the same request gets that answer back, and one
 * with another request is refused (CONFLICT). Without a key the work simply runs.
 */
export async function runIdempotent<T>(
  ctx: ServiceContext,
  request: { operation: string; key: string | null; input: unknown },
  work: (claim: IdempotencyClaim) => Promise<T>,
): Promise<T> {
  const actor = ctx.guardian.ensureSignedIn();
  const { key, operation } = request;
  if (!key) return work(noClaim);
  const hash = requestHash(operation, request.input);
  return inTurn(`${actor.id}:${key}`, async () => {
    const before = await storedAnswer<T>(ctx.db, actor.id, key, operation, hash);
    if (before.found) return before.response;
    const claim: IdempotencyClaim = {
      async claim(trx) {
        const claimed = await trx
          .insertInto("idempotency_keys")
          .values({ user_id: actor.id, key, operation, request_hash: hash, created_at: ctx.deps.now() })
          .onConflict((oc) => oc.columns(["user_id", "key"]).doNothing())
          .returning("key")
          .executeTakeFirst();
        if (!claimed) throw new ClaimedElsewhere();
      },
      async complete(trx, response) {
        await trx
          .updateTable("idempotency_keys")
          .set({ response: JSON.stringify(response ?? null), completed: true })
          .where("user_id", "=", actor.id)
          .where("key", "=", key)
          .execute();
      },
    };
    try {
      return await work(claim);
    } catch (error) {
      if (!(error instanceof ClaimedElsewhere)) throw error;
      // Another instance committed this key while we waited: its answer is ours.
      const after = await storedAnswer<T>(ctx.db, actor.id, key, operation, hash);
      if (after.found) return after.response;
      throw new AppError("CONFLICT", "errors.idempotency_key_in_progress", { retryAfterSeconds: 1 });
    }
  });
}

/** Forgets keys older than the TTL (maintenance job). */
export async function deleteExpiredIdempotencyKeys(db: DB, now: Date): Promise<number> {
  const result = await db
    .deleteFrom("idempotency_keys")
    .where("created_at", "<", new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS))
    .executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}
