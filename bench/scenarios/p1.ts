// P1: an anonymous visitor reads a 50-post thread page (full SSR HTML), vs raw node:http serving the same bytes.
import type { BenchContext } from "../lib/context";
import { load } from "../lib/http";
import { interleave, median, pairedRatio, round } from "../lib/stats";
import { startRawCopy } from "./common";

export const id = "P1";
export const title = "anonymous 50-post thread page vs raw node:http, same bytes";

export async function run(ctx: BenchContext) {
  const pathname = `/t/${ctx.meta.pageThread}`;
  const raw = await startRawCopy(ctx, pathname);
  try {
    const connections = 50;
    const options = { connections, durationSeconds: ctx.sizes.seconds };
    // Warm both (JIT, caches).
    await load({ ...options, url: `${ctx.app.url}${pathname}`, durationSeconds: 1 });
    await load({ ...options, url: raw.url, durationSeconds: 1 });
    const { a, b } = await interleave(ctx.sizes.pairs, () => load({ ...options, url: `${ctx.app.url}${pathname}` }), () => load({ ...options, url: raw.url }));
    const errors = a.reduce((sum, r) => sum + r.errors + r.non2xx, 0);
    const rps = median(a.map((r) => r.rps));
    const ratio = pairedRatio(a.map((r) => r.rps), b.map((r) => r.rps));
    ctx.record({
      scenario: id,
      figure: "anonymous thread page req/s",
      unit: "req/s",
      value: round(rps, 0),
      baseline: { label: "raw node:http, same bytes", value: round(median(b.map((r) => r.rps)), 0) },
      ratio: round(ratio, 3),
      goal: ">= 0.5x",
      met: ratio >= 0.5,
      notes: `${raw.bytes} bytes of HTML (uncompressed), ${connections} connections, ${ctx.sizes.seconds} s per run${errors ? `, ${errors} errors/non-2xx` : ""}`,
      samples: { app: a.map((r) => r.rps), baseline: b.map((r) => r.rps) },
    });
    const p99 = median(a.map((r) => r.p99));
    const p99Raw = median(b.map((r) => r.p99));
    ctx.record({
      scenario: id,
      figure: "anonymous thread page p99",
      unit: "ms",
      value: p99,
      baseline: { label: "raw node:http p99", value: p99Raw },
      ratio: round(pairedRatio(a.map((r) => r.p99), b.map((r) => Math.max(1, r.p99))), 2),
      goal: "(reported)",
      met: null,
      samples: { app: a.map((r) => r.p99), baseline: b.map((r) => r.p99) },
    });
  } finally {
    await raw.child.stop();
  }
}
