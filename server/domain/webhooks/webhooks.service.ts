// Outgoing webhooks, managed by admins: where to post, which events, a secret shown once; and the
// delivery log with a "retry now". Everyone else is told these pages do not exist.
import { sql } from "kysely";
import { AppError } from "../../../shared/errors";
import { parseInput } from "../../../shared/schemas/parse";
import {
  createWebhookSchema,
  deliveryLogSchema,
  deliveryRefSchema,
  webhookActiveSchema,
  webhookRefSchema,
  type WebhookEvent,
} from "../../../shared/schemas/webhook.schema";
import type { ServiceContext } from "../../context";
import { checkWebhookTarget } from "./address-guard";
import { generateWebhookSecret } from "./signature";

export interface WebhookDto {
  id: number;
  url: string;
  description: string;
  events: WebhookEvent[];
  active: boolean;
  createdAt: string;
  deliveries: { pending: number; delivered: number; failed: number };
  lastDeliveryAt: string | null;
}

export type DeliveryState = "pending" | "delivered" | "failed";

export interface DeliveryDto {
  id: number;
  event: string;
  state: DeliveryState;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  failedAt: string | null;
}

const LOG_PAGE = 50;

function ensureAdmin(ctx: ServiceContext): void {
  ctx.guardian.ensure(ctx.guardian.canManageWebhooks());
}

export async function listWebhooks(ctx: ServiceContext): Promise<WebhookDto[]> {
  ensureAdmin(ctx);
  const rows = await ctx.db
    .selectFrom("webhooks")
    .select([
      "webhooks.id",
      "webhooks.url",
      "webhooks.description",
      "webhooks.events",
      "webhooks.active",
      "webhooks.created_at",
      sql<string>`(select count(*) from webhook_deliveries d where d.webhook_id = webhooks.id and d.delivered_at is null and d.failed_at is null)`.as("pending"),
      sql<string>`(select count(*) from webhook_deliveries d where d.webhook_id = webhooks.id and d.delivered_at is not null)`.as("delivered"),
      sql<string>`(select count(*) from webhook_deliveries d where d.webhook_id = webhooks.id and d.failed_at is not null)`.as("failed"),
      sql<Date | null>`(select max(d.delivered_at) from webhook_deliveries d where d.webhook_id = webhooks.id)`.as("last_delivery_at"),
    ])
    .orderBy("webhooks.id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events as WebhookEvent[],
    active: row.active,
    createdAt: row.created_at.toISOString(),
    deliveries: { pending: Number(row.pending), delivered: Number(row.delivered), failed: Number(row.failed) },
    lastDeliveryAt: row.last_delivery_at ? new Date(row.last_delivery_at).toISOString() : null,
  }));
}

/** Saves a webhook and answers its secret, which is shown this once (it signs every delivery). */
export async function createWebhook(ctx: ServiceContext, raw: unknown): Promise<{ id: number; secret: string }> {
  ensureAdmin(ctx);
  const input = parseInput(createWebhookSchema, raw);
  const config = ctx.deps.config;
  const problem = checkWebhookTarget(input.url, { allowPrivate: config.webhooks.allowPrivateAddresses, ownOrigins: config.allowedOrigins });
  if (problem) throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { url: `webhook.${problem}` } });
  const secret = generateWebhookSecret();
  const row = await ctx.db
    .insertInto("webhooks")
    .values({ url: input.url, description: input.description, events: input.events, secret, created_by: ctx.actor!.id, created_at: ctx.deps.now() })
    .returning("id")
    .executeTakeFirstOrThrow();
  ctx.logger.info({ webhookId: row.id, events: input.events }, "webhook created");
  return { id: row.id, secret };
}

/** Pauses or resumes a webhook; while paused its deliveries wait in the queue. */
export async function setWebhookActive(ctx: ServiceContext, raw: unknown): Promise<void> {
  ensureAdmin(ctx);
  const input = parseInput(webhookActiveSchema, raw);
  const updated = await ctx.db.updateTable("webhooks").set({ active: input.active }).where("id", "=", input.webhookId).executeTakeFirst();
  if (!updated.numUpdatedRows) throw new AppError("NOT_FOUND", "errors.not_found");
  if (input.active) ctx.deps.webhooks?.kick();
}

/** Deletes a webhook and its delivery log. */
export async function deleteWebhook(ctx: ServiceContext, raw: unknown): Promise<void> {
  ensureAdmin(ctx);
  const { webhookId } = parseInput(webhookRefSchema, raw);
  const deleted = await ctx.db.deleteFrom("webhooks").where("id", "=", webhookId).executeTakeFirst();
  if (!deleted.numDeletedRows) throw new AppError("NOT_FOUND", "errors.not_found");
  ctx.logger.info({ webhookId }, "webhook deleted");
}

function stateOf(row: { delivered_at: Date | null; failed_at: Date | null }): DeliveryState {
  return row.delivered_at ? "delivered" : row.failed_at ? "failed" : "pending";
}

/** A webhook and its deliveries, newest first, a page at a time (`before` an id). */
export async function getWebhookLog(ctx: ServiceContext, raw: unknown): Promise<{ webhook: WebhookDto; deliveries: DeliveryDto[]; nextBefore: number | null }> {
  ensureAdmin(ctx);
  const input = parseInput(deliveryLogSchema, raw);
  const webhook = (await listWebhooks(ctx)).find((hook) => hook.id === input.webhookId);
  if (!webhook) throw new AppError("NOT_FOUND", "errors.not_found");
  let query = ctx.db
    .selectFrom("webhook_deliveries")
    .select(["id", "event", "attempts", "last_status", "last_error", "created_at", "next_attempt_at", "delivered_at", "failed_at"])
    .where("webhook_id", "=", webhook.id);
  if (input.before) query = query.where("id", "<", input.before);
  const rows = await query
    .orderBy("id", "desc")
    .limit(LOG_PAGE + 1)
    .execute();
  const page = rows.slice(0, LOG_PAGE);
  return {
    webhook,
    deliveries: page.map((row) => {
      const state = stateOf(row);
      return {
        id: row.id,
        event: row.event,
        state,
        attempts: row.attempts,
        lastStatus: row.last_status,
        lastError: row.last_error,
        createdAt: row.created_at.toISOString(),
        nextAttemptAt: state === "pending" ? row.next_attempt_at.toISOString() : null,
        deliveredAt: row.delivered_at?.toISOString() ?? null,
        failedAt: row.failed_at?.toISOString() ?? null,
      };
    }),
    nextBefore: rows.length > LOG_PAGE ? page[page.length - 1].id : null,
  };
}

/** "Retry now": a waiting or failed delivery becomes due at once (a failed one gets one more attempt). */
export async function retryDelivery(ctx: ServiceContext, raw: unknown): Promise<{ webhookId: number }> {
  ensureAdmin(ctx);
  const { deliveryId } = parseInput(deliveryRefSchema, raw);
  const row = await ctx.db
    .updateTable("webhook_deliveries")
    .set({ next_attempt_at: ctx.deps.now(), failed_at: null })
    .where("id", "=", deliveryId)
    .where("delivered_at", "is", null)
    .returning("webhook_id")
    .executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", "errors.not_found");
  ctx.deps.webhooks?.kick();
  return { webhookId: row.webhook_id };
}
