// The translator without any dictionary: locales, types, and a registry of the loaded languages.
// The browser imports this module and loads only the page's language (web/lib/i18n.ts, web/entry.client.tsx);
// the server, emails and tests import ./index, which registers all three. See
// docs/decisions/002-typed-dictionary-i18n.md and docs/decisions/019-one-language-per-page.md.
import type { en } from "./messages/en";

export const locales = ["es", "pt", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "es";

export const localeNames: Record<Locale, string> = { es: "Español", pt: "Português", en: "English" };

type Leaves<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type MessageTree = typeof en;
export type MessageKey = Leaves<MessageTree>;
/** The same shape as the English tree, with any strings. */
export type Messages = { [K in keyof MessageTree]: { [L in keyof MessageTree[K]]: string } };
/** The shape of one of the English feature files (messages/en/*.ts), with any strings: es and pt use it. */
export type Translation<T> = { [S in keyof T]: { [K in keyof T[S]]: string } };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

const loaded: Partial<Record<Locale, Messages>> = {};

/** Makes a language's dictionary available to createTranslator (./index does it for all three). */
export function registerMessages(locale: Locale, messages: Messages): void {
  loaded[locale] = messages;
}

export function hasMessages(locale: Locale): boolean {
  return loaded[locale] !== undefined;
}

export type TranslateVars = Record<string, string | number>;
export type Translate = (key: MessageKey | (string & {}), vars?: TranslateVars) => string;

function lookup(messages: Messages, key: string): string | undefined {
  const dot = key.indexOf(".");
  if (dot < 0) return undefined;
  const section = (messages as unknown as Record<string, Record<string, string>>)[key.slice(0, dot)];
  return section?.[key.slice(dot + 1)];
}

/**
 * Returns a translate function for a locale. Placeholders look like {name}; a placeholder
 * {count} with a value picks the ".one" or ".other" variant when the key has them.
 * Without `messages`, the locale's dictionary must have been registered: a page that rendered keys
 * instead of text would be worse than an error.
 */
export function createTranslator(locale: Locale, messages: Messages | undefined = loaded[locale]): Translate {
  if (!messages) throw new Error(`The "${locale}" messages are not loaded (registerMessages, or import shared/i18n)`);
  // One translator per dictionary: a page asks for one in every component (an Intl.PluralRules each,
  // measured at 1-2 ms of a thread page's render when built per call).
  const cached = translators.get(messages);
  if (cached?.locale === locale) return cached.translate;
  const translate = buildTranslator(locale, messages);
  translators.set(messages, { locale, translate });
  return translate;
}

const translators = new WeakMap<Messages, { locale: Locale; translate: Translate }>();

function buildTranslator(locale: Locale, messages: Messages): Translate {
  const plural = new Intl.PluralRules(locale);
  return (key, vars) => {
    let template: string | undefined;
    if (vars && typeof vars.count === "number") {
      template = lookup(messages, `${key}_${plural.select(vars.count)}`) ?? lookup(messages, `${key}_other`);
    }
    template ??= lookup(messages, key) ?? key;
    if (!vars) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) =>
      name in vars ? String(vars[name]) : match,
    );
  };
}

/** Picks the best supported locale from an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.trim().toLowerCase(), q: q ? Number.parseFloat(q.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split("-")[0];
    if (isLocale(base)) return base;
  }
  return undefined;
}

/** Picks a translation from a {es, pt, en} record, falling back to the other languages. */
export function pickLocalized(record: Partial<Record<Locale, string>> | null | undefined, locale: Locale): string {
  if (!record) return "";
  return record[locale] || record[defaultLocale] || record.en || record.pt || "";
}
