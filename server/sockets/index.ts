import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import { Server } from "socket.io";
import { rooms, type ClientToServerEvents, type ServerToClientEvents, type SocketData } from "../../shared/realtime/events";
import type { Deps } from "../context";
import { pageCacheFor } from "../http/page-cache";
import { createSessionCookie } from "../http/session-cookie";
import { validateSessionToken } from "../domain/sessions/session.service";
import type { EnlaceIo } from "../realtime/hub";
import { registerHandlers, sessionStillValid } from "./handlers";

export interface SocketServer {
  io: EnlaceIo;
  close(): Promise<void>;
}

/** The largest message a client may send; anything bigger ends the connection (engine.io closes it). */
const MAX_MESSAGE_BYTES = 16 * 1024;
const PAGE_CACHE_INVALIDATE = "page-cache:invalidate";

/**
 * Socket.io on the same HTTP server. The handshake needs an allowed Origin (against cross-site
 * websocket hijacking) and a valid session cookie; the server alone decides which rooms a socket joins.
 * With REDIS_URL, rooms and broadcasts are shared by every instance through the Redis adapter.
 * Connection state recovery stays off: it would put a returning socket back in its old rooms and replay
 * their packets without asking the guardian again (docs/decisions/012-live-pages-and-notifications.md); pages catch up
 * from a since-cursor instead.
 */
export async function attachSockets(http: HttpServer, deps: Deps, options: { redisKey?: string } = {}): Promise<SocketServer> {
  const allowed = new Set(deps.config.allowedOrigins);
  const sessionCookie = createSessionCookie(deps.config);
  const io: EnlaceIo = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(http, {
    serveClient: false,
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    // Memory per idle socket: no per-message deflate buffers (payloads are small), and the HTTP request
    // object is not kept once the handshake is done.
    perMessageDeflate: false,
    // Nor gzip buffers for HTTP long-polling responses (engine.io compresses them by default): the
    // packets are small JSON and polling is only the fallback before the websocket upgrade.
    httpCompression: false,
    // pingInterval/pingTimeout stay at their defaults (25 s / 20 s): longer intervals save no memory per
    // socket, and shorter ones cost CPU across 20k sockets. No dynamic namespaces, so
    // cleanupEmptyChildNamespaces has nothing to clean.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      callback(null, typeof origin === "string" && allowed.has(origin));
    },
  });

  const redisClients: { quit(): Promise<unknown> }[] = [];
  if (deps.config.redisUrl) {
    const pub = createClient({ url: deps.config.redisUrl });
    const sub = pub.duplicate();
    pub.on("error", (error) => deps.logger.error({ err: error }, "redis (publish) error"));
    sub.on("error", (error) => deps.logger.error({ err: error }, "redis (subscribe) error"));
    await Promise.all([pub.connect(), sub.connect()]);
    // The key names the Redis channels: instances that share it share rooms (tests use their own).
    io.adapter(createAdapter(pub, sub, options.redisKey ? { key: options.redisKey } : {}));
    redisClients.push(pub, sub);
    deps.logger.info("realtime events shared through Redis");
  }

  io.use(async (socket, next) => {
    try {
      const token = sessionCookie.read(socket.handshake.headers.cookie);
      const validated = token ? await validateSessionToken(deps, token) : null;
      if (!validated) return next(new Error("unauthenticated"));
      socket.data.userId = validated.user.id;
      socket.data.sessionId = validated.session.id;
      next();
    } catch {
      next(new Error("unavailable"));
    }
  });

  io.on("connection", (socket) => {
    // Drop what the handshake kept that the socket no longer needs: the first HTTP request (with its
    // socket, parser and buffers) is held by engine.io for the socket's whole life otherwise. Nothing reads
    // socket.request after this point (handlers use socket.handshake, which keeps only the headers).
    (socket.request as { _cleanup?: unknown })._cleanup = undefined;
    (socket.conn as unknown as { request: unknown }).request = null;
    socket.join([rooms.user(socket.data.userId), rooms.session(socket.data.sessionId)]);
    registerHandlers(socket, deps);
    // Now that endSession/endUserSockets can find the socket, make sure its session did not end meanwhile.
    sessionStillValid(socket, deps).then(
      (valid) => {
        if (valid) socket.emit("session:ready", { userId: socket.data.userId });
        else socket.disconnect(true);
      },
      (error: unknown) => {
        deps.logger.warn({ err: error }, "socket session check failed");
        // Not a refusal: the transport closes and the client tries again.
        socket.conn.close();
      },
    );
  });

  deps.realtime.attach(io, deps.logger);
  // With several instances, a content change here empties the anonymous page cache on the others too.
  const pageCache = pageCacheFor(deps);
  if (pageCache && deps.config.redisUrl) {
    const interServer = io as unknown as { serverSideEmit(event: string): void; on(event: string, listener: () => void): void };
    pageCache.onBump(() => interServer.serverSideEmit(PAGE_CACHE_INVALIDATE));
    interServer.on(PAGE_CACHE_INVALIDATE, () => pageCache.clear());
  }
  return {
    io,
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      for (const client of redisClients) await client.quit().catch(() => {});
    },
  };
}
