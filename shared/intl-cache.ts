// Building an Intl formatter costs far more than using one (a DateTimeFormat is ~0.1 ms to build, a few µs to
// format), and a thread page formats two dates per post: pages reuse one formatter per locale and options.

const formatters = new Map<string, Intl.DateTimeFormat | Intl.DisplayNames | Intl.Collator | Intl.NumberFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.DisplayNames | Intl.Collator | Intl.NumberFormat>(key: string, build: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    // Keys come from a handful of call sites and locales (and member time zones); the bound is a safety net.
    if (formatters.size > 1000) formatters.clear();
    formatter = build();
    formatters.set(key, formatter);
  }
  return formatter;
}

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(`dt:${locale}:${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

export function displayNames(locale: string, type: Intl.DisplayNamesType): Intl.DisplayNames {
  return cached(`dn:${locale}:${type}`, () => new Intl.DisplayNames([locale], { type }));
}

export function collator(locale: string): Intl.Collator {
  return cached(`co:${locale}`, () => new Intl.Collator(locale));
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cached(`nf:${locale}:${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
}
