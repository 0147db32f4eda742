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


describe("moderation pages", () => {
  it("a member flags a post; the site moderator sees it in the queue and hides it; the admin reads the audit log", async () => {
    const member = await signedIn("national@enlace.demo");
    await member.page.goto(`${baseUrl}/topics/financing`);
    await member.page.locator(".thread-title a").first().click();
    await member.page.waitForURL(/\/t\/\d+/);
    const flagHref = await member.page.locator('article.post a[href$="/flag"]').first().getAttribute("href");
    expect((await member.page.goto(`${baseUrl}${flagHref}`))?.status()).toBe(200);
    await member.page.locator("fieldset legend").first().waitFor({ timeout: 5_000 }).catch(async () => {
      throw new Error(`no flag form: ${(await member.page.locator("main").textContent())?.slice(0, 300)}`);
    });
    await expectAccessible(member.page, "flag form");
    await member.page.check('input[name="reason"][value="off_topic"]');
    await member.page.fill('textarea[name="note"]', "Esto no trata del tema.");
    await member.page.click('main form button[type="submit"]');
    await member.page.locator(".message-success").waitFor();
    await member.context.close();

    const moderator = await signedIn("moderator@enlace.demo");
    await moderator.page.goto(`${baseUrl}/admin/flags`);
    await moderator.page.getByText("Esto no trata del tema.").waitFor();
    await expectAccessible(moderator.page, "flag queue");
    await moderator.context.close();

    const admin = await signedIn("admin@enlace.demo");
    expect((await admin.page.goto(`${baseUrl}/admin/audit`))?.status()).toBe(200);
    await expectAccessible(admin.page, "audit log");
    expect(await admin.page.locator("main").textContent()).toContain("mateo_mod");
    await admin.context.close();
  });
});

describe("a private working group", () => {
  it("a moderator invites an official, who accepts and posts; a non-member gets 404 at the same address", async () => {
    const groupUrl = `${baseUrl}/g/electrificacion-flotas-chile-peru`;
    const moderator = await signedIn("moderator@enlace.demo");
    await moderator.page.goto(`${groupUrl}/members`);
    await expectAccessible(moderator.page, "group members (moderator)");
    for (const path of [`${groupUrl}/settings`, `${baseUrl}/admin/groups`, `${baseUrl}/admin/flags`, `${baseUrl}/admin/members`]) {
      expect((await moderator.page.goto(path))?.status(), path).toBe(200);
      await expectAccessible(moderator.page, path);
    }
    await moderator.page.goto(`${groupUrl}/members`);
    await moderator.page.fill('input[name="invitee"]', "@joao_pereira");
    await moderator.page.click('button[value="invite"]');
    await moderator.page.locator(".message-success").waitFor();

    const official = await signedIn("local@enlace.demo");
    await official.page.goto(`${baseUrl}/groups`);
    await expectAccessible(official.page, "groups page with an invitation");
    await official.page.locator('button[value="accept"]').first().click();
    await official.page.waitForURL(groupUrl);
    await expectAccessible(official.page, "working group page");
    await official.page.click(`a[href="/g/electrificacion-flotas-chile-peru/new"]`);
    await official.page.waitForURL(/\/new$/);
    const title = `Contrato de operação: modelo de Curitiba ${Date.now() % 100000}`;
    await official.page.fill('input[name="title"]', title);
    await official.page.fill('textarea[name="body"]', "Compartilho nosso modelo de contrato para comparar.");
    await official.page.click('button[value="submit"]');
    await official.page.locator("h1", { hasText: "Contrato de operação" }).waitFor();
    const threadUrl = official.page.url();

    // Pierre (AFD) is an expert, but not a member of this working group.
    const outsider = await signedIn("pierre_dubois@enlace.demo");
    for (const url of [groupUrl, threadUrl, `${groupUrl}/members`]) {
      const response = await outsider.page.goto(url);
      expect(response?.status(), url).toBe(404);
      expect(await outsider.page.content()).not.toContain("Contrato de operação");
    }
    const anonymous = await browser.newContext();
    const anonymousPage = await anonymous.newPage();
    expect((await anonymousPage.goto(threadUrl))?.status()).toBe(404);
    await anonymous.close();
    await moderator.context.close();
    await official.context.close();
    await outsider.context.close();
  });

  it("an expert group shows its queue, and anyone signed in can ask it", async () => {
    const member = await signedIn("national@enlace.demo");
    await member.page.goto(`${baseUrl}/g/expertos-financiamiento`);
    await member.page.locator("#queue-title").waitFor();
    expect(await member.page.locator("section[aria-labelledby=queue-title] .thread-title", { hasText: "garantías piden los bancos" }).count()).toBe(1);
    await expectAccessible(member.page, "expert group page");
    await member.page.click('a[href="/g/expertos-financiamiento/new"]');
    await member.page.fill('input[name="title"]', "¿Cómo se calcula el costo total de propiedad de un bus eléctrico?");
    await member.page.fill('textarea[name="body"]', "Queremos comparar con diésel a 12 años.");
    await member.page.click('button[value="submit"]');
    await member.page.locator("h1", { hasText: "costo total de propiedad" }).waitFor();
    await member.page.goto(`${baseUrl}/g/expertos-financiamiento`);
    expect(await member.page.locator("section[aria-labelledby=queue-title] .thread-title", { hasText: "costo total de propiedad" }).count()).toBe(1);
    await member.context.close();
  });
});
