// The emails an event sends on its own: reminders (a day and an hour before) and a place from the waiting
// list, and the news that it was cancelled. They are composed when they are written to the outbox and leave at once, whatever a member's digest
// rhythm, because tomorrow's digest would come after the event; members who chose no email get none.
import type { DB } from "../../../db/connection";
import type { UserRow } from "../../../db/schema";
import { formatEventTime } from "../../../shared/event-time";
import { createTranslator, defaultLocale, isLocale, type Locale } from "../../../shared/i18n";
import type { Deps } from "../../context";
import type { RenderedEmail } from "../mail/templates";
import { unsubscribeToken } from "../notifications/notification-email";
import type { EventRow } from "./event-access";
import { displayZone } from "./event.dto";

export type EventEmailKind = "day" | "hour" | "promoted" | "cancelled";

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

const subjects = { day: "event.email_day_subject", hour: "event.email_hour_subject", promoted: "event.email_promoted_subject", cancelled: "event.email_cancelled_subject" } as const;
const intros = { day: "event.email_day_intro", hour: "event.email_hour_intro", promoted: "event.email_promoted_intro", cancelled: "event.email_cancelled_intro" } as const;

/** Whether a member gets event emails at all: an approved account that has not turned notification email off. */
export function wantsEventEmail(user: Pick<UserRow, "email_notifications">): boolean {
  return user.email_notifications !== "none";
}

/**
 * Renders one event email for a registered member: when (in their zone, with the event's), where (the online
 * link: they are registered), and links to the page and its .ics. `db` signs the unsubscribe link; inside a
 * transaction pass the transaction.
 */
export async function renderEventEmail(
  deps: Deps,
  db: DB,
  kind: EventEmailKind,
  user: Pick<UserRow, "id" | "display_name" | "locale" | "time_zone">,
  event: Pick<EventRow, "id" | "title" | "starts_at" | "ends_at" | "time_zone" | "online_url" | "place">,
): Promise<RenderedEmail> {
  const locale: Locale = isLocale(user.locale) ? user.locale : defaultLocale;
  const t = createTranslator(locale);
  const base = deps.config.publicUrl;
  const zone = displayZone(user.time_zone, event.time_zone);
  const when = formatEventTime(event.starts_at, event.ends_at, zone, locale);
  const local = zone === event.time_zone ? null : formatEventTime(event.starts_at, event.ends_at, event.time_zone, locale);
  const pageUrl = `${base}/events/${event.id}`;
  const icsUrl = `${base}/events/${event.id}.ics`;
  const settingsUrl = `${base}/settings/notifications`;
  const unsubscribeUrl = `${base}/unsubscribe?token=${await unsubscribeToken(db, user.id)}`;
  const subject = t(subjects[kind], { title: event.title });
  const facts: [string, string][] = [
    [t("event.when"), `${when.range} (${when.zone})${local ? ` · ${t("event.local_time", { time: `${local.range} (${local.zone})` })}` : ""}`],
  ];
  if (event.online_url) facts.push([t("event.online_link"), event.online_url]);
  if (event.place) facts.push([t("event.place"), event.place]);

  const text = [
    t("email.greeting", { name: user.display_name }),
    "",
    t(intros[kind], { title: event.title }),
    "",
    ...facts.map(([label, value]) => `${label}: ${value}`),
    "",
    `${t("event.email_details")}: ${pageUrl}`,
    `${t("event.add_to_calendar")}: ${icsUrl}`,
    "",
    t("notifications.email_footer"),
    `${t("notifications.email_settings")}: ${settingsUrl}`,
    `${t("notifications.email_unsubscribe")}: ${unsubscribeUrl}`,
    "",
    t("email.signature"),
  ].join("\n");
  const factsHtml = facts
    .map(([label, value]) => {
      const shown = /^https?:\/\//.test(value) ? `<a href="${escapeHtml(value)}">${escapeHtml(value)}</a>` : escapeHtml(value);
      return `<li><strong>${escapeHtml(label)}:</strong> ${shown}</li>`;
    })
    .join("");
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:system-ui,sans-serif;color:#1a1a1a;line-height:1.5;max-width:560px;margin:auto;padding:16px"><p>${escapeHtml(
    t("email.greeting", { name: user.display_name }),
  )}</p><p>${escapeHtml(t(intros[kind], { title: event.title }))}</p><ul>${factsHtml}</ul><p><a href="${escapeHtml(pageUrl)}">${escapeHtml(t("event.email_details"))}</a> · <a href="${escapeHtml(
    icsUrl,
  )}">${escapeHtml(t("event.add_to_calendar"))}</a></p><p style="font-size:13px;color:#444">${escapeHtml(t("notifications.email_footer"))} <a href="${escapeHtml(settingsUrl)}">${escapeHtml(
    t("notifications.email_settings"),
  )}</a> · <a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(t("notifications.email_unsubscribe"))}</a></p><p>${escapeHtml(t("email.signature"))}</p></body></html>`;
  return {
    subject,
    text,
    html,
    headers: { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}
