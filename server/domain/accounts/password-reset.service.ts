import { expireUserTokens, insertUserToken, markUserTokenUsed } from "../../../db/queries/tokens.queries";
import { deleteUserSessions } from "../../../db/queries/sessions.queries";
import { findUserByEmail, findUserById, updateUser } from "../../../db/queries/users.queries";
import { AppError } from "../../../shared/errors";
import type { Locale } from "../../../shared/i18n";
import { emailOnlySchema, resetPasswordSchema } from "../../../shared/schemas/account.schema";
import { parseInput } from "../../../shared/schemas/parse";
import type { ServiceContext } from "../../context";
import { renderEmail } from "../mail/templates";
import { consumeRateLimit } from "../security/rate-limit";
import { createSplitToken } from "../security/secrets";
import { ensureUncommonPassword, hashPassword } from "../security/passwords";
import { appLink } from "./links";
import { loadLinkToken } from "./verify-email.service";

const RESET_TTL_MS = 60 * 60 * 1000;

/** Emails a reset link when the address has an account; answers the same either way. */
export async function requestPasswordReset(ctx: ServiceContext, raw: unknown): Promise<void> {
  const { email } = parseInput(emailOnlySchema, raw);
  const now = ctx.deps.now();
  await consumeRateLimit(ctx.db, "resetPerIp", ctx.ip, ctx.deps.rateLimits.resetPerIp, now);
  await consumeRateLimit(ctx.db, "resetPerAccount", email, ctx.deps.rateLimits.resetPerAccount, now);
  const user = await findUserByEmail(ctx.db, email);
  if (!user) return;
  const { id, token, secretHash } = createSplitToken();
  await ctx.db.transaction().execute(async (trx) => {
    await expireUserTokens(trx, user.id, "reset_password", now);
    await insertUserToken(trx, {
      id,
      secretHash,
      userId: user.id,
      purpose: "reset_password",
      email: user.email,
      expiresAt: new Date(now.getTime() + RESET_TTL_MS),
    });
    await ctx.deps.mail.enqueue(
      trx,
      user.email,
      renderEmail("reset_password", user.locale as Locale, {
        name: user.display_name,
        link: appLink(ctx.deps.config, "/reset-password", { token }),
      }),
    );
  });
  ctx.deps.mail.kick();
}

/** Checks that a reset link is usable, for the page that shows the new-password form. */
export async function checkPasswordResetToken(ctx: ServiceContext, token: string): Promise<void> {
  await loadLinkToken(ctx, token, "reset_password");
}

/** Sets a new password from a reset link and ends every session of the account. */
export async function resetPassword(ctx: ServiceContext, raw: unknown): Promise<void> {
  const input = parseInput(resetPasswordSchema, raw);
  const row = await loadLinkToken(ctx, input.token, "reset_password");
  await ensureUncommonPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.deps.now();
  const user = await ctx.db.transaction().execute(async (trx) => {
    if (!(await markUserTokenUsed(trx, row.id, now))) throw new AppError("VALIDATION", "errors.link_invalid");
    const current = await findUserById(trx, row.user_id);
    if (!current || current.email !== row.email) throw new AppError("VALIDATION", "errors.link_invalid");
    // The link reached the inbox, so the address is proven too.
    const updated = await updateUser(trx, current.id, {
      password_hash: passwordHash,
      email_verified_at: current.email_verified_at ?? now,
    });
    await deleteUserSessions(trx, current.id);
    await ctx.deps.mail.enqueue(
      trx,
      current.email,
      renderEmail("password_changed", current.locale as Locale, { name: current.display_name }),
    );
    return updated!;
  });
  ctx.deps.realtime.endUserSockets(user.id);
  ctx.deps.mail.kick();
  ctx.logger.info({ userId: user.id }, "password reset; all sessions ended");
}
