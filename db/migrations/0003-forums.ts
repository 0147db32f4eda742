import { type Kysely, sql } from "kysely";

// Spaces carry privacy (see DOMAIN.md): every thread lives in one space, and "may this actor see
// this space?" is the one question visibility asks. Topics are public spaces; groups and pairs come later.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("spaces")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("visibility", "text", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("spaces_kind_check", sql`kind in ('topic', 'expert_group', 'working_group', 'pair')`)
    .addCheckConstraint("spaces_visibility_check", sql`visibility in ('public', 'private')`)
    .execute();

  await db.schema
    .createTable("space_members")
    .addColumn("space_id", "integer", (col) => col.notNull().references("spaces.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (col) => col.notNull().defaultTo("member"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("space_members_pkey", ["space_id", "user_id"])
    .addCheckConstraint("space_members_role_check", sql`role in ('owner', 'moderator', 'member', 'expert')`)
    .execute();
  await db.schema.createIndex("space_members_user_idx").on("space_members").columns(["user_id", "space_id"]).execute();

  // Existing topics become public spaces.
  await db.schema.alterTable("topics").addColumn("space_id", "integer", (col) => col.references("spaces.id")).execute();
  await sql`
    with created as (
      insert into spaces (kind, visibility)
      select 'topic', 'public' from topics order by id
      returning id
    ), numbered_spaces as (
      select id, row_number() over (order by id) as n from created
    ), numbered_topics as (
      select id, row_number() over (order by id) as n from topics
    )
    update topics set space_id = numbered_spaces.id
    from numbered_topics join numbered_spaces using (n)
    where topics.id = numbered_topics.id
  `.execute(db);
  await sql`alter table topics alter column space_id set not null`.execute(db);
  await sql`alter table topics add constraint topics_space_id_key unique (space_id)`.execute(db);

  await db.schema
    .createTable("tags")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("slug", "text", (col) => col.notNull().unique())
    .addColumn("name", "jsonb", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("archived_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("threads")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("space_id", "integer", (col) => col.notNull().references("spaces.id"))
    .addColumn("topic_id", "integer", (col) => col.notNull().references("topics.id"))
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("title", "text", (col) => col.notNull())
    .addColumn("language", "text", (col) => col.notNull())
    .addColumn("author_id", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("asker_country", "text")
    .addColumn("opening_post_id", "integer")
    .addColumn("solution_post_id", "integer")
    .addColumn("post_count", "integer", (col) => col.notNull().defaultTo(1))
    .addColumn("reply_count", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("last_position", "integer", (col) => col.notNull().defaultTo(1))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("last_activity_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("first_reply_at", "timestamptz")
    .addColumn("first_expert_reply_at", "timestamptz")
    .addColumn("solved_at", "timestamptz")
    .addColumn("locked_at", "timestamptz")
    .addColumn("pinned_at", "timestamptz")
    .addColumn("deleted_at", "timestamptz")
    .addCheckConstraint("threads_kind_check", sql`kind in ('question', 'discussion')`)
    .addCheckConstraint("threads_language_check", sql`language in ('es', 'pt', 'en')`)
    .execute();
  // Keyset orders: each list reads its first page from one of these without a sort.
  await sql`create index threads_activity_idx on threads (last_activity_at desc, id desc) where deleted_at is null`.execute(db);
  await sql`create index threads_created_idx on threads (created_at desc, id desc) where deleted_at is null`.execute(db);
  await sql`create index threads_space_activity_idx on threads (space_id, last_activity_at desc, id desc) where deleted_at is null`.execute(db);
  await sql`create index threads_space_created_idx on threads (space_id, created_at desc, id desc) where deleted_at is null`.execute(db);
  await sql`create index threads_topic_activity_idx on threads (topic_id, last_activity_at desc, id desc) where deleted_at is null`.execute(db);
  await sql`create index threads_topic_created_idx on threads (topic_id, created_at desc, id desc) where deleted_at is null`.execute(db);
  await sql`create index threads_author_idx on threads (author_id, created_at desc, id desc)`.execute(db);

  await db.schema
    .createTable("thread_tags")
    .addColumn("thread_id", "integer", (col) => col.notNull().references("threads.id").onDelete("cascade"))
    .addColumn("tag_id", "integer", (col) => col.notNull().references("tags.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("thread_tags_pkey", ["thread_id", "tag_id"])
    .execute();
  await db.schema.createIndex("thread_tags_tag_idx").on("thread_tags").columns(["tag_id", "thread_id"]).execute();

  await db.schema
    .createTable("posts")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("thread_id", "integer", (col) => col.notNull().references("threads.id").onDelete("cascade"))
    .addColumn("position", "integer", (col) => col.notNull())
    // The post this one answers (null: the opening post, or a reply to the thread itself).
    .addColumn("parent_id", "integer", (col) => col.references("posts.id"))
    // The top-level post this one descends from (itself for top-level posts), for paging by top-level posts.
    .addColumn("root_id", "integer")
    .addColumn("depth", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("author_id", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("language", "text", (col) => col.notNull())
    .addColumn("source", "text", (col) => col.notNull())
    .addColumn("html", "text", (col) => col.notNull())
    .addColumn("plain_text", "text", (col) => col.notNull())
    .addColumn("search_vector", sql`tsvector`, (col) => col.notNull())
    .addColumn("helpful_count", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("revision_count", "integer", (col) => col.notNull().defaultTo(1))
    .addColumn("author_was_expert", "boolean", (col) => col.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("edited_at", "timestamptz")
    .addColumn("deleted_at", "timestamptz")
    .addColumn("deleted_by_role", "text")
    .addCheckConstraint("posts_deleted_by_role_check", sql`deleted_by_role is null or deleted_by_role in ('author', 'moderator')`)
    .execute();
  await sql`create unique index posts_thread_position_idx on posts (thread_id, position)`.execute(db);
  await sql`create index posts_root_position_idx on posts (root_id, position)`.execute(db);
  await sql`create index posts_top_level_idx on posts (thread_id, position) where depth = 0`.execute(db);
  await sql`create index posts_author_idx on posts (author_id, created_at desc, id desc)`.execute(db);
  await sql`create index posts_search_idx on posts using gin (search_vector)`.execute(db);
  await sql`alter table threads add constraint threads_opening_post_fk foreign key (opening_post_id) references posts (id) deferrable initially deferred`.execute(db);
  await sql`alter table threads add constraint threads_solution_post_fk foreign key (solution_post_id) references posts (id) on delete set null`.execute(db);

  await db.schema
    .createTable("post_revisions")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("post_id", "integer", (col) => col.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("number", "integer", (col) => col.notNull())
    .addColumn("title", "text")
    .addColumn("source", "text", (col) => col.notNull())
    .addColumn("editor_id", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("post_revisions_post_number_key", ["post_id", "number"])
    .execute();

  await db.schema
    .createTable("post_votes")
    .addColumn("post_id", "integer", (col) => col.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("post_votes_pkey", ["post_id", "user_id"])
    .execute();

  await db.schema
    .createTable("thread_reads")
    .addColumn("user_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("thread_id", "integer", (col) => col.notNull().references("threads.id").onDelete("cascade"))
    .addColumn("last_read_position", "integer", (col) => col.notNull())
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("thread_reads_pkey", ["user_id", "thread_id"])
    .execute();

  await db.schema
    .createTable("drafts")
    .addColumn("user_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("key", "text", (col) => col.notNull())
    .addColumn("payload", "jsonb", (col) => col.notNull())
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("drafts_pkey", ["user_id", "key"])
    .execute();

  await db.schema
    .createTable("personal_access_tokens")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("secret_hash", "bytea", (col) => col.notNull())
    .addColumn("user_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("last_used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .execute();
  await db.schema.createIndex("personal_access_tokens_user_idx").on("personal_access_tokens").column("user_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["personal_access_tokens", "drafts", "thread_reads", "post_votes", "post_revisions"]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`alter table threads drop constraint threads_opening_post_fk, drop constraint threads_solution_post_fk`.execute(db);
  for (const table of ["posts", "thread_tags", "threads", "tags"]) await db.schema.dropTable(table).execute();
  await db.schema.alterTable("topics").dropColumn("space_id").execute();
  for (const table of ["space_members", "spaces"]) await db.schema.dropTable(table).execute();
}
