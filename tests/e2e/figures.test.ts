import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectAccessible, launchBrowser, signInAs } from "./browser";

const { baseUrl } = inject("e2e");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("the community figures page", () => {
  it("an admin sees the charts and the map, switches the breakdown and the map's layer, and downloads a CSV", async () => {
    const { context, page } = await signInAs(browser, baseUrl, "admin@enlace.demo");
    await page.goto(`${baseUrl}/admin`);
    await page.click('nav a[href="/admin/figures"]');
    await page.waitForURL(`${baseUrl}/admin/figures`);
    // Seven charts (lines per month by default), each an image with a name, and the map with its shapes.
    await expect.poll(() => page.locator("svg.chart-lines[role=img]").count()).toBe(7);
    expect(await page.locator("svg.lac-map path").count()).toBeGreaterThan(20);
    expect(await page.locator("svg.lac-map circle").count()).toBeGreaterThan(10);
    expect(await page.locator("#lac-map-title").textContent()).toContain("Miembros");
    await expectAccessible(page, "figures by month");

    // The figures as a table, without JavaScript's help: a <details> opens.
    await page.locator("#figure-questions-heading").scrollIntoViewIfNeeded();
    await page.locator("section[aria-labelledby=figure-questions-heading] details summary").click();
    expect(await page.locator("section[aria-labelledby=figure-questions-heading] table tbody tr").count()).toBe(12);

    // By topic: bars. Map: pairs.
    await page.selectOption("#figures-by", "topic");
    await page.click(".figures-filters button[type=submit]");
    await page.waitForURL(/by=topic/);
    await expect.poll(() => page.locator("svg.chart-bars[role=img]").count()).toBe(7);
    await page.click('.map-layers a:has-text("Parejas")');
    await page.waitForURL(/map=pairs/);
    expect(await page.locator('.map-layers a[aria-current="true"]').textContent()).toBe("Parejas");
    expect(await page.locator("#lac-map-title").textContent()).toContain("Parejas");
    await expectAccessible(page, "figures by topic, map of pairs");

    // A CSV download.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('a[href^="/admin/figures/questions.csv"]')]);
    expect(download.suggestedFilename()).toMatch(/^enlace-questions-by-topic-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe("Tema,Código,Preguntas hechas");
    expect(csv).toMatch(/Electromovilidad,electromobility,\d+/);

    // On a phone, the page still fits the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await context.close();
  });

  it("a member gets 404", async () => {
    const { context, page } = await signInAs(browser, baseUrl, "local@enlace.demo");
    expect((await page.goto(`${baseUrl}/admin/figures`))?.status()).toBe(404);
    await context.close();
  });
});

describe("the public page", () => {
  it("shows the headline figures, upcoming events, latest documents, solved questions and partners' expert groups, accessibly", async () => {
    const context = await browser.newContext({ locale: "es-ES" });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await page.locator("#figures-title").waitFor();
    expect(await page.locator(".headline-figures dd").count()).toBe(4);
    for (const id of ["#events-title", "#documents-title", "#solved-title"]) expect(await page.locator(id).count()).toBe(1);
    expect(await page.locator("#solved-title ~ ul li").count()).toBeGreaterThan(0);
    expect(await page.locator(".partner-groups a").count()).toBeGreaterThan(0);
    expect(await page.locator('link[rel="alternate"][type="application/atom+xml"]').count()).toBe(3);
    await expectAccessible(page, "landing page");
    const feed = await page.request.get(`${baseUrl}/feeds/solved.atom`);
    expect(feed.headers()["content-type"]).toBe("application/atom+xml; charset=utf-8");
    await context.close();
  });
});
