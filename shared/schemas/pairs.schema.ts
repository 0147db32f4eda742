// Inputs of pairs of officials and of the expert directory. Messages are translation keys.
import { z } from "zod";
import { contentLanguages, partnerOrganisationCodes } from "../profile";
import { MAX_ID } from "./forum.schema";

const id = z.coerce
  .number({ error: "validation.invalid" })
  .int("validation.invalid")
  .positive("validation.invalid")
  .max(MAX_ID, "validation.invalid");
const blankToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);
const optionalId = z.preprocess(blankToUndefined, id.optional());
/** Filters never fail a page: a value that is not one of ours is simply ignored. */
const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max).optional()).catch(undefined);
const optionalCountry = z
  .preprocess(blankToUndefined, z.string().trim().regex(/^[A-Za-z]{2}$/).optional())
  .catch(undefined)
  .transform((value) => value?.toUpperCase());
const optionalLanguage = z.preprocess(blankToUndefined, z.enum(contentLanguages).optional()).catch(undefined);

export const availabilities = ["available", "busy", "unavailable"] as const;
export type Availability = (typeof availabilities)[number];

export const PAIR_MESSAGE_MAX = 1000;

/** Filters of the suggested partners. */
export const suggestionsSchema = z.object({
  country: optionalCountry,
  topic: optionalText(80),
  language: optionalLanguage,
});

export const pairRequestSchema = z.object({
  /** The partner, by username (with or without the @). */
  to: z
    .string({ error: "pair.partner_required" })
    .trim()
    .min(1, { error: "pair.partner_required" })
    .max(31, { error: "pair.partner_required" })
    .transform((value) => value.replace(/^@/, "").toLowerCase()),
  message: z.string().trim().max(PAIR_MESSAGE_MAX, { error: "validation.too_long" }).default(""),
  topicId: optionalId,
});

export const pairRequestRefSchema = z.object({ requestId: id });
export const pairRefSchema = z.object({ pairId: id });

export const inviteExpertSchema = z.object({
  pairId: id,
  invitee: z
    .string({ error: "pair.expert_required" })
    .trim()
    .min(1, { error: "pair.expert_required" })
    .max(31, { error: "pair.expert_required" })
    .transform((value) => value.replace(/^@/, "").toLowerCase()),
});

export const removeExpertSchema = z.object({ pairId: id, userId: id });

export const pairDirectorySchema = z.object({
  country: optionalCountry,
  topic: optionalText(80),
  cursor: optionalText(200),
  limit: z.coerce.number().int().min(1).max(100).catch(30).default(30),
});

export const expertDirectorySchema = z.object({
  topic: optionalText(80),
  organisation: z.preprocess(blankToUndefined, z.enum(partnerOrganisationCodes).optional()).catch(undefined),
  country: optionalCountry,
  language: optionalLanguage,
  availability: z.preprocess(blankToUndefined, z.enum(availabilities).optional()).catch(undefined),
  cursor: optionalText(200),
  limit: z.coerce.number().int().min(1).max(100).catch(30).default(30),
});

export const availabilitySchema = z.object({
  availability: z.enum(availabilities, { error: "directory.availability_invalid" }),
});
