// Profile vocabularies. Names shown to people come from the dictionaries or from Intl.
import type { Locale } from "./i18n/core";
import { collator, displayNames } from "./intl-cache";

export const partnerOrganisationCodes = ["giz", "afd", "eclac", "unep", "myc"] as const;
export type PartnerOrganisationCode = (typeof partnerOrganisationCodes)[number];

export const communityRoles = ["national_official", "local_official", "expert", "other"] as const;
export type CommunityRole = (typeof communityRoles)[number];

export const siteRoles = ["member", "moderator", "admin"] as const;

export const contentLanguages = ["es", "pt", "en"] as const;

/** Latin America and the Caribbean (ISO 3166-1 alpha-2), listed first in every country picker. */
export const latinAmericaAndCaribbean = [
  "AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "SV", "GT", "HN", "MX", "NI", "PA", "PY", "PE",
  "UY", "VE", "AG", "BS", "BB", "BZ", "DM", "GD", "GY", "HT", "JM", "KN", "LC", "VC", "SR", "TT", "PR",
  "AI", "AW", "BQ", "VG", "KY", "CW", "GF", "GP", "MQ", "MS", "BL", "MF", "SX", "TC", "VI", "FK",
] as const;

const restOfTheWorld = (
  "AD AE AF AL AM AO AQ AS AT AU AX AZ BA BD BE BF BG BH BI BJ BM BN BT BV BW BY CA CC CD CF CG CH CI CK " +
  "CM CN CV CX CY CZ DE DJ DK DZ EE EG EH ER ES ET FI FJ FM FO FR GA GB GE GG GH GI GL GM GN GQ GR GS GU " +
  "GW HK HM HR HU ID IE IL IM IN IO IQ IR IS IT JE JO JP KE KG KH KI KM KP KR KW KZ LA LB LI LK LR LS LT " +
  "LU LV LY MA MC MD ME MG MH MK ML MM MN MO MP MR MT MU MV MW MY MZ NA NC NE NF NG NL NO NP NR NU NZ OM " +
  "PF PG PH PK PL PM PN PS PT PW QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SS ST SY SZ " +
  "TD TF TG TH TJ TK TL TM TN TO TR TV TW TZ UA UG UM US UZ VA VN VU WF WS YE YT ZA ZM ZW"
).split(" ");

export const countryCodes: readonly string[] = [...latinAmericaAndCaribbean, ...restOfTheWorld];
const countryCodeSet = new Set(countryCodes);

export function isCountryCode(value: string): boolean {
  return countryCodeSet.has(value);
}

export function countryName(code: string, locale: Locale): string {
  try {
    return displayNames(locale, "region").of(code) ?? code;
  } catch {
    return code;
  }
}

/** Country options for a picker: the region first (sorted by name), then the rest of the world. */
export function countryOptions(locale: Locale): { group: "region" | "world"; code: string; name: string }[] {
  const byName = collator(locale);
  const named = (codes: readonly string[], group: "region" | "world") =>
    codes
      .map((code) => ({ group, code, name: countryName(code, locale) }))
      .sort((a, b) => byName.compare(a.name, b.name));
  return [...named(latinAmericaAndCaribbean, "region"), ...named(restOfTheWorld, "world")];
}

export function languageName(code: string, locale: Locale): string {
  try {
    return displayNames(locale, "language").of(code) ?? code;
  } catch {
    return code;
  }
}

/** Short names of partner organisations for badges (proper names, the same in every language). */
export const partnerShortNames: Record<string, string> = {
  giz: "GIZ",
  afd: "AFD",
  eclac: "CEPAL",
  unep: "PNUMA/UNEP",
  myc: "MobiliseYourCity",
};
