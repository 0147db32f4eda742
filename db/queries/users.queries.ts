import type { Transaction } from "kysely";
import type { DB } from "../connection";
import type { Database, NewUser, UserRow, UserUpdate } from "../schema";

type Executor = DB | Transaction<Database>;

export function findUserById(db: Executor, id: number): Promise<UserRow | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", email.toLowerCase()).executeTakeFirst();
}

export function findUserByHandle(db: Executor, handle: string): Promise<UserRow | undefined> {
  return db.selectFrom("users").selectAll().where("handle", "=", handle.toLowerCase()).executeTakeFirst();
}

export async function isHandleTaken(db: Executor, handle: string, exceptUserId?: number): Promise<boolean> {
  let query = db.selectFrom("users").select("id").where("handle", "=", handle.toLowerCase());
  if (exceptUserId !== undefined) query = query.where("id", "!=", exceptUserId);
  return (await query.executeTakeFirst()) !== undefined;
}

export function insertUser(db: Executor, user: NewUser): Promise<UserRow> {
  return db.insertInto("users").values(user).returningAll().executeTakeFirstOrThrow();
}

export function updateUser(db: Executor, id: number, changes: UserUpdate): Promise<UserRow | undefined> {
  return db
    .updateTable("users")
    .set({ ...changes, updated_at: new Date() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow();
  return Number(row.count);
}

export interface MemberListFilter {
  query?: string;
  status?: "active" | "pending";
  role?: "member" | "moderator" | "admin";
  expertsAwaitingVerification?: boolean;
  /** Keyset cursor: the last id of the previous page (ids descend, newest first). */
  beforeId?: number;
  limit: number;
}

/** Members newest first, one keyset page at a time. */
export function listMembers(db: Executor, filter: MemberListFilter): Promise<UserRow[]> {
  let query = db.selectFrom("users").selectAll();
  if (filter.query) {
    const pattern = `%${filter.query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb("handle", "like", pattern),
        eb("email", "like", pattern),
        eb(eb.fn("lower", ["display_name"]), "like", pattern),
        eb(eb.fn("lower", ["organisation"]), "like", pattern),
      ]),
    );
  }
  if (filter.status) query = query.where("status", "=", filter.status);
  if (filter.role) query = query.where("site_role", "=", filter.role);
  if (filter.expertsAwaitingVerification) {
    query = query
      .where("community_role", "=", "expert")
      .where("expert_verified_at", "is", null)
      .where("partner_org", "is not", null);
  }
  if (filter.beforeId) query = query.where("id", "<", filter.beforeId);
  return query.orderBy("id", "desc").limit(filter.limit).execute();
}
