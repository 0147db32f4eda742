// P8: reconnect storm. N subscribed sockets drop at once; while they are away K replies are posted; they all
// come back at once and catch up from their last position (thread:subscribe with sincePosition, as the
// pages do). Figure: time from the start of the return until every socket is back and has every missed
// post; baseline: plain ws clients doing the same against an in-memory history.
import type WebSocket from "ws";
import type { BenchContext } from "../lib/context";
import { connectApp, connectMany, connectWs, subscribe, type AppSocket } from "../lib/sockets";
import { interleave, median, pairedRatio, round, sleep } from "../lib/stats";
import { liveThreadOf, postReply, startWsServer } from "./common";

export const id = "P8";
export const title = "reconnect storm: time until all back and caught up vs plain ws";

const MISSED = 3;

export async function run(ctx: BenchContext) {
  const count = ctx.sizes.sockets8;
  const threadId = liveThreadOf(ctx);
  const cookies = await ctx.socketCookies(count);
  const ws = await startWsServer();
  let missedPosts = 0;
  try {
    let appSockets: AppSocket[] = await connectMany(count, (i) => connectApp(ctx.app.url, cookies[i % cookies.length]));
    await connectMany(count, (i) => subscribe(appSockets[i], threadId));
    let wsSockets: WebSocket[] = await connectMany(count, () => connectWs(ws.url));
    const control = await connectWs(ws.url);
    let wsSeq = 0;

    const appRun = async () => {
      const thread = await ctx.db.selectFrom("threads").select("last_position").where("id", "=", threadId).executeTakeFirstOrThrow();
      for (const socket of appSockets) socket.disconnect();
      for (let k = 0; k < MISSED; k++) await postReply(ctx, threadId);
      const started = performance.now();
      // Everyone at once (connectMany with one batch of all).
      const returned = await connectMany(count, async (i) => {
        const socket = await connectApp(ctx.app.url, cookies[i % cookies.length]);
        const caught = await subscribe(socket, threadId, thread.last_position);
        if (caught.missed < MISSED) missedPosts += MISSED - caught.missed;
        return socket;
      }, count);
      const elapsed = performance.now() - started;
      appSockets = returned;
      return elapsed;
    };
    const wsRun = async () => {
      const since = wsSeq;
      for (const socket of wsSockets) socket.terminate();
      for (let k = 0; k < MISSED; k++) control.send(JSON.stringify({ broadcast: `missed ${k}` }));
      wsSeq += MISSED;
      await sleep(50); // the broadcasts reach the server before the storm (the app's replies are committed too)
      const started = performance.now();
      const returned = await connectMany(count, async () => {
        const socket = await connectWs(ws.url);
        const missed = await new Promise<number>((resolve) => {
          socket.once("message", (data) => resolve((JSON.parse(data.toString()) as { missed: unknown[] }).missed.length));
          socket.send(JSON.stringify({ since }));
        });
        if (missed < MISSED) throw new Error(`ws client caught up ${missed}/${MISSED}`);
        return socket;
      }, count);
      const elapsed = performance.now() - started;
      wsSockets = returned;
      return elapsed;
    };
    const { a, b } = await interleave(ctx.sizes.pairs, appRun, wsRun);
    for (const socket of appSockets) socket.close();
    for (const socket of wsSockets) socket.terminate();
    control.terminate();
    const ratio = pairedRatio(a, b);
    ctx.record({
      scenario: id,
      figure: `reconnect storm of ${count} sockets, all back and caught up`,
      unit: "ms",
      value: round(median(a), 0),
      baseline: { label: `plain ws, ${count} clients`, value: round(median(b), 0) },
      ratio: round(ratio, 2),
      goal: "<= 2x, zero missed posts" + (count < 10_000 ? " (plan: 10,000 sockets; scaled down)" : ""),
      met: ratio <= 2 && missedPosts === 0,
      notes: `${MISSED} replies posted while away; missed posts after catch-up: ${missedPosts}; clients on one core`,
      samples: { app: a, baseline: b },
    });
  } finally {
    await ws.child.stop();
  }
}
