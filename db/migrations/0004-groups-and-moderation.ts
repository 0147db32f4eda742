import { type Kysely, sql } from "kysely";

// Groups (expert groups, public; working groups, private) are spaces with a topic, a join policy and
// members in space_members. Moderation adds flags, hidden posts, suspensions and an append-only audit log.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("groups")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("space_id", "integer", (col) => col.notNull().unique().references("spaces.id"))
    .addColumn("topic_id", "integer", (col) => col.notNull().references("topics.id"))
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("slug", "text", (col) => col.notNull().unique())
    .addColumn("name", "jsonb", (col) => col.notNull())
    .addColumn("description", "jsonb", (col) => col.notNull())
    .addColumn("join_policy", "text", (col) => col.notNull())
    .addColumn("owner_id", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("archived_at", "timestamptz")
    .addCheckConstraint("groups_kind_check", sql`kind in ('expert_group', 'working_group')`)
    .addCheckConstraint("groups_join_policy_check", sql`join_policy in ('invite', 'request', 'open')`)
    .execute();
  await db.schema.createIndex("groups_topic_idx").on("groups").column("topic_id").execute();

  await db.schema
    .createTable("group_invitations")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("group_id", "integer", (col) => col.notNull().references("groups.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (col) => col.references("users.id").onDelete("cascade"))
    .addColumn("email", "text")
    .addColumn("invited_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("status", "text", (col) => col.notNull().defaultTo("pending"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("responded_at", "timestamptz")
    .addCheckConstraint("group_invitations_status_check", sql`status in ('pending', 'accepted', 'declined', 'revoked')`)
    .addCheckConstraint("group_invitations_target_check", sql`user_id is not null or email is not null`)
    .execute();
  await db.schema.createIndex("group_invitations_user_idx").on("group_invitations").columns(["user_id", "status"]).execute();
  await db.schema.createIndex("group_invitations_email_idx").on("group_invitations").columns(["email", "status"]).execute();

  await db.schema
    .createTable("group_join_requests")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("group_id", "integer", (col) => col.notNull().references("groups.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("message", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("status", "text", (col) => col.notNull().defaultTo("pending"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("decided_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("decided_at", "timestamptz")
    .addCheckConstraint("group_join_requests_status_check", sql`status in ('pending', 'approved', 'declined', 'withdrawn')`)
    .execute();
  await sql`create unique index group_join_requests_pending_idx on group_join_requests (group_id, user_id) where status = 'pending'`.execute(db);

  await db.schema
    .createTable("group_bans")
    .addColumn("group_id", "integer", (col) => col.notNull().references("groups.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("banned_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("reason", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("group_bans_pkey", ["group_id", "user_id"])
    .execute();

  // A question can be addressed to an expert group; it waits in the group's queue until an expert answers.
  await db.schema
    .alterTable("threads")
    .addColumn("addressed_group_id", "integer", (col) => col.references("groups.id").onDelete("set null"))
    .addColumn("closed_at", "timestamptz")
    .execute();
  await sql`create index threads_addressed_group_idx on threads (addressed_group_id, created_at desc, id desc) where addressed_group_id is not null`.execute(db);

  await db.schema
    .alterTable("posts")
    .addColumn("hidden_at", "timestamptz")
    .addColumn("hidden_reason", "text")
    .execute();

  await db.schema
    .alterTable("users")
    .addColumn("suspended_until", "timestamptz")
    .addColumn("silenced_until", "timestamptz")
    .addColumn("moderation_reason", "text")
    .execute();

  await db.schema
    .createTable("flags")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("post_id", "integer", (col) => col.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("space_id", "integer", (col) => col.notNull().references("spaces.id"))
    .addColumn("flagger_id", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("reason", "text", (col) => col.notNull())
    .addColumn("note", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("status", "text", (col) => col.notNull().defaultTo("open"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("resolved_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("resolved_at", "timestamptz")
    .addColumn("resolution", "text")
    .addCheckConstraint("flags_reason_check", sql`reason in ('spam', 'off_topic', 'inappropriate', 'other')`)
    .addCheckConstraint("flags_status_check", sql`status in ('open', 'actioned', 'dismissed')`)
    .execute();
  await sql`create index flags_open_idx on flags (space_id, created_at) where status = 'open'`.execute(db);
  await sql`create unique index flags_one_open_per_flagger_idx on flags (post_id, flagger_id) where status = 'open'`.execute(db);

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("actor_id", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("action", "text", (col) => col.notNull())
    .addColumn("target_type", "text", (col) => col.notNull())
    .addColumn("target_id", "integer")
    .addColumn("space_id", "integer")
    .addColumn("reason", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("details", "jsonb", (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index audit_log_created_idx on audit_log (created_at desc, id desc)`.execute(db);
  // Nobody edits history: the database itself refuses updates and deletes of audit rows.
  await sql`
    create function audit_log_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only';
    end;
    $$`.execute(db);
  await sql`create trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_log_is_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists audit_log_append_only on audit_log`.execute(db);
  await sql`drop function if exists audit_log_is_append_only()`.execute(db);
  for (const table of ["audit_log", "flags"]) await db.schema.dropTable(table).execute();
  await db.schema.alterTable("users").dropColumn("suspended_until").dropColumn("silenced_until").dropColumn("moderation_reason").execute();
  await db.schema.alterTable("posts").dropColumn("hidden_at").dropColumn("hidden_reason").execute();
  await db.schema.alterTable("threads").dropColumn("addressed_group_id").dropColumn("closed_at").execute();
  for (const table of ["group_bans", "group_join_requests", "group_invitations", "groups"]) await db.schema.dropTable(table).execute();
}
