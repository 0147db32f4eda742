import { sql, type Transaction } from "kysely";
import type { DB } from "../../../db/connection";
import type { Database, EmailNotifications, UserRow } from "../../../db/schema";
import { createGuardian, type SpaceFacts } from "../../../shared/guardian";
import { threadFacts } from "../forum/access";
import { actorFromUser } from "../sessions/session.service";

type Executor = Transaction<Database> | DB;

export interface Recipient {
  id: number;
  email: string;
  locale: string;
  emailNotifications: EmailNotifications;
}

export interface ThreadForAudience {
  id: number;
  space_id: number;
  kind: "question" | "discussion";
  author_id: number | null;
  locked_at: Date | null;
  deleted_at: Date | null;
}

/**
 * Asks the guardian, once per candidate, whether they may see the thread: each candidate's own actor
 * (role, suspension) and their membership in the thread's space come from one query for all of them.
 */
export async function recipientsWhoMaySee(
  db: Executor,
  thread: ThreadForAudience,
  candidateIds: Iterable<number>,
  now: Date,
): Promise<Map<number, Recipient>> {
  const ids = [...new Set(candidateIds)];
  const allowed = new Map<number, Recipient>();
  if (ids.length === 0) return allowed;
  const space = await db.selectFrom("spaces").select(["kind", "visibility"]).where("id", "=", thread.space_id).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom("users")
    .leftJoin("space_members", (join) => join.onRef("space_members.user_id", "=", "users.id").on("space_members.space_id", "=", thread.space_id))
    .selectAll("users")
    .select("space_members.role as space_role")
    .where("users.id", "in", ids)
    .execute();
  for (const row of rows) {
    if (!mayBeNotified(row, now)) continue;
    const facts: SpaceFacts = { kind: space.kind as SpaceFacts["kind"], visibility: space.visibility as SpaceFacts["visibility"], actorRole: row.space_role as SpaceFacts["actorRole"] };
    if (!createGuardian(actorFromUser(row, now)).canViewThread(threadFacts(thread), facts)) continue;
    allowed.set(row.id, toRecipient(row));
  }
  return allowed;
}

/** Accounts that can read anything at all: active, verified, not suspended. */
export function mayBeNotified(user: UserRow, now: Date): boolean {
  const actor = actorFromUser(user, now);
  return actor.status === "active" && actor.emailVerified && !actor.suspended;
}

export function toRecipient(user: Pick<UserRow, "id" | "email" | "locale" | "email_notifications">): Recipient {
  return { id: user.id, email: user.email, locale: user.locale, emailNotifications: user.email_notifications };
}

/** Members whose follow level mutes this thread: muted on the thread, or on its space without a thread level. */
export async function mutedFor(db: Executor, threadId: number, spaceId: number, userIds: number[]): Promise<Set<number>> {
  if (userIds.length === 0) return new Set();
  const rows = await sql<{ user_id: number }>`
    select u.id as user_id
    from unnest(${sql.val(userIds)}::int[]) as u(id)
    left join thread_follows tf on tf.user_id = u.id and tf.thread_id = ${threadId}
    left join space_follows sf on sf.user_id = u.id and sf.space_id = ${spaceId}
    where tf.level = 'muted' or (tf.level is null and sf.level = 'muted')
  `.execute(db);
  return new Set(rows.rows.map((row) => row.user_id));
}

/** Members who can be told about something outside any thread (group invitations, decisions), by id. */
export async function recipientsByIds(db: Executor, userIds: number[], now: Date): Promise<Recipient[]> {
  if (userIds.length === 0) return [];
  const rows = await db.selectFrom("users").selectAll().where("id", "in", [...new Set(userIds)]).execute();
  return rows.filter((row) => mayBeNotified(row, now)).map(toRecipient);
}
