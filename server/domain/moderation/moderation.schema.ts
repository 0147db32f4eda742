// Input schemas of moderation: flags, actions on posts and threads, restrictions, the audit log filter.
import { z } from "zod";
import { idSchema } from "../../../shared/schemas/forum.schema";

export const FLAG_NOTE_MAX = 500;
export const REASON_MAX = 500;
export const RESTRICTION_DAYS_MAX = 365;

export const flagReasons = ["spam", "off_topic", "inappropriate", "other"] as const;

const blankToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);

/** A moderator's reason: optional for actions on posts and threads, sent to the author. */
const optionalReason = z.preprocess(
  (value) => (value === null || value === undefined ? "" : value),
  z.string({ error: "validation.invalid" }).trim().max(REASON_MAX, { error: "validation.reason_too_long" }),
);

/** A reason that must be given (suspensions and silences). */
const requiredReason = z
  .string({ error: "validation.reason_required" })
  .trim()
  .min(1, { error: "validation.reason_required" })
  .max(REASON_MAX, { error: "validation.reason_too_long" });

export const flagPostSchema = z.object({
  postId: idSchema,
  reason: z.enum(flagReasons, { error: "validation.flag_reason_invalid" }),
  note: z.preprocess(
    (value) => (value === null || value === undefined ? "" : value),
    z.string({ error: "validation.invalid" }).trim().max(FLAG_NOTE_MAX, { error: "validation.note_too_long" }),
  ),
});

export const listFlagsSchema = z.object({
  spaceId: z.preprocess(blankToUndefined, idSchema.optional()),
  status: z.enum(["open", "resolved"]).catch("open").default("open"),
  cursor: z.preprocess(blankToUndefined, z.string().max(200).optional()),
});

export const flagIdSchema = z.object({ flagId: idSchema, reason: optionalReason });

export const postActionSchema = z.object({ postId: idSchema, reason: optionalReason });
export const threadActionSchema = z.object({ threadId: idSchema, reason: optionalReason });
// A thread moves to a topic or into a group (then it takes the group's topic and privacy).
export const moveThreadSchema = z
  .object({
    threadId: idSchema,
    topicId: z.preprocess((value) => (value === "" ? undefined : value), idSchema.optional()),
    groupId: z.preprocess((value) => (value === "" ? undefined : value), idSchema.optional()),
    reason: optionalReason,
  })
  .refine((value) => (value.topicId === undefined) !== (value.groupId === undefined), { error: "validation.invalid", path: ["topicId"] });

export const restrictMemberSchema = z.object({
  userId: idSchema,
  days: z.coerce
    .number({ error: "validation.days_invalid" })
    .int({ error: "validation.days_invalid" })
    .min(1, { error: "validation.days_invalid" })
    .max(RESTRICTION_DAYS_MAX, { error: "validation.days_invalid" }),
  reason: requiredReason,
});

export const liftRestrictionSchema = z.object({ userId: idSchema, reason: optionalReason });

const dateOnly = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "validation.date_invalid" })
    .refine((value) => !Number.isNaN(new Date(`${value}T00:00:00Z`).getTime()), { error: "validation.date_invalid" })
    .optional(),
);

export const auditFilterSchema = z.object({
  action: z.preprocess(blankToUndefined, z.string().trim().max(60).regex(/^[a-z_]+$/).optional()).catch(undefined),
  actor: z.preprocess(
    (value) => (typeof value === "string" ? value.trim().replace(/^@/, "").toLowerCase() || undefined : value),
    z.string().max(30).optional(),
  ),
  from: dateOnly,
  to: dateOnly,
  cursor: z.preprocess(blankToUndefined, z.string().max(200).optional()),
});
