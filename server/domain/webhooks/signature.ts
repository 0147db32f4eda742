import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** A new shared secret, shown to the admin once. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/**
 * The X-Enlace-Signature header: "sha256=" and the hex HMAC-SHA256, keyed with the webhook's secret, of the
 * X-Enlace-Timestamp value, a dot, and the exact body. The timestamp inside the signed text lets a receiver
 * refuse replays older than a few minutes.
 */
export function signWebhookBody(secret: string, timestamp: string | number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** What a receiver does (documented in docs/decisions/013-webhooks.md): recompute and compare in constant time. */
export function verifyWebhookSignature(secret: string, timestamp: string, body: string, header: string | null | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signWebhookBody(secret, timestamp, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
