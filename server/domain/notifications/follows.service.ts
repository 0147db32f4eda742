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

/** Defaults: a member tracks the threads they start or reply in, unless they already chose a level. */
export async function followByDefault(trx: Trx, userId: number, threadId: number, reason: "created" | "replied"): Promise<void> {
  await trx
    .insertInto("thread_follows")
    .values({ user_id: userId, thread_id: threadId, level: "tracking", reason })
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
  const spaceLevel = await ctx.db
    .selectFrom("space_follows")
    .select("level")
    .where("user_id", "=", actor.id)
    .where("space_id", "=", resolved.spaceId)
    .executeTakeFirst();
  if (resolved.kind === "space") return { chosen: spaceLevel?.level ?? null, effective: spaceLevel?.level ?? null };
  const threadLevel = await ctx.db
    .selectFrom("thread_follows")
    .select("level")
    .where("user_id", "=", actor.id)
    .where("thread_id", "=", resolved.id)
    .executeTakeFirst();
  const inherited = spaceLevel?.level === "watching" || spaceLevel?.level === "muted" ? spaceLevel.level : null;
  return { chosen: threadLevel?.level ?? null, effective: threadLevel?.level ?? inherited };
}

export async function setFollowLevel(ctx: ServiceContext, raw: unknown): Promise<FollowStateDto> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(setFollowSchema, raw);
  const resolved = await resolveTarget(ctx, input.target, input.targetId);
  const now = ctx.deps.now();
  if (resolved.kind === "thread") {
    if (input.level === "default") {
      await ctx.db.deleteFrom("thread_follows").where("user_id", "=", actor.id).where("thread_id", "=", resolved.id).execute();
    } else {
      await ctx.db
        .insertInto("thread_follows")
        .values({ user_id: actor.id, thread_id: resolved.id, level: input.level, reason: "chosen", updated_at: now })
        .onConflict((oc) => oc.columns(["user_id", "thread_id"]).doUpdateSet({ level: input.level as FollowLevel, reason: "chosen", updated_at: now }))
        .execute();
    }
  } else if (input.level === "default") {
    await ctx.db.deleteFrom("space_follows").where("user_id", "=", actor.id).where("space_id", "=", resolved.id).execute();
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
  let threadQuery = ctx.db
    .selectFrom("thread_follows as tf")
    .innerJoin("threads", "threads.id", "tf.thread_id")
    .select(["threads.id", "threads.title", "tf.level", "tf.reason", "tf.updated_at"])
    .where("tf.user_id", "=", actor.id)
    .where(threadVisibleTo(actor))
    .orderBy("tf.updated_at", "desc")
    .orderBy("threads.id", "desc")
    .limit(FOLLOWED_THREADS_PAGE + 1);
  if (cursor) {
    threadQuery = threadQuery.where((eb) =>
      eb.or([eb("tf.updated_at", "<", new Date(String(cursor.value))), eb.and([eb("tf.updated_at", "=", new Date(String(cursor.value))), eb("threads.id", "<", cursor.id)])]),
    );
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
