import type { Migration } from "kysely";
import * as m0001 from "./0001-accounts";
import * as m0002 from "./0002-partner-organisations";
import * as m0003 from "./0003-forums";
import * as m0004 from "./0004-groups-and-moderation";
import * as m0005 from "./0005-tag-spaces";
import * as m0006 from "./0006-following-and-notifications";
import * as m0007 from "./0007-community-services";
import * as m0008 from "./0008-idempotency-keys";
import * as m0009 from "./0009-performance-indexes";
import * as m0010 from "./0010-redact-sent-email";
import * as m0011 from "./0011-search-index-fastupdate";

/** Every migration, by name, in the order they apply. Imported statically so bundles and tsx agree. */
export const migrations: Record<string, Migration> = {
  "0001-accounts": m0001,
  "0002-partner-organisations": m0002,
  "0003-forums": m0003,
  "0004-groups-and-moderation": m0004,
  "0005-tag-spaces": m0005,
  "0006-following-and-notifications": m0006,
  "0007-community-services": m0007,
  "0008-idempotency-keys": m0008,
  "0009-performance-indexes": m0009,
  "0010-redact-sent-email": m0010,
  "0011-search-index-fastupdate": m0011,
};
