import { z } from "zod";
import { MAX_ID } from "./forum.schema";

/** What other knowledge platforms may subscribe to; only public content is ever sent. */
export const webhookEvents = ["thread:created", "solution:marked", "event:created", "document:created"] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

const id = z.coerce.number({ error: "validation.invalid" }).int("validation.invalid").positive("validation.invalid").max(MAX_ID, "validation.invalid");

/** Only http(s) addresses without credentials in them; where they may point is checked by the service. */
export const webhookUrlSchema = z
  .string({ error: "webhook.url_required" })
  .trim()
  .min(1, { error: "webhook.url_required" })
  .max(2000, { error: "validation.too_long" })
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === "http:" || url.protocol === "https:";
      } catch {
        return false;
      }
    },
    { error: "webhook.url_invalid" },
  )
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.username === "" && url.password === "";
      } catch {
        return true;
      }
    },
    { error: "webhook.url_credentials" },
  );

export const createWebhookSchema = z.object({
  url: webhookUrlSchema,
  description: z.string().trim().max(200, { error: "validation.too_long" }).default(""),
  events: z.preprocess(
    (value) => (typeof value === "string" ? [value] : value ?? []),
    z.array(z.enum(webhookEvents, { error: "webhook.events_required" })).min(1, { error: "webhook.events_required" }),
  ).transform((events) => [...new Set(events)]),
});

export const webhookRefSchema = z.object({ webhookId: id });
export const webhookActiveSchema = z.object({ webhookId: id, active: z.preprocess((v) => v === true || v === "true" || v === "1", z.boolean()) });
export const deliveryRefSchema = z.object({ deliveryId: id });
export const deliveryLogSchema = z.object({
  webhookId: id,
  before: z.preprocess((value) => (value === "" || value === null ? undefined : value), id.optional()),
});
