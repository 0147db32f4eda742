import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectAccessible, launchBrowser, signInAs } from "./browser";

const { baseUrl } = inject("e2e");
let browser: Browser;

const WEBINAR = "Financiamiento climático para buses eléctricos";
const PRIVATE_MEETING = "Reunión del grupo: cláusulas de disponibilidad";

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("events", () => {
  it("a member registers for an upcoming webinar and finds it in the calendar and in their own feed", async () => {
    // Kwame belongs to no working group in the demo, and no other browser test adds him to one.
    const { context, page } = await signInAs(browser, baseUrl, "kwame_mensah@enlace.demo");
    await page.goto(`${baseUrl}/events`);
    await page.locator("h1").waitFor();
    await expectAccessible(page, "events list");
    // Kwame is not in the private working group: its meeting is not listed for him.
    expect(await page.locator("main").textContent()).not.toContain(PRIVATE_MEETING);
    await page.locator(".event-list a", { hasText: WEBINAR }).click();
    await page.waitForURL(/\/events\/\d+$/);
    const eventUrl = page.url();
    await expectAccessible(page, "event page");

    await page.click('button[name="intent"][value="register"]');
    await page.locator(".message-success").first().waitFor();
    await page.locator('button[name="intent"][value="unregister"]').waitFor();
    await expectAccessible(page, "event page after registering");

    const startsAt = await page.locator(".event-facts time").first().getAttribute("datetime");
    expect(startsAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    await page.goto(`${baseUrl}/events/calendar?month=${startsAt!.slice(0, 7)}`);
    await page.locator("table.calendar caption").waitFor();
    const mine = page.locator("table.calendar li.mine a", { hasText: WEBINAR });
    await mine.waitFor();
    await expectAccessible(page, "calendar");
    await mine.click();
    await page.waitForURL(eventUrl);

    await page.goto(`${baseUrl}/events/mine`);
    await page.locator(".event-list a", { hasText: WEBINAR }).waitFor();
    await expectAccessible(page, "my events");
    const feedUrl = await page.locator("#feed-url").inputValue();
    expect(feedUrl).toMatch(/\/calendar\/\d+\.[\w-]+\.ics$/);
    // Calendar apps come without cookies: the signed address is enough.
    const feed = await fetch(feedUrl);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toContain("text/calendar");
    expect(await feed.text()).toContain("SUMMARY:Financiamiento climático para buses eléctricos");
    await context.close();
  });

  it("shows times in the visitor's own time zone once the page runs, and offers the event as .ics", async () => {
    const context = await browser.newContext({ locale: "en-US", timezoneId: "Asia/Tokyo" });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/events`);
    const link = page.locator(".event-list a", { hasText: WEBINAR });
    const href = await link.getAttribute("href");
    await page.goto(`${baseUrl}${href}`);
    await page.locator(".event-facts .event-zone", { hasText: "Tokyo" }).waitFor();
    // The event's own zone is named beside it.
    expect(await page.locator(".event-facts").textContent()).toContain("Bogota");
    const ics = await fetch(`${baseUrl}${href}.ics`);
    expect(ics.status).toBe(200);
    const body = await ics.text();
    expect(body).toContain("DTSTART;TZID=America/Bogota:");
    expect(body).not.toContain("meet.enlace.example");
    await context.close();
  });

  it("an organiser creates an event with the form and sees the organisers' panel", async () => {
    const { context, page } = await signInAs(browser, baseUrl, "moderator@enlace.demo");
    await page.goto(`${baseUrl}/events/new`);
    await page.locator('select[name="where"]').waitFor();
    await expectAccessible(page, "new event form");
    const year = new Date().getUTCFullYear() + 1;
    await page.selectOption('select[name="where"]', { label: "Electromovilidad" });
    await page.check('input[name="kind"][value="workshop"]');
    await page.fill('input[name="title"]', "Taller de prueba: licitaciones de buses eléctricos");
    await page.fill('textarea[name="description"]', "Un taller **práctico**.");
    await page.check('input[name="languages"][value="es"]');
    await page.fill('input[name="startsAt"]', `${year}-02-03T09:00`);
    await page.fill('input[name="endsAt"]', `${year}-02-03T12:00`);
    await page.selectOption('select[name="timeZone"]', "America/Lima");
    await page.fill('input[name="place"]', "Lima, Perú");
    await page.fill('input[name="capacity"]', "20");
    await page.click('main form button[type="submit"]');
    await page.waitForURL(/\/events\/\d+$/);
    await page.locator("h1", { hasText: "Taller de prueba: licitaciones" }).waitFor();
    await page.locator("#organiser-title").waitFor();
    expect(await page.locator(".event-facts").textContent()).toContain("Lima");
    await expectAccessible(page, "event page for its organiser");
    await context.close();
  });
});
