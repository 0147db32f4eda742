import { type Kysely, sql } from "kysely";

// The community's services: pairs of officials (each with a private pair space), events with
// registrations and reminders, the document bank (documents in a space, with versions), links between
// documents and threads or events, downloads for the figures, and outgoing webhooks with a delivery log.
export async function up(db: Kysely<any>): Promise<void> {
  // ---- Members: availability (expert directory) and time zone (event times) ----
  await db.schema
    .alterTable("users")
    .addColumn("availability", "text", (col) => col.notNull().defaultTo("available"))
    .addColumn("time_zone", "text")
    .execute();
  await sql`alter table users add constraint users_availability_check check (availability in ('available', 'busy', 'unavailable'))`.execute(db);

  // ---- Pairs ----
  await db.schema
    .createTable("pairs")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("space_id", "integer", (col) => col.notNull().unique().references("spaces.id"))
    .addColumn("national_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("local_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("country", "text")
    .addColumn("topic_id", "integer", (col) => col.references("topics.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("ended_at", "timestamptz")
    .addColumn("ended_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .execute();
  await sql`create unique index pairs_active_idx on pairs (national_id, local_id) where ended_at is null`.execute(db);
  await sql`create index pairs_local_idx on pairs (local_id) where ended_at is null`.execute(db);
  await sql`create index pairs_country_idx on pairs (country, created_at desc) where ended_at is null`.execute(db);

  await db.schema
    .createTable("pair_requests")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("from_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("to_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("message", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("topic_id", "integer", (col) => col.references("topics.id").onDelete("set null"))
    .addColumn("status", "text", (col) => col.notNull().defaultTo("pending"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("decided_at", "timestamptz")
    .addColumn("pair_id", "integer", (col) => col.references("pairs.id").onDelete("set null"))
    .addCheckConstraint("pair_requests_status_check", sql`status in ('pending', 'accepted', 'declined', 'cancelled')`)
    .execute();
  await sql`create unique index pair_requests_pending_idx on pair_requests (from_id, to_id) where status = 'pending'`.execute(db);
  await sql`create index pair_requests_to_idx on pair_requests (to_id, status)`.execute(db);

  // A pair's question shows both officials as its authors.
  await db.schema.alterTable("threads").addColumn("pair_id", "integer", (col) => col.references("pairs.id").onDelete("set null")).execute();

  // ---- Document bank ----
  await db.schema
    .createTable("documents")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("space_id", "integer", (col) => col.notNull().references("spaces.id"))
    .addColumn("topic_id", "integer", (col) => col.references("topics.id").onDelete("set null"))
    // In a public space: 'public' (anyone) or 'members' (signed-in members). In a private space the space decides.
    .addColumn("audience", "text", (col) => col.notNull().defaultTo("public"))
    .addColumn("title", "text", (col) => col.notNull())
    .addColumn("description", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("doc_type", "text", (col) => col.notNull())
    .addColumn("country", "text")
    .addColumn("city", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("language", "text", (col) => col.notNull())
    .addColumn("year", "integer")
    .addColumn("authors", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("licence", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("uploaded_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("current_version", "integer", (col) => col.notNull().defaultTo(1))
    .addColumn("download_count", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("search_vector", sql`tsvector`)
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("deleted_at", "timestamptz")
    .addCheckConstraint("documents_audience_check", sql`audience in ('public', 'members')`)
    .addCheckConstraint(
      "documents_type_check",
      sql`doc_type in ('nump', 'sump', 'guideline', 'case_study', 'financing_proposal', 'presentation', 'data', 'other')`,
    )
    .execute();
  await sql`create index documents_space_idx on documents (space_id, created_at desc, id desc) where deleted_at is null`.execute(db);
  await sql`create index documents_created_idx on documents (created_at desc, id desc) where deleted_at is null`.execute(db);
  await sql`create index documents_topic_idx on documents (topic_id, created_at desc, id desc) where deleted_at is null`.execute(db);
  await sql`create index documents_search_idx on documents using gin (search_vector)`.execute(db);

  await db.schema
    .createTable("document_versions")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("document_id", "integer", (col) => col.notNull().references("documents.id").onDelete("cascade"))
    .addColumn("number", "integer", (col) => col.notNull())
    .addColumn("storage_key", "text", (col) => col.notNull())
    .addColumn("file_name", "text", (col) => col.notNull())
    .addColumn("mime_type", "text", (col) => col.notNull())
    .addColumn("size_bytes", "bigint", (col) => col.notNull())
    .addColumn("sha256", "text", (col) => col.notNull())
    .addColumn("extracted_text", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("uploaded_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("document_versions_number_key", ["document_id", "number"])
    .execute();

  await db.schema
    .createTable("document_downloads")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("document_id", "integer", (col) => col.notNull().references("documents.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("downloaded_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index document_downloads_at_idx on document_downloads (downloaded_at)`.execute(db);

  // Where a document is discussed: posts that link it (found when the post is written).
  await db.schema
    .createTable("document_mentions")
    .addColumn("document_id", "integer", (col) => col.notNull().references("documents.id").onDelete("cascade"))
    .addColumn("post_id", "integer", (col) => col.notNull().references("posts.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("document_mentions_pkey", ["document_id", "post_id"])
    .execute();
  await db.schema.createIndex("document_mentions_post_idx").on("document_mentions").column("post_id").execute();

  // ---- Events ----
  await db.schema
    .createTable("events")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("space_id", "integer", (col) => col.notNull().references("spaces.id"))
    .addColumn("topic_id", "integer", (col) => col.notNull().references("topics.id"))
    .addColumn("group_id", "integer", (col) => col.references("groups.id").onDelete("set null"))
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("title", "text", (col) => col.notNull())
    .addColumn("description", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("description_html", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("languages", sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("starts_at", "timestamptz", (col) => col.notNull())
    .addColumn("ends_at", "timestamptz", (col) => col.notNull())
    .addColumn("time_zone", "text", (col) => col.notNull())
    .addColumn("online_url", "text")
    .addColumn("place", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("capacity", "integer")
    .addColumn("organiser_id", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("speakers", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("recording_url", "text")
    .addColumn("follow_up_thread_id", "integer", (col) => col.references("threads.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("cancelled_at", "timestamptz")
    .addCheckConstraint("events_kind_check", sql`kind in ('webinar', 'workshop', 'event')`)
    .addCheckConstraint("events_times_check", sql`ends_at > starts_at`)
    .execute();
  await sql`create index events_starts_idx on events (starts_at, id)`.execute(db);
  await sql`create index events_space_starts_idx on events (space_id, starts_at, id)`.execute(db);
  await sql`create index events_topic_starts_idx on events (topic_id, starts_at, id)`.execute(db);

  await db.schema
    .createTable("event_registrations")
    .addColumn("event_id", "integer", (col) => col.notNull().references("events.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("event_registrations_pkey", ["event_id", "user_id"])
    .addCheckConstraint("event_registrations_status_check", sql`status in ('registered', 'waitlisted', 'cancelled')`)
    .execute();
  await sql`create index event_registrations_user_idx on event_registrations (user_id, status)`.execute(db);
  await sql`create index event_registrations_waiting_idx on event_registrations (event_id, created_at) where status = 'waitlisted'`.execute(db);

  await db.schema
    .createTable("event_materials")
    .addColumn("event_id", "integer", (col) => col.notNull().references("events.id").onDelete("cascade"))
    .addColumn("document_id", "integer", (col) => col.notNull().references("documents.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("event_materials_pkey", ["event_id", "document_id"])
    .execute();

  // One reminder per member, event and kind, whichever instance sends it first.
  await db.schema
    .createTable("event_reminders")
    .addColumn("event_id", "integer", (col) => col.notNull().references("events.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("sent_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("event_reminders_pkey", ["event_id", "user_id", "kind"])
    .addCheckConstraint("event_reminders_kind_check", sql`kind in ('day', 'hour')`)
    .execute();

  await db.schema.alterTable("notifications").addColumn("event_id", "integer", (col) => col.references("events.id").onDelete("cascade")).execute();

  // ---- Outgoing webhooks ----
  await db.schema
    .createTable("webhooks")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("url", "text", (col) => col.notNull())
    .addColumn("description", "text", (col) => col.notNull().defaultTo(""))
    // The shared secret signs each delivery (HMAC-SHA256); it is shown to the admin once, at creation.
    .addColumn("secret", "text", (col) => col.notNull())
    .addColumn("events", sql`text[]`, (col) => col.notNull())
    .addColumn("active", "boolean", (col) => col.notNull().defaultTo(true))
    .addColumn("created_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable("webhook_deliveries")
    .addColumn("id", "integer", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("webhook_id", "integer", (col) => col.notNull().references("webhooks.id").onDelete("cascade"))
    .addColumn("event", "text", (col) => col.notNull())
    .addColumn("payload", "jsonb", (col) => col.notNull())
    .addColumn("attempts", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("delivered_at", "timestamptz")
    .addColumn("failed_at", "timestamptz")
    .addColumn("last_status", "integer")
    .addColumn("last_error", "text")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index webhook_deliveries_pending_idx on webhook_deliveries (next_attempt_at) where delivered_at is null and failed_at is null`.execute(db);
  await sql`create index webhook_deliveries_log_idx on webhook_deliveries (webhook_id, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["webhook_deliveries", "webhooks"]) await db.schema.dropTable(table).execute();
  await db.schema.alterTable("notifications").dropColumn("event_id").execute();
  for (const table of ["event_reminders", "event_materials", "event_registrations", "events", "document_mentions", "document_downloads", "document_versions", "documents"]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable("threads").dropColumn("pair_id").execute();
  for (const table of ["pair_requests", "pairs"]) await db.schema.dropTable(table).execute();
  await db.schema.alterTable("users").dropConstraint("users_availability_check").execute();
  await db.schema.alterTable("users").dropColumn("availability").dropColumn("time_zone").execute();
}
