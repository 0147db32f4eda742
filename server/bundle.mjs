// Part of `npm run build`: compiles the server (server/, db/, shared/) into one ES module, build/app/start.js,
// so `npm start` runs plain JavaScript instead of compiling TypeScript on every start (tsx). Packages stay in
// node_modules (they are imported, not bundled), so their own files (PGlite's WASM, the atlas) resolve as usual.
import { build } from "esbuild";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

await build({
  absWorkingDir: root,
  entryPoints: ["server/start.ts"],
  outfile: "build/app/start.js",
  bundle: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  logLevel: "warning",
});
console.log("server compiled to build/app/start.js");
