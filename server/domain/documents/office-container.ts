// Office files of today (docx, xlsx, pptx, odt, ods, odp) are ZIP containers. file-type recognises them from
// the first local headers and one small part ([Content_Types].xml or mimetype); that says nothing of the rest.
// This reads only the ZIP's central directory (the index at its end; nothing is decompressed) and refuses:
// - a container without the parts its kind must have (a renamed ZIP with a borrowed [Content_Types].xml);
// - a zip bomb: too many entries, or a declared expanded size far beyond the file's (by ratio, and in all),
//   or entries that overlap (one compressed body counted many times, the "better zip bomb");
// - entry names with "..", absolute paths, drive letters, NUL or duplicates, which unzip tools may write
//   outside their folder or resolve differently;
// - anything a reader of the central directory and a reader of the local headers (as file-type is) would see
//   differently: bytes before, between or after the archive, mismatched names, ZIP64, several disks,
//   encryption or compression methods other than stored and deflate.
// Limits: sizes are the declared ones. A body that lies about its size is only decompressed by the program
// that opens the downloaded file; Enlace itself never inflates these parts.
import { open } from "node:fs/promises";
import type { FileKind } from "./file-kinds";

export const containerLimits = {
  /** Entries in one archive. Real documents have tens to a few hundred; a spreadsheet with many sheets, a few thousand. */
  maxEntries: 5_000,
  /** Bytes of the central directory read at most (5,000 entries with long names fit). */
  maxCentralDirectoryBytes: 2 * 1024 * 1024,
  /** Whatever its ratio, an archive may expand to this much. */
  freeExpandedBytes: 16 * 1024 * 1024,
  /** Past that, the expanded total may be at most this many times the file's size (XML compresses 5 to 20 times; zeros, 1,000). */
  maxExpansionRatio: 200,
  /** And never more than this in all. */
  maxExpandedBytes: 1024 * 1024 * 1024,
};

export type ContainerVerdict = { ok: true; entries: number; expandedBytes: number } | { ok: false; reason: "invalid" | "too_large"; detail: string };

/** The kinds that are ZIP containers, and the parts each must hold (a name pattern, matched case-insensitively). */
const requiredParts: Record<string, RegExp[]> = {
  docx: [/^\[content_types\]\.xml$/, /^_rels\/\.rels$/, /^word\/document\d*\.xml$/],
  xlsx: [/^\[content_types\]\.xml$/, /^_rels\/\.rels$/, /^xl\/workbook\d*\.xml$/],
  pptx: [/^\[content_types\]\.xml$/, /^_rels\/\.rels$/, /^ppt\/presentation\d*\.xml$/],
  odt: [/^mimetype$/, /^content\.xml$/, /^meta-inf\/manifest\.xml$/],
  ods: [/^mimetype$/, /^content\.xml$/, /^meta-inf\/manifest\.xml$/],
  odp: [/^mimetype$/, /^content\.xml$/, /^meta-inf\/manifest\.xml$/],
};

export function isZipContainerKind(kind: Pick<FileKind, "ext">): boolean {
  return kind.ext in requiredParts;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;

/** Reads `length` bytes at `offset` (fewer at the end of the file). */
type Reader = (offset: number, length: number) => Promise<Buffer>;

interface Entry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  expandedSize: number;
  localOffset: number;
}

const invalid = (detail: string): ContainerVerdict => ({ ok: false, reason: "invalid", detail });

/** An entry name an extractor could resolve outside its folder, or that is not a plain relative path. */
export function unsafeEntryName(name: string): boolean {
  if (name === "" || name.includes("\0")) return true;
  if (/^[\\/]/.test(name) || /^[A-Za-z]:/.test(name)) return true;
  return name.split(/[\\/]/).some((segment) => segment === "..");
}

async function checkContainer(read: Reader, size: number, kind: Pick<FileKind, "ext">): Promise<ContainerVerdict> {
  const required = requiredParts[kind.ext];
  if (!required) return invalid("not a container kind");
  if (size < EOCD_SIZE) return invalid("too short");

  // The end-of-central-directory record: the last one whose comment ends exactly at the end of the file.
  const tailStart = Math.max(0, size - EOCD_SIZE - MAX_COMMENT);
  const tail = await read(tailStart, size - tailStart);
  let eocdAt = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD && i + EOCD_SIZE + tail.readUInt16LE(i + 20) === tail.length) {
      eocdAt = i;
      break;
    }
  }
  if (eocdAt < 0) return invalid("no end of central directory at the end of the file");
  const disk = tail.readUInt16LE(eocdAt + 4);
  const cdDisk = tail.readUInt16LE(eocdAt + 6);
  const entriesHere = tail.readUInt16LE(eocdAt + 8);
  const entryCount = tail.readUInt16LE(eocdAt + 10);
  const cdSize = tail.readUInt32LE(eocdAt + 12);
  const cdOffset = tail.readUInt32LE(eocdAt + 16);
  if (entryCount === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) return invalid("ZIP64");
  if (disk !== 0 || cdDisk !== 0 || entriesHere !== entryCount) return invalid("several disks");
  if (entryCount > containerLimits.maxEntries) return { ok: false, reason: "too_large", detail: `${entryCount} entries` };
  if (cdSize > containerLimits.maxCentralDirectoryBytes) return { ok: false, reason: "too_large", detail: `a central directory of ${cdSize} bytes` };
  // Nothing before the first entry, nothing between the directory and its end record (no prefixed or glued-on payload).
  if (cdOffset + cdSize !== tailStart + eocdAt) return invalid("bytes between the central directory and its end");

  const cd = await read(cdOffset, cdSize);
  if (cd.length !== cdSize) return invalid("central directory cut short");
  const entries: Entry[] = [];
  let at = 0;
  for (let n = 0; n < entryCount; n++) {
    if (at + CENTRAL_SIZE > cd.length || cd.readUInt32LE(at) !== CENTRAL) return invalid("central directory entry malformed");
    const flags = cd.readUInt16LE(at + 8);
    const method = cd.readUInt16LE(at + 10);
    const compressedSize = cd.readUInt32LE(at + 20);
    const expandedSize = cd.readUInt32LE(at + 24);
    const nameLength = cd.readUInt16LE(at + 28);
    const extraLength = cd.readUInt16LE(at + 30);
    const commentLength = cd.readUInt16LE(at + 32);
    const startDisk = cd.readUInt16LE(at + 34);
    const localOffset = cd.readUInt32LE(at + 42);
    const next = at + CENTRAL_SIZE + nameLength + extraLength + commentLength;
    if (next > cd.length) return invalid("central directory entry overruns");
    if (compressedSize === 0xffffffff || expandedSize === 0xffffffff || localOffset === 0xffffffff || startDisk !== 0) return invalid("ZIP64 entry");
    const nameBytes = cd.subarray(at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLength);
    // Bit 11 says UTF-8; without it the name is CP437, which for the ASCII names of Office parts is the same.
    const name = flags & 0x800 ? nameBytes.toString("utf8") : nameBytes.toString("latin1");
    if (flags & 0x1) return invalid(`encrypted entry ${JSON.stringify(name)}`);
    if (method !== 0 && method !== 8) return invalid(`compression method ${method}`);
    if (unsafeEntryName(name)) return invalid(`unsafe entry name ${JSON.stringify(name)}`);
    entries.push({ name, flags, method, compressedSize, expandedSize, localOffset });
    at = next;
  }
  if (at !== cd.length) return invalid("central directory longer than its entries");

  const seen = new Set<string>();
  for (const entry of entries) {
    const folded = entry.name.toLowerCase();
    if (seen.has(folded)) return invalid(`duplicate entry ${JSON.stringify(entry.name)}`);
    seen.add(folded);
  }
  const expandedBytes = entries.reduce((sum, entry) => sum + entry.expandedSize, 0);
  const allowed = Math.min(containerLimits.maxExpandedBytes, Math.max(containerLimits.freeExpandedBytes, size * containerLimits.maxExpansionRatio));
  if (expandedBytes > allowed) return { ok: false, reason: "too_large", detail: `expands to ${expandedBytes} bytes` };

  // Each entry's local header matches its directory entry, and the entries tile the file from byte 0 without
  // overlapping (an overlap counts one compressed body many times).
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  let end = 0;
  for (const entry of byOffset) {
    if (entry.localOffset !== end) return invalid(entry.localOffset < end ? `overlapping entry ${JSON.stringify(entry.name)}` : "bytes between entries");
    const header = await read(entry.localOffset, LOCAL_SIZE + Buffer.byteLength(entry.name, entry.flags & 0x800 ? "utf8" : "latin1"));
    if (header.length < LOCAL_SIZE || header.readUInt32LE(0) !== LOCAL) return invalid(`no local header for ${JSON.stringify(entry.name)}`);
    const localFlags = header.readUInt16LE(6);
    const localNameLength = header.readUInt16LE(26);
    const localExtraLength = header.readUInt16LE(28);
    const localName = header.subarray(LOCAL_SIZE, LOCAL_SIZE + localNameLength).toString(localFlags & 0x800 ? "utf8" : "latin1");
    if (localName !== entry.name || header.readUInt16LE(8) !== entry.method) return invalid(`local header differs for ${JSON.stringify(entry.name)}`);
    end = entry.localOffset + LOCAL_SIZE + localNameLength + localExtraLength + entry.compressedSize;
    // A data descriptor (flag bit 3) follows the body: 12 or 16 bytes (with its optional signature).
    if (entry.flags & 0x8) {
      const descriptor = await read(end, 4);
      end += descriptor.length === 4 && descriptor.readUInt32LE(0) === 0x08074b50 ? 16 : 12;
    }
  }
  if (end !== cdOffset) return invalid("bytes between the last entry and the central directory");

  const names = entries.map((entry) => entry.name.toLowerCase());
  for (const part of required) if (!names.some((name) => part.test(name))) return invalid(`no part matching ${part.source}`);
  // OpenDocument: "mimetype" comes first and is stored, so that its bytes can be read at a fixed place.
  if (kind.ext.startsWith("od") && (byOffset[0]!.name !== "mimetype" || byOffset[0]!.method !== 0)) return invalid("mimetype is not the first, stored entry");
  return { ok: true, entries: entries.length, expandedBytes };
}

/** Checks a ZIP container held in memory. */
export function checkOfficeContainerBytes(bytes: Uint8Array, kind: Pick<FileKind, "ext">): Promise<ContainerVerdict> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return checkContainer(async (offset, length) => buffer.subarray(offset, Math.min(buffer.length, offset + length)), buffer.length, kind);
}

/** Checks a ZIP container on disk, reading only its end record, central directory and local headers. */
export async function checkOfficeContainerFile(filePath: string, kind: Pick<FileKind, "ext">): Promise<ContainerVerdict> {
  const handle = await open(filePath, "r");
  try {
    const { size } = await handle.stat();
    return await checkContainer(async (offset, length) => {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      return buffer.subarray(0, bytesRead);
    }, size, kind);
  } finally {
    await handle.close();
  }
}
