import { type Kysely, sql } from "kysely";

// Frozen in time: this migration speaks Kysely<any> and never imports the current schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("partner_organisations")
    .addColumn("code", "text", (col) => col.primaryKey())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("url", "text", (col) => col.notNull())
    .addColumn("description", "jsonb", (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("position", "integer", (col) => col.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("email", "text", (col) => col.notNull().unique())
    .addColumn("email_verified_at", "timestamptz")
    .addColumn("password_hash", "text", (col) => col.notNull())
    .addColumn("handle", "text", (col) => col.notNull().unique())
    .addColumn("display_name", "text", (col) => col.notNull())
    .addColumn("organisation", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("partner_org", "text", (col) => col.references("partner_organisations.code").onDelete("set null"))
    .addColumn("community_role", "text", (col) => col.notNull().defaultTo("other"))
    .addColumn("country", "text")
    .addColumn("region", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("languages", sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("bio", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("locale", "text", (col) => col.notNull().defaultTo("es"))
    .addColumn("site_role", "text", (col) => col.notNull().defaultTo("member"))
    .addColumn("status", "text", (col) => col.notNull().defaultTo("active"))
    .addColumn("approved_at", "timestamptz")
    .addColumn("approved_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("expert_verified_at", "timestamptz")
    .addColumn("expert_verified_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("users_site_role_check", sql`site_role in ('member', 'moderator', 'admin')`)
    .addCheckConstraint("users_status_check", sql`status in ('active', 'pending')`)
    .addCheckConstraint(
      "users_community_role_check",
      sql`community_role in ('national_official', 'local_official', 'expert', 'other')`,
    )
    .addCheckConstraint("users_locale_check", sql`locale in ('es', 'pt', 'en')`)
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("secret_hash", "bytea", (col) => col.notNull())
    .addColumn("user_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull())
    .addColumn("expires_at", "timestamptz", (col) => col.notNull())
    .addColumn("absolute_expires_at", "timestamptz", (col) => col.notNull())
    .addColumn("user_agent", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("ip", "text", (col) => col.notNull().defaultTo(""))
    .execute();
  await db.schema.createIndex("sessions_user_id_idx").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("user_tokens")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("secret_hash", "bytea", (col) => col.notNull())
    .addColumn("user_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("purpose", "text", (col) => col.notNull())
    .addColumn("email", "text", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (col) => col.notNull())
    .addColumn("used_at", "timestamptz")
    .addCheckConstraint("user_tokens_purpose_check", sql`purpose in ('verify_email', 'reset_password', 'change_email')`)
    .execute();
  await db.schema.createIndex("user_tokens_user_id_idx").on("user_tokens").columns(["user_id", "purpose"]).execute();

  await db.schema
    .createTable("invitations")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("email", "text", (col) => col.notNull())
    .addColumn("token_id", "text", (col) => col.notNull().unique())
    .addColumn("secret_hash", "bytea", (col) => col.notNull())
    .addColumn("invited_by", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("locale", "text", (col) => col.notNull().defaultTo("es"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (col) => col.notNull())
    .addColumn("accepted_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("accepted_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .execute();
  await db.schema.createIndex("invitations_email_idx").on("invitations").column("email").execute();

  await db.schema
    .createTable("rate_limit_hits")
    .addColumn("bucket", "text", (col) => col.notNull())
    .addColumn("window_start", "timestamptz", (col) => col.notNull())
    .addColumn("hits", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint("rate_limit_hits_pkey", ["bucket", "window_start"])
    .execute();
  await db.schema.createIndex("rate_limit_hits_window_idx").on("rate_limit_hits").column("window_start").execute();

  await db.schema
    .createTable("email_outbox")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("to_address", "text", (col) => col.notNull())
    .addColumn("subject", "text", (col) => col.notNull())
    .addColumn("text_body", "text", (col) => col.notNull())
    .addColumn("html_body", "text", (col) => col.notNull())
    .addColumn("headers", "jsonb", (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("attempts", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("sent_at", "timestamptz")
    .addColumn("failed_at", "timestamptz")
    .addColumn("last_error", "text")
    .execute();
  await sql`create index email_outbox_pending_idx on email_outbox (next_attempt_at) where sent_at is null and failed_at is null`.execute(
    db,
  );

  await db.schema
    .createTable("topics")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("slug", "text", (col) => col.notNull().unique())
    .addColumn("name", "jsonb", (col) => col.notNull())
    .addColumn("description", "jsonb", (col) => col.notNull())
    .addColumn("position", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("archived_at", "timestamptz")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "topics",
    "email_outbox",
    "rate_limit_hits",
    "invitations",
    "user_tokens",
    "sessions",
    "users",
    "partner_organisations",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
