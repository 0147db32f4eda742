import type { SpaceFacts } from "../../../shared/guardian";
// Moderators' actions on a thread: lock, pin, close (and their reverses), and moving it to another
// topic. Each is one transaction with its audit entry and the author's email.
import type { Updateable } from "kysely";
import type { ThreadRow, ThreadsTable } from "../../../db/schema";
import { AppError } from "../../../shared/errors";
import { pickLocalized } from "../../../shared/i18n";
import { parseInput } from "../../../shared/schemas/parse";
import { threadIdSchema } from "../../../shared/schemas/forum.schema";
import type { ServiceContext } from "../../context";
import { loadSpaceFacts } from "../forum/access";
import { recordAudit } from "./audit";
import { moveThreadSchema, threadActionSchema } from "./moderation.schema";
import { loadModeratedThread } from "./moderation-access";
import { announceNotice, enqueueModerationNotice, type NoticeKind } from "./notices";

type StateColumn = "locked_at" | "pinned_at" | "closed_at";

async function setThreadState(ctx: ServiceContext, raw: unknown, column: StateColumn, on: boolean, action: NoticeKind): Promise<void> {
  const input = parseInput(threadActionSchema, raw);
  const { thread } = await loadModeratedThread(ctx, input.threadId);
  if ((thread[column] !== null) === on) return;
  const changes: Updateable<ThreadsTable> = {};
  changes[column] = on ? ctx.deps.now() : null;
  const notified = await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("threads")
      .set(changes)
      .where("id", "=", thread.id)
      .where(column, on ? "is" : "is not", null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await recordAudit(trx, ctx, {
      action,
      targetType: "thread",
      targetId: thread.id,
      spaceId: thread.space_id,
      reason: input.reason,
    });
    return enqueueModerationNotice(trx, ctx, {
      userId: thread.author_id,
      notice: action,
      reason: input.reason,
      title: thread.title,
      path: `/t/${thread.id}`,
      spaceId: thread.space_id,
    });
  });
  await announceNotice(ctx, notified);
}

/** Locked: only moderators may reply. */
export const lockThread = (ctx: ServiceContext, raw: unknown) => setThreadState(ctx, raw, "locked_at", true, "thread_locked");
export const unlockThread = (ctx: ServiceContext, raw: unknown) => setThreadState(ctx, raw, "locked_at", false, "thread_unlocked");
/** Pinned threads are meant to show first in their topic's list. */
export const pinThread = (ctx: ServiceContext, raw: unknown) => setThreadState(ctx, raw, "pinned_at", true, "thread_pinned");
export const unpinThread = (ctx: ServiceContext, raw: unknown) => setThreadState(ctx, raw, "pinned_at", false, "thread_unpinned");
/** Closed (a question answered, a duplicate): no new replies from anyone until it is reopened. */
export const closeThread = (ctx: ServiceContext, raw: unknown) => setThreadState(ctx, raw, "closed_at", true, "thread_closed");
export const reopenThread = (ctx: ServiceContext, raw: unknown) => setThreadState(ctx, raw, "closed_at", false, "thread_reopened");

/** A topic a thread can move to, as the move form lists it. */
export interface MoveTargetDto {
  id: number;
  slug: string;
  name: string;
}

/** A place (topic or group) a thread could move to, with its space's facts and the actor's role there. */
interface PlaceRow {
  id: number;
  slug: string;
  name: Partial<Record<string, string>>;
  kind: SpaceFacts["kind"];
  visibility: SpaceFacts["visibility"];
  role: SpaceFacts["actorRole"] | null;
}

/**
 * Parse -> load the thread (the guardian's moderation check) -> the candidate places -> keep those the
 * actor may both see and moderate, as the move form lists them.
 */
async function listPlacesToMoveTo(ctx: ServiceContext, raw: unknown, candidates: (thread: ThreadRow) => Promise<PlaceRow[]>): Promise<MoveTargetDto[]> {
  const { threadId } = parseInput(threadIdSchema, raw);
  const { thread } = await loadModeratedThread(ctx, threadId);
  const rows = await candidates(thread);
  return rows
    .filter((row) => {
      const space = { kind: row.kind, visibility: row.visibility, actorRole: row.role ?? null };
      return ctx.guardian.canViewSpace(space) && ctx.guardian.canModerate(space);
    })
    .map((row) => ({ id: row.id, slug: row.slug, name: pickLocalized(row.name, ctx.locale) }));
}

/** Topics the actor may move this thread to: open ones, in spaces they can see and moderate. */
export const listMoveTargets = (ctx: ServiceContext, raw: unknown) =>
  listPlacesToMoveTo(ctx, raw, (thread) =>
    ctx.db
      .selectFrom("topics")
      .innerJoin("spaces", "spaces.id", "topics.space_id")
      .leftJoin("space_members", (join) => join.onRef("space_members.space_id", "=", "spaces.id").on("space_members.user_id", "=", ctx.actor!.id))
      .select(["topics.id", "topics.slug", "topics.name", "spaces.kind", "spaces.visibility", "space_members.role"])
      .where("topics.archived_at", "is", null)
      .where("topics.id", "!=", thread.topic_id)
      .orderBy("topics.position")
      .orderBy("topics.id")
      .execute(),
  );

/** Groups the actor may move this thread into: those they can see and moderate. */
export const listMoveGroupTargets = (ctx: ServiceContext, raw: unknown) =>
  listPlacesToMoveTo(ctx, raw, (thread) =>
    ctx.db
      .selectFrom("groups")
      .innerJoin("spaces", "spaces.id", "groups.space_id")
      .leftJoin("space_members", (join) => join.onRef("space_members.space_id", "=", "spaces.id").on("space_members.user_id", "=", ctx.actor!.id))
      .select(["groups.id", "groups.slug", "groups.name", "spaces.kind", "spaces.visibility", "space_members.role"])
      .where("groups.archived_at", "is", null)
      .where("groups.space_id", "!=", thread.space_id)
      .orderBy("groups.id")
      .execute(),
  );

/**
 * Moves a thread to another topic: its topic and space change, and with the space who may see it.
 * The actor must see and moderate both places; the author is told only if they may see the new one.
 */
export async function moveThread(ctx: ServiceContext, raw: unknown): Promise<void> {
  const input = parseInput(moveThreadSchema, raw);
  const { thread } = await loadModeratedThread(ctx, input.threadId);
  let topic: { id: number; space_id: number; name: Record<string, string>; archived_at: Date | null } | undefined;
  if (input.groupId) {
    const group = await ctx.db.selectFrom("groups").select(["topic_id", "space_id", "name", "archived_at"]).where("id", "=", input.groupId).executeTakeFirst();
    topic = group ? { id: group.topic_id, space_id: group.space_id, name: group.name, archived_at: group.archived_at } : undefined;
  } else {
    topic = await ctx.db
      .selectFrom("topics")
      .select(["id", "space_id", "name", "archived_at"])
      .where("id", "=", input.topicId!)
      .executeTakeFirst();
  }
  // A place that does not exist and one the actor may not see or moderate answer the same.
  if (!topic) throw new AppError("NOT_FOUND", "errors.not_found");
  const target = await loadSpaceFacts(ctx.db, topic.space_id, ctx.actor);
  ctx.guardian.ensure(ctx.guardian.canViewSpace(target) && ctx.guardian.canModerate(target));
  if (topic.archived_at) {
    throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { topicId: "validation.topic_unknown" } });
  }
  if (topic.space_id === thread.space_id) return;
  const notified = await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable("threads").set({ topic_id: topic.id, space_id: topic.space_id }).where("id", "=", thread.id).execute();
    // Flags follow the post to its new place, so the new place's moderators review them.
    await trx
      .updateTable("flags")
      .set({ space_id: topic.space_id })
      .where("post_id", "in", (eb) => eb.selectFrom("posts").select("posts.id").where("posts.thread_id", "=", thread.id))
      .execute();
    await recordAudit(trx, ctx, {
      action: "thread_moved",
      targetType: "thread",
      targetId: thread.id,
      spaceId: topic.space_id,
      reason: input.reason,
      details: { fromTopicId: thread.topic_id, toTopicId: topic.id, fromSpaceId: thread.space_id, toSpaceId: topic.space_id },
    });
    return enqueueModerationNotice(trx, ctx, {
      userId: thread.author_id,
      notice: "thread_moved",
      reason: input.reason,
      title: thread.title,
      topic: topic.name,
      path: `/t/${thread.id}`,
      spaceId: topic.space_id,
    });
  });
  // The thread's audience is now its new place's: open pages must ask the guardian again.
  ctx.deps.realtime.resetThreadAudience(thread.id);
  await announceNotice(ctx, notified);
}
