import { sql, type Kysely } from "kysely";

/**
 * The GIN index of search vectors stops buffering new entries in a pending list (`fastupdate`). Every
 * search scanned that whole list (up to `gin_pending_list_limit`, 4 MB: ~250 pages after the benchmark's
 * load) on top of the index, once per window of the search statement (decision 020), and the write that
 * finally flushed it paid for all the posts before it. A post now updates the index as it is written,
 * which at a forum's rate of posting costs a fraction of a millisecond.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter index posts_search_idx set (fastupdate = off)`.execute(db);
  // Moves what the pending list already holds into the index proper.
  await sql`select gin_clean_pending_list('posts_search_idx'::regclass)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter index posts_search_idx reset (fastupdate)`.execute(db);
}
