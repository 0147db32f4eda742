import type { NextFunction, Request, Response } from "express";
import { currentQueryCounter, onContentWrite, withQueryCounter, type DB, type QueryCounter } from "../../db/connection";
import { requestState } from "./request-state";
import type { SessionCookie } from "./session-cookie";

/**
 * Full-page cache for anonymous readers (docs/decisions/018-anonymous-page-cache.md).
 *
 * - Only GET requests for the public pages below, only without a session cookie, only 200 responses with
 *   no Set-Cookie and a text body; keyed by locale (as resolved for the request) and the full URL.
 * - Bodies are stored split around the response's CSP nonce and joined with the new request's nonce on a
 *   hit, so every response carries its own nonce, matching the CSP header helmet already set for it.
 * - Invalidation is a global content version: any write to a public table (seen by the database hook in
 *   db/connection.ts) empties the cache at once, again when the HTTP request that wrote finishes (after its
 *   commit), and once more shortly after writes made outside a request (sockets, jobs). An entry is only
 *   stored if the version did not move while it was rendered. With REDIS_URL, attachSockets forwards each
 *   local bump to the other instances (socket.io serverSideEmit), which empty theirs.
 */
export interface PageCache {
  /** Express middleware: serves hits, records cacheable misses. Mount after the request state and helmet. */
  middleware(req: Request, res: Response, next: NextFunction): void;
  /** Drops every entry (a content change) and tells the other instances. */
  bump(): void;
  /** Drops every entry without telling anyone (a message from another instance). */
  clear(): void;
  /** Called after each local bump (coalesced per tick), to forward it to other instances. */
  onBump(listener: () => void): void;
  readonly version: number;
  readonly size: number;
  close(): void;
}

export interface PageCacheOptions {
  db: DB;
  sessionCookie: SessionCookie;
  maxEntries?: number;
  ttlMs?: number;
  maxBodyBytes?: number;
  now?: () => number;
}

interface Entry {
  status: number;
  headers: [string, string | number | string[]][];
  /** The body split around the nonce it was rendered with. */
  parts: string[];
  version: number;
  expiresAt: number;
}

/** Pages every anonymous visitor sees the same (for one language): thread pages, lists, landing, feeds. */
const CACHEABLE_PATHS = [
  /^\/$/,
  /^\/t\/\d+\/?$/,
  /^\/topics\/?$/,
  /^\/topics\/[\w-]+\/?$/,
  /^\/documents\/?$/,
  /^\/events\/?$/,
  /^\/feeds\/[\w.-]+$/,
  /^\/feeds\/topics\/[\w.-]+$/,
];
const CACHEABLE_TYPES = /^(text\/(html|plain|calendar)|application\/(atom\+xml|rss\+xml|xml|json))\b/i;
/** Headers that belong to one response (or that the middlewares set again on a hit). */
const PER_RESPONSE_HEADERS = new Set([
  "set-cookie",
  "x-request-id",
  "content-security-policy",
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "vary",
  "date",
  "connection",
  "keep-alive",
  "x-page-cache",
]);

const pageCaches = new WeakMap<object, PageCache>();
/** The page cache built for a set of dependencies (attachSockets wires it to other instances). */
export function pageCacheFor(deps: object): PageCache | undefined {
  return pageCaches.get(deps);
}
export function registerPageCache(deps: object, cache: PageCache): void {
  pageCaches.set(deps, cache);
}

export function createPageCache(options: PageCacheOptions): PageCache {
  const maxEntries = options.maxEntries ?? 500;
  const ttlMs = options.ttlMs ?? 10_000;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const now = options.now ?? Date.now;
  // A Map keeps insertion order: re-inserting on a hit makes it an LRU.
  const entries = new Map<string, Entry>();
  const listeners: (() => void)[] = [];
  let version = 0;
  let forwardPending = false;
  let delayedBump: NodeJS.Timeout | undefined;

  const clear = () => {
    version++;
    entries.clear();
  };
  const bump = () => {
    clear();
    if (!forwardPending && listeners.length) {
      forwardPending = true;
      queueMicrotask(() => {
        forwardPending = false;
        for (const listener of listeners) listener();
      });
    }
  };
  const stopWatching = onContentWrite(options.db, () => {
    bump();
    const scope = currentQueryCounter() as Partial<RequestScope> | undefined;
    if (scope && "wroteContent" in scope) scope.wroteContent = true;
    else {
      // A write outside an HTTP request (socket handler, job): its commit may come a moment later.
      clearTimeout(delayedBump);
      delayedBump = setTimeout(bump, 1_000);
      delayedBump.unref();
    }
  });

  const cacheable = (req: Request, res: Response): string | null => {
    if (req.method !== "GET") return null;
    // Conditional requests (feed readers) go to the route, which answers 304 from its own validators.
    if (req.headers["if-none-match"] !== undefined || req.headers["if-modified-since"] !== undefined) return null;
    if (options.sessionCookie.read(req.headers.cookie) !== undefined) return null;
    const state = requestState(res);
    if (state.actor || state.sessionId) return null;
    if (!CACHEABLE_PATHS.some((pattern) => pattern.test(req.path))) return null;
    return `${state.locale} ${req.originalUrl}`;
  };

  return {
    get version() {
      return version;
    },
    get size() {
      return entries.size;
    },
    bump,
    clear,
    onBump(listener) {
      listeners.push(listener);
    },
    close() {
      stopWatching();
      clearTimeout(delayedBump);
      entries.clear();
    },
    middleware(req, res, next) {
      const key = cacheable(req, res);
      if (!key) return next();
      const nonce = requestState(res).cspNonce;
      const hit = entries.get(key);
      if (hit && hit.version === version && hit.expiresAt > now()) {
        entries.delete(key);
        entries.set(key, hit);
        res.status(hit.status);
        for (const [name, value] of hit.headers) if (res.getHeader(name) === undefined) res.setHeader(name, value);
        res.setHeader("X-Page-Cache", "hit");
        res.end(hit.parts.join(nonce));
        return;
      }
      if (hit) entries.delete(key);

      const startVersion = version;
      const chunks: Buffer[] = [];
      let size = 0;
      let tooBig = false;
      const collect = (chunk: unknown, encoding?: unknown) => {
        if (tooBig || chunk === undefined || chunk === null || typeof chunk === "function") return;
        const buffer = Buffer.isBuffer(chunk)
          ? chunk
          : chunk instanceof Uint8Array
            ? Buffer.from(chunk)
            : Buffer.from(String(chunk), typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
        size += buffer.length;
        if (size > maxBodyBytes) tooBig = true;
        else chunks.push(buffer);
      };
      const write = res.write.bind(res) as (...args: unknown[]) => boolean;
      const end = res.end.bind(res) as (...args: unknown[]) => Response;
      res.write = ((...args: unknown[]) => {
        collect(args[0], args[1]);
        return write(...args);
      }) as Response["write"];
      res.end = ((...args: unknown[]) => {
        collect(args[0], args[1]);
        store();
        return end(...args);
      }) as Response["end"];
      if (!res.headersSent) res.setHeader("X-Page-Cache", "miss");

      const store = () => {
        if (tooBig || res.statusCode !== 200 || version !== startVersion) return;
        if (res.getHeader("set-cookie") !== undefined) return;
        const type = String(res.getHeader("content-type") ?? "");
        if (!CACHEABLE_TYPES.test(type)) return;
        if (/no-store|private/i.test(String(res.getHeader("cache-control") ?? ""))) return;
        const headers = Object.entries(res.getHeaders())
          .filter(([name, value]) => !PER_RESPONSE_HEADERS.has(name.toLowerCase()) && value !== undefined)
          .map(([name, value]) => [name, value] as [string, string | number | string[]]);
        entries.set(key, {
          status: 200,
          headers,
          parts: Buffer.concat(chunks).toString("utf8").split(nonce),
          version,
          expiresAt: now() + ttlMs,
        });
        while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      };
      next();
    },
  };
}

/** What one HTTP request did to the database: its query count, and whether it wrote public content. */
export interface RequestScope extends QueryCounter {
  wroteContent: boolean;
}
type QueryObserver = (info: { method: string; url: string; status: number; queries: number }) => void;
const observers = new Set<QueryObserver>();
/** Tests: hears how many queries each finished HTTP request sent. Returns the unsubscribe function. */
export function observeRequestQueries(observer: QueryObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

/**
 * Express middleware (first in the chain): counts the queries each request sends, and when a request
 * wrote public content, bumps the page cache again once the response is finished (after the commit).
 */
export function requestQueryScope(getCache: () => PageCache | undefined) {
  return (req: Request, res: Response, next: NextFunction) => {
    const scope: RequestScope = { count: 0, wroteContent: false };
    res.on("finish", () => {
      if (scope.wroteContent) getCache()?.bump();
      if (observers.size) {
        for (const observer of observers) observer({ method: req.method, url: req.originalUrl, status: res.statusCode, queries: scope.count });
      }
    });
    withQueryCounter(scope, next);
  };
}
