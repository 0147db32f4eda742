// Moderators' actions on a post: hide, unhide, delete, restore. Each is one transaction that changes
// the post, resolves its open flags when it acts on them, appends to the audit log and writes the
// author's email to the outbox; the mail worker is woken after commit.
import { sql, type UpdateObject } from "kysely";
import type { Database } from "../../../db/schema";
import { parseInput } from "../../../shared/schemas/parse";
import type { ServiceContext } from "../../context";
import { recordAudit } from "./audit";
import { resolveOpenFlags } from "./flags.service";
import { postActionSchema } from "./moderation.schema";
import { loadModeratedPost } from "./moderation-access";
import { announceNotice, enqueueModerationNotice } from "./notices";

type ModeratedPost = Awaited<ReturnType<typeof loadModeratedPost>>;
type PostActionInput = ReturnType<typeof postActionSchema.parse>;

/** What one action does to a post, given the post and its thread as loaded. */
interface PostChange {
  /** The audit action, and the notice the author gets. */
  action: "post_hidden" | "post_unhidden" | "post_deleted" | "post_restored";
  /** Resolve the post's open flags with this resolution first. */
  resolveFlags?: string;
  /** The column the action turns on (set) or off (cleared); a post already in that state is left alone. */
  column: "hidden_at" | "deleted_at";
  turnsOn: boolean;
  post: UpdateObject<Database, "posts">;
  /** Changes to the post's thread, made in the same transaction when the post changed. */
  thread?: UpdateObject<Database, "threads">;
  /** Audit details besides the thread's id. */
  details?: Record<string, unknown>;
  /** Where the author's notice links. */
  path: string;
  /** Realtime, after commit (whether or not the post changed). */
  publish: () => void;
}

/** Load (the guardian's moderation check) -> one transaction: flags, post, thread, audit, notice -> publish, wake the mailer. */
async function changePost(ctx: ServiceContext, raw: unknown, describe: (loaded: ModeratedPost, input: PostActionInput) => PostChange): Promise<ModeratedPost> {
  const input = parseInput(postActionSchema, raw);
  const loaded = await loadModeratedPost(ctx, input.postId);
  const { post, thread } = loaded;
  const change = describe(loaded, input);
  const notified = await ctx.db.transaction().execute(async (trx) => {
    if (change.resolveFlags) await resolveOpenFlags(trx, ctx, post.id, change.resolveFlags);
    const updated = await trx
      .updateTable("posts")
      .set(change.post)
      .where("id", "=", post.id)
      .where(change.column, change.turnsOn ? "is" : "is not", null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    if (change.thread) await trx.updateTable("threads").set(change.thread).where("id", "=", thread.id).execute();
    await recordAudit(trx, ctx, {
      action: change.action,
      targetType: "post",
      targetId: post.id,
      spaceId: thread.space_id,
      reason: input.reason,
      details: { threadId: thread.id, ...change.details },
    });
    return enqueueModerationNotice(trx, ctx, {
      userId: post.author_id,
      notice: change.action,
      reason: input.reason,
      title: thread.title,
      path: change.path,
      spaceId: thread.space_id,
    });
  });
  change.publish();
  await announceNotice(ctx, notified);
  return loaded;
}

/** Open thread pages drop the post (members then see its tombstone). */
function publishRemoved(ctx: ServiceContext, { post, thread }: ModeratedPost) {
  ctx.deps.realtime.toThread(thread.id, "post:removed", { threadId: thread.id, postId: post.id, position: post.position });
}

/** Open thread pages show the post again. */
function publishUpdated(ctx: ServiceContext, { post, thread }: ModeratedPost) {
  ctx.deps.realtime.toThread(thread.id, "post:updated", { threadId: thread.id, postId: post.id, position: post.position, html: post.html, editedAt: (post.edited_at ?? post.created_at).toISOString() });
}

/** Hides a post: members see a "hidden by a moderator" tombstone; moderators still see it, marked. */
export async function hidePost(ctx: ServiceContext, raw: unknown): Promise<void> {
  await changePost(ctx, raw, (loaded, input) => ({
    action: "post_hidden",
    resolveFlags: "hidden",
    column: "hidden_at",
    turnsOn: true,
    post: { hidden_at: ctx.deps.now(), hidden_reason: input.reason || null },
    path: `/p/${loaded.post.id}`,
    publish: () => publishRemoved(ctx, loaded),
  }));
}

export async function unhidePost(ctx: ServiceContext, raw: unknown): Promise<void> {
  await changePost(ctx, raw, (loaded) => ({
    action: "post_unhidden",
    column: "hidden_at",
    turnsOn: false,
    post: { hidden_at: null, hidden_reason: null },
    path: `/p/${loaded.post.id}`,
    publish: () => publishUpdated(ctx, loaded),
  }));
}

/**
 * Soft-deletes a post with a moderator's tombstone. Deleting the opening post deletes the thread;
 * deleting the solution unmarks it (as when an author deletes their own post).
 */
export async function deletePost(ctx: ServiceContext, raw: unknown): Promise<{ threadDeleted: boolean }> {
  const { post } = await changePost(ctx, raw, (loaded) => {
    const { post, thread } = loaded;
    const isOpening = post.position === 1;
    const now = ctx.deps.now();
    return {
      action: "post_deleted",
      resolveFlags: "deleted",
      column: "deleted_at",
      turnsOn: true,
      post: { deleted_at: now, deleted_by_role: post.author_id === ctx.actor!.id ? "author" : "moderator" },
      thread: {
        ...(isOpening ? { deleted_at: now } : { reply_count: sql`greatest(reply_count - 1, 0)` }),
        ...(thread.solution_post_id === post.id ? { solution_post_id: null, solved_at: null } : {}),
      },
      details: { threadDeleted: isOpening },
      path: isOpening ? "/" : `/t/${thread.id}`,
      publish: () => (isOpening ? ctx.deps.realtime.resetThreadAudience(thread.id) : publishRemoved(ctx, loaded)),
    };
  });
  return { threadDeleted: post.position === 1 };
}

/** Undeletes a post; restoring the opening post restores its thread. */
export async function restorePost(ctx: ServiceContext, raw: unknown): Promise<void> {
  await changePost(ctx, raw, (loaded) => {
    const isOpening = loaded.post.position === 1;
    return {
      action: "post_restored",
      column: "deleted_at",
      turnsOn: false,
      post: { deleted_at: null, deleted_by_role: null },
      thread: isOpening ? { deleted_at: null } : { reply_count: sql`reply_count + 1` },
      details: { threadRestored: isOpening },
      path: `/p/${loaded.post.id}`,
      publish: () => publishUpdated(ctx, loaded),
    };
  });
}
