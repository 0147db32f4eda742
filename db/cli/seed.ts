// `npm run db:seed`: creates the demo community (refused under NODE_ENV=production unless SEED_DEMO=true).
import { createDeps } from "../../server/boot";
import { exitOnStartupError, loadConfigOrExit } from "../../server/main";
import { seedDemo } from "../seed";

const config = loadConfigOrExit();
if (config.isProduction && !config.seedDemo) {
  console.error("Refusing to seed demo content with NODE_ENV=production; set SEED_DEMO=true to insist.");
  process.exit(1);
}
try {
  const { deps, handle } = await createDeps({ ...config, seedDemo: false });
  await seedDemo(deps, { onlyIfEmpty: false });
  console.log("Demo content is in place. Accounts are listed in the README.");
  await handle.close();
} catch (error) {
  exitOnStartupError(error);
}
