// Time zones for events, with nothing but Intl: pure, so the server, the browser and the tests share it.
// An event is stored as two instants (timestamptz) and the IANA zone it happens in; people see it in
// their own zone (the member's profile zone, or the browser's), with the event's zone named beside it.
import type { Locale } from "./i18n/core";

const formatters = new Map<string, Intl.DateTimeFormat>();
const displayFormatters = new Map<string, Intl.DateTimeFormat>();

/** Intl formatters are costly to build: one per language, zone and style, kept (a few hundred at most). */
function cachedFormatter(key: string, build: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let formatter = displayFormatters.get(key);
  if (!formatter) {
    if (displayFormatters.size > 500) displayFormatters.clear();
    formatter = build();
    displayFormatters.set(key, formatter);
  }
  return formatter;
}

/** True for a zone Intl knows (an IANA name such as America/Sao_Paulo, or UTC). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** What a clock on the wall in the zone shows at an instant. */
export function wallClock(instant: Date, timeZone: string): WallClock {
  const parts = Object.fromEntries(wallClockFormatter(timeZone).formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The zone's offset from UTC at an instant, in minutes (São Paulo: -180). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const clock = wallClock(instant, timeZone);
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
  const whole = instant.getTime() - (instant.getTime() % 1000);
  return Math.round((asUtc - whole) / 60_000);
}

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/** "YYYY-MM-DDTHH:mm", the value of an <input type="datetime-local">, for an instant seen in a zone. */
export function toLocalInput(instant: Date | string, timeZone: string): string {
  const clock = wallClock(new Date(instant), timeZone);
  return `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}T${pad(clock.hour)}:${pad(clock.minute)}`;
}

/** "YYYY-MM-DD" of an instant seen in a zone (which day of the calendar it falls on). */
export function localDate(instant: Date | string, timeZone: string): string {
  return toLocalInput(instant, timeZone).slice(0, 10);
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant at which a wall clock in the zone shows the given local date and time ("2026-05-04T15:00").
 * A time skipped by a change to summer time resolves to the same moment an hour later; a repeated one to the
 * first of the two. Answers null for anything that is not a date and time.
 */
export function zonedTimeToUtc(local: string, timeZone: string): Date | null {
  const match = LOCAL_DATE_TIME.exec(local.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(asUtc);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  // The offsets a day either side: one of them is in force at the instant (a zone changes offset at most once a day).
  const before = zoneOffsetMinutes(new Date(asUtc - 86_400_000), timeZone);
  const after = zoneOffsetMinutes(new Date(asUtc + 86_400_000), timeZone);
  const wanted = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}`;
  const candidates = [asUtc - before * 60_000, asUtc - after * 60_000].sort((a, b) => a - b);
  const exact = candidates.find((candidate) => toLocalInput(new Date(candidate), timeZone) === wanted);
  return new Date(exact ?? asUtc - before * 60_000);
}

/** "Sao Paulo" for America/Sao_Paulo; "UTC" stays itself. */
export function zoneCity(timeZone: string): string {
  const last = timeZone.split("/").pop() ?? timeZone;
  return last.replace(/_/g, " ");
}

/** "GMT-3" (or "GMT+5:30"): the zone's offset at that instant, the same in every language. */
export function offsetLabel(instant: Date, timeZone: string): string {
  const minutes = zoneOffsetMinutes(instant, timeZone);
  if (minutes === 0) return "GMT";
  const sign = minutes < 0 ? "-" : "+";
  const hours = Math.floor(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  return `GMT${sign}${hours}${rest ? `:${pad(rest)}` : ""}`;
}

/** A zone's name as people read it: "Sao Paulo (GMT-3)"; plain "UTC" for UTC itself. */
export function zoneLabel(instant: Date, timeZone: string): string {
  const offset = offsetLabel(instant, timeZone);
  if (offset === "GMT" && /^(Etc\/)?(UTC|GMT|UCT|Universal|Zulu)$/i.test(timeZone)) return "UTC";
  return `${zoneCity(timeZone)} (${offset})`;
}

export interface EventTimeText {
  /** "martes, 10 de marzo de 2026, 12:00–13:30" */
  range: string;
  /** "Sao Paulo (GMT-3)" */
  zone: string;
  /** The zone the text is written in. */
  timeZone: string;
}

/**
 * An event's start and end as a reader in `timeZone` sees them, in their language: one date and two times for
 * an event within a day, two dates and times otherwise; the zone's name and offset beside it.
 */
export function formatEventTime(startsAt: Date | string, endsAt: Date | string, timeZone: string, locale: Locale): EventTimeText {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const formatter = cachedFormatter(`range:${locale}:${timeZone}`, () => new Intl.DateTimeFormat(locale, { timeZone, dateStyle: "full", timeStyle: "short", hourCycle: locale === "en" ? "h12" : "h23" }));
  let range: string;
  try {
    range = formatter.formatRange(start, end);
  } catch {
    range = `${formatter.format(start)} – ${formatter.format(end)}`;
  }
  return { range, zone: zoneLabel(start, timeZone), timeZone };
}

/** Just the start time ("15:00"), for calendar cells. */
export function formatTimeOfDay(instant: Date | string, timeZone: string, locale: Locale): string {
  return cachedFormatter(`time:${locale}:${timeZone}`, () => new Intl.DateTimeFormat(locale, { timeZone, hour: "numeric", minute: "2-digit", hourCycle: locale === "en" ? "h12" : "h23" })).format(
    new Date(instant),
  );
}

/** "Marzo de 2026" for a "YYYY-MM" month (capitalised as a heading). */
export function formatMonth(month: string, locale: Locale): string {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  const text = new Intl.DateTimeFormat(locale, { timeZone: "UTC", month: "long", year: "numeric" }).format(new Date(Date.UTC(year, monthNumber - 1, 15)));
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

/** The zones offered in pickers: Latin America and the Caribbean first, then a few elsewhere. Any IANA zone is accepted. */
export const suggestedTimeZones = [
  "America/Mexico_City",
  "America/Cancun",
  "America/Tijuana",
  "America/Monterrey",
  "America/Guatemala",
  "America/Belize",
  "America/El_Salvador",
  "America/Tegucigalpa",
  "America/Managua",
  "America/Costa_Rica",
  "America/Panama",
  "America/Havana",
  "America/Jamaica",
  "America/Port-au-Prince",
  "America/Santo_Domingo",
  "America/Puerto_Rico",
  "America/Port_of_Spain",
  "America/Barbados",
  "America/Bogota",
  "America/Caracas",
  "America/Guayaquil",
  "America/Lima",
  "America/La_Paz",
  "America/Santiago",
  "America/Asuncion",
  "America/Argentina/Buenos_Aires",
  "America/Montevideo",
  "America/Guyana",
  "America/Paramaribo",
  "America/Cayenne",
  "America/Sao_Paulo",
  "America/Manaus",
  "America/Recife",
  "America/Fortaleza",
  "America/Belem",
  "America/Cuiaba",
  "America/Rio_Branco",
  "America/Noronha",
  "Pacific/Galapagos",
  "Pacific/Easter",
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
  "America/Toronto",
  "Europe/Lisbon",
  "Europe/Madrid",
  "Europe/Paris",
  "Europe/Berlin",
  "Europe/London",
  "Africa/Nairobi",
  "Africa/Accra",
  "Asia/Kolkata",
  "UTC",
] as const;
