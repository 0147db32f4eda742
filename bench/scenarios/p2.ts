// P2: a signed-in member reads the same page (permissions, unread state), vs P1's baseline.
import type { BenchContext } from "../lib/context";
import { load } from "../lib/http";
import { interleave, median, pairedRatio, round } from "../lib/stats";
import { startRawCopy } from "./common";

export const id = "P2";
export const title = "signed-in 50-post thread page vs raw node:http (P1's baseline)";

export async function run(ctx: BenchContext) {
  const pathname = `/t/${ctx.meta.pageThread}`;
  const raw = await startRawCopy(ctx, pathname);
  try {
    const cookie = await ctx.cookieFor(ctx.meta.memberIds[0]);
    const connections = 50;
    // At least 3 s: at 50 connections a slow page may not complete any request within 1 s.
    const options = { connections, durationSeconds: Math.max(3, ctx.sizes.seconds) };
    const signedIn = () => load({ ...options, url: `${ctx.app.url}${pathname}`, headers: { cookie } });
    await load({ ...options, url: `${ctx.app.url}${pathname}`, headers: { cookie }, durationSeconds: 1 });
    await load({ ...options, url: raw.url, durationSeconds: 1 });
    const { a, b } = await interleave(ctx.sizes.pairs, signedIn, () => load({ ...options, url: raw.url }));
    const errors = a.reduce((sum, r) => sum + r.errors + r.non2xx, 0);
    const ratio = pairedRatio(a.map((r) => r.rps), b.map((r) => r.rps));
    const p99 = median(a.map((r) => r.p99));
    ctx.record({
      scenario: id,
      figure: "signed-in thread page req/s",
      unit: "req/s",
      value: round(median(a.map((r) => r.rps)), 0),
      baseline: { label: "raw node:http, same page (anonymous bytes)", value: round(median(b.map((r) => r.rps)), 0) },
      ratio: round(ratio, 3),
      goal: ">= 0.1x",
      met: ratio >= 0.1,
      notes: `${connections} connections${errors ? `, ${errors} errors/non-2xx` : ""}`,
      samples: { app: a.map((r) => r.rps), baseline: b.map((r) => r.rps) },
    });
    ctx.record({
      scenario: id,
      figure: "signed-in thread page p99 at 50 connections",
      unit: "ms",
      value: p99,
      goal: "< 100 ms",
      met: p99 < 100,
      samples: { app: a.map((r) => r.p99) },
    });
  } finally {
    await raw.child.stop();
  }
}
