import { expireUserTokens, findUserToken, markUserTokenUsed } from "../../../db/queries/tokens.queries";
import { findUserByEmail, findUserById, updateUser } from "../../../db/queries/users.queries";
import type { TokenPurpose, UserRow } from "../../../db/schema";
import { AppError } from "../../../shared/errors";
import { emailOnlySchema, tokenSchema } from "../../../shared/schemas/account.schema";
import { parseInput } from "../../../shared/schemas/parse";
import type { ServiceContext } from "../../context";
import { consumeRateLimit } from "../security/rate-limit";
import { secretMatches, splitToken } from "../security/secrets";
import { sendVerificationEmail } from "./sign-up.service";

/** Loads a link token of a purpose, or throws a VALIDATION error that says the link is invalid or expired. */
export async function loadLinkToken(ctx: ServiceContext, token: string, purpose: TokenPurpose) {
  const parts = splitToken(token);
  const row = parts ? await findUserToken(ctx.db, parts.id, purpose) : undefined;
  if (!parts || !row || !secretMatches(parts.secret, row.secret_hash) || row.used_at) {
    throw new AppError("VALIDATION", "errors.link_invalid");
  }
  if (row.expires_at <= ctx.deps.now()) throw new AppError("VALIDATION", "errors.link_expired");
  return row;
}

/** Confirms an email address from the emailed link (a POST from the page the link opens). */
export async function verifyEmail(ctx: ServiceContext, raw: unknown): Promise<{ email: string }> {
  const { token } = parseInput(tokenSchema, raw);
  const row = await loadLinkToken(ctx, token, "verify_email");
  const now = ctx.deps.now();
  const adminEmail = ctx.deps.config.adminEmail;
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await markUserTokenUsed(trx, row.id, now))) throw new AppError("VALIDATION", "errors.link_invalid");
    const user = await findUserById(trx, row.user_id);
    if (!user || user.email !== row.email) throw new AppError("VALIDATION", "errors.link_invalid");
    const makeAdmin = adminEmail !== undefined && user.email === adminEmail;
    await updateUser(trx, user.id, {
      email_verified_at: user.email_verified_at ?? now,
      ...(makeAdmin ? { site_role: "admin", status: "active", approved_at: now } : {}),
    });
  });
  return { email: row.email };
}

/** Sends a new verification link; says nothing about whether the address has an account. */
export async function resendVerification(ctx: ServiceContext, raw: unknown): Promise<void> {
  const { email } = parseInput(emailOnlySchema, raw);
  const now = ctx.deps.now();
  await consumeRateLimit(ctx.db, "resetPerIp", ctx.ip, ctx.deps.rateLimits.resetPerIp, now);
  await consumeRateLimit(ctx.db, "verificationPerAccount", email, ctx.deps.rateLimits.verificationPerAccount, now);
  const user = await findUserByEmail(ctx.db, email);
  if (!user || user.email_verified_at) return;
  await ctx.db.transaction().execute(async (trx) => {
    await expireUserTokens(trx, user.id, "verify_email", now);
    await sendVerificationEmail(ctx.deps, trx, user as UserRow);
  });
  ctx.deps.mail.kick();
}
