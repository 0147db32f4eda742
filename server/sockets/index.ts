import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from "../../shared/realtime/events";
import type { Deps } from "../context";
import { createSessionCookie } from "../http/session-cookie";
import { validateSessionToken } from "../domain/sessions/session.service";

/**
 * Socket.io on the same HTTP server. The handshake needs an allowed Origin (against cross-site
 * websocket hijacking) and a valid session cookie; the server alone decides which rooms a socket joins.
 */
export function attachSockets(http: HttpServer, deps: Deps): Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData> {
  const allowed = new Set(deps.config.allowedOrigins);
  const sessionCookie = createSessionCookie(deps.config);
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(http, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      callback(null, typeof origin === "string" && allowed.has(origin));
    },
  });

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
    socket.join(`user:${socket.data.userId}`);
    socket.emit("session:ready", { userId: socket.data.userId });
  });
  return io;
}
