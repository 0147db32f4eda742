// Many socket.io and ws clients from one process (the load core), connected a batch at a time.
import { io as connectIo, type Socket } from "socket.io-client";
import WebSocket from "ws";
import type { ClientToServerEvents, ServerToClientEvents } from "../../shared/realtime/events";

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Connects one socket.io client as the app's pages do (websocket transport, session cookie, Origin). */
export function connectApp(url: string, cookie: string, options: { reconnection?: boolean } = {}): Promise<AppSocket> {
  return new Promise((resolve, reject) => {
    const socket: AppSocket = connectIo(url, {
      transports: ["websocket"],
      forceNew: true,
      reconnection: options.reconnection ?? false,
      extraHeaders: { cookie, origin: url },
      timeout: 60_000,
    });
    const timer = setTimeout(() => reject(new Error("socket.io connect timeout")), 60_000);
    socket.once("session:ready", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("connect_error", (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
  });
}

export function subscribe(socket: AppSocket, threadId: number, sincePosition?: number) {
  return new Promise<{ missed: number; more: boolean }>((resolve, reject) => {
    socket.emit("thread:subscribe", { threadId, sincePosition }, (result) => {
      if (result.ok) resolve({ missed: result.data.missed.length, more: result.data.more });
      else reject(new Error(result.error.code));
    });
  });
}

export function connectWs(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.once("open", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Runs `connect` `count` times, `batch` at a time; answers them in order. */
export async function connectMany<T>(count: number, connect: (index: number) => Promise<T>, batch = 200): Promise<T[]> {
  const out: T[] = [];
  for (let from = 0; from < count; from += batch) {
    const chunk = await Promise.all(Array.from({ length: Math.min(batch, count - from) }, (_, i) => connect(from + i)));
    out.push(...chunk);
  }
  return out;
}
