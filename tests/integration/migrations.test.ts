import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import { migrateToLatest, MigrationError } from "../../db/migrator";
import { migrations } from "../../db/migrations";
import * as redactSentEmail from "../../db/migrations/0010-redact-sent-email";
import { createTestDatabase } from "../setup/test-database";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

async function tableExists(db: Kysely<any>, name: string): Promise<boolean> {
  const { rows } = await sql<{ exists: boolean }>`select to_regclass(${name}) is not null as exists`.execute(db);
  return rows[0].exists;
}

describe("migrations", () => {
  it("have all run on the test database, and running again applies nothing", async () => {
    expect(await migrateToLatest(handle.db)).toEqual([]);
    const applied = await handle.db.selectFrom("kysely_migration" as any).select("name").orderBy("name").execute();
    expect(applied.map((row: any) => row.name)).toEqual(Object.keys(migrations));
    expect(await tableExists(handle.db, "users")).toBe(true);
  });

  it("stop at a failing migration, name it, and leave nothing of it behind", async () => {
    const broken = {
      ...migrations,
      "9998-good": {
        up: async (db: Kysely<any>) => {
          await db.schema.createTable("migration_probe_good").addColumn("id", "integer").execute();
        },
      },
      "9999-broken": {
        up: async (db: Kysely<any>) => {
          await db.schema.createTable("migration_probe_half").addColumn("id", "integer").execute();
          await sql`select * from a_table_that_does_not_exist`.execute(db);
        },
      },
    };
    const failure = await migrateToLatest(handle.db, broken).catch((error) => error);
    expect(failure).toBeInstanceOf(MigrationError);
    expect(failure.migrationName).toBe("9999-broken");
    expect(failure.message).toMatch(/Migration "9999-broken" failed and was rolled back: .*a_table_that_does_not_exist/);
    // Each migration is its own transaction: the good one stays, the broken one left nothing.
    expect(await tableExists(handle.db, "migration_probe_good")).toBe(true);
    expect(await tableExists(handle.db, "migration_probe_half")).toBe(false);
    const names = (await handle.db.selectFrom("kysely_migration" as any).select("name").execute()).map((row: any) => row.name);
    expect(names).toContain("9998-good");
    expect(names).not.toContain("9999-broken");
  });

  it("0010 clears the bodies and headers of mail sent or given up on before the outbox redacted it, and nothing else", async () => {
    const secretLink = "https://enlace.example/reset-password?token=SECRETO-0010";
    const row = (fields: Record<string, unknown>) => ({
      to_address: "antes@municipio.example",
      subject: "Restablece tu contraseña",
      text_body: secretLink,
      html_body: `<a href="${secretLink}">${secretLink}</a>`,
      headers: JSON.stringify({ "Message-ID": "<0010@enlace.example>", "List-Unsubscribe": `<${secretLink}>` }),
      ...fields,
    });
    const insert = (fields: Record<string, unknown>) => handle.db.insertInto("email_outbox").values(row(fields)).returning("id").executeTakeFirstOrThrow();
    const sent = await insert({ sent_at: new Date() });
    const failed = await insert({ failed_at: new Date() });
    const pending = await insert({});
    await redactSentEmail.up(handle.db);
    const rows = await handle.db.selectFrom("email_outbox").selectAll().where("id", "in", [sent.id, failed.id, pending.id]).orderBy("id").execute();
    expect(rows.map((r) => [r.subject, r.text_body, r.html_body, r.headers])).toEqual([
      ["Restablece tu contraseña", null, null, { "Message-ID": "<0010@enlace.example>" }],
      ["Restablece tu contraseña", null, null, { "Message-ID": "<0010@enlace.example>" }],
      ["Restablece tu contraseña", secretLink, `<a href="${secretLink}">${secretLink}</a>`, { "Message-ID": "<0010@enlace.example>", "List-Unsubscribe": `<${secretLink}>` }],
    ]);
    await handle.db.deleteFrom("email_outbox").where("id", "in", [sent.id, failed.id, pending.id]).execute();
  });
});
