import type { Translate } from "../../shared/i18n/core";
import type { NotificationDto } from "../../shared/realtime/events";

/**
 * The sentence a notification stands for. The same mapping as the server's describeNotification (used in
 * emails), kept here because the web bundle must not hold server modules.
 */
export function describeNotification(t: Translate, notification: Pick<NotificationDto, "kind" | "actor" | "thread" | "group" | "event">): string {
  return t(`notifications.kind_${notification.kind}`, {
    actor: notification.actor?.displayName ?? t("notifications.someone"),
    thread: notification.thread?.title ?? t("notifications.a_thread"),
    group: notification.group?.name ?? "",
    event: notification.event?.title ?? "",
  });
}
