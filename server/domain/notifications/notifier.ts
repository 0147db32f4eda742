import { sql, type Transaction } from "kysely";
import type { Database, NotificationEmailState } from "../../../db/schema";
import type { NotificationKind } from "../../../shared/realtime/events";
import type { ServiceContext } from "../../context";
import type { AfterCommit } from "./after-commit";
import { mutedFor, recipientsWhoMaySee, type Recipient, type ThreadForAudience } from "./recipients";

type Trx = Transaction<Database>;

/**
 * Kinds that already send their own email when they happen; their notifications stay in the page only.
 * (A group invitation sends none of its own: it goes out like any notification, in the group's batch.)
 * Event reminders and places from a waiting list are time-bound: server/domain/events emails them at once,
 * to digest readers too, so they are never batched nor left for a digest.
 */
const KINDS_WITH_OWN_EMAIL = new Set<NotificationKind>(["moderation", "event_reminder", "event_promoted", "event_cancelled"]);

// When one post concerns a member in several ways, they get the notification that matters most.
const PRIORITY: NotificationKind[] = ["mention", "reply", "expert_question", "new_thread", "watching_post"];

export interface NewPostFacts {
  thread: ThreadForAudience & { topic_id: number; addressed_group_id: number | null };
  postId: number;
  authorId: number;
  /** The author of the post this one answers (for a top-level reply, the thread's author). */
  answeredAuthorId: number | null;
  mentionedHandles: string[];
  isNewThread: boolean;
}

/**
 * Decides who hears about a new thread or reply, in the transaction that wrote it: mentions, replies to
 * you, a question addressed to your expert group, and what you watch; never the author, never a muted
 * member, and only members the guardian lets see the thread.
 */
export async function notifyAboutNewPost(trx: Trx, ctx: ServiceContext, after: AfterCommit, facts: NewPostFacts): Promise<void> {
  const { thread } = facts;
  const wanted = new Map<number, NotificationKind>();
  const offer = (userId: number | null | undefined, kind: NotificationKind) => {
    if (!userId || userId === facts.authorId) return;
    const current = wanted.get(userId);
    if (!current || PRIORITY.indexOf(kind) < PRIORITY.indexOf(current)) wanted.set(userId, kind);
  };

  if (facts.mentionedHandles.length) {
    const mentioned = await trx.selectFrom("users").select("id").where("handle", "in", facts.mentionedHandles).execute();
    for (const row of mentioned) offer(row.id, "mention");
  }
  if (!facts.isNewThread) offer(facts.answeredAuthorId, "reply");
  // A pair's question has two authors: a reply to it (to the one who posted it) answers both officials.
  if (!facts.isNewThread && facts.answeredAuthorId !== null && facts.answeredAuthorId === thread.author_id) {
    const pair = await trx
      .selectFrom("threads")
      .innerJoin("pairs", "pairs.id", "threads.pair_id")
      .select(["pairs.national_id", "pairs.local_id"])
      .where("threads.id", "=", thread.id)
      .executeTakeFirst();
    if (pair) for (const official of [pair.national_id, pair.local_id]) offer(official, "reply");
  }
  if (facts.isNewThread && thread.addressed_group_id) {
    const experts = await trx
      .selectFrom("groups")
      .innerJoin("space_members", "space_members.space_id", "groups.space_id")
      .select("space_members.user_id")
      .where("groups.id", "=", thread.addressed_group_id)
      .execute();
    for (const row of experts) offer(row.user_id, "expert_question");
  }
  if (facts.isNewThread) {
    const watchers = await trx.selectFrom("space_follows").select("user_id").where("space_id", "=", thread.space_id).where("level", "=", "watching").execute();
    for (const row of watchers) offer(row.user_id, "new_thread");
  } else {
    // Watching a thread, or its topic or group without choosing another level for the thread.
    const watchers = await sql<{ user_id: number }>`
      select user_id from thread_follows where thread_id = ${thread.id} and level = 'watching'
      union
      select sf.user_id from space_follows sf
      where sf.space_id = ${thread.space_id} and sf.level = 'watching'
        and not exists (select 1 from thread_follows tf where tf.user_id = sf.user_id and tf.thread_id = ${thread.id})
    `.execute(trx);
    for (const row of watchers.rows) offer(row.user_id, "watching_post");
  }

  const candidates = [...wanted.keys()];
  const muted = await mutedFor(trx, thread.id, thread.space_id, candidates);
  const allowed = await recipientsWhoMaySee(trx, thread, candidates.filter((id) => !muted.has(id)), ctx.deps.now());
  for (const [userId, recipient] of allowed) {
    await createNotification(trx, ctx, after, recipient, {
      kind: wanted.get(userId)!,
      actorId: facts.authorId,
      threadId: thread.id,
      postId: facts.postId,
    });
  }
}

/** A solution marked: the asker hears their question is solved, the author that their reply is the solution. */
export async function notifyAboutSolution(
  trx: Trx,
  ctx: ServiceContext,
  after: AfterCommit,
  facts: { thread: ThreadForAudience; postId: number; postAuthorId: number | null; markedBy: number },
): Promise<void> {
  // An asker who answered their own question hears once: their reply is the solution.
  const offers: [number | null, NotificationKind][] = [
    [facts.thread.author_id === facts.postAuthorId ? null : facts.thread.author_id, "question_solved"],
    [facts.postAuthorId, "solution_marked"],
  ];
  const targets = offers.filter(([userId]) => userId !== null && userId !== facts.markedBy) as [number, NotificationKind][];
  const muted = await mutedFor(trx, facts.thread.id, facts.thread.space_id, targets.map(([id]) => id));
  const allowed = await recipientsWhoMaySee(trx, facts.thread, targets.map(([id]) => id).filter((id) => !muted.has(id)), ctx.deps.now());
  for (const [userId, kind] of targets) {
    const recipient = allowed.get(userId);
    if (recipient) await createNotification(trx, ctx, after, recipient, { kind, actorId: facts.markedBy, threadId: facts.thread.id, postId: facts.postId });
  }
}

export interface NotificationInput {
  kind: NotificationKind;
  actorId: number | null;
  threadId?: number | null;
  postId?: number | null;
  groupId?: number | null;
  eventId?: number | null;
  data?: Record<string, string>;
}

/**
 * Writes one notification for a recipient the caller has already cleared with the guardian, and, for
 * members who want email at once, the deferred outbox row that will carry it (one per thread or group
 * at a time; the row is composed when it is sent, so what was read by then is left out).
 */
export async function createNotification(trx: Trx, ctx: ServiceContext, after: AfterCommit, recipient: Recipient, input: NotificationInput): Promise<void> {
  const emailGroup = input.threadId ? `thread:${input.threadId}` : input.groupId ? `group:${input.groupId}` : input.eventId ? `event:${input.eventId}` : "account";
  const emailState: NotificationEmailState = KINDS_WITH_OWN_EMAIL.has(input.kind)
    ? "none"
    : recipient.emailNotifications === "immediate"
      ? "pending"
      : recipient.emailNotifications === "none"
        ? "none"
        : "digest";
  const created = await trx
    .insertInto("notifications")
    .values({
      user_id: recipient.id,
      kind: input.kind,
      actor_id: input.actorId,
      thread_id: input.threadId ?? null,
      post_id: input.postId ?? null,
      group_id: input.groupId ?? null,
      event_id: input.eventId ?? null,
      data: JSON.stringify(input.data ?? {}),
      created_at: ctx.deps.now(),
      email_state: emailState,
      email_group: emailGroup,
    })
    // One notification per member, kind and post (a retried request makes no second one); moderation notices may repeat.
    .onConflict((oc) => oc.columns(["user_id", "kind", "post_id"]).where("post_id", "is not", null).where("kind", "<>", "moderation").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!created) return;
  after.notification(recipient.id, created.id);
  if (emailState === "pending") {
    const { delaySeconds, spacingMinutes } = ctx.deps.config.notifications;
    await ctx.deps.mail.enqueueDeferred(trx, {
      kind: "notifications",
      userId: recipient.id,
      to: recipient.email,
      groupKey: `notify:${recipient.id}:${emailGroup}`,
      delayMs: delaySeconds * 1000,
      spacingMs: spacingMinutes * 60_000,
    });
    after.mail();
  }
}
