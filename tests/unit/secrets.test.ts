import { describe, expect, it } from "vitest";
import { createSplitToken, generateRandomString, secretMatches, splitToken } from "../../server/domain/security/secrets";

describe("session and link tokens", () => {
  it("carry at least 120 bits in the id and more in the secret", () => {
    const { id, secret } = createSplitToken();
    // base32: 5 bits a character.
    expect(id.length * 5).toBeGreaterThanOrEqual(120);
    expect(secret.length * 5).toBeGreaterThanOrEqual(160);
  });

  it("never repeat", () => {
    const seen = new Set(Array.from({ length: 1000 }, () => generateRandomString()));
    expect(seen.size).toBe(1000);
  });

  it("store only the SHA-256 of the secret, and match only the right secret", () => {
    const { token, secret, secretHash } = createSplitToken();
    expect(secretHash).toHaveLength(32);
    expect(Buffer.from(secretHash).toString("hex")).not.toContain(secret);
    const parts = splitToken(token)!;
    expect(secretMatches(parts.secret, secretHash)).toBe(true);
    const altered = parts.secret.slice(0, -1) + (parts.secret.endsWith("a") ? "b" : "a");
    expect(secretMatches(altered, secretHash)).toBe(false);
  });

  it.each(["", "abc", "a.b.c", ".x", "x.", "a".repeat(65) + ".b"])("refuses the malformed token %j", (token) => {
    expect(splitToken(token)).toBeNull();
  });
});
