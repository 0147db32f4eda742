import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { chromium, type Browser, type Page } from "playwright-core";
import { expect } from "vitest";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Debian's Chromium, started so that it never reaches for the network (Playwright gives it a fresh profile). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Runs axe-core on the page and fails on serious or critical violations. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  // Evaluated through the DevTools protocol, which the page's CSP (rightly) does not let inline scripts do.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  });
  expect(violations, `accessibility of ${label}`).toEqual([]);
}

/** The newest .eml file sent to an address, with the first link in its text part. */
export function lastEmailLink(outboxDir: string, to: string): string | undefined {
  let files: string[] = [];
  try {
    files = readdirSync(outboxDir).filter((name) => name.endsWith(".eml")).sort();
  } catch {
    return undefined;
  }
  for (const file of files.reverse()) {
    const eml = readFileSync(path.join(outboxDir, file), "utf8");
    if (!new RegExp(`^To: ${to.replace(/[.+]/g, "\\$&")}$`, "m").test(eml)) continue;
    const textPart = eml.split(/Content-Type: text\/html/)[0];
    // Undo quoted-printable soft line breaks and =3D before reading the link.
    const decoded = textPart.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
    return decoded.match(/https?:\/\/[^\s]+/)?.[0];
  }
  return undefined;
}

export async function waitForEmailLink(outboxDir: string, to: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const link = lastEmailLink(outboxDir, to);
    if (link) return link;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no email reached ${to}`);
}

export const DEMO_PASSWORD = "movilidad-sostenible-2030";

/** A fresh browser context signed in as a demo member (Spanish browser; the profile's language wins). */
export async function signInAs(
  browser: import("playwright-core").Browser,
  baseUrl: string,
  email: string,
  options: { javaScriptEnabled?: boolean } = {},
) {
  const context = await browser.newContext({ locale: "es-ES", javaScriptEnabled: options.javaScriptEnabled ?? true });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/sign-in`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await page.click('form button[type="submit"]:not([name="locale"])');
  await page.waitForURL(`${baseUrl}/`);
  return { context, page };
}
