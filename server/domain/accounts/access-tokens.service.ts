import { z } from "zod";
import type { DB } from "../../../db/connection";
import type { UserRow } from "../../../db/schema";
import { AppError } from "../../../shared/errors";
import { parseInput } from "../../../shared/schemas/parse";
import type { ServiceContext } from "../../context";
import { createSplitToken, secretMatches, splitToken } from "../security/secrets";
import { isSuspended } from "../sessions/session.service";

const TOKEN_PREFIX = "enl_";
const MAX_TOKENS = 20;

export interface AccessTokenDto {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Creates a personal access token for the API; the token itself is shown once and never stored. */
export async function createAccessToken(ctx: ServiceContext, raw: unknown): Promise<{ token: string; id: string }> {
  const actor = ctx.guardian.ensureSignedIn();
  const { name } = parseInput(
    z.object({ name: z.string({ error: "validation.name_required" }).trim().min(1, { error: "validation.name_required" }).max(60, { error: "validation.too_long" }) }),
    raw,
  );
  const active = await ctx.db
    .selectFrom("personal_access_tokens")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("user_id", "=", actor.id)
    .where("revoked_at", "is", null)
    .executeTakeFirstOrThrow();
  if (Number(active.count) >= MAX_TOKENS) throw new AppError("CONFLICT", "errors.too_many_tokens");
  const { id, token, secretHash } = createSplitToken();
  await ctx.db.insertInto("personal_access_tokens").values({ id, secret_hash: secretHash, user_id: actor.id, name }).execute();
  return { token: `${TOKEN_PREFIX}${token}`, id };
}

export async function listAccessTokens(ctx: ServiceContext): Promise<AccessTokenDto[]> {
  const actor = ctx.guardian.ensureSignedIn();
  const rows = await ctx.db
    .selectFrom("personal_access_tokens")
    .select(["id", "name", "created_at", "last_used_at"])
    .where("user_id", "=", actor.id)
    .where("revoked_at", "is", null)
    .orderBy("created_at", "desc")
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at.toISOString(), lastUsedAt: row.last_used_at?.toISOString() ?? null }));
}

export async function revokeAccessToken(ctx: ServiceContext, raw: unknown): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const { tokenId } = parseInput(z.object({ tokenId: z.string().min(1).max(64) }), raw);
  const result = await ctx.db
    .updateTable("personal_access_tokens")
    .set({ revoked_at: ctx.deps.now() })
    .where("id", "=", tokenId)
    .where("user_id", "=", actor.id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  ctx.guardian.ensure(Number(result.numUpdatedRows) === 1);
}

/** The member a bearer token belongs to, or null for an unknown, revoked or malformed token. */
export async function authenticateAccessToken(db: DB, bearer: string, now: Date): Promise<UserRow | null> {
  if (!bearer.startsWith(TOKEN_PREFIX)) return null;
  const parts = splitToken(bearer.slice(TOKEN_PREFIX.length));
  if (!parts) return null;
  const row = await db.selectFrom("personal_access_tokens").selectAll().where("id", "=", parts.id).executeTakeFirst();
  if (!row || row.revoked_at || !secretMatches(parts.secret, row.secret_hash)) return null;
  const user = await db.selectFrom("users").selectAll().where("id", "=", row.user_id).executeTakeFirst();
  // A suspended member's tokens stop working with their sessions.
  if (!user || isSuspended(user, now)) return null;
  // Last use is kept to the minute, so a busy client does not write on every call.
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable("personal_access_tokens").set({ last_used_at: now }).where("id", "=", row.id).execute();
  }
  return user;
}
