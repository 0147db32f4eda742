// Moderators' actions on a post: hide, unhide, delete, restore. Each is one transaction that changes
// the post, resolves its open flags when it acts on them, appends to the audit log and writes the
// author's email to the outbox; the mail worker is woken after commit.
import { sql } from "kysely";
import { parseInput } from "../../../shared/schemas/parse";
import type { ServiceContext } from "../../context";
import { recordAudit } from "./audit";
import { resolveOpenFlags } from "./flags.service";
import { postActionSchema } from "./moderation.schema";
import { loadModeratedPost } from "./moderation-access";
import { announceNotice, enqueueModerationNotice } from "./notices";

/** Hides a post: members see a "hidden by a moderator" tombstone; moderators still see it, marked. */
export async function hidePost(ctx: ServiceContext, raw: unknown): Promise<void> {
  const input = parseInput(postActionSchema, raw);
  const { post, thread } = await loadModeratedPost(ctx, input.postId);
  const now = ctx.deps.now();
  const notified = await ctx.db.transaction().execute(async (trx) => {
    await resolveOpenFlags(trx, ctx, post.id, "hidden");
    const updated = await trx
      .updateTable("posts")
      .set({ hidden_at: now, hidden_reason: input.reason || null })
      .where("id", "=", post.id)
      .where("hidden_at", "is", null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await recordAudit(trx, ctx, {
      action: "post_hidden",
      targetType: "post",
      targetId: post.id,
      spaceId: thread.space_id,
      reason: input.reason,
      details: { threadId: thread.id },
    });
    return enqueueModerationNotice(trx, ctx, {
      userId: post.author_id,
      notice: "post_hidden",
      reason: input.reason,
      title: thread.title,
      path: `/p/${post.id}`,
      spaceId: thread.space_id,
    });
  });
  ctx.deps.realtime.toThread(thread.id, "post:removed", { threadId: thread.id, postId: post.id, position: post.position });
  await announceNotice(ctx, notified);
}

export async function unhidePost(ctx: ServiceContext, raw: unknown): Promise<void> {
  const input = parseInput(postActionSchema, raw);
  const { post, thread } = await loadModeratedPost(ctx, input.postId);
  const notified = await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("posts")
      .set({ hidden_at: null, hidden_reason: null })
      .where("id", "=", post.id)
      .where("hidden_at", "is not", null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await recordAudit(trx, ctx, {
      action: "post_unhidden",
      targetType: "post",
      targetId: post.id,
      spaceId: thread.space_id,
      reason: input.reason,
      details: { threadId: thread.id },
    });
    return enqueueModerationNotice(trx, ctx, {
      userId: post.author_id,
      notice: "post_unhidden",
      reason: input.reason,
      title: thread.title,
      path: `/p/${post.id}`,
      spaceId: thread.space_id,
    });
  });
  ctx.deps.realtime.toThread(thread.id, "post:updated", { threadId: thread.id, postId: post.id, position: post.position, html: post.html, editedAt: (post.edited_at ?? post.created_at).toISOString() });
  await announceNotice(ctx, notified);
}

/**
 * Soft-deletes a post with a moderator's tombstone. Deleting the opening post deletes the thread;
 * deleting the solution unmarks it (as when an author deletes their own post).
 */
export async function deletePost(ctx: ServiceContext, raw: unknown): Promise<{ threadDeleted: boolean }> {
  const input = parseInput(postActionSchema, raw);
  const { post, thread } = await loadModeratedPost(ctx, input.postId);
  const isOpening = post.position === 1;
  const now = ctx.deps.now();
  const notified = await ctx.db.transaction().execute(async (trx) => {
    await resolveOpenFlags(trx, ctx, post.id, "deleted");
    const updated = await trx
      .updateTable("posts")
      .set({ deleted_at: now, deleted_by_role: post.author_id === ctx.actor!.id ? "author" : "moderator" })
      .where("id", "=", post.id)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await trx
      .updateTable("threads")
      .set({
        ...(isOpening ? { deleted_at: now } : { reply_count: sql`greatest(reply_count - 1, 0)` }),
        ...(thread.solution_post_id === post.id ? { solution_post_id: null, solved_at: null } : {}),
      })
      .where("id", "=", thread.id)
      .execute();
    await recordAudit(trx, ctx, {
      action: "post_deleted",
      targetType: "post",
      targetId: post.id,
      spaceId: thread.space_id,
      reason: input.reason,
      details: { threadId: thread.id, threadDeleted: isOpening },
    });
    return enqueueModerationNotice(trx, ctx, {
      userId: post.author_id,
      notice: "post_deleted",
      reason: input.reason,
      title: thread.title,
      path: isOpening ? "/" : `/t/${thread.id}`,
      spaceId: thread.space_id,
    });
  });
  if (isOpening) ctx.deps.realtime.resetThreadAudience(thread.id);
  else ctx.deps.realtime.toThread(thread.id, "post:removed", { threadId: thread.id, postId: post.id, position: post.position });
  await announceNotice(ctx, notified);
  return { threadDeleted: isOpening };
}

/** Undeletes a post; restoring the opening post restores its thread. */
export async function restorePost(ctx: ServiceContext, raw: unknown): Promise<void> {
  const input = parseInput(postActionSchema, raw);
  const { post, thread } = await loadModeratedPost(ctx, input.postId);
  const isOpening = post.position === 1;
  const notified = await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("posts")
      .set({ deleted_at: null, deleted_by_role: null })
      .where("id", "=", post.id)
      .where("deleted_at", "is not", null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await trx
      .updateTable("threads")
      .set(isOpening ? { deleted_at: null } : { reply_count: sql`reply_count + 1` })
      .where("id", "=", thread.id)
      .execute();
    await recordAudit(trx, ctx, {
      action: "post_restored",
      targetType: "post",
      targetId: post.id,
      spaceId: thread.space_id,
      reason: input.reason,
      details: { threadId: thread.id, threadRestored: isOpening },
    });
    return enqueueModerationNotice(trx, ctx, {
      userId: post.author_id,
      notice: "post_restored",
      reason: input.reason,
      title: thread.title,
      path: `/p/${post.id}`,
      spaceId: thread.space_id,
    });
  });
  ctx.deps.realtime.toThread(thread.id, "post:updated", { threadId: thread.id, postId: post.id, position: post.position, html: post.html, editedAt: (post.edited_at ?? post.created_at).toISOString() });
  await announceNotice(ctx, notified);
}
