import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import { migrateToLatest, MigrationError } from "../../db/migrator";
import { migrations } from "../../db/migrations";
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
});
