import { describe, expect, it } from "vitest";
import { classifyFile, extensionOf } from "../../server/domain/documents/file-kinds";
import { attachmentDisposition, neutraliseFileName } from "../../server/domain/documents/file-names";
import { documentIdsLinkedIn } from "../../server/domain/documents/mentions";

const pdf = (() => {
  const verdict = classifyFile("pdf", "x.pdf");
  if (!verdict.ok) throw new Error("pdf refused");
  return verdict.kind;
})();

describe("file kinds are decided by content", () => {
  it("accepts what the bytes say, when the name agrees or says nothing", () => {
    expect(classifyFile("pdf", "plan.pdf")).toMatchObject({ ok: true, kind: { mime: "application/pdf" } });
    expect(classifyFile("pdf", "plan")).toMatchObject({ ok: true, kind: { ext: "pdf" } });
    expect(classifyFile("pdf", "plan.v2")).toMatchObject({ ok: true, kind: { ext: "pdf" } });
    expect(classifyFile("jpg", "foto.JPEG")).toMatchObject({ ok: true, kind: { mime: "image/jpeg" } });
    expect(classifyFile("docx", "informe.docx")).toMatchObject({ ok: true, kind: { family: "word" } });
    expect(classifyFile("cfb", "planilla.xls")).toMatchObject({ ok: true, kind: { mime: "application/vnd.ms-excel" } });
  });

  it("refuses a name that claims another kind, and kinds it does not take", () => {
    expect(classifyFile("png", "report.pdf")).toEqual({ ok: false, reason: "mismatch" });
    expect(classifyFile("pdf", "page.html")).toEqual({ ok: false, reason: "mismatch" });
    expect(classifyFile("pdf", "image.svg")).toEqual({ ok: false, reason: "mismatch" });
    expect(classifyFile("cfb", "installer.msi")).toEqual({ ok: false, reason: "unsupported" });
    expect(classifyFile("cfb", "report.pdf")).toEqual({ ok: false, reason: "mismatch" });
    expect(classifyFile(undefined, "page.html")).toEqual({ ok: false, reason: "unsupported" });
    expect(classifyFile("exe", "tool.pdf")).toEqual({ ok: false, reason: "unsupported" });
    expect(classifyFile("zip", "archive.zip")).toEqual({ ok: false, reason: "unsupported" });
  });

  it("reads extensions", () => {
    expect(extensionOf("a.b.PDF")).toBe("pdf");
    expect(extensionOf("noext")).toBe("");
    expect(extensionOf("trailing.")).toBe("");
  });
});

describe("file names are neutralised", () => {
  it.each([
    ["../../etc/passwd.pdf", "passwd.pdf"],
    ["C:\\Users\\ana\\Desktop\\plan final.pdf", "plan final.pdf"],
    ["line\r\nbreak.pdf", "linebreak.pdf"],
    ["nul\u0000byte.pdf", "nulbyte.pdf"],
    ["invoice\u202Efdp.exe", "invoicefdp.exe.pdf"],
    ["\u2066isolate\u2069d\u200F.pdf", "isolated.pdf"],
    ["..", "documento.pdf"],
    ["", "documento.pdf"],
    [".htaccess", "htaccess.pdf"],
    ["  spaced   out  .pdf  ", "spaced out.pdf"],
    ['quote"s<and>pipes|.pdf', "quote_s_and_pipes_.pdf"],
    ["Política de Movilidad.PDF", "Política de Movilidad.pdf"],
    ["report.pdf.pdf", "report.pdf.pdf"],
  ])("%j -> %j", (raw, expected) => {
    expect(neutraliseFileName(raw, pdf)).toBe(expected);
  });

  it("keeps names short, ending in the real extension", () => {
    const name = neutraliseFileName(`${"a".repeat(500)}.pdf`, pdf);
    expect(name.length).toBeLessThanOrEqual(120);
    expect(name.endsWith(".pdf")).toBe(true);
  });

  it("writes Content-Disposition as an attachment with an ASCII fallback and a UTF-8 filename*", () => {
    expect(attachmentDisposition("plan.pdf")).toBe(`attachment; filename="plan.pdf"; filename*=UTF-8''plan.pdf`);
    expect(attachmentDisposition("São Paulo (v2).pdf")).toBe(`attachment; filename="Sao Paulo (v2).pdf"; filename*=UTF-8''S%C3%A3o%20Paulo%20%28v2%29.pdf`);
    expect(attachmentDisposition('a"b\\c\r\n.pdf')).toBe(`attachment; filename="a_b_c.pdf"; filename*=UTF-8''a%22b%5Cc.pdf`);
    expect(attachmentDisposition("日本.pdf")).toMatch(/^attachment; filename="__\.pdf"; filename\*=UTF-8''%E6%97%A5%E6%9C%AC\.pdf$/);
  });
});

describe("links to documents in posts", () => {
  const site = "https://enlace.example.org";
  it("finds relative links and links to this site only", () => {
    const markdown = [
      "See [the plan](/documents/12) and </documents/13>.",
      "Also https://enlace.example.org/documents/14?version=2 and http://enlace.example.org/documents/15.",
      "Not https://other.example/documents/16, not /api/documents/17, not /documents/18abc.",
      "Bare: /documents/19",
    ].join("\n");
    expect(documentIdsLinkedIn(markdown, site).sort((a, b) => a - b)).toEqual([12, 13, 14, 15, 19]);
  });

  it("ignores ids that cannot be ids, and stops at fifty", () => {
    expect(documentIdsLinkedIn("/documents/0 /documents/99999999999", site)).toEqual([]);
    const many = Array.from({ length: 80 }, (_, index) => `/documents/${index + 1}`).join(" ");
    expect(documentIdsLinkedIn(many, site)).toHaveLength(50);
  });
});
