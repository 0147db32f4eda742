import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import type { UserRow } from "../../db/schema";
import { threadVisibleTo } from "../../db/queries/visibility.queries";
import { loadSpaceFacts, threadFacts } from "../../server/domain/forum/access";
import { actorFromUser } from "../../server/domain/sessions/session.service";
import { createGuardian } from "../../shared/guardian";
import { createTopic, createUser } from "../factories";
import { createForumThread } from "../factories/forum";
import { createTestDatabase } from "../setup/test-database";
import { createTestDeps, type TestDeps } from "../setup/test-deps";

let handle: DatabaseHandle;
let deps: TestDeps;

beforeAll(async () => {
  handle = await createTestDatabase();
  deps = createTestDeps(handle);
});
afterAll(async () => {
  await handle?.close();
});

/**
 * The guardian (in memory) and its SQL twin must agree for every actor and every kind of thread:
 * roles x memberships x space visibility x deleted.
 */
describe("guardian and SQL visibility agree", () => {
  it("over a matrix of actors and threads", async () => {
    const author = await createUser(deps.db);
    const actors: Record<string, UserRow | null> = {
      anonymous: null,
      member: await createUser(deps.db),
      spaceMember: await createUser(deps.db),
      spaceModerator: await createUser(deps.db),
      removedMember: await createUser(deps.db),
      siteModerator: await createUser(deps.db, { site_role: "moderator" }),
      admin: await createUser(deps.db, { site_role: "admin" }),
    };
    const topic = await createTopic(deps.db);
    const threads: number[] = [];
    for (const visibility of ["public", "private"] as const) {
      for (const deleted of [false, true]) {
        const { threadId } = await createForumThread(deps, { author, topicId: topic.id });
        const space = await deps.db.insertInto("spaces").values({ kind: visibility === "public" ? "expert_group" : "working_group", visibility }).returning("id").executeTakeFirstOrThrow();
        await deps.db
          .insertInto("space_members")
          .values([
            { space_id: space.id, user_id: actors.spaceMember!.id, role: "member" },
            { space_id: space.id, user_id: actors.spaceModerator!.id, role: "moderator" },
          ])
          .execute();
        await deps.db.updateTable("threads").set({ space_id: space.id, deleted_at: deleted ? new Date() : null }).where("id", "=", threadId).execute();
        threads.push(threadId);
      }
    }
    let checked = 0;
    for (const [name, user] of Object.entries(actors)) {
      const actor = user ? actorFromUser(user) : null;
      const guardian = createGuardian(actor);
      const visibleInSql = new Set(
        (await deps.db.selectFrom("threads").select("id").where("id", "in", threads).where(threadVisibleTo(actor)).execute()).map((row) => row.id),
      );
      for (const threadId of threads) {
        const thread = await deps.db.selectFrom("threads").selectAll().where("id", "=", threadId).executeTakeFirstOrThrow();
        const space = await loadSpaceFacts(deps.db, thread.space_id, actor);
        expect(visibleInSql.has(threadId), `${name} / thread ${threadId}`).toBe(guardian.canViewThread(threadFacts(thread), space));
        checked++;
      }
    }
    expect(checked).toBe(28);
    // Spot checks that the matrix means what it says.
    const anonymous = createGuardian(null);
    expect(anonymous.canViewSpace({ kind: "working_group", visibility: "private", actorRole: null })).toBe(false);
  });
});
