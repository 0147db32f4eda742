import { z } from "zod";
import { MAX_ID, oneLine } from "./forum.schema";

const id = z.coerce.number({ error: "validation.invalid" }).int("validation.invalid").positive("validation.invalid").max(MAX_ID, "validation.invalid");
const name = z.string().transform(oneLine).pipe(z.string().trim().min(2, { error: "validation.name_required" }).max(80, { error: "validation.too_long" }));
const description = z.string().trim().max(1000, { error: "validation.too_long" }).default("");

export const groupSettingsSchema = z.object({
  nameEs: name,
  namePt: name,
  nameEn: name,
  descriptionEs: description,
  descriptionPt: description,
  descriptionEn: description,
  joinPolicy: z.enum(["invite", "request", "open"], { error: "validation.invalid" }),
});

export const createGroupSchema = groupSettingsSchema.extend({
  topicId: id,
  kind: z.enum(["expert_group", "working_group"], { error: "validation.invalid" }),
  slug: z
    .string({ error: "validation.slug_invalid" })
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "validation.slug_invalid" })
    .max(60, { error: "validation.slug_invalid" }),
});

export const groupRefSchema = z.object({ groupId: id });
export const inviteSchema = z.object({
  groupId: id,
  invitee: z.string({ error: "group.invitee_required" }).trim().min(3, { error: "group.invitee_required" }).max(254, { error: "validation.too_long" }),
});
export const invitationRefSchema = z.object({ invitationId: id });
export const joinRequestSchema = z.object({ groupId: id, message: z.string().trim().max(1000, { error: "validation.too_long" }).default("") });
export const decideRequestSchema = z.object({ requestId: id, approve: z.preprocess((v) => v === true || v === "true" || v === "1", z.boolean()) });
export const memberActionSchema = z.object({ groupId: id, userId: id, reason: z.string().trim().max(500).default("") });
export const memberRoleSchema = z.object({ groupId: id, userId: id, role: z.enum(["moderator", "member"], { error: "validation.invalid" }) });
