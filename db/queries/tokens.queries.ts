import type { Transaction } from "kysely";
import type { DB } from "../connection";
import type { Database, TokenPurpose } from "../schema";

type Executor = DB | Transaction<Database>;

export async function insertUserToken(
  db: Executor,
  token: { id: string; secretHash: Uint8Array; userId: number; purpose: TokenPurpose; email: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto("user_tokens")
    .values({
      id: token.id,
      secret_hash: token.secretHash,
      user_id: token.userId,
      purpose: token.purpose,
      email: token.email,
      expires_at: token.expiresAt,
    })
    .execute();
}

export function findUserToken(db: Executor, id: string, purpose: TokenPurpose) {
  return db
    .selectFrom("user_tokens")
    .selectAll()
    .where("id", "=", id)
    .where("purpose", "=", purpose)
    .executeTakeFirst();
}

/** Marks a token used; answers false when another request used it first. */
export async function markUserTokenUsed(db: Executor, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable("user_tokens")
    .set({ used_at: at })
    .where("id", "=", id)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A newer link replaces older unused ones of the same purpose. */
export async function expireUserTokens(db: Executor, userId: number, purpose: TokenPurpose, at: Date): Promise<void> {
  await db
    .updateTable("user_tokens")
    .set({ used_at: at })
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .execute();
}

export function findInvitationByTokenId(db: Executor, tokenId: string) {
  return db.selectFrom("invitations").selectAll().where("token_id", "=", tokenId).executeTakeFirst();
}

export async function insertInvitation(
  db: Executor,
  invitation: { email: string; tokenId: string; secretHash: Uint8Array; invitedBy: number; locale: string; expiresAt: Date },
) {
  return db
    .insertInto("invitations")
    .values({
      email: invitation.email,
      token_id: invitation.tokenId,
      secret_hash: invitation.secretHash,
      invited_by: invitation.invitedBy,
      locale: invitation.locale,
      expires_at: invitation.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function listInvitations(db: Executor, limit: number) {
  return db
    .selectFrom("invitations")
    .innerJoin("users as inviter", "inviter.id", "invitations.invited_by")
    .select([
      "invitations.id",
      "invitations.email",
      "invitations.created_at",
      "invitations.expires_at",
      "invitations.accepted_at",
      "invitations.revoked_at",
      "inviter.handle as inviter_handle",
    ])
    .orderBy("invitations.id", "desc")
    .limit(limit)
    .execute();
}
