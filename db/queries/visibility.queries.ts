// The guardian's SQL twin: the same "who may see this" rule inside queries, so lists, counts and
// search filter before paging. tests/integration/visibility-parity.test.ts holds it to shared/guardian.ts.
import { type ExpressionBuilder, sql, type SqlBool, type Expression } from "kysely";
import type { Actor } from "../../shared/guardian";
import type { Database } from "../schema";

type WithThreads = Database & { threads: Database["threads"] };

/**
 * Who the rule is for. The id may be a column instead of a number, so that one query can apply the rule
 * to many members at once (the unread counts of every recipient of a reply): `n.user_id` rather than 42.
 */
export type Viewer = Pick<Actor, "siteRole"> & { id: number | Expression<number> };

/** True for spaces the actor may see: public ones, ones they belong to, and all of them for admins. */
export function spaceVisibleTo(actor: Viewer | null, spaceIdColumn: Expression<number>): Expression<SqlBool> {
  if (actor?.siteRole === "admin") return sql<SqlBool>`true`;
  if (!actor) {
    return sql<SqlBool>`exists (select 1 from spaces s where s.id = ${spaceIdColumn} and s.visibility = 'public')`;
  }
  return sql<SqlBool>`exists (
    select 1 from spaces s
    where s.id = ${spaceIdColumn}
      and (s.visibility = 'public'
        or exists (select 1 from space_members m where m.space_id = s.id and m.user_id = ${actor.id}))
  )`;
}

/**
 * Threads the actor may open: in a visible space, and not deleted unless the actor moderates there
 * (site staff, or the space's owner or moderators).
 */
export function threadVisibleTo(actor: Viewer | null) {
  return (eb: ExpressionBuilder<WithThreads, "threads">): Expression<SqlBool> => {
    const inVisibleSpace = spaceVisibleTo(actor, eb.ref("threads.space_id"));
    if (actor?.siteRole === "admin" || actor?.siteRole === "moderator") return inVisibleSpace;
    const notDeleted = eb("threads.deleted_at", "is", null);
    if (!actor) return eb.and([inVisibleSpace, notDeleted]);
    const moderatesSpace = sql<SqlBool>`exists (
      select 1 from space_members m
      where m.space_id = threads.space_id and m.user_id = ${actor.id} and m.role in ('owner', 'moderator')
    )`;
    return eb.and([inVisibleSpace, eb.or([notDeleted, moderatesSpace])]);
  };
}

/** Documents the actor may see: in a visible space, members-only ones to signed-in actors, deleted ones to moderators. */
export function documentVisibleTo(actor: Actor | null) {
  return (eb: ExpressionBuilder<Database, "documents">): Expression<SqlBool> => {
    const inVisibleSpace = spaceVisibleTo(actor, eb.ref("documents.space_id"));
    const audience = actor ? sql<SqlBool>`true` : eb("documents.audience", "=", "public");
    if (actor?.siteRole === "admin" || actor?.siteRole === "moderator") return eb.and([inVisibleSpace, audience]);
    const notDeleted = eb("documents.deleted_at", "is", null);
    if (!actor) return eb.and([inVisibleSpace, audience, notDeleted]);
    const moderatesSpace = sql<SqlBool>`exists (
      select 1 from space_members m
      where m.space_id = documents.space_id and m.user_id = ${actor.id} and m.role in ('owner', 'moderator')
    )`;
    return eb.and([inVisibleSpace, eb.or([notDeleted, moderatesSpace])]);
  };
}

/** Events the actor may see: those in a visible space. */
export function eventVisibleTo(actor: Viewer | null) {
  return (eb: ExpressionBuilder<Database, "events">): Expression<SqlBool> => spaceVisibleTo(actor, eb.ref("events.space_id"));
}
