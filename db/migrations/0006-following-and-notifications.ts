import { type Kysely, sql } from "kysely";

// Following (spaces and threads at three levels), notifications, email preferences and deferred emails.
// Deferred outbox rows (notification batches, digests) are composed when they are sent, so the guardian
// is asked again at that moment; a partial unique index on group_key keeps one pending row per batch.
export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, target, targetTable] of [
    ["space_follows", "space_id", "spaces"],
    ["thread_follows", "thread_id", "threads"],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn("user_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
      .addColumn(target, "integer", (col) => col.notNull().references(`${targetTable}.id`).onDelete("cascade"))
      .addColumn("level", "text", (col) => col.notNull())
      // Why the row exists: chosen by the member, or a default (created, replied, expert).
      .addColumn("reason", "text", (col) => col.notNull().defaultTo("chosen"))
      .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint(`${table}_pkey`, ["user_id", target])
      .addCheckConstraint(`${table}_level_check`, sql`level in ('watching', 'tracking', 'muted')`)
      .execute();
    await sql`create index ${sql.raw(`${table}_target_idx`)} on ${sql.table(table)} (${sql.ref(target)}, level)`.execute(db);
  }

  await db.schema
    .createTable("notifications")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("user_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("actor_id", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("thread_id", "integer", (col) => col.references("threads.id").onDelete("cascade"))
    .addColumn("post_id", "integer", (col) => col.references("posts.id").onDelete("cascade"))
    .addColumn("group_id", "integer", (col) => col.references("groups.id").onDelete("cascade"))
    .addColumn("data", "jsonb", (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("read_at", "timestamptz")
    // none: not emailed (the member chose none, or the kind has its own email); pending: waiting for an
    // immediate batch; digest: waiting for the digest; sent; skipped (read first, or no longer visible).
    .addColumn("email_state", "text", (col) => col.notNull().defaultTo("none"))
    .addColumn("email_group", "text")
    .addCheckConstraint("notifications_email_state_check", sql`email_state in ('none', 'pending', 'digest', 'sent', 'skipped')`)
    .execute();
  await sql`create index notifications_user_idx on notifications (user_id, id desc)`.execute(db);
  await sql`create index notifications_unread_idx on notifications (user_id, thread_id) where read_at is null`.execute(db);
  await sql`create index notifications_email_idx on notifications (user_id, email_group) where email_state in ('pending', 'digest')`.execute(db);
  await sql`create unique index notifications_once_idx on notifications (user_id, kind, post_id) where post_id is not null and kind <> 'moderation'`.execute(db);

  await db.schema
    .alterTable("users")
    .addColumn("email_notifications", "text", (col) => col.notNull().defaultTo("immediate"))
    .addColumn("last_digest_at", "timestamptz")
    .execute();
  await sql`alter table users add constraint users_email_notifications_check check (email_notifications in ('immediate', 'daily', 'weekly', 'none'))`.execute(db);

  await db.schema
    .alterTable("email_outbox")
    .addColumn("kind", "text", (col) => col.notNull().defaultTo("message"))
    .addColumn("user_id", "integer", (col) => col.references("users.id").onDelete("cascade"))
    .addColumn("group_key", "text")
    .addColumn("skipped", "boolean", (col) => col.notNull().defaultTo(false))
    .execute();
  for (const column of ["subject", "text_body", "html_body"]) {
    await sql`alter table email_outbox alter column ${sql.ref(column)} drop not null`.execute(db);
  }
  await sql`create unique index email_outbox_group_pending_idx on email_outbox (group_key) where sent_at is null and failed_at is null`.execute(db);
  await sql`create index email_outbox_group_sent_idx on email_outbox (group_key, sent_at desc) where group_key is not null`.execute(db);

  // Secrets the instances share (the unsubscribe-link key), made once by whichever instance starts first.
  await db.schema
    .createTable("app_secrets")
    .addColumn("name", "text", (col) => col.primaryKey())
    .addColumn("value", "text", (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("app_secrets").execute();
  await sql`drop index email_outbox_group_pending_idx`.execute(db);
  await sql`drop index email_outbox_group_sent_idx`.execute(db);
  await sql`delete from email_outbox where kind <> 'message'`.execute(db);
  for (const column of ["subject", "text_body", "html_body"]) {
    await sql`alter table email_outbox alter column ${sql.ref(column)} set not null`.execute(db);
  }
  await db.schema.alterTable("email_outbox").dropColumn("kind").dropColumn("user_id").dropColumn("group_key").dropColumn("skipped").execute();
  await db.schema.alterTable("users").dropConstraint("users_email_notifications_check").execute();
  await db.schema.alterTable("users").dropColumn("email_notifications").dropColumn("last_digest_at").execute();
  for (const table of ["notifications", "thread_follows", "space_follows"]) await db.schema.dropTable(table).execute();
}
