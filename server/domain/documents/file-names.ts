// Names people give their files are shown on pages and sent back in Content-Disposition headers, so they
// are neutralised first: no folders, no control characters (CR/LF, NUL), no bidirectional overrides that
// would make "exe.pdf" read as "fdp.exe", and an extension that matches what the file really is.
import { extensionOf, type FileKind } from "./file-kinds";

const NAME_MAX = 120;

// C0 and C1 controls (CR, LF, NUL, ESC...), DEL; bidi marks, embeddings, overrides and isolates; zero-width
// characters and the BOM; line and paragraph separators.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;
// Reserved on common file systems, or troublesome in headers and shells.
const RESERVED = /[<>:"/\\|?*;`$]/g;

/**
 * A safe display name for an uploaded file: the last path segment only, without unsafe characters,
 * collapsed spaces, no leading dots, at most 120 characters, ending in the extension of its real kind.
 */
export function neutraliseFileName(raw: string, kind: FileKind, fallbackBase = "documento"): string {
  const lastSegment = raw.split(/[/\\]/).pop() ?? "";
  let name = lastSegment.normalize("NFC").replace(UNSAFE, "").replace(RESERVED, "_").replace(/\s+/g, " ").trim();
  // "..", ".htaccess" and friends: no leading dots; no trailing dots or spaces (Windows drops them).
  name = name.replace(/^[.\s]+/, "").replace(/[.\s]+$/, "");
  const ext = extensionOf(name);
  let base = ext && kind.names.includes(ext) ? name.slice(0, -(ext.length + 1)) : name;
  base = base.replace(/[.\s]+$/, "");
  if (!base) base = fallbackBase;
  const max = NAME_MAX - kind.ext.length - 1;
  if (base.length > max) base = [...base].slice(0, max).join("").replace(/[.\s]+$/, "");
  return `${base}.${kind.ext}`;
}

/**
 * Content-Disposition for a download: always an attachment, with an ASCII fallback name and the real
 * one as an RFC 5987 / RFC 6266 `filename*` (UTF-8, percent-encoded).
 */
export function attachmentDisposition(name: string): string {
  const clean = name.replace(UNSAFE, "");
  const ascii =
    clean
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\x20-\x7e]/g, "_")
      .replace(/["\\%;]/g, "_")
      .trim() || "download";
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
