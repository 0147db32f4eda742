import { z } from "zod";
import { insertInvitation, listInvitations as queryInvitations } from "../../../db/queries/tokens.queries";
import { findUserByEmail, findUserById, listMembers as queryMembers, updateUser } from "../../../db/queries/users.queries";
import { AppError } from "../../../shared/errors";
import type { Locale } from "../../../shared/i18n";
import { invitationSchema, siteRoleSchema, userIdSchema } from "../../../shared/schemas/account.schema";
import { parseInput } from "../../../shared/schemas/parse";
import type { ServiceContext } from "../../context";
import { type AccountDto, toAccountDto } from "../accounts/account.dto";
import { appLink } from "../accounts/links";
import { renderEmail } from "../mail/templates";
import { recordAudit } from "../moderation/audit";
import { isSilenced, isSuspended } from "../sessions/session.service";
import { createSplitToken } from "../security/secrets";

const PAGE_SIZE = 50;
const INVITATION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

const memberFilterSchema = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(["active", "pending"]).optional().catch(undefined),
  role: z.enum(["member", "moderator", "admin"]).optional().catch(undefined),
  experts: z
    .string()
    .optional()
    .transform((value) => value === "unverified"),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

/** A member as the admin list shows them: the account, and any suspension or silence running now. */
export interface MemberAdminDto extends AccountDto {
  suspendedUntil: string | null;
  silencedUntil: string | null;
  moderationReason: string | null;
}

export interface MemberPage {
  members: MemberAdminDto[];
  nextCursor: number | null;
}

export async function listMembers(ctx: ServiceContext, raw: unknown): Promise<MemberPage> {
  ctx.guardian.ensure(ctx.guardian.canAdminister());
  const filter = parseInput(memberFilterSchema, raw);
  const rows = await queryMembers(ctx.db, {
    query: filter.q || undefined,
    status: filter.status,
    role: filter.role,
    expertsAwaitingVerification: filter.experts,
    beforeId: filter.before,
    limit: PAGE_SIZE + 1,
  });
  const page = rows.slice(0, PAGE_SIZE);
  const now = ctx.deps.now();
  return {
    members: page.map((row) => {
      const suspended = isSuspended(row, now);
      const silenced = isSilenced(row, now);
      return {
        ...toAccountDto(row),
        suspendedUntil: suspended ? row.suspended_until!.toISOString() : null,
        silencedUntil: silenced ? row.silenced_until!.toISOString() : null,
        moderationReason: suspended || silenced ? row.moderation_reason : null,
      };
    }),
    nextCursor: rows.length > PAGE_SIZE ? page[page.length - 1].id : null,
  };
}

async function loadMember(ctx: ServiceContext, userId: number) {
  const user = await findUserById(ctx.db, userId);
  if (!user) throw new AppError("NOT_FOUND", "errors.not_found");
  return user;
}

/** Lets a member who registered under the approval policy post; they are told by email. */
export async function approveMember(ctx: ServiceContext, raw: unknown): Promise<void> {
  ctx.guardian.ensure(ctx.guardian.canApproveMembers());
  const { userId } = parseInput(userIdSchema, raw);
  const user = await loadMember(ctx, userId);
  if (user.status === "active") return;
  await ctx.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { status: "active", approved_at: ctx.deps.now(), approved_by: ctx.actor!.id });
    await recordAudit(trx, ctx, { action: "member_approved", targetType: "user", targetId: user.id });
    await ctx.deps.mail.enqueue(
      trx,
      user.email,
      renderEmail("account_approved", user.locale as Locale, {
        name: user.display_name,
        link: appLink(ctx.deps.config, "/sign-in"),
      }),
    );
  });
  ctx.deps.mail.kick();
}

/** Marks an expert's partner-organisation affiliation as verified (or withdraws it). */
export async function setExpertVerification(ctx: ServiceContext, raw: unknown, verified: boolean): Promise<void> {
  ctx.guardian.ensure(ctx.guardian.canVerifyExperts());
  const { userId } = parseInput(userIdSchema, raw);
  const user = await loadMember(ctx, userId);
  if (verified && (user.community_role !== "expert" || !user.partner_org)) {
    throw new AppError("VALIDATION", "errors.expert_needs_affiliation");
  }
  await ctx.db.transaction().execute(async (trx) => {
    await updateUser(
      trx,
      user.id,
      verified
        ? { expert_verified_at: ctx.deps.now(), expert_verified_by: ctx.actor!.id }
        : { expert_verified_at: null, expert_verified_by: null },
    );
    await recordAudit(trx, ctx, {
      action: verified ? "expert_verified" : "expert_unverified",
      targetType: "user",
      targetId: user.id,
      details: { partnerOrg: user.partner_org },
    });
  });
}

export async function changeSiteRole(ctx: ServiceContext, raw: unknown): Promise<void> {
  ctx.guardian.ensure(ctx.guardian.canChangeSiteRoles());
  const { userId, role } = parseInput(siteRoleSchema, raw);
  const user = await loadMember(ctx, userId);
  if (user.id === ctx.actor!.id && role !== "admin") throw new AppError("CONFLICT", "errors.last_admin");
  if (user.site_role === role) return;
  await ctx.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { site_role: role });
    await recordAudit(trx, ctx, { action: "role_changed", targetType: "user", targetId: user.id, details: { from: user.site_role, to: role } });
  });
}

/** Emails an invitation link; under the invite-only policy it is the only way in. */
export async function sendInvitation(ctx: ServiceContext, raw: unknown): Promise<void> {
  ctx.guardian.ensure(ctx.guardian.canInviteMembers());
  const input = parseInput(invitationSchema, raw);
  if (await findUserByEmail(ctx.db, input.email)) {
    throw new AppError("CONFLICT", "validation.failed", { fieldErrors: { email: "validation.already_member" } });
  }
  const inviter = await loadMember(ctx, ctx.actor!.id);
  const { id, token, secretHash } = createSplitToken();
  await ctx.db.transaction().execute(async (trx) => {
    const invitation = await insertInvitation(trx, {
      email: input.email,
      tokenId: id,
      secretHash,
      invitedBy: inviter.id,
      locale: input.locale,
      expiresAt: new Date(ctx.deps.now().getTime() + INVITATION_TTL_MS),
    });
    await ctx.deps.mail.enqueue(
      trx,
      input.email,
      renderEmail("invitation", input.locale, {
        name: input.email,
        inviter: inviter.display_name,
        link: appLink(ctx.deps.config, "/sign-up", { invitation: token, email: input.email }),
      }),
    );
    await recordAudit(trx, ctx, {
      action: "invitation_sent",
      targetType: "invitation",
      targetId: invitation.id,
      details: { email: input.email, locale: input.locale },
    });
  });
  ctx.deps.mail.kick();
}

export interface InvitationDto {
  id: number;
  email: string;
  inviterHandle: string;
  createdAt: string;
  state: "pending" | "accepted" | "revoked" | "expired";
}

export async function listInvitations(ctx: ServiceContext): Promise<InvitationDto[]> {
  ctx.guardian.ensure(ctx.guardian.canInviteMembers());
  const rows = await queryInvitations(ctx.db, 100);
  const now = ctx.deps.now();
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    inviterHandle: row.inviter_handle,
    createdAt: row.created_at.toISOString(),
    state: row.accepted_at ? "accepted" : row.revoked_at ? "revoked" : row.expires_at <= now ? "expired" : "pending",
  }));
}

export async function revokeInvitation(ctx: ServiceContext, raw: unknown): Promise<void> {
  ctx.guardian.ensure(ctx.guardian.canInviteMembers());
  const { invitationId } = parseInput(z.object({ invitationId: z.coerce.number().int().positive() }), raw);
  const revoked = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("invitations")
      .set({ revoked_at: ctx.deps.now() })
      .where("id", "=", invitationId)
      .where("accepted_at", "is", null)
      .returning(["id", "email"])
      .executeTakeFirst();
    if (!row) return false;
    await recordAudit(trx, ctx, { action: "invitation_revoked", targetType: "invitation", targetId: row.id, details: { email: row.email } });
    return true;
  });
  ctx.guardian.ensure(revoked);
}
