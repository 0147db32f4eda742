// Site-level restrictions: suspend (no signing in; every session ends at once) or silence (no posting)
// a member for a number of days, with a reason; and lifting them. Site staff only.
import { deleteUserSessions } from "../../../db/queries/sessions.queries";
import { findUserById } from "../../../db/queries/users.queries";
import type { UserRow } from "../../../db/schema";
import { AppError } from "../../../shared/errors";
import { parseInput } from "../../../shared/schemas/parse";
import type { ServiceContext } from "../../context";
import { isSilenced, isSuspended } from "../sessions/session.service";
import { recordAudit } from "./audit";
import { liftRestrictionSchema, restrictMemberSchema } from "./moderation.schema";
import { announceNotice, enqueueModerationNotice } from "./notices";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The member a moderator may restrict. Nobody restricts themselves or an administrator, and only
 * administrators restrict moderators.
 */
async function loadRestrictable(ctx: ServiceContext, userId: number): Promise<UserRow> {
  ctx.guardian.ensure(ctx.guardian.canSuspendMembers());
  const user = await findUserById(ctx.db, userId);
  if (!user) throw new AppError("NOT_FOUND", "errors.not_found");
  const allowed = user.id !== ctx.actor!.id && user.site_role !== "admin" && (user.site_role !== "moderator" || ctx.guardian.isAdmin());
  if (!allowed) throw new AppError("FORBIDDEN", "moderation.cannot_restrict");
  return user;
}

export interface RestrictionResult {
  until: string;
}

/**
 * Suspends or silences a member for some days: one transaction that sets the restriction, appends to the
 * audit log and writes the member's email to the outbox; the mail worker is woken after commit.
 */
async function restrict(ctx: ServiceContext, raw: unknown, which: "suspension" | "silence"): Promise<RestrictionResult> {
  const input = parseInput(restrictMemberSchema, raw);
  const user = await loadRestrictable(ctx, input.userId);
  const now = ctx.deps.now();
  const until = new Date(now.getTime() + input.days * DAY_MS);
  const suspends = which === "suspension";
  const action = suspends ? "member_suspended" : "member_silenced";
  const notified = await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("users")
      .set({ ...(suspends ? { suspended_until: until } : { silenced_until: until }), moderation_reason: input.reason, updated_at: now })
      .where("id", "=", user.id)
      .execute();
    if (suspends) await deleteUserSessions(trx, user.id);
    await recordAudit(trx, ctx, {
      action,
      targetType: "user",
      targetId: user.id,
      reason: input.reason,
      details: { days: input.days, until: until.toISOString() },
    });
    return enqueueModerationNotice(trx, ctx, { userId: user.id, notice: action, reason: input.reason, until });
  });
  if (suspends) ctx.deps.realtime.endUserSockets(user.id);
  await announceNotice(ctx, notified);
  if (suspends) ctx.logger.info({ userId: user.id, until }, "member suspended");
  return { until: until.toISOString() };
}

/** Suspends a member: they cannot sign in until the time is up, and their sessions (and sockets) end now. */
export const suspendMember = (ctx: ServiceContext, raw: unknown) => restrict(ctx, raw, "suspension");
/** Silences a member: they can read and sign in, but not post, until the time is up. */
export const silenceMember = (ctx: ServiceContext, raw: unknown) => restrict(ctx, raw, "silence");

async function lift(ctx: ServiceContext, raw: unknown, which: "suspension" | "silence"): Promise<void> {
  const input = parseInput(liftRestrictionSchema, raw);
  const user = await loadRestrictable(ctx, input.userId);
  const now = ctx.deps.now();
  const active = which === "suspension" ? isSuspended(user, now) : isSilenced(user, now);
  if (!active) return;
  const otherStillRuns = which === "suspension" ? isSilenced(user, now) : isSuspended(user, now);
  const notified = await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("users")
      .set({
        ...(which === "suspension" ? { suspended_until: null } : { silenced_until: null }),
        ...(otherStillRuns ? {} : { moderation_reason: null }),
        updated_at: now,
      })
      .where("id", "=", user.id)
      .execute();
    const action = which === "suspension" ? "suspension_lifted" : "silence_lifted";
    await recordAudit(trx, ctx, { action, targetType: "user", targetId: user.id, reason: input.reason });
    return enqueueModerationNotice(trx, ctx, {
      userId: user.id,
      notice: action,
      reason: input.reason,
      path: which === "suspension" ? "/sign-in" : "/",
    });
  });
  await announceNotice(ctx, notified);
}

export const liftSuspension = (ctx: ServiceContext, raw: unknown) => lift(ctx, raw, "suspension");
export const liftSilence = (ctx: ServiceContext, raw: unknown) => lift(ctx, raw, "silence");
