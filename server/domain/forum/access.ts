import { sql } from "kysely";
import type { DB } from "../../../db/connection";
import type { PostRow, ThreadRow } from "../../../db/schema";
import { AppError } from "../../../shared/errors";
import type { Actor, PostFacts, SpaceFacts, ThreadFacts } from "../../../shared/guardian";
import type { ServiceContext } from "../../context";

export async function loadSpaceFacts(db: DB, spaceId: number, actor: Actor | null): Promise<SpaceFacts> {
  const row = await db
    .selectFrom("spaces")
    .leftJoin("space_members", (join) =>
      join.onRef("space_members.space_id", "=", "spaces.id").on("space_members.user_id", "=", actor?.id ?? -1),
    )
    .select(["spaces.kind", "spaces.visibility", "space_members.role"])
    .where("spaces.id", "=", spaceId)
    .executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", "errors.not_found");
  return { kind: row.kind, visibility: row.visibility, actorRole: row.role ?? null };
}

export function threadFacts(thread: Pick<ThreadRow, "kind" | "author_id" | "locked_at" | "deleted_at">): ThreadFacts {
  return { kind: thread.kind, authorId: thread.author_id, lockedAt: thread.locked_at, deletedAt: thread.deleted_at };
}

export function postFacts(post: Pick<PostRow, "author_id" | "deleted_at" | "position">): PostFacts {
  return { authorId: post.author_id, deletedAt: post.deleted_at, isOpening: post.position === 1 };
}

/** Loads a thread the actor may see, or NOT_FOUND (the same answer as for an id that does not exist). */
export async function loadVisibleThread(ctx: ServiceContext, threadId: number) {
  const thread = await ctx.db.selectFrom("threads").selectAll().where("id", "=", threadId).executeTakeFirst();
  if (!thread) throw new AppError("NOT_FOUND", "errors.not_found");
  const space = await loadSpaceFacts(ctx.db, thread.space_id, ctx.actor);
  ctx.guardian.ensure(ctx.guardian.canViewThread(threadFacts(thread), space));
  return { thread, space };
}

/** Loads a post of a thread the actor may see, or NOT_FOUND. */
export async function loadVisiblePost(ctx: ServiceContext, postId: number) {
  const post = await ctx.db.selectFrom("posts").selectAll().where("id", "=", postId).executeTakeFirst();
  if (!post) throw new AppError("NOT_FOUND", "errors.not_found");
  const { thread, space } = await loadVisibleThread(ctx, post.thread_id);
  return { post, thread, space };
}

/** The text-search configuration for a content language; anything else is indexed as 'simple'. */
export function searchConfig(language: string) {
  const config = language === "es" ? "spanish" : language === "pt" ? "portuguese" : language === "en" ? "english" : "simple";
  return sql.lit(config);
}

/** The search vector of a post: the title (opening posts) weighs A, the body B. */
export function searchVector(language: string, title: string | null, plainText: string) {
  const config = searchConfig(language);
  return sql<string>`setweight(to_tsvector(${config}::regconfig, ${title ?? ""}), 'A') || setweight(to_tsvector(${config}::regconfig, ${plainText}), 'B')`;
}

/** A verified expert "of a topic" belongs to one of the topic's expert groups. */
export async function isTopicExpert(db: DB, actor: Actor | null, topicId: number): Promise<boolean> {
  if (!actor?.verifiedExpert) return false;
  const row = await db
    .selectFrom("groups")
    .innerJoin("space_members", "space_members.space_id", "groups.space_id")
    .select("groups.id")
    .where("groups.topic_id", "=", topicId)
    .where("groups.kind", "=", "expert_group")
    .where("groups.archived_at", "is", null)
    .where("space_members.user_id", "=", actor.id)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
