import { type Kysely, type QueryCreator, sql, type SqlBool } from "kysely";
import type { Database } from "../../../db/schema";
import { AppError } from "../../../shared/errors";
import type { Actor } from "../../../shared/guardian";
import { pickLocalized } from "../../../shared/i18n";
import { parseInput } from "../../../shared/schemas/parse";
import { searchSchema } from "../../../shared/schemas/forum.schema";
import { threadVisibleTo } from "../../../db/queries/visibility.queries";
import type { ServiceContext } from "../../context";
import { threadHasTag } from "./tags";
import { decodeCursor, encodeCursor } from "./cursor";
import type { AuthorDto } from "./forum.dto";
import { authorOf } from "./people";
import { consumeRateLimit } from "../security/rate-limit";
import type { z } from "zod";

export const SEARCH_PAGE_SIZE = 20;

/**
 * How many matches are ranked: the newest this many posts that match and that the searcher may see.
 * Relevance orders those, not every match: a common word matches tens of thousands of posts in a
 * million, and ranking them all (ts_rank_cd reads each one's vector) cost ~300 ms. Ten pages of results.
 * docs/decisions/020-bounded-search-ranking.md.
 */
export const SEARCH_CANDIDATES = 200;

/**
 * The newest matches are looked for in windows of post ids counted back from the newest post: the newest
 * 20,000 posts first, then everything older, read only when the newest window held fewer than
 * SEARCH_CANDIDATES matches. A frequent word stops in the newest window (PostgreSQL walks it backwards or
 * intersects the word's index entries with it); a word rare among recent posts reads its few older matches
 * from the GIN index. Either way a search no longer reads every match of a frequent word.
 */
const SEARCH_WINDOWS = [20_000];

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

export type SearchFilters = z.output<typeof searchSchema>;

const HEADLINE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/**
 * The search as one statement, for the given filters and searcher: the service runs it, and the P7
 * benchmark runs the very same statement bare (bench/scenarios/p7.ts), so the baseline cannot drift.
 * Reads the newest post id first (one index probe) so the windows' bounds reach the planner as values.
 *
 * Shape: CTEs w0, w1 hold each window's newest visible matches (ids only, at most SEARCH_CANDIDATES);
 * the newest SEARCH_CANDIDATES of their union are ranked and sorted (rank, id) for the keyset page, and
 * only the page's rows get a headline (ts_headline is evaluated above the sort and limit).
 */
export async function buildSearchQuery(db: Kysely<Database>, input: SearchFilters, actor: Actor | null) {
  const cursor = decodeCursor(input.cursor);
  if (cursor && typeof cursor.value !== "number") throw new AppError("VALIDATION", "validation.cursor_invalid");
  // The newest post id, where the windows start: one probe of the primary key. Its value only places the
  // windows' bounds (the newest window is open above), never which posts are found.
  const newest = await db.selectFrom("posts").select((eb) => eb.fn.max("posts.id").as("id")).executeTakeFirst();
  const top = newest?.id ?? 0;
  const tsquery = queryOf(input.q);
  const isStaff = actor?.siteRole === "admin" || actor?.siteRole === "moderator";

  /** Visible matches of the filters with ids in (lo, hi], newest first, at most SEARCH_CANDIDATES. */
  const matches = (lo: number | null, hi: number | null) => {
    // The thread's conditions (visibility, topic, group, solved, tag) are checked per matching post by its
    // primary key. `offset 0` keeps this a per-row check: as a join, PostgreSQL tends to hash every thread
    // (a scan of all of them, ~20 ms at 45,000) to check a few hundred posts.
    let thread = db
      .selectFrom("threads")
      .select(sql`1`.as("one"))
      .where(sql<SqlBool>`threads.id = posts.thread_id`)
      .where("threads.deleted_at", "is", null)
      .where(threadVisibleTo(actor));
    if (input.topic) {
      const slug = input.topic;
      thread = thread.where("threads.topic_id", "=", (eb) => eb.selectFrom("topics").select("topics.id").where("topics.slug", "=", slug));
    }
    if (input.group) {
      const slug = input.group;
      // An unknown group gives null: no thread matches (as before, without a separate lookup).
      thread = thread.where((eb) =>
        eb.or([
          eb("threads.space_id", "=", eb.selectFrom("groups").select("groups.space_id").where("groups.slug", "=", slug)),
          eb("threads.addressed_group_id", "=", eb.selectFrom("groups").select("groups.id").where("groups.slug", "=", slug)),
        ]),
      );
    }
    if (input.solved === "yes") thread = thread.where("threads.solution_post_id", "is not", null);
    if (input.solved === "no") thread = thread.where("threads.kind", "=", "question").where("threads.solution_post_id", "is", null);
    if (input.tag) thread = thread.where(threadHasTag(input.tag));

    let query = db
      .selectFrom("posts")
      .select("posts.id")
      .where(sql<SqlBool>`posts.search_vector @@ ${tsquery}`)
      .where("posts.deleted_at", "is", null);
    // Hidden posts are out of search for everyone but site staff (group moderators see them in place).
    if (!isStaff) query = query.where("posts.hidden_at", "is", null);
    if (input.language) query = query.where("posts.language", "=", input.language);
    if (input.from) query = query.where("posts.created_at", ">=", input.from);
    if (input.to) query = query.where("posts.created_at", "<", new Date(input.to.getTime() + 24 * 60 * 60 * 1000));
    if (input.author) {
      const handle = input.author.toLowerCase();
      query = query.where("posts.author_id", "=", (eb) => eb.selectFrom("users").select("users.id").where("users.handle", "=", handle));
    }
    query = query.where(({ exists }) => exists(thread.offset(0)));
    // The newest window (no upper bound): PostgreSQL may walk the primary key backwards and test each
    // post, cheap for a frequent word and bounded by the window, or intersect the word's GIN entries with
    // the window's ids. The older one: `id + 0` in the bound and the order forbids both the walk (on a
    // misestimated rare word it would test every older post) and a B-tree range over most of the table;
    // its GIN matches are read exactly and filtered.
    if (lo !== null) query = query.where("posts.id", ">", lo);
    if (hi !== null) query = query.where(sql<number>`posts.id + 0`, "<=", hi);
    return query.orderBy(hi === null ? sql`posts.id` : sql`posts.id + 0`, "desc").limit(SEARCH_CANDIDATES);
  };

  // Window i covers ids in (top - SEARCH_WINDOWS[i], top - SEARCH_WINDOWS[i - 1]]; the last one is open.
  const names = [...SEARCH_WINDOWS, null].map((_, i) => `w${i}`);
  const plain = db as unknown as Kysely<Record<string, { id: number }>>;
  let withWindows = db as unknown as QueryCreator<Record<string, { id: number }>>;
  names.forEach((name, i) => {
    const lo = i < SEARCH_WINDOWS.length ? top - SEARCH_WINDOWS[i] : null;
    const hi = i > 0 ? top - SEARCH_WINDOWS[i - 1] : null;
    const window = matches(lo, hi);
    // Read only when the newer windows fell short. The condition sits above the window's LIMIT, so a
    // window that is not needed is not started at all (no scan, no parallel workers).
    const needed = names.slice(0, i).map((earlier) => sql`(select count(*) from ${sql.table(earlier)})`);
    const body =
      i === 0
        ? window
        : plain
            .selectFrom(window.as("m") as never)
            .select("m.id" as never)
            .where(sql<SqlBool>`${sql.join(needed, sql` + `)} < ${SEARCH_CANDIDATES}`);
    withWindows = withWindows.with(name, () => body as never) as unknown as typeof withWindows;
  });
  const [first, ...rest] = names;
  let union = plain.selectFrom(first).select("id");
  for (const name of rest) union = union.unionAll(plain.selectFrom(name).select("id"));
  const candidates = union.orderBy("id", "desc").limit(SEARCH_CANDIDATES);

  const rank = sql<number>`round(ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', posts.search_vector, ${tsquery})::numeric, 6)::float8`;
  let query = (withWindows as unknown as QueryCreator<Database & { c: { id: number } }>)
    .selectFrom(candidates.as("c") as never as "c")
    .innerJoin("posts", "posts.id", "c.id")
    .innerJoin("threads", "threads.id", "posts.thread_id")
    .innerJoin("topics", "topics.id", "threads.topic_id")
    .leftJoin("users", "users.id", "posts.author_id")
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
      // The author card, in the same statement (no second query for the page's authors).
      "users.handle",
      "users.display_name",
      "users.partner_org",
      "users.expert_verified_at",
      "users.community_role",
    ])
    .select(rank.as("rank"))
    .select(
      sql<string>`ts_headline(case posts.language when 'es' then 'spanish'::regconfig when 'pt' then 'portuguese'::regconfig when 'en' then 'english'::regconfig else 'simple'::regconfig end, posts.plain_text, ${tsquery}, ${HEADLINE_OPTIONS})`.as(
        "headline",
      ),
    );
  if (cursor) {
    const value = cursor.value as number;
    query = query.where((eb) => eb.or([eb(rank, "<", value), eb.and([eb(rank, "=", value), eb("posts.id", "<", cursor.id)])]));
  }
  return query.orderBy("rank", "desc").orderBy("posts.id", "desc").limit(SEARCH_PAGE_SIZE + 1);
}

/**
 * Full-text search over posts the actor may see: the newest SEARCH_CANDIDATES matches, most relevant
 * first (titles weigh above bodies), newer first among equals.
 */
export async function search(ctx: ServiceContext, raw: unknown): Promise<SearchResultDto> {
  const input = parseInput(searchSchema, raw);
  // Full-text search is the costliest read: limited per IP, and per member when signed in.
  const now = ctx.deps.now();
  // The newest-id probe runs while the limits are counted (one round trip less in the way); a refused
  // search never runs the search itself.
  const built = buildSearchQuery(ctx.db, input, ctx.actor);
  built.catch(() => {});
  await consumeRateLimit(ctx.db, "searchPerIp", ctx.ip, ctx.deps.rateLimits.searchPerIp, now);
  if (ctx.actor) await consumeRateLimit(ctx.db, "searchPerAccount", String(ctx.actor.id), ctx.deps.rateLimits.searchPerAccount, now);
  const rows = await (await built).execute();
  const page = rows.slice(0, SEARCH_PAGE_SIZE);
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
      author:
        row.author_id !== null && row.handle !== null
          ? authorOf({
              handle: row.handle,
              display_name: row.display_name ?? "",
              partner_org: row.partner_org,
              expert_verified_at: row.expert_verified_at,
              community_role: row.community_role ?? "",
            })
          : null,
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
