import { sql, type Transaction } from "kysely";
import type { DB } from "../../../db/connection";
import type { Database } from "../../../db/schema";
import type { WebhookEvent } from "../../../shared/schemas/webhook.schema";

// What other knowledge platforms may subscribe to (defined in shared/ so forms and schemas share the list).
export { webhookEvents, type WebhookEvent } from "../../../shared/schemas/webhook.schema";

/**
 * Queues one delivery per active webhook subscribed to the event, in the caller's transaction (so a
 * rolled-back change sends nothing). The webhook worker signs and delivers them, with retries.
 * Callers pass only public content.
 */
export async function enqueueWebhookEvent(trx: Transaction<Database> | DB, event: WebhookEvent, payload: Record<string, unknown>, now: Date): Promise<number> {
  const hooks = await trx.selectFrom("webhooks").select("id").where("active", "=", true).where(sql<boolean>`${event} = any(events)`).execute();
  if (hooks.length === 0) return 0;
  await trx
    .insertInto("webhook_deliveries")
    .values(hooks.map((hook) => ({ webhook_id: hook.id, event, payload: JSON.stringify({ event, occurredAt: now.toISOString(), data: payload }), next_attempt_at: now })))
    .execute();
  return hooks.length;
}
