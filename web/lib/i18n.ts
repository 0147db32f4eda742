import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { createTranslator, defaultLocale, type Locale, type Translate } from "../../shared/i18n";

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
