import { sql, type Transaction } from "kysely";
import type { DB } from "../../../db/connection";
import type { Database } from "../../../db/schema";
import { pickLocalized, isLocale, defaultLocale, type Locale } from "../../../shared/i18n";
import type { NotificationDto, NotificationKind } from "../../../shared/realtime/events";

type Executor = Transaction<Database> | DB;

/** The columns a notification's DTO needs, with its actor, thread and group in the same query. */
export function notificationRows(db: Executor) {
  return db
    .selectFrom("notifications as n")
    .innerJoin("users as recipient", "recipient.id", "n.user_id")
    .leftJoin("users as actor", "actor.id", "n.actor_id")
    .leftJoin("threads as t", "t.id", "n.thread_id")
    .leftJoin("groups as g", "g.id", "n.group_id")
    .select([
      "n.id",
      "n.user_id",
      "n.kind",
      "n.created_at",
      "n.read_at",
      "n.post_id",
      "n.thread_id",
      "n.data",
      "recipient.locale as recipient_locale",
      "actor.handle as actor_handle",
      "actor.display_name as actor_name",
      "t.title as thread_title",
      "g.slug as group_slug",
      "g.name as group_name",
    ]);
}

export type NotificationRow = Awaited<ReturnType<ReturnType<typeof notificationRows>["execute"]>>[number];

export function toNotificationDto(row: NotificationRow, locale?: Locale): NotificationDto {
  const recipientLocale = locale ?? (isLocale(row.recipient_locale) ? row.recipient_locale : defaultLocale);
  const group = row.group_slug ? { slug: row.group_slug, name: pickLocalized(row.group_name as Record<Locale, string>, recipientLocale) } : null;
  const url = row.post_id ? `/p/${row.post_id}` : row.thread_id ? `/t/${row.thread_id}` : group ? `/g/${group.slug}` : "/notifications";
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    createdAt: new Date(row.created_at).toISOString(),
    readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
    actor: row.actor_handle ? { handle: row.actor_handle, displayName: row.actor_name ?? row.actor_handle } : null,
    thread: row.thread_id && row.thread_title !== null ? { id: row.thread_id, title: row.thread_title } : null,
    postId: row.post_id,
    group,
    url,
    data: (row.data ?? {}) as Record<string, string>,
  };
}

export async function loadNotificationDtos(db: Executor, ids: number[]): Promise<Map<number, NotificationDto>> {
  if (ids.length === 0) return new Map();
  const rows = await notificationRows(db).where("n.id", "in", ids).execute();
  return new Map(rows.map((row) => [row.id, toNotificationDto(row)]));
}

/** Unread notifications per member (a member leaving a space loses that space's notifications, see membership). */
export async function unreadCounts(db: Executor, userIds: number[]): Promise<Map<number, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("notifications")
    .select(["user_id", sql<number>`count(*)::int`.as("unread")])
    .where("user_id", "in", userIds)
    .where("read_at", "is", null)
    .groupBy("user_id")
    .execute();
  return new Map(rows.map((row) => [row.user_id, row.unread]));
}
