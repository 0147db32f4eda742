import {
  deleteSession,
  deleteUserSessions,
  extendSession,
  findSessionWithUser,
  insertSession,
} from "../../../db/queries/sessions.queries";
import type { DB } from "../../../db/connection";
import type { SessionRow, UserRow } from "../../../db/schema";
import type { Actor } from "../../../shared/guardian";
import type { Deps } from "../../context";
import { createSplitToken, secretMatches, splitToken } from "../security/secrets";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Lucia's sliding window: a session used with fewer than this many days left is extended. */
export const SESSION_REFRESH_WHEN_DAYS_LEFT = 15;

export interface ValidatedSession {
  session: SessionRow;
  user: UserRow;
  /** True when the expiry moved, so the cookie must be sent again. */
  refreshed: boolean;
}

export async function createSession(
  deps: Pick<Deps, "config" | "now">,
  db: DB | Parameters<typeof insertSession>[0],
  userId: number,
  meta: { ip: string; userAgent: string },
): Promise<{ token: string; session: SessionRow }> {
  const now = deps.now();
  const { id, token, secretHash } = createSplitToken();
  const session: SessionRow = {
    id,
    secret_hash: secretHash,
    user_id: userId,
    created_at: now,
    expires_at: new Date(now.getTime() + deps.config.session.days * DAY_MS),
    absolute_expires_at: new Date(now.getTime() + deps.config.session.maxDays * DAY_MS),
    user_agent: meta.userAgent.slice(0, 300),
    ip: meta.ip.slice(0, 64),
  };
  await insertSession(db, session);
  return { token, session };
}

/** Finds the session for a cookie token; expired or tampered tokens answer null (and expired rows go). */
export async function validateSessionToken(
  deps: Pick<Deps, "config" | "now" | "db">,
  token: string,
): Promise<ValidatedSession | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const found = await findSessionWithUser(deps.db, parts.id);
  if (!found) return null;
  const { session, user } = found;
  if (!secretMatches(parts.secret, session.secret_hash)) return null;
  const now = deps.now();
  // A suspended member's sessions end with the suspension; one that slipped through (a sign-in racing
  // the suspension) is ended here.
  if (session.expires_at <= now || session.absolute_expires_at <= now || isSuspended(user, now)) {
    await deleteSession(deps.db, session.id);
    return null;
  }
  let refreshed = false;
  if (session.expires_at.getTime() - now.getTime() < SESSION_REFRESH_WHEN_DAYS_LEFT * DAY_MS) {
    const extended = new Date(
      Math.min(now.getTime() + deps.config.session.days * DAY_MS, session.absolute_expires_at.getTime()),
    );
    if (extended > session.expires_at) {
      await extendSession(deps.db, session.id, extended);
      session.expires_at = extended;
      refreshed = true;
    }
  }
  return { session, user, refreshed };
}

export async function invalidateSession(db: DB, sessionId: string): Promise<void> {
  await deleteSession(db, sessionId);
}

export async function invalidateUserSessions(db: DB, userId: number, exceptSessionId?: string | null): Promise<void> {
  await deleteUserSessions(db, userId, exceptSessionId);
}

/** True while a moderator's suspension runs: the member cannot sign in. */
export function isSuspended(user: Pick<UserRow, "suspended_until">, now: Date): boolean {
  return user.suspended_until !== null && user.suspended_until > now;
}

/** True while a moderator's silence runs: the member can read, but not post. */
export function isSilenced(user: Pick<UserRow, "silenced_until">, now: Date): boolean {
  return user.silenced_until !== null && user.silenced_until > now;
}

export function actorFromUser(user: UserRow, now: Date = new Date()): Actor {
  return {
    id: user.id,
    handle: user.handle,
    siteRole: user.site_role,
    status: user.status,
    emailVerified: user.email_verified_at !== null,
    verifiedExpert: user.community_role === "expert" && user.expert_verified_at !== null,
    silenced: isSilenced(user, now),
    suspended: isSuspended(user, now),
  };
}
