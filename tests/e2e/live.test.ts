import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectAccessible, launchBrowser, signInAs } from "./browser";

const { baseUrl } = inject("e2e");
let browser: Browser;
const signedIn = (email: string) => signInAs(browser, baseUrl, email);

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Marks the current document, so a later check can tell a live update from a reload. */
const markDocument = (page: Page) => page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
const stillSameDocument = (page: Page) => page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);

/** The unread count the header's bell shows (0 when it shows none). */
async function bellCount(page: Page): Promise<number> {
  const badge = page.locator(".site-header .bell .bell-count");
  return (await badge.count()) ? Number(await badge.textContent()) : 0;
}

describe("live pages", () => {
  it("a reply appears for the other member without a reload, after they saw it being typed; a reply to their post raises their bell", async () => {
    const marker = `corredor${Date.now() % 100000}`;
    const title = `¿Cómo priorizamos los corredores de buses del PMUS? ${marker}`;
    const lucia = await signedIn("lucia_mendoza@enlace.demo");
    const carlos = await signedIn("carlos_rivera@enlace.demo");

    // Lucía asks in a public topic.
    await lucia.page.goto(`${baseUrl}/topics/numps-sumps/new`);
    await lucia.page.fill('input[name="title"]', title);
    await lucia.page.fill('textarea[name="body"]', `Tenemos doce corredores candidatos y presupuesto para tres. ${marker}`);
    await lucia.page.click('button[value="submit"]');
    await lucia.page.locator("h1", { hasText: marker }).waitFor({ timeout: 10_000 });
    const threadUrl = lucia.page.url().split("#")[0];

    // Both have the thread open, live.
    await carlos.page.goto(threadUrl);
    await carlos.page.locator("h1", { hasText: marker }).waitFor();
    await carlos.page.locator('.replies .live-notice[data-live="on"]').waitFor({ state: "attached", timeout: 10_000 });
    await lucia.page.locator('.replies .live-notice[data-live="on"]').waitFor({ state: "attached", timeout: 10_000 });
    await markDocument(lucia.page);

    // Carlos types a reply: Lucía sees that he is typing.
    const composer = carlos.page.locator('.reply-box textarea[name="body"]');
    const typing = lucia.page.locator(".typing-indicator", { hasText: "Carlos Rivera" });
    const reply = `Prioricen por demanda y por pasajeros de bajos ingresos, con datos de la encuesta origen-destino. ${marker}`;
    await composer.pressSequentially(reply.slice(0, 30), { delay: 20 });
    await typing.waitFor({ timeout: 10_000 });
    expect(await typing.textContent()).toBe("Carlos Rivera está escribiendo una respuesta…");
    expect(await lucia.page.locator(".typing-indicator").getAttribute("aria-live")).toBe("polite");
    await composer.fill(reply);

    // He sends it: it appears on Lucía's page in place, without a reload.
    await carlos.page.click('.reply-box button[value="submit"]');
    await carlos.page.locator(".post-body", { hasText: "encuesta origen-destino" }).waitFor({ timeout: 10_000 });
    await lucia.page.locator(".replies article.post", { hasText: "encuesta origen-destino" }).waitFor({ timeout: 10_000 });
    expect(await stillSameDocument(lucia.page)).toBe(true);
    // The typing notice ends when the reply arrives (or fades a few seconds later).
    await lucia.page.locator(".typing-indicator", { hasText: "Carlos Rivera" }).waitFor({ state: "detached", timeout: 8_000 });

    // Lucía moves to the topic's list; Carlos answers her question's opening post.
    await lucia.page.goto(`${baseUrl}/topics/numps-sumps`);
    await lucia.page.locator('.live-notice[data-live="on"]').waitFor({ state: "attached", timeout: 10_000 });
    await markDocument(lucia.page);
    const before = await bellCount(lucia.page);
    await carlos.page.locator("article.post", { hasText: "doce corredores" }).first().locator('a[href*="/reply?to="]:not([href*="quote"])').click();
    // The thread page has a composer too: wait for the reply page's own.
    await carlos.page.locator('.composer-page textarea[name="body"]').waitFor();
    await carlos.page.fill('.composer-page textarea[name="body"]', `Y publiquen la priorización para recibir comentarios. ${marker}`);
    await carlos.page.click('.composer-page button[value="submit"]');
    await carlos.page
      .locator(".post-body", { hasText: "publiquen la priorización" })
      .waitFor({ timeout: 10_000 })
      .catch(async (error) => {
        throw new Error(`replying failed at ${carlos.page.url()}: ${await carlos.page.locator("[role=alert], .field-error, h1").allTextContents()}`, { cause: error });
      });

    // Her bell counts the reply, and the list offers the new activity, both live.
    await expect.poll(() => bellCount(lucia.page), { timeout: 10_000 }).toBe(before + 1);
    expect(await lucia.page.locator(".site-header .bell").getAttribute("aria-label")).toBe(`Notificaciones, ${before + 1} sin leer`);
    const notice = lucia.page.locator(".live-notice", { hasText: "1 respuesta nueva" });
    await notice.waitFor({ timeout: 10_000 });
    expect(await stillSameDocument(lucia.page)).toBe(true);
    await expectAccessible(lucia.page, "topic list with live activity");
    await notice.locator("button").click();
    await lucia.page.locator(".live-notice p").waitFor({ state: "detached" });

    // The notification centre lists it, linking to the exact post.
    await lucia.page.click(".site-header .bell");
    const item = lucia.page.locator(".notification-unread", { hasText: "Carlos Rivera respondió a tu mensaje" }).first();
    await item.waitFor({ timeout: 10_000 });
    expect(await item.locator(".notification-text a").getAttribute("href")).toMatch(/^\/p\/\d+$/);
    await expectAccessible(lucia.page, "notification centre");

    await lucia.page.goto(`${baseUrl}/settings/notifications`);
    await lucia.page.locator(".followed-row", { hasText: marker }).waitFor();
    await expectAccessible(lucia.page, "notification settings");

    await lucia.context.close();
    await carlos.context.close();
  });
});
