import { z } from "zod";
import { MAX_ID } from "./forum.schema";

const id = z.coerce.number({ error: "validation.invalid" }).int("validation.invalid").positive("validation.invalid").max(MAX_ID, "validation.invalid");
const optionalCursorId = z.preprocess((value) => (value === "" || value === null ? undefined : value), id.optional());

export const followLevels = ["watching", "tracking", "muted"] as const;
export const followTargets = ["thread", "topic", "group"] as const;
export const emailModes = ["immediate", "daily", "weekly", "none"] as const;

export const setFollowSchema = z.object({
  target: z.enum(followTargets, { error: "validation.invalid" }),
  targetId: id,
  // "default" removes the member's choice, so the defaults apply again.
  level: z.enum([...followLevels, "default"], { error: "validation.follow_level_invalid" }),
});

export const emailModeSchema = z.object({
  mode: z.enum(emailModes, { error: "validation.email_mode_invalid" }),
});

export const notificationIdSchema = z.object({ notificationId: id });

export const listNotificationsSchema = z.object({ before: optionalCursorId });

export const syncNotificationsSchema = z.object({ sinceId: z.coerce.number().int().min(0).max(MAX_ID).optional() });

export const followsPageSchema = z.object({ cursor: z.string().max(200).optional() });

export const threadCatchUpSchema = z.object({
  threadId: id,
  sincePosition: z.number().int().min(0).max(MAX_ID).optional(),
});

export const threadRefSchema = z.object({ threadId: id });

export const listPlaceSchema = z
  .object({ topicId: id.optional(), groupId: id.optional() })
  .refine((place) => (place.topicId === undefined) !== (place.groupId === undefined), { error: "validation.invalid" });
