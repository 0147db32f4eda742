import { z } from "zod";
import { contentLanguages } from "../profile";

export const TITLE_MIN = 8;
export const TITLE_MAX = 200;
export const BODY_MAX = 50_000;
export const TAGS_MAX = 5;

// Ids are PostgreSQL integers: anything past 2^31-1 is simply not an id.
export const MAX_ID = 2_147_483_647;
const id = z.coerce
  .number({ error: "validation.invalid" })
  .int("validation.invalid")
  .positive("validation.invalid")
  .max(MAX_ID, "validation.invalid");
const optionalId = z.preprocess((value) => (value === "" || value === null ? undefined : value), id.optional());

// NUL cannot be stored in PostgreSQL text and has no business in prose: it is dropped, never a server error.
const withoutNul = (value: string) => value.replace(/\u0000/g, "");

// A title is one line: line breaks, tabs and other control characters (which end up in email subjects and
// page titles) become single spaces.
export const oneLine = (value: string) => withoutNul(value).replace(/[\u0001-\u001f\u007f-\u009f\u2028\u2029]+/g, " ");

export const titleSchema = z
  .string({ error: "validation.title_required" })
  .transform(oneLine)
  .pipe(
    z
      .string()
      .trim()
      .min(1, { error: "validation.title_required" })
      .min(TITLE_MIN, { error: "validation.title_too_short" })
      .max(TITLE_MAX, { error: "validation.title_too_long" }),
  );

export const bodySchema = z
  .string({ error: "validation.body_required" })
  .transform(withoutNul)
  .pipe(z.string())
  .refine((value) => value.trim().length > 0, { error: "validation.body_required" })
  .refine((value) => value.length <= BODY_MAX, { error: "validation.body_too_long" });

const tagList = z
  .preprocess(
    (value) => (typeof value === "string" ? (value ? [value] : []) : value ?? []),
    z.array(z.string().trim().toLowerCase().max(40)).max(TAGS_MAX, { error: "validation.too_many_tags" }),
  )
  .transform((tags) => [...new Set(tags.filter(Boolean))]);

export const languageSchema = z.enum(contentLanguages, { error: "validation.language_invalid" });

export const createThreadSchema = z.object({
  topicId: optionalId,
  /** Start the thread inside a group's space (its topic is the group's). */
  groupId: optionalId,
  /** Address a question in a topic to an expert group, which then sees it in its queue. */
  addressedGroupId: optionalId,
  /** Start the thread inside a pair's private space (its topic: topicId, else the pair's). */
  pairId: optionalId,
  /** Ask in the topic as a pair: both officials show as the thread's authors. */
  asPairId: optionalId,
  kind: z.enum(["question", "discussion"], { error: "validation.kind_invalid" }),
  title: titleSchema,
  body: bodySchema,
  tags: tagList,
  language: languageSchema.optional(),
});

export const editThreadSchema = z.object({
  threadId: id,
  title: titleSchema,
  tags: tagList,
});

export const createReplySchema = z.object({
  threadId: id,
  parentId: optionalId,
  body: bodySchema,
});

export const editPostSchema = z.object({ postId: id, body: bodySchema, title: titleSchema.optional() });
export const postIdSchema = z.object({ postId: id });
export const threadIdSchema = z.object({ threadId: id });
export const voteSchema = z.object({ postId: id, helpful: z.preprocess((value) => value === true || value === "true" || value === "1" || value === "on", z.boolean()) });
export const readSchema = z.object({ threadId: id, position: id });

export const threadViews = ["latest", "newest", "unanswered", "unsolved", "solved"] as const;
export type ThreadView = (typeof threadViews)[number];

const optionalText = (max: number) =>
  z.preprocess((value) => (value === "" || value === null ? undefined : value), z.string().trim().max(max).optional());

export const listThreadsSchema = z.object({
  topic: optionalText(80),
  group: optionalText(60),
  /** A pair's threads: those in its private space and the questions it asked as a pair. */
  pair: z.preprocess((value) => (value === "" || value === null ? undefined : value), id.optional()).catch(undefined),
  /** An expert group's queue: questions addressed to it that no expert has answered yet. */
  awaitingExpert: z.boolean().optional(),
  view: z.enum(threadViews).catch("latest").default("latest"),
  tag: optionalText(40),
  language: z.preprocess((value) => (value === "" ? undefined : value), languageSchema.optional()).catch(undefined),
  country: optionalText(2).transform((value) => value?.toUpperCase()),
  cursor: optionalText(200),
  limit: z.coerce.number().int().min(1).max(100).catch(30).default(30),
});
export type ListThreadsInput = z.input<typeof listThreadsSchema>;

export const threadPageSchema = z.object({
  threadId: id,
  after: z.preprocess((value) => (value === "" || value === null ? undefined : value), z.coerce.number().int().min(1).max(MAX_ID).optional()).catch(undefined),
  unread: z.boolean().optional(),
});

export const searchSchema = z.object({
  group: optionalText(60),
  q: z
    .string({ error: "validation.query_required" })
    .trim()
    .min(2, { error: "validation.query_too_short" })
    .max(200, { error: "validation.too_long" }),
  topic: optionalText(80),
  tag: optionalText(40),
  author: optionalText(30),
  solved: z.enum(["yes", "no"]).optional().catch(undefined),
  language: z.preprocess((value) => (value === "" ? undefined : value), languageSchema.optional()).catch(undefined),
  from: z.preprocess((value) => (value === "" ? undefined : value), z.coerce.date().optional()).catch(undefined),
  to: z.preprocess((value) => (value === "" ? undefined : value), z.coerce.date().optional()).catch(undefined),
  cursor: optionalText(200),
});
export type SearchInput = z.input<typeof searchSchema>;

export const draftKeySchema = z
  .string()
  .regex(/^(thread:topic:\d+|thread:group:\d+|thread:pair:\d+|reply:\d+)$/, { error: "validation.invalid" });

export const saveDraftSchema = z.object({
  key: draftKeySchema,
  title: z.string().max(TITLE_MAX * 2).optional().default(""),
  body: z.string().max(BODY_MAX).optional().default(""),
  kind: z.enum(["question", "discussion"]).optional(),
  tags: tagList.optional(),
  language: languageSchema.optional(),
  parentId: optionalId,
});

export const topicSchema = z.object({
  slug: z
    .string({ error: "validation.slug_invalid" })
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "validation.slug_invalid" })
    .max(60, { error: "validation.slug_invalid" }),
  nameEs: z.string().trim().min(2, { error: "validation.name_required" }).max(80, { error: "validation.too_long" }),
  namePt: z.string().trim().min(2, { error: "validation.name_required" }).max(80, { error: "validation.too_long" }),
  nameEn: z.string().trim().min(2, { error: "validation.name_required" }).max(80, { error: "validation.too_long" }),
  descriptionEs: z.string().trim().max(500, { error: "validation.too_long" }).default(""),
  descriptionPt: z.string().trim().max(500, { error: "validation.too_long" }).default(""),
  descriptionEn: z.string().trim().max(500, { error: "validation.too_long" }).default(""),
});

export const tagSchema = z.object({
  slug: z
    .string({ error: "validation.slug_invalid" })
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "validation.slug_invalid" })
    .max(40, { error: "validation.slug_invalid" }),
  nameEs: z.string().trim().min(2, { error: "validation.name_required" }).max(40, { error: "validation.too_long" }),
  namePt: z.string().trim().min(2, { error: "validation.name_required" }).max(40, { error: "validation.too_long" }),
  nameEn: z.string().trim().min(2, { error: "validation.name_required" }).max(40, { error: "validation.too_long" }),
});

export { id as idSchema };
