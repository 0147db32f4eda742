import { sql, type Kysely } from "kysely";

/**
 * Mail that left before the outbox began clearing what it sends (server/domain/mail/mail-queue.ts,
 * redacted()) still holds its bodies and headers: reset, verification and unsubscribe links. Clear them
 * the same way, keeping the envelope (recipient, subject, kind, timestamps) and the Message-ID.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update email_outbox
    set text_body = null,
        html_body = null,
        headers = case when headers ? 'Message-ID' then jsonb_build_object('Message-ID', headers->'Message-ID') else '{}'::jsonb end
    where (sent_at is not null or failed_at is not null)
      and (text_body is not null or html_body is not null or headers - 'Message-ID' <> '{}'::jsonb)
  `.execute(db);
}

export async function down(): Promise<void> {
  // What was cleared cannot come back, and nothing depends on it.
}
