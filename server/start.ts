// The production entry: serves the web build. `npm start` runs it compiled (server/start.mjs runs
// build/app/start.js); it also runs from source with tsx, as the browser tests do.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { installGlobals } from "@remix-run/node";
import { closeOnSignals, exitOnStartupError, loadConfigOrExit } from "./main";

installGlobals({ nativeFetch: true });
const config = loadConfigOrExit();
const root = projectRoot(import.meta.dirname);
const serverBuild = path.join(root, "build/server/index.js");

/** The folder holding package.json, above this file (server/) or its compiled copy (build/app/). */
function projectRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

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
