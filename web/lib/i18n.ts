import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import {
  createTranslator,
  defaultLocale,
  hasMessages,
  isLocale,
  registerMessages,
  type Locale,
  type Messages,
  type Translate,
} from "../../shared/i18n/core";

// The browser holds one language: entry.client.tsx loads the page's language before hydrating, and the
// root's clientLoader loads another one before a page renders in it (after the switcher, sign-in or a
// profile change). On the server, entry.server.tsx imports shared/i18n, which registers all three.
// Vite makes one chunk of each import below. See docs/decisions/019-one-language-per-page.md.
const importers: Record<Locale, () => Promise<Messages>> = {
  es: () => import("../../shared/i18n/messages/es").then((module) => module.es),
  pt: () => import("../../shared/i18n/messages/pt").then((module) => module.pt),
  en: () => import("../../shared/i18n/messages/en").then((module) => module.en),
};

const pending = new Map<Locale, Promise<void>>();

/** Loads and registers a language's dictionary (once); resolves at once when it is already there. */
export function loadMessages(locale: Locale): Promise<void> {
  if (hasMessages(locale)) return Promise.resolve();
  let promise = pending.get(locale);
  if (!promise) {
    promise = importers[locale]().then(
      (messages) => registerMessages(locale, messages),
      (error: unknown) => {
        pending.delete(locale);
        throw error;
      },
    );
    pending.set(locale, promise);
  }
  return promise;
}

/** The language the server rendered the page in (the root sets <html lang>). */
export function documentLocale(): Locale {
  const lang = typeof document === "undefined" ? undefined : document.documentElement.lang;
  return isLocale(lang) ? lang : defaultLocale;
}

interface RootI18nData {
  locale: Locale;
}

/** The translate function for the page's language (from the root loader's data). */
export function useT(): Translate {
  const data = useRouteLoaderData("root") as RootI18nData | undefined;
  const locale = data?.locale ?? defaultLocale;
  return useMemo(() => createTranslator(locale), [locale]);
}

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as RootI18nData | undefined;
  return data?.locale ?? defaultLocale;
}
