import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync } from "node:fs";
import {
  Kysely,
  PostgresDialect,
  sql,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type LogEvent,
  type QueryResult,
  type RootOperationNode,
  type TransactionSettings,
} from "kysely";
import pg from "pg";
import { AppError } from "../shared/errors";
import type { Database } from "./schema";

export type DatabaseKind = "pglite" | "postgres";
export type DB = Kysely<Database>;

export type DatabaseOptions =
  | { kind: "postgres"; url: string; poolSize?: number }
  | { kind: "pglite"; dataDir?: string /* in memory when absent */; loadDataDir?: Blob };

export interface DatabaseHandle {
  db: DB;
  kind: DatabaseKind;
  /** Answers true when the database answers a trivial query within the timeout. */
  ping(timeoutMs?: number): Promise<boolean>;
  /** PGlite only: the whole data directory as a tarball, to start copies from (tests). */
  snapshot?(): Promise<Blob>;
  close(): Promise<void>;
}

// int8 (count(*), sums) arrives as a string from pg; the schema keeps ids in int4, so numbers suffice.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/** Queries run inside one scope (an HTTP request), counted by the `log` hook below. */
export interface QueryCounter {
  count: number;
  /** When present, each executed query's SQL and parameters are kept here too (tests: EXPLAIN them). */
  captured?: { sql: string; parameters: readonly unknown[] }[];
}
const queryScope = new AsyncLocalStorage<QueryCounter>();

/** Runs `fn` (and everything it starts) counting the queries it sends to any database opened here. */
export function withQueryCounter<T>(counter: QueryCounter, fn: () => T): T {
  return queryScope.run(counter, fn);
}

/** The counter of the current scope, if any. */
export function currentQueryCounter(): QueryCounter | undefined {
  return queryScope.getStore();
}

/**
 * Tables whose writes never change what an anonymous visitor reads (sessions, reading positions, mail
 * queues, rate limits...). A write to any other table counts as a content change (see onContentWrite).
 */
const PRIVATE_TABLES = new Set([
  "sessions",
  "thread_reads",
  "email_outbox",
  "rate_limit_hits",
  "user_tokens",
  "personal_access_tokens",
  "app_secrets",
  "notifications",
  "drafts",
  "webhook_deliveries",
  "audit_log",
  "document_downloads",
  "event_reminders",
  "kysely_migration",
  "kysely_migration_lock",
  "idempotency_keys",
  // Members' own choices and requests, shown only to them or to moderators.
  "thread_follows",
  "space_follows",
  "flags",
  "pair_requests",
  "group_invitations",
  "group_join_requests",
  "invitations",
  "webhooks",
]);

const contentWriteListeners = new WeakMap<DB, Set<() => void>>();

/**
 * Calls `listener` after every statement on `db` that may change public content: an insert, update or
 * delete outside PRIVATE_TABLES, or any raw statement that is not a plain select. Inside a transaction this
 * fires before the commit, so callers that cache must also invalidate after commit (the page cache does).
 */
export function onContentWrite(db: DB, listener: () => void): () => void {
  const listeners = contentWriteListeners.get(db);
  listeners?.add(listener);
  return () => listeners?.delete(listener);
}

function writesContent(node: RootOperationNode, text: string): boolean {
  switch (node.kind) {
    case "SelectQueryNode":
      return false;
    case "InsertQueryNode":
    case "UpdateQueryNode":
    case "DeleteQueryNode":
    case "MergeQueryNode":
      return writesPublicTable(text, true);
    default:
      return /\b(insert|update|delete|merge|truncate)\b/i.test(text) && writesPublicTable(text, false);
  }
}

function writesPublicTable(text: string, isWrite: boolean): boolean {
  const tables = [...text.matchAll(/\b(?:insert into|update|delete from|merge into|truncate)\s+"?(\w+)"?/gi)]
    .map((match) => match[1].toLowerCase())
    .filter((table) => !["set", "skip", "of", "nowait"].includes(table));
  if (tables.length === 0) return isWrite;
  return tables.some((table) => !PRIVATE_TABLES.has(table));
}

/** Kysely's log hook: counts each executed query in the current scope and reports content writes. */
function queryHook(listeners: Set<() => void>) {
  return (event: LogEvent) => {
    const counter = queryScope.getStore();
    if (counter) {
      counter.count++;
      counter.captured?.push({ sql: event.query.sql, parameters: event.query.parameters });
    }
    if (event.level === "query" && listeners.size && writesContent(event.query.query, event.query.sql)) {
      for (const listener of listeners) listener();
    }
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const listeners = new Set<() => void>();
  const log = queryHook(listeners);
  if (options.kind === "postgres") {
    const pool = new pg.Pool({
      connectionString: options.url,
      // No JIT compilation: every query here is short, and JIT starts on the planner's cost estimate alone
      // (jit_above_cost), which counts branches that never run. The search statement (decision 020) has
      // windows that are skipped at run time but estimated in full: JIT spent ~90 ms compiling it to save
      // nothing. The benchmarks open their bare connections through here too, so baselines match.
      options: "-c jit=off",
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    });
    // An idle client that loses its server must not crash the process; the pool replaces it.
    pool.on("error", () => {});
    // A lost or refused connection becomes AppError UNAVAILABLE (503 with Retry-After), never a bare 500.
    const db = new Kysely<Database>({ dialect: unavailableOnConnectionLoss(new PostgresDialect({ pool })), log });
    contentWriteListeners.set(db, listeners);
    return { db, kind: "postgres", ping: (timeoutMs) => ping(db, timeoutMs), close: () => db.destroy() };
  }

  // Loaded only when used, so a PostgreSQL deployment never pays for the WASM build.
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGliteDialect } = await import("kysely-pglite-dialect");
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create(options.dataDir ?? "memory://", {
    loadDataDir: options.loadDataDir,
    // Said out loud (it is the default): a query resolves only after its writes reached the data directory.
    // With the Node file system, PGlite writes WAL at commit straight into the files (synchronous_commit on),
    // so a commit survives kill -9 of Enlace. PGlite's build runs with fsync off: not a power cut (decision 017).
    relaxedDurability: false,
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), log });
  contentWriteListeners.set(db, listeners);
  return {
    db,
    kind: "pglite",
    ping: (timeoutMs) => ping(db, timeoutMs),
    snapshot: () => pglite.dumpDataDir("none"),
    close: () => db.destroy(),
  };
}

async function ping(db: DB, timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const query = sql`select 1 as ok`.execute(db).then(() => true as const);
    return await Promise.race([query, timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Seconds a client is told to wait when the database cannot be reached. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

const CONNECTION_ERROR_CODES = new Set([
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections.
  "57P01",
  "57P02",
  "57P03",
  "53300",
  // Node sockets.
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);
const CONNECTION_ERROR_MESSAGE =
  /connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|terminating connection|not currently accepting connections|the database system is (starting up|shutting down|in recovery mode)|client was closed/i;

/** True for errors that mean "the database is out of reach", as opposed to a query the database refused. */
export function isConnectionError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === "string" && (code.startsWith("08") || CONNECTION_ERROR_CODES.has(code))) return true;
  if (typeof code === "string" && code === "55000" && typeof message === "string") return CONNECTION_ERROR_MESSAGE.test(message);
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return false;
  return typeof message === "string" && CONNECTION_ERROR_MESSAGE.test(message);
}

function unavailable(error: unknown): unknown {
  if (!isConnectionError(error)) return error;
  return new AppError("UNAVAILABLE", "errors.database_unavailable", { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS, cause: error });
}

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw unavailable(error);
  }
}

/**
 * Wraps a dialect so every connection-level failure (PostgreSQL restarting, a terminated backend, a refused
 * or timed-out connect) surfaces as AppError UNAVAILABLE. The pool itself drops dead clients: pg-pool
 * discards a released client that is no longer queryable and its 'error' listener (above) discards idle
 * ones, so the next request opens a fresh connection once the server is back, with no restart of Enlace.
 */
function unavailableOnConnectionLoss(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => new UnavailableMappingDriver(dialect.createDriver()),
  };
}

class MappedConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}
  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return mapped(() => this.inner.executeQuery<R>(compiledQuery));
  }
  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(compiledQuery, chunkSize);
    } catch (error) {
      throw unavailable(error);
    }
  }
}

const innerOf = (connection: DatabaseConnection) => (connection instanceof MappedConnection ? connection.inner : connection);

class UnavailableMappingDriver implements Driver {
  constructor(private readonly inner: Driver) {}
  init() {
    return mapped(() => this.inner.init());
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    return new MappedConnection(await mapped(() => this.inner.acquireConnection()));
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return mapped(() => this.inner.beginTransaction(innerOf(connection), settings));
  }
  commitTransaction(connection: DatabaseConnection) {
    return mapped(() => this.inner.commitTransaction(innerOf(connection)));
  }
  rollbackTransaction(connection: DatabaseConnection) {
    return mapped(() => this.inner.rollbackTransaction(innerOf(connection)));
  }
  async savepoint(connection: DatabaseConnection, name: string, compileQuery: Parameters<NonNullable<Driver["savepoint"]>>[2]) {
    return mapped(() => this.inner.savepoint!(innerOf(connection), name, compileQuery));
  }
  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compileQuery: Parameters<NonNullable<Driver["rollbackToSavepoint"]>>[2]) {
    return mapped(() => this.inner.rollbackToSavepoint!(innerOf(connection), name, compileQuery));
  }
  async releaseSavepoint(connection: DatabaseConnection, name: string, compileQuery: Parameters<NonNullable<Driver["releaseSavepoint"]>>[2]) {
    return mapped(() => this.inner.releaseSavepoint!(innerOf(connection), name, compileQuery));
  }
  releaseConnection(connection: DatabaseConnection) {
    return this.inner.releaseConnection(innerOf(connection));
  }
  destroy() {
    return this.inner.destroy();
  }
}
