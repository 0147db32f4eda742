// Documents for tests and the demo: real (tiny) PDFs whose text pdf.js can read, a PNG, and an upload
// through the real service (staged as the HTTP layer would stage it).
import { randomBytes } from "node:crypto";
import { deflateSync } from "node:zlib";
import type { UserRow } from "../../db/schema";
import type { Deps } from "../../server/context";
import { services } from "../../server/domain";
import { stageBuffer } from "../../server/domain/documents/staging";
import { as } from "./forum";

/**
 * A one-or-more-page PDF with Helvetica text (WinAnsi encoding, so Spanish and Portuguese accents survive).
 * Each page holds up to 45 lines; long lines are wrapped at about 90 characters.
 */
export function simplePdf(title: string, paragraphs: string[], options: { padBytes?: number } = {}): Buffer {
  const lines: { text: string; size: number }[] = [{ text: title, size: 16 }, { text: "", size: 11 }];
  for (const paragraph of paragraphs) {
    let line = "";
    for (const word of paragraph.split(/\s+/)) {
      if ((line + " " + word).trim().length > 90) {
        lines.push({ text: line.trim(), size: 11 });
        line = "";
      }
      line += ` ${word}`;
    }
    if (line.trim()) lines.push({ text: line.trim(), size: 11 });
    lines.push({ text: "", size: 11 });
  }
  const pages: (typeof lines)[] = [];
  for (let start = 0; start < lines.length; start += 45) pages.push(lines.slice(start, start + 45));

  const escape = (text: string) => text.replace(/[^\x20-\x7e\xa0-\xff]/g, "?").replace(/[\\()]/g, (c) => `\\${c}`);
  const objects: Buffer[] = [];
  const add = (body: string | Buffer) => {
    objects.push(typeof body === "string" ? Buffer.from(body, "latin1") : body);
    return objects.length;
  };
  const catalog = add("");
  const pagesId = add("");
  const font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  const info = add(`<< /Title (${escape(title)}) /Producer (Enlace demo) >>`);
  const pageIds: number[] = [];
  for (const page of pages) {
    const content = ["BT", "72 760 Td"];
    for (const line of page) content.push(`/F1 ${line.size} Tf`, `(${escape(line.text)}) Tj`, `0 -${line.size + 4} Td`);
    content.push("ET");
    const raw = Buffer.from(content.join("\n"), "latin1");
    const compressed = deflateSync(raw);
    const stream = add(Buffer.concat([Buffer.from(`<< /Length ${compressed.length} /Filter /FlateDecode >>\nstream\n`, "latin1"), compressed, Buffer.from("\nendstream", "latin1")]));
    pageIds.push(add(`<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${stream} 0 R >>`));
  }
  if (options.padBytes) {
    // An unreferenced stream of random bytes: a large file that is still a valid PDF.
    const padding = randomBytes(options.padBytes);
    add(Buffer.concat([Buffer.from(`<< /Length ${padding.length} >>\nstream\n`, "latin1"), padding, Buffer.from("\nendstream", "latin1")]));
  }
  objects[catalog - 1] = Buffer.from(`<< /Type /Catalog /Pages ${pagesId} 0 R >>`, "latin1");
  objects[pagesId - 1] = Buffer.from(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pageIds.length} >>`, "latin1");

  const chunks: Buffer[] = [Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let offset = chunks[0].length;
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    const chunk = Buffer.concat([Buffer.from(`${index + 1} 0 obj\n`, "latin1"), body, Buffer.from("\nendobj\n", "latin1")]);
    offsets.push(offset);
    chunks.push(chunk);
    offset += chunk.length;
  });
  const xref =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((at) => `${String(at).padStart(10, "0")} 00000 n \n`).join("") +
    `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${offset}\n%%EOF\n`;
  chunks.push(Buffer.from(xref, "latin1"));
  return Buffer.concat(chunks);
}

/** A valid 1x1 PNG. */
export function tinyPng(): Buffer {
  return Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
}

export interface TestDocumentInput {
  place: string;
  title?: string;
  docType?: string;
  language?: "es" | "pt" | "en";
  audience?: "public" | "members";
  description?: string;
  country?: string;
  city?: string;
  year?: number;
  authors?: string;
  licence?: string;
  fileName?: string;
  bytes?: Buffer;
}

let count = 0;
/** Uploads a document through the real service, as the given member. */
export async function uploadTestDocument(deps: Deps, user: UserRow, input: TestDocumentInput) {
  count++;
  const title = input.title ?? `Documento de prueba ${count}`;
  const bytes = input.bytes ?? simplePdf(title, [input.description ?? "Texto de prueba del documento."]);
  const file = await stageBuffer(deps.config.documents, bytes, input.fileName ?? `documento-${count}.pdf`);
  return services.documents.upload(as(deps, user), {
    title,
    description: input.description ?? "",
    docType: input.docType ?? "guideline",
    language: input.language ?? "es",
    audience: input.audience ?? "public",
    country: input.country ?? "",
    city: input.city ?? "",
    year: input.year ? String(input.year) : "",
    authors: input.authors ?? "",
    licence: input.licence ?? "",
    place: input.place,
    file,
  });
}
