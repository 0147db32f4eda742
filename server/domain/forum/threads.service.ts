import { AppError } from "../../../shared/errors";
import { pickLocalized } from "../../../shared/i18n";
import { parseInput } from "../../../shared/schemas/parse";
import { createThreadSchema, editThreadSchema, listThreadsSchema } from "../../../shared/schemas/forum.schema";
import { threadVisibleTo } from "../../../db/queries/visibility.queries";
import type { ServiceContext } from "../../context";
import { loadSpaceFacts, loadVisibleThread, searchVector, threadFacts } from "./access";
import { checkPostingAllowed } from "../moderation/anti-abuse";
import { preparePostContent } from "./content";
import { decodeCursor, encodeCursor } from "./cursor";
import type { ThreadListDto, ThreadSummaryDto } from "./forum.dto";
import { loadAuthors } from "./people";
import { loadThreadTags, resolveTagIds, threadHasTag } from "./tags";
import { afterCommit } from "../notifications/after-commit";
import { followByDefault } from "../notifications/follows.service";
import { notifyAboutNewPost } from "../notifications/notifier";
import { listPlaceOf } from "./live";
import { recordDocumentMentions } from "../documents/mentions";
import { queueThreadCreated } from "../webhooks/forum-events";
import { loadCoAuthorIds, resolvePairThread } from "../pairs/pair-threads";
import { type IdempotencyClaim, runIdempotent, takeIdempotencyKey } from "../idempotency/idempotency.service";

/** Opens a question or discussion in a topic: the thread, its opening post and first revision, in one transaction. */
export async function createThread(ctx: ServiceContext, raw: unknown): Promise<{ threadId: number; postId: number }> {
  ctx.guardian.ensureSignedIn();
  // An idempotency key makes a repeated submission answer with the first one's thread (see decision 017).
  const { key, rest } = takeIdempotencyKey(raw);
  const input = parseInput(createThreadSchema, rest);
  return runIdempotent(ctx, { operation: "thread", key, input }, (idempotency) => writeThread(ctx, input, idempotency));
}

async function writeThread(
  ctx: ServiceContext,
  input: ReturnType<typeof createThreadSchema.parse>,
  idempotency: IdempotencyClaim,
): Promise<{ threadId: number; postId: number }> {
  const actor = ctx.guardian.ensureSignedIn();
  let place: { topicId: number; spaceId: number };
  // A pair's thread: in its private space, or asked in a topic as a pair (both officials its authors).
  let pair: { id: number; coAuthorId: number } | null = null;
  if (input.pairId || input.asPairId) {
    ({ place, pair } = await resolvePairThread(ctx, actor, input));
  } else if (input.groupId) {
    const group = await ctx.db.selectFrom("groups").select(["id", "space_id", "topic_id", "archived_at"]).where("id", "=", input.groupId).executeTakeFirst();
    if (!group || group.archived_at) throw new AppError("NOT_FOUND", "errors.not_found");
    place = { topicId: group.topic_id, spaceId: group.space_id };
  } else {
    const topic = input.topicId
      ? await ctx.db.selectFrom("topics").select(["id", "space_id", "archived_at"]).where("id", "=", input.topicId).executeTakeFirst()
      : undefined;
    if (!topic || topic.archived_at) {
      throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { topicId: "validation.topic_unknown" } });
    }
    place = { topicId: topic.id, spaceId: topic.space_id };
  }
  const space = await loadSpaceFacts(ctx.db, place.spaceId, actor);
  ctx.guardian.ensure(ctx.guardian.canViewSpace(space));
  if (!ctx.guardian.canStartThread(space)) throw new AppError("FORBIDDEN", "errors.cannot_post");
  if (input.groupId) {
    const banned = await ctx.db.selectFrom("group_bans").select("user_id").where("group_id", "=", input.groupId).where("user_id", "=", actor.id).executeTakeFirst();
    if (banned) throw new AppError("FORBIDDEN", "errors.cannot_post");
  }
  let addressedGroupId: number | null = null;
  if (input.addressedGroupId) {
    const addressed = await ctx.db.selectFrom("groups").select(["id", "kind", "topic_id", "archived_at"]).where("id", "=", input.addressedGroupId).executeTakeFirst();
    if (!addressed || addressed.kind !== "expert_group" || addressed.archived_at) {
      throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { addressedGroupId: "group.expert_group_unknown" } });
    }
    if (input.kind !== "question") throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { kind: "group.only_questions_addressed" } });
    addressedGroupId = addressed.id;
  }
  const tagIds = await resolveTagIds(ctx.db, input.tags, place.spaceId);
  await checkPostingAllowed(ctx, { kind: "thread", body: input.body, title: input.title });
  const author = await ctx.db.selectFrom("users").select(["locale", "country"]).where("id", "=", actor.id).executeTakeFirstOrThrow();
  const language = input.language ?? (author.locale as "es" | "pt" | "en");
  const content = await preparePostContent(ctx.db, input.body);
  const now = ctx.deps.now();
  const after = afterCommit(ctx.deps);
  let queuedWebhooks = 0;

  const result = await ctx.db.transaction().execute(async (trx) => {
    await idempotency.claim(trx);
    const thread = await trx
      .insertInto("threads")
      .values({
        space_id: place.spaceId,
        topic_id: place.topicId,
        addressed_group_id: addressedGroupId,
        pair_id: pair?.id ?? null,
        kind: input.kind,
        title: input.title,
        language,
        author_id: actor.id,
        asker_country: author.country,
        created_at: now,
        last_activity_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const post = await trx
      .insertInto("posts")
      .values({
        thread_id: thread.id,
        position: 1,
        depth: 0,
        author_id: actor.id,
        language,
        source: input.body,
        html: content.html,
        plain_text: content.plainText,
        search_vector: searchVector(language, input.title, content.plainText),
        author_was_expert: actor.verifiedExpert,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.updateTable("posts").set({ root_id: post.id }).where("id", "=", post.id).execute();
    await trx.updateTable("threads").set({ opening_post_id: post.id }).where("id", "=", thread.id).execute();
    await recordDocumentMentions(trx, post.id, input.body, ctx.deps.config.publicUrl);
    await trx
      .insertInto("post_revisions")
      .values({ post_id: post.id, number: 1, title: input.title, source: input.body, editor_id: actor.id, created_at: now })
      .execute();
    if (tagIds.length) {
      await trx.insertInto("thread_tags").values(tagIds.map((tag_id) => ({ thread_id: thread.id, tag_id }))).execute();
    }
    await trx
      .insertInto("thread_reads")
      .values({ user_id: actor.id, thread_id: thread.id, last_read_position: 1, updated_at: now })
      .execute();
    await trx
      .deleteFrom("drafts")
      .where("user_id", "=", actor.id)
      .where("key", "=", input.pairId ? `thread:pair:${input.pairId}` : input.groupId ? `thread:group:${input.groupId}` : `thread:topic:${place.topicId}`)
      .execute();
    await followByDefault(trx, actor.id, thread.id, "created");
    if (pair) await followByDefault(trx, pair.coAuthorId, thread.id, "created");
    const created = { id: thread.id, space_id: place.spaceId, topic_id: place.topicId, addressed_group_id: addressedGroupId, kind: input.kind, author_id: actor.id, locked_at: null, deleted_at: null };
    await notifyAboutNewPost(trx, ctx, after, {
      thread: created,
      postId: post.id,
      authorId: actor.id,
      answeredAuthorId: null,
      mentionedHandles: content.mentionedHandles,
      isNewThread: true,
    });
    const listPlace = await listPlaceOf(trx, created);
    after.list(listPlace, "thread:activity", { threadId: thread.id, kind: "thread", place: listPlace });
    // Other knowledge platforms hear of new public threads (webhooks); private spaces stay silent.
    if (space.visibility === "public") {
      queuedWebhooks = await queueThreadCreated(trx, ctx.deps, { id: thread.id, title: input.title, kind: input.kind, language, topicId: place.topicId, authorId: actor.id, createdAt: now });
    }
    await idempotency.complete(trx, { threadId: thread.id, postId: post.id });
    return { threadId: thread.id, postId: post.id };
  });
  await after.flush();
  if (queuedWebhooks) ctx.deps.webhooks?.kick();
  return result;
}

/** Changes a thread's title and tags (its author, or a moderator); the opening post keeps the revision. */
export async function editThread(ctx: ServiceContext, raw: unknown): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(editThreadSchema, raw);
  const { thread, space } = await loadVisibleThread(ctx, input.threadId);
  const opening = await ctx.db.selectFrom("posts").selectAll().where("id", "=", thread.opening_post_id!).executeTakeFirstOrThrow();
  ctx.guardian.ensure(
    ctx.guardian.canEditPost({ authorId: opening.author_id, deletedAt: opening.deleted_at, isOpening: true }, threadFacts(thread), space),
  );
  const tagIds = await resolveTagIds(ctx.db, input.tags, thread.space_id);
  const now = ctx.deps.now();
  await ctx.db.transaction().execute(async (trx) => {
    if (input.title !== thread.title) {
      await trx.updateTable("threads").set({ title: input.title }).where("id", "=", thread.id).execute();
      const number = opening.revision_count + 1;
      await trx
        .updateTable("posts")
        .set({
          revision_count: number,
          edited_at: now,
          search_vector: searchVector(opening.language, input.title, opening.plain_text),
        })
        .where("id", "=", opening.id)
        .execute();
      await trx
        .insertInto("post_revisions")
        .values({ post_id: opening.id, number, title: input.title, source: opening.source, editor_id: actor.id, created_at: now })
        .execute();
    }
    await trx.deleteFrom("thread_tags").where("thread_id", "=", thread.id).execute();
    if (tagIds.length) {
      await trx.insertInto("thread_tags").values(tagIds.map((tag_id) => ({ thread_id: thread.id, tag_id }))).execute();
    }
  });
}

/**
 * One page of threads, newest activity (or creation) first, with filters, using a keyset cursor:
 * every page costs the same however many threads exist.
 */
export async function listThreads(ctx: ServiceContext, raw: unknown): Promise<ThreadListDto> {
  const input = parseInput(listThreadsSchema, raw);
  const cursor = decodeCursor(input.cursor);
  const byCreation = input.view === "newest";
  const sortColumn = byCreation ? "threads.created_at" : "threads.last_activity_at";

  let query = ctx.db
    .selectFrom("threads")
    .innerJoin("topics", "topics.id", "threads.topic_id")
    .select([
      "threads.id",
      "threads.title",
      "threads.kind",
      "threads.language",
      "threads.author_id",
      "threads.reply_count",
      "threads.solution_post_id",
      "threads.created_at",
      "threads.last_activity_at",
      "threads.last_position",
      "threads.pair_id",
      "topics.slug as topic_slug",
      "topics.name as topic_name",
    ])
    .where("threads.deleted_at", "is", null)
    .where(threadVisibleTo(ctx.actor));

  if (input.topic) query = query.where("topics.slug", "=", input.topic);
  if (input.group) {
    const group = await ctx.db.selectFrom("groups").select(["id", "space_id"]).where("slug", "=", input.group).executeTakeFirst();
    if (input.awaitingExpert) {
      query = query
        .where("threads.addressed_group_id", "=", group?.id ?? -1)
        .where("threads.first_expert_reply_at", "is", null)
        .where("threads.solution_post_id", "is", null);
    } else {
      // A group's threads: those in its space, and for an expert group the questions addressed to it.
      query = query.where((eb) =>
        eb.or([eb("threads.space_id", "=", group?.space_id ?? -1), eb("threads.addressed_group_id", "=", group?.id ?? -1)]),
      );
    }
  }
  if (input.pair) {
    const pair = await ctx.db.selectFrom("pairs").select(["id", "space_id"]).where("id", "=", input.pair).executeTakeFirst();
    query = query.where((eb) => eb.or([eb("threads.space_id", "=", pair?.space_id ?? -1), eb("threads.pair_id", "=", pair?.id ?? -1)]));
  }
  if (input.language) query = query.where("threads.language", "=", input.language);
  if (input.country) query = query.where("threads.asker_country", "=", input.country);
  if (input.tag) query = query.where(threadHasTag(input.tag));
  if (input.view === "unanswered") query = query.where("threads.reply_count", "=", 0);
  if (input.view === "unsolved") query = query.where("threads.kind", "=", "question").where("threads.solution_post_id", "is", null);
  if (input.view === "solved") query = query.where("threads.solution_post_id", "is not", null);
  // In a topic's or group's latest list, pinned threads stand apart on the first page, above the keyset flow.
  const separatePinned = (input.topic || input.group) && input.view === "latest" && !input.awaitingExpert;
  const pinnedRows = separatePinned && !cursor ? await query.where("threads.pinned_at", "is not", null).orderBy("threads.pinned_at", "desc").limit(10).execute() : [];
  if (separatePinned) query = query.where("threads.pinned_at", "is", null);
  if (cursor) {
    const value = new Date(String(cursor.value));
    if (Number.isNaN(value.getTime())) throw new AppError("VALIDATION", "validation.cursor_invalid");
    query = query.where((eb) => eb(eb.refTuple(sortColumn, "threads.id"), "<", eb.tuple(value, cursor.id)));
  }
  const rows = await query.orderBy(sortColumn, "desc").orderBy("threads.id", "desc").limit(input.limit + 1).execute();
  const listed = rows.slice(0, input.limit);
  const page = [...pinnedRows, ...listed];
  const ids = page.map((row) => row.id);
  const coAuthors = await loadCoAuthorIds(ctx.db, page);
  const [authors, tags, reads] = await Promise.all([
    loadAuthors(ctx.db, [...page.map((row) => row.author_id), ...coAuthors.values()]),
    loadThreadTags(ctx.db, ids, ctx.locale),
    ctx.actor && ids.length
      ? ctx.db
          .selectFrom("thread_reads")
          .select(["thread_id", "last_read_position"])
          .where("user_id", "=", ctx.actor.id)
          .where("thread_id", "in", ids)
          .execute()
      : Promise.resolve([]),
  ]);
  const readBy = new Map(reads.map((read) => [read.thread_id, read.last_read_position]));
  const pinnedIds = new Set(pinnedRows.map((row) => row.id));
  const threads: ThreadSummaryDto[] = page.map((row) => {
    const lastRead = readBy.get(row.id);
    return {
      id: row.id,
      title: row.title,
      kind: row.kind,
      language: row.language,
      topic: { slug: row.topic_slug, name: pickLocalized(row.topic_name, ctx.locale) },
      author: row.author_id ? authors.get(row.author_id) ?? null : null,
      coAuthor: coAuthors.has(row.id) ? authors.get(coAuthors.get(row.id)!) ?? null : null,
      tags: tags.get(row.id) ?? [],
      replyCount: row.reply_count,
      solved: row.solution_post_id !== null,
      createdAt: row.created_at.toISOString(),
      lastActivityAt: row.last_activity_at.toISOString(),
      unreadCount: ctx.actor && lastRead !== undefined ? Math.max(0, row.last_position - lastRead) : null,
      isNew: ctx.actor !== null && lastRead === undefined,
      pinned: pinnedIds.has(row.id),
    };
  });
  const last = listed[listed.length - 1];
  return {
    threads,
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor((byCreation ? last.created_at : last.last_activity_at).toISOString(), last.id)
        : null,
  };
}

