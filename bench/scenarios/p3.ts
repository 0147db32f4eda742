// P3: cost growth. p50 of one request at a time, small vs big, interleaved: first and last page of a
// 100-post vs a big thread, a topic list with few vs many threads, a private-group thread whose group has
// 10 vs many members (the membership check).
import type { BenchContext } from "../lib/context";
import { sequentialLatencies } from "../lib/http";
import { interleave, median, pairedRatio, percentile, round } from "../lib/stats";

export const id = "P3";
export const title = "cost growth: big/small p50 (threads, topic list, membership)";

const PAGE = 20; // top-level posts per thread page (TOP_LEVEL_PAGE_SIZE)

export async function run(ctx: BenchContext) {
  const { meta } = ctx;
  const member = await ctx.cookieFor(meta.memberIds[0]);
  const count = ctx.quick ? 30 : 50;
  const cases: { figure: string; small: string; big: string; sizes: string; headers?: Record<string, string> }[] = [
    { figure: "thread first page", small: `/t/${meta.smallThread}`, big: `/t/${meta.bigThread}`, sizes: `100 vs ${meta.bigThread === meta.smallThread ? "?" : await postCount(ctx, meta.bigThread)} posts` },
    {
      figure: "thread last page",
      small: `/t/${meta.smallThread}?after=${100 - PAGE}`,
      big: `/t/${meta.bigThread}?after=${(await postCount(ctx, meta.bigThread)) - PAGE}`,
      sizes: "keyset ?after=",
    },
    { figure: "topic list", small: `/topics/${meta.smallTopic}`, big: `/topics/${meta.bigTopic}`, sizes: `${meta.smallTopicThreads} vs ${meta.bigTopicThreads} threads` },
    {
      figure: "private-group thread (membership check)",
      small: `/t/${meta.smallGroupThread}`,
      big: `/t/${meta.bigGroupThread}`,
      sizes: `10 vs ${meta.bigGroupMembers} members, signed in`,
      headers: { cookie: member },
    },
  ];
  for (const item of cases) {
    const headers = item.headers ?? {};
    // Warm: the first requests pay for JIT and cold buffers.
    await sequentialLatencies(() => `${ctx.app.url}${item.small}`, 10, headers);
    await sequentialLatencies(() => `${ctx.app.url}${item.big}`, 10, headers);
    const { a, b } = await interleave(
      ctx.sizes.pairs,
      () => sequentialLatencies(() => `${ctx.app.url}${item.big}`, count, headers),
      () => sequentialLatencies(() => `${ctx.app.url}${item.small}`, count, headers),
    );
    const bigP50 = a.map((series) => percentile(series, 50));
    const smallP50 = b.map((series) => percentile(series, 50));
    const ratio = pairedRatio(bigP50, smallP50);
    ctx.record({
      scenario: id,
      figure: `${item.figure} p50, big/small`,
      unit: "ms",
      value: round(median(bigP50), 2),
      baseline: { label: `small (${item.sizes})`, value: round(median(smallP50), 2) },
      ratio: round(ratio, 3),
      goal: "<= 1.2",
      met: ratio <= 1.2,
      notes: `${item.big} vs ${item.small}; ${count} sequential requests per run`,
      samples: { big: bigP50, small: smallP50 },
    });
  }
}

async function postCount(ctx: BenchContext, threadId: number): Promise<number> {
  const row = await ctx.db.selectFrom("threads").select("post_count").where("id", "=", threadId).executeTakeFirstOrThrow();
  return row.post_count;
}
