import { sql, type ExpressionBuilder, type Transaction } from "kysely";
import type { DB } from "../../../db/connection";
import { eventVisibleTo, threadVisibleTo, type Viewer } from "../../../db/queries/visibility.queries";
import type { Database } from "../../../db/schema";
import type { Actor } from "../../../shared/guardian";
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
    .leftJoin("events as ev", "ev.id", "n.event_id")
    .select([
      "n.id",
      "n.user_id",
      "n.kind",
      "n.created_at",
      "n.read_at",
      "n.post_id",
      "n.thread_id",
      "n.group_id",
      "n.actor_id",
      "n.data",
      "recipient.locale as recipient_locale",
      "actor.handle as actor_handle",
      "actor.display_name as actor_name",
      "t.title as thread_title",
      "g.slug as group_slug",
      "g.name as group_name",
      "n.event_id",
      "ev.title as event_title",
    ]);
}

export type NotificationRow = Awaited<ReturnType<ReturnType<typeof notificationRows>["execute"]>>[number];

/** Pair matters lead to the pair's page (accepted, ended, an expert invited) or to the pairs page (requests). */
function pairUrl(row: NotificationRow): string | null {
  if (!row.kind.startsWith("pair_")) return null;
  const pairId = (row.data as Record<string, unknown> | null)?.pairId;
  return typeof pairId === "string" && /^\d+$/.test(pairId) ? `/pairs/${pairId}` : "/pairs";
}

export function toNotificationDto(row: NotificationRow, locale?: Locale): NotificationDto {
  const recipientLocale = locale ?? (isLocale(row.recipient_locale) ? row.recipient_locale : defaultLocale);
  const group = row.group_slug ? { slug: row.group_slug, name: pickLocalized(row.group_name as Record<Locale, string>, recipientLocale) } : null;
  const url = row.post_id
    ? `/p/${row.post_id}`
    : row.thread_id
      ? `/t/${row.thread_id}`
      : group
        ? `/g/${group.slug}`
        : row.event_id
          ? `/events/${row.event_id}`
          : pairUrl(row) ?? "/notifications";
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    createdAt: new Date(row.created_at).toISOString(),
    readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
    actor: row.actor_handle ? { handle: row.actor_handle, displayName: row.actor_name ?? row.actor_handle } : null,
    thread: row.thread_id && row.thread_title !== null ? { id: row.thread_id, title: row.thread_title } : null,
    postId: row.post_id,
    group,
    event: row.event_id && row.event_title !== null ? { id: row.event_id, title: row.event_title } : null,
    url,
    data: (row.data ?? {}) as Record<string, string>,
  };
}

export async function loadNotificationDtos(db: Executor, ids: number[]): Promise<Map<number, NotificationDto>> {
  if (ids.length === 0) return new Map();
  const rows = await notificationRows(db).where("n.id", "in", ids).execute();
  return new Map(rows.map((row) => [row.id, toNotificationDto(row)]));
}

/** Notifications the actor may still see: about no thread, or about a thread the guardian's SQL twin allows. */
export function visibleNotifications(db: Executor, actor: Actor) {
  return notificationRows(db).where("n.user_id", "=", actor.id).where(stillVisibleTo(actor));
}

type WithNotification = ExpressionBuilder<Database & { n: Database["notifications"] }, "n">;

/**
 * The notification is about no thread and no event, or about ones the viewer may see. OFFSET 0 keeps
 * PostgreSQL from turning each EXISTS into a hashed subplan over every visible thread (a scan that grows
 * with the forum): it stays one primary-key probe per notification (tests/integration/explain.test.ts).
 */
function stillVisibleTo(viewer: Viewer) {
  return (eb: WithNotification) =>
    eb.and([
      eb.or([
        eb("n.thread_id", "is", null),
        eb.exists(eb.selectFrom("threads").select("threads.id").whereRef("threads.id", "=", "n.thread_id").where(threadVisibleTo(viewer)).offset(0)),
      ]),
      eb.or([
        eb("n.event_id", "is", null),
        eb.exists(eb.selectFrom("events").select("events.id").whereRef("events.id", "=", "n.event_id").where(eventVisibleTo(viewer))),
      ]),
    ]);
}

/** How many of them are unread (the bell's number). */
export async function countVisibleUnread(db: Executor, actor: Actor): Promise<number> {
  const row = await db
    .selectFrom("notifications as n")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("n.user_id", "=", actor.id)
    .where("n.read_at", "is", null)
    .where(stillVisibleTo(actor))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Unread notifications per member, counted as their notification centre counts them: what they may no
 * longer see (a thread moved into a group they are not in) is not counted. One grouped query per site role
 * among the recipients (the rule differs only by role), however many recipients a reply has.
 */
export async function unreadCounts(db: Executor, userIds: number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (userIds.length === 0) return counts;
  const recipients = await db.selectFrom("users").select(["id", "site_role"]).where("id", "in", [...new Set(userIds)]).execute();
  const byRole = new Map<Actor["siteRole"], number[]>();
  for (const user of recipients) byRole.set(user.site_role, [...(byRole.get(user.site_role) ?? []), user.id]);
  for (const [siteRole, ids] of byRole) {
    for (const id of ids) counts.set(id, 0);
    const rows = await db
      .selectFrom("notifications as n")
      .select((eb) => ["n.user_id", eb.fn.countAll<number>().as("count")])
      .where("n.user_id", "in", ids)
      .where("n.read_at", "is", null)
      .where(stillVisibleTo({ siteRole, id: sql.ref<number>("n.user_id") }))
      .groupBy("n.user_id")
      .execute();
    for (const row of rows) counts.set(row.user_id, Number(row.count));
  }
  return counts;
}
