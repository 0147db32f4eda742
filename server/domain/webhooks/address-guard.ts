// Where a webhook may post. Only http(s); never Enlace's own address (a loop); and, unless
// WEBHOOKS_ALLOW_PRIVATE=true, never loopback, private-network, link-local or other special-purpose
// addresses, checked on the address the connection actually uses (so a name that later resolves to
// 10.0.0.1 is refused at delivery time too). See docs/decisions/013-webhooks.md.
import { BlockList, isIP } from "node:net";

const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

/** True for addresses a public webhook has no business reaching (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const unbracketed = address.replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(unbracketed);
  if (mapped) return blocked.check(mapped[1], "ipv4");
  const family = isIP(unbracketed);
  if (family === 4) return blocked.check(unbracketed, "ipv4");
  if (family === 6) return blocked.check(unbracketed, "ipv6");
  return false;
}

/** Names that always mean this machine or its local network. */
function isLocalName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost") || name.endsWith(".local") || name.endsWith(".internal") || !name.includes(".");
}

export type TargetProblem = "url_invalid" | "url_private" | "url_own_site";

/** Checks a webhook's address when an admin saves it; null when it may be used. */
export function checkWebhookTarget(url: string, options: { allowPrivate: boolean; ownOrigins: string[] }): TargetProblem | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "url_invalid";
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return "url_invalid";
  if (options.ownOrigins.includes(parsed.origin)) return "url_own_site";
  if (options.allowPrivate) return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return isPrivateAddress(host) ? "url_private" : null;
  return isLocalName(host) ? "url_private" : null;
}
