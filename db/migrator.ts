import { type Kysely, type Migration, type MigrationResultSet, Migrator } from "kysely";
import { migrations as allMigrations } from "./migrations";

export class MigrationError extends Error {
  constructor(
    public readonly migrationName: string | undefined,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      migrationName
        ? `Migration "${migrationName}" failed and was rolled back: ${reason}`
        : `Migrations could not run: ${reason}`,
      { cause },
    );
    this.name = "MigrationError";
  }
}

/**
 * Applies pending migrations, each in its own transaction (PostgreSQL has transactional DDL), and
 * throws a MigrationError naming the one that failed; what it did is rolled back.
 */
export async function migrateToLatest(
  db: Kysely<any>,
  migrations: Record<string, Migration> = allMigrations,
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    allowUnorderedMigrations: false,
  });
  const applied: string[] = [];
  // One step at a time, so each migration commits in its own transaction and a failure keeps earlier ones.
  for (;;) {
    const result: MigrationResultSet = await migrator.migrateUp();
    if (result.error) {
      const failed = result.results?.find((item) => item.status === "Error");
      throw new MigrationError(failed?.migrationName, result.error);
    }
    const done = (result.results ?? []).filter((item) => item.status === "Success");
    if (done.length === 0) return applied;
    applied.push(...done.map((item) => item.migrationName));
  }
}
