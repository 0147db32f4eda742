import type { DB } from "../../../db/connection";
import type { AuthorDto } from "./forum.dto";

/** Authors of a page, in one query. */
export async function loadAuthors(db: DB, ids: (number | null)[]): Promise<Map<number, AuthorDto>> {
  const unique = [...new Set(ids.filter((id): id is number => id !== null))];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom("users")
    .select(["id", "handle", "display_name", "partner_org", "expert_verified_at", "community_role"])
    .where("id", "in", unique)
    .execute();
  return new Map(rows.map((row) => [row.id, authorOf(row)]));
}

/** The columns of `users` an author card shows (queries that join users select these). */
export const AUTHOR_COLUMNS = ["handle", "display_name", "partner_org", "expert_verified_at", "community_role"] as const;

export interface AuthorRow {
  handle: string;
  display_name: string;
  partner_org: string | null;
  expert_verified_at: Date | null;
  community_role: string;
}

/** An author card from its user row: the organisation shows only for a verified expert. */
export function authorOf(row: AuthorRow): AuthorDto {
  return {
    handle: row.handle,
    displayName: row.display_name,
    verifiedOrganisation: row.community_role === "expert" && row.expert_verified_at ? row.partner_org : null,
  };
}
