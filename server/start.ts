// `npm start`: serves the production build, building it first when there is none.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { installGlobals } from "@remix-run/node";
import { closeOnSignals, exitOnStartupError, loadConfigOrExit } from "./main";

installGlobals({ nativeFetch: true });
const config = loadConfigOrExit();
const root = path.resolve(import.meta.dirname, "..");
const serverBuild = path.join(root, "build/server/index.js");

if (!existsSync(serverBuild)) {
  console.log("No build found: building the web app once (npm run build)...");
  const result = spawnSync("npx", ["remix", "vite:build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) exitOnStartupError(new Error("the build failed"));
}

try {
  const { startServer } = await import("./boot");
  const build = await import(pathToFileURL(serverBuild).href);
  const server = await startServer(config, { build, clientDir: path.join(root, "build/client"), mode: "production" });
  closeOnSignals(server);
} catch (error) {
  exitOnStartupError(error);
}
