import type { Transaction } from "kysely";
import type { DB } from "../connection";
import type { Database, SessionRow, UserRow } from "../schema";

type Executor = DB | Transaction<Database>;

export function insertSession(db: Executor, session: SessionRow): Promise<void> {
  return db
    .insertInto("sessions")
    .values(session)
    .execute()
    .then(() => undefined);
}

/** The session and its member in one query (every signed-in request asks this first). */
export async function findSessionWithUser(
  db: Executor,
  sessionId: string,
): Promise<{ session: SessionRow; user: UserRow } | undefined> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .selectAll("users")
    .select([
      "sessions.id as session_id",
      "sessions.secret_hash as session_secret_hash",
      "sessions.created_at as session_created_at",
      "sessions.expires_at as session_expires_at",
      "sessions.absolute_expires_at as session_absolute_expires_at",
      "sessions.user_agent as session_user_agent",
      "sessions.ip as session_ip",
    ])
    .where("sessions.id", "=", sessionId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { session_id, session_secret_hash, session_created_at, session_expires_at, session_absolute_expires_at, session_user_agent, session_ip, ...user } = row;
  const session: SessionRow = {
    id: session_id,
    secret_hash: session_secret_hash,
    user_id: user.id,
    created_at: session_created_at,
    expires_at: session_expires_at,
    absolute_expires_at: session_absolute_expires_at,
    user_agent: session_user_agent,
    ip: session_ip,
  };
  return { session, user };
}

export async function extendSession(db: Executor, sessionId: string, expiresAt: Date): Promise<void> {
  await db.updateTable("sessions").set({ expires_at: expiresAt }).where("id", "=", sessionId).execute();
}

export async function deleteSession(db: Executor, sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

export async function deleteUserSessions(db: Executor, userId: number, exceptSessionId?: string | null): Promise<void> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (exceptSessionId) query = query.where("id", "!=", exceptSessionId);
  await query.execute();
}

export function listUserSessions(db: Executor, userId: number, now: Date): Promise<SessionRow[]> {
  return db
    .selectFrom("sessions")
    .selectAll()
    .where("user_id", "=", userId)
    .where("expires_at", ">", now)
    .where("absolute_expires_at", ">", now)
    .orderBy("created_at", "desc")
    .execute();
}

export async function deleteExpiredSessions(db: Executor, now: Date): Promise<void> {
  await db
    .deleteFrom("sessions")
    .where((eb) => eb.or([eb("expires_at", "<=", now), eb("absolute_expires_at", "<=", now)]))
    .execute();
}
