import type { Transaction } from "kysely";
import type { DB } from "../../../db/connection";
import type { Database } from "../../../db/schema";
import type { ListPlace } from "../../../shared/realtime/events";

/**
 * The list rooms a thread's activity goes to: its topic's and its group's (or the expert group it is
 * addressed to). A thread in a private group never reaches the topic room, whose audience is everyone
 * signed in; its members see it live on the group's page.
 */
export async function listPlaceOf(
  db: DB | Transaction<Database>,
  thread: { space_id: number; topic_id: number; addressed_group_id: number | null },
): Promise<ListPlace> {
  const row = await db
    .selectFrom("spaces")
    .leftJoin("groups", "groups.space_id", "spaces.id")
    .select(["spaces.visibility", "groups.id as group_id"])
    .where("spaces.id", "=", thread.space_id)
    .executeTakeFirstOrThrow();
  if (row.visibility === "private") return { groupId: row.group_id ?? undefined };
  return { topicId: thread.topic_id, groupId: row.group_id ?? thread.addressed_group_id ?? undefined };
}
