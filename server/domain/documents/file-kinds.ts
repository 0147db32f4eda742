// The kinds of file the document bank accepts, recognised by their content (magic bytes, via file-type),
// never by the name the uploader gave. Text formats (HTML, SVG, CSV, plain text) have no magic bytes a
// browser would agree with, and HTML or SVG could run script if a browser ever rendered them: refused.

export interface FileKind {
  /** The extension the stored name gets. */
  ext: string;
  /** Content-Type of downloads. Never text/html or image/svg+xml. */
  mime: string;
  /** Extensions an uploader's name may already carry for this kind. */
  names: string[];
  /** Broad family, for the page's icon and label. */
  family: "pdf" | "word" | "excel" | "powerpoint" | "image" | "opendocument";
}

const kinds: Record<string, FileKind> = {
  pdf: { ext: "pdf", mime: "application/pdf", names: ["pdf"], family: "pdf" },
  docx: { ext: "docx", mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", names: ["docx"], family: "word" },
  xlsx: { ext: "xlsx", mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", names: ["xlsx"], family: "excel" },
  pptx: { ext: "pptx", mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation", names: ["pptx"], family: "powerpoint" },
  odt: { ext: "odt", mime: "application/vnd.oasis.opendocument.text", names: ["odt"], family: "opendocument" },
  ods: { ext: "ods", mime: "application/vnd.oasis.opendocument.spreadsheet", names: ["ods"], family: "opendocument" },
  odp: { ext: "odp", mime: "application/vnd.oasis.opendocument.presentation", names: ["odp"], family: "opendocument" },
  png: { ext: "png", mime: "image/png", names: ["png"], family: "image" },
  jpg: { ext: "jpg", mime: "image/jpeg", names: ["jpg", "jpeg", "jpe"], family: "image" },
  gif: { ext: "gif", mime: "image/gif", names: ["gif"], family: "image" },
  webp: { ext: "webp", mime: "image/webp", names: ["webp"], family: "image" },
};

// Legacy Office files are all Compound File Binary containers ("cfb"): the name's extension says which.
const legacyOffice: Record<string, FileKind> = {
  doc: { ext: "doc", mime: "application/msword", names: ["doc"], family: "word" },
  xls: { ext: "xls", mime: "application/vnd.ms-excel", names: ["xls"], family: "excel" },
  ppt: { ext: "ppt", mime: "application/vnd.ms-powerpoint", names: ["ppt", "pps"], family: "powerpoint" },
};

/** Every extension a name may carry (for the file picker's accept attribute). */
export const acceptedExtensions = [...new Set([...Object.values(kinds), ...Object.values(legacyOffice)].flatMap((kind) => kind.names))];

export type KindVerdict = { ok: true; kind: FileKind } | { ok: false; reason: "unsupported" | "mismatch" };

/** The extension of a name (lowercase, without the dot), or "" when it has none. */
export function extensionOf(name: string): string {
  const match = name.match(/\.([A-Za-z0-9]{1,8})$/);
  return match ? match[1].toLowerCase() : "";
}

/**
 * Decides what a file is from what file-type detected in its bytes and the name it came with. A name
 * whose extension names another kind (a ".pdf" that is a PNG) is a mismatch; a name without a known
 * extension simply gets the detected one.
 */
export function classifyFile(detectedExt: string | undefined, name: string): KindVerdict {
  const nameExt = extensionOf(name);
  if (detectedExt === "cfb") {
    const legacy = Object.values(legacyOffice).find((kind) => kind.names.includes(nameExt));
    return legacy ? { ok: true, kind: legacy } : { ok: false, reason: knownExtension(nameExt) ? "mismatch" : "unsupported" };
  }
  const kind = detectedExt ? kinds[detectedExt] : undefined;
  if (!kind) return { ok: false, reason: "unsupported" };
  if (nameExt && !kind.names.includes(nameExt) && knownOrRisky(nameExt)) return { ok: false, reason: "mismatch" };
  return { ok: true, kind };
}

function knownExtension(ext: string): boolean {
  return acceptedExtensions.includes(ext);
}

// Extensions a browser or desktop might treat as something else: a PDF named "x.html" is refused, not renamed.
const riskyExtensions = new Set(["htm", "html", "xhtml", "shtml", "svg", "svgz", "xml", "js", "mjs", "exe", "bat", "cmd", "com", "scr", "msi", "ps1", "sh", "vbs", "jar", "hta", "lnk", "php", "zip", "txt", "csv", "rtf"]);

function knownOrRisky(ext: string): boolean {
  return knownExtension(ext) || riskyExtensions.has(ext);
}
