// P7: full-text search (es/pt/en stemming, visibility filter) through the app vs the same SQL run bare.
// The bare run executes the statement the search service itself builds (`buildSearchQuery`, for an
// anonymous visitor: the newest-id probe, then the search), so the baseline cannot drift from the app's
// SQL; the app's figure adds the HTTP request, input parsing, the per-IP rate limit (a database write),
// loading authors and JSON.
import { buildSearchQuery } from "../../server/domain/forum/search.service";
import { searchSchema } from "../../shared/schemas/forum.schema";
import type { BenchContext } from "../lib/context";
import { sequentialLatencies } from "../lib/http";
import { interleave, median, pairedRatio, percentile, round } from "../lib/stats";

export const id = "P7";
export const title = "full-text search p95 vs the same SQL bare";

const QUERIES = ["Curitiba", "Medellín tarifa", "ônibus Recife", "charging Kingston", "financiamiento Lima", "planes Cusco", "Quito corredor"];

export async function run(ctx: BenchContext) {
  const count = ctx.quick ? 30 : 50;
  let i = 0;
  let j = 0;
  let ip = 0;
  const nextQuery = () => QUERIES[i++ % QUERIES.length];
  const appUrl = () => `${ctx.app.url}/api/v1/search?q=${encodeURIComponent(nextQuery())}`;
  const headers = () => ({ "x-forwarded-for": `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip++ & 255}` });
  const bare = async () => {
    const out: number[] = [];
    for (let n = 0; n < count; n++) {
      const q = QUERIES[j++ % QUERIES.length];
      const started = performance.now();
      await bareSearch(ctx, q);
      out.push(performance.now() - started);
    }
    return out;
  };
  await sequentialLatencies(appUrl, 10, headers);
  await bare();
  const { a, b } = await interleave(ctx.sizes.pairs, () => sequentialLatencies(appUrl, count, headers), bare);
  const appP95 = a.map((series) => percentile(series, 95));
  const bareP95 = b.map((series) => percentile(series, 95));
  const ratio = pairedRatio(appP95, bareP95);
  const p95 = median(appP95);
  ctx.record({
    scenario: id,
    figure: `search p95 over ${ctx.meta.posts} posts`,
    unit: "ms",
    value: round(p95, 2),
    baseline: { label: "same SQL, bare (pg client)", value: round(median(bareP95), 2) },
    ratio: round(ratio, 3),
    goal: "<= 1.3x and p95 < 50 ms",
    met: ratio <= 1.3 && p95 < 50,
    notes: `${count} sequential searches per run, rotating ${QUERIES.length} queries (a place name, about 1 post in 60, with or without a common word); anonymous`,
    samples: { app: appP95, bare: bareP95 },
  });
}

async function bareSearch(ctx: BenchContext, q: string) {
  return (await buildSearchQuery(ctx.db, searchSchema.parse({ q }), null)).execute();
}
