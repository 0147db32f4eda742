import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { sql } from "kysely";
import { threadVisibleTo } from "../../../db/queries/visibility.queries";
import type { DB } from "../../../db/connection";
import { createTranslator, defaultLocale, isLocale, type Locale, type Translate } from "../../../shared/i18n";
import type { NotificationDto } from "../../../shared/realtime/events";
import type { Deps } from "../../context";
import type { ComposedMail, DeferredRow, MailComposer } from "../mail/mail-queue";
import type { RenderedEmail } from "../mail/templates";
import { actorFromUser } from "../sessions/session.service";
import { notificationRows, toNotificationDto, type NotificationRow } from "./notification-queries";
import { mayBeNotified, recipientsWhoMaySee } from "./recipients";
import { describeNotification } from "../../../shared/realtime/describe-notification";

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

// ---- One-click unsubscribe (RFC 8058): a link signed with a key every instance shares ----

async function unsubscribeKey(db: DB): Promise<Buffer> {
  await db
    .insertInto("app_secrets")
    .values({ name: "unsubscribe", value: randomBytes(32).toString("base64url") })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const row = await db.selectFrom("app_secrets").select("value").where("name", "=", "unsubscribe").executeTakeFirstOrThrow();
  return Buffer.from(row.value, "base64url");
}

const sign = (key: Buffer, userId: number) => createHmac("sha256", key).update(`unsubscribe:${userId}`).digest();

export async function unsubscribeToken(db: DB, userId: number): Promise<string> {
  return `${userId}.${sign(await unsubscribeKey(db), userId).toString("base64url")}`;
}

/** The member a token stands for, or null when it is not one we signed. */
export async function verifyUnsubscribeToken(db: DB, token: string): Promise<number | null> {
  const match = /^([1-9]\d{0,9})\.([\w-]{43})$/.exec(token);
  if (!match) return null;
  const userId = Number(match[1]);
  // Compared as text: decoding first would accept other spellings of the same bytes (the last character of
  // 43 carries two unused bits), so a changed token would still pass.
  const expected = Buffer.from(sign(await unsubscribeKey(db), userId).toString("base64url"));
  const given = Buffer.from(match[2]!);
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
}

// ---- Rendering ----

interface EmailSection {
  heading?: string;
  items: { text: string; url: string }[];
}

function renderNotificationEmail(
  deps: Deps,
  locale: Locale,
  input: { subject: string; name: string; intro: string; sections: EmailSection[]; unsubscribeUrl: string },
): RenderedEmail {
  const t = createTranslator(locale);
  const base = deps.config.publicUrl;
  const settingsUrl = `${base}/settings/notifications`;
  const text = [
    t("email.greeting", { name: input.name }),
    "",
    input.intro,
    ...input.sections.flatMap((section) => [
      "",
      ...(section.heading ? [section.heading] : []),
      ...section.items.map((item) => `- ${item.text}\n  ${base}${item.url}`),
    ]),
    "",
    t("notifications.email_footer"),
    `${t("notifications.email_settings")}: ${settingsUrl}`,
    `${t("notifications.email_unsubscribe")}: ${input.unsubscribeUrl}`,
    "",
    t("email.signature"),
  ].join("\n");
  const sectionsHtml = input.sections
    .map(
      (section) =>
        `${section.heading ? `<h2 style="font-size:16px">${escapeHtml(section.heading)}</h2>` : ""}<ul>${section.items
          .map((item) => `<li><a href="${escapeHtml(base + item.url)}">${escapeHtml(item.text)}</a></li>`)
          .join("")}</ul>`,
    )
    .join("");
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(input.subject)}</title></head><body style="font-family:system-ui,sans-serif;color:#1a1a1a;line-height:1.5;max-width:560px;margin:auto;padding:16px"><p>${escapeHtml(t("email.greeting", { name: input.name }))}</p><p>${escapeHtml(input.intro)}</p>${sectionsHtml}<p style="font-size:13px;color:#444">${escapeHtml(t("notifications.email_footer"))} <a href="${escapeHtml(settingsUrl)}">${escapeHtml(t("notifications.email_settings"))}</a> · <a href="${escapeHtml(input.unsubscribeUrl)}">${escapeHtml(t("notifications.email_unsubscribe"))}</a></p><p>${escapeHtml(t("email.signature"))}</p></body></html>`;
  return {
    subject: input.subject,
    text,
    html,
    headers: {
      "List-Unsubscribe": `<${input.unsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}

// ---- Composing deferred rows ----

/** Keeps the notifications the recipient may still see (the guardian asked again, thread by thread) and has not read. */
async function stillRelevant(deps: Deps, userId: number, rows: NotificationRow[]): Promise<NotificationRow[]> {
  const keep: NotificationRow[] = [];
  const threadIds = [...new Set(rows.map((row) => row.thread_id).filter((id): id is number => id !== null))];
  const visibleThreads = new Set<number>();
  if (threadIds.length) {
    const threads = await deps.db
      .selectFrom("threads")
      .select(["id", "space_id", "kind", "author_id", "locked_at", "deleted_at"])
      .where("id", "in", threadIds)
      .execute();
    for (const thread of threads) {
      const allowed = await recipientsWhoMaySee(deps.db, thread, [userId], deps.now());
      if (allowed.has(userId)) visibleThreads.add(thread.id);
    }
  }
  const postIds = rows.map((row) => row.post_id).filter((id): id is number => id !== null);
  const livePosts = new Set(
    postIds.length
      ? (await deps.db.selectFrom("posts").select("id").where("id", "in", postIds).where("deleted_at", "is", null).where("hidden_at", "is", null).execute()).map(
          (row) => row.id,
        )
      : [],
  );
  // An invitation withdrawn (or already answered), or a join request already decided, is no longer news.
  const groupIds = [...new Set(rows.filter((row) => row.group_id !== null && (row.kind === "group_invitation" || row.kind === "join_request")).map((row) => row.group_id!))];
  const openInvitations = new Set<number>();
  const openRequests = new Set<string>();
  if (groupIds.length) {
    for (const invitation of await deps.db
      .selectFrom("group_invitations")
      .select("group_id")
      .where("group_id", "in", groupIds)
      .where("user_id", "=", userId)
      .where("status", "=", "pending")
      .execute()) {
      openInvitations.add(invitation.group_id);
    }
    for (const request of await deps.db.selectFrom("group_join_requests").select(["group_id", "user_id"]).where("group_id", "in", groupIds).where("status", "=", "pending").execute()) {
      openRequests.add(`${request.group_id}:${request.user_id}`);
    }
  }
  for (const row of rows) {
    if (row.read_at) continue;
    if (row.thread_id !== null && !visibleThreads.has(row.thread_id)) continue;
    if (row.post_id !== null && row.kind !== "moderation" && !livePosts.has(row.post_id)) continue;
    if (row.kind === "group_invitation" && !openInvitations.has(row.group_id!)) continue;
    if (row.kind === "join_request" && !openRequests.has(`${row.group_id}:${row.actor_id}`)) continue;
    keep.push(row);
  }
  return keep;
}

function settleNotifications(sent: number[], skipped: number[]) {
  return async (trx: Parameters<ComposedMail["settle"]>[0]) => {
    if (sent.length) await trx.updateTable("notifications").set({ email_state: "sent" }).where("id", "in", sent).execute();
    if (skipped.length) await trx.updateTable("notifications").set({ email_state: "skipped" }).where("id", "in", skipped).execute();
  };
}

/**
 * Settles a batch, then queues the group's next email for anything still waiting in it: notifications that
 * arrived while this one was being composed and sent (their own enqueue met this row and joined it), or
 * more than one email carries. The worker has already recorded this row as sent, so the next one is spaced
 * from it.
 */
function settleBatch(deps: Deps, row: DeferredRow, emailGroup: string, sent: number[], skipped: number[]) {
  return async (trx: Parameters<ComposedMail["settle"]>[0]) => {
    await settleNotifications(sent, skipped)(trx);
    const settled = [...sent, ...skipped];
    let waiting = trx
      .selectFrom("notifications")
      .select("id")
      .where("user_id", "=", row.user_id)
      .where("email_state", "=", "pending")
      .where("email_group", "=", emailGroup);
    if (settled.length) waiting = waiting.where("id", "not in", settled);
    if (!(await waiting.limit(1).executeTakeFirst())) return;
    const user = await trx.selectFrom("users").select(["email", "email_notifications"]).where("id", "=", row.user_id).executeTakeFirst();
    if (user?.email_notifications !== "immediate") return;
    const { delaySeconds, spacingMinutes } = deps.config.notifications;
    await deps.mail.enqueueDeferred(trx, {
      kind: "notifications",
      userId: row.user_id,
      to: user.email,
      groupKey: row.group_key,
      delayMs: delaySeconds * 1000,
      spacingMs: spacingMinutes * 60_000,
    });
  };
}

async function composeBatch(deps: Deps, row: DeferredRow): Promise<ComposedMail> {
  const emailGroup = row.group_key.split(":").slice(2).join(":");
  const user = await deps.db.selectFrom("users").selectAll().where("id", "=", row.user_id).executeTakeFirst();
  const pending = await notificationRows(deps.db)
    .where("n.user_id", "=", row.user_id)
    .where("n.email_state", "=", "pending")
    .where("n.email_group", "=", emailGroup)
    .orderBy("n.id")
    .limit(50)
    .execute();
  const pendingIds = pending.map((n) => n.id);
  if (!user || !mayBeNotified(user, deps.now()) || user.email_notifications === "none") {
    return { mail: null, settle: settleNotifications([], pendingIds) };
  }
  if (user.email_notifications !== "immediate") {
    // The member switched to a digest after this was queued: the digest will carry these.
    return {
      mail: null,
      settle: async (trx) => {
        if (pendingIds.length) await trx.updateTable("notifications").set({ email_state: "digest" }).where("id", "in", pendingIds).execute();
      },
    };
  }
  const relevant = await stillRelevant(deps, user.id, pending);
  const relevantIds = new Set(relevant.map((n) => n.id));
  const skipped = pendingIds.filter((id) => !relevantIds.has(id));
  if (relevant.length === 0) return { mail: null, settle: settleBatch(deps, row, emailGroup, [], skipped) };

  const locale: Locale = isLocale(user.locale) ? user.locale : defaultLocale;
  const t = createTranslator(locale);
  const dtos = relevant.map((n) => toNotificationDto(n, locale));
  const first = dtos[0]!;
  const subject = first.thread
    ? t("notifications.email_subject_thread", { count: dtos.length, thread: first.thread.title })
    : first.group
      ? t("notifications.email_subject_group", { group: first.group.name })
      : t("notifications.email_subject_account");
  const email = renderNotificationEmail(deps, locale, {
    subject,
    name: user.display_name,
    intro: t("notifications.email_intro"),
    sections: [{ items: dtos.map((dto) => ({ text: describeNotification(t, dto), url: dto.url })) }],
    unsubscribeUrl: `${deps.config.publicUrl}/unsubscribe?token=${await unsubscribeToken(deps.db, user.id)}`,
  });
  return { mail: { to: user.email, email }, settle: settleBatch(deps, row, emailGroup, [...relevantIds], skipped) };
}

async function composeDigest(deps: Deps, row: DeferredRow): Promise<ComposedMail> {
  const now = deps.now();
  const user = await deps.db.selectFrom("users").selectAll().where("id", "=", row.user_id).executeTakeFirst();
  const markDigested = (sent: number[], skipped: number[]) => async (trx: Parameters<ComposedMail["settle"]>[0]) => {
    await settleNotifications(sent, skipped)(trx);
    await trx.updateTable("users").set({ last_digest_at: now }).where("id", "=", row.user_id).execute();
  };
  if (!user) return { mail: null, settle: async () => {} };
  const waiting = await notificationRows(deps.db).where("n.user_id", "=", user.id).where("n.email_state", "=", "digest").orderBy("n.id").limit(100).execute();
  const waitingIds = waiting.map((n) => n.id);
  if (!mayBeNotified(user, now) || (user.email_notifications !== "daily" && user.email_notifications !== "weekly")) {
    return { mail: null, settle: markDigested([], waitingIds) };
  }
  const relevant = await stillRelevant(deps, user.id, waiting);
  const relevantIds = new Set(relevant.map((n) => n.id));
  const skipped = waitingIds.filter((id) => !relevantIds.has(id));
  const actor = actorFromUser(user, now);
  const since = user.last_digest_at ?? new Date(now.getTime() - (user.email_notifications === "weekly" ? 7 : 1) * 86_400_000);

  // Threads followed (tracking or watching, chosen or by default) with posts the member has not read.
  const activeThreads = await deps.db
    .selectFrom("thread_follows as tf")
    .innerJoin("threads", "threads.id", "tf.thread_id")
    .leftJoin("thread_reads as r", (join) => join.onRef("r.thread_id", "=", "threads.id").on("r.user_id", "=", user.id))
    .select(["threads.id", "threads.title", sql<number>`threads.last_position - coalesce(r.last_read_position, 0)`.as("unread")])
    .where("tf.user_id", "=", user.id)
    .where("tf.level", "in", ["watching", "tracking"])
    .where("threads.deleted_at", "is", null)
    .where("threads.last_activity_at", ">", since)
    .where(sql<boolean>`threads.last_position > coalesce(r.last_read_position, 0)`)
    .where(threadVisibleTo(actor))
    .orderBy("threads.last_activity_at", "desc")
    .limit(20)
    .execute();
  // New threads in followed topics and groups.
  const newThreads = await deps.db
    .selectFrom("space_follows as sf")
    .innerJoin("threads", "threads.space_id", "sf.space_id")
    .select(["threads.id", "threads.title"])
    .where("sf.user_id", "=", user.id)
    .where("sf.level", "in", ["watching", "tracking"])
    .where("threads.created_at", ">", since)
    .where("threads.deleted_at", "is", null)
    // A thread whose author's account is gone (null) is still news.
    .where(sql<boolean>`threads.author_id is distinct from ${user.id}`)
    .where(threadVisibleTo(actor))
    .orderBy("threads.created_at", "desc")
    .limit(20)
    .execute();

  if (relevant.length === 0 && activeThreads.length === 0 && newThreads.length === 0) {
    return { mail: null, settle: markDigested([], skipped) };
  }
  const locale: Locale = isLocale(user.locale) ? user.locale : defaultLocale;
  const t = createTranslator(locale);
  const sections: EmailSection[] = [];
  if (relevant.length) {
    sections.push({
      heading: t("notifications.digest_notifications"),
      items: relevant.map((n) => toNotificationDto(n, locale)).map((dto) => ({ text: describeNotification(t, dto), url: dto.url })),
    });
  }
  if (activeThreads.length) {
    sections.push({
      heading: t("notifications.digest_active_threads"),
      items: activeThreads.map((thread) => ({ text: `${thread.title} (${t("notifications.digest_new_posts", { count: thread.unread })})`, url: `/t/${thread.id}` })),
    });
  }
  if (newThreads.length) {
    sections.push({ heading: t("notifications.digest_new_threads"), items: newThreads.map((thread) => ({ text: thread.title, url: `/t/${thread.id}` })) });
  }
  const email = renderNotificationEmail(deps, locale, {
    subject: t(user.email_notifications === "weekly" ? "notifications.digest_subject_weekly" : "notifications.digest_subject_daily"),
    name: user.display_name,
    intro: t("notifications.digest_intro"),
    sections,
    unsubscribeUrl: `${deps.config.publicUrl}/unsubscribe?token=${await unsubscribeToken(deps.db, user.id)}`,
  });
  return { mail: { to: user.email, email }, settle: markDigested([...relevantIds], skipped) };
}

/** The outbox worker's composer for notification batches and digests. */
export function createNotificationComposer(getDeps: () => Deps): MailComposer {
  return (row) => (row.kind === "digest" ? composeDigest(getDeps(), row) : composeBatch(getDeps(), row));
}

/** The start of the current digest period: today's digest hour (UTC), or yesterday's if it has not come yet. */
export function digestPeriodStart(now: Date, hourUtc: number): Date {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
  if (start > now) start.setUTCDate(start.getUTCDate() - 1);
  return start;
}

/**
 * Queues a digest for every member whose daily or weekly digest is due. The pending-row unique index
 * makes this safe to run on every instance at once: each digest is queued once.
 */
export async function scheduleDigests(deps: Deps): Promise<number> {
  const now = deps.now();
  const periodStart = digestPeriodStart(now, deps.config.notifications.digestHourUtc);
  const weekStart = new Date(periodStart.getTime() - 6 * 86_400_000);
  const due = await deps.db
    .selectFrom("users")
    .select(["id", "email"])
    .where((eb) =>
      eb.or([
        eb.and([eb("email_notifications", "=", "daily"), eb.or([eb("last_digest_at", "is", null), eb("last_digest_at", "<", periodStart)])]),
        eb.and([eb("email_notifications", "=", "weekly"), eb.or([eb("last_digest_at", "is", null), eb("last_digest_at", "<", weekStart)])]),
      ]),
    )
    .where("status", "=", "active")
    .execute();
  for (const user of due) {
    await deps.mail.enqueueDeferred(deps.db, { kind: "digest", userId: user.id, to: user.email, groupKey: `digest:${user.id}`, delayMs: 0, spacingMs: 0 });
  }
  if (due.length) deps.mail.kick();
  return due.length;
}
