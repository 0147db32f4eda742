import { readFileSync } from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/connection";

let counter = 0;

/**
 * A fresh, migrated database for one test file: a PGlite copy of the snapshot, or a PostgreSQL copy of the
 * template (with its `url`, for a second pool on the same database, as a second instance would open).
 */
export async function createTestDatabase(): Promise<DatabaseHandle & { url?: string }> {
  const setup = inject("testDatabase");
  if (setup.kind === "pglite") {
    const snapshot = new Blob([readFileSync(setup.snapshotPath)]);
    return openDatabase({ kind: "pglite", loadDataDir: snapshot });
  }
  const name = `enlace_test_${process.pid}_${Date.now().toString(36)}_${++counter}_${setup.template.split("_").pop()}`;
  const admin = new pg.Client({ connectionString: setup.adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${setup.template}`);
  await admin.end();
  const url = new URL(setup.adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: "postgres", url: url.toString(), poolSize: 5 });
  return {
    ...handle,
    url: url.toString(),
    async close() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: setup.adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
