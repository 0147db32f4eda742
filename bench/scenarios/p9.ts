// P9: cold start on the embedded database (PGlite): seconds from starting the server (as `npm start`
// does: node server/start.mjs, running the compiled server, production build present) to the first 200 of the home page, on an empty
// data folder (create + migrate) and on a reopened one; idle RSS after the start settles.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BenchContext } from "../lib/context";
import { freePort, rssBytes, spawnPinned, START_SCRIPT, waitForOk } from "../lib/proc";
import { median, round, sleep } from "../lib/stats";

export const id = "P9";
export const title = "cold start on PGlite: seconds to first 200, idle RSS";


export async function run(ctx: BenchContext) {
  const runs = ctx.quick ? 1 : 3;
  const cold: number[] = [];
  const warm: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(path.join(tmpdir(), "enlace-p9-"));
    try {
      for (const series of [cold, warm]) {
        const PORT = await freePort();
        const started = performance.now();
        const child = spawnPinned(0, process.execPath, [START_SCRIPT], {
          DATABASE_URL: undefined,
          DATA_DIR: dir,
          NODE_ENV: "production",
          SEED_DEMO: "false",
          LOG_LEVEL: "warn",
          PORT: String(PORT),
          HOST: "127.0.0.1",
          PUBLIC_URL: `http://127.0.0.1:${PORT}`,
          REDIS_URL: undefined,
        });
        try {
          await waitForOk(`http://127.0.0.1:${PORT}/`, 120_000, child);
          series.push((performance.now() - started) / 1000);
          if (series === cold) {
            await sleep(5_000);
            rss.push(rssBytes(child.pid));
          }
        } finally {
          await child.stop();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const seconds = median(cold);
  ctx.record({
    scenario: id,
    figure: "cold start to first 200 (empty PGlite folder)",
    unit: "s",
    value: round(seconds, 2),
    goal: "<= 15 s",
    met: seconds <= 15,
    notes: `home page; ${runs} run(s); the compiled server (npm start); creating (initdb) and migrating a new database`,
    samples: { cold, warm },
  });
  ctx.record({
    scenario: id,
    figure: "start to first 200 (reopened PGlite folder)",
    unit: "s",
    value: round(median(warm), 2),
    goal: "(reported)",
    met: null,
    samples: { warm },
  });
  const idle = median(rss) / 1024 / 1024;
  ctx.record({
    scenario: id,
    figure: "idle RSS after cold start",
    unit: "MB",
    value: round(idle, 1),
    goal: "<= 250 MB",
    met: idle <= 250,
    notes: "5 s after the first 200",
    samples: { rssMb: rss.map((v) => v / 1024 / 1024) },
  });
}
