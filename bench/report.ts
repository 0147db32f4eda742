// Prints a results file (bench/results/*.json) as a Markdown table, for docs/performance.md:
//   npx tsx bench/report.ts bench/results/<file>.json
import { readFileSync } from "node:fs";
import type { Figure } from "./lib/context";

const file = process.argv[2];
if (!file) {
  console.error("usage: tsx bench/report.ts bench/results/<file>.json");
  process.exit(2);
}
const report = JSON.parse(readFileSync(file, "utf8")) as { date: string; figures: Figure[]; failures: { scenario: string; error: string }[] };
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
console.log("| id | figure | value | baseline | ratio | goal | met? |");
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const f of report.figures) {
  const baseline = f.baseline ? `${f.baseline.value} ${f.unit} (${f.baseline.label})` : "-";
  const met = f.met === null ? "n/a" : f.met ? "met" : "**missed**";
  console.log(`| ${f.scenario} | ${cell(f.figure)} | ${f.value} ${f.unit} | ${cell(baseline)} | ${f.ratio ?? "-"} | ${cell(f.goal)} | ${met} |`);
}
for (const failure of report.failures) console.log(`\nFailed to run ${failure.scenario}: ${cell(failure.error.split("\n")[0])}`);
