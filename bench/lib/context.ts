// What every scenario gets: the bench database (generated when missing), the app server under test
// (production build, pinned to core 0), sessions for synthetic members, and the result sink.
import { existsSync } from "node:fs";
import { sql } from "kysely";
import pg from "pg";
import type { DB } from "../../db/connection";
import { createSession } from "../../server/domain/sessions/session.service";
import { generate, openBenchDatabase, readMeta, type BenchMeta } from "../data/generate";
import { freePort, ROOT, spawnPinned, waitForOk, START_SCRIPT, type Child } from "./proc";
import path from "node:path";

export interface Figure {
  scenario: string;
  figure: string;
  unit: string;
  value: number;
  baseline?: { label: string; value: number };
  /** value / baseline (or the scenario's own ratio, e.g. big/small). */
  ratio?: number;
  goal: string;
  met: boolean | null;
  notes?: string;
  samples?: Record<string, number[]>;
}

export interface Sizes {
  posts: number;
  bigThread: number;
  members: number;
  /** Rounds of A B pairs. */
  pairs: number;
  /** Seconds per autocannon run. */
  seconds: number;
  sockets4: [number, number];
  sockets5: number;
  sockets8: number;
}

export const QUICK: Sizes = { posts: 20_000, bigThread: 2_000, members: 1_000, pairs: 5, seconds: 1, sockets4: [200, 1_000], sockets5: 1_000, sockets8: 500 };
// Full sizes stay under this machine's 20,000 open files per process: P4 holds N socket.io and N ws
// clients in the harness at once (9,000 + 9,000), P5 holds N in the server (19,000). Raise them with
// --sockets4 1000,10000 --sockets5 20000 where the limit allows.
export const FULL: Sizes = { posts: 1_000_000, bigThread: 100_000, members: 100_000, pairs: 5, seconds: 5, sockets4: [1_000, 9_000], sockets5: 19_000, sockets8: 10_000 };

export interface BenchContext {
  quick: boolean;
  sizes: Sizes;
  dbUrl: string;
  db: DB;
  meta: BenchMeta;
  app: { url: string; child: Child };
  /** A session cookie header for a member (cached per member). */
  cookieFor(userId: number): Promise<string>;
  /**
   * Cookies for `count` sockets, one member each as far as the data has members (the server limits
   * socket events per member: 120 per 10 s), from member 11 on (not the ones P2/P3 read as).
   */
  socketCookies(count: number): Promise<string[]>;
  record(figure: Figure): void;
  log(line: string): void;
  figures: Figure[];
}

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export async function ensureDatabase(url: string) {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** Opens the bench database, generating data when there is none or it is smaller than asked. */
export async function prepareData(url: string, sizes: Sizes, regenerate: boolean, log: (line: string) => void): Promise<BenchMeta> {
  await ensureDatabase(url);
  let handle = await openBenchDatabase({ url });
  let meta = await readMeta(handle.db);
  await handle.close();
  if (!meta || regenerate || meta.posts < sizes.posts * 0.9 || meta.bigThread === undefined) {
    log(`generating data: ${sizes.posts} posts, a ${sizes.bigThread}-post thread, ${sizes.members} members`);
    meta = await generate({ url, posts: sizes.posts, bigThread: sizes.bigThread, members: sizes.members });
  } else {
    log(`using existing data: ${meta.posts} posts, ${meta.threads} threads, ${meta.members} members`);
  }
  handle = await openBenchDatabase({ url });
  await handle.close();
  return meta;
}

/** Starts the production build on the bench database, pinned to core 0. */
export async function startApp(dbUrl: string, port?: number): Promise<{ url: string; child: Child }> {
  port ??= await freePort();
  if (!existsSync(path.join(ROOT, "build/server/index.js")) || !existsSync(path.join(ROOT, "build/app/start.js"))) {
    throw new Error("no production build: run `npm run build` first");
  }
  const url = `http://127.0.0.1:${port}`;
  const child = spawnPinned(0, process.execPath, [START_SCRIPT], {
    DATABASE_URL: dbUrl,
    NODE_ENV: "production",
    SEED_DEMO: "false",
    LOG_LEVEL: "warn",
    PORT: String(port),
    HOST: "127.0.0.1",
    PUBLIC_URL: url,
    DATA_DIR: path.join(ROOT, "bench/.data"),
    REDIS_URL: undefined,
    // The harness sends X-Forwarded-For so per-IP limits (search: 120 a minute) see many visitors.
    TRUST_PROXY: "true",
  });
  await waitForOk(`${url}/healthz`, 120_000, child);
  return { url, child };
}

export async function sessionCookie(db: DB, userId: number): Promise<string> {
  const deps = { config: { session: { days: 30, maxDays: 90 } }, now: () => new Date() } as unknown as Parameters<typeof createSession>[0];
  const { token } = await createSession(deps, db, userId, { ip: "127.0.0.1", userAgent: "enlace-bench" });
  return `enlace_session=${encodeURIComponent(token)}`;
}

export async function countRows(db: DB, table: string): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
  return result.rows[0].n;
}
