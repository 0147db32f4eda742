// A real socket.io-client connection for integration tests: it keeps every event it receives, waits
// for events with a timeout (never a blind sleep), and answers requests through typed acks.
import { io as connect, type Socket } from "socket.io-client";
import type { Deps } from "../../server/context";
import { createSession } from "../../server/domain/sessions/session.service";
import { createSessionCookie } from "../../server/http/session-cookie";
import type { Ack, ClientToServerEvents, ServerToClientEvents } from "../../shared/realtime/events";

export type TypedSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type EventName = keyof ServerToClientEvents;
export type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];
type AckData<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[1] extends (result: Ack<infer T>) => void ? T : never;

export interface Received {
  event: string;
  payload: unknown;
}

export interface TestClient {
  socket: TypedSocket;
  userId: number;
  sessionId: string;
  cookie: string;
  /** Every event received since the connection opened, in order (session:ready first). */
  received: Received[];
  /** Why the connection closed, once it has. */
  disconnectReason: string | null;
  /** The first event of that name matching `match`, already received or arriving within timeoutMs. */
  waitFor<E extends EventName>(event: E, match?: (payload: Payload<E>) => boolean, timeoutMs?: number): Promise<Payload<E>>;
  /** Events of that name received so far. */
  all<E extends EventName>(event: E): Payload<E>[];
  /** Sends a request and resolves with its ack (rejects after timeoutMs). */
  request<E extends "thread:subscribe" | "list:subscribe" | "notifications:sync">(
    event: E,
    payload: Parameters<ClientToServerEvents[E]>[0],
    timeoutMs?: number,
  ): Promise<Ack<AckData<E>>>;
  /** Resolves with the reason once the server has closed the connection; rejects after timeoutMs. */
  disconnected(timeoutMs?: number): Promise<string>;
  close(): void;
}

export interface ClientFactory {
  /** Opens a socket for a member with a new session (or the cookie of an earlier client: same session). */
  open(userId: number, options?: { sameSessionAs?: TestClient }): Promise<TestClient>;
  /** Tries a handshake with a cookie, resolving with the server's refusal message if it refuses. */
  tryOpen(cookie: string): Promise<{ ok: true; client: TestClient } | { ok: false; reason: string }>;
  closeAll(): void;
}

/** Clients of one server; `deps` creates the sessions (any instance's deps on the same database will do). */
export function createClientFactory(server: { url: string; origin: string }, deps: Deps): ClientFactory {
  const opened: TestClient[] = [];
  const sessionCookie = createSessionCookie(deps.config);

  function wrap(socket: TypedSocket, cookie: string): TestClient {
    const received: Received[] = [];
    const client: TestClient = {
      socket,
      userId: 0,
      sessionId: "",
      cookie,
      received,
      disconnectReason: null,
      waitFor(event, match = () => true, timeoutMs = 2000) {
        const found = received.find((entry) => entry.event === event && match(entry.payload as never));
        if (found) return Promise.resolve(found.payload as never);
        return new Promise((resolve, reject) => {
          const listener = (name: string, payload: unknown) => {
            if (name !== event || !match(payload as never)) return;
            clearTimeout(timer);
            socket.offAny(listener);
            resolve(payload as never);
          };
          const timer = setTimeout(() => {
            socket.offAny(listener);
            reject(new Error(`no ${event} within ${timeoutMs} ms; received: ${received.map((entry) => entry.event).join(", ") || "nothing"}`));
          }, timeoutMs);
          socket.onAny(listener);
        });
      },
      all(event) {
        return received.filter((entry) => entry.event === event).map((entry) => entry.payload as never);
      },
      request(event, payload, timeoutMs = 3000) {
        return (socket.timeout(timeoutMs) as unknown as { emitWithAck(e: string, p: unknown): Promise<never> }).emitWithAck(event, payload);
      },
      disconnected(timeoutMs = 1000) {
        if (client.disconnectReason !== null) return Promise.resolve(client.disconnectReason);
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
          socket.once("disconnect", (reason) => {
            clearTimeout(timer);
            resolve(reason);
          });
        });
      },
      close() {
        socket.disconnect();
      },
    };
    socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
    socket.on("disconnect", (reason) => {
      client.disconnectReason = reason;
    });
    return client;
  }

  function tryOpen(cookie: string): Promise<{ ok: true; client: TestClient } | { ok: false; reason: string }> {
    const socket: TypedSocket = connect(server.url, {
      transports: ["websocket"],
      extraHeaders: { origin: server.origin, cookie },
      reconnection: false,
      timeout: 3000,
      forceNew: true,
    });
    const client = wrap(socket, cookie);
    opened.push(client);
    return new Promise((resolve) => {
      socket.once("session:ready", ({ userId }) => {
        client.userId = userId;
        resolve({ ok: true, client });
      });
      socket.once("connect_error", (error) => resolve({ ok: false, reason: error.message }));
    });
  }

  return {
    async open(userId, options = {}) {
      let cookie = options.sameSessionAs?.cookie;
      let sessionId = options.sameSessionAs?.sessionId;
      if (!cookie) {
        const { token, session } = await createSession(deps, deps.db, userId, { ip: "", userAgent: "vitest" });
        cookie = sessionCookie.serialize(token, session.expires_at).split(";")[0];
        sessionId = session.id;
      }
      const result = await tryOpen(cookie);
      if (!result.ok) throw new Error(`handshake refused: ${result.reason}`);
      if (result.client.userId !== userId) throw new Error(`connected as ${result.client.userId}, not ${userId}`);
      result.client.sessionId = sessionId!;
      return result.client;
    },
    tryOpen,
    closeAll() {
      for (const client of opened) client.close();
    },
  };
}
