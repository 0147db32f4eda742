import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/** A random string carrying 120 bits (15 bytes) of entropy, as Lucia's design recommends. */
export function generateRandomString(bytes = 15): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

export function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

/**
 * A token is "<id>.<secret>": the id finds the row, and only the secret's SHA-256 is stored, so a
 * copy of the database cannot be replayed and the comparison runs in constant time.
 */
export function createSplitToken(): { id: string; secret: string; token: string; secretHash: Uint8Array } {
  const id = generateRandomString();
  const secret = generateRandomString(20);
  return { id, secret, token: `${id}.${secret}`, secretHash: hashSecret(secret) };
}

export function splitToken(token: string): { id: string; secret: string } | null {
  const parts = token.split(".");
  if (parts.length !== 2 || !parts[0] || !parts[1] || parts[0].length > 64 || parts[1].length > 128) return null;
  return { id: parts[0], secret: parts[1] };
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  const computed = hashSecret(secret);
  return computed.length === storedHash.length && constantTimeEqual(computed, new Uint8Array(storedHash));
}
