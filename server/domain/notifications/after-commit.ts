import type { ListPlace, ServerToClientEvents } from "../../../shared/realtime/events";
import type { Deps } from "../../context";
import { loadNotificationDtos, unreadCounts } from "./notification-queries";

type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/**
 * Side effects gathered inside a transaction and released only once it has committed: realtime events,
 * new notifications (sent to their recipients' pages), and a nudge to the outbox worker. If the
 * transaction rolls back, `flush` is never called and nothing leaves.
 */
export interface AfterCommit {
  thread<E extends EventName>(threadId: number, event: E, payload: Payload<E>): void;
  list<E extends EventName>(place: ListPlace, event: E, payload: Payload<E>): void;
  user<E extends EventName>(userId: number, event: E, payload: Payload<E>): void;
  notification(userId: number, notificationId: number): void;
  revokeAccess(userId: number): void;
  mail(): void;
  flush(): Promise<void>;
}

export function afterCommit(deps: Deps): AfterCommit {
  const events: (() => void)[] = [];
  const notifications: { userId: number; id: number }[] = [];
  const revoked = new Set<number>();
  let kickMail = false;
  return {
    thread(threadId, event, payload) {
      events.push(() => deps.realtime.toThread(threadId, event, payload));
    },
    list(place, event, payload) {
      events.push(() => deps.realtime.toList(place, event, payload));
    },
    user(userId, event, payload) {
      events.push(() => deps.realtime.toUser(userId, event, payload));
    },
    notification(userId, id) {
      notifications.push({ userId, id });
    },
    revokeAccess(userId) {
      revoked.add(userId);
    },
    mail() {
      kickMail = true;
    },
    async flush() {
      for (const userId of revoked) await deps.realtime.revokeAccess(userId);
      for (const send of events) send();
      if (notifications.length) {
        try {
          const dtos = await loadNotificationDtos(deps.db, notifications.map((n) => n.id));
          const counts = await unreadCounts(deps.db, [...new Set(notifications.map((n) => n.userId))]);
          for (const { userId, id } of notifications) {
            const notification = dtos.get(id);
            if (notification) deps.realtime.toUser(userId, "notification:new", { notification, unreadCount: counts.get(userId) ?? 0 });
          }
        } catch (error) {
          // The notifications are committed; a page that missed the live badge catches up on reconnect.
          deps.logger.warn({ err: error }, "could not publish notifications");
        }
      }
      if (kickMail) deps.mail.kick();
    },
  };
}
