import type { Transaction } from "kysely";
import type { DB } from "../../../db/connection";
import type { Database, UserRow } from "../../../db/schema";
import { actorFromUser } from "../sessions/session.service";
import type { OfficialDto } from "./pairs.dto";

type Executor = DB | Transaction<Database>;
export type OfficialRole = "national_official" | "local_official";

export function officialRole(user: Pick<UserRow, "community_role">): OfficialRole | null {
  return user.community_role === "national_official" || user.community_role === "local_official" ? user.community_role : null;
}

/** A national official pairs with a local one, and the other way round. */
export function partnerRole(role: OfficialRole): OfficialRole {
  return role === "national_official" ? "local_official" : "national_official";
}

/** Accounts that may take part in a pair (or be suggested as a partner): active, verified, not suspended. */
export function mayTakePart(user: UserRow, now: Date): boolean {
  const actor = actorFromUser(user, now);
  return actor.status === "active" && actor.emailVerified && !actor.suspended;
}

/** Officials (or anyone) as pairs show them, in one query. */
export async function loadOfficials(db: Executor, ids: number[]): Promise<Map<number, OfficialDto>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom("users")
    .select(["id", "handle", "display_name", "partner_org", "expert_verified_at", "community_role", "organisation", "country", "region"])
    .where("id", "in", unique)
    .execute();
  return new Map(
    rows.map((row) => [
      row.id,
      {
        userId: row.id,
        handle: row.handle,
        displayName: row.display_name,
        verifiedOrganisation: row.community_role === "expert" && row.expert_verified_at ? row.partner_org : null,
        role: row.community_role === "local_official" ? "local_official" : "national_official",
        organisation: row.organisation,
        country: row.country,
        region: row.region,
      } satisfies OfficialDto,
    ]),
  );
}
