// Input of the document bank's services. Messages are translation keys (section "document").
import { z } from "zod";
import { isCountryCode } from "../profile";
import { MAX_ID } from "./forum.schema";

export const documentTypes = ["nump", "sump", "guideline", "case_study", "financing_proposal", "presentation", "data", "other"] as const;
export type DocumentTypeCode = (typeof documentTypes)[number];

export const documentAudiences = ["public", "members"] as const;

export const DOCUMENT_TITLE_MAX = 200;
export const DOCUMENT_DESCRIPTION_MAX = 5_000;
export const DOCUMENT_PAGE_SIZE = 20;
export const DOCUMENT_YEAR_MIN = 1950;

const id = z.coerce.number({ error: "validation.invalid" }).int("validation.invalid").positive("validation.invalid").max(MAX_ID, "validation.invalid");

/** "" and null mean "not given" (an empty form field). */
const blankToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);

const text = (max: number, tooLong: string) =>
  z.preprocess((value) => (value === undefined || value === null ? "" : value), z.string({ error: "validation.invalid" }).trim().max(max, { error: tooLong }));

/** A file the HTTP layer (or the seed) has already written to the staging folder; the service checks where it is. */
export const stagedFileSchema = z.object({
  path: z.string().min(1),
  name: z.string().max(10_000),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type StagedFile = z.infer<typeof stagedFileSchema>;

const fileField = z.preprocess((value) => value ?? undefined, stagedFileSchema.optional()).refine((file) => file !== undefined && file.size > 0, {
  error: "document.file_required",
});

export const documentMetadataSchema = z.object({
  title: z
    .string({ error: "document.title_required" })
    .trim()
    .min(3, { error: "document.title_required" })
    .max(DOCUMENT_TITLE_MAX, { error: "document.title_too_long" }),
  description: text(DOCUMENT_DESCRIPTION_MAX, "document.description_too_long"),
  docType: z.enum(documentTypes, { error: "document.type_invalid" }),
  country: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .toUpperCase()
      .refine((code) => isCountryCode(code), { error: "validation.country_invalid" })
      .optional(),
  ),
  city: text(120, "document.city_too_long"),
  language: z.enum(["es", "pt", "en"], { error: "validation.language_invalid" }),
  year: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "document.year_invalid" })
      .int({ error: "document.year_invalid" })
      .min(DOCUMENT_YEAR_MIN, { error: "document.year_invalid" })
      .max(new Date().getFullYear() + 1, { error: "document.year_invalid" })
      .optional(),
  ),
  authors: text(500, "document.authors_too_long"),
  licence: text(200, "document.licence_too_long"),
});

export const uploadDocumentSchema = documentMetadataSchema.extend({
  /** Where the document lives: "topic:<id>" (public or members-only) or "group:<id>" (the group's space). */
  place: z.string({ error: "document.place_required" }).regex(/^(topic|group):\d{1,10}$/, { error: "document.place_required" }),
  audience: z.preprocess((value) => blankToUndefined(value) ?? "public", z.enum(documentAudiences, { error: "document.audience_invalid" })),
  file: fileField,
});

export const uploadVersionSchema = z.object({
  documentId: id,
  file: fileField,
});

export const documentIdSchema = z.object({ documentId: id });

export const downloadSchema = z.object({
  documentId: id,
  version: z.preprocess(blankToUndefined, id.optional()),
});

export const listDocumentsSchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().trim().min(2, { error: "validation.query_too_short" }).max(200, { error: "validation.too_long" }).optional()),
  topic: z.preprocess(blankToUndefined, z.string().max(80).optional()),
  group: z.preprocess(blankToUndefined, z.string().max(80).optional()),
  type: z.preprocess(blankToUndefined, z.enum(documentTypes, { error: "document.type_invalid" }).optional()),
  country: z.preprocess(blankToUndefined, z.string().trim().toUpperCase().length(2, { error: "validation.country_invalid" }).optional()),
  language: z.preprocess(blankToUndefined, z.enum(["es", "pt", "en"], { error: "validation.language_invalid" }).optional()),
  year: z.preprocess(blankToUndefined, z.coerce.number({ error: "document.year_invalid" }).int({ error: "document.year_invalid" }).min(0).max(9999).optional()),
  cursor: z.preprocess(blankToUndefined, z.string().max(200).optional()),
  limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(50).default(DOCUMENT_PAGE_SIZE)),
});
