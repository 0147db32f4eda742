import { z } from "zod";
import { isTimeZone, zonedTimeToUtc } from "../event-time";
import { contentLanguages } from "../profile";
import { MAX_ID, titleSchema } from "./forum.schema";

export const eventKinds = ["webinar", "workshop", "event"] as const;
export type EventKindName = (typeof eventKinds)[number];

export const EVENT_DESCRIPTION_MAX = 20_000;
export const EVENT_CAPACITY_MAX = 100_000;

const id = z.coerce.number({ error: "validation.invalid" }).int("validation.invalid").positive("validation.invalid").max(MAX_ID, "validation.invalid");
const emptyToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);
const optionalId = z.preprocess(emptyToUndefined, id.optional());

const httpUrl = z
  .string()
  .trim()
  .max(2000, { error: "event.url_invalid" })
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === "https:" || url.protocol === "http:";
      } catch {
        return false;
      }
    },
    { error: "event.url_invalid" },
  );
const optionalUrl = z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), httpUrl.optional());

const timeZone = z.string({ error: "event.time_zone_invalid" }).trim().refine(isTimeZone, { error: "event.time_zone_invalid" });

/** A moment: a Date, an ISO instant with its offset, or a wall-clock "YYYY-MM-DDTHH:mm" read in the event's zone. */
const moment = z.union([z.date(), z.string().trim().min(1, { error: "event.time_required" })], { error: "event.time_required" });

const languages = z
  .preprocess((value) => (typeof value === "string" ? (value ? [value] : []) : value ?? []), z.array(z.enum(contentLanguages, { error: "validation.language_invalid" })))
  .transform((list) => [...new Set(list)])
  .refine((list) => list.length > 0, { error: "event.languages_required" });

const capacity = z.preprocess(
  emptyToUndefined,
  z.coerce
    .number({ error: "event.capacity_invalid" })
    .int({ error: "event.capacity_invalid" })
    .min(1, { error: "event.capacity_invalid" })
    .max(EVENT_CAPACITY_MAX, { error: "event.capacity_invalid" })
    .optional(),
);

const eventFields = z.object({
  kind: z.enum(eventKinds, { error: "event.kind_invalid" }),
  title: titleSchema,
  description: z
    .string()
    .optional()
    .default("")
    .refine((value) => value.length <= EVENT_DESCRIPTION_MAX, { error: "validation.body_too_long" }),
  languages,
  startsAt: moment,
  endsAt: moment,
  timeZone,
  onlineUrl: optionalUrl,
  place: z.string().trim().max(300, { error: "event.place_too_long" }).optional().default(""),
  capacity,
  speakers: z.string().trim().max(500, { error: "event.speakers_too_long" }).optional().default(""),
});

/** Events start and end on the minute (calendars and forms know no seconds). */
const toMinute = (instant: Date | null) => (instant && !Number.isNaN(instant.getTime()) ? new Date(Math.floor(instant.getTime() / 60_000) * 60_000) : null);

function toInstant(value: Date | string, zone: string): Date | null {
  if (value instanceof Date) return toMinute(value);
  // An instant with its offset ("...Z", "...-03:00") stands for itself; a bare wall-clock time is read in the event's zone.
  if (/(?:Z|[+-]\d{2}:?\d{2})$/i.test(value)) return toMinute(new Date(value));
  return toMinute(zonedTimeToUtc(value, zone));
}

/** Turns the two moments into instants in the event's zone, and checks that there is a place to be. */
function withInstants<T extends z.infer<typeof eventFields>>(input: T, ctx: z.RefinementCtx) {
  const startsAt = toInstant(input.startsAt, input.timeZone);
  const endsAt = toInstant(input.endsAt, input.timeZone);
  if (!startsAt) ctx.addIssue({ code: "custom", path: ["startsAt"], message: "event.time_required" });
  if (!endsAt) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "event.time_required" });
  if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime()) {
    ctx.addIssue({ code: "custom", path: ["endsAt"], message: "event.ends_before_start" });
  }
  if (startsAt && endsAt && endsAt.getTime() - startsAt.getTime() > 31 * 86_400_000) {
    ctx.addIssue({ code: "custom", path: ["endsAt"], message: "event.too_long" });
  }
  if (!input.onlineUrl && !input.place) ctx.addIssue({ code: "custom", path: ["place"], message: "event.where_required" });
  return { ...input, startsAt: startsAt ?? new Date(0), endsAt: endsAt ?? new Date(0) };
}

export const createEventSchema = eventFields
  .extend({
    /** The event belongs to a topic (public) or to a group (a working group's events are its members' only). */
    topicId: optionalId,
    groupId: optionalId,
  })
  .transform((input, ctx) => {
    if (!input.topicId && !input.groupId) ctx.addIssue({ code: "custom", path: ["where"], message: "event.where_space_required" });
    return withInstants(input, ctx);
  });
export type CreateEventInput = z.input<typeof createEventSchema>;

export const updateEventSchema = eventFields.extend({ eventId: id }).transform(withInstants);

export const eventIdSchema = z.object({ eventId: id });

export const recordingSchema = z.object({ eventId: id, recordingUrl: optionalUrl });

export const materialSchema = z.object({ eventId: id, documentId: id });

export const followUpSchema = z.object({
  eventId: id,
  title: z.preprocess(emptyToUndefined, titleSchema.optional()),
  body: z.preprocess(emptyToUndefined, z.string().max(EVENT_DESCRIPTION_MAX, { error: "validation.body_too_long" }).optional()),
});

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const listEventsSchema = z.object({
  view: z.enum(["upcoming", "past"], { error: "validation.invalid" }).optional().default("upcoming"),
  topic: z.preprocess(emptyToUndefined, z.string().trim().toLowerCase().max(80).optional()),
  kind: z.preprocess(emptyToUndefined, z.enum(eventKinds, { error: "event.kind_invalid" }).optional()),
  cursor: z.preprocess(emptyToUndefined, z.string().max(200).optional()),
});

export const calendarMonthSchema = z.object({
  month: z.preprocess(emptyToUndefined, z.string().regex(monthPattern, { error: "event.month_invalid" }).optional()),
  topic: z.preprocess(emptyToUndefined, z.string().trim().toLowerCase().max(80).optional()),
  kind: z.preprocess(emptyToUndefined, z.enum(eventKinds, { error: "event.kind_invalid" }).optional()),
});
