// `npm run db:migrate`: applies pending migrations to the configured database.
import { openDatabase } from "../connection";
import { migrateToLatest } from "../migrator";
import { exitOnStartupError, loadConfigOrExit } from "../../server/main";

const config = loadConfigOrExit();
try {
  const handle = await openDatabase(
    config.database.kind === "postgres"
      ? { kind: "postgres", url: config.database.url }
      : { kind: "pglite", dataDir: config.database.dataDir },
  );
  const applied = await migrateToLatest(handle.db);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
  await handle.close();
} catch (error) {
  exitOnStartupError(error);
}
