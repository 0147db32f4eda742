import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { simplePdf } from "../factories/documents";
import { expectAccessible, launchBrowser, signInAs } from "./browser";

const { baseUrl } = inject("e2e");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("the document bank", () => {
  it("a member uploads a document and watches the progress bar reach completion, then finds it and downloads it", async () => {
    const { context, page } = await signInAs(browser, baseUrl, "national@enlace.demo");
    await page.goto(`${baseUrl}/documents`);
    await page.locator('nav[aria-label] a[href="/documents"]').first().waitFor();
    await expectAccessible(page, "document bank");

    // Hydration must go through cleanly: a mismatch makes React redraw the form and forget the chosen file.
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${baseUrl}/documents/new`);
    await expectAccessible(page, "upload form");
    const marker = `ciclovias${Date.now().toString(36)}`;
    const title = `Plan de ciclovías de Valparaíso ${marker}`;
    // Three megabytes, so the upload takes a while (the network is slowed below) and reports progress.
    const pdf = simplePdf(title, [`Red de ciclovías protegidas y estacionamientos de bicicletas. Palabra clave ${marker}.`], { padBytes: 3_000_000 });
    await page.setInputFiles('input[name="file"]', { name: "plan-ciclovias-valparaiso.pdf", mimeType: "application/pdf", buffer: pdf });
    await page.fill('input[name="title"]', title);
    await page.fill('textarea[name="description"]', "Diagnóstico y propuesta de red de ciclovías.");
    await page.selectOption('select[name="docType"]', "sump");
    const firstTopic = await page.locator('select[name="place"] optgroup').first().locator("option").first().getAttribute("value");
    await page.selectOption('select[name="place"]', firstTopic!);
    await page.check('input[name="audience"][value="public"]');
    await page.selectOption('select[name="language"]', "es");
    await page.selectOption('select[name="country"]', "CL");
    await page.fill('input[name="city"]', "Valparaíso");
    await page.fill('input[name="year"]', "2024");
    await page.fill('input[name="authors"]', "Municipalidad de Valparaíso");
    await page.fill('input[name="licence"]', "CC BY 4.0");

    // Record every state the progress bar goes through; sessionStorage outlives the move to the new page.
    await page.evaluate(() => {
      const box = document.querySelector(".upload-progress")!;
      const log: string[] = [];
      new MutationObserver(() => {
        log.push(`${box.getAttribute("data-state")}:${box.getAttribute("data-percent")}:${(box.querySelector("progress") as HTMLProgressElement).value}`);
        sessionStorage.setItem("upload-log", JSON.stringify(log));
      }).observe(box, { attributes: true, subtree: true, attributeFilter: ["data-state", "data-percent", "value"] });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 1024 * 1024 });

    await page.click('form.upload-form button[type="submit"]');
    await page.locator(".upload-progress:not([hidden])").waitFor({ timeout: 5_000 });
    await page.waitForURL(/\/documents\/\d+$/, { timeout: 30_000 });
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    const log = JSON.parse((await page.evaluate(() => sessionStorage.getItem("upload-log"))) ?? "[]") as string[];
    const percents = log.map((entry) => Number(entry.split(":")[1]));
    expect(log.some((entry) => entry.startsWith("uploading:"))).toBe(true);
    expect(percents.filter((percent) => percent > 0 && percent < 100).length, log.join(" ")).toBeGreaterThan(2);
    expect(Math.max(...percents)).toBe(100);
    expect(log.some((entry) => /^(processing|done):100:100$/.test(entry))).toBe(true);

    await page.locator("h1", { hasText: title }).waitFor();
    await expectAccessible(page, "document page");
    expect(pageErrors).toEqual([]);
    const documentUrl = page.url();

    // The document bank finds it by a word of its PDF text.
    await page.goto(`${baseUrl}/documents?q=${marker}`);
    const link = page.locator(".document-list a", { hasText: title });
    await link.waitFor();
    await expectAccessible(page, "search results");
    const row = page.locator(".document-row", { hasText: title });
    const [download] = await Promise.all([page.waitForEvent("download"), row.locator('a[href$="/download"]').click()]);
    expect(download.suggestedFilename()).toBe("plan-ciclovias-valparaiso.pdf");
    const saved = readFileSync((await download.path())!);
    expect(saved.equals(pdf)).toBe(true);

    // Anonymous visitors see it too (public), but not the members-only demo documents.
    const visitor = await browser.newContext({ locale: "es-ES" });
    const anonymous = await visitor.newPage();
    expect((await anonymous.goto(documentUrl))?.status()).toBe(200);
    await anonymous.goto(`${baseUrl}/documents`);
    expect(await anonymous.locator("main").textContent()).not.toContain("Concept note: zero-emission bus fleet for Quito");
    await visitor.close();
    await context.close();
  });

  it("works without JavaScript: the plain form uploads and shows the document", async () => {
    const { context, page } = await signInAs(browser, baseUrl, "local@enlace.demo", { javaScriptEnabled: false });
    await page.goto(`${baseUrl}/documents/new`);
    const title = `Relatório sem JavaScript ${Date.now().toString(36)}`;
    await page.setInputFiles('input[name="file"]', { name: "relatorio.pdf", mimeType: "application/pdf", buffer: simplePdf(title, ["Sem JavaScript."]) });
    await page.fill('input[name="title"]', title);
    await page.selectOption('select[name="docType"]', "case_study");
    const firstTopic = await page.locator('select[name="place"] optgroup').first().locator("option").first().getAttribute("value");
    await page.selectOption('select[name="place"]', firstTopic!);
    await page.click('form.upload-form button[type="submit"]');
    await page.waitForURL(/\/documents\/\d+$/);
    await page.locator("h1", { hasText: title }).waitFor();

    // A type mismatch comes back as a translated error next to the field, with the title kept.
    await page.goto(`${baseUrl}/documents/new`);
    await page.setInputFiles('input[name="file"]', { name: "foto.pdf", mimeType: "application/pdf", buffer: Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64") });
    await page.fill('input[name="title"]', "Uma foto que diz ser PDF");
    await page.selectOption('select[name="docType"]', "other");
    await page.selectOption('select[name="place"]', firstTopic!);
    await page.click('form.upload-form button[type="submit"]');
    await page.locator("#field-file-error").waitFor();
    expect(await page.locator("#field-file-error").textContent()).toContain("não corresponde");
    expect(await page.inputValue('input[name="title"]')).toBe("Uma foto que diz ser PDF");
    await context.close();
  });
});
