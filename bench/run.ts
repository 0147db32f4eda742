// `npm run bench [-- P1 P4 --quick]`: runs the PERF-PLAN.md scenarios (all, or the named ones) against the
// production build on PostgreSQL, each figure next to a baseline measured in the same run (A B A B,
// median of pairs), the server pinned to core 0 and this process (the load) to core 1. Prints a table and
// writes bench/results/<date>.json.
//
// Options: --quick (small data and sizes, a few minutes), --regenerate (rebuild the data), --db URL
// (default enlace_bench, or enlace_bench_quick with --quick), --sockets4 A,B --sockets5 N --sockets8 N.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openBenchDatabase } from "./data/generate";
import { FULL, QUICK, prepareData, sessionCookie, startApp, type BenchContext, type Figure, type Sizes } from "./lib/context";
import { hasTaskset, ROOT } from "./lib/proc";
import * as p1 from "./scenarios/p1";
import * as p2 from "./scenarios/p2";
import * as p3 from "./scenarios/p3";
import * as p4 from "./scenarios/p4";
import * as p5 from "./scenarios/p5";
import * as p6 from "./scenarios/p6";
import * as p7 from "./scenarios/p7";
import * as p8 from "./scenarios/p8";
import * as p9 from "./scenarios/p9";
import * as p10 from "./scenarios/p10";

interface Scenario {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<void>;
}

const SCENARIOS: Scenario[] = [p1, p2, p3, p4, p5, p6, p7, p8, p9, p10];
const OPEN_FILES = 65_536;

function parseArgs(argv: string[]) {
  const quick = argv.includes("--quick");
  const regenerate = argv.includes("--regenerate");
  const value = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const sizes: Sizes = { ...(quick ? QUICK : FULL) };
  const s4 = value("sockets4");
  if (s4) sizes.sockets4 = s4.split(",").map(Number) as [number, number];
  if (value("sockets5")) sizes.sockets5 = Number(value("sockets5"));
  if (value("sockets8")) sizes.sockets8 = Number(value("sockets8"));
  if (value("pairs")) sizes.pairs = Math.max(1, Number(value("pairs")));
  if (value("seconds")) sizes.seconds = Math.max(1, Number(value("seconds")));
  const valued = new Set(["--db", "--sockets4", "--sockets5", "--sockets8", "--pairs", "--seconds"]);
  const ids = argv.filter((arg, index) => /^p\d+$/i.test(arg) && !valued.has(argv[index - 1] ?? "")).map((arg) => arg.toUpperCase());
  const unknown = ids.filter((id) => !SCENARIOS.some((scenario) => scenario.id === id));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(", ")} (known: ${SCENARIOS.map((s) => s.id).join(" ")})`);
  const db = value("db") ?? process.env.BENCH_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/${quick ? "enlace_bench_quick" : "enlace_bench"}`;
  return { quick, regenerate, sizes, ids, db };
}

/** Re-runs this process pinned to core 1 with a higher open-files limit (for thousands of sockets). */
function pinSelf(): boolean {
  if (process.env.BENCH_PINNED === "1") return false;
  if (!hasTaskset() || os.cpus().length < 2) {
    console.error("warning: taskset missing or fewer than 2 cores: server and load are not pinned apart");
    return false;
  }
  const quoted = [process.execPath, ...process.execArgv, ...process.argv.slice(1)].map((arg) => `'${arg.replace(/'/g, "'\\''")}'`).join(" ");
  const result = spawnSync("bash", ["-c", `ulimit -n ${OPEN_FILES} 2>/dev/null || ulimit -n $(ulimit -Hn); exec taskset -c 1 ${quoted}`], {
    stdio: "inherit",
    env: { ...process.env, BENCH_PINNED: "1" },
  });
  process.exit(result.status ?? 1);
}

function machine() {
  const pg = spawnSync("psql", ["--version"], { encoding: "utf8" }).stdout?.trim();
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    postgres: pg,
    platform: `${os.type()} ${os.release()}`,
    pinned: process.env.BENCH_PINNED === "1" ? "server core 0, load core 1 (PostgreSQL unpinned)" : "not pinned",
    openFiles: spawnSync("bash", ["-c", "ulimit -n"], { encoding: "utf8" }).stdout.trim(),
  };
}

function fmt(value: number | undefined, unit = ""): string {
  if (value === undefined || Number.isNaN(value)) return "-";
  return `${value}${unit ? ` ${unit}` : ""}`;
}

function printTable(figures: Figure[]) {
  const rows = figures.map((f) => [
    f.scenario,
    f.figure,
    fmt(f.value, f.unit),
    f.baseline ? `${fmt(f.baseline.value, f.unit)} (${f.baseline.label})` : "-",
    f.ratio !== undefined ? `${f.ratio}` : "-",
    f.goal,
    f.met === null ? "n/a" : f.met ? "yes" : "NO",
  ]);
  const header = ["id", "figure", "value", "baseline", "ratio", "goal", "met?"];
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => (c.length > widths[i] ? `${c.slice(0, widths[i] - 1)}…` : c.padEnd(widths[i]))).join(" | ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  for (const row of rows) console.log(line(row));
}

async function main() {
  pinSelf();
  const args = parseArgs(process.argv.slice(2));
  const log = (line: string) => console.error(line);
  const selected = args.ids.length ? SCENARIOS.filter((s) => args.ids.includes(s.id)) : SCENARIOS;
  const started = new Date();
  log(`Enlace benchmarks ${args.quick ? "(quick)" : ""}: ${selected.map((s) => s.id).join(" ")} on ${args.db.replace(/\/\/[^@]*@/, "//")}`);
  const meta = await prepareData(args.db, args.sizes, args.regenerate, log);
  const handle = await openBenchDatabase({ url: args.db });
  const figures: Figure[] = [];
  const failures: { scenario: string; error: string }[] = [];
  const needsApp = selected.some((s) => s.id !== "P9");
  const app = needsApp ? await startApp(args.db) : { url: "", child: { stop: async () => {} } as never };
  const cookies = new Map<number, Promise<string>>();
  const ctx: BenchContext = {
    quick: args.quick,
    sizes: args.sizes,
    dbUrl: args.db,
    db: handle.db,
    meta,
    app,
    cookieFor(userId) {
      if (!cookies.has(userId)) cookies.set(userId, sessionCookie(handle.db, userId));
      return cookies.get(userId)!;
    },
    async socketCookies(count) {
      const available = Math.max(1, meta.members - 10);
      const distinct = Math.min(count, available);
      const out: string[] = [];
      for (let i = 0; i < distinct; i += 50) {
        out.push(...(await Promise.all(Array.from({ length: Math.min(50, distinct - i) }, (_, k) => this.cookieFor(11 + i + k)))));
      }
      return Array.from({ length: count }, (_, i) => out[i % distinct]);
    },
    record(figure) {
      figures.push(figure);
      const baseline = figure.baseline ? `, baseline ${figure.baseline.value} ${figure.unit}` : "";
      const ratio = figure.ratio !== undefined ? `, ratio ${figure.ratio}` : "";
      log(`  ${figure.scenario} ${figure.figure}: ${figure.value} ${figure.unit}${baseline}${ratio} (goal ${figure.goal}: ${figure.met === null ? "n/a" : figure.met ? "met" : "MISSED"})`);
    },
    log,
    figures,
  };
  try {
    for (const scenario of selected) {
      log(`${scenario.id}: ${scenario.title}`);
      const t0 = Date.now();
      try {
        await scenario.run(ctx);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push({ scenario: scenario.id, error: message });
        log(`  ${scenario.id} FAILED: ${message}`);
      }
      log(`  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    }
  } finally {
    await app.child.stop();
    await handle.close();
  }
  const report = {
    date: started.toISOString(),
    finished: new Date().toISOString(),
    quick: args.quick,
    scenarios: selected.map((s) => s.id),
    machine: machine(),
    data: meta,
    sizes: args.sizes,
    figures,
    failures,
  };
  const dir = path.join(ROOT, "bench/results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${started.toISOString().replace(/[:.]/g, "-")}${args.quick ? "-quick" : ""}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log("");
  printTable(figures);
  if (failures.length) {
    console.log("");
    for (const failure of failures) console.log(`FAILED ${failure.scenario}: ${failure.error}`);
  }
  console.log(`\nresults: ${path.relative(process.cwd(), file)}`);
  process.exit(failures.length ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
