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

/** Writes the notice to the outbox; answers whether one was written (never to the moderator themselves). */
export async function enqueueModerationNotice(trx: Transaction<Database> | DB, ctx: ServiceContext, input: NoticeInput): Promise<boolean> {
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
  return true;
}
