import { findInvitationByTokenId, insertUserToken } from "../../../db/queries/tokens.queries";
import { findUserByEmail, insertUser, isHandleTaken } from "../../../db/queries/users.queries";
import type { Transaction } from "kysely";
import type { Database, UserRow } from "../../../db/schema";
import { AppError } from "../../../shared/errors";
import type { Locale } from "../../../shared/i18n";
import { parseInput } from "../../../shared/schemas/parse";
import { type SignUpInput, signUpSchema } from "../../../shared/schemas/account.schema";
import type { Deps, ServiceContext } from "../../context";
import { renderEmail } from "../mail/templates";
import { consumeRateLimit } from "../security/rate-limit";
import { createSplitToken, secretMatches, splitToken } from "../security/secrets";
import { ensureUncommonPassword, hashPassword } from "../security/passwords";
import { appLink } from "./links";

const VERIFY_TTL_MS = 48 * 60 * 60 * 1000;

export interface SignUpResult {
  /** False when the invitation already proved the email, so the member may sign in at once. */
  verificationSent: boolean;
}

/**
 * Registers a member under the configured policy. An email that already has an account gets a
 * notice instead of an error, so the form does not reveal who is registered.
 */
export async function signUp(ctx: ServiceContext, raw: SignUpInput | Record<string, unknown>): Promise<SignUpResult> {
  const input = parseInput(signUpSchema, raw);
  const { config } = ctx.deps;
  await consumeRateLimit(ctx.db, "signUpPerIp", ctx.ip, ctx.deps.rateLimits.signUpPerIp, ctx.deps.now());

  const invitation = await checkInvitation(ctx, input.invitation, input.email);
  if (config.registrationPolicy === "invite-only" && !invitation && input.email !== config.adminEmail) {
    throw new AppError("FORBIDDEN", "errors.invitation_required");
  }
  await ensureUncommonPassword(input.password);
  if (await isHandleTaken(ctx.db, input.handle)) {
    throw new AppError("CONFLICT", "validation.failed", { fieldErrors: { handle: "validation.handle_taken" } });
  }
  const locale: Locale = input.locale ?? ctx.locale;
  const existing = await findUserByEmail(ctx.db, input.email);
  if (existing) {
    await ctx.db.transaction().execute((trx) =>
      ctx.deps.mail.enqueue(
        trx,
        existing.email,
        renderEmail("already_registered", existing.locale as Locale, {
          name: existing.display_name,
          link: appLink(config, "/forgot-password"),
        }),
      ),
    );
    ctx.deps.mail.kick();
    return { verificationSent: true };
  }

  const passwordHash = await hashPassword(input.password);
  const now = ctx.deps.now();
  const isConfiguredAdmin = config.adminEmail !== undefined && input.email === config.adminEmail;
  const needsApproval = config.registrationPolicy === "approval" && !isConfiguredAdmin;

  const result = await ctx.db.transaction().execute(async (trx) => {
    const user = await insertUser(trx, {
      email: input.email,
      password_hash: passwordHash,
      handle: input.handle,
      display_name: input.displayName,
      locale,
      status: needsApproval ? "pending" : "active",
      email_verified_at: invitation ? now : null,
      site_role: isConfiguredAdmin && invitation ? "admin" : "member",
    });
    if (invitation) {
      const claimed = await trx
        .updateTable("invitations")
        .set({ accepted_by: user.id, accepted_at: now })
        .where("id", "=", invitation.id)
        .where("accepted_at", "is", null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw new AppError("CONFLICT", "errors.invitation_invalid");
      return { verificationSent: false };
    }
    await sendVerificationEmail(ctx.deps, trx, user);
    return { verificationSent: true };
  });
  ctx.deps.mail.kick();
  return result;
}

async function checkInvitation(ctx: ServiceContext, token: string | undefined, email: string) {
  if (!token) return undefined;
  const parts = splitToken(token);
  const invitation = parts ? await findInvitationByTokenId(ctx.db, parts.id) : undefined;
  const now = ctx.deps.now();
  if (
    !parts ||
    !invitation ||
    !secretMatches(parts.secret, invitation.secret_hash) ||
    invitation.accepted_at ||
    invitation.revoked_at ||
    invitation.expires_at <= now
  ) {
    throw new AppError("VALIDATION", "errors.invitation_invalid");
  }
  // An invitation is for one address: it proves that address, and no other.
  if (invitation.email !== email) {
    throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { email: "validation.invitation_email" } });
  }
  return invitation;
}

/** Writes a fresh verification link to the outbox (in the caller's transaction). */
export async function sendVerificationEmail(
  deps: Pick<Deps, "config" | "mail" | "now">,
  trx: Transaction<Database>,
  user: Pick<UserRow, "id" | "email" | "display_name" | "locale">,
): Promise<void> {
  const { id, token, secretHash } = createSplitToken();
  await insertUserToken(trx, {
    id,
    secretHash,
    userId: user.id,
    purpose: "verify_email",
    email: user.email,
    expiresAt: new Date(deps.now().getTime() + VERIFY_TTL_MS),
  });
  await deps.mail.enqueue(
    trx,
    user.email,
    renderEmail("verify_email", user.locale as Locale, {
      name: user.display_name,
      link: appLink(deps.config, "/verify-email", { token }),
    }),
  );
}
