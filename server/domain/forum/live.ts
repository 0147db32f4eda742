import type { Transaction } from "kysely";
import type { DB } from "../../../db/connection";
import type { Database } from "../../../db/schema";
import { AppError } from "../../../shared/errors";
import { rooms, type ListPlace, type PostEvent } from "../../../shared/realtime/events";
import { listPlaceSchema, threadCatchUpSchema } from "../../../shared/schemas/notifications.schema";
import { parseInput } from "../../../shared/schemas/parse";
import type { ServiceContext } from "../../context";
import { loadSpaceFacts, loadVisibleThread, threadFacts } from "./access";

/**
 * The list rooms a thread's activity goes to: its topic's and its group's (or the expert group it is
 * addressed to). A thread in a private group never reaches the topic room, whose audience is everyone
 * signed in; its members see it live on the group's page.
 */
export async function listPlaceOf(
  db: DB | Transaction<Database>,
  thread: { space_id: number; topic_id: number; addressed_group_id: number | null },
): Promise<ListPlace> {
  const row = await db
    .selectFrom("spaces")
    .leftJoin("groups", "groups.space_id", "spaces.id")
    .select(["spaces.visibility", "groups.id as group_id"])
    .where("spaces.id", "=", thread.space_id)
    .executeTakeFirstOrThrow();
  if (row.visibility === "private") return { groupId: row.group_id ?? undefined };
  return { topicId: thread.topic_id, groupId: row.group_id ?? thread.addressed_group_id ?? undefined };
}

const CATCH_UP_LIMIT = 50;

/** The thread a subscription asks for, once the guardian lets the actor see it; NOT_FOUND otherwise. */
export async function ensureThreadVisible(ctx: ServiceContext, raw: unknown): Promise<{ threadId: number }> {
  const input = parseInput(threadCatchUpSchema, raw);
  const { thread } = await loadVisibleThread(ctx, input.threadId);
  return { threadId: thread.id };
}

/**
 * What an open thread page missed: posts after the position it last saw, oldest first, at most
 * CATCH_UP_LIMIT (more: the page reloads instead). NOT_FOUND if the actor may not see the thread.
 */
export async function postsSince(ctx: ServiceContext, raw: unknown): Promise<{ missed: PostEvent[]; more: boolean }> {
  const input = parseInput(threadCatchUpSchema, raw);
  const { thread } = await loadVisibleThread(ctx, input.threadId);
  if (input.sincePosition === undefined) return { missed: [], more: false };
  const rows = await ctx.db
    .selectFrom("posts")
    .leftJoin("users", "users.id", "posts.author_id")
    .select(["posts.id", "posts.position", "posts.parent_id", "posts.depth", "posts.html", "posts.created_at", "users.handle", "users.display_name"])
    .where("posts.thread_id", "=", thread.id)
    .where("posts.position", ">", input.sincePosition)
    .where("posts.deleted_at", "is", null)
    .where("posts.hidden_at", "is", null)
    .orderBy("posts.position")
    .limit(CATCH_UP_LIMIT + 1)
    .execute();
  return {
    missed: rows.slice(0, CATCH_UP_LIMIT).map((row) => ({
      threadId: thread.id,
      postId: row.id,
      position: row.position,
      parentId: row.parent_id,
      depth: row.depth,
      author: row.handle ? { handle: row.handle, displayName: row.display_name ?? row.handle } : null,
      html: row.html,
      createdAt: new Date(row.created_at).toISOString(),
    })),
    more: rows.length > CATCH_UP_LIMIT,
  };
}

/** The room of a topic's or group's thread list, if the actor may see that list; NOT_FOUND otherwise. */
export async function listRoomFor(ctx: ServiceContext, raw: unknown): Promise<string> {
  const input = parseInput(listPlaceSchema, raw);
  if (input.groupId) {
    const group = await ctx.db.selectFrom("groups").select(["id", "space_id", "archived_at"]).where("id", "=", input.groupId).executeTakeFirst();
    if (!group) throw new AppError("NOT_FOUND", "errors.not_found");
    ctx.guardian.ensure(ctx.guardian.canViewSpace(await loadSpaceFacts(ctx.db, group.space_id, ctx.actor)));
    return rooms.group(group.id);
  }
  const topic = await ctx.db.selectFrom("topics").select(["id", "space_id"]).where("id", "=", input.topicId!).executeTakeFirst();
  if (!topic) throw new AppError("NOT_FOUND", "errors.not_found");
  ctx.guardian.ensure(ctx.guardian.canViewSpace(await loadSpaceFacts(ctx.db, topic.space_id, ctx.actor)));
  return rooms.topic(topic.id);
}

/** Whether the actor may say they are typing in this thread (they could reply to it). */
export async function mayTypeIn(ctx: ServiceContext, threadId: number): Promise<boolean> {
  try {
    const { thread, space } = await loadVisibleThread(ctx, threadId);
    return ctx.guardian.canReply(threadFacts(thread), space) && thread.closed_at === null;
  } catch {
    return false;
  }
}
