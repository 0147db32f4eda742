import { sql, type Transaction } from "kysely";
import { spaceVisibleTo, threadVisibleTo } from "../../../db/queries/visibility.queries";
import type { Database, FollowLevel, FollowReason } from "../../../db/schema";
import { AppError } from "../../../shared/errors";
import { pickLocalized } from "../../../shared/i18n";
import { emailModeSchema, followsPageSchema, setFollowSchema } from "../../../shared/schemas/notifications.schema";
import { parseInput } from "../../../shared/schemas/parse";
import type { ServiceContext } from "../../context";
import { loadSpaceFacts, loadVisibleThread } from "../forum/access";
import { decodeCursor, encodeCursor } from "../forum/cursor";
import { verifyUnsubscribeToken } from "./notification-email";

type Trx = Transaction<Database>;

export interface FollowStateDto {
  /** The member's own choice, or null when the defaults apply. */
  chosen: FollowLevel | null;
  /** What applies now. */
  effective: FollowLevel | null;
}

export interface FollowedItemDto {
  target: "topic" | "group" | "thread";
  targetId: number;
  name: string;
  url: string;
  level: FollowLevel;
  reason: FollowReason;
}

/**
 * Defaults: a member tracks the threads they start or reply in, unless they already chose a level. Taking
 * part never lowers what they hear: in a topic or group they watch, the thread stays watched.
 */
export async function followByDefault(trx: Trx, userId: number, threadId: number, reason: "created" | "replied"): Promise<void> {
  const watchesSpace = await trx
    .selectFrom("threads")
    .innerJoin("space_follows", (join) => join.onRef("space_follows.space_id", "=", "threads.space_id").on("space_follows.user_id", "=", userId))
    .select("space_follows.level")
    .where("threads.id", "=", threadId)
    .where("space_follows.level", "=", "watching")
    .executeTakeFirst();
  await trx
    .insertInto("thread_follows")
    .values({ user_id: userId, thread_id: threadId, level: watchesSpace ? "watching" : "tracking", reason })
    .onConflict((oc) => oc.columns(["user_id", "thread_id"]).doNothing())
    .execute();
}

/** Defaults: the experts of an expert group watch its questions. */
export async function watchExpertGroup(trx: Trx, userId: number, spaceId: number): Promise<void> {
  await trx
    .insertInto("space_follows")
    .values({ user_id: userId, space_id: spaceId, level: "watching", reason: "expert" })
    .onConflict((oc) => oc.columns(["user_id", "space_id"]).doNothing())
    .execute();
}

async function resolveTarget(ctx: ServiceContext, target: "thread" | "topic" | "group", targetId: number) {
  if (target === "thread") {
    const { thread } = await loadVisibleThread(ctx, targetId);
    return { kind: "thread" as const, id: thread.id, spaceId: thread.space_id };
  }
  const row =
    target === "topic"
      ? await ctx.db.selectFrom("topics").select(["space_id"]).where("id", "=", targetId).executeTakeFirst()
      : await ctx.db.selectFrom("groups").select(["space_id"]).where("id", "=", targetId).executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", "errors.not_found");
  const facts = await loadSpaceFacts(ctx.db, row.space_id, ctx.actor);
  ctx.guardian.ensure(ctx.guardian.canViewSpace(facts));
  return { kind: "space" as const, id: row.space_id, spaceId: row.space_id };
}

export async function getFollowState(ctx: ServiceContext, target: "thread" | "topic" | "group", targetId: number): Promise<FollowStateDto | null> {
  const actor = ctx.actor;
  if (!actor) return null;
  const resolved = await resolveTarget(ctx, target, targetId);
  if (resolved.kind === "thread") return threadFollowState(ctx, resolved.id, resolved.spaceId);
  const spaceLevel = await ctx.db
    .selectFrom("space_follows")
    .select(["level", "reason"])
    .where("user_id", "=", actor.id)
    .where("space_id", "=", resolved.spaceId)
    .executeTakeFirst();
  return { chosen: chosenLevel(spaceLevel), effective: spaceLevel?.level ?? null };
}

// A row written by a default (created, replied, expert) applies, but is not the member's choice.
const chosenLevel = (row: { level: FollowLevel | null; reason: FollowReason | null } | undefined) => (row?.reason === "chosen" ? row.level : null);

/**
 * The viewer's follow state for a thread the caller has already cleared with the guardian (the thread page
 * asks it with the thread it loaded): the thread's own row, else its topic's or group's watching or muting,
 * in one query.
 */
export async function threadFollowState(ctx: ServiceContext, threadId: number, spaceId: number): Promise<FollowStateDto | null> {
  const actor = ctx.actor;
  if (!actor) return null;
  const row = await ctx.db
    .selectNoFrom((eb) => [
      eb.selectFrom("thread_follows").select("level").where("user_id", "=", actor.id).where("thread_id", "=", threadId).as("thread_level"),
      eb.selectFrom("thread_follows").select("reason").where("user_id", "=", actor.id).where("thread_id", "=", threadId).as("thread_reason"),
      eb.selectFrom("space_follows").select("level").where("user_id", "=", actor.id).where("space_id", "=", spaceId).as("space_level"),
    ])
    .executeTakeFirstOrThrow();
  const spaceLevel = row.space_level;
  const inherited = spaceLevel === "watching" || spaceLevel === "muted" ? spaceLevel : null;
  return { chosen: chosenLevel({ level: row.thread_level, reason: row.thread_reason }), effective: row.thread_level ?? inherited };
}

export async function setFollowLevel(ctx: ServiceContext, raw: unknown): Promise<FollowStateDto> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(setFollowSchema, raw);
  const resolved = await resolveTarget(ctx, input.target, input.targetId);
  const now = ctx.deps.now();
  if (resolved.kind === "thread") {
    if (input.level === "default") {
      // Back to the defaults: the choice goes, and a member who took part tracks the thread again.
      await ctx.db.transaction().execute(async (trx) => {
        await trx.deleteFrom("thread_follows").where("user_id", "=", actor.id).where("thread_id", "=", resolved.id).execute();
        const part = await trx
          .selectFrom("threads")
          .select((eb) => [
            eb(eb.ref("threads.author_id"), "=", actor.id).as("started"),
            eb.exists(eb.selectFrom("posts").select("posts.id").whereRef("posts.thread_id", "=", "threads.id").where("posts.author_id", "=", actor.id).where("posts.position", ">", 1)).as("replied"),
          ])
          .where("threads.id", "=", resolved.id)
          .executeTakeFirst();
        if (part?.started) await followByDefault(trx, actor.id, resolved.id, "created");
        else if (part?.replied) await followByDefault(trx, actor.id, resolved.id, "replied");
      });
    } else {
      await ctx.db
        .insertInto("thread_follows")
        .values({ user_id: actor.id, thread_id: resolved.id, level: input.level, reason: "chosen", updated_at: now })
        .onConflict((oc) => oc.columns(["user_id", "thread_id"]).doUpdateSet({ level: input.level as FollowLevel, reason: "chosen", updated_at: now }))
        .execute();
    }
  } else if (input.level === "default") {
    // Back to the defaults: the experts of an expert group watch it again.
    await ctx.db.transaction().execute(async (trx) => {
      await trx.deleteFrom("space_follows").where("user_id", "=", actor.id).where("space_id", "=", resolved.id).execute();
      const expert = await trx
        .selectFrom("spaces")
        .innerJoin("space_members", "space_members.space_id", "spaces.id")
        .select("spaces.id")
        .where("spaces.id", "=", resolved.id)
        .where("spaces.kind", "=", "expert_group")
        .where("space_members.user_id", "=", actor.id)
        .executeTakeFirst();
      if (expert) await watchExpertGroup(trx, actor.id, resolved.id);
    });
  } else {
    await ctx.db
      .insertInto("space_follows")
      .values({ user_id: actor.id, space_id: resolved.id, level: input.level, reason: "chosen", updated_at: now })
      .onConflict((oc) => oc.columns(["user_id", "space_id"]).doUpdateSet({ level: input.level as FollowLevel, reason: "chosen", updated_at: now }))
      .execute();
  }
  return (await getFollowState(ctx, input.target, input.targetId))!;
}

const FOLLOWED_THREADS_PAGE = 50;

/**
 * Everything the member follows: their topics and groups (few, all of them) and their threads, a page at a
 * time, newest choice first. Only what they may still see is listed.
 */
export async function listMyFollows(ctx: ServiceContext, raw: unknown = {}): Promise<{ spaces: FollowedItemDto[]; threads: FollowedItemDto[]; nextCursor: string | null }> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(followsPageSchema, raw);
  const cursor = decodeCursor(input.cursor);
  const spaces = input.cursor
    ? []
    : await ctx.db
        .selectFrom("space_follows as sf")
        .leftJoin("topics", "topics.space_id", "sf.space_id")
        .leftJoin("groups", "groups.space_id", "sf.space_id")
        .select(["sf.space_id", "sf.level", "sf.reason", "topics.id as topic_id", "topics.slug as topic_slug", "topics.name as topic_name", "groups.id as group_id", "groups.slug as group_slug", "groups.name as group_name"])
        .where("sf.user_id", "=", actor.id)
        .where(spaceVisibleTo(actor, sql.ref("sf.space_id")))
        .orderBy("sf.updated_at", "desc")
        .execute();
  // Sorted and compared at the cursor's precision (milliseconds): the database keeps microseconds, and a
  // cursor cut from them would skip rows followed within the same millisecond.
  const followedAt = sql<Date>`date_trunc('milliseconds', tf.updated_at)`;
  let threadQuery = ctx.db
    .selectFrom("thread_follows as tf")
    .innerJoin("threads", "threads.id", "tf.thread_id")
    .select(["threads.id", "threads.title", "tf.level", "tf.reason", followedAt.as("updated_at")])
    .where("tf.user_id", "=", actor.id)
    .where(threadVisibleTo(actor))
    .orderBy(followedAt, "desc")
    .orderBy("threads.id", "desc")
    .limit(FOLLOWED_THREADS_PAGE + 1);
  if (cursor) {
    const at = new Date(String(cursor.value));
    if (Number.isNaN(at.getTime())) throw new AppError("VALIDATION", "validation.cursor_invalid");
    threadQuery = threadQuery.where((eb) => eb.or([eb(followedAt, "<", at), eb.and([eb(followedAt, "=", at), eb("threads.id", "<", cursor.id)])]));
  }
  const threads = await threadQuery.execute();
  const more = threads.length > FOLLOWED_THREADS_PAGE;
  const shown = threads.slice(0, FOLLOWED_THREADS_PAGE);
  const last = shown.at(-1);
  return {
    spaces: spaces.map((row) =>
      row.topic_id
        ? { target: "topic", targetId: row.topic_id, name: pickLocalized(row.topic_name as Record<string, string>, ctx.locale), url: `/topics/${row.topic_slug}`, level: row.level, reason: row.reason }
        : { target: "group", targetId: row.group_id!, name: pickLocalized(row.group_name as Record<string, string>, ctx.locale), url: `/g/${row.group_slug}`, level: row.level, reason: row.reason },
    ),
    threads: shown.map((row) => ({ target: "thread", targetId: row.id, name: row.title, url: `/t/${row.id}`, level: row.level, reason: row.reason })),
    nextCursor: more && last ? encodeCursor(new Date(last.updated_at).toISOString(), last.id) : null,
  };
}

export async function getEmailMode(ctx: ServiceContext) {
  const actor = ctx.guardian.ensureSignedIn();
  const row = await ctx.db.selectFrom("users").select("email_notifications").where("id", "=", actor.id).executeTakeFirstOrThrow();
  return row.email_notifications;
}

export async function setEmailMode(ctx: ServiceContext, raw: unknown): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(emailModeSchema, raw);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ email_notifications: input.mode, updated_at: ctx.deps.now() }).where("id", "=", actor.id).execute();
    // What waits for an email follows the new choice.
    const waiting = trx.updateTable("notifications").where("user_id", "=", actor.id).where("email_state", "in", ["pending", "digest"]);
    if (input.mode === "none") await waiting.set({ email_state: "skipped" }).execute();
    else if (input.mode !== "immediate") await waiting.set({ email_state: "digest" }).execute();
  });
}

/** One-click unsubscribe from an email link: no session needed, the signed token is the authority. */
export async function unsubscribeByToken(ctx: ServiceContext, token: string): Promise<boolean> {
  const userId = await verifyUnsubscribeToken(ctx.db, token);
  if (userId === null) return false;
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ email_notifications: "none" }).where("id", "=", userId).execute();
    await trx.updateTable("notifications").set({ email_state: "skipped" }).where("user_id", "=", userId).where("email_state", "in", ["pending", "digest"]).execute();
  });
  ctx.logger.info({ userId }, "unsubscribed from notification emails");
  return true;
}
