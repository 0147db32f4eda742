// `npm start`: runs the compiled server (build/app/start.js from `npm run build`), building the web app and
// the server first when either is missing. `npm run dev` runs the sources instead.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..");
const compiled = path.join(root, "build/app/start.js");
if (!existsSync(compiled) || !existsSync(path.join(root, "build/server/index.js"))) {
  console.log("No build found: building the web app and the server once (npm run build)...");
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error("The build failed.");
    process.exit(1);
  }
}
await import(pathToFileURL(compiled).href);
