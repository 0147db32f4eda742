// Pieces several scenarios share: the raw node:http baseline serving a page's bytes, posting a reply.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BenchContext } from "../lib/context";
import { getRaw } from "../lib/http";
import { freePort, spawnPinned, TSX_LOADER, waitForOk, type Child } from "../lib/proc";


/** Fetches `pathname` from the app (as `headers` asks) and serves the same bytes from raw node:http on core 0. */
export async function startRawCopy(ctx: BenchContext, pathname: string, headers: Record<string, string> = {}): Promise<{ url: string; child: Child; bytes: number }> {
  const page = await getRaw(`${ctx.app.url}${pathname}`, headers);
  if (page.status !== 200) throw new Error(`GET ${pathname} answered ${page.status}`);
  const dir = mkdtempSync(path.join(tmpdir(), "enlace-bench-"));
  const keep: Record<string, string> = {};
  for (const name of ["content-type", "cache-control", "content-encoding", "vary"]) {
    const value = page.headers[name];
    if (typeof value === "string") keep[name] = value;
  }
  writeFileSync(path.join(dir, "body"), page.body);
  writeFileSync(path.join(dir, "headers.json"), JSON.stringify(keep));
  const port = await freePort();
  const child = spawnPinned(0, process.execPath, [...TSX_LOADER, "bench/lib/raw-server.ts", String(port), path.join(dir, "body"), path.join(dir, "headers.json")]);
  const url = `http://127.0.0.1:${port}`;
  await waitForOk(`${url}/healthz`, 30_000, child);
  return { url: `${url}${pathname}`, child, bytes: page.body.length };
}

export async function startWsServer(): Promise<{ url: string; child: Child }> {
  const port = await freePort();
  const child = spawnPinned(0, process.execPath, [...TSX_LOADER, "bench/lib/ws-server.ts", String(port)]);
  await waitForOk(`http://127.0.0.1:${port}/`, 30_000, child);
  return { url: `ws://127.0.0.1:${port}`, child };
}

let replyCounter = 0;
/** A unique Markdown reply body (the duplicate check refuses repeats). */
export function replyBody(): string {
  replyCounter++;
  return `Respuesta de prueba **${replyCounter}** ${Date.now()}: ¿cómo financiaron los _buses eléctricos_ en su ciudad? Ver el plan ${process.pid}-${replyCounter}.`;
}

/** Posts a reply through the JSON API as the staff member (no hourly limit); answers the new position. */
export async function postReply(ctx: BenchContext, threadId: number): Promise<{ position: number; ms: number }> {
  const cookie = await ctx.cookieFor(ctx.meta.moderatorId);
  const started = performance.now();
  const response = await fetch(`${ctx.app.url}/api/v1/threads/${threadId}/replies`, {
    method: "POST",
    headers: { cookie, origin: ctx.app.url, "content-type": "application/json" },
    body: JSON.stringify({ body: replyBody() }),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`reply answered ${response.status}: ${text.slice(0, 300)}`);
  const data = JSON.parse(text) as { position?: number; data?: { position?: number } };
  return { position: data.position ?? data.data?.position ?? -1, ms: performance.now() - started };
}

/** The thread the live scenarios post into (an ordinary generated thread, not one P1-P3 read). */
export const liveThreadOf = (ctx: BenchContext) => ctx.meta.threads;
