import type { Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { AppError } from "../../../shared/errors";
import { pickLocalized } from "../../../shared/i18n";
import { parseInput } from "../../../shared/schemas/parse";
import {
  decideRequestSchema,
  groupRefSchema,
  invitationRefSchema,
  inviteSchema,
  joinRequestSchema,
  memberActionSchema,
  memberRoleSchema,
} from "../../../shared/schemas/group.schema";
import type { ServiceContext } from "../../context";
import type { AuthorDto } from "../forum/forum.dto";
import { loadAuthors } from "../forum/people";
import { findPendingInvitation, loadVisibleGroup } from "./groups.service";
import { afterCommit, type AfterCommit } from "../notifications/after-commit";
import { watchExpertGroup } from "../notifications/follows.service";
import { forgetSpaceNotifications } from "../notifications/notifications.service";
import { createNotification, type NotificationInput } from "../notifications/notifier";
import { recipientsByIds } from "../notifications/recipients";
import { appLink } from "../accounts/links";
import { renderEmail } from "../mail/templates";

/** Tells members about a group matter (invitation, join request, decision); the group itself grants them sight of it. */
async function notifyAboutGroup(trx: Transaction<Database>, ctx: ServiceContext, after: AfterCommit, userIds: number[], input: NotificationInput) {
  for (const recipient of await recipientsByIds(trx, userIds, ctx.deps.now())) {
    if (recipient.id !== input.actorId) await createNotification(trx, ctx, after, recipient, input);
  }
}

/** When someone leaves a group: their default watch goes, and for a private group, what they were told about it too. */
async function membershipEnded(trx: Transaction<Database>, after: AfterCommit, userId: number, spaceId: number, visibility: string) {
  if (visibility === "private") await forgetSpaceNotifications(trx, userId, spaceId);
  else await trx.deleteFrom("space_follows").where("user_id", "=", userId).where("space_id", "=", spaceId).where("reason", "=", "expert").execute();
  after.revokeAccess(userId);
}

async function audit(
  trx: Transaction<Database>,
  entry: { actorId: number; action: string; groupId: number; spaceId: number; targetType?: string; targetId?: number; reason?: string; details?: Record<string, unknown> },
) {
  await trx
    .insertInto("audit_log")
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType ?? "group",
      target_id: entry.targetId ?? entry.groupId,
      space_id: entry.spaceId,
      reason: entry.reason ?? "",
      details: JSON.stringify({ groupId: entry.groupId, ...entry.details }),
    })
    .execute();
}

async function addMember(trx: Transaction<Database>, spaceId: number, userId: number) {
  await trx
    .insertInto("space_members")
    .values({ space_id: spaceId, user_id: userId, role: "member" })
    .onConflict((oc) => oc.columns(["space_id", "user_id"]).doNothing())
    .execute();
  const space = await trx.selectFrom("spaces").select("kind").where("id", "=", spaceId).executeTakeFirstOrThrow();
  if (space.kind === "expert_group") await watchExpertGroup(trx, userId, spaceId);
}

/** A group moderator invites a member by handle, or anyone by email (the invitation then waits for that verified address). */
export async function inviteToGroup(ctx: ServiceContext, raw: unknown): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(inviteSchema, raw);
  const { group, space } = await loadVisibleGroup(ctx, { id: input.groupId });
  ctx.guardian.ensure(ctx.guardian.canManageGroup(space));
  const byEmail = input.invitee.includes("@") && !input.invitee.startsWith("@");
  const handle = input.invitee.replace(/^@/, "").toLowerCase();
  const email = input.invitee.toLowerCase();
  const invitee = byEmail
    ? await ctx.db.selectFrom("users").select(["id", "email_verified_at"]).where("email", "=", email).executeTakeFirst()
    : await ctx.db.selectFrom("users").select(["id", "email_verified_at"]).where("handle", "=", handle).executeTakeFirst();
  if (!byEmail && !invitee) throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { invitee: "group.invitee_unknown" } });
  if (invitee) {
    const already = await ctx.db.selectFrom("space_members").select("user_id").where("space_id", "=", group.space_id).where("user_id", "=", invitee.id).executeTakeFirst();
    if (already) throw new AppError("CONFLICT", "validation.failed", { fieldErrors: { invitee: "group.already_in_group" } });
  }
  const after = afterCommit(ctx.deps);
  await ctx.db.transaction().execute(async (trx) => {
    // Inviting someone lifts a ban on them.
    if (invitee) await trx.deleteFrom("group_bans").where("group_id", "=", group.id).where("user_id", "=", invitee.id).execute();
    await trx
      .updateTable("group_invitations")
      .set({ status: "revoked", responded_at: ctx.deps.now() })
      .where("group_id", "=", group.id)
      .where("status", "=", "pending")
      .where((eb) => (byEmail ? eb("email", "=", email) : eb("user_id", "=", invitee!.id)))
      .execute();
    const created = await trx
      .insertInto("group_invitations")
      .values({
        group_id: group.id,
        user_id: byEmail ? null : invitee!.id,
        email: byEmail ? email : null,
        invited_by: actor.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(trx, { actorId: actor.id, action: "group:invite", groupId: group.id, spaceId: group.space_id, targetType: "invitation", targetId: created.id });
    if (invitee) await notifyAboutGroup(trx, ctx, after, [invitee.id], { kind: "group_invitation", actorId: actor.id, groupId: group.id });
    // An address with no confirmed account yet hears of it by email; the invitation waits for that address.
    if (byEmail && !invitee?.email_verified_at) {
      const inviter = await trx.selectFrom("users").select("display_name").where("id", "=", actor.id).executeTakeFirstOrThrow();
      await ctx.deps.mail.enqueue(
        trx,
        email,
        renderEmail("group_invitation", ctx.locale, {
          name: email,
          inviter: inviter.display_name,
          group: pickLocalized(group.name as Record<string, string>, ctx.locale),
          link: appLink(ctx.deps.config, "/sign-up", { email }),
        }),
      );
      after.mail();
    }
  });
  await after.flush();
}

/** The invitee accepts (or declines). An email invitation works only for the account that verified that address. */
export async function respondToInvitation(ctx: ServiceContext, raw: unknown, accept: boolean): Promise<{ groupSlug: string }> {
  const actor = ctx.guardian.ensureSignedIn();
  const { invitationId } = parseInput(invitationRefSchema, raw);
  const invitation = await ctx.db.selectFrom("group_invitations").selectAll().where("id", "=", invitationId).executeTakeFirst();
  if (!invitation || invitation.status !== "pending") throw new AppError("NOT_FOUND", "errors.not_found");
  const mine = await findPendingInvitation(ctx, invitation.group_id);
  ctx.guardian.ensure(mine?.id === invitation.id);
  const group = await ctx.db.selectFrom("groups").select(["id", "slug", "space_id"]).where("id", "=", invitation.group_id).executeTakeFirstOrThrow();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("group_invitations")
      .set({ status: accept ? "accepted" : "declined", responded_at: ctx.deps.now(), user_id: actor.id })
      .where("id", "=", invitation.id)
      .execute();
    if (accept) {
      await trx.deleteFrom("group_bans").where("group_id", "=", group.id).where("user_id", "=", actor.id).execute();
      await addMember(trx, group.space_id, actor.id);
    }
  });
  return { groupSlug: group.slug };
}

/** Joining an open expert group is immediate. */
export async function joinGroup(ctx: ServiceContext, raw: unknown): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const { groupId } = parseInput(groupRefSchema, raw);
  const { group } = await loadVisibleGroup(ctx, { id: groupId });
  const banned = await ctx.db.selectFrom("group_bans").select("user_id").where("group_id", "=", group.id).where("user_id", "=", actor.id).executeTakeFirst();
  if (group.join_policy !== "open" || banned || !ctx.guardian.canPost()) throw new AppError("FORBIDDEN", "group.cannot_join");
  await ctx.db.transaction().execute((trx) => addMember(trx, group.space_id, actor.id));
}

export async function requestToJoin(ctx: ServiceContext, raw: unknown): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(joinRequestSchema, raw);
  // A working group is invisible to non-members, so only expert groups can be asked to let someone in.
  const { group, space } = await loadVisibleGroup(ctx, { id: input.groupId });
  if (space.actorRole) throw new AppError("CONFLICT", "group.already_member");
  const banned = await ctx.db.selectFrom("group_bans").select("user_id").where("group_id", "=", group.id).where("user_id", "=", actor.id).executeTakeFirst();
  if (group.join_policy !== "request" || banned || !ctx.guardian.canPost()) throw new AppError("FORBIDDEN", "group.cannot_join");
  const after = afterCommit(ctx.deps);
  await ctx.db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto("group_join_requests")
      .values({ group_id: group.id, user_id: actor.id, message: input.message })
      .onConflict((oc) => oc.columns(["group_id", "user_id"]).where("status", "=", "pending").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!created) return;
    const managers = await trx.selectFrom("space_members").select("user_id").where("space_id", "=", group.space_id).where("role", "in", ["owner", "moderator"]).execute();
    await notifyAboutGroup(trx, ctx, after, managers.map((row) => row.user_id), { kind: "join_request", actorId: actor.id, groupId: group.id });
  });
  await after.flush();
}

/** A group moderator approves or declines a join request. */
export async function decideJoinRequest(ctx: ServiceContext, raw: unknown): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(decideRequestSchema, raw);
  const request = await ctx.db.selectFrom("group_join_requests").selectAll().where("id", "=", input.requestId).executeTakeFirst();
  if (!request) throw new AppError("NOT_FOUND", "errors.not_found");
  const { group, space } = await loadVisibleGroup(ctx, { id: request.group_id });
  ctx.guardian.ensure(ctx.guardian.canManageGroup(space));
  if (request.status !== "pending") throw new AppError("CONFLICT", "group.request_decided");
  const after = afterCommit(ctx.deps);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("group_join_requests")
      .set({ status: input.approve ? "approved" : "declined", decided_by: actor.id, decided_at: ctx.deps.now() })
      .where("id", "=", request.id)
      .execute();
    if (input.approve) await addMember(trx, group.space_id, request.user_id);
    await audit(trx, {
      actorId: actor.id,
      action: input.approve ? "group:request:approve" : "group:request:decline",
      groupId: group.id,
      spaceId: group.space_id,
      targetType: "user",
      targetId: request.user_id,
    });
    await notifyAboutGroup(trx, ctx, after, [request.user_id], { kind: input.approve ? "join_approved" : "join_declined", actorId: actor.id, groupId: group.id });
  });
  await after.flush();
}

export async function leaveGroup(ctx: ServiceContext, raw: unknown): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const { groupId } = parseInput(groupRefSchema, raw);
  const { group, space } = await loadVisibleGroup(ctx, { id: groupId });
  if (!space.actorRole) return;
  if (space.actorRole === "owner") throw new AppError("CONFLICT", "group.owner_cannot_leave");
  const after = afterCommit(ctx.deps);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom("space_members").where("space_id", "=", group.space_id).where("user_id", "=", actor.id).execute();
    await membershipEnded(trx, after, actor.id, group.space_id, space.visibility);
  });
  await after.flush();
}

/**
 * Removes (and with ban, bans) a member. Takes effect at once: visibility reads membership on every request,
 * their open sockets leave the group's rooms, and queued emails about it are composed without it.
 */
export async function removeMember(ctx: ServiceContext, raw: unknown, ban: boolean): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(memberActionSchema, raw);
  const { group, space } = await loadVisibleGroup(ctx, { id: input.groupId });
  ctx.guardian.ensure(ctx.guardian.canManageGroup(space));
  const target = await ctx.db.selectFrom("space_members").select("role").where("space_id", "=", group.space_id).where("user_id", "=", input.userId).executeTakeFirst();
  if (target?.role === "owner") throw new AppError("CONFLICT", "group.owner_cannot_leave");
  if (!target && !ban) throw new AppError("NOT_FOUND", "errors.not_found");
  const after = afterCommit(ctx.deps);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom("space_members").where("space_id", "=", group.space_id).where("user_id", "=", input.userId).execute();
    await membershipEnded(trx, after, input.userId, group.space_id, space.visibility);
    await trx.updateTable("group_invitations").set({ status: "revoked", responded_at: ctx.deps.now() }).where("group_id", "=", group.id).where("user_id", "=", input.userId).where("status", "=", "pending").execute();
    if (ban) {
      await trx
        .insertInto("group_bans")
        .values({ group_id: group.id, user_id: input.userId, banned_by: actor.id, reason: input.reason })
        .onConflict((oc) => oc.columns(["group_id", "user_id"]).doNothing())
        .execute();
    }
    await audit(trx, { actorId: actor.id, action: ban ? "group:ban" : "group:remove", groupId: group.id, spaceId: group.space_id, targetType: "user", targetId: input.userId, reason: input.reason });
  });
  await after.flush();
}

export async function changeMemberRole(ctx: ServiceContext, raw: unknown): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(memberRoleSchema, raw);
  const { group, space } = await loadVisibleGroup(ctx, { id: input.groupId });
  // Naming moderators is for the owner and admins.
  ctx.guardian.ensure(space.actorRole === "owner" || ctx.guardian.isAdmin());
  const result = await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("space_members")
      .set({ role: input.role })
      .where("space_id", "=", group.space_id)
      .where("user_id", "=", input.userId)
      .where("role", "!=", "owner")
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 1) {
      await audit(trx, { actorId: actor.id, action: "group:role", groupId: group.id, spaceId: group.space_id, targetType: "user", targetId: input.userId, details: { role: input.role } });
    }
    return Number(updated.numUpdatedRows);
  });
  ctx.guardian.ensure(result === 1);
}

/** Hands the group to another member: they become its owner, the previous owner stays as a moderator. */
export async function transferOwnership(ctx: ServiceContext, raw: unknown): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(memberActionSchema, raw);
  const { group, space } = await loadVisibleGroup(ctx, { id: input.groupId });
  ctx.guardian.ensure(space.actorRole === "owner" || ctx.guardian.isAdmin());
  const target = await ctx.db.selectFrom("space_members").select("role").where("space_id", "=", group.space_id).where("user_id", "=", input.userId).executeTakeFirst();
  if (!target) throw new AppError("NOT_FOUND", "errors.not_found");
  if (target.role === "owner") return;
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable("space_members").set({ role: "moderator" }).where("space_id", "=", group.space_id).where("role", "=", "owner").execute();
    await trx.updateTable("space_members").set({ role: "owner" }).where("space_id", "=", group.space_id).where("user_id", "=", input.userId).execute();
    await trx.updateTable("groups").set({ owner_id: input.userId }).where("id", "=", group.id).execute();
    await audit(trx, { actorId: actor.id, action: "group:owner", groupId: group.id, spaceId: group.space_id, targetType: "user", targetId: input.userId });
  });
}

export interface GroupMemberDto extends AuthorDto {
  userId: number;
  role: "owner" | "moderator" | "member" | "expert";
  since: string;
}

/** The member list, visible to whoever may see the group. */
export async function listGroupMembers(ctx: ServiceContext, raw: unknown): Promise<GroupMemberDto[]> {
  const { groupId } = parseInput(groupRefSchema, raw);
  const { group } = await loadVisibleGroup(ctx, { id: groupId });
  const rows = await ctx.db
    .selectFrom("space_members")
    .select(["user_id", "role", "created_at"])
    .where("space_id", "=", group.space_id)
    .orderBy("created_at")
    .limit(500)
    .execute();
  const people = await loadAuthors(ctx.db, rows.map((row) => row.user_id));
  return rows.flatMap((row) => {
    const person = people.get(row.user_id);
    return person ? [{ ...person, userId: row.user_id, role: row.role, since: row.created_at.toISOString() }] : [];
  });
}

export interface GroupAdminViewDto {
  requests: { id: number; user: AuthorDto; message: string; createdAt: string }[];
  invitations: { id: number; invitee: string; createdAt: string }[];
  bans: { userId: number; user: AuthorDto; reason: string }[];
}

/** What a group's moderators manage: pending requests and invitations, and bans. */
export async function getGroupAdminView(ctx: ServiceContext, raw: unknown): Promise<GroupAdminViewDto> {
  const { groupId } = parseInput(groupRefSchema, raw);
  const { group, space } = await loadVisibleGroup(ctx, { id: groupId });
  ctx.guardian.ensure(ctx.guardian.canManageGroup(space));
  const [requests, invitations, bans] = await Promise.all([
    ctx.db.selectFrom("group_join_requests").selectAll().where("group_id", "=", group.id).where("status", "=", "pending").orderBy("id").execute(),
    ctx.db
      .selectFrom("group_invitations")
      .leftJoin("users", "users.id", "group_invitations.user_id")
      .select(["group_invitations.id", "group_invitations.email", "group_invitations.created_at", "users.handle"])
      .where("group_invitations.group_id", "=", group.id)
      .where("group_invitations.status", "=", "pending")
      .orderBy("group_invitations.id")
      .execute(),
    ctx.db.selectFrom("group_bans").selectAll().where("group_id", "=", group.id).execute(),
  ]);
  const people = await loadAuthors(ctx.db, [...requests.map((r) => r.user_id), ...bans.map((b) => b.user_id)]);
  return {
    requests: requests.flatMap((r) => (people.get(r.user_id) ? [{ id: r.id, user: people.get(r.user_id)!, message: r.message, createdAt: r.created_at.toISOString() }] : [])),
    invitations: invitations.map((i) => ({ id: i.id, invitee: i.handle ? `@${i.handle}` : i.email ?? "", createdAt: i.created_at.toISOString() })),
    bans: bans.flatMap((b) => (people.get(b.user_id) ? [{ userId: b.user_id, user: people.get(b.user_id)!, reason: b.reason }] : [])),
  };
}

export async function revokeGroupInvitation(ctx: ServiceContext, raw: unknown): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const { invitationId } = parseInput(invitationRefSchema, raw);
  const invitation = await ctx.db.selectFrom("group_invitations").selectAll().where("id", "=", invitationId).executeTakeFirst();
  if (!invitation) throw new AppError("NOT_FOUND", "errors.not_found");
  const { group, space } = await loadVisibleGroup(ctx, { id: invitation.group_id });
  ctx.guardian.ensure(ctx.guardian.canManageGroup(space));
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable("group_invitations").set({ status: "revoked", responded_at: ctx.deps.now() }).where("id", "=", invitation.id).where("status", "=", "pending").execute();
    await audit(trx, { actorId: actor.id, action: "group:invite:revoke", groupId: group.id, spaceId: group.space_id, targetType: "invitation", targetId: invitation.id });
  });
}

/** Invitations waiting for the signed-in member, to show on the groups page. */
export async function myGroupInvitations(ctx: ServiceContext): Promise<{ id: number; group: { slug: string; name: string; kind: string } }[]> {
  if (!ctx.actor) return [];
  const me = await ctx.db.selectFrom("users").select(["email", "email_verified_at"]).where("id", "=", ctx.actor.id).executeTakeFirstOrThrow();
  const rows = await ctx.db
    .selectFrom("group_invitations")
    .innerJoin("groups", "groups.id", "group_invitations.group_id")
    .select(["group_invitations.id", "groups.slug", "groups.name", "groups.kind"])
    .where("group_invitations.status", "=", "pending")
    .where((eb) =>
      eb.or([eb("group_invitations.user_id", "=", ctx.actor!.id), ...(me.email_verified_at ? [eb("group_invitations.email", "=", me.email)] : [])]),
    )
    .execute();
  return rows.map((row) => ({ id: row.id, group: { slug: row.slug, name: pickLocalized(row.name, ctx.locale), kind: row.kind } }));
}
