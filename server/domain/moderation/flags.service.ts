// Flags: members point moderators at a post; the moderators of its place review them in a queue.
import { sql, type Transaction } from "kysely";
import type { DB } from "../../../db/connection";
import type { Database, FlagReason } from "../../../db/schema";
import { spaceVisibleTo } from "../../../db/queries/visibility.queries";
import { AppError } from "../../../shared/errors";
import { parseInput } from "../../../shared/schemas/parse";
import { postIdSchema } from "../../../shared/schemas/forum.schema";
import type { ServiceContext } from "../../context";
import { loadSpaceFacts, loadVisiblePost, postFacts, threadFacts } from "../forum/access";
import { decodeCursor, encodeCursor } from "../forum/cursor";
import type { AuthorDto } from "../forum/forum.dto";
import { loadAuthors } from "../forum/people";
import { recordAudit } from "./audit";
import { flagIdSchema, flagPostSchema, listFlagsSchema } from "./moderation.schema";
import { loadModeratedPost } from "./moderation-access";

export const FLAG_PAGE_SIZE = 30;
const EXCERPT_LENGTH = 280;

export interface FlagDto {
  id: number;
  reason: FlagReason;
  note: string;
  status: "open" | "actioned" | "dismissed";
  resolution: string | null;
  createdAt: string;
  resolvedAt: string | null;
  flagger: AuthorDto | null;
  resolvedBy: AuthorDto | null;
  spaceId: number;
  post: {
    id: number;
    threadId: number;
    threadTitle: string;
    position: number;
    author: AuthorDto | null;
    excerpt: string;
    hidden: boolean;
    deleted: boolean;
  };
}

export interface FlagPage {
  flags: FlagDto[];
  nextCursor: string | null;
}

export interface FlagFormDto {
  postId: number;
  threadId: number;
  threadTitle: string;
  position: number;
  author: AuthorDto | null;
  alreadyFlagged: boolean;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";
}

/** The post a member may flag (anyone signed in who can see it, not its author), or NOT_FOUND. */
async function loadFlaggablePost(ctx: ServiceContext, postId: number) {
  const loaded = await loadVisiblePost(ctx, postId);
  const { post, thread, space } = loaded;
  // A hidden post is a tombstone to members: there is nothing of it left for them to flag.
  const seesContent = post.hidden_at === null || ctx.guardian.canModerate(space);
  ctx.guardian.ensure(ctx.guardian.canFlag(postFacts(post), threadFacts(thread), space) && seesContent);
  return loaded;
}

/** What the flag page shows: which post, and whether this member already has an open flag on it. */
export async function getFlagForm(ctx: ServiceContext, raw: unknown): Promise<FlagFormDto> {
  const { postId } = parseInput(postIdSchema, raw);
  const { post, thread } = await loadFlaggablePost(ctx, postId);
  const [authors, existing] = await Promise.all([
    loadAuthors(ctx.db, [post.author_id]),
    ctx.db
      .selectFrom("flags")
      .select("id")
      .where("post_id", "=", post.id)
      .where("flagger_id", "=", ctx.actor!.id)
      .where("status", "=", "open")
      .executeTakeFirst(),
  ]);
  return {
    postId: post.id,
    threadId: thread.id,
    threadTitle: thread.title,
    position: post.position,
    author: post.author_id ? authors.get(post.author_id) ?? null : null,
    alreadyFlagged: existing !== undefined,
  };
}

/** Flags a post for the moderators of its place; one open flag per member and post. */
export async function flagPost(ctx: ServiceContext, raw: unknown): Promise<{ flagId: number }> {
  const input = parseInput(flagPostSchema, raw);
  const { post, thread } = await loadFlaggablePost(ctx, input.postId);
  const actor = ctx.actor!;
  const existing = await ctx.db
    .selectFrom("flags")
    .select("id")
    .where("post_id", "=", post.id)
    .where("flagger_id", "=", actor.id)
    .where("status", "=", "open")
    .executeTakeFirst();
  if (existing) throw new AppError("CONFLICT", "moderation.already_flagged");
  try {
    const row = await ctx.db
      .insertInto("flags")
      .values({
        post_id: post.id,
        space_id: thread.space_id,
        flagger_id: actor.id,
        reason: input.reason,
        note: input.note,
        created_at: ctx.deps.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ctx.logger.info({ flagId: row.id, postId: post.id }, "post flagged");
    return { flagId: row.id };
  } catch (error) {
    // Two submissions at once: the partial unique index keeps one open flag.
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "moderation.already_flagged");
    throw error;
  }
}

/**
 * The review queue. With a spaceId: that space's flags, for those who moderate it (a group's owner and
 * moderators, site staff who can see it). Without: every place the actor moderates — for site staff,
 * every space they can see; for group moderators, their groups. Open flags come oldest first,
 * resolved ones newest first, a keyset page at a time.
 */
export async function listFlags(ctx: ServiceContext, raw: unknown = {}): Promise<FlagPage> {
  const input = parseInput(listFlagsSchema, raw ?? {});
  const actor = ctx.actor;
  ctx.guardian.ensure(actor !== null);
  const cursor = decodeCursor(input.cursor);

  let query = ctx.db
    .selectFrom("flags")
    .innerJoin("posts", "posts.id", "flags.post_id")
    .innerJoin("threads", "threads.id", "posts.thread_id")
    .select([
      "flags.id",
      "flags.reason",
      "flags.note",
      "flags.status",
      "flags.resolution",
      "flags.created_at",
      "flags.resolved_at",
      "flags.flagger_id",
      "flags.resolved_by",
      "threads.space_id",
      "posts.id as post_id",
      "posts.position",
      "posts.author_id",
      "posts.hidden_at",
      "posts.deleted_at",
      sql<string>`left(posts.plain_text, ${EXCERPT_LENGTH})`.as("excerpt"),
      "threads.id as thread_id",
      "threads.title as thread_title",
    ]);

  // Where the post lives now (threads.space_id) decides whose queue it is in, even after a move.
  if (input.spaceId !== undefined) {
    const space = await loadSpaceFacts(ctx.db, input.spaceId, actor);
    ctx.guardian.ensure(ctx.guardian.canViewSpace(space) && ctx.guardian.canModerate(space));
    query = query.where("threads.space_id", "=", input.spaceId);
  } else if (ctx.guardian.isStaff()) {
    query = query.where(spaceVisibleTo(actor, sql.ref<number>("threads.space_id")));
  } else {
    const moderated = await ctx.db
      .selectFrom("space_members")
      .select("space_id")
      .where("user_id", "=", actor!.id)
      .where("role", "in", ["owner", "moderator"])
      .execute();
    ctx.guardian.ensure(moderated.length > 0);
    query = query.where(
      "threads.space_id",
      "in",
      moderated.map((row) => row.space_id),
    );
  }

  const open = input.status === "open";
  query = open ? query.where("flags.status", "=", "open") : query.where("flags.status", "in", ["actioned", "dismissed"]);
  if (cursor) {
    const value = new Date(String(cursor.value));
    if (Number.isNaN(value.getTime())) throw new AppError("VALIDATION", "validation.cursor_invalid");
    query = query.where((eb) => eb(eb.refTuple("flags.created_at", "flags.id"), open ? ">" : "<", eb.tuple(value, cursor.id)));
  }
  const direction = open ? "asc" : "desc";
  const rows = await query
    .orderBy("flags.created_at", direction)
    .orderBy("flags.id", direction)
    .limit(FLAG_PAGE_SIZE + 1)
    .execute();
  const page = rows.slice(0, FLAG_PAGE_SIZE);
  const authors = await loadAuthors(ctx.db, page.flatMap((row) => [row.author_id, row.flagger_id, row.resolved_by]));
  const author = (id: number | null) => (id ? authors.get(id) ?? null : null);
  const last = page[page.length - 1];
  return {
    flags: page.map((row) => ({
      id: row.id,
      reason: row.reason,
      note: row.note,
      status: row.status,
      resolution: row.resolution,
      createdAt: row.created_at.toISOString(),
      resolvedAt: row.resolved_at?.toISOString() ?? null,
      flagger: author(row.flagger_id),
      resolvedBy: author(row.resolved_by),
      spaceId: row.space_id,
      post: {
        id: row.post_id,
        threadId: row.thread_id,
        threadTitle: row.thread_title,
        position: row.position,
        author: author(row.author_id),
        excerpt: row.excerpt,
        hidden: row.hidden_at !== null,
        deleted: row.deleted_at !== null,
      },
    })),
    nextCursor: rows.length > FLAG_PAGE_SIZE && last ? encodeCursor(last.created_at.toISOString(), last.id) : null,
  };
}

/** Closes a flag without acting on the post (recorded in the audit log). */
export async function dismissFlag(ctx: ServiceContext, raw: unknown): Promise<void> {
  const input = parseInput(flagIdSchema, raw);
  const flag = await ctx.db.selectFrom("flags").selectAll().where("id", "=", input.flagId).executeTakeFirst();
  if (!flag) throw new AppError("NOT_FOUND", "errors.not_found");
  const { thread } = await loadModeratedPost(ctx, flag.post_id);
  if (flag.status !== "open") return;
  const now = ctx.deps.now();
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("flags")
      .set({ status: "dismissed", resolved_by: ctx.actor!.id, resolved_at: now, resolution: "dismissed" })
      .where("id", "=", flag.id)
      .where("status", "=", "open")
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return;
    await recordAudit(trx, ctx, {
      action: "flag_dismissed",
      targetType: "flag",
      targetId: flag.id,
      spaceId: thread.space_id,
      reason: input.reason,
      details: { postId: flag.post_id, threadId: thread.id, flagReason: flag.reason },
    });
  });
}

/** Marks a post's open flags as acted on (a moderator hid or deleted it). */
export async function resolveOpenFlags(trx: Transaction<Database> | DB, ctx: ServiceContext, postId: number, resolution: string): Promise<number> {
  const result = await trx
    .updateTable("flags")
    .set({ status: "actioned", resolved_by: ctx.actor!.id, resolved_at: ctx.deps.now(), resolution })
    .where("post_id", "=", postId)
    .where("status", "=", "open")
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}
