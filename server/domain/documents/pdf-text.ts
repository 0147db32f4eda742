// Text of PDFs, for search, with Mozilla's pdf.js (pdfjs-dist, legacy build for Node). No worker thread, no
// fonts, no eval; at most MAX_PAGES pages and MAX_CHARS characters, and a time limit, so a hostile PDF costs
// little. A PDF whose text cannot be read is still accepted: it is only found by its metadata.
import { readFile } from "node:fs/promises";
import type { Logger } from "../../logger";

export const MAX_PAGES = 60;
export const MAX_CHARS = 200_000;
const TIME_LIMIT_MS = 20_000;

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let pdfjs: Promise<PdfJs> | undefined;

export async function extractPdfText(filePath: string, logger?: Logger): Promise<string> {
  pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  const lib = await pdfjs;
  const data = new Uint8Array(await readFile(filePath));
  const task = lib.getDocument({
    data,
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    disableAutoFetch: true,
    disableStream: true,
    stopAtErrors: false,
    verbosity: 0,
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("PDF text extraction took too long")), TIME_LIMIT_MS);
  });
  try {
    return await Promise.race([readPages(task), timeout]);
  } catch (error) {
    logger?.warn({ err: error instanceof Error ? error.message : String(error) }, "could not read the text of a PDF");
    return "";
  } finally {
    clearTimeout(timer);
    await task.destroy().catch(() => {});
  }
}

async function readPages(task: ReturnType<PdfJs["getDocument"]>): Promise<string> {
  const document = await task.promise;
  const parts: string[] = [];
  let length = 0;
  const pages = Math.min(document.numPages, MAX_PAGES);
  for (let number = 1; number <= pages && length < MAX_CHARS; number++) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    let text = "";
    for (const item of content.items) {
      if ("str" in item) text += item.str + (item.hasEOL ? "\n" : " ");
    }
    page.cleanup();
    parts.push(text);
    length += text.length;
  }
  return cleanText(parts.join("\n")).slice(0, MAX_CHARS);
}

/** Collapses runs of spaces and removes control characters PostgreSQL or the pages would choke on (NUL). */
function cleanText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, " ")
    .replace(/[ \t]+/g, " ")
    .replace(/\s*\n\s*/g, "\n")
    .trim();
}
