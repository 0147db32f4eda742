import { type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import type { NotificationDto } from "../../../shared/realtime/events";
import { listNotificationsSchema, notificationIdSchema, syncNotificationsSchema } from "../../../shared/schemas/notifications.schema";
import { parseInput } from "../../../shared/schemas/parse";
import type { ServiceContext } from "../../context";
import { countVisibleUnread, toNotificationDto, visibleNotifications } from "./notification-queries";

const PAGE_SIZE = 30;

export async function countUnreadNotifications(ctx: ServiceContext): Promise<number> {
  const actor = ctx.actor;
  if (!actor) return 0;
  return countVisibleUnread(ctx.db, actor);
}

/** The notification centre, newest first, a page at a time (keyset on id). */
export async function listNotifications(ctx: ServiceContext, raw: unknown = {}): Promise<{ items: NotificationDto[]; nextBefore: number | null; unreadCount: number }> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(listNotificationsSchema, raw);
  let query = visibleNotifications(ctx.db, actor).orderBy("n.id", "desc").limit(PAGE_SIZE + 1);
  if (input.before) query = query.where("n.id", "<", input.before);
  const rows = await query.execute();
  const shown = rows.slice(0, PAGE_SIZE);
  return {
    items: shown.map((row) => toNotificationDto(row, ctx.locale)),
    nextBefore: rows.length > PAGE_SIZE ? shown.at(-1)!.id : null,
    unreadCount: await countUnreadNotifications(ctx),
  };
}

/** What a page missed while its socket was away: notifications after sinceId, oldest first. */
export async function notificationsSince(ctx: ServiceContext, raw: unknown): Promise<{ missed: NotificationDto[]; unreadCount: number }> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(syncNotificationsSchema, raw);
  const rows = input.sinceId !== undefined
    ? await visibleNotifications(ctx.db, actor).where("n.id", ">", input.sinceId).orderBy("n.id", "asc").limit(100).execute()
    : [];
  return { missed: rows.map((row) => toNotificationDto(row, ctx.locale)), unreadCount: await countUnreadNotifications(ctx) };
}

async function announceReadState(ctx: ServiceContext, userId: number) {
  ctx.deps.realtime.toUser(userId, "notifications:read", { unreadCount: await countUnreadNotifications(ctx) });
}

export async function markNotificationRead(ctx: ServiceContext, raw: unknown): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(notificationIdSchema, raw);
  // Someone else's notification id answers the same as a missing one: nothing changes.
  await ctx.db
    .updateTable("notifications")
    .set({ read_at: ctx.deps.now() })
    .where("id", "=", input.notificationId)
    .where("user_id", "=", actor.id)
    .where("read_at", "is", null)
    .execute();
  await announceReadState(ctx, actor.id);
}

export async function markAllNotificationsRead(ctx: ServiceContext): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  await ctx.db.updateTable("notifications").set({ read_at: ctx.deps.now() }).where("user_id", "=", actor.id).where("read_at", "is", null).execute();
  await announceReadState(ctx, actor.id);
}

/** Reading a thread up to a position reads the notifications about its posts up to there. */
export async function markThreadNotificationsRead(ctx: ServiceContext, threadId: number, upToPosition: number): Promise<void> {
  const actor = ctx.actor;
  if (!actor) return;
  const updated = await ctx.db
    .updateTable("notifications")
    .set({ read_at: ctx.deps.now() })
    .where("user_id", "=", actor.id)
    .where("thread_id", "=", threadId)
    .where("read_at", "is", null)
    .where((eb) => eb.or([eb("post_id", "is", null), eb("post_id", "in", eb.selectFrom("posts").select("id").where("thread_id", "=", threadId).where("position", "<=", upToPosition))]))
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) await announceReadState(ctx, actor.id);
}

/** A member who loses access to a space loses the notifications about it, its threads included (and their pending emails). */
export async function forgetSpaceNotifications(trx: Transaction<Database>, userId: number, spaceId: number): Promise<void> {
  await trx
    .deleteFrom("notifications")
    .where("user_id", "=", userId)
    .where("thread_id", "in", (eb) => eb.selectFrom("threads").select("id").where("space_id", "=", spaceId))
    .execute();
  // Group matters too (an accepted invitation names the group): a former member keeps nothing of it.
  await trx
    .deleteFrom("notifications")
    .where("user_id", "=", userId)
    .where("group_id", "in", (eb) => eb.selectFrom("groups").select("id").where("space_id", "=", spaceId))
    .execute();
  await trx.deleteFrom("space_follows").where("user_id", "=", userId).where("space_id", "=", spaceId).execute();
  await trx
    .deleteFrom("thread_follows")
    .where("user_id", "=", userId)
    .where("thread_id", "in", (eb) => eb.selectFrom("threads").select("id").where("space_id", "=", spaceId))
    .execute();
}
