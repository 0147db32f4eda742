// CSV as spreadsheets read it (RFC 4180, CRLF, a byte-order mark so accents survive Excel), with every
// text cell defused against formula injection: a cell that starts with = + - @ (or a tab or carriage
// return) gets a leading apostrophe, so a spreadsheet shows it as text instead of running it.

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const defused = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

export function toCsv(rows: (string | number | null | undefined)[][]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
