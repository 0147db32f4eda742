import { z } from "zod";
import { deleteSession, deleteUserSessions, listUserSessions } from "../../../db/queries/sessions.queries";
import { expireUserTokens, insertUserToken, markUserTokenUsed } from "../../../db/queries/tokens.queries";
import { findUserByEmail, findUserById, isHandleTaken, updateUser } from "../../../db/queries/users.queries";
import { AppError } from "../../../shared/errors";
import type { Locale } from "../../../shared/i18n";
import {
  changeEmailSchema,
  changePasswordSchema,
  deleteAccountSchema,
  profileSchema,
  tokenSchema,
} from "../../../shared/schemas/account.schema";
import { parseInput } from "../../../shared/schemas/parse";
import { availabilitySchema } from "../../../shared/schemas/pairs.schema";
import type { ServiceContext } from "../../context";
import { renderEmail } from "../mail/templates";
import { createSplitToken } from "../security/secrets";
import { ensureUncommonPassword, hashPassword, verifyPassword } from "../security/passwords";
import { createSession } from "../sessions/session.service";
import { type AccountDto, toAccountDto } from "./account.dto";
import { appLink } from "./links";
import { loadLinkToken } from "./verify-email.service";

const CHANGE_EMAIL_TTL_MS = 24 * 60 * 60 * 1000;

async function loadSelf(ctx: ServiceContext) {
  const actor = ctx.guardian.ensureSignedIn();
  const user = await findUserById(ctx.db, actor.id);
  if (!user) throw new AppError("UNAUTHENTICATED", "errors.sign_in_required");
  return user;
}

async function ensurePassword(passwordHash: string, password: string, field: string) {
  if (!(await verifyPassword(passwordHash, password))) {
    throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { [field]: "validation.password_wrong" } });
  }
}

export async function getMyAccount(ctx: ServiceContext): Promise<AccountDto> {
  return toAccountDto(await loadSelf(ctx));
}

export async function updateProfile(ctx: ServiceContext, raw: unknown): Promise<AccountDto> {
  const user = await loadSelf(ctx);
  const input = parseInput(profileSchema, raw);
  if (input.handle !== user.handle && (await isHandleTaken(ctx.db, input.handle, user.id))) {
    throw new AppError("CONFLICT", "validation.failed", { fieldErrors: { handle: "validation.handle_taken" } });
  }
  const changedAffiliation = input.partnerOrg !== user.partner_org || input.communityRole !== user.community_role;
  const updated = await updateUser(ctx.db, user.id, {
    display_name: input.displayName,
    handle: input.handle,
    organisation: input.organisation,
    partner_org: input.partnerOrg,
    community_role: input.communityRole,
    country: input.country,
    region: input.region,
    languages: input.languages,
    bio: input.bio,
    locale: input.locale,
    ...(input.timeZone !== undefined ? { time_zone: input.timeZone } : {}),
    // A verified affiliation covers one organisation and role; changing either asks an admin again.
    ...(changedAffiliation ? { expert_verified_at: null, expert_verified_by: null } : {}),
  });
  return toAccountDto(updated!);
}

/** An expert says whether they take questions now; the expert directory shows it and filters by it. */
export async function setMyAvailability(ctx: ServiceContext, raw: unknown): Promise<AccountDto> {
  const user = await loadSelf(ctx);
  const { availability } = parseInput(availabilitySchema, raw);
  return toAccountDto((await updateUser(ctx.db, user.id, { availability }))!);
}

/** Saves the interface language chosen with the switcher for a signed-in member. */
export async function setMyLocale(ctx: ServiceContext, locale: Locale): Promise<void> {
  if (!ctx.actor) return;
  await updateUser(ctx.db, ctx.actor.id, { locale });
}

/** Changes the password, ends every session, and opens a fresh one for this device. */
export async function changePassword(ctx: ServiceContext, raw: unknown): Promise<{ token: string; expiresAt: Date }> {
  const user = await loadSelf(ctx);
  const input = parseInput(changePasswordSchema, raw);
  await ensurePassword(user.password_hash, input.currentPassword, "currentPassword");
  await ensureUncommonPassword(input.newPassword, "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  const result = await ctx.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { password_hash: passwordHash });
    await deleteUserSessions(trx, user.id);
    await ctx.deps.mail.enqueue(
      trx,
      user.email,
      renderEmail("password_changed", user.locale as Locale, { name: user.display_name }),
    );
    return createSession(ctx.deps, trx, user.id, { ip: ctx.ip, userAgent: ctx.userAgent });
  });
  ctx.deps.realtime.endUserSockets(user.id);
  ctx.deps.mail.kick();
  return { token: result.token, expiresAt: result.session.expires_at };
}

/** Sends a confirmation link to the new address; the change happens only when it is followed. */
export async function requestEmailChange(ctx: ServiceContext, raw: unknown): Promise<void> {
  const user = await loadSelf(ctx);
  const input = parseInput(changeEmailSchema, raw);
  await ensurePassword(user.password_hash, input.password, "password");
  if (input.newEmail === user.email) {
    throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { newEmail: "validation.email_same" } });
  }
  if (await findUserByEmail(ctx.db, input.newEmail)) {
    throw new AppError("CONFLICT", "validation.failed", { fieldErrors: { newEmail: "validation.email_taken" } });
  }
  const now = ctx.deps.now();
  const { id, token, secretHash } = createSplitToken();
  await ctx.db.transaction().execute(async (trx) => {
    await expireUserTokens(trx, user.id, "change_email", now);
    await insertUserToken(trx, {
      id,
      secretHash,
      userId: user.id,
      purpose: "change_email",
      email: input.newEmail,
      expiresAt: new Date(now.getTime() + CHANGE_EMAIL_TTL_MS),
    });
    await ctx.deps.mail.enqueue(
      trx,
      input.newEmail,
      renderEmail("change_email", user.locale as Locale, {
        name: user.display_name,
        link: appLink(ctx.deps.config, "/confirm-email", { token }),
      }),
    );
  });
  ctx.deps.mail.kick();
}

export async function checkEmailChangeToken(ctx: ServiceContext, token: string): Promise<{ email: string }> {
  const row = await loadLinkToken(ctx, token, "change_email");
  return { email: row.email };
}

/** Follows the link sent to the new address: the account takes that address, and the old one is told. */
export async function confirmEmailChange(ctx: ServiceContext, raw: unknown): Promise<{ email: string }> {
  const { token } = parseInput(tokenSchema, raw);
  const row = await loadLinkToken(ctx, token, "change_email");
  const now = ctx.deps.now();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await markUserTokenUsed(trx, row.id, now))) throw new AppError("VALIDATION", "errors.link_invalid");
    const user = await findUserById(trx, row.user_id);
    if (!user) throw new AppError("VALIDATION", "errors.link_invalid");
    if (await findUserByEmail(trx, row.email)) throw new AppError("CONFLICT", "validation.email_taken");
    const previous = user.email;
    await updateUser(trx, user.id, { email: row.email, email_verified_at: now });
    await ctx.deps.mail.enqueue(
      trx,
      previous,
      renderEmail("email_changed", user.locale as Locale, { name: user.display_name, email: row.email }),
    );
  });
  ctx.deps.mail.kick();
  return { email: row.email };
}

export interface SessionDto {
  id: string;
  createdAt: string;
  expiresAt: string;
  userAgent: string;
  ip: string;
  current: boolean;
}

export async function listMySessions(ctx: ServiceContext): Promise<SessionDto[]> {
  const actor = ctx.guardian.ensureSignedIn();
  const rows = await listUserSessions(ctx.db, actor.id, ctx.deps.now());
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    userAgent: row.user_agent,
    ip: row.ip,
    current: row.id === ctx.sessionId,
  }));
}

export async function endMySession(ctx: ServiceContext, raw: unknown): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const { sessionId } = parseInput(z.object({ sessionId: z.string().min(1).max(64) }), raw);
  const sessions = await listUserSessions(ctx.db, actor.id, ctx.deps.now());
  // Another member's session id answers as if it did not exist.
  ctx.guardian.ensure(sessions.some((session) => session.id === sessionId));
  await deleteSession(ctx.db, sessionId);
  ctx.deps.realtime.endSession(sessionId);
}

export async function endMyOtherSessions(ctx: ServiceContext): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  await deleteUserSessions(ctx.db, actor.id, ctx.sessionId);
  ctx.deps.realtime.endUserSockets(actor.id, ctx.sessionId);
}

/** Everything Enlace keeps about the member, as JSON (no password or token hashes). */
export async function exportMyData(ctx: ServiceContext): Promise<Record<string, unknown>> {
  const user = await loadSelf(ctx);
  const sessions = await listMySessions(ctx);
  const invitationsSent = await ctx.db
    .selectFrom("invitations")
    .select(["email", "created_at", "accepted_at", "revoked_at"])
    .where("invited_by", "=", user.id)
    .orderBy("id")
    .execute();
  return {
    format: "enlace-export-v1",
    exportedAt: ctx.deps.now().toISOString(),
    account: toAccountDto(user),
    sessions: sessions.map(({ id: _id, ...rest }) => rest),
    invitationsSent,
  };
}

/** Deletes the account after the password is confirmed; its sessions go with it. */
export async function deleteMyAccount(ctx: ServiceContext, raw: unknown): Promise<void> {
  const user = await loadSelf(ctx);
  const input = parseInput(deleteAccountSchema, raw);
  await ensurePassword(user.password_hash, input.password, "password");
  if (user.site_role === "admin") {
    const otherAdmins = await ctx.db
      .selectFrom("users")
      .select("id")
      .where("site_role", "=", "admin")
      .where("id", "!=", user.id)
      .limit(1)
      .execute();
    if (otherAdmins.length === 0) throw new AppError("CONFLICT", "errors.last_admin");
  }
  await ctx.db.deleteFrom("users").where("id", "=", user.id).execute();
  ctx.deps.realtime.endUserSockets(user.id);
  ctx.logger.info({ userId: user.id }, "account deleted by its owner");
}
