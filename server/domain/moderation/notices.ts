// Telling a member by email what a moderator did to their post, thread or account, and why.
// Written to the outbox inside the action's transaction; the caller kicks the mail worker after commit.
import type { Transaction } from "kysely";
import type { DB } from "../../../db/connection";
import type { Database } from "../../../db/schema";
import { createGuardian } from "../../../shared/guardian";
import { createTranslator, isLocale, pickLocalized, type Locale } from "../../../shared/i18n";
import type { ServiceContext } from "../../context";
import { appLink } from "../accounts/links";
import { loadSpaceFacts } from "../forum/access";
import { renderEmail } from "../mail/templates";
import { actorFromUser } from "../sessions/session.service";
import type { AuditAction } from "./audit";
import { afterCommit } from "../notifications/after-commit";

export type NoticeKind = Exclude<
  AuditAction,
  "post_edited" | "flag_dismissed" | "member_approved" | "expert_verified" | "expert_unverified" | "role_changed" | "invitation_sent" | "invitation_revoked"
>;

export interface NoticeInput {
  userId: number | null;
  notice: NoticeKind;
  reason: string;
  /** The thread's title, for notices about posts and threads. */
  title?: string;
  /** The new topic's names, for a move. */
  topic?: Partial<Record<Locale, string>>;
  until?: Date;
  /** Where the link in the email leads (a path of this site). */
  path?: string;
  /** The space the content now lives in: the member is told only if they may see it, so nothing leaks. */
  spaceId?: number;
}

/** A notice written: who it went to, and the notification in their notification centre (if about a post or thread). */
export type NoticeSent = false | { userId: number; notificationId: number | null };

/**
 * Writes the notice to the outbox and, when it is about a post or thread, to the member's notifications;
 * answers what was written (never to the moderator themselves). The caller passes it to announceNotice after commit.
 */
export async function enqueueModerationNotice(trx: Transaction<Database> | DB, ctx: ServiceContext, input: NoticeInput): Promise<NoticeSent> {
  if (input.userId === null || input.userId === ctx.actor?.id) return false;
  const user = await trx.selectFrom("users").selectAll().where("id", "=", input.userId).executeTakeFirst();
  if (!user) return false;
  if (input.spaceId !== undefined) {
    const recipient = actorFromUser(user, ctx.deps.now());
    const space = await loadSpaceFacts(trx, input.spaceId, recipient);
    if (!createGuardian(recipient).canViewSpace(space)) return false;
  }
  const locale: Locale = isLocale(user.locale) ? user.locale : "es";
  const t = createTranslator(locale);
  const until = input.until
    ? `${new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(input.until)} UTC`
    : "";
  const subject = input.notice.startsWith("post_") ? "post" : input.notice.startsWith("thread_") ? "thread" : "account";
  const email = renderEmail("moderation_notice", locale, {
    name: user.display_name,
    what: t(`moderation.notice_subject_${subject}`),
    notice: t(`moderation.notice_${input.notice}`, {
      title: input.title ?? "",
      topic: input.topic ? pickLocalized(input.topic, locale) : "",
      until,
    }),
    reason: input.reason ? t("moderation.notice_reason", { reason: input.reason }) : t("moderation.notice_no_reason"),
    link: appLink(ctx.deps.config, input.path ?? "/"),
  });
  await ctx.deps.mail.enqueue(trx, user.email, email);
  // The notification centre keeps it too (its email is the notice above, so it sends none of its own).
  const postId = /^\/p\/(\d+)$/.exec(input.path ?? "")?.[1];
  const threadId = postId
    ? (await trx.selectFrom("posts").select("thread_id").where("id", "=", Number(postId)).executeTakeFirst())?.thread_id
    : /^\/t\/(\d+)$/.exec(input.path ?? "")?.[1];
  if (!threadId) return { userId: user.id, notificationId: null };
  const created = await trx
    .insertInto("notifications")
    .values({
      user_id: user.id,
      kind: "moderation",
      actor_id: null,
      thread_id: Number(threadId),
      post_id: postId ? Number(postId) : null,
      data: JSON.stringify({ notice: input.notice }),
      created_at: ctx.deps.now(),
    })
    .returning("id")
    .executeTakeFirst();
  return { userId: user.id, notificationId: created?.id ?? null };
}

/** After commit: wakes the mail worker and puts the notification on the member's open pages. */
export async function announceNotice(ctx: ServiceContext, sent: NoticeSent): Promise<void> {
  if (!sent) return;
  const after = afterCommit(ctx.deps);
  if (sent.notificationId) after.notification(sent.userId, sent.notificationId);
  after.mail();
  await after.flush();
}
