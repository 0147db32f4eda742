// Security headers over HTTP on every kind of response: pages, the JSON API, document downloads
// and error pages. The script policy carries a fresh nonce per request, and it is the nonce the
// page's own scripts carry. HSTS only when the public address is https.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import { createTopic, createUser } from "../factories";
import { uploadTestDocument } from "../factories/documents";
import { createTestDatabase } from "../setup/test-database";
import { createBrowser, startTestServer, type TestServer } from "../setup/test-server";

let handle: DatabaseHandle;
let server: TestServer;
let documentId: number;

beforeAll(async () => {
  handle = await createTestDatabase();
  server = await startTestServer(handle);
  const topic = await createTopic(handle.db);
  const uploader = await createUser(handle.db);
  ({ documentId } = await uploadTestDocument(server.deps, uploader, { place: `topic:${topic.id}`, title: "Plan de ciclovías", audience: "public" }));
});
afterAll(async () => {
  await server?.close();
  await handle?.close();
});

/** The CSP as a map of directive to its values. */
function policyOf(response: Response): Map<string, string[]> {
  const header = response.headers.get("content-security-policy");
  expect(header, `a Content-Security-Policy on ${response.url}`).toBeTruthy();
  return new Map(
    header!
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name.toLowerCase(), values]),
  );
}

const nonceOf = (policy: Map<string, string[]>) =>
  policy.get("script-src")?.find((value) => value.startsWith("'nonce-"))?.slice("'nonce-".length, -1);

function expectCommonHeaders(response: Response): void {
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  const permissions = response.headers.get("permissions-policy") ?? "";
  for (const feature of ["camera=()", "microphone=()", "geolocation=()", "interest-cohort=()"]) expect(permissions).toContain(feature);
  // Served over plain http here: HSTS would be meaningless, and wrong on a later http deployment of the same host.
  expect(response.headers.get("strict-transport-security")).toBeNull();
}

function expectStrictPolicy(response: Response): Map<string, string[]> {
  const policy = policyOf(response);
  expect(policy.get("object-src")).toEqual(["'none'"]);
  expect(policy.get("base-uri")).toEqual(["'none'"]);
  expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
  const scripts = policy.get("script-src") ?? [];
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(scripts).not.toContain("*");
  expect(scripts.some((value) => /^(https?:|data:|blob:)/.test(value))).toBe(false);
  return policy;
}

describe("pages", () => {
  it.each(["/", "/sign-in", "/topics", "/documents", `/documents/DOC`])("%s: strict CSP with a fresh nonce that its own scripts carry", async (route) => {
    const path = route.replace("DOC", String(documentId));
    const browser = createBrowser(server);
    const [first, second] = [await browser.get(path), await browser.get(path)];
    expect(first.status).toBe(200);
    for (const response of [first, second]) expectCommonHeaders(response);
    const [nonceA, nonceB] = [nonceOf(expectStrictPolicy(first)), nonceOf(expectStrictPolicy(second))];
    expect(nonceA).toMatch(/^[A-Za-z0-9+/_-]{16,}={0,2}$/);
    expect(nonceB).toBeTruthy();
    expect(nonceA).not.toBe(nonceB);

    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)].map((match) => match[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) {
      // Every script the page ships is allowed by this request's nonce, and only by it.
      const nonce = /\snonce="([^"]*)"/.exec(attributes)?.[1];
      const src = /\ssrc="([^"]*)"/.exec(attributes)?.[1];
      if (src !== undefined) expect(src.startsWith("/") && !src.startsWith("//"), src).toBe(true);
      expect(nonce, `<script${attributes}>`).toBe(nonceA);
    }
    expect(html).not.toContain(nonceB!);
    // No inline event handlers in the page's own markup: the CSP would block them anyway.
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
    await second.text();
  });

  it("nonces do not repeat across many requests", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const response = await createBrowser(server).get("/sign-in");
      nonces.add(nonceOf(policyOf(response))!);
      await response.text();
    }
    expect(nonces.size).toBe(20);
  });
});

describe("other responses", () => {
  it("the JSON API", async () => {
    for (const path of ["/api/v1/topics", "/api/v1/me", "/api/v1/no-such-endpoint"]) {
      const response = await createBrowser(server).get(path, { accept: "application/json" });
      expectCommonHeaders(response);
      expectStrictPolicy(response);
      await response.text();
    }
  });

  it("document downloads: attachments, nosniff, sandboxed and script-less", async () => {
    const response = await createBrowser(server).get(`/documents/${documentId}/download`);
    expect(response.status).toBe(200);
    expectCommonHeaders(response);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment;/);
    const policy = policyOf(response);
    expect(policy.get("default-src")).toEqual(["'none'"]);
    expect(policy.has("sandbox")).toBe(true);
    expect(policy.has("script-src")).toBe(false);
    await response.arrayBuffer();
  });

  it.each([
    ["a page that does not exist", "/no/such/page/%3Cscript%3Ealert(1)%3C%2Fscript%3E"],
    ["a thread that does not exist", "/t/999999999"],
    ["a document that does not exist", "/documents/999999999"],
    ["a download that does not exist", "/documents/999999999/download"],
    ["a malformed download id", "/documents/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E/download"],
  ])("error pages: %s", async (_label, path) => {
    const response = await createBrowser(server).get(path);
    expect(response.status).toBe(404);
    expectCommonHeaders(response);
    const policy = policyOf(response);
    expect(policy.get("object-src") ?? policy.get("default-src")).toEqual(["'none'"]);
    const body = await response.text();
    // The address echoed back, if at all, is escaped.
    expect(body).not.toContain("<script>alert(1)");
    expect(body).not.toContain("<img src=x");
  });
});

describe("HTTPS", () => {
  let secure: TestServer | undefined;
  afterAll(async () => {
    await secure?.close();
  });

  it("sends HSTS only when PUBLIC_URL is https", async () => {
    secure = await startTestServer(handle, { env: { PUBLIC_URL: "https://enlace.example.org" }, withRemix: false });
    const response = await fetch(`${secure.url}/api/v1/topics`);
    const hsts = response.headers.get("strict-transport-security");
    expect(hsts).toMatch(/max-age=(\d+)/);
    expect(Number(/max-age=(\d+)/.exec(hsts!)![1])).toBeGreaterThanOrEqual(15_552_000);
    expect(response.headers.get("permissions-policy")).toContain("camera=()");
    expect(policyOf(response).get("frame-ancestors")).toEqual(["'none'"]);
    await response.text();
  });
});
