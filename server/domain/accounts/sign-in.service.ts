import { findUserByEmail } from "../../../db/queries/users.queries";
import type { SessionRow } from "../../../db/schema";
import { AppError } from "../../../shared/errors";
import { signInSchema } from "../../../shared/schemas/account.schema";
import { parseInput } from "../../../shared/schemas/parse";
import type { ServiceContext } from "../../context";
import { consumeRateLimit } from "../security/rate-limit";
import { spendPasswordCheckTime, verifyPassword } from "../security/passwords";
import { createSession, invalidateSession, isSuspended } from "../sessions/session.service";

export interface SignInResult {
  token: string;
  session: SessionRow;
  locale: string;
}

/** Checks the password and opens a fresh session (never reusing a token the browser had before). */
export async function signIn(ctx: ServiceContext, raw: unknown): Promise<SignInResult> {
  const input = parseInput(signInSchema, raw);
  const now = ctx.deps.now();
  await consumeRateLimit(ctx.db, "signInPerIp", ctx.ip, ctx.deps.rateLimits.signInPerIp, now);
  await consumeRateLimit(ctx.db, "signInPerAccount", input.email, ctx.deps.rateLimits.signInPerAccount, now);

  const user = await findUserByEmail(ctx.db, input.email);
  if (!user) {
    await spendPasswordCheckTime(input.password);
    throw new AppError("UNAUTHENTICATED", "errors.wrong_credentials");
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    throw new AppError("UNAUTHENTICATED", "errors.wrong_credentials");
  }
  if (!user.email_verified_at) throw new AppError("FORBIDDEN", "errors.email_not_verified");
  // Told only after the password matched, so a suspension reveals nothing to someone guessing.
  if (isSuspended(user, now)) throw new AppError("FORBIDDEN", "errors.account_suspended");

  // A session the browser already carried is ended: sign-in always starts a new one.
  if (ctx.sessionId) {
    await invalidateSession(ctx.db, ctx.sessionId);
    ctx.deps.realtime.endSession(ctx.sessionId);
  }
  const { token, session } = await createSession(ctx.deps, ctx.db, user.id, { ip: ctx.ip, userAgent: ctx.userAgent });
  ctx.logger.info({ userId: user.id }, "signed in");
  return { token, session, locale: user.locale };
}

export async function signOut(ctx: ServiceContext): Promise<void> {
  if (!ctx.sessionId) return;
  await invalidateSession(ctx.db, ctx.sessionId);
  ctx.deps.realtime.endSession(ctx.sessionId);
}
