// The members an event speaks to on its own (reminders, a cancellation): those registered (or waiting), each
// cleared by their own guardian, so a member who left the event's private group hears nothing more of it.
import type { DB } from "../../../db/connection";
import type { UserRow } from "../../../db/schema";
import { createGuardian, type SpaceFacts } from "../../../shared/guardian";
import { mayBeNotified } from "../notifications/recipients";
import { actorFromUser } from "../sessions/session.service";

export interface EventPlace {
  id: number;
  space_id: number;
  space_kind: SpaceFacts["kind"];
  space_visibility: SpaceFacts["visibility"];
}

/**
 * Members with a registration in `statuses` who may still be notified and may still see the event;
 * with `notRemindedOf`, only those who have not had that reminder yet.
 */
export async function registrantsWhoMaySee(
  db: DB,
  event: EventPlace,
  statuses: ("registered" | "waitlisted")[],
  now: Date,
  options: { notRemindedOf?: "day" | "hour" } = {},
): Promise<UserRow[]> {
  let query = db
    .selectFrom("event_registrations as r")
    .innerJoin("users", "users.id", "r.user_id")
    .leftJoin("space_members", (join) => join.onRef("space_members.user_id", "=", "users.id").on("space_members.space_id", "=", event.space_id))
    .selectAll("users")
    .select("space_members.role as space_role")
    .where("r.event_id", "=", event.id)
    .where("r.status", "in", statuses);
  const { notRemindedOf } = options;
  if (notRemindedOf) {
    query = query.where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("event_reminders as er").select("er.user_id").whereRef("er.event_id", "=", "r.event_id").whereRef("er.user_id", "=", "r.user_id").where("er.kind", "=", notRemindedOf))),
    );
  }
  const candidates = await query.execute();
  return candidates.filter((row) => {
    const user = row as unknown as UserRow;
    if (!mayBeNotified(user, now)) return false;
    const space: SpaceFacts = { kind: event.space_kind, visibility: event.space_visibility, actorRole: (row.space_role as SpaceFacts["actorRole"]) ?? null };
    return createGuardian(actorFromUser(user, now)).canViewEvent(space);
  }) as unknown as UserRow[];
}
