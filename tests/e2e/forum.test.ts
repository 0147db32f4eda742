import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectAccessible, launchBrowser, signInAs } from "./browser";

const { baseUrl } = inject("e2e");
let browser: Browser;
const signedIn = (email: string, options?: { javaScriptEnabled?: boolean }) => signInAs(browser, baseUrl, email, options);

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});


describe("a question from asking to its solution", () => {
  it("is asked, answered, answered in a nested reply, solved, shown first, and found by search", async () => {
    const marker = `tarifazero${Date.now() % 100000}`;
    const title = `¿Cómo financiar la carga nocturna de buses? ${marker}`;

    // A local official asks in the electromobility topic.
    const asker = await signedIn("local@enlace.demo");
    await asker.page.goto(`${baseUrl}/topics/electromobility`);
    await expectAccessible(asker.page, "topic page");
    await asker.page.click('a[href="/topics/electromobility/new"]');
    await asker.page.waitForURL(/\/topics\/electromobility\/new$/);
    await expectAccessible(asker.page, "new thread composer");
    await asker.page.fill('input[name="title"]', title);
    await asker.page.fill('textarea[name="body"]', `Tenemos **40 buses** y queremos cargar de noche.\n\n- ¿Tarifa especial?\n- ¿Quién paga la conexión? ${marker}`);
    await asker.page.check('input[name="tags"][value="charging"]');
    await asker.page.click('button[value="preview"]');
    await asker.page.locator(".preview strong", { hasText: "40 buses" }).waitFor();
    await asker.page.click('button[value="submit"]');
    await asker.page.waitForURL(/\/t\/\d+$/, { timeout: 10_000 }).catch(async (error) => {
      throw new Error(`publishing failed: ${await asker.page.locator("[role=alert], .field-error").allTextContents()}`, { cause: error });
    });
    // The address changes as soon as the navigation commits; wait for the new page to render.
    await asker.page.locator("h1", { hasText: marker }).waitFor();
    const threadUrl = asker.page.url();
    expect(await asker.page.textContent("h1")).toBe(title);
    expect(await asker.page.locator(".post-body li").count()).toBe(2);

    // A verified expert answers.
    const expert = await signedIn("expert@enlace.demo");
    await expert.page.goto(threadUrl);
    await expert.page.fill('.reply-box textarea[name="body"]', "Negocien una **tarifa horaria** con la distribuidora; en varias ciudades funcionó.");
    await expert.page.click('.reply-box button[value="submit"]');
    await expert.page.locator(".post-body strong", { hasText: "tarifa horaria" }).waitFor();
    await expectAccessible(expert.page, "thread page");
    const answer = expert.page.locator("article.post", { hasText: "tarifa horaria" });
    expect(await answer.locator(".badge-verified").textContent()).toContain("GIZ");

    // The asker replies to that answer: the reply nests under it.
    await asker.page.goto(threadUrl);
    const answerForAsker = asker.page.locator("article.post", { hasText: "tarifa horaria" });
    await answerForAsker.locator('a[href*="/reply?to="]:not([href*="quote"])').click();
    await asker.page.waitForURL(/\/reply\?to=\d+/);
    await expectAccessible(asker.page, "reply to a post");
    await asker.page.fill('textarea[name="body"]', "¿Y si la distribuidora no acepta?");
    await asker.page.click('button[value="submit"]');
    await asker.page.waitForURL(/\/t\/\d+/);
    await asker.page.locator(".post-children article.post", { hasText: "distribuidora no acepta" }).waitFor();

    // The asker marks the expert's answer as the solution: it is shown right under the question.
    await asker.page.locator("article.post", { hasText: "tarifa horaria" }).first().locator('button[value="solve"]').click();
    await asker.page.locator(".solution-box article.post", { hasText: "tarifa horaria" }).waitFor();
    const order = await asker.page.evaluate(() => {
      const solution = document.querySelector(".solution-box");
      const replies = document.querySelector(".replies");
      return solution && replies ? solution.compareDocumentPosition(replies) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
    });
    expect(order).toBeGreaterThan(0);

    // The list shows it solved, and search finds it by a word of the body.
    await asker.page.goto(`${baseUrl}/topics/electromobility?view=solved`);
    await asker.page.locator(".thread-row", { hasText: marker }).locator(".badge-solved").waitFor();
    await asker.page.goto(`${baseUrl}/search?q=${marker}`);
    await asker.page.locator(".search-hit", { hasText: title }).first().waitFor();
    await expectAccessible(asker.page, "search results");
    await asker.context.close();
    await expert.context.close();
  });

  it("works without JavaScript: reply and helpful vote are plain form posts", async () => {
    const member = await signedIn("national@enlace.demo", { javaScriptEnabled: false });
    await member.page.goto(`${baseUrl}/topics`);
    await member.page.locator(".thread-title a").first().click();
    await member.page.waitForURL(/\/t\/\d+/);
    await member.page.fill('.reply-box textarea[name="body"]', "Una respuesta enviada sin JavaScript.");
    await member.page.click('.reply-box button[value="submit"]');
    await member.page.locator(".post-body", { hasText: "sin JavaScript" }).waitFor();
    const vote = member.page.locator('button[value="vote"]').first();
    if (await vote.count()) {
      await vote.click();
      await member.page.locator('button[value="unvote"]').first().waitFor();
    }
    await member.context.close();
  });
});

describe("every forum page passes axe", () => {
  it("for an admin: topics and tags administration, a profile with activity, tokens, edit and history", async () => {
    const admin = await signedIn("admin@enlace.demo");
    const visit = async (path: string, label: string) => {
      const response = await admin.page.goto(`${baseUrl}${path}`);
      expect(response?.status(), label).toBe(200);
      await expectAccessible(admin.page, label);
    };
    await visit("/admin/topics", "admin topics");
    await visit("/admin/tags", "admin tags");
    await visit("/u/sofia_klein?tab=solutions", "profile with solutions");
    await visit("/settings/tokens", "API tokens");
    await visit("/search", "empty search");
    await visit("/topics?view=unanswered", "unanswered list");
    await admin.page.goto(`${baseUrl}/topics`);
    await admin.page.locator(".thread-title a").first().click();
    await admin.page.waitForURL(/\/t\/\d+/);
    const editLink = admin.page.locator('article.post a[href$="/edit"]').first();
    const editHref = await editLink.getAttribute("href");
    await visit(editHref!, "edit a post");
    await admin.page.fill('textarea[name="body"]', "Texto corregido por la administración.");
    await admin.page.click('button[value="submit"]');
    await admin.page.waitForURL(/\/t\/\d+/, { timeout: 10_000 }).catch(async (error) => {
      throw new Error(`saving the edit failed at ${admin.page.url()}: ${await admin.page.locator("[role=alert], .field-error, h1").allTextContents()}`, { cause: error });
    });
    await visit(editHref!.replace("/edit", "/history"), "edit history");
    expect(await admin.page.locator(".revision-list > li").count()).toBeGreaterThanOrEqual(2);
    await admin.context.close();
  });
});
