import { describe, expect, it } from "vitest";
import { createTranslator, dictionaries, localeFromAcceptLanguage, locales } from "../../shared/i18n";

function leafKeys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : leafKeys(value as object, `${prefix}${key}.`),
  );
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
}

describe("i18n dictionaries", () => {
  const english = leafKeys(dictionaries.en).sort();

  it.each(locales)("%s has exactly the keys English has", (locale) => {
    expect(leafKeys(dictionaries[locale]).sort()).toEqual(english);
  });

  it.each(locales)("%s has no empty message and keeps every placeholder", (locale) => {
    const t = createTranslator(locale);
    const en = createTranslator("en");
    for (const key of english) {
      expect(t(key), `${locale}:${key}`).not.toBe("");
      expect(placeholders(t(key)), `${locale}:${key}`).toEqual(placeholders(en(key)));
    }
  });

  it("every key used in the code exists in English", async () => {
    const { readFileSync, readdirSync, statSync } = await import("node:fs");
    const path = await import("node:path");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.(ts|tsx)$/.test(name)) files.push(full);
      }
    };
    for (const dir of ["web", "server", "shared"]) walk(dir);
    const known = new Set(english);
    const sections = new Set(Object.keys(dictionaries.en));
    const missing: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/["'`]([a-z_]+)\.([a-z0-9_]+)["'`]/g)) {
        const [, section, leaf] = match;
        if (!sections.has(section)) continue;
        const key = `${section}.${leaf}`;
        if (!known.has(key) && !known.has(`${key}_other`)) missing.push(`${file}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe("translator", () => {
  it("fills placeholders and picks plural forms", () => {
    const es = createTranslator("es");
    expect(es("landing.member_count", { count: 1 })).toBe("Ya participa 1 miembro.");
    expect(es("landing.member_count", { count: 12 })).toBe("Ya participan 12 miembros.");
    expect(createTranslator("en")("settings.current_email", { email: "a@b.org" })).toBe("Your address is a@b.org.");
  });

  it("answers the key itself for an unknown key, so a gap is visible rather than blank", () => {
    expect(createTranslator("pt")("nope.missing")).toBe("nope.missing");
  });
});

describe("Accept-Language", () => {
  it.each([
    ["pt-BR,pt;q=0.9,en;q=0.8", "pt"],
    ["en-US,en;q=0.9", "en"],
    ["fr-FR,fr;q=0.9,es;q=0.5", "es"],
    ["de, en;q=0.1, pt;q=0.5", "pt"],
    ["es-419", "es"],
  ])("%s -> %s", (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });

  it("answers nothing when no language fits", () => {
    expect(localeFromAcceptLanguage("de-DE, fr")).toBeUndefined();
    expect(localeFromAcceptLanguage("")).toBeUndefined();
  });
});

describe("one language per page (docs/decisions/019-one-language-per-page.md)", () => {
  it("each language's dictionary imports only its own language's files", async () => {
    const { readFileSync } = await import("node:fs");
    for (const locale of locales) {
      const text = readFileSync(`shared/i18n/messages/${locale}.ts`, "utf8");
      const imported = [...text.matchAll(/^import (?!type )[^;]*from "([^"]+)"/gm)].map((match) => match[1]);
      expect(imported.length, locale).toBeGreaterThan(0);
      for (const specifier of imported) expect(specifier, locale).toMatch(new RegExp(`^\\./${locale}/`));
    }
  });

  it("no module the browser loads imports the dictionaries statically (only shared/i18n/core)", async () => {
    const { readFileSync, readdirSync, statSync } = await import("node:fs");
    const path = await import("node:path");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.(ts|tsx)$/.test(name)) files.push(full);
      }
    };
    walk("web");
    walk("shared");
    const index = path.resolve("shared/i18n");
    const messages = path.resolve("shared/i18n/messages");
    const offending: string[] = [];
    for (const file of files) {
      // Server-only modules may load all three languages.
      if (/\.server\.tsx?$/.test(file) || file === path.join("web", "entry.server.tsx")) continue;
      if (file.startsWith(`shared${path.sep}i18n${path.sep}`)) continue;
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/^import (?!type )[^;]*?from "([^"]+)"|^import "([^"]+)"/gm)) {
        const specifier = match[1] ?? match[2];
        if (!specifier.startsWith(".")) continue;
        const target = path.resolve(path.dirname(file), specifier).replace(/(\/index)?\.tsx?$/, "");
        if (target === index || target.startsWith(messages)) offending.push(`${file}: ${specifier}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
