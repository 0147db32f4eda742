// Documents for tests and the demo: real (tiny) PDFs whose text pdf.js can read, a PNG, and an upload
// through the real service (staged as the HTTP layer would stage it).
import { randomBytes } from "node:crypto";
import { constants as zlibConstants, crc32, deflateRawSync, deflateSync } from "node:zlib";
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

// ---- ZIP containers (Office files), built by hand so that tests can bend every field ----

export interface ZipEntryInput {
  name: string;
  data?: Uint8Array | string;
  /** 0 stored, 8 deflate (the default); any other number is written as is. */
  method?: number;
  /** What the central directory claims the entry expands to (defaults to the truth). */
  declaredSize?: number;
  /** The name in the local header, when it should differ from the central directory's. */
  localName?: string;
  /** General-purpose flags (bit 0: encrypted). */
  flags?: number;
  /** A body already deflated (a zip bomb's), with the size and CRC of what it expands to. */
  deflated?: { body: Buffer; size: number; crc: number };
}

/**
 * A deflate stream that expands to `megabytes` MiB of zeros, about 1 KiB per MiB: one fully flushed block of
 * a MiB of zeros repeated (a full flush makes each copy stand alone), then an empty final block.
 */
export function zerosBomb(megabytes: number): { body: Buffer; size: number; crc: number } {
  const mebibyte = Buffer.alloc(1 << 20);
  const block = deflateRawSync(mebibyte, { level: 9, finishFlush: zlibConstants.Z_FULL_FLUSH });
  let crc = 0;
  for (let i = 0; i < megabytes; i++) crc = crc32(mebibyte, crc);
  return { body: Buffer.concat([...Array<Buffer>(megabytes).fill(block), Buffer.from([0x03, 0x00])]), size: megabytes << 20, crc };
}

/**
 * A ZIP archive: local headers and bodies, then the central directory and its end record. `aliases` adds
 * central-directory entries that point at an earlier entry's body (overlapping entries), `prefix` and
 * `suffix` glue bytes before and after the archive.
 */
export function zipArchive(entries: ZipEntryInput[], options: { aliases?: { name: string; of: number }[]; prefix?: Uint8Array; suffix?: Uint8Array; comment?: string } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const prefix = Buffer.from(options.prefix ?? new Uint8Array());
  let offset = 0;
  const written: { header: Buffer; offset: number }[] = [];
  const central = (fields: { name: Buffer; flags: number; method: number; crc: number; compressed: number; declared: number; offset: number }) => {
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(fields.flags, 8);
    header.writeUInt16LE(fields.method, 10);
    header.writeUInt32LE(fields.crc, 16);
    header.writeUInt32LE(fields.compressed, 20);
    header.writeUInt32LE(fields.declared, 24);
    header.writeUInt16LE(fields.name.length, 28);
    header.writeUInt32LE(fields.offset, 42);
    return Buffer.concat([header, fields.name]);
  };
  for (const entry of entries) {
    const data = Buffer.from(typeof entry.data === "string" ? entry.data : (entry.data ?? new Uint8Array()));
    const method = entry.deflated ? 8 : (entry.method ?? 8);
    const body = entry.deflated?.body ?? (method === 8 ? deflateRawSync(data) : data);
    const crc = entry.deflated?.crc ?? crc32(data);
    const size = entry.deflated?.size ?? data.length;
    const flags = (entry.flags ?? 0) | 0x800;
    const name = Buffer.from(entry.name, "utf8");
    const localName = Buffer.from(entry.localName ?? entry.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(entry.declaredSize ?? size, 22);
    local.writeUInt16LE(localName.length, 26);
    locals.push(local, localName, body);
    const fields = { name, flags, method, crc, compressed: body.length, declared: entry.declaredSize ?? size, offset };
    centrals.push(central(fields));
    written.push({ header: centrals.at(-1)!, offset });
    offset += 30 + localName.length + body.length;
  }
  for (const alias of options.aliases ?? []) {
    const original = written[alias.of]!.header;
    const copy = Buffer.from(original.subarray(0, 46));
    const name = Buffer.from(alias.name, "utf8");
    copy.writeUInt16LE(name.length, 28);
    centrals.push(Buffer.concat([copy, name]));
  }
  const directory = Buffer.concat(centrals);
  const comment = Buffer.from(options.comment ?? "", "utf8");
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length, 8);
  end.writeUInt16LE(centrals.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(comment.length, 20);
  return Buffer.concat([prefix, ...locals, directory, end, comment, Buffer.from(options.suffix ?? new Uint8Array())]);
}

const contentTypes = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/${main}" ContentType="${
    main.startsWith("word/")
      ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
      : main.startsWith("xl/")
        ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
        : "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
  }"/></Types>`;

const officeMain = { docx: "word/document.xml", xlsx: "xl/workbook.xml", pptx: "ppt/presentation.xml" } as const;

/** The entries of a minimal Office Open XML file (docx, xlsx or pptx), or of an OpenDocument text. */
export function officeEntries(kind: "docx" | "xlsx" | "pptx" | "odt", body = "Plan de movilidad"): ZipEntryInput[] {
  if (kind === "odt") {
    return [
      { name: "mimetype", data: "application/vnd.oasis.opendocument.text", method: 0 },
      { name: "content.xml", data: `<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"><office:body><office:text>${body}</office:text></office:body></office:document-content>` },
      { name: "META-INF/manifest.xml", data: '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>' },
    ];
  }
  const main = officeMain[kind];
  return [
    { name: "[Content_Types].xml", data: contentTypes(main) },
    { name: "_rels/.rels", data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${main}"/></Relationships>` },
    { name: main, data: `<?xml version="1.0"?><root><t>${body}</t></root>` },
  ];
}

/** A minimal, well-formed Office file. */
export function officeFile(kind: "docx" | "xlsx" | "pptx" | "odt", body?: string): Buffer {
  return zipArchive(officeEntries(kind, body));
}
