import type { Migration } from "kysely";
import * as m0001 from "./0001-accounts";
import * as m0002 from "./0002-partner-organisations";

/** Every migration, by name, in the order they apply. Imported statically so bundles and tsx agree. */
export const migrations: Record<string, Migration> = {
  "0001-accounts": m0001,
  "0002-partner-organisations": m0002,
};
