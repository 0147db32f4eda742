import { PGlite } from "@electric-sql/pglite";
let t0 = Date.now();
const a = await PGlite.create("memory://"); console.log("first", Date.now()-t0);
t0 = Date.now();
const b = await PGlite.create("memory://"); console.log("second", Date.now()-t0);
t0 = Date.now();
const dump = await b.dumpDataDir("none"); console.log("dump", Date.now()-t0, dump.size);
t0 = Date.now();
const c = await PGlite.create("memory://", { loadDataDir: dump }); console.log("load", Date.now()-t0);
