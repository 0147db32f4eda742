import { sql, type Kysely } from "kysely";

/**
 * Indexes the EXPLAIN checks asked for (tests/integration/explain.test.ts):
 * - pinned threads at the top of a list (`pinned_at is not null order by pinned_at desc`), per topic, per
 *   space and site-wide: tiny partial indexes, so the pinned query never scans the topic's threads.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index threads_topic_pinned_idx on threads (topic_id, pinned_at desc) where pinned_at is not null and deleted_at is null`.execute(db);
  await sql`create index threads_space_pinned_idx on threads (space_id, pinned_at desc) where pinned_at is not null and deleted_at is null`.execute(db);
  await sql`create index threads_pinned_idx on threads (pinned_at desc) where pinned_at is not null and deleted_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists threads_pinned_idx`.execute(db);
  await sql`drop index if exists threads_space_pinned_idx`.execute(db);
  await sql`drop index if exists threads_topic_pinned_idx`.execute(db);
}
