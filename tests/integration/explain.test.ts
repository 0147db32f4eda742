// The hot queries, as the services really send them, must use indexes on the big tables: on PostgreSQL,
// with 5k threads, 20k+ posts and 20k notifications loaded and analysed, EXPLAIN shows no sequential scan of
// posts, threads or notifications. The queries are captured by the database hook (db/connection.ts), so a
// service that changes its SQL is checked as it is, not as this file remembers it.
import { CompiledQuery } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentQueryCounter, withQueryCounter, type DatabaseHandle, type QueryCounter } from "../../db/connection";
import type { UserRow } from "../../db/schema";
import type { ServiceContext } from "../../server/context";
import { services } from "../../server/domain";
import { unreadCounts } from "../../server/domain/notifications/notification-queries";
import { createTopic, createUser } from "../factories";
import { as, createForumThread } from "../factories/forum";
import { createTestDatabase } from "../setup/test-database";
import { createTestDeps, type TestDeps } from "../setup/test-deps";

const BIG_TABLES = new Set(["posts", "threads", "notifications"]);

let handle: DatabaseHandle;
let deps: TestDeps;
let viewer: UserRow;
let topics: { id: number; slug: string; space_id: number }[];
let bigThreadId: number;
let midPostId: number;

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

function walk(node: PlanNode, visit: (node: PlanNode) => void) {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

/** Runs `fn`, then EXPLAINs every select it sent; returns the sequential scans of big tables and the indexes used. */
async function explainAll(fn: () => Promise<unknown>) {
  const counter: QueryCounter = { count: 0, captured: [] };
  await withQueryCounter(counter, fn);
  const seqScans: string[] = [];
  const indexes = new Set<string>();
  for (const query of counter.captured!) {
    if (!/^\s*(select|with)\b/i.test(query.sql)) continue;
    const result = await handle.db.executeQuery<{ "QUERY PLAN": { Plan: PlanNode }[] }>(
      CompiledQuery.raw(`explain (format json) ${query.sql}`, [...query.parameters]),
    );
    const plan = result.rows[0]["QUERY PLAN"][0].Plan;
    let bad = false;
    walk(plan, (node) => {
      if (node["Node Type"] === "Seq Scan" && BIG_TABLES.has(node["Relation Name"] ?? "")) {
        seqScans.push(`${node["Relation Name"]}: ${query.sql.slice(0, 300)}`);
        bad = true;
      }
      if (node["Index Name"]) indexes.add(node["Index Name"]);
    });
    if (bad && process.env.EXPLAIN_DEBUG) {
      const text = await handle.db.executeQuery<{ "QUERY PLAN": string }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
      console.log(query.sql, JSON.stringify(query.parameters), "\n", text.rows.map((row) => row["QUERY PLAN"]).join("\n"));
    }
  }
  expect(currentQueryCounter()).toBeUndefined();
  return { seqScans, indexes, queries: counter.captured!.length };
}

const ctxOf = (user: UserRow | null): ServiceContext => as(deps, user);

describe.skipIf(process.env.TEST_DATABASE !== "postgres")("EXPLAIN of the hot queries on PostgreSQL", () => {
  beforeAll(async () => {
    handle = await createTestDatabase();
    deps = createTestDeps(handle);
    viewer = await createUser(handle.db);
    const author = await createUser(handle.db);
    const others: UserRow[] = [];
    for (let i = 0; i < 20; i++) others.push(await createUser(handle.db));
    topics = [];
    for (let i = 0; i < 5; i++) topics.push(await createTopic(handle.db));
    const big = await createForumThread(deps, { author, topicId: topics[0].id, title: "Un hilo muy largo sobre movilidad" });
    bigThreadId = big.threadId;

    const db = handle.db;
    const topicIds = topics.map((topic) => topic.id);
    const spaceIds = topics.map((topic) => topic.space_id);
    // 5,000 threads over five topics, four posts each (20,000 posts).
    await db.executeQuery(
      CompiledQuery.raw(
        `insert into threads (space_id, topic_id, kind, title, language, author_id, created_at, last_activity_at, post_count, reply_count, last_position)
         select ($1::int[])[1 + g % 5], ($2::int[])[1 + g % 5], 'discussion', 'Hilo generado ' || g, 'es', $3,
                now() - g * interval '1 minute', now() - g * interval '30 seconds', 4, 3, 4
         from generate_series(1, 5000) g`,
        [spaceIds, topicIds, author.id],
      ),
    );
    await db.executeQuery(
      CompiledQuery.raw(
        `insert into posts (thread_id, position, depth, author_id, language, source, html, plain_text, search_vector, created_at)
         select t.id, p, 0, $1, 'es', 'texto', '<p>texto</p>', 'movilidad urbana ' || t.id || ' ' || p,
                to_tsvector('simple', 'movilidad urbana ' || t.id || ' ' || p), t.created_at + p * interval '1 second'
         from threads t cross join generate_series(1, 4) p where t.title like 'Hilo generado %'`,
        [others[0].id],
      ),
    );
    await db.executeQuery(CompiledQuery.raw(`update posts set root_id = id where root_id is null and depth = 0`));
    await db.executeQuery(
      CompiledQuery.raw(
        `update threads t set opening_post_id = p.id from posts p where p.thread_id = t.id and p.position = 1 and t.opening_post_id is null`,
      ),
    );
    // The long thread: 4,000 top-level replies and 1,000 nested under the first of them.
    await db.executeQuery(
      CompiledQuery.raw(
        `insert into posts (thread_id, position, depth, author_id, language, source, html, plain_text, search_vector, created_at)
         select $1, 1 + g, 0, ($2::int[])[1 + g % 20], 'es', 'respuesta', '<p>respuesta</p>', 'respuesta ' || g,
                to_tsvector('simple', 'respuesta ' || g), now() + g * interval '1 second'
         from generate_series(1, 4000) g`,
        [bigThreadId, others.map((user) => user.id)],
      ),
    );
    await db.executeQuery(CompiledQuery.raw(`update posts set root_id = id where root_id is null and depth = 0`));
    const firstReply = await db.selectFrom("posts").select("id").where("thread_id", "=", bigThreadId).where("position", "=", 2).executeTakeFirstOrThrow();
    await db.executeQuery(
      CompiledQuery.raw(
        `insert into posts (thread_id, position, parent_id, root_id, depth, author_id, language, source, html, plain_text, search_vector, created_at)
         select $1, 4001 + g, $2, $2, 1, ($3::int[])[1 + g % 20], 'es', 'anidada', '<p>anidada</p>', 'anidada ' || g,
                to_tsvector('simple', 'anidada ' || g), now() + g * interval '1 second'
         from generate_series(1, 1000) g`,
        [bigThreadId, firstReply.id, others.map((user) => user.id)],
      ),
    );
    await db.executeQuery(CompiledQuery.raw(`update threads set last_position = 5001, post_count = 5001, reply_count = 5000 where id = $1`, [bigThreadId]));
    midPostId = (await db.selectFrom("posts").select("id").where("thread_id", "=", bigThreadId).where("position", "=", 2500).executeTakeFirstOrThrow()).id;
    // 20,000 notifications over 21 members, a fifth of them unread; the viewer has a thousand.
    await db.executeQuery(
      CompiledQuery.raw(
        `insert into notifications (user_id, kind, actor_id, thread_id, post_id, created_at, read_at)
         select ($1::int[])[1 + p.rn % 21], 'reply', $2, p.thread_id, p.id, p.created_at, case when p.rn % 5 = 0 then null else now() end
         from (select id, thread_id, created_at, row_number() over (order by id) as rn from posts limit 20000) p`,
        [[viewer.id, ...others.map((user) => user.id)], author.id],
      ),
    );
    await db.executeQuery(CompiledQuery.raw(`vacuum analyze`));
  }, 300_000);

  afterAll(async () => {
    await handle?.close();
  });

  const cases: [string, () => Promise<unknown>][] = [
    ["thread page, first page (anonymous)", () => services.forum.getThreadPage(ctxOf(null), { threadId: bigThreadId })],
    ["thread page, first page (member)", () => services.forum.getThreadPage(ctxOf(viewer), { threadId: bigThreadId })],
    ["thread page, a middle page", () => services.forum.getThreadPage(ctxOf(viewer), { threadId: bigThreadId, after: 2400 })],
    ["permalink locate", () => services.forum.locatePost(ctxOf(viewer), { postId: midPostId })],
    ["topic list, latest", () => services.forum.listThreads(ctxOf(null), { topic: topics[1].slug, view: "latest" })],
    ["topic list, newest (member)", () => services.forum.listThreads(ctxOf(viewer), { topic: topics[1].slug, view: "newest" })],
    ["all threads, latest", () => services.forum.listThreads(ctxOf(viewer), {})],
    ["notifications list", () => services.notifications.list(ctxOf(viewer), {})],
    ["notifications unread count", () => services.notifications.countUnread(ctxOf(viewer))],
    ["unread counts (after commit)", () => unreadCounts(deps.db, [viewer.id])],
    ["search with visibility", () => services.forum.search(ctxOf(viewer), { q: "4321" })],
    ["documents list", () => services.documents.list(ctxOf(viewer), {})],
    ["events list", () => services.events.list(ctxOf(viewer), {})],
  ];

  it.each(cases)("%s: no sequential scan of posts, threads or notifications", async (_name, run) => {
    const { seqScans, indexes, queries } = await explainAll(run);
    expect(queries).toBeGreaterThan(0);
    expect(seqScans).toEqual([]);
    if (!/documents|events/.test(_name)) expect(indexes.size).toBeGreaterThan(0);
  });
});
