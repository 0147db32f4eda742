import { sql } from "kysely";
import { z } from "zod";
import { AppError } from "../../../shared/errors";
import { type Locale, pickLocalized } from "../../../shared/i18n";
import { parseInput } from "../../../shared/schemas/parse";
import { idSchema, tagSchema, topicSchema } from "../../../shared/schemas/forum.schema";
import type { ServiceContext } from "../../context";
import type { TagDto } from "./forum.dto";
import { spaceVisibleTo } from "../../../db/queries/visibility.queries";

export interface TopicDto {
  id: number;
  slug: string;
  name: string;
  description: string;
  position: number;
  archived: boolean;
  threadCount: number;
  names: { es: string; pt: string; en: string };
  descriptions: { es: string; pt: string; en: string };
}

function toTopicDto(row: { id: number; slug: string; name: Record<string, string>; description: Record<string, string>; position: number; archived_at: Date | null; thread_count?: number }, locale: Locale): TopicDto {
  return {
    id: row.id,
    slug: row.slug,
    name: pickLocalized(row.name, locale),
    description: pickLocalized(row.description, locale),
    position: row.position,
    archived: row.archived_at !== null,
    threadCount: row.thread_count ?? 0,
    names: { es: row.name.es ?? "", pt: row.name.pt ?? "", en: row.name.en ?? "" },
    descriptions: { es: row.description.es ?? "", pt: row.description.pt ?? "", en: row.description.en ?? "" },
  };
}

/** Topics in their order; archived ones only for those who manage topics. Counts are of live threads the actor may see. */
export async function listTopics(ctx: ServiceContext, options: { includeArchived?: boolean } = {}): Promise<TopicDto[]> {
  let query = ctx.db
    .selectFrom("topics")
    .select(["id", "slug", "name", "description", "position", "archived_at"])
    // Only threads the actor may open: a private group's or pair's threads are not even a number to outsiders.
    .select(
      sql<number>`(select count(*)::int from threads t where t.topic_id = topics.id and t.deleted_at is null and ${spaceVisibleTo(ctx.actor, sql.ref<number>("t.space_id"))})`.as(
        "thread_count",
      ),
    )
    .orderBy("position")
    .orderBy("id");
  if (!(options.includeArchived && ctx.guardian.canManageTopics())) query = query.where("archived_at", "is", null);
  return (await query.execute()).map((row) => toTopicDto(row, ctx.locale));
}

export async function getTopic(ctx: ServiceContext, slug: string): Promise<TopicDto> {
  const row = await ctx.db
    .selectFrom("topics")
    .select(["id", "slug", "name", "description", "position", "archived_at"])
    .where("slug", "=", slug)
    .executeTakeFirst();
  if (!row || (row.archived_at && !ctx.guardian.canManageTopics())) throw new AppError("NOT_FOUND", "errors.not_found");
  return toTopicDto(row, ctx.locale);
}

function localized(input: { nameEs: string; namePt: string; nameEn: string }) {
  return JSON.stringify({ es: input.nameEs, pt: input.namePt, en: input.nameEn });
}

export async function createTopic(ctx: ServiceContext, raw: unknown): Promise<{ id: number }> {
  ctx.guardian.ensure(ctx.guardian.canManageTopics());
  const input = parseInput(topicSchema, raw);
  const taken = await ctx.db.selectFrom("topics").select("id").where("slug", "=", input.slug).executeTakeFirst();
  if (taken) throw new AppError("CONFLICT", "validation.failed", { fieldErrors: { slug: "validation.slug_taken" } });
  return ctx.db.transaction().execute(async (trx) => {
    const space = await trx.insertInto("spaces").values({ kind: "topic", visibility: "public" }).returning("id").executeTakeFirstOrThrow();
    const max = await trx.selectFrom("topics").select(sql<number>`coalesce(max(position), -1)::int`.as("max")).executeTakeFirstOrThrow();
    return trx
      .insertInto("topics")
      .values({
        space_id: space.id,
        slug: input.slug,
        name: localized(input),
        description: JSON.stringify({ es: input.descriptionEs, pt: input.descriptionPt, en: input.descriptionEn }),
        position: max.max + 1,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  });
}

export async function updateTopic(ctx: ServiceContext, raw: unknown): Promise<void> {
  ctx.guardian.ensure(ctx.guardian.canManageTopics());
  const input = parseInput(topicSchema.extend({ topicId: idSchema }), raw);
  const taken = await ctx.db.selectFrom("topics").select("id").where("slug", "=", input.slug).where("id", "!=", input.topicId).executeTakeFirst();
  if (taken) throw new AppError("CONFLICT", "validation.failed", { fieldErrors: { slug: "validation.slug_taken" } });
  const result = await ctx.db
    .updateTable("topics")
    .set({
      slug: input.slug,
      name: localized(input),
      description: JSON.stringify({ es: input.descriptionEs, pt: input.descriptionPt, en: input.descriptionEn }),
    })
    .where("id", "=", input.topicId)
    .executeTakeFirst();
  ctx.guardian.ensure(Number(result.numUpdatedRows) === 1);
}

/** Moves a topic one place up or down. */
export async function moveTopic(ctx: ServiceContext, raw: unknown): Promise<void> {
  ctx.guardian.ensure(ctx.guardian.canManageTopics());
  const input = parseInput(z.object({ topicId: idSchema, direction: z.enum(["up", "down"]) }), raw);
  await ctx.db.transaction().execute(async (trx) => {
    const topics = await trx.selectFrom("topics").select(["id", "position"]).orderBy("position").orderBy("id").forUpdate().execute();
    const index = topics.findIndex((topic) => topic.id === input.topicId);
    ctx.guardian.ensure(index >= 0);
    const other = input.direction === "up" ? index - 1 : index + 1;
    if (other < 0 || other >= topics.length) return;
    [topics[index], topics[other]] = [topics[other], topics[index]];
    for (const [position, topic] of topics.entries()) {
      await trx.updateTable("topics").set({ position }).where("id", "=", topic.id).execute();
    }
  });
}

export async function setTopicArchived(ctx: ServiceContext, raw: unknown, archived: boolean): Promise<void> {
  ctx.guardian.ensure(ctx.guardian.canManageTopics());
  const { topicId } = parseInput(z.object({ topicId: idSchema }), raw);
  const result = await ctx.db
    .updateTable("topics")
    .set({ archived_at: archived ? ctx.deps.now() : null })
    .where("id", "=", topicId)
    .executeTakeFirst();
  ctx.guardian.ensure(Number(result.numUpdatedRows) === 1);
}

export interface TagAdminDto extends TagDto {
  id: number;
  archived: boolean;
  names: { es: string; pt: string; en: string };
}

/**
 * Tags to pick or filter by: the public ones, plus (in a group's context) the group's own, which only
 * those who may see the group ever get.
 */
export async function listTags(ctx: ServiceContext, options: { includeArchived?: boolean; spaceId?: number } = {}): Promise<TagAdminDto[]> {
  let query = ctx.db.selectFrom("tags").selectAll().orderBy("slug");
  const spaceId = options.spaceId;
  query = spaceId
    ? query.where((eb) => eb.or([eb("space_id", "is", null), eb.and([eb("space_id", "=", spaceId), spaceVisibleTo(ctx.actor, eb.ref("tags.space_id") as never)])]))
    : query.where("space_id", "is", null);
  if (!(options.includeArchived && ctx.guardian.canManageTopics())) query = query.where("archived_at", "is", null);
  return (await query.execute()).map((row) => ({
    id: row.id,
    slug: row.slug,
    name: pickLocalized(row.name, ctx.locale),
    archived: row.archived_at !== null,
    names: { es: row.name.es ?? "", pt: row.name.pt ?? "", en: row.name.en ?? "" },
  }));
}

export async function saveTag(ctx: ServiceContext, raw: unknown): Promise<void> {
  ctx.guardian.ensure(ctx.guardian.canManageTopics());
  const input = parseInput(tagSchema.extend({ tagId: z.preprocess((v) => (v === "" ? undefined : v), idSchema.optional()) }), raw);
  let taken = ctx.db.selectFrom("tags").select("id").where("slug", "=", input.slug);
  if (input.tagId) taken = taken.where("id", "!=", input.tagId);
  if (await taken.executeTakeFirst()) throw new AppError("CONFLICT", "validation.failed", { fieldErrors: { slug: "validation.slug_taken" } });
  if (input.tagId) {
    const result = await ctx.db.updateTable("tags").set({ slug: input.slug, name: localized(input) }).where("id", "=", input.tagId).executeTakeFirst();
    ctx.guardian.ensure(Number(result.numUpdatedRows) === 1);
  } else {
    await ctx.db.insertInto("tags").values({ slug: input.slug, name: localized(input) }).execute();
  }
}

export async function setTagArchived(ctx: ServiceContext, raw: unknown, archived: boolean): Promise<void> {
  ctx.guardian.ensure(ctx.guardian.canManageTopics());
  const { tagId } = parseInput(z.object({ tagId: idSchema }), raw);
  const result = await ctx.db.updateTable("tags").set({ archived_at: archived ? ctx.deps.now() : null }).where("id", "=", tagId).executeTakeFirst();
  ctx.guardian.ensure(Number(result.numUpdatedRows) === 1);
}
