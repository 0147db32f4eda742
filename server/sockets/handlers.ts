import type { Socket } from "socket.io";
import { z } from "zod";
import type { UserRow } from "../../db/schema";
import { AppError, isAppError } from "../../shared/errors";
import { createTranslator, defaultLocale, isLocale, type Locale } from "../../shared/i18n";
import { rooms, type Ack, type ClientToServerEvents, type ServerToClientEvents, type SocketData } from "../../shared/realtime/events";
import { threadRefSchema } from "../../shared/schemas/notifications.schema";
import { createServiceContext, type Deps, type ServiceContext } from "../context";
import { ensureThreadVisible, listRoomFor, mayTypeIn, postsSince } from "../domain/forum/live";
import { notificationsSince } from "../domain/notifications/notifications.service";
import { createLocalRateLimiter } from "../domain/security/rate-limit";
import { actorFromUser } from "../domain/sessions/session.service";

type EnlaceSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Events a socket may send in FLOOD_WINDOW_MS before it is disconnected. */
const FLOOD_LIMIT = 40;
const FLOOD_WINDOW_MS = 10_000;
/** The largest payload, as JSON, a client event may carry (the transport refuses messages over 16 KB). */
const MAX_PAYLOAD_CHARS = 1024;
/** Typing signals per thread and socket are passed on at most this often. */
const TYPING_INTERVAL_MS = 2_000;

/** One member's events across all their sockets on this instance (a storm from many sockets). */
const accountLimiters = new WeakMap<Deps, ReturnType<typeof createLocalRateLimiter>>();
function accountLimiterFor(deps: Deps) {
  let limiter = accountLimiters.get(deps);
  if (!limiter) {
    limiter = createLocalRateLimiter(deps.rateLimits.socketEventsPerAccount, () => deps.now().getTime());
    accountLimiters.set(deps, limiter);
  }
  return limiter;
}

/**
 * A service context for the socket's member as they are now (role, suspension and memberships are read
 * again for every request, so a change takes effect without reconnecting). Null once the socket's session
 * has ended, however it ended (sign-out, expiry, a cleanup elsewhere), so a socket that missed its
 * disconnection still cannot act.
 */
async function contextFor(socket: EnlaceSocket, deps: Deps): Promise<{ ctx: ServiceContext; user: UserRow } | null> {
  const now = deps.now();
  const user = await deps.db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .selectAll("users")
    .where("sessions.id", "=", socket.data.sessionId)
    .where("sessions.user_id", "=", socket.data.userId)
    .where("sessions.expires_at", ">", now)
    .where("sessions.absolute_expires_at", ">", now)
    .executeTakeFirst();
  if (!user) return null;
  const actor = actorFromUser(user, now);
  if (actor.suspended) return null;
  const ctx = createServiceContext(deps, {
    actor,
    locale: isLocale(user.locale) ? user.locale : defaultLocale,
    ip: socket.handshake.address,
    userAgent: String(socket.handshake.headers["user-agent"] ?? ""),
    sessionId: socket.data.sessionId,
  });
  return { ctx, user };
}

/**
 * Whether the socket's session still holds, asked once the socket is in its session's room: a sign-out
 * that committed while the handshake was being checked found no socket to end, and is caught here.
 */
export async function sessionStillValid(socket: EnlaceSocket, deps: Deps): Promise<boolean> {
  return (await contextFor(socket, deps)) !== null;
}

function failure(error: unknown, locale: Locale): Ack<never> {
  const t = createTranslator(locale);
  if (isAppError(error)) {
    return { ok: false, error: { code: error.code, message: t(error.messageKey, { minutes: Math.ceil((error.retryAfterSeconds ?? 60) / 60) }) } };
  }
  return { ok: false, error: { code: "UNAVAILABLE", message: t("errors.server_body") } };
}

/** Runs a request for the socket's member, answering through the ack as { ok, data } or { ok: false, error }. */
async function answer<T>(socket: EnlaceSocket, deps: Deps, ack: unknown, work: (ctx: ServiceContext) => Promise<T>): Promise<void> {
  const reply = typeof ack === "function" ? (ack as (result: Ack<T>) => void) : () => {};
  const found = await contextFor(socket, deps).catch((error: unknown) => {
    deps.logger.error({ err: error }, "socket request: could not load the member");
    return undefined;
  });
  if (found === undefined) {
    reply(failure(new Error("unavailable"), defaultLocale));
    return;
  }
  if (found === null) {
    reply({ ok: false, error: { code: "UNAUTHENTICATED", message: "unauthenticated" } });
    socket.disconnect(true);
    return;
  }
  const { ctx } = found;
  try {
    reply({ ok: true, data: await work(ctx) });
  } catch (error) {
    if (!isAppError(error)) deps.logger.error({ err: error }, "socket request failed");
    reply(failure(error, ctx.locale));
  }
}

/** What a client may send: nothing, or a plain object whose JSON is at most MAX_PAYLOAD_CHARS. */
function isSmallPlainObject(payload: unknown): boolean {
  if (payload === undefined) return true;
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return false;
  try {
    return JSON.stringify(payload).length <= MAX_PAYLOAD_CHARS;
  } catch {
    return false;
  }
}

export function registerHandlers(socket: EnlaceSocket, deps: Deps): void {
  // Flooding: more than FLOOD_LIMIT events in any FLOOD_WINDOW_MS (a sliding window: the times of the
  // last FLOOD_LIMIT events), or a payload that is not a small plain object, ends the connection.
  const recent: number[] = [];
  const accountLimiter = accountLimiterFor(deps);
  socket.use(([, payload, ...rest], next) => {
    const now = Date.now();
    if (recent.length === FLOOD_LIMIT && now - recent[0] < FLOOD_WINDOW_MS) {
      deps.logger.warn({ userId: socket.data.userId }, "socket flooding: disconnected");
      socket.disconnect(true);
      return;
    }
    recent.push(now);
    if (recent.length > FLOOD_LIMIT) recent.shift();
    if (!isSmallPlainObject(payload)) {
      deps.logger.warn({ userId: socket.data.userId }, "socket payload refused: disconnected");
      socket.disconnect(true);
      return;
    }
    // Past the member's budget across all their sockets (a storm from many sockets, each under its own
    // flood limit): the event is dropped and a request hears RATE_LIMITED; the sockets stay open.
    if (!accountLimiter.consume(String(socket.data.userId))) {
      deps.logger.warn({ userId: socket.data.userId }, "socket events over the member's limit: refused");
      const ack = rest.find((arg) => typeof arg === "function") as ((result: Ack<never>) => void) | undefined;
      const rule = deps.rateLimits.socketEventsPerAccount;
      ack?.(failure(new AppError("RATE_LIMITED", "errors.rate_limited", { retryAfterSeconds: rule.windowSeconds }), defaultLocale));
      return;
    }
    next();
  });

  socket.on("thread:subscribe", (payload, ack) =>
    answer(socket, deps, ack, async (ctx) => {
      // The guardian decides before the socket joins (NOT_FOUND for a thread the member may not see).
      const { threadId } = await ensureThreadVisible(ctx, payload);
      const room = rooms.thread(threadId);
      await socket.join(room);
      // Asked again once in the room: posts committed between the check and the join are not missed, and
      // access revoked in that gap (whose revocation found the socket not yet in the room) is seen here.
      try {
        return await postsSince(ctx, payload);
      } catch (error) {
        await socket.leave(room);
        throw error;
      }
    }),
  );

  socket.on("thread:unsubscribe", (payload) => {
    const parsed = threadRefSchema.safeParse(payload);
    if (parsed.success) socket.leave(rooms.thread(parsed.data.threadId));
  });

  socket.on("list:subscribe", (payload, ack) =>
    answer(socket, deps, ack, async (ctx) => {
      const room = await listRoomFor(ctx, payload);
      await socket.join(room);
      // Checked again once in the room, for access revoked between the check and the join.
      try {
        await listRoomFor(ctx, payload);
      } catch (error) {
        await socket.leave(room);
        throw error;
      }
      return { room };
    }),
  );

  socket.on("list:unsubscribe", (payload) => {
    const parsed = z.object({ topicId: z.number().int().positive().optional(), groupId: z.number().int().positive().optional() }).safeParse(payload);
    if (!parsed.success) return;
    if (parsed.data.topicId) socket.leave(rooms.topic(parsed.data.topicId));
    if (parsed.data.groupId) socket.leave(rooms.group(parsed.data.groupId));
  });

  const lastTyping = new Map<number, number>();
  socket.on("typing", async (payload) => {
    const parsed = threadRefSchema.safeParse(payload);
    if (!parsed.success) return;
    const { threadId } = parsed.data;
    const room = rooms.thread(threadId);
    if (!socket.rooms.has(room)) return;
    const now = Date.now();
    if (now - (lastTyping.get(threadId) ?? 0) < TYPING_INTERVAL_MS) return;
    lastTyping.set(threadId, now);
    try {
      const found = await contextFor(socket, deps);
      if (!found || !(await mayTypeIn(found.ctx, threadId))) return;
      // Revoked while we asked: the room no longer holds this socket, so it says nothing there.
      if (!socket.connected || !socket.rooms.has(room)) return;
      socket.to(room).emit("typing", { threadId, user: { handle: found.user.handle, displayName: found.user.display_name } });
    } catch (error) {
      // An event handler's rejection would otherwise go unhandled and end the process.
      deps.logger.warn({ err: error }, "typing signal failed");
    }
  });

  socket.on("notifications:sync", (payload, ack) => answer(socket, deps, ack, (ctx) => notificationsSince(ctx, payload)));
}
