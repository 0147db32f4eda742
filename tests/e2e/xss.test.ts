// XSS in real Chromium: the corpus goes in through the app's own forms (thread titles and bodies,
// replies, a display name, a document's file name and title, addresses that end in error pages) and
// is then read on every page that shows it, with a hook installed before any page script runs that
// records alert/confirm/prompt/print, dialogs, window.__pwned and CSP violations. Nothing may fire.
// A second server with the sanitizer switched off (test-only) shows the CSP nonce alone still stops
// injected inline script.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { simplePdf } from "../factories/documents";
import { FIELD_VECTORS, HTML_VECTORS, MARKDOWN_VECTORS, MUTATION_VECTORS, SVG_MATHML_VECTORS } from "../fixtures/xss-vectors";
import { DEMO_PASSWORD, launchBrowser } from "./browser";

const { baseUrl } = inject("e2e");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// ---- The hook ----

interface Findings {
  calls: string[];
  violations: string[];
  pwned: unknown;
  dialogs: string[];
}

/** Runs in every frame before any of the page's scripts. */
function installHook() {
  const w = window as unknown as Record<string, unknown> & { __xss: { calls: string[]; violations: string[] } };
  w.__xss = { calls: [], violations: [] };
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    const record = (...args: unknown[]) => {
      w.__xss.calls.push(`${name}(${args.map(String).join(",")}) at ${location.pathname}`);
      return name === "confirm" ? false : name === "prompt" ? null : undefined;
    };
    Object.defineProperty(window, name, { value: record, writable: false, configurable: false });
  }
  document.addEventListener(
    "securitypolicyviolation",
    (event) => {
      // zod's feature probe (`try { new Function("") } catch {}`) in the app's own bundle: blocked, so nothing ran.
      if (event.blockedURI === "eval" && event.sample === "") return;
      w.__xss.violations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sample}) at ${location.pathname}`);
    },
    true,
  );
}

async function withHook(context: BrowserContext): Promise<{ dialogs: string[] }> {
  const dialogs: string[] = [];
  await context.addInitScript(installHook);
  context.on("page", (page) => watchDialogs(page, dialogs));
  for (const page of context.pages()) watchDialogs(page, dialogs);
  return { dialogs };
}

function watchDialogs(page: Page, dialogs: string[]) {
  page.on("dialog", async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()} at ${page.url()}`);
    await dialog.dismiss().catch(() => undefined);
  });
}

async function findingsOf(page: Page, dialogs: string[]): Promise<Findings> {
  // Give lazy handlers (onload, onerror, animations, autofocus) a moment to fire.
  await page.waitForTimeout(300);
  const recorded = await page.evaluate(() => {
    const w = window as unknown as { __xss?: { calls: string[]; violations: string[] }; __pwned?: unknown };
    return { calls: w.__xss?.calls ?? ["the hook did not run"], violations: w.__xss?.violations ?? [], pwned: w.__pwned ?? null };
  });
  return { ...recorded, dialogs: [...dialogs] };
}

/** Attributes and URLs that could run script, anywhere in the rendered document. */
async function dangerousMarkup(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const invisibles = /[\u0000-\u0020\u007F-\u00A0\u00AD\u2000-\u200F\u2028-\u202F\uFEFF]/g;
    for (const element of document.querySelectorAll("*")) {
      const tag = element.localName;
      if (["iframe", "object", "embed", "frame", "foreignobject", "base"].includes(tag)) found.push(`<${tag}>`);
      // The page's own scripts sit outside <main>; any script element inside it came from content.
      if (tag === "script" && element.closest("main")) found.push(`<script> in the page content: ${element.outerHTML.slice(0, 120)}`);
      for (const name of element.getAttributeNames()) {
        const value = element.getAttribute(name) ?? "";
        if (/^on/i.test(name)) found.push(`<${tag} ${name}="${value}">`);
        if (/^(href|src|action|formaction|xlink:href|srcdoc|data|background|poster)$/i.test(name)) {
          if (/^(javascript|vbscript|data:text\/html|data:image\/svg)/i.test(value.replace(invisibles, ""))) found.push(`<${tag} ${name}="${value}">`);
        }
      }
    }
    return found;
  });
}

/** Visits a page with the hook on and fails if anything ran, was attempted, or is waiting in the DOM. */
async function expectInert(page: Page, dialogs: string[], url: string, options: { status?: number } = {}) {
  const response = await page.goto(url);
  if (options.status !== undefined) expect(response?.status(), url).toBe(options.status);
  await page.waitForLoadState("load");
  const findings = await findingsOf(page, dialogs);
  expect(findings, `script ran or was attempted on ${url}`).toEqual({ calls: [], violations: [], pwned: null, dialogs: [] });
  expect(await dangerousMarkup(page), `dangerous markup on ${url}`).toEqual([]);
}

async function signIn(email: string) {
  const context = await browser.newContext({ locale: "es-ES" });
  const { dialogs } = await withHook(context);
  const page = await context.newPage();
  watchDialogs(page, dialogs);
  await page.goto(`${baseUrl}/sign-in`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await page.click('form button[type="submit"]:not([name="locale"])');
  await page.waitForURL(`${baseUrl}/`);
  return { context, page, dialogs };
}

/** Posts a new thread through the composer's own form fields, as a browser without JavaScript would. */
async function postThread(page: Page, base: string, topic: string, title: string, body: string): Promise<string> {
  const response = await page.request.post(`${base}/topics/${topic}/new`, {
    form: { kind: "discussion", language: "es", title, body, intent: "submit", idempotencyKey: `xss-${Math.random().toString(36).slice(2)}` },
    headers: { origin: base },
    maxRedirects: 0,
  });
  const location = response.headers()["location"];
  expect(response.status(), `publishing "${title}": ${response.status()} ${location ?? (await response.text()).slice(0, 300)}`).toBe(302);
  expect(location).toMatch(/^\/t\/\d+$/);
  return `${base}${location}`;
}

const TOPIC = "pilot-projects";
const POSTER = "ana_beatriz@enlace.demo";
const READER = "kwame_mensah@enlace.demo";

describe("the XSS corpus in real pages", () => {
  const threads: string[] = [];

  it("thread bodies, titles and replies: nothing runs for the author, for a reader, in lists and in search", async () => {
    const poster = await signIn(POSTER);
    const marker = `xss${Date.now().toString(36)}`;
    const families = { markdown: MARKDOWN_VECTORS, html: HTML_VECTORS, svg: SVG_MATHML_VECTORS, mutation: MUTATION_VECTORS };
    for (const [family, vectors] of Object.entries(families)) {
      // Each vector in its own paragraph, so one cannot swallow the next.
      // PostgreSQL text cannot hold NUL, so those vectors keep their other invisibles only (see the report).
      const body = vectors.map((vector) => vector.replaceAll("\u0000", "")).map((vector, index) => `${family} ${index}:\n\n${vector}\n\n---`).join("\n\n");
      const title = `${FIELD_VECTORS[threads.length % FIELD_VECTORS.length]} ${family} ${marker}`;
      threads.push(await postThread(poster.page, baseUrl, TOPIC, title, body));
    }
    // The remaining field vectors as titles on their own.
    for (const vector of FIELD_VECTORS.slice(threads.length)) {
      threads.push(await postThread(poster.page, baseUrl, TOPIC, `${vector} ${marker}`, `Cuerpo ${marker}`));
    }
    for (const url of threads) await expectInert(poster.page, poster.dialogs, url, { status: 200 });

    // Replies through the thread page's own reply box.
    const reader = await signIn(READER);
    await reader.page.goto(threads[0]);
    const replyVectors = [...MUTATION_VECTORS.slice(0, 5), ...HTML_VECTORS.slice(0, 5), ...SVG_MATHML_VECTORS.slice(0, 3)];
    for (const [index, vector] of replyVectors.entries()) {
      await reader.page.fill('.reply-box textarea[name="body"]', `Respuesta ${marker} n${index}\n\n${vector}`);
      await reader.page.click('.reply-box button[value="submit"]');
      // The reply box posts in the background; wait for the reply to be on the page before the next one.
      await reader.page.locator(".post-body", { hasText: `Respuesta ${marker} n${index}` }).first().waitFor({ timeout: 15_000 });
    }
    const findings = await findingsOf(reader.page, reader.dialogs);
    expect(findings).toEqual({ calls: [], violations: [], pwned: null, dialogs: [] });
    expect(await reader.page.locator(".post-body", { hasText: `Respuesta ${marker}` }).count()).toBeGreaterThanOrEqual(13);

    // The same content seen by another member, in lists, search and notifications.
    for (const url of threads) await expectInert(reader.page, reader.dialogs, url, { status: 200 });
    for (const url of [`/topics/${TOPIC}`, "/topics", "/", `/search?q=${marker}`, `/search?q=${encodeURIComponent("<img src=x onerror=alert(1)>")}`, "/notifications"]) {
      await expectInert(reader.page, reader.dialogs, `${baseUrl}${url}`);
      await expectInert(poster.page, poster.dialogs, `${baseUrl}${url}`);
    }
    // The titles arrived as text: the heading shows the vector literally.
    await poster.page.goto(threads[threads.length - 1]);
    expect(await poster.page.textContent("h1")).toContain(FIELD_VECTORS[FIELD_VECTORS.length - 1]);
    await poster.context.close();
    await reader.context.close();
  });

  it("a display name, a document's file name, title and description", async () => {
    const member = await signIn(POSTER);
    const name = `<img src=x onerror=alert(1)>"><svg onload=alert(2)>`;
    await member.page.goto(`${baseUrl}/settings/profile`);
    // Let the form hydrate first, or React may reset what was typed.
    await member.page.waitForLoadState("networkidle");
    await member.page.fill('input[name="displayName"]', name);
    await member.page.fill('textarea[name="bio"]', MUTATION_VECTORS.slice(0, 3).join("\n"));
    const saved = member.page.waitForResponse((response) => response.request().method() === "POST" && response.url().includes("/settings/profile"));
    await member.page.locator('form:has(input[name="displayName"]) button[type="submit"]').first().click();
    expect((await saved).status()).toBeLessThan(400);
    await member.page.waitForLoadState("networkidle");
    const problems = await member.page.locator("[role=alert], .field-error").allTextContents();
    await expectInert(member.page, member.dialogs, `${baseUrl}/settings/profile`);
    expect(await member.page.inputValue('input[name="displayName"]'), `saving the profile: ${problems}`).toBe(name);
    const handle = (await member.page.inputValue('input[name="handle"]')).trim();
    await expectInert(member.page, member.dialogs, `${baseUrl}/u/${handle}`, { status: 200 });
    expect(await member.page.locator("body").textContent()).toContain(name);
    // Where the name shows next to posts.
    const thread = await postThread(member.page, baseUrl, TOPIC, `Nombre con vectores ${Date.now()}`, "Hola.");
    await expectInert(member.page, member.dialogs, thread, { status: 200 });

    // A document whose file name carries vectors (a file name cannot hold "/").
    const fileName = `"><img src=x onerror=alert(1)><svg onload=alert(1)>.pdf`;
    const title = `<script>alert(1)</script> documento ${Date.now().toString(36)}`;
    await member.page.goto(`${baseUrl}/documents/new`);
    await member.page.setInputFiles('input[name="file"]', { name: fileName, mimeType: "application/pdf", buffer: simplePdf("xss", ["<img src=x onerror=alert(1)>"]) });
    await member.page.fill('input[name="title"]', title);
    await member.page.fill('textarea[name="description"]', HTML_VECTORS.slice(0, 6).join("\n"));
    const place = await member.page.locator('select[name="place"] optgroup').first().locator("option").first().getAttribute("value");
    await member.page.selectOption('select[name="place"]', place!);
    await member.page.check('input[name="audience"][value="public"]');
    await member.page.selectOption('select[name="docType"]', "sump");
    await member.page.selectOption('select[name="language"]', "es");
    await member.page.selectOption('select[name="country"]', "CL");
    await member.page.fill('input[name="city"]', '<img src=x onerror=alert(1)>');
    await member.page.fill('input[name="year"]', "2024");
    await member.page.fill('input[name="authors"]', '"><svg onload=alert(1)>');
    await member.page.fill('input[name="licence"]', "CC BY 4.0");
    await member.page.click('form.upload-form button[type="submit"]');
    await member.page.waitForURL(/\/documents\/\d+$/, { timeout: 30_000 }).catch(async (error) => {
      throw new Error(`upload failed: ${await member.page.locator("[role=alert], .field-error").allTextContents()}`, { cause: error });
    });
    const documentUrl = member.page.url();
    await expectInert(member.page, member.dialogs, documentUrl, { status: 200 });
    expect(await member.page.textContent("h1")).toContain("<script>alert(1)</script>");
    await expectInert(member.page, member.dialogs, `${baseUrl}/documents`);
    await expectInert(member.page, member.dialogs, `${baseUrl}/documents?q=${encodeURIComponent("<script>alert(1)</script>")}`);
    // The download is an attachment: the browser saves it, never renders it.
    const download = await member.page.request.get(`${documentUrl}/download`);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-disposition"]).toMatch(/^attachment;/);
    expect(download.headers()["content-disposition"]).not.toMatch(/[<>]/);
    expect(download.headers()["x-content-type-options"]).toBe("nosniff");
    await member.context.close();
  });

  it("error pages with a vector in the address", async () => {
    const member = await signIn(READER);
    const anonymous = await browser.newContext({ locale: "es-ES" });
    const { dialogs } = await withHook(anonymous);
    const anonymousPage = await anonymous.newPage();
    const paths = [
      `/no/such/${encodeURIComponent("<script>alert(1)</script>")}`,
      `/no/such/"><img src=x onerror=alert(1)>`,
      "/t/<svg onload=alert(1)>",
      "/t/999999999",
      "/u/<img src=x onerror=alert(1)>",
      "/g/<img src=x onerror=alert(1)>",
      `/documents/${encodeURIComponent("<img src=x onerror=alert(1)>")}`,
      "/p/javascript:alert(1)",
      "/sign-in?redirectTo=javascript:alert(1)",
      `/reset-password?token=${encodeURIComponent('"><script>alert(1)</script>')}`,
    ];
    for (const url of paths) {
      await expectInert(member.page, member.dialogs, `${baseUrl}${url}`);
      await expectInert(anonymousPage, dialogs, `${baseUrl}${url}`);
    }
    // A sign-in that bounces to a javascript: address goes nowhere dangerous.
    await anonymousPage.goto(`${baseUrl}/sign-in?redirectTo=${encodeURIComponent("javascript:alert(1)")}`);
    await anonymousPage.fill('input[name="email"]', READER);
    await anonymousPage.fill('input[name="password"]', DEMO_PASSWORD);
    await anonymousPage.click('form button[type="submit"]:not([name="locale"])');
    await anonymousPage.waitForLoadState("load");
    expect(anonymousPage.url().startsWith(baseUrl)).toBe(true);
    expect((await findingsOf(anonymousPage, dialogs)).calls).toEqual([]);
    await member.context.close();
    await anonymous.close();
  });

  it("the hook itself catches script that runs (a canary page with a nonce-less handler in an about:blank frame)", async () => {
    // Proves the hook sees what it should: off the app's CSP, a handler runs and is recorded.
    const context = await browser.newContext();
    const { dialogs } = await withHook(context);
    const page = await context.newPage();
    await page.setContent(`<img src="data:," onerror="alert('canary')"><script>window.__pwned = 1</script>`);
    const findings = await findingsOf(page, dialogs);
    expect(findings.calls.join()).toContain("alert(canary)");
    expect(findings.pwned).toBe(1);
    await context.close();
  });
});

// ---- The sanitizer switched off: the CSP alone ----

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe("with the sanitizer switched off (UNSAFE_DISABLE_SANITIZER, test builds only)", () => {
  let child: ChildProcess | undefined;
  let dataDir: string;
  let unsafeUrl: string;

  beforeAll(async () => {
    const root = path.resolve(import.meta.dirname, "../..");
    dataDir = mkdtempSync(path.join(os.tmpdir(), "enlace-unsafe-"));
    const port = await freePort();
    unsafeUrl = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ["--import", "tsx", "server/start.ts"], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "test",
        UNSAFE_DISABLE_SANITIZER: "true",
        PORT: String(port),
        HOST: "127.0.0.1",
        PUBLIC_URL: unsafeUrl,
        DATA_DIR: dataDir,
        DATABASE_URL: "",
        SEED_DEMO: "true",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
    const deadline = Date.now() + 110_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the unsafe server exited with code ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error("the unsafe server did not start");
      const ok = await fetch(`${unsafeUrl}/healthz`).then((response) => response.ok, () => false);
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child!.once("exit", resolve));
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("injected inline script and event handlers reach the page raw, and the CSP nonce blocks every one", async () => {
    const context = await browser.newContext({ locale: "es-ES" });
    const { dialogs } = await withHook(context);
    const page = await context.newPage();
    await page.goto(`${unsafeUrl}/sign-in`);
    await page.fill('input[name="email"]', POSTER);
    await page.fill('input[name="password"]', DEMO_PASSWORD);
    await page.click('form button[type="submit"]:not([name="locale"])');
    await page.waitForURL(`${unsafeUrl}/`);

    const body = [
      "<script>window.__pwned=1</script>",
      '<img src="/favicon.ico" onload="window.__pwned=2">',
      '<img src="x" onerror="window.__pwned=3;alert(3)">',
      '<svg onload="window.__pwned=4"></svg>',
      '<a id="canary-link" href="javascript:window.__pwned=5">x</a>',
    ].join("\n\n");
    const threadUrl = await postThread(page, unsafeUrl, TOPIC, "Sin sanitizar: prueba de la CSP", body);
    await page.goto(threadUrl);
    await page.waitForLoadState("load");
    await page.click("#canary-link").catch(() => undefined);
    const findings = await findingsOf(page, dialogs);

    // The sanitizer really was off: the raw markup is in the page.
    expect(await page.locator(".post-body script").count()).toBe(1);
    expect(await page.locator(".post-body img[onerror]").count()).toBe(1);
    // ... and yet nothing ran: the CSP refused the inline script, each handler and the javascript: URL.
    expect(findings.pwned).toBeNull();
    expect(findings.calls).toEqual([]);
    expect(findings.dialogs).toEqual([]);
    const blocked = findings.violations.filter((violation) => violation.startsWith("script-src"));
    expect(blocked.length, findings.violations.join("\n")).toBeGreaterThanOrEqual(4);
    await context.close();
  });
});
