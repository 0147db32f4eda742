import { z } from "zod";
import { AppError } from "../../../shared/errors";
import { pickLocalized } from "../../../shared/i18n";
import { parseInput } from "../../../shared/schemas/parse";
import { threadVisibleTo } from "../../../db/queries/visibility.queries";
import type { ServiceContext } from "../../context";
import { markdownToPlainText } from "../content/markdown";
import { decodeCursor, encodeCursor } from "./cursor";

const PAGE_SIZE = 20;

export interface ActivityItemDto {
  postId: number;
  threadId: number;
  threadTitle: string;
  topic: { slug: string; name: string };
  kind: "thread" | "reply" | "solution";
  excerpt: string;
  createdAt: string;
}

const activitySchema = z.object({
  handle: z.string().trim().toLowerCase().min(1).max(30),
  kind: z.enum(["threads", "replies", "solutions"]).catch("threads").default("threads"),
  cursor: z.string().max(200).optional(),
});

/**
 * A member's threads, replies or accepted solutions, only in threads the viewer may see
 * (the permission filter is inside the query, so counts and pages never hint at hidden content).
 */
export async function listMemberActivity(ctx: ServiceContext, raw: unknown): Promise<{ items: ActivityItemDto[]; nextCursor: string | null }> {
  const input = parseInput(activitySchema, raw);
  const member = await ctx.db
    .selectFrom("users")
    .select(["id", "email_verified_at"])
    .where("handle", "=", input.handle)
    .executeTakeFirst();
  if (!member || !member.email_verified_at) throw new AppError("NOT_FOUND", "errors.not_found");
  const cursor = decodeCursor(input.cursor);

  let query = ctx.db
    .selectFrom("posts")
    .innerJoin("threads", "threads.id", "posts.thread_id")
    .innerJoin("topics", "topics.id", "threads.topic_id")
    .select([
      "posts.id as post_id",
      "posts.source",
      "posts.created_at",
      "posts.position",
      "threads.id as thread_id",
      "threads.title",
      "threads.solution_post_id",
      "topics.slug as topic_slug",
      "topics.name as topic_name",
    ])
    .where("posts.author_id", "=", member.id)
    .where("posts.deleted_at", "is", null)
    .where("threads.deleted_at", "is", null)
    .where(threadVisibleTo(ctx.actor));
  if (!ctx.guardian.isStaff()) query = query.where("posts.hidden_at", "is", null);
  if (input.kind === "threads") query = query.where("posts.position", "=", 1);
  if (input.kind === "replies") query = query.where("posts.position", ">", 1);
  if (input.kind === "solutions") query = query.whereRef("threads.solution_post_id", "=", "posts.id");
  if (cursor) {
    const value = new Date(String(cursor.value));
    query = query.where((eb) => eb(eb.refTuple("posts.created_at", "posts.id"), "<", eb.tuple(value, cursor.id)));
  }
  const rows = await query.orderBy("posts.created_at", "desc").orderBy("posts.id", "desc").limit(PAGE_SIZE + 1).execute();
  const page = rows.slice(0, PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      postId: row.post_id,
      threadId: row.thread_id,
      threadTitle: row.title,
      topic: { slug: row.topic_slug, name: pickLocalized(row.topic_name, ctx.locale) },
      kind: row.position === 1 ? "thread" : row.solution_post_id === row.post_id ? "solution" : "reply",
      excerpt: markdownToPlainText(row.source, 220),
      createdAt: row.created_at.toISOString(),
    })),
    nextCursor: rows.length > PAGE_SIZE && last ? encodeCursor(last.created_at.toISOString(), last.post_id) : null,
  };
}

/** Counts for a profile's tabs, over what the viewer may see. */
export async function countMemberActivity(ctx: ServiceContext, handle: string): Promise<{ threads: number; replies: number; solutions: number }> {
  const member = await ctx.db.selectFrom("users").select("id").where("handle", "=", handle.toLowerCase()).executeTakeFirst();
  if (!member) throw new AppError("NOT_FOUND", "errors.not_found");
  const row = await ctx.db
    .selectFrom("posts")
    .innerJoin("threads", "threads.id", "posts.thread_id")
    .select((eb) => [
      eb.fn.count<number>("posts.id").filterWhere("posts.position", "=", 1).as("threads"),
      eb.fn.count<number>("posts.id").filterWhere("posts.position", ">", 1).as("replies"),
      eb.fn.count<number>("posts.id").filterWhereRef("threads.solution_post_id", "=", "posts.id").as("solutions"),
    ])
    .where("posts.author_id", "=", member.id)
    .where("posts.deleted_at", "is", null)
    .where("threads.deleted_at", "is", null)
    .where(threadVisibleTo(ctx.actor))
    .$if(!ctx.guardian.isStaff(), (qb) => qb.where("posts.hidden_at", "is", null))
    .executeTakeFirstOrThrow();
  return { threads: Number(row.threads), replies: Number(row.replies), solutions: Number(row.solutions) };
}
