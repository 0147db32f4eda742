import { describe, expect, it } from "vitest";
import { checkWebhookTarget, isPrivateAddress } from "../../server/domain/webhooks/address-guard";
import { webhookBackoffMs } from "../../server/domain/webhooks/delivery";
import { signWebhookBody, verifyWebhookSignature } from "../../server/domain/webhooks/signature";

describe("where a webhook may post", () => {
  it.each(["127.0.0.1", "10.0.0.8", "172.16.5.4", "172.31.255.255", "192.168.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"])(
    "%s is private",
    (address) => expect(isPrivateAddress(address)).toBe(true),
  );

  it.each(["8.8.8.8", "172.32.0.1", "200.1.2.3", "2800:3f0:4001:80b::200e", "::ffff:8.8.8.8"])("%s is public", (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  it("refuses other schemes, Enlace itself, and private names unless allowed", () => {
    const strict = { allowPrivate: false, ownOrigins: ["https://enlace.example.org"] };
    expect(checkWebhookTarget("https://hooks.example.org/in", strict)).toBeNull();
    expect(checkWebhookTarget("file:///etc/passwd", strict)).toBe("url_invalid");
    expect(checkWebhookTarget("https://enlace.example.org/api", strict)).toBe("url_own_site");
    for (const url of ["http://localhost:3000/", "http://printer.local/", "http://metadata.google.internal/", "http://intranet/", "http://[fe80::1]/", "http://192.168.1.1/"]) {
      expect(checkWebhookTarget(url, strict), url).toBe("url_private");
    }
    expect(checkWebhookTarget("http://127.0.0.1:9000/", { ...strict, allowPrivate: true })).toBeNull();
    expect(checkWebhookTarget("https://enlace.example.org/api", { ...strict, allowPrivate: true })).toBe("url_own_site");
  });
});

describe("signatures and retries", () => {
  it("signs the timestamp and the body with HMAC-SHA256", () => {
    // Computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
    expect(signWebhookBody("whsec_test", 1700000000, '{"a":1}')).toBe("sha256=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789");
    expect(verifyWebhookSignature("whsec_test", "1700000000", '{"a":1}', signWebhookBody("whsec_test", "1700000000", '{"a":1}'))).toBe(true);
    expect(verifyWebhookSignature("whsec_test", "1700000001", '{"a":1}', signWebhookBody("whsec_test", "1700000000", '{"a":1}'))).toBe(false);
    expect(verifyWebhookSignature("whsec_test", "1700000000", '{"a":1}', undefined)).toBe(false);
  });

  it("waits twice as long after each failure, up to six hours", () => {
    expect([1, 2, 3, 4, 5].map((attempts) => webhookBackoffMs(attempts))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(webhookBackoffMs(20)).toBe(6 * 60 * 60 * 1000);
  });
});
