// The pair's private space: its two officials invite verified experts, who then read and write there
// (space_members role 'expert'); the officials remove them, or the experts leave.
import { sql } from "kysely";
import { AppError } from "../../../shared/errors";
import { parseInput } from "../../../shared/schemas/parse";
import { inviteExpertSchema, removeExpertSchema } from "../../../shared/schemas/pairs.schema";
import type { ServiceContext } from "../../context";
import { afterCommit } from "../notifications/after-commit";
import { forgetSpaceNotifications } from "../notifications/notifications.service";
import { createNotification } from "../notifications/notifier";
import { recipientsByIds } from "../notifications/recipients";
import { actorFromUser } from "../sessions/session.service";
import { loadVisiblePair } from "./pairs.service";

/** One of the officials brings a verified expert into the pair's space; the expert is told. */
export async function inviteExpert(ctx: ServiceContext, raw: unknown): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(inviteExpertSchema, raw);
  const { pair, isOfficial } = await loadVisiblePair(ctx, input.pairId);
  if (!isOfficial || !ctx.guardian.canPost()) throw new AppError("FORBIDDEN", "pair.only_the_pair");
  if (pair.ended_at) throw new AppError("CONFLICT", "pair.ended");
  const expert = await ctx.db.selectFrom("users").selectAll().where("handle", "=", input.invitee).executeTakeFirst();
  const expertActor = expert ? actorFromUser(expert, ctx.deps.now()) : null;
  if (!expert || !expertActor?.verifiedExpert || expertActor.status !== "active" || !expertActor.emailVerified || expertActor.suspended) {
    throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { invitee: "pair.expert_unknown" } });
  }
  const after = afterCommit(ctx.deps);
  await ctx.db.transaction().execute(async (trx) => {
    const added = await trx
      .insertInto("space_members")
      .values({ space_id: pair.space_id, user_id: expert.id, role: "expert" })
      .onConflict((oc) => oc.columns(["space_id", "user_id"]).doNothing())
      .returning("user_id")
      .executeTakeFirst();
    if (!added) throw new AppError("CONFLICT", "validation.failed", { fieldErrors: { invitee: "pair.expert_already_in" } });
    for (const recipient of await recipientsByIds(trx, [expert.id], ctx.deps.now())) {
      await createNotification(trx, ctx, after, recipient, { kind: "pair_invitation", actorId: actor.id, data: { pairId: String(pair.id) } });
    }
  });
  await after.flush();
}

/**
 * Takes an expert out of the pair's space: the officials may remove any expert, an expert may leave.
 * Like leaving a working group, it takes effect at once (rooms emptied, what they were told forgotten).
 */
export async function removeExpert(ctx: ServiceContext, raw: unknown): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(removeExpertSchema, raw);
  const { pair, isOfficial } = await loadVisiblePair(ctx, input.pairId);
  if (!isOfficial && actor.id !== input.userId) throw new AppError("FORBIDDEN", "pair.only_the_pair");
  const after = afterCommit(ctx.deps);
  await ctx.db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom("space_members")
      .where("space_id", "=", pair.space_id)
      .where("user_id", "=", input.userId)
      .where("role", "=", "expert")
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) !== 1) throw new AppError("NOT_FOUND", "errors.not_found");
    await forgetSpaceNotifications(trx, input.userId, pair.space_id);
    await trx
      .deleteFrom("notifications")
      .where("user_id", "=", input.userId)
      .where("kind", "=", "pair_invitation")
      .where(sql<boolean>`data->>'pairId' = ${String(pair.id)}`)
      .execute();
    after.revokeAccess(input.userId);
  });
  await after.flush();
}
