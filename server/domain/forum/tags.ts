import type { ExpressionBuilder } from "kysely";
import type { DB } from "../../../db/connection";
import type { Database } from "../../../db/schema";
import { AppError } from "../../../shared/errors";
import { type Locale, pickLocalized } from "../../../shared/i18n";
import type { TagDto } from "./forum.dto";

/**
 * Tag ids for slugs members picked: public tags, or tags of the space the thread is in. An unknown,
 * archived or foreign tag is a field error.
 */
export async function resolveTagIds(db: DB, slugs: string[], spaceId?: number): Promise<number[]> {
  if (slugs.length === 0) return [];
  const rows = await db
    .selectFrom("tags")
    .select(["id", "slug"])
    .where("slug", "in", slugs)
    .where("archived_at", "is", null)
    .where((eb) => (spaceId ? eb.or([eb("space_id", "is", null), eb("space_id", "=", spaceId)]) : eb("space_id", "is", null)))
    .execute();
  if (rows.length !== slugs.length) {
    throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { tags: "validation.tag_unknown" } });
  }
  return rows.map((row) => row.id);
}

/** Tags of many threads in one query. */
export async function loadThreadTags(db: DB, threadIds: number[], locale: Locale): Promise<Map<number, TagDto[]>> {
  const map = new Map<number, TagDto[]>();
  if (threadIds.length === 0) return map;
  const rows = await db
    .selectFrom("thread_tags")
    .innerJoin("tags", "tags.id", "thread_tags.tag_id")
    .select(["thread_tags.thread_id", "tags.slug", "tags.name"])
    .where("thread_tags.thread_id", "in", threadIds)
    .orderBy("tags.slug")
    .execute();
  for (const row of rows) {
    const list = map.get(row.thread_id) ?? [];
    list.push({ slug: row.slug, name: pickLocalized(row.name, locale) });
    map.set(row.thread_id, list);
  }
  return map;
}

/** The thread (the `threads` row of the query) carries the tag with this slug: lists and search filter with it. */
export function threadHasTag(tagSlug: string) {
  return ({ exists, selectFrom }: ExpressionBuilder<Database, "threads">) =>
    exists(
      selectFrom("thread_tags")
        .innerJoin("tags", "tags.id", "thread_tags.tag_id")
        .select("thread_tags.tag_id")
        .whereRef("thread_tags.thread_id", "=", "threads.id")
        .where("tags.slug", "=", tagSlug),
    );
}
