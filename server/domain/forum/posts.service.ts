import { sql } from "kysely";
import { AppError } from "../../../shared/errors";
import { parseInput } from "../../../shared/schemas/parse";
import {
  createReplySchema,
  editPostSchema,
  postIdSchema,
  readSchema,
  threadIdSchema,
  voteSchema,
} from "../../../shared/schemas/forum.schema";
import type { ServiceContext } from "../../context";
import { diffText } from "../content/diff";
import { isTopicExpert, loadVisiblePost, loadVisibleThread, postFacts, searchVector, threadFacts } from "./access";
import { checkPostingAllowed } from "../moderation/anti-abuse";
import { recordAudit } from "../moderation/audit";
import { deletePost as deletePostAsModerator } from "../moderation/post-actions.service";
import { preparePostContent } from "./content";
import type { AuthorDto, TagDto } from "./forum.dto";
import { loadAuthors } from "./people";
import { loadThreadTags } from "./tags";
import { pageCursorFor } from "./thread-page.service";
import { afterCommit } from "../notifications/after-commit";
import { followByDefault } from "../notifications/follows.service";
import { markThreadNotificationsRead } from "../notifications/notifications.service";
import { notifyAboutNewPost, notifyAboutSolution } from "../notifications/notifier";
import { listPlaceOf } from "./live";
import { loadCoAuthorIds } from "../pairs/pair-threads";
import { recordDocumentMentions } from "../documents/mentions";
import { queueSolutionMarked } from "../webhooks/forum-events";
import { type IdempotencyClaim, runIdempotent, takeIdempotencyKey } from "../idempotency/idempotency.service";

/** Replies to a thread or to one of its posts; the position comes from the locked thread row. */
export async function createReply(ctx: ServiceContext, raw: unknown): Promise<{ postId: number; position: number }> {
  ctx.guardian.ensureSignedIn();
  // An idempotency key makes a repeated submission answer with the first one's post (see decision 017).
  const { key, rest } = takeIdempotencyKey(raw);
  const input = parseInput(createReplySchema, rest);
  return runIdempotent(ctx, { operation: "reply", key, input }, (idempotency) => writeReply(ctx, input, idempotency));
}

async function writeReply(
  ctx: ServiceContext,
  input: ReturnType<typeof createReplySchema.parse>,
  idempotency: IdempotencyClaim,
): Promise<{ postId: number; position: number }> {
  const actor = ctx.guardian.ensureSignedIn();
  const { thread, space } = await loadVisibleThread(ctx, input.threadId);
  // A closed thread takes no new replies from anyone, moderators included (they can reopen it).
  if (thread.closed_at) throw new AppError("FORBIDDEN", "errors.thread_closed");
  if (!ctx.guardian.canReply(threadFacts(thread), space)) {
    throw new AppError(
      "FORBIDDEN",
      thread.locked_at
        ? "errors.thread_locked"
        : actor.suspended
          ? "errors.account_suspended"
          : actor.silenced
            ? "errors.account_silenced"
            : "errors.cannot_post",
    );
  }
  const moderates = ctx.guardian.canModerate(space);
  let parent: { id: number; depth: number; root_id: number | null; position: number; author_id: number | null } | undefined;
  if (input.parentId) {
    parent = await ctx.db
      .selectFrom("posts")
      .select(["id", "depth", "root_id", "position", "deleted_at", "hidden_at", "author_id"])
      .where("id", "=", input.parentId)
      .where("thread_id", "=", thread.id)
      .executeTakeFirst()
      .then((row) => {
        if (!row) throw new AppError("NOT_FOUND", "errors.not_found");
        if (row.deleted_at) throw new AppError("VALIDATION", "errors.parent_deleted");
        if (row.hidden_at && !moderates) throw new AppError("VALIDATION", "errors.parent_hidden");
        return row;
      });
  }
  await checkPostingAllowed(ctx, { kind: "reply", body: input.body });
  // Answering the opening post is answering the thread: a top-level reply.
  const nestedUnder = parent && parent.position !== 1 ? parent : undefined;
  const content = await preparePostContent(ctx.db, input.body);
  const now = ctx.deps.now();
  const after = afterCommit(ctx.deps);

  const created = await ctx.db.transaction().execute(async (trx) => {
    await idempotency.claim(trx);
    const locked = await trx
      .selectFrom("threads")
      .select(["last_position", "first_reply_at", "first_expert_reply_at", "author_id"])
      .where("id", "=", thread.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const position = locked.last_position + 1;
    const post = await trx
      .insertInto("posts")
      .values({
        thread_id: thread.id,
        position,
        parent_id: parent?.id ?? null,
        root_id: nestedUnder ? nestedUnder.root_id : null,
        depth: nestedUnder ? nestedUnder.depth + 1 : 0,
        author_id: actor.id,
        language: thread.language,
        source: input.body,
        html: content.html,
        plain_text: content.plainText,
        search_vector: searchVector(thread.language, null, content.plainText),
        author_was_expert: actor.verifiedExpert,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (!nestedUnder) await trx.updateTable("posts").set({ root_id: post.id }).where("id", "=", post.id).execute();
    await recordDocumentMentions(trx, post.id, input.body, ctx.deps.config.publicUrl);
    await trx
      .insertInto("post_revisions")
      .values({ post_id: post.id, number: 1, source: input.body, editor_id: actor.id, created_at: now })
      .execute();
    const answersSomeoneElse = locked.author_id !== actor.id;
    await trx
      .updateTable("threads")
      .set({
        last_position: position,
        post_count: sql`post_count + 1`,
        reply_count: sql`reply_count + 1`,
        last_activity_at: now,
        first_reply_at: locked.first_reply_at ?? (answersSomeoneElse ? now : null),
        first_expert_reply_at: locked.first_expert_reply_at ?? (actor.verifiedExpert && answersSomeoneElse ? now : null),
      })
      .where("id", "=", thread.id)
      .execute();
    // The author has read up to their own reply.
    await trx
      .insertInto("thread_reads")
      .values({ user_id: actor.id, thread_id: thread.id, last_read_position: position, updated_at: now })
      .onConflict((oc) =>
        oc.columns(["user_id", "thread_id"]).doUpdateSet({
          last_read_position: sql`greatest(thread_reads.last_read_position, excluded.last_read_position)`,
          updated_at: now,
        }),
      )
      .execute();
    await trx.deleteFrom("drafts").where("user_id", "=", actor.id).where("key", "=", `reply:${thread.id}`).execute();
    await followByDefault(trx, actor.id, thread.id, "replied");
    await notifyAboutNewPost(trx, ctx, after, {
      thread,
      postId: post.id,
      authorId: actor.id,
      answeredAuthorId: nestedUnder ? parent!.author_id : locked.author_id,
      mentionedHandles: content.mentionedHandles,
      isNewThread: false,
    });
    after.thread(thread.id, "post:created", {
      threadId: thread.id,
      postId: post.id,
      position,
      parentId: parent?.id ?? null,
      depth: nestedUnder ? nestedUnder.depth + 1 : 0,
      author: { handle: actor.handle, displayName: await displayNameOf(trx, actor.id) },
      html: content.html,
      createdAt: now.toISOString(),
    });
    const place = await listPlaceOf(trx, thread);
    after.list(place, "thread:activity", { threadId: thread.id, kind: "reply", place });
    await idempotency.complete(trx, { postId: post.id, position });
    return { postId: post.id, position };
  });
  await after.flush();
  return created;
}

async function displayNameOf(db: Parameters<typeof loadAuthors>[0], userId: number): Promise<string> {
  const row = await db.selectFrom("users").select("display_name").where("id", "=", userId).executeTakeFirst();
  return row?.display_name ?? "";
}

/** Edits a post's Markdown; the previous text stays as a revision, the HTML is rendered again. */
export async function editPost(ctx: ServiceContext, raw: unknown): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(editPostSchema, raw);
  const { post, thread, space } = await loadVisiblePost(ctx, input.postId);
  ctx.guardian.ensure(ctx.guardian.canEditPost(postFacts(post), threadFacts(thread), space));
  // A hidden post is out of its author's hands until a moderator unhides it.
  if (post.hidden_at) ctx.guardian.ensure(ctx.guardian.canModerate(space));
  const isOpening = post.position === 1;
  const title = isOpening ? (input.title ?? thread.title) : null;
  if (post.source === input.body && (!isOpening || title === thread.title)) return;
  const content = await preparePostContent(ctx.db, input.body);
  const now = ctx.deps.now();
  const after = afterCommit(ctx.deps);
  await ctx.db.transaction().execute(async (trx) => {
    const number = post.revision_count + 1;
    await trx
      .updateTable("posts")
      .set({
        source: input.body,
        html: content.html,
        plain_text: content.plainText,
        search_vector: searchVector(post.language, title, content.plainText),
        revision_count: number,
        edited_at: now,
      })
      .where("id", "=", post.id)
      .execute();
    await trx
      .insertInto("post_revisions")
      .values({ post_id: post.id, number, title, source: input.body, editor_id: actor.id, created_at: now })
      .execute();
    await recordDocumentMentions(trx, post.id, input.body, ctx.deps.config.publicUrl);
    if (isOpening && title !== thread.title) {
      await trx.updateTable("threads").set({ title: title! }).where("id", "=", thread.id).execute();
    }
    // A moderator changing someone else's words is a moderation action: it goes in the audit log.
    if (post.author_id !== actor.id) {
      await recordAudit(trx, ctx, {
        action: "post_edited",
        targetType: "post",
        targetId: post.id,
        spaceId: thread.space_id,
        details: { threadId: thread.id, revision: number },
      });
    }
    if (!post.hidden_at && !post.deleted_at) {
      after.thread(thread.id, "post:updated", { threadId: thread.id, postId: post.id, position: post.position, html: content.html, editedAt: now.toISOString() });
    }
  });
  await after.flush();
}

/**
 * Soft-deletes a post, leaving a tombstone that keeps the thread's shape. Deleting the opening post
 * deletes the thread; deleting the solution unmarks it.
 */
export async function deletePost(ctx: ServiceContext, raw: unknown): Promise<{ threadDeleted: boolean }> {
  const actor = ctx.guardian.ensureSignedIn();
  const { postId } = parseInput(postIdSchema, raw);
  const { post, thread, space } = await loadVisiblePost(ctx, postId);
  ctx.guardian.ensure(ctx.guardian.canDeletePost(postFacts(post), threadFacts(thread), space));
  const byAuthor = post.author_id === actor.id;
  // A moderator deleting someone else's post: audited, and the author is told.
  if (!byAuthor) return deletePostAsModerator(ctx, { postId });
  const now = ctx.deps.now();
  const isOpening = post.position === 1;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("posts")
      .set({ deleted_at: now, deleted_by_role: byAuthor ? "author" : "moderator" })
      .where("id", "=", post.id)
      .execute();
    await trx
      .updateTable("threads")
      .set({
        ...(isOpening ? { deleted_at: now } : { reply_count: sql`greatest(reply_count - 1, 0)` }),
        ...(thread.solution_post_id === post.id ? { solution_post_id: null, solved_at: null } : {}),
      })
      .where("id", "=", thread.id)
      .execute();
  });
  if (isOpening) ctx.deps.realtime.resetThreadAudience(thread.id);
  else ctx.deps.realtime.toThread(thread.id, "post:removed", { threadId: thread.id, postId: post.id, position: post.position });
  if (thread.solution_post_id === post.id) ctx.deps.realtime.toThread(thread.id, "thread:solved", { threadId: thread.id, solutionPostId: null });
  return { threadDeleted: isOpening };
}

export interface RevisionDto {
  number: number;
  editor: AuthorDto | null;
  createdAt: string;
  title: string | null;
  source: string;
  /** Changes from the previous revision (empty for the first). */
  changes: { kind: "same" | "added" | "removed"; text: string }[];
  titleChanges: { kind: "same" | "added" | "removed"; text: string }[] | null;
}

/** A post's edit history with a diff between consecutive revisions, for anyone who can see the post. */
export async function getPostHistory(ctx: ServiceContext, raw: unknown): Promise<{ threadId: number; threadTitle: string; postId: number; revisions: RevisionDto[] }> {
  const { postId } = parseInput(postIdSchema, raw);
  const { post, thread, space } = await loadVisiblePost(ctx, postId);
  // A deleted or hidden post's words are gone for everyone but those who moderate there.
  if (post.deleted_at || post.hidden_at) ctx.guardian.ensure(ctx.guardian.canModerate(space));
  const rows = await ctx.db
    .selectFrom("post_revisions")
    .selectAll()
    .where("post_id", "=", post.id)
    .orderBy("number")
    .limit(200)
    .execute();
  const editors = await loadAuthors(ctx.db, rows.map((row) => row.editor_id));
  let previousSource = "";
  let previousTitle: string | null = null;
  const revisions = rows.map((row, index) => {
    const dto: RevisionDto = {
      number: row.number,
      editor: row.editor_id ? editors.get(row.editor_id) ?? null : null,
      createdAt: row.created_at.toISOString(),
      title: row.title,
      source: row.source,
      changes: index === 0 ? [] : diffText(previousSource, row.source),
      titleChanges:
        index > 0 && row.title !== null && previousTitle !== null && row.title !== previousTitle
          ? diffText(previousTitle, row.title)
          : null,
    };
    previousSource = row.source;
    previousTitle = row.title ?? previousTitle;
    return dto;
  });
  return { threadId: thread.id, threadTitle: thread.title, postId: post.id, revisions: revisions.reverse() };
}

/** Marks a reply as the question's solution (the asker, a verified expert, or a moderator). */
export async function markSolution(ctx: ServiceContext, raw: unknown): Promise<void> {
  ctx.guardian.ensureSignedIn();
  const { postId } = parseInput(postIdSchema, raw);
  const { post, thread, space } = await loadVisiblePost(ctx, postId);
  if (thread.kind !== "question") throw new AppError("VALIDATION", "errors.solution_needs_question");
  const expert = await isTopicExpert(ctx.db, ctx.actor, thread.topic_id);
  const coAuthorId = (await loadCoAuthorIds(ctx.db, [thread])).get(thread.id) ?? null;
  ctx.guardian.ensure(ctx.guardian.canMarkSolution({ ...threadFacts(thread), actorIsTopicExpert: expert, coAuthorId }, space));
  if (post.hidden_at) ctx.guardian.ensure(ctx.guardian.canModerate(space));
  if (post.position === 1 || post.deleted_at) throw new AppError("VALIDATION", "errors.solution_must_be_reply");
  if (thread.solution_post_id === post.id) return;
  const after = afterCommit(ctx.deps);
  let queuedWebhooks = 0;
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable("threads").set({ solution_post_id: post.id, solved_at: ctx.deps.now() }).where("id", "=", thread.id).execute();
    await notifyAboutSolution(trx, ctx, after, { thread, postId: post.id, postAuthorId: post.author_id, markedBy: ctx.actor!.id });
    after.thread(thread.id, "thread:solved", { threadId: thread.id, solutionPostId: post.id });
    if (space.visibility === "public") {
      queuedWebhooks = await queueSolutionMarked(trx, ctx.deps, { threadId: thread.id, title: thread.title, postId: post.id, postAuthorId: post.author_id, solvedAt: ctx.deps.now() });
    }
  });
  await after.flush();
  if (queuedWebhooks) ctx.deps.webhooks?.kick();
}

export async function unmarkSolution(ctx: ServiceContext, raw: unknown): Promise<void> {
  ctx.guardian.ensureSignedIn();
  const { threadId } = parseInput(threadIdSchema, raw);
  const { thread, space } = await loadVisibleThread(ctx, threadId);
  if (thread.kind !== "question") throw new AppError("VALIDATION", "errors.solution_needs_question");
  const expert = await isTopicExpert(ctx.db, ctx.actor, thread.topic_id);
  const coAuthorId = (await loadCoAuthorIds(ctx.db, [thread])).get(thread.id) ?? null;
  ctx.guardian.ensure(ctx.guardian.canMarkSolution({ ...threadFacts(thread), actorIsTopicExpert: expert, coAuthorId }, space));
  await ctx.db.updateTable("threads").set({ solution_post_id: null, solved_at: null }).where("id", "=", thread.id).execute();
  ctx.deps.realtime.toThread(thread.id, "thread:solved", { threadId: thread.id, solutionPostId: null });
}

/** One helpful vote per member and reply; voting again with helpful=false takes it back. */
export async function setHelpful(ctx: ServiceContext, raw: unknown): Promise<{ helpfulCount: number; voted: boolean }> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(voteSchema, raw);
  const { post, thread, space } = await loadVisiblePost(ctx, input.postId);
  ctx.guardian.ensure(ctx.guardian.canVote(postFacts(post), threadFacts(thread), space));
  if (post.hidden_at) ctx.guardian.ensure(ctx.guardian.canModerate(space));
  return ctx.db.transaction().execute(async (trx) => {
    if (input.helpful) {
      await trx
        .insertInto("post_votes")
        .values({ post_id: post.id, user_id: actor.id })
        .onConflict((oc) => oc.columns(["post_id", "user_id"]).doNothing())
        .execute();
    } else {
      await trx.deleteFrom("post_votes").where("post_id", "=", post.id).where("user_id", "=", actor.id).execute();
    }
    const updated = await trx
      .updateTable("posts")
      .set({ helpful_count: sql`(select count(*)::int from post_votes where post_id = ${post.id})` })
      .where("id", "=", post.id)
      .returning("helpful_count")
      .executeTakeFirstOrThrow();
    return { helpfulCount: updated.helpful_count, voted: input.helpful };
  });
}

/** Remembers how far a member has read (it only moves forward). */
export async function markRead(ctx: ServiceContext, raw: unknown): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(readSchema, raw);
  const { thread } = await loadVisibleThread(ctx, input.threadId);
  const position = Math.min(input.position, thread.last_position);
  await ctx.db
    .insertInto("thread_reads")
    .values({ user_id: actor.id, thread_id: thread.id, last_read_position: position, updated_at: ctx.deps.now() })
    .onConflict((oc) =>
      oc.columns(["user_id", "thread_id"]).doUpdateSet({
        last_read_position: sql`greatest(thread_reads.last_read_position, excluded.last_read_position)`,
        updated_at: ctx.deps.now(),
      }),
    )
    .execute();
  await markThreadNotificationsRead(ctx, thread.id, position);
}

/** Where a post lives, for permalinks: its thread and the page cursor that shows it. */
export async function locatePost(ctx: ServiceContext, raw: unknown): Promise<{ threadId: number; after: number; postId: number }> {
  const { postId } = parseInput(postIdSchema, raw);
  const { post, thread } = await loadVisiblePost(ctx, postId);
  const root = post.root_id && post.root_id !== post.id
    ? await ctx.db.selectFrom("posts").select("position").where("id", "=", post.root_id).executeTakeFirstOrThrow()
    : { position: post.position };
  return { threadId: thread.id, after: await pageCursorFor(ctx, thread.id, root.position), postId: post.id };
}

export interface EditablePostDto {
  thread: { id: number; title: string; tags: TagDto[]; spaceId: number };
  post: { id: number; position: number; source: string };
}

/** What the edit page needs: the post's current Markdown and its thread, if the actor may edit it. */
export async function getEditablePost(ctx: ServiceContext, raw: unknown): Promise<EditablePostDto> {
  ctx.guardian.ensureSignedIn();
  const { postId } = parseInput(postIdSchema, raw);
  const { post, thread, space } = await loadVisiblePost(ctx, postId);
  ctx.guardian.ensure(ctx.guardian.canEditPost(postFacts(post), threadFacts(thread), space));
  const tags = await loadThreadTags(ctx.db, [thread.id], ctx.locale);
  return {
    thread: { id: thread.id, title: thread.title, tags: tags.get(thread.id) ?? [], spaceId: thread.space_id },
    post: { id: post.id, position: post.position, source: post.source },
  };
}
