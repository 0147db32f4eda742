// Prepares one migrated database per test run; each test file then starts from a copy of it.
// PGlite: a data-directory snapshot. PostgreSQL: a template database (TEST_DATABASE=postgres).
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/connection";
import { migrateToLatest } from "../../db/migrator";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: { kind: "pglite"; snapshotPath: string } | { kind: "postgres"; adminUrl: string; template: string };
  }
}

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE === "postgres") {
    const template = `enlace_test_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${template}`;
    const handle = await openDatabase({ kind: "postgres", url: url.toString(), poolSize: 2 });
    await migrateToLatest(handle.db);
    await handle.close();
    project.provide("testDatabase", { kind: "postgres", adminUrl: TEST_POSTGRES_URL, template });
    return async () => {
      // Drop this run's databases (the template and every copy made from it).
      const { rows } = await admin.query<{ datname: string }>(
        "select datname from pg_database where datname like $1",
        [`enlace_test_%_${process.pid}`],
      );
      for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`);
      await admin.query(`drop database if exists ${template} with (force)`);
      await admin.end();
    };
  }

  const dir = mkdtempSync(path.join(os.tmpdir(), "enlace-test-"));
  const handle = await openDatabase({ kind: "pglite" });
  await migrateToLatest(handle.db);
  const snapshot = await handle.snapshot!();
  const snapshotPath = path.join(dir, "migrated.tar");
  writeFileSync(snapshotPath, Buffer.from(await snapshot.arrayBuffer()));
  await handle.close();
  project.provide("testDatabase", { kind: "pglite", snapshotPath });
  return () => rmSync(dir, { recursive: true, force: true });
}
