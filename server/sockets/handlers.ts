import type { Socket } from "socket.io";
import { z } from "zod";
import { isAppError } from "../../shared/errors";
import { createTranslator, defaultLocale, isLocale, type Locale } from "../../shared/i18n";
import { rooms, type Ack, type ClientToServerEvents, type ServerToClientEvents, type SocketData } from "../../shared/realtime/events";
import { threadRefSchema } from "../../shared/schemas/notifications.schema";
import { createServiceContext, type Deps, type ServiceContext } from "../context";
import { listRoomFor, mayTypeIn, postsSince } from "../domain/forum/live";
import { notificationsSince } from "../domain/notifications/notifications.service";
import { actorFromUser } from "../domain/sessions/session.service";

type EnlaceSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Events a socket may send in FLOOD_WINDOW_MS before it is disconnected. */
const FLOOD_LIMIT = 40;
const FLOOD_WINDOW_MS = 10_000;
/** Typing signals per thread and socket are passed on at most this often. */
const TYPING_INTERVAL_MS = 2_000;

/**
 * A service context for the socket's member as they are now (role, suspension and memberships are read
 * again for every request, so a change takes effect without reconnecting).
 */
async function contextFor(socket: EnlaceSocket, deps: Deps): Promise<ServiceContext | null> {
  const user = await deps.db.selectFrom("users").selectAll().where("id", "=", socket.data.userId).executeTakeFirst();
  if (!user) return null;
  const actor = actorFromUser(user, deps.now());
  if (actor.suspended) return null;
  return createServiceContext(deps, {
    actor,
    locale: isLocale(user.locale) ? user.locale : defaultLocale,
    ip: socket.handshake.address,
    userAgent: String(socket.handshake.headers["user-agent"] ?? ""),
    sessionId: socket.data.sessionId,
  });
}

function failure(error: unknown, locale: Locale): Ack<never> {
  const t = createTranslator(locale);
  if (isAppError(error)) return { ok: false, error: { code: error.code, message: t(error.messageKey) } };
  return { ok: false, error: { code: "UNAVAILABLE", message: t("errors.server_body") } };
}

/** Runs a request for the socket's member, answering through the ack as { ok, data } or { ok: false, error }. */
async function answer<T>(socket: EnlaceSocket, deps: Deps, ack: unknown, work: (ctx: ServiceContext) => Promise<T>): Promise<void> {
  const reply = typeof ack === "function" ? (ack as (result: Ack<T>) => void) : () => {};
  const ctx = await contextFor(socket, deps).catch(() => null);
  if (!ctx) {
    reply({ ok: false, error: { code: "UNAUTHENTICATED", message: "unauthenticated" } });
    socket.disconnect(true);
    return;
  }
  try {
    reply({ ok: true, data: await work(ctx) });
  } catch (error) {
    if (!isAppError(error)) deps.logger.error({ err: error }, "socket request failed");
    reply(failure(error, ctx.locale));
  }
}

export function registerHandlers(socket: EnlaceSocket, deps: Deps): void {
  // Flooding: too many events in a window, or a payload that is not a small plain object, ends the connection.
  let windowStart = Date.now();
  let count = 0;
  socket.use(([, payload], next) => {
    const now = Date.now();
    if (now - windowStart > FLOOD_WINDOW_MS) {
      windowStart = now;
      count = 0;
    }
    count++;
    if (count > FLOOD_LIMIT) {
      deps.logger.warn({ userId: socket.data.userId }, "socket flooding: disconnected");
      socket.disconnect(true);
      return;
    }
    if (payload !== undefined && (typeof payload !== "object" || payload === null || Array.isArray(payload) || JSON.stringify(payload).length > 1024)) {
      socket.disconnect(true);
      return;
    }
    next();
  });

  socket.on("thread:subscribe", (payload, ack) =>
    answer(socket, deps, ack, async (ctx) => {
      // The guardian decides before the socket joins; postsSince answers NOT_FOUND for a thread it may not see.
      const result = await postsSince(ctx, payload);
      await socket.join(rooms.thread(payload.threadId));
      // Posts committed between the check and the join would be missed: ask once more after joining.
      const again = await postsSince(ctx, payload);
      return again.missed.length >= result.missed.length ? again : result;
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
    const ctx = await contextFor(socket, deps).catch(() => null);
    if (!ctx || !(await mayTypeIn(ctx, threadId))) return;
    const user = await deps.db.selectFrom("users").select(["handle", "display_name"]).where("id", "=", socket.data.userId).executeTakeFirst();
    if (user) socket.to(room).emit("typing", { threadId, user: { handle: user.handle, displayName: user.display_name } });
  });

  socket.on("notifications:sync", (payload, ack) => answer(socket, deps, ack, (ctx) => notificationsSince(ctx, payload)));
}
