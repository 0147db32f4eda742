import type { Locale } from "../../shared/i18n/core";
import { countryName, languageName } from "../../shared/profile";

export interface FilterOption {
  value: string;
  label: string;
}

export interface FilterOptionGroup {
  /** Shown as an <optgroup> label. */
  label: string;
  options: readonly FilterOption[];
}

interface FilterSelectProps {
  id: string;
  name: string;
  label: string;
  /** The first, empty option: no filter. */
  anyLabel: string;
  options: readonly (FilterOption | FilterOptionGroup)[];
  defaultValue: string;
}

/** A labelled select for a GET filter form: an empty "any" option, then the choices (optionally grouped). */
export function FilterSelect({ id, name, label, anyLabel, options, defaultValue }: FilterSelectProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue}>
        <option value="">{anyLabel}</option>
        {options.map((option) =>
          "options" in option ? (
            <optgroup key={option.label} label={option.label}>
              {option.options.map(renderOption)}
            </optgroup>
          ) : (
            renderOption(option)
          ),
        )}
      </select>
    </div>
  );
}

function renderOption(option: FilterOption) {
  return (
    <option key={option.value} value={option.value}>
      {option.label}
    </option>
  );
}

/** The languages content is written in, each named in itself. */
export const contentLanguageOptions: readonly FilterOption[] = [
  { value: "es", label: "Español" },
  { value: "pt", label: "Português" },
  { value: "en", label: "English" },
];

/** The languages content is written in, named in the reader's language. */
export function languageFilterOptions(locale: Locale): FilterOption[] {
  return (["es", "pt", "en"] as const).map((code) => ({ value: code, label: languageName(code, locale) }));
}

/** Countries named in the reader's language, in that language's alphabetical order. */
export function countryFilterOptions(codes: readonly string[], locale: Locale): FilterOption[] {
  return codes.map((code) => ({ value: code, label: countryName(code, locale) })).sort((a, b) => a.label.localeCompare(b.label, locale));
}

/** Slug-and-name rows (topics, tags) as options. */
export function slugOptions(rows: readonly { slug: string; name: string }[]): FilterOption[] {
  return rows.map((row) => ({ value: row.slug, label: row.name }));
}
