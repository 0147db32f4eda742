// The webhook worker: it delivers queued rows of webhook_deliveries, as the mail outbox delivers email
// (docs/decisions/004-email-outbox.md). Due rows are leased with FOR UPDATE SKIP LOCKED (their
// next_attempt_at pushed a lease ahead, attempts counted), so several instances never post the same
// delivery at once; each is POSTed as signed JSON with a timeout; a 2xx marks it delivered, anything
// else waits with exponential backoff, and after maxAttempts it is marked failed. An admin may retry.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { sql } from "kysely";
import type { DB } from "../../../db/connection";
import type { Logger } from "../../logger";
import { isPrivateAddress } from "./address-guard";
import { signWebhookBody } from "./signature";

export interface WebhookDelivery {
  /** Asks the worker to look at the queue now (call after commit). */
  kick(): void;
  /** Delivers everything due, then resolves with how many were delivered. Tests and shutdown use it. */
  drain(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export interface WebhookDeliveryOptions {
  db: DB;
  logger: Logger;
  now?: () => Date;
  /** Loopback and private-network targets (WEBHOOKS_ALLOW_PRIVATE). */
  allowPrivateAddresses: boolean;
  userAgent?: string;
  timeoutMs?: number;
  pollIntervalMs?: number;
  maxAttempts?: number;
  /** The first retry waits this long; each further one twice as long (capped at six hours). */
  baseDelayMs?: number;
}

export const WEBHOOK_MAX_ATTEMPTS = 8;
export const WEBHOOK_BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 6 * 60 * 60 * 1000;
const LEASE_MS = 5 * 60 * 1000;
const BATCH = 20;

/** The wait before attempt number `attempts + 1`: base, 2 x base, 4 x base, ... */
export function webhookBackoffMs(attempts: number, baseDelayMs = WEBHOOK_BASE_DELAY_MS): number {
  return Math.min(baseDelayMs * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
}

interface PostResult {
  status: number | null;
  error: string | null;
}

/** A DNS lookup that refuses names resolving to private addresses, so the check holds on the address actually dialled. */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const list = addresses as unknown as LookupAddress[];
      if (!allowPrivate && list.some((entry) => isPrivateAddress(entry.address))) {
        const refused = Object.assign(new Error(`${hostname} resolves to a private address`), { code: "EPRIVATE" });
        return callback(refused, "", 0);
      }
      if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, list);
      const [first] = list;
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 0);
      return callback(null, first.address, first.family);
    });
  };
}

function postJson(url: string, body: string, headers: Record<string, string>, options: { allowPrivate: boolean; timeoutMs: number }): Promise<PostResult> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return resolve({ status: null, error: "invalid address" });
    }
    if (target.protocol !== "http:" && target.protocol !== "https:") return resolve({ status: null, error: "only http and https addresses" });
    const host = target.hostname.replace(/^\[|\]$/g, "");
    if (!options.allowPrivate && isIP(host) && isPrivateAddress(host)) return resolve({ status: null, error: "private address refused" });
    const client = target.protocol === "https:" ? https : http;
    let settled = false;
    const finish = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = client.request(
      target,
      {
        method: "POST",
        headers: { ...headers, "Content-Length": Buffer.byteLength(body).toString() },
        lookup: guardedLookup(options.allowPrivate),
        // Redirects are not followed (node never does): a 3xx is a failed delivery, never a detour to another host.
      },
      (response) => {
        // Read (and drop) at most a little of the answer, so the connection can close cleanly.
        let received = 0;
        response.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (received > 64 * 1024) response.destroy();
        });
        const status = response.statusCode ?? 0;
        const done = () => finish({ status, error: status >= 200 && status < 300 ? null : `HTTP ${status}` });
        response.on("end", done);
        response.on("close", done);
        response.on("error", done);
      },
    );
    const timer = setTimeout(() => {
      request.destroy(new Error(`no answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    request.on("error", (error: NodeJS.ErrnoException) => finish({ status: null, error: (error.message || error.code || "connection failed").slice(0, 500) }));
    request.end(body);
  });
}

export function createWebhookDelivery(options: WebhookDeliveryOptions): WebhookDelivery {
  const { db, logger } = options;
  const now = options.now ?? (() => new Date());
  const maxAttempts = options.maxAttempts ?? WEBHOOK_MAX_ATTEMPTS;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const userAgent = options.userAgent ?? "Enlace-Webhooks/1";
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = false;

  async function deliverDue(): Promise<number> {
    let delivered = 0;
    for (;;) {
      // Lease a batch of due rows of active webhooks; a crash mid-delivery frees them after the lease.
      const batch = await db.transaction().execute(async (trx) => {
        const rows = await trx
          .selectFrom("webhook_deliveries")
          .select(["id", "webhook_id", "event", "payload", "attempts"])
          .where("delivered_at", "is", null)
          .where("failed_at", "is", null)
          .where("next_attempt_at", "<=", now())
          .where(({ exists, selectFrom }) =>
            exists(selectFrom("webhooks").select("webhooks.id").whereRef("webhooks.id", "=", "webhook_deliveries.webhook_id").where("webhooks.active", "=", true)),
          )
          .orderBy("next_attempt_at")
          .orderBy("id")
          .limit(BATCH)
          .forUpdate()
          .skipLocked()
          .execute();
        if (rows.length) {
          await trx
            .updateTable("webhook_deliveries")
            .set({ next_attempt_at: new Date(now().getTime() + LEASE_MS), attempts: sql`attempts + 1` })
            .where(
              "id",
              "in",
              rows.map((row) => row.id),
            )
            .execute();
        }
        return rows;
      });
      if (batch.length === 0) return delivered;
      const hooks = new Map(
        (
          await db
            .selectFrom("webhooks")
            .select(["id", "url", "secret"])
            .where("id", "in", [...new Set(batch.map((row) => row.webhook_id))])
            .execute()
        ).map((hook) => [hook.id, hook]),
      );
      for (const row of batch) {
        const hook = hooks.get(row.webhook_id);
        const attempts = row.attempts + 1;
        let result: PostResult;
        if (!hook) {
          result = { status: null, error: "webhook deleted" };
        } else {
          const body = JSON.stringify(row.payload);
          const timestamp = String(Math.floor(now().getTime() / 1000));
          result = await postJson(
            hook.url,
            body,
            {
              "Content-Type": "application/json; charset=utf-8",
              "User-Agent": userAgent,
              "X-Enlace-Event": row.event,
              "X-Enlace-Delivery": String(row.id),
              "X-Enlace-Timestamp": timestamp,
              "X-Enlace-Signature": signWebhookBody(hook.secret, timestamp, body),
            },
            { allowPrivate: options.allowPrivateAddresses, timeoutMs },
          );
        }
        if (result.error === null) {
          await db
            .updateTable("webhook_deliveries")
            .set({ delivered_at: now(), last_status: result.status, last_error: null })
            .where("id", "=", row.id)
            .execute();
          delivered++;
          continue;
        }
        logger.warn({ deliveryId: row.id, webhookId: row.webhook_id, attempts, status: result.status, err: result.error }, "webhook delivery failed");
        await db
          .updateTable("webhook_deliveries")
          .set(
            attempts >= maxAttempts
              ? { failed_at: now(), last_status: result.status, last_error: result.error }
              : { next_attempt_at: new Date(now().getTime() + webhookBackoffMs(attempts, options.baseDelayMs)), last_status: result.status, last_error: result.error },
          )
          .where("id", "=", row.id)
          .execute();
      }
    }
  }

  function run(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await deliverDue();
      } while (again && !stopped);
      return total;
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    kick() {
      if (stopped) return;
      run().catch((error) => logger.error({ err: error }, "webhook worker failed"));
    },
    drain: run,
    start() {
      stopped = false;
      timer = setInterval(() => {
        run().catch((error) => logger.error({ err: error }, "webhook worker failed"));
      }, options.pollIntervalMs ?? 15_000);
      timer.unref();
      this.kick();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
