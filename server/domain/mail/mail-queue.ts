import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { sql, type Transaction } from "kysely";
import type { DB } from "../../../db/connection";
import type { Database } from "../../../db/schema";
import type { Logger } from "../../logger";
import type { RenderedEmail } from "./templates";

export interface MailQueue {
  /** Writes the email to the outbox inside the caller's transaction; it leaves only if that commits. */
  enqueue(trx: Transaction<Database> | DB, to: string, email: RenderedEmail): Promise<void>;
  /**
   * Writes a deferred row (composed at send time) unless one for the same group is already waiting. It is
   * due after delayMs, and no sooner than spacingMs after the group's last email.
   */
  enqueueDeferred(
    trx: Transaction<Database> | DB,
    input: { kind: "notifications" | "digest"; userId: number; to: string; groupKey: string; delayMs: number; spacingMs: number },
  ): Promise<void>;
  /** Asks the worker to look at the outbox now (call after commit). */
  kick(): void;
  /** Sends everything due, then resolves with how many were sent. Tests and shutdown use it. */
  drain(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/** An outbox row to be composed at send time (notification batches, digests). */
export interface DeferredRow {
  id: number;
  kind: "notifications" | "digest";
  user_id: number;
  group_key: string;
  to_address: string;
}

/**
 * What a composer decides for a deferred row: an email to send, or nothing (everything in it was read or is
 * no longer visible). `settle` runs in the transaction that marks the row sent or skipped.
 */
export interface ComposedMail {
  mail: { to: string; email: RenderedEmail } | null;
  settle(trx: Transaction<Database>): Promise<void>;
}

export type MailComposer = (row: DeferredRow) => Promise<ComposedMail>;

/** A message the transport accepted, as it left (the outbox keeps only its envelope). */
export interface DeliveredEmail {
  outboxId: number;
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface MailQueueOptions {
  db: DB;
  logger: Logger;
  from: string;
  smtpUrl?: string;
  outboxDir: string;
  now?: () => Date;
  pollIntervalMs?: number;
  /** Composes deferred rows; without it they wait. */
  compose?: MailComposer;
  /** The host part of Message-IDs, so a receiver can recognise a repeated send. */
  messageIdHost?: string;
  /** Told of every message the transport accepted (tests keep a copy: the outbox forgets bodies once sent). */
  onDelivered?: (email: DeliveredEmail) => void;
}

const MAX_ATTEMPTS = 8;
const LEASE_MS = 5 * 60 * 1000;

/**
 * A subject on one line: titles and names may hold line breaks (and other controls), which have no place in a
 * header. The transport would fold or encode them; they are turned into spaces before it sees them.
 */
export function oneLineSubject(subject: string): string {
  return subject.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, " ").trim();
}

/**
 * What stays of a row once it has been sent or given up on: recipient, subject, kind and timestamps stay, so
 * the delivery log still answers "was it sent, when, which Message-ID"; the bodies and headers go, because
 * they carry secrets (password-reset, verification and invitation links, signed unsubscribe links) that a
 * database dump or backup must not hold once the message has left.
 */
function redacted(messageId: string | null) {
  return { text_body: null, html_body: null, headers: JSON.stringify(messageId ? { "Message-ID": messageId } : {}) };
}

export function createMailQueue(options: MailQueueOptions): MailQueue {
  const { db, logger } = options;
  const now = options.now ?? (() => new Date());
  const transport: Transporter = options.smtpUrl
    ? nodemailer.createTransport(options.smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;

  // One Message-ID per outbox row: if a crash lands between the send and its record, the repeat is recognisable.
  const messageIdOf = (id: number) => `<outbox-${id}@${options.messageIdHost ?? "enlace.localhost"}>`;

  async function deliver(row: { id: number; to_address: string; subject: string; text_body: string; html_body: string; headers: Record<string, string> }): Promise<void> {
    const messageId = messageIdOf(row.id);
    const subject = oneLineSubject(row.subject);
    const info = await transport.sendMail({
      from: options.from,
      to: row.to_address,
      subject,
      text: row.text_body,
      html: row.html_body,
      headers: row.headers,
      messageId,
    });
    try {
      options.onDelivered?.({ outboxId: row.id, messageId, to: row.to_address, subject, text: row.text_body, html: row.html_body, headers: row.headers });
    } catch (error) {
      // The message has left: a failing observer must not make it look unsent (and send it again).
      logger.warn({ emailId: row.id, err: error instanceof Error ? error.message : String(error) }, "onDelivered failed");
    }
    if (!options.smtpUrl) {
      await mkdir(options.outboxDir, { recursive: true });
      const file = path.join(options.outboxDir, `${now().toISOString().replace(/[:.]/g, "-")}-${row.id}.eml`);
      await writeFile(file, (info as unknown as { message: Buffer }).message);
      // With no mail server, the link is logged so a newcomer can follow it (development only).
      const link = row.text_body.match(/https?:\/\/\S+/)?.[0];
      logger.info({ to: row.to_address, subject: row.subject, file, link }, "email written to the outbox folder");
    }
  }

  /**
   * Just before sending, checks that the row is still this worker's and renews the lease. A worker that stalled
   * past its lease (and whose rows another worker has taken over) finds the lease changed and sends nothing.
   */
  async function holdLease(id: number, leaseUntil: Date): Promise<boolean> {
    const renewed = await db
      .updateTable("email_outbox")
      .set({ next_attempt_at: new Date(now().getTime() + LEASE_MS) })
      .where("id", "=", id)
      .where("next_attempt_at", "=", leaseUntil)
      .where("sent_at", "is", null)
      .where("failed_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    return renewed !== undefined;
  }

  async function sendDue(): Promise<number> {
    let sent = 0;
    for (;;) {
      // Lease a batch: rows stay claimed for LEASE_MS so another instance skips them; a crash frees them later.
      const leaseUntil = new Date(now().getTime() + LEASE_MS);
      const batch = await db.transaction().execute(async (trx) => {
        const rows = await trx
          .selectFrom("email_outbox")
          .select(["id", "kind", "user_id", "group_key", "to_address", "subject", "text_body", "html_body", "headers", "attempts"])
          .where("sent_at", "is", null)
          .where("failed_at", "is", null)
          .where("next_attempt_at", "<=", now())
          .orderBy("id")
          .limit(20)
          .forUpdate()
          .skipLocked()
          .execute();
        if (rows.length) {
          await trx
            .updateTable("email_outbox")
            .set({ next_attempt_at: leaseUntil, attempts: sql`attempts + 1` })
            .where(
              "id",
              "in",
              rows.map((row) => row.id),
            )
            .execute();
        }
        return rows;
      });
      if (batch.length === 0) return sent;
      for (const row of batch) {
        try {
          if (row.kind === "message") {
            if (!(await holdLease(row.id, leaseUntil))) continue;
            await deliver({ ...row, subject: row.subject ?? "", text_body: row.text_body ?? "", html_body: row.html_body ?? "" });
            await db
              .updateTable("email_outbox")
              .set({ sent_at: now(), last_error: null, ...redacted(messageIdOf(row.id)) })
              .where("id", "=", row.id)
              .execute();
            sent++;
            continue;
          }
          if (!options.compose || row.user_id === null || row.group_key === null) throw new Error("no composer for a deferred email");
          const composed = await options.compose({ id: row.id, kind: row.kind, user_id: row.user_id, group_key: row.group_key, to_address: row.to_address });
          if (!(await holdLease(row.id, leaseUntil))) continue;
          if (composed.mail) {
            const { email, to } = composed.mail;
            await deliver({ id: row.id, to_address: to, subject: email.subject, text_body: email.text, html_body: email.html, headers: email.headers ?? {} });
          }
          // The row is recorded as sent before the composer settles, so a settle that queues the group's next
          // email (what arrived while this one was on its way) does not meet this row in the pending index.
          await db.transaction().execute(async (trx) => {
            await trx
              .updateTable("email_outbox")
              .set({
                sent_at: now(),
                last_error: null,
                skipped: composed.mail === null,
                // What was sent is recorded by its envelope only (see redacted()).
                ...(composed.mail ? { to_address: composed.mail.to, subject: oneLineSubject(composed.mail.email.subject), ...redacted(messageIdOf(row.id)) } : {}),
              })
              .where("id", "=", row.id)
              .execute();
            await composed.settle(trx);
          });
          if (composed.mail) sent++;
        } catch (error) {
          const attempts = row.attempts + 1;
          const message = error instanceof Error ? error.message : String(error);
          logger.warn({ emailId: row.id, attempts, err: message }, "email delivery failed");
          await db
            .updateTable("email_outbox")
            .set(
              attempts >= MAX_ATTEMPTS
                ? // Given up: its link is as secret as a sent one's and will never be used, so it goes too.
                  { failed_at: now(), last_error: message, ...redacted(null) }
                : { next_attempt_at: new Date(now().getTime() + 2 ** attempts * 30_000), last_error: message },
            )
            .where("id", "=", row.id)
            .where("sent_at", "is", null)
            .execute();
        }
      }
    }
  }

  function run(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await sendDue();
      } while (again);
      return total;
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    async enqueue(trx, to, email) {
      await trx
        .insertInto("email_outbox")
        .values({
          to_address: to,
          subject: oneLineSubject(email.subject),
          text_body: email.text,
          html_body: email.html,
          headers: JSON.stringify(email.headers ?? {}),
          next_attempt_at: now(),
        })
        .execute();
    },
    async enqueueDeferred(trx, input) {
      const last = await trx
        .selectFrom("email_outbox")
        .select("sent_at")
        .where("group_key", "=", input.groupKey)
        .where("sent_at", "is not", null)
        .where("skipped", "=", false)
        .orderBy("sent_at", "desc")
        .limit(1)
        .executeTakeFirst();
      const due = Math.max(now().getTime() + input.delayMs, last?.sent_at ? new Date(last.sent_at).getTime() + input.spacingMs : 0);
      await trx
        .insertInto("email_outbox")
        .values({
          kind: input.kind,
          user_id: input.userId,
          group_key: input.groupKey,
          to_address: input.to,
          headers: "{}",
          next_attempt_at: new Date(due),
        })
        // A row already waits: this one joins it. The no-op update locks that row until the caller commits, so a
        // worker sending it right now records it only afterwards and then sees what this transaction added.
        .onConflict((oc) =>
          oc
            .column("group_key")
            .where("sent_at", "is", null)
            .where("failed_at", "is", null)
            .doUpdateSet({ next_attempt_at: sql`email_outbox.next_attempt_at` }),
        )
        .execute();
    },
    kick() {
      run().catch((error) => logger.error({ err: error }, "outbox worker failed"));
    },
    drain: run,
    start() {
      const interval = options.pollIntervalMs ?? 15_000;
      timer = setInterval(() => {
        run().catch((error) => logger.error({ err: error }, "outbox worker failed"));
      }, interval);
      timer.unref();
      this.kick();
    },
    async stop() {
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
