import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import { createMailQueue } from "../../server/domain/mail/mail-queue";
import { renderEmail } from "../../server/domain/mail/templates";
import { createTestDatabase } from "../setup/test-database";
import { createTestDeps, deliveredEmails, lastEmailTo } from "../setup/test-deps";
import pino from "pino";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe("email outbox", () => {
  it("with no SMTP configured, writes each message as an .eml file in the outbox folder, once", async () => {
    const deps = createTestDeps(handle);
    const email = renderEmail("verify_email", "en", { name: "Ana <script>", link: "http://localhost:3999/verify-email?token=abc.def" });
    await deps.db.transaction().execute((trx) => deps.mail.enqueue(trx, "ana@example.org", email));
    expect(await deps.mail.drain()).toBe(1);
    expect(await deps.mail.drain()).toBe(0);
    const files = readdirSync(deps.config.outboxDir).filter((name) => name.endsWith(".eml"));
    expect(files).toHaveLength(1);
    const eml = readFileSync(`${deps.config.outboxDir}/${files[0]}`, "utf8");
    expect(eml).toMatch(/^To: ana@example\.org$/m);
    expect(eml).toMatch(/^Subject: Confirm your email address for Enlace$/m);
    expect(eml).toContain("multipart/alternative");
    expect(eml).toContain("verify-email?token=3Dabc.def"); // quoted-printable in the HTML part
    // The name is plain text in the text part and escaped in the HTML part.
    expect(eml).toContain("Hello Ana <script>,");
    expect(eml).toContain("&lt;script&gt;");
  });

  it("writes nothing when the transaction that queued it rolls back", async () => {
    const deps = createTestDeps(handle);
    await deps.db
      .transaction()
      .execute(async (trx) => {
        await deps.mail.enqueue(trx, "rolled@example.org", renderEmail("password_changed", "es", { name: "X" }));
        throw new Error("boom");
      })
      .catch(() => {});
    expect(await deps.mail.drain()).toBe(0);
  });

  it("retries later when delivery fails, and sends once it works", async () => {
    const deps = createTestDeps(handle);
    const queue = createMailQueue({
      db: deps.db,
      logger: pino({ level: "silent" }),
      from: "Enlace <x@example.org>",
      // An SMTP address nothing listens on: the first delivery fails.
      smtpUrl: "smtp://127.0.0.1:1",
      outboxDir: deps.config.outboxDir,
      now: deps.now,
    });
    await deps.db.transaction().execute((trx) => queue.enqueue(trx, "retry@example.org", renderEmail("password_changed", "pt", { name: "Y" })));
    expect(await queue.drain()).toBe(0);
    const row = await deps.db.selectFrom("email_outbox").selectAll().where("to_address", "=", "retry@example.org").executeTakeFirstOrThrow();
    expect(row.attempts).toBe(1);
    expect(row.sent_at).toBeNull();
    expect(row.last_error).toBeTruthy();
    expect(row.next_attempt_at.getTime()).toBeGreaterThan(deps.now().getTime());
    // Later, through a working transport, the same row goes out.
    deps.clock.advance(10 * 60 * 1000);
    expect(await deps.mail.drain()).toBe(1);
  });

  it("renders each email in the recipient's language, as text and escaped HTML", () => {
    for (const [locale, subject] of [
      ["es", "Restablece tu contraseña de Enlace"],
      ["pt", "Redefina sua senha do Enlace"],
      ["en", "Reset your Enlace password"],
    ] as const) {
      const email = renderEmail("reset_password", locale, { name: "<b>Zé</b>", link: "http://x/reset?token=a&b" });
      expect(email.subject).toBe(subject);
      expect(email.text).toContain("http://x/reset?token=a&b");
      expect(email.html).toContain("&lt;b&gt;Zé&lt;/b&gt;");
      expect(email.html).toContain('href="http://x/reset?token=a&amp;b"');
    }
  });

  it("once sent, a message keeps its envelope in the outbox and loses its bodies and headers (the links in them are secrets)", async () => {
    const deps = createTestDeps(handle);
    const link = "http://localhost:3999/reset-password?token=abcdefgh.secretsecretsecretsecretsecretse";
    const email = { ...renderEmail("reset_password", "en", { name: "Ana", link }), headers: { "List-Unsubscribe": `<${link}>` } };
    await deps.db.transaction().execute((trx) => deps.mail.enqueue(trx, "sent-redacted@example.org", email));
    // Before it leaves, the row holds the message (the worker needs it).
    expect((await lastEmailTo(deps, "sent-redacted@example.org"))?.link).toBe(link);
    expect(await deps.mail.drain()).toBe(1);
    const row = await deps.db.selectFrom("email_outbox").selectAll().where("to_address", "=", "sent-redacted@example.org").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ subject: "Reset your Enlace password", text_body: null, html_body: null, kind: "message", sent_at: expect.any(Date) });
    expect(row.headers).toEqual({ "Message-ID": `<outbox-${row.id}@enlace.localhost>` });
    expect(JSON.stringify(row)).not.toContain("secretsecret");
    // What left is what the transport received, and tests read links from there.
    const sent = deliveredEmails(deps).find((copy) => copy.outboxId === row.id)!;
    expect(sent).toMatchObject({ to: "sent-redacted@example.org", messageId: `<outbox-${row.id}@enlace.localhost>`, headers: { "List-Unsubscribe": `<${link}>` } });
    expect(sent.text).toContain(link);
    expect((await lastEmailTo(deps, "sent-redacted@example.org"))?.token).toBe("abcdefgh.secretsecretsecretsecretsecretse");
  });

  it("a message given up on after its last attempt loses its bodies and headers too", async () => {
    const deps = createTestDeps(handle);
    const queue = createMailQueue({
      db: deps.db,
      logger: pino({ level: "silent" }),
      from: "Enlace <x@example.org>",
      smtpUrl: "smtp://127.0.0.1:1",
      outboxDir: deps.config.outboxDir,
      now: deps.now,
    });
    const link = "http://localhost:3999/verify-email?token=givenup1.givenupgivenupgivenupgivenupgive";
    await deps.db.transaction().execute((trx) => queue.enqueue(trx, "given-up@example.org", { ...renderEmail("verify_email", "es", { name: "Bo", link }), headers: { "List-Unsubscribe": `<${link}>` } }));
    const row = () => deps.db.selectFrom("email_outbox").selectAll().where("to_address", "=", "given-up@example.org").executeTakeFirstOrThrow();
    for (let attempt = 1; attempt < 8; attempt++) {
      expect(await queue.drain()).toBe(0);
      // Still to be retried: the message stays whole.
      expect(await row()).toMatchObject({ attempts: attempt, failed_at: null, text_body: expect.stringContaining(link) });
      deps.clock.advance(2 ** attempt * 30_000 + 1_000);
    }
    expect(await queue.drain()).toBe(0);
    const failed = await row();
    expect(failed).toMatchObject({ attempts: 8, failed_at: expect.any(Date), sent_at: null, subject: "Confirma tu dirección de correo en Enlace", text_body: null, html_body: null, headers: {} });
    expect(failed.last_error).toBeTruthy();
    expect(JSON.stringify(failed)).not.toContain("givenupgivenup");
  }, 20_000);
});
