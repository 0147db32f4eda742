import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectAccessible, launchBrowser, waitForEmailLink } from "./browser";

const { baseUrl, outboxDir } = inject("e2e");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("landing page", () => {
  it.each([
    ["es-ES", "es", "Movilidad urbana sostenible, planificada en conjunto", "Electromovilidad"],
    ["pt-BR", "pt", "Mobilidade urbana sustentável, planejada em conjunto", "Eletromobilidade"],
    ["en-US", "en", "Sustainable urban mobility, planned together", "Electromobility"],
  ])("reads in %s, with the seeded topics and partners, and passes axe", async (browserLocale, lang, heading, topic) => {
    const context = await browser.newContext({ locale: browserLocale });
    const page = await context.newPage();
    await page.goto(baseUrl);
    expect(await page.getAttribute("html", "lang")).toBe(lang);
    expect(await page.textContent("h1")).toBe(heading);
    expect(await page.locator("#topics h3").allTextContents()).toContain(topic);
    expect(await page.locator(".partner-list li").count()).toBe(5);
    await expectAccessible(page, `landing (${lang})`);
    await context.close();
  });

  it("switches language with the header's switcher, without JavaScript too", async () => {
    const context = await browser.newContext({ locale: "es-ES", javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(baseUrl);
    await page.click('.language-switcher button[value="pt"]');
    await page.waitForURL(`${baseUrl}/`);
    expect(await page.getAttribute("html", "lang")).toBe("pt");
    expect(await page.textContent("h1")).toBe("Mobilidade urbana sustentável, planejada em conjunto");
    await context.close();
  });

  it("loads only the page's language, hydrates without errors, and switches in place with JavaScript", async () => {
    // docs/decisions/019-one-language-per-page.md: one dictionary chunk per language, preloaded in the head.
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    const languageChunks: string[] = [];
    page.on("request", (request) => {
      const match = /\/assets\/(en|es|pt)-[\w-]+\.js$/.exec(new URL(request.url()).pathname);
      if (match) languageChunks.push(match[1]);
    });
    await page.goto(baseUrl);
    expect(await page.locator('head link[rel="modulepreload"][href^="/assets/en-"]').count()).toBe(1);
    await page.waitForFunction(() => "__remixRouter" in window);
    expect(languageChunks).toEqual(["en"]);
    await page.evaluate(() => Object.assign(window, { beforeSwitch: true }));
    await page.click('.language-switcher button[value="es"]');
    await page.waitForFunction(() => document.documentElement.lang === "es");
    expect(await page.textContent("h1")).toBe("Movilidad urbana sostenible, planificada en conjunto");
    expect(await page.locator(".language-switcher").getAttribute("aria-label")).toBe("Idioma");
    // Rendered in place (no document load), after the Spanish chunk arrived.
    expect(await page.evaluate(() => "beforeSwitch" in window)).toBe(true);
    expect(languageChunks).toEqual(["en", "es"]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("fits a phone's screen without sideways scrolling", async () => {
    const context = await browser.newContext({ locale: "es-ES", viewport: { width: 360, height: 740 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(baseUrl);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, "landing on a phone");
    await context.close();
  });
});

describe("an account from sign-up to sign-out", () => {
  it("signs up, verifies through the outbox link, signs in and signs out", async () => {
    const context = await browser.newContext({ locale: "es-ES" });
    const page = await context.newPage();
    const email = `e2e-${Date.now()}@ciudad.example`;

    await page.goto(`${baseUrl}/sign-up`);
    await expectAccessible(page, "sign-up");
    await page.getByLabel("Nombre", { exact: true }).fill("Camila Rojas");
    await page.getByLabel("Nombre de usuario").fill(`camila_${Date.now() % 100000}`);
    await page.getByLabel("Correo electrónico").fill(email);
    await page.getByLabel("Contraseña").fill("corredores de buses limpios");
    await page.getByRole("button", { name: "Crear mi cuenta" }).click();
    await page.getByRole("heading", { name: "Revisa tu correo" }).waitFor();

    const link = await waitForEmailLink(outboxDir, email);
    expect(link.startsWith(`${baseUrl}/verify-email?token=`)).toBe(true);
    await page.goto(link);
    await expectAccessible(page, "verify email");
    await page.getByRole("button", { name: "Confirmar mi dirección" }).click();
    await page.waitForURL(/\/sign-in\?notice=verified/);
    await page.getByText("Tu dirección de correo está confirmada.").waitFor();
    await expectAccessible(page, "sign-in");

    await page.getByLabel("Correo electrónico").fill(email);
    await page.getByLabel("Contraseña").fill("corredores de buses limpios");
    await page.getByRole("button", { name: "Iniciar sesión" }).click();
    await page.waitForURL(`${baseUrl}/`);
    await page.locator(".account-menu summary").click();
    await expectAccessible(page, "landing, signed in");
    await page.getByRole("link", { name: "Configuración" }).click();
    await page.waitForURL(`${baseUrl}/settings/profile`);
    await expectAccessible(page, "profile settings");

    await page.locator(".account-menu summary").click();
    await page.getByRole("button", { name: "Cerrar sesión" }).click();
    await page.waitForURL(/\/sign-in\?notice=signed_out/);
    await page.goto(`${baseUrl}/settings/profile`);
    await page.waitForURL(/\/sign-in\?redirectTo=/);
    await context.close();
  });

  it("shows a wrong password as a clear message, announced to screen readers", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel("Email").fill("admin@enlace.demo");
    await page.getByLabel("Password").fill("this is not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toContain("That email and password do not match an account.");
    await expectAccessible(page, "sign-in with an error");
    await context.close();
  });

  it("lets the demo admin open the members page", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel("Email").fill("admin@enlace.demo");
    await page.getByLabel("Password").fill("movilidad-sostenible-2030");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${baseUrl}/`);
    await page.goto(`${baseUrl}/admin/members`);
    // The demo admin chose Spanish in her profile, which wins over the browser's language.
    await page.getByRole("heading", { name: "Miembros" }).waitFor();
    expect(await page.getByText("@sofia_klein").count()).toBeGreaterThan(0);
    await expectAccessible(page, "admin members");
    await context.close();
  });
});
