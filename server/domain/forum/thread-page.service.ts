import { sql } from "kysely";
import type { PostRow } from "../../../db/schema";
import { pickLocalized } from "../../../shared/i18n";
import { parseInput } from "../../../shared/schemas/parse";
import { threadPageSchema } from "../../../shared/schemas/forum.schema";
import type { SpaceFacts } from "../../../shared/guardian";
import type { ServiceContext } from "../../context";
import { isTopicExpert, loadVisibleThread, postFacts, threadFacts } from "./access";
import type { AuthorDto, PostDto, ThreadPageDto } from "./forum.dto";
import { loadAuthors } from "./people";
import { loadThreadTags } from "./tags";
import { loadCoAuthorIds } from "../pairs/pair-threads";
import { threadFollowState, type FollowStateDto } from "../notifications/follows.service";

export const TOP_LEVEL_PAGE_SIZE = 20;
export const CHILDREN_SHOWN = 10;

type PostColumns = Pick<
  PostRow,
  | "id"
  | "position"
  | "parent_id"
  | "root_id"
  | "depth"
  | "author_id"
  | "html"
  | "deleted_at"
  | "deleted_by_role"
  | "created_at"
  | "edited_at"
  | "revision_count"
  | "helpful_count"
  | "hidden_at"
  | "hidden_reason"
>;

const postColumns = [
  "id",
  "position",
  "parent_id",
  "root_id",
  "depth",
  "author_id",
  "html",
  "deleted_at",
  "deleted_by_role",
  "created_at",
  "edited_at",
  "revision_count",
  "helpful_count",
  "hidden_at",
  "hidden_reason",
] as const;

/** A post as the thread page shows it, with what moderation adds: hidden state, flags, moderators' controls. */
export interface ThreadPagePostDto extends Omit<PostDto, "can" | "children"> {
  /** Hidden by a moderator: members get a tombstone (html null); moderators still get the post, marked. */
  hidden: boolean;
  /** Only for those who moderate there. */
  hiddenReason: string | null;
  /** The viewer has an open flag on this post. */
  flaggedByMe: boolean;
  /** Open flags on the post, counted for those who moderate there (0 for everyone else). */
  openFlags: number;
  can: PostDto["can"] & { flag: boolean; moderate: boolean };
  children?: ThreadPagePostDto[];
}

/** The thread page: forum.dto's ThreadPageDto plus pinned and closed states and moderators' rights. */
export interface ThreadPageViewDto extends Omit<ThreadPageDto, "thread" | "opening" | "solution" | "posts"> {
  thread: ThreadPageDto["thread"] & { pinned: boolean; closed: boolean };
  opening: ThreadPagePostDto | null;
  solution: ThreadPagePostDto | null;
  posts: ThreadPagePostDto[];
  viewer: {
    /** The viewer moderates this thread's place: the page shows moderators' controls. */
    canModerate: boolean;
    /** Why the viewer may not post here, when a moderator silenced them. */
    silencedUntil: string | null;
    /** How the signed-in viewer follows the thread (null for visitors). */
    follow: FollowStateDto | null;
  };
}

/**
 * One page of a thread: up to 20 top-level posts after a position (keyset), each with its first
 * nested replies (bounded), plus the opening post and the solution. The cost does not grow with the thread.
 */
export async function getThreadPage(ctx: ServiceContext, raw: unknown): Promise<ThreadPageViewDto> {
  const input = parseInput(threadPageSchema, raw);
  const { thread, space } = await loadVisibleThread(ctx, input.threadId);
  const facts = threadFacts(thread);
  const moderates = ctx.guardian.canModerate(space);

  let lastRead: number | null = null;
  if (ctx.actor) {
    const read = await ctx.db
      .selectFrom("thread_reads")
      .select("last_read_position")
      .where("user_id", "=", ctx.actor.id)
      .where("thread_id", "=", thread.id)
      .executeTakeFirst();
    lastRead = read?.last_read_position ?? null;
  }

  // Without an explicit position, a member returns to the page holding their first unread post.
  let after = input.after ?? 1;
  let firstUnreadPostId: number | null = null;
  if (input.after === undefined && input.unread !== false && lastRead !== null && lastRead < thread.last_position) {
    const firstUnread = await ctx.db
      .selectFrom("posts")
      .select(["id", "root_id"])
      .where("thread_id", "=", thread.id)
      .where("position", ">", lastRead)
      .orderBy("position")
      .limit(1)
      .executeTakeFirst();
    if (firstUnread) {
      firstUnreadPostId = firstUnread.id;
      const root = await ctx.db.selectFrom("posts").select("position").where("id", "=", firstUnread.root_id!).executeTakeFirst();
      if (root) after = await pageCursorFor(ctx, thread.id, root.position);
    }
  }

  const topLevel = await ctx.db
    .selectFrom("posts")
    .select(postColumns)
    .where("thread_id", "=", thread.id)
    .where("depth", "=", 0)
    .where("position", ">", after)
    .orderBy("position")
    .limit(TOP_LEVEL_PAGE_SIZE + 1)
    .execute();
  const pageRoots = topLevel.slice(0, TOP_LEVEL_PAGE_SIZE);

  // Nested replies: a bounded number per root, through a lateral join so a huge sub-thread costs the same.
  const rootIds = pageRoots.map((post) => post.id);
  const children = rootIds.length
    ? await sql<PostColumns & { child_total: number }>`
        select c.*, (select count(*)::int from posts x where x.root_id = r.id and x.depth > 0) as child_total
        from unnest(${sql.val(rootIds)}::int[]) as r(id)
        cross join lateral (
          select ${sql.join(postColumns.map((column) => sql.ref(`p.${column}`)))}
          from posts p
          where p.root_id = r.id and p.depth > 0
          order by p.position
          limit ${CHILDREN_SHOWN}
        ) c
        order by c.position`.execute(ctx.db)
    : { rows: [] };

  const [opening, solution, previous] = await Promise.all([
    after === 1 || after === 0
      ? ctx.db.selectFrom("posts").select(postColumns).where("id", "=", thread.opening_post_id!).executeTakeFirst()
      : Promise.resolve(undefined),
    thread.solution_post_id
      ? ctx.db.selectFrom("posts").select(postColumns).where("id", "=", thread.solution_post_id).executeTakeFirst()
      : Promise.resolve(undefined),
    after > 1
      ? ctx.db
          .selectFrom("posts")
          .select("position")
          .where("thread_id", "=", thread.id)
          .where("depth", "=", 0)
          .where("position", "<=", after)
          .where("position", ">", 1)
          .orderBy("position", "desc")
          .limit(TOP_LEVEL_PAGE_SIZE + 1)
          .execute()
      : Promise.resolve([]),
  ]);

  const allPosts: PostColumns[] = [...pageRoots, ...children.rows, ...(opening ? [opening] : []), ...(solution ? [solution] : [])];
  const parentIds = [...new Set(children.rows.filter((post) => post.depth > 1).map((post) => post.parent_id!))];
  const postIds = allPosts.map((post) => post.id);
  const coAuthorId = (await loadCoAuthorIds(ctx.db, [thread])).get(thread.id) ?? null;
  const [authors, tags, votes, parents, topic, myFlags, openFlags, silenced] = await Promise.all([
    loadAuthors(ctx.db, [...allPosts.map((post) => post.author_id), thread.author_id, coAuthorId]),
    loadThreadTags(ctx.db, [thread.id], ctx.locale),
    ctx.actor && allPosts.length
      ? ctx.db
          .selectFrom("post_votes")
          .select("post_id")
          .where("user_id", "=", ctx.actor.id)
          .where("post_id", "in", postIds)
          .execute()
      : Promise.resolve([]),
    parentIds.length
      ? ctx.db
          .selectFrom("posts")
          .leftJoin("users", "users.id", "posts.author_id")
          .select(["posts.id", "users.handle"])
          .where("posts.id", "in", parentIds)
          .execute()
      : Promise.resolve([]),
    ctx.db.selectFrom("topics").select(["id", "slug", "name"]).where("id", "=", thread.topic_id).executeTakeFirstOrThrow(),
    ctx.actor && postIds.length
      ? ctx.db
          .selectFrom("flags")
          .select("post_id")
          .where("flagger_id", "=", ctx.actor.id)
          .where("status", "=", "open")
          .where("post_id", "in", postIds)
          .execute()
      : Promise.resolve([]),
    moderates && postIds.length
      ? ctx.db
          .selectFrom("flags")
          .select(["post_id", (eb) => eb.fn.countAll<number>().as("count")])
          .where("status", "=", "open")
          .where("post_id", "in", postIds)
          .groupBy("post_id")
          .execute()
      : Promise.resolve([]),
    ctx.actor?.silenced
      ? ctx.db.selectFrom("users").select("silenced_until").where("id", "=", ctx.actor.id).executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  const flaggedByMe = new Set(myFlags.map((flag) => flag.post_id));
  const openFlagCount = new Map(openFlags.map((row) => [row.post_id, Number(row.count)]));
  const parentHandle = new Map(parents.map((parent) => [parent.id, parent.handle]));
  const voted = new Set(votes.map((vote) => vote.post_id));

  const toDto = (post: PostColumns): ThreadPagePostDto => {
    const pf = postFacts(post);
    const deleted = post.deleted_at ? (post.deleted_by_role ?? "moderator") : null;
    const hidden = post.hidden_at !== null;
    // Members see a hidden post as a tombstone; those who moderate there still see it, marked.
    const tombstoned = deleted !== null || (hidden && !moderates);
    const can = canFlags(ctx, pf, facts, space);
    return {
      id: post.id,
      position: post.position,
      parentId: post.parent_id,
      parentAuthorHandle: post.depth > 1 ? parentHandle.get(post.parent_id!) ?? null : null,
      rootId: post.root_id ?? post.id,
      depth: post.depth,
      author: post.author_id ? (authors.get(post.author_id) as AuthorDto | undefined) ?? null : null,
      html: tombstoned ? null : post.html,
      deleted,
      hidden,
      hiddenReason: hidden && moderates ? post.hidden_reason : null,
      flaggedByMe: flaggedByMe.has(post.id),
      openFlags: moderates ? openFlagCount.get(post.id) ?? 0 : 0,
      createdAt: post.created_at.toISOString(),
      editedAt: post.edited_at?.toISOString() ?? null,
      revisionCount: post.revision_count,
      helpfulCount: post.helpful_count,
      votedHelpful: voted.has(post.id),
      isSolution: thread.solution_post_id === post.id,
      can:
        hidden && !moderates
          ? { edit: false, delete: can.delete, vote: false, reply: false, flag: false, moderate: false }
          : {
              ...can,
              reply: can.reply && thread.closed_at === null,
              flag: can.flag && !flaggedByMe.has(post.id),
              moderate: moderates,
            },
    };
  };

  const childrenByRoot = new Map<number, ThreadPagePostDto[]>();
  const childTotals = new Map<number, number>();
  for (const child of children.rows) {
    const list = childrenByRoot.get(child.root_id!) ?? [];
    list.push(toDto(child));
    childrenByRoot.set(child.root_id!, list);
    childTotals.set(child.root_id!, child.child_total);
  }
  const posts = pageRoots.map((root) => {
    const dto = toDto(root);
    dto.children = childrenByRoot.get(root.id) ?? [];
    dto.moreChildren = Math.max(0, (childTotals.get(root.id) ?? 0) - dto.children.length);
    return dto;
  });
  const openingDto = opening ? toDto(opening) : null;
  if (openingDto) {
    openingDto.children = childrenByRoot.get(opening!.id) ?? [];
  }

  return {
    thread: {
      id: thread.id,
      title: thread.title,
      kind: thread.kind,
      language: thread.language,
      topic: { id: topic.id, slug: topic.slug, name: pickLocalized(topic.name, ctx.locale) },
      tags: tags.get(thread.id) ?? [],
      author: thread.author_id ? authors.get(thread.author_id) ?? null : null,
      coAuthor: coAuthorId ? authors.get(coAuthorId) ?? null : null,
      createdAt: thread.created_at.toISOString(),
      replyCount: thread.reply_count,
      lastPosition: thread.last_position,
      solvedAt: thread.solved_at?.toISOString() ?? null,
      firstExpertReplyAt: thread.first_expert_reply_at?.toISOString() ?? null,
      locked: thread.locked_at !== null,
      deleted: thread.deleted_at !== null,
      pinned: thread.pinned_at !== null,
      closed: thread.closed_at !== null,
    },
    opening: openingDto,
    solution: solution && !solution.deleted_at && (!solution.hidden_at || moderates) ? toDto(solution) : null,
    posts,
    nextAfter: topLevel.length > TOP_LEVEL_PAGE_SIZE ? pageRoots[pageRoots.length - 1].position : null,
    previousAfter: after > 1 ? (previous.length > TOP_LEVEL_PAGE_SIZE ? previous[previous.length - 1].position : 1) : null,
    firstUnreadPostId,
    can: {
      // Closed: no new replies from anyone until a moderator reopens it.
      reply: ctx.guardian.canReply(facts, space) && thread.closed_at === null,
      markSolution: ctx.guardian.canMarkSolution({ ...facts, actorIsTopicExpert: await isTopicExpert(ctx.db, ctx.actor, thread.topic_id), coAuthorId }, space),
      editThread: opening
        ? ctx.guardian.canEditPost(postFacts(opening), facts, space) && (opening.hidden_at === null || moderates)
        : ctx.guardian.isStaff(),
    },
    viewer: { canModerate: moderates, silencedUntil: silenced?.silenced_until?.toISOString() ?? null, follow: await threadFollowState(ctx, thread.id, thread.space_id) },
  };
}

/**
 * The cursor of the regular page (of 20 top-level posts) that holds the top-level post at a position,
 * so permalinks and "first unread" land on the same pages as plain paging.
 */
export async function pageCursorFor(ctx: ServiceContext, threadId: number, rootPosition: number): Promise<number> {
  if (rootPosition <= 1) return 1;
  const earlier = await ctx.db
    .selectFrom("posts")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("thread_id", "=", threadId)
    .where("depth", "=", 0)
    .where("position", ">", 1)
    .where("position", "<", rootPosition)
    .executeTakeFirstOrThrow();
  const pageStartIndex = Math.floor(Number(earlier.count) / TOP_LEVEL_PAGE_SIZE) * TOP_LEVEL_PAGE_SIZE;
  if (pageStartIndex === 0) return 1;
  const cursor = await ctx.db
    .selectFrom("posts")
    .select("position")
    .where("thread_id", "=", threadId)
    .where("depth", "=", 0)
    .where("position", ">", 1)
    .orderBy("position")
    .offset(pageStartIndex - 1)
    .limit(1)
    .executeTakeFirstOrThrow();
  return cursor.position;
}

function canFlags(ctx: ServiceContext, post: ReturnType<typeof postFacts>, thread: ReturnType<typeof threadFacts>, space: SpaceFacts) {
  return {
    edit: ctx.guardian.canEditPost(post, thread, space),
    delete: ctx.guardian.canDeletePost(post, thread, space),
    vote: ctx.guardian.canVote(post, thread, space),
    reply: post.deletedAt === null && ctx.guardian.canReply(thread, space),
    flag: ctx.guardian.canFlag(post, thread, space),
  };
}
