// Archive tricks against the document bank: Office files are ZIP containers, and file-type only looks at their
// first entries. The central-directory check (office-container.ts) must refuse the rest, without unpacking.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileTypeFromBuffer } from "file-type";
import { afterAll, describe, expect, it } from "vitest";
import { classifyFile } from "../../server/domain/documents/file-kinds";
import { inspectStagedFile } from "../../server/domain/documents/inspect";
import { checkOfficeContainerBytes, containerLimits, unsafeEntryName } from "../../server/domain/documents/office-container";
import { stageBuffer } from "../../server/domain/documents/staging";
import { officeEntries, officeFile, simplePdf, zerosBomb, zipArchive } from "../factories/documents";

const docx = { ext: "docx" } as const;
const odt = { ext: "odt" } as const;
const stagingDir = mkdtempSync(path.join(os.tmpdir(), "enlace-office-"));
const config = { maxBytes: 64 * 1024 * 1024, stagingDir, uploadsPerHour: 0, storage: { kind: "disk" as const, dir: stagingDir } };
afterAll(() => rmSync(stagingDir, { recursive: true, force: true }));

/** What the upload path says of these bytes under this name: the kind, or the translated error key. */
async function verdictOf(bytes: Uint8Array, name: string): Promise<string> {
  try {
    return (await inspectStagedFile(config, await stageBuffer(config, bytes, name))).kind.ext;
  } catch (error) {
    return (error as { fieldErrors?: { file?: string } }).fieldErrors?.file ?? String(error);
  }
}

describe("well-formed Office files pass", () => {
  it.each(["docx", "xlsx", "pptx", "odt"] as const)("a minimal %s is recognised by file-type and by its central directory", async (kind) => {
    const bytes = officeFile(kind);
    expect((await fileTypeFromBuffer(bytes))?.ext).toBe(kind);
    expect(await checkOfficeContainerBytes(bytes, { ext: kind })).toMatchObject({ ok: true, entries: 3 });
    expect(await verdictOf(bytes, `plan.${kind}`)).toBe(kind);
  });
});

describe("a container that is not what it claims", () => {
  it("a [Content_Types].xml saying docx, without word/document.xml: file-type says docx, the upload is refused", async () => {
    const bytes = zipArchive([...officeEntries("docx").slice(0, 2), { name: "payload.html", data: "<script>alert(1)</script>" }]);
    expect((await fileTypeFromBuffer(bytes))?.ext).toBe("docx");
    expect(await checkOfficeContainerBytes(bytes, docx)).toMatchObject({ ok: false, reason: "invalid", detail: expect.stringContaining("word") });
    expect(await verdictOf(bytes, "informe.docx")).toBe("document.file_archive_invalid");
  });

  it("a plain ZIP renamed .docx is not an Office file at all", async () => {
    const bytes = zipArchive([{ name: "leeme.txt", data: "hola" }, { name: "index.html", data: "<script>alert(1)</script>" }]);
    expect((await fileTypeFromBuffer(bytes))?.ext).toBe("zip");
    expect(classifyFile("zip", "informe.docx")).toEqual({ ok: false, reason: "unsupported" });
    expect(await verdictOf(bytes, "informe.docx")).toBe("document.file_type_unsupported");
  });

  it("an OpenDocument whose mimetype is not the first, stored entry", async () => {
    const [mimetype, ...rest] = officeEntries("odt");
    expect(await checkOfficeContainerBytes(zipArchive([...rest, mimetype!]), odt)).toMatchObject({ ok: false, reason: "invalid" });
    expect(await checkOfficeContainerBytes(zipArchive([{ ...mimetype!, method: 8 }, ...rest]), odt)).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("local headers that name other files than the central directory (what file-type reads is not what Word reads)", async () => {
    const entries = officeEntries("docx");
    entries[2] = { ...entries[2]!, localName: "word/other.xml" };
    expect(await checkOfficeContainerBytes(zipArchive(entries), docx)).toMatchObject({ ok: false, reason: "invalid", detail: expect.stringContaining("local header") });
  });

  it("bytes glued before or after the archive (a polyglot), encryption, and exotic compression", async () => {
    const html = Buffer.from("<html><script>alert(1)</script></html>");
    expect(await checkOfficeContainerBytes(zipArchive(officeEntries("docx"), { suffix: html }), docx)).toMatchObject({ ok: false, reason: "invalid" });
    expect(await checkOfficeContainerBytes(zipArchive(officeEntries("docx"), { prefix: html }), docx)).toMatchObject({ ok: false, reason: "invalid" });
    // A comment is part of the archive and allowed; a comment length that does not reach the end is not.
    expect(await checkOfficeContainerBytes(zipArchive(officeEntries("docx"), { comment: "Enlace" }), docx)).toMatchObject({ ok: true });
    const encrypted = officeEntries("docx").map((entry, i) => (i === 2 ? { ...entry, flags: 1 } : entry));
    expect(await checkOfficeContainerBytes(zipArchive(encrypted), docx)).toMatchObject({ ok: false, reason: "invalid", detail: expect.stringContaining("encrypted") });
    const bzip2 = officeEntries("docx").map((entry, i) => (i === 2 ? { ...entry, method: 12 } : entry));
    expect(await checkOfficeContainerBytes(zipArchive(bzip2), docx)).toMatchObject({ ok: false, reason: "invalid", detail: "compression method 12" });
    // Not a ZIP at all.
    expect(await checkOfficeContainerBytes(simplePdf("x", ["y"]), docx)).toMatchObject({ ok: false, reason: "invalid" });
  });
});

describe("entry names", () => {
  it.each(["../evil.xml", "word/../../evil.xml", "/etc/cron.d/x", "\\windows\\x.dll", "C:\\Users\\x.xml", "c:evil.xml", "word\\..\\..\\evil.xml", "a\0b.xml", ""])(
    "refuses %j",
    async (name) => {
      expect(unsafeEntryName(name)).toBe(true);
      const bytes = zipArchive([...officeEntries("docx"), { name, data: "x" }]);
      expect(await checkOfficeContainerBytes(bytes, docx)).toMatchObject({ ok: false, reason: "invalid" });
    },
  );

  it("accepts ordinary part names, dots included", () => {
    for (const name of ["word/document.xml", "word/_rels/document.xml.rels", "docProps/app.xml", "word/media/image1..png", "..hidden", "a/.../b"]) expect(unsafeEntryName(name), name).toBe(false);
  });

  it("refuses the same entry twice, even in another case", async () => {
    expect(await checkOfficeContainerBytes(zipArchive([...officeEntries("docx"), { name: "word/document.xml", data: "<x/>" }]), docx)).toMatchObject({ ok: false, reason: "invalid" });
    expect(await checkOfficeContainerBytes(zipArchive([...officeEntries("docx"), { name: "WORD/Document.xml", data: "<x/>" }]), docx)).toMatchObject({ ok: false, reason: "invalid" });
  });
});

describe("zip bombs are refused from the central directory, never unpacked", () => {
  it("a real bomb: 1 MB that expands to 1 GiB of zeros, refused without the memory to hold it", async () => {
    const entries = officeEntries("docx");
    entries[2] = { name: "word/document.xml", deflated: zerosBomb(1024) };
    const bytes = zipArchive(entries);
    expect(bytes.length).toBeLessThan(1.1 * 1024 * 1024);
    global.gc?.();
    const before = process.memoryUsage();
    const started = Date.now();
    expect(await checkOfficeContainerBytes(bytes, docx)).toMatchObject({ ok: false, reason: "too_large" });
    expect(await verdictOf(bytes, "informe.docx")).toBe("document.file_archive_too_large");
    const after = process.memoryUsage();
    // Unpacking it would take a gigabyte; reading its index takes next to nothing.
    expect(after.rss - before.rss).toBeLessThan(128 * 1024 * 1024);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(64 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("the bomb in [Content_Types].xml itself (the part file-type reads), honest or lying about its size, is not taken for a docx", async () => {
    for (const declaredSize of [undefined, 100]) {
      const entries = officeEntries("docx");
      entries[0] = { name: "[Content_Types].xml", deflated: zerosBomb(256), declaredSize };
      const bytes = zipArchive(entries);
      // file-type reads at most 1 MiB of it, cannot parse it, and calls it a plain ZIP.
      expect((await fileTypeFromBuffer(bytes))?.ext, `declared ${declaredSize}`).toBe("zip");
      expect(await verdictOf(bytes, "informe.docx")).toBe("document.file_type_unsupported");
    }
  });

  it("a declared size far beyond the file's, whatever the body holds", async () => {
    const entries = officeEntries("docx");
    entries[2] = { ...entries[2]!, declaredSize: 0xfffffffe };
    expect(await checkOfficeContainerBytes(zipArchive(entries), docx)).toMatchObject({ ok: false, reason: "too_large" });
    // Within the free allowance, a high ratio is fine (a spreadsheet of repeated rows).
    entries[2] = { ...entries[2]!, declaredSize: containerLimits.freeExpandedBytes - 4096 };
    expect(await checkOfficeContainerBytes(zipArchive(entries), docx)).toMatchObject({ ok: true });
  });

  it("many entries pointing at one body (overlapping entries, the 'better zip bomb')", async () => {
    const entries = officeEntries("docx");
    entries[2] = { name: "word/document.xml", deflated: zerosBomb(4) };
    const aliases = Array.from({ length: 2 }, (_, i) => ({ name: `word/copy${i}.xml`, of: 2 }));
    expect(await checkOfficeContainerBytes(zipArchive(entries, { aliases }), docx)).toMatchObject({ ok: false, reason: "invalid", detail: expect.stringContaining("overlapping") });
    const many = Array.from({ length: 1000 }, (_, i) => ({ name: `word/copy${i}.xml`, of: 2 }));
    expect(await checkOfficeContainerBytes(zipArchive(entries, { aliases: many }), docx)).toMatchObject({ ok: false, reason: "too_large" });
  });

  it("too many entries", async () => {
    const filler = Array.from({ length: containerLimits.maxEntries + 1 }, (_, i) => ({ name: `customXml/item${i}.xml`, data: "", method: 0 }));
    const bytes = zipArchive([...officeEntries("docx"), ...filler]);
    expect(await checkOfficeContainerBytes(bytes, docx)).toMatchObject({ ok: false, reason: "too_large", detail: expect.stringContaining("entries") });
  });

  it("has no way to decompress: no zlib or unzip library in the module that reads the archive", () => {
    const code = readFileSync(new URL("../../server/domain/documents/office-container.ts", import.meta.url), "utf8").replace(/\/\/.*$/gm, "");
    expect(code).not.toMatch(/zlib|inflate|unzip|yauzl|jszip|fflate|adm-zip/i);
  });
});
