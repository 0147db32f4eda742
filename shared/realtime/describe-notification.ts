import type { Translate } from "../i18n/core";
import type { NotificationDto } from "./events";

/** The sentence a notification stands for, in the reader's language: the notification centre, the live bell and emails share it. */
export function describeNotification(t: Translate, notification: Pick<NotificationDto, "kind" | "actor" | "thread" | "group" | "event">): string {
  return t(`notifications.kind_${notification.kind}`, {
    actor: notification.actor?.displayName ?? t("notifications.someone"),
    thread: notification.thread?.title ?? t("notifications.a_thread"),
    group: notification.group?.name ?? "",
    event: notification.event?.title ?? "",
  });
}
