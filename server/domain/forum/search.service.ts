import { sql } from "kysely";
import { AppError } from "../../../shared/errors";
import { pickLocalized } from "../../../shared/i18n";
import { parseInput } from "../../../shared/schemas/parse";
import { searchSchema } from "../../../shared/schemas/forum.schema";
import { threadVisibleTo } from "../../../db/queries/visibility.queries";
import type { ServiceContext } from "../../context";
import { decodeCursor, encodeCursor } from "./cursor";
import type { AuthorDto } from "./forum.dto";
import { loadAuthors } from "./people";
import { consumeRateLimit } from "../security/rate-limit";

export const SEARCH_PAGE_SIZE = 20;

export interface SearchHitDto {
  postId: number;
  threadId: number;
  threadTitle: string;
  isOpening: boolean;
  kind: "question" | "discussion";
  solved: boolean;
  topic: { slug: string; name: string };
  author: AuthorDto | null;
  createdAt: string;
  language: string;
  /** Highlighted excerpt: plain text where matches are wrapped in «mark» brackets, escaped by the page. */
  snippet: { text: string; match: boolean }[];
}

export interface SearchResultDto {
  hits: SearchHitDto[];
  nextCursor: string | null;
}

// The query is stemmed in each of the three languages (and left as is), so a word in any of them finds
// its forms in posts indexed under their own language.
const queryOf = (q: string) => sql`(
  websearch_to_tsquery('spanish'::regconfig, ${q})
  || websearch_to_tsquery('portuguese'::regconfig, ${q})
  || websearch_to_tsquery('english'::regconfig, ${q})
  || websearch_to_tsquery('simple'::regconfig, ${q}))`;

const START = "\u0002";
const STOP = "\u0003";

/** Full-text search over posts the actor may see, best match first, titles weighing above bodies. */
export async function search(ctx: ServiceContext, raw: unknown): Promise<SearchResultDto> {
  const input = parseInput(searchSchema, raw);
  // Full-text search is the costliest read: limited per IP, and per member when signed in.
  const now = ctx.deps.now();
  await consumeRateLimit(ctx.db, "searchPerIp", ctx.ip, ctx.deps.rateLimits.searchPerIp, now);
  if (ctx.actor) await consumeRateLimit(ctx.db, "searchPerAccount", String(ctx.actor.id), ctx.deps.rateLimits.searchPerAccount, now);
  const cursor = decodeCursor(input.cursor);
  const tsquery = queryOf(input.q);
  const rank = sql<number>`round(ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', posts.search_vector, ${tsquery})::numeric, 6)::float8`;

  let query = ctx.db
    .selectFrom("posts")
    .innerJoin("threads", "threads.id", "posts.thread_id")
    .innerJoin("topics", "topics.id", "threads.topic_id")
    .select([
      "posts.id as post_id",
      "posts.position",
      "posts.author_id",
      "posts.created_at",
      "posts.language",
      "threads.id as thread_id",
      "threads.title",
      "threads.kind",
      "threads.solution_post_id",
      "topics.slug as topic_slug",
      "topics.name as topic_name",
    ])
    .select(rank.as("rank"))
    .select(
      sql<string>`ts_headline(case posts.language when 'es' then 'spanish'::regconfig when 'pt' then 'portuguese'::regconfig when 'en' then 'english'::regconfig else 'simple'::regconfig end, posts.plain_text, ${tsquery}, ${`StartSel=${START}, StopSel=${STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`})`.as(
        "headline",
      ),
    )
    .where(sql<boolean>`posts.search_vector @@ ${tsquery}`)
    .where("posts.deleted_at", "is", null)
    .where("threads.deleted_at", "is", null)
    .where(threadVisibleTo(ctx.actor));
  // Hidden posts are out of search for everyone but site staff (group moderators see them in place).
  if (!ctx.guardian.isStaff()) query = query.where("posts.hidden_at", "is", null);

  if (input.topic) query = query.where("topics.slug", "=", input.topic);
  if (input.group) {
    const group = await ctx.db.selectFrom("groups").select(["id", "space_id"]).where("slug", "=", input.group).executeTakeFirst();
    query = query.where((eb) =>
      eb.or([eb("threads.space_id", "=", group?.space_id ?? -1), eb("threads.addressed_group_id", "=", group?.id ?? -1)]),
    );
  }
  if (input.language) query = query.where("posts.language", "=", input.language);
  if (input.solved === "yes") query = query.where("threads.solution_post_id", "is not", null);
  if (input.solved === "no") query = query.where("threads.kind", "=", "question").where("threads.solution_post_id", "is", null);
  if (input.from) query = query.where("posts.created_at", ">=", input.from);
  if (input.to) query = query.where("posts.created_at", "<", new Date(input.to.getTime() + 24 * 60 * 60 * 1000));
  if (input.author) {
    const author = await ctx.db.selectFrom("users").select("id").where("handle", "=", input.author.toLowerCase()).executeTakeFirst();
    query = query.where("posts.author_id", "=", author?.id ?? -1);
  }
  if (input.tag) {
    const tag = input.tag;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("thread_tags")
          .innerJoin("tags", "tags.id", "thread_tags.tag_id")
          .select("thread_tags.tag_id")
          .whereRef("thread_tags.thread_id", "=", "threads.id")
          .where("tags.slug", "=", tag),
      ),
    );
  }
  if (cursor) {
    if (typeof cursor.value !== "number") throw new AppError("VALIDATION", "validation.cursor_invalid");
    query = query.where((eb) =>
      eb.or([eb(rank, "<", cursor.value as number), eb.and([eb(rank, "=", cursor.value as number), eb("posts.id", "<", cursor.id)])]),
    );
  }
  const rows = await query.orderBy("rank", "desc").orderBy("posts.id", "desc").limit(SEARCH_PAGE_SIZE + 1).execute();
  const page = rows.slice(0, SEARCH_PAGE_SIZE);
  const authors = await loadAuthors(ctx.db, page.map((row) => row.author_id));
  const last = page[page.length - 1];
  return {
    hits: page.map((row) => ({
      postId: row.post_id,
      threadId: row.thread_id,
      threadTitle: row.title,
      isOpening: row.position === 1,
      kind: row.kind,
      solved: row.solution_post_id !== null,
      topic: { slug: row.topic_slug, name: pickLocalized(row.topic_name, ctx.locale) },
      author: row.author_id ? authors.get(row.author_id) ?? null : null,
      createdAt: row.created_at.toISOString(),
      language: row.language,
      snippet: splitHeadline(row.headline),
    })),
    nextCursor: rows.length > SEARCH_PAGE_SIZE && last ? encodeCursor(last.rank, last.post_id) : null,
  };
}

/** Turns ts_headline's control-character markers into segments, so the page escapes every word itself. */
function splitHeadline(headline: string): { text: string; match: boolean }[] {
  const segments: { text: string; match: boolean }[] = [];
  for (const part of headline.split(START)) {
    const stop = part.indexOf(STOP);
    if (stop >= 0) {
      segments.push({ text: part.slice(0, stop), match: true });
      if (part.length > stop + 1) segments.push({ text: part.slice(stop + 1), match: false });
    } else if (part) {
      segments.push({ text: part, match: false });
    }
  }
  return segments;
}
