// A small typed dictionary: English defines the keys, Spanish and Portuguese must have every one
// (the compiler and tests/unit/i18n.test.ts both check). See docs/decisions/002-typed-dictionary-i18n.md.
//
// This module loads all three languages and registers them, for the server, emails and tests. Code that
// runs in the browser imports ./core instead, which holds no dictionary: the browser loads only the
// page's language (docs/decisions/019-one-language-per-page.md).
import { locales, registerMessages, type Locale, type Messages } from "./core";
import { en } from "./messages/en";
import { es } from "./messages/es";
import { pt } from "./messages/pt";

export * from "./core";

export const dictionaries: Record<Locale, Messages> = { en, es, pt };

for (const locale of locales) registerMessages(locale, dictionaries[locale]);
