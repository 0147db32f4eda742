import { existsSync, readdirSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import type { UserRow } from "../../db/schema";
import { services } from "../../server/domain";
import { signV4 } from "../../server/domain/documents/s3";
import { createSession } from "../../server/domain/sessions/session.service";
import { createSessionCookie } from "../../server/http/session-cookie";
import { stageBuffer } from "../../server/domain/documents/staging";
import { createTopic, createUser, DEFAULT_TEST_PASSWORD } from "../factories";
import { officeEntries, officeFile, simplePdf, tinyPng, uploadTestDocument, zerosBomb, zipArchive } from "../factories/documents";
import { as } from "../factories/forum";
import { createTestDatabase } from "../setup/test-database";
import { createBrowser, startTestServer, type TestServer } from "../setup/test-server";
import { createTestDeps, type TestDeps } from "../setup/test-deps";

const { documents, groups, forum } = services;
let handle: DatabaseHandle;
let server: TestServer;
let deps: TestDeps;
let topicId: number;
let uploader: UserRow;
let member: UserRow;
let outsider: UserRow;
let moderator: UserRow;
let admin: UserRow;
let group: { id: number; slug: string };

beforeAll(async () => {
  handle = await createTestDatabase();
  // One megabyte is the limit here, so the size tests stay small.
  server = await startTestServer(handle, { env: { UPLOAD_MAX_MB: "1" } });
  deps = server.deps;
  topicId = (await createTopic(deps.db)).id;
  [uploader, member, outsider] = await Promise.all([createUser(deps.db, { locale: "en" }), createUser(deps.db, { locale: "en" }), createUser(deps.db, { locale: "en" })]);
  moderator = await createUser(deps.db, { site_role: "moderator", locale: "en" });
  admin = await createUser(deps.db, { site_role: "admin", locale: "en" });
  group = await groups.createGroup(as(deps, moderator), {
    topicId,
    kind: "working_group",
    slug: "flotas-privadas-docs",
    nameEs: "Flotas privadas",
    namePt: "Frotas privadas",
    nameEn: "Private fleets",
    joinPolicy: "invite",
  });
  await groups.inviteToGroup(as(deps, moderator), { groupId: group.id, invitee: `@${member.handle}` });
  const [invitation] = await groups.myGroupInvitations(as(deps, member));
  await groups.respondToInvitation(as(deps, member), { invitationId: invitation.id }, true);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await handle?.close();
});

type Browser = ReturnType<typeof createBrowser>;

async function signedIn(user: UserRow): Promise<Browser> {
  const browser = createBrowser(server, "en");
  const response = await browser.post("/sign-in", { email: user.email, password: DEFAULT_TEST_PASSWORD, redirectTo: "/" });
  expect(response.status).toBe(302);
  return browser;
}

function cookieOf(browser: Browser | null): string {
  return browser ? [...browser.jar].map(([name, value]) => `${name}=${value}`).join("; ") : "";
}

const metadata = (place: string, title: string) => ({
  title,
  description: "A description.",
  docType: "guideline",
  language: "en",
  audience: "public",
  place,
  country: "CL",
  year: "2024",
});

/** A multipart POST as a browser's FormData would send it. */
async function postUpload(browser: Browser | null, path: string, fields: Record<string, string>, file: { bytes: Uint8Array; name: string; type?: string } | null, headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  if (file) form.set("file", new Blob([new Uint8Array(file.bytes)], { type: file.type ?? "application/octet-stream" }), file.name);
  return fetch(server.url + path, {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: { origin: server.origin, cookie: cookieOf(browser), "accept-language": "en", ...headers },
  });
}

/** The same body built by hand, to send with a chosen (or no) Content-Length. */
function multipartBody(fields: Record<string, string>, file: { bytes: Uint8Array; name: string }) {
  const boundary = `----enlace${Date.now()}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n`));
  parts.push(Buffer.from(file.bytes));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

function stagingLeftovers(): string[] {
  try {
    return readdirSync(deps.config.documents.stagingDir);
  } catch {
    return [];
  }
}

const topicPlace = () => `topic:${topicId}`;
const groupPlace = () => `group:${group.id}`;

describe("uploading over HTTP", () => {
  it("the upload form's JavaScript path answers JSON; the page and the download follow", async () => {
    const browser = await signedIn(uploader);
    const bytes = simplePdf("Urban freight guide", ["Consolidation centres and delivery windows."]);
    const response = await postUpload(browser, "/documents/upload", metadata(topicPlace(), "Urban freight guide for intermediate cities"), { bytes, name: "freight guide.pdf", type: "application/pdf" }, { accept: "application/json" });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { ok: boolean; url: string; documentId: number };
    expect(body).toMatchObject({ ok: true, url: `/documents/${body.documentId}` });

    const page = await browser.get(body.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Urban freight guide for intermediate cities");
    expect(html).toContain(`href="/documents/${body.documentId}/download"`);

    const download = await createBrowser(server).get(`/documents/${body.documentId}/download`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="freight guide.pdf"; filename*=UTF-8''freight%20guide.pdf`);
    expect(download.headers.get("content-security-policy")).toContain("sandbox");
    expect(download.headers.get("cache-control")).toContain("no-store");
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    const counted = await deps.db.selectFrom("documents").select("download_count").where("id", "=", body.documentId).executeTakeFirstOrThrow();
    expect(counted.download_count).toBe(1);
    const logged = await deps.db.selectFrom("document_downloads").selectAll().where("document_id", "=", body.documentId).execute();
    expect(logged).toHaveLength(1);
  });

  it("the same form works without JavaScript: a plain POST to /documents/new redirects to the document", async () => {
    const browser = await signedIn(uploader);
    const response = await postUpload(browser, "/documents/new", metadata(topicPlace(), "Plain form upload of a parking policy"), { bytes: simplePdf("Parking", ["Parking policy."]), name: "parking.pdf" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^\/documents\/\d+$/);
  });

  it("a failed plain POST shows translated errors and keeps what was typed", async () => {
    const browser = await signedIn(uploader);
    const response = await postUpload(browser, "/documents/new", metadata(topicPlace(), "A title that stays in the form"), { bytes: tinyPng(), name: "chart.pdf" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("does not match its name");
    expect(html).toContain('value="A title that stays in the form"');
  });

  it("refuses anonymous uploads", async () => {
    const response = await postUpload(null, "/documents/upload", metadata(topicPlace(), "Anonymous"), { bytes: simplePdf("x", ["y"]), name: "x.pdf" }, { accept: "application/json" });
    expect(response.status).toBe(401);
    const plain = await postUpload(null, "/documents/new", metadata(topicPlace(), "Anonymous"), { bytes: simplePdf("x", ["y"]), name: "x.pdf" });
    expect(plain.status).toBe(302);
    expect(plain.headers.get("location")).toContain("/sign-in");
  });

  it("refuses a cross-site upload (CSRF): a foreign Origin gets 403", async () => {
    const browser = await signedIn(uploader);
    const response = await postUpload(browser, "/documents/upload", metadata(topicPlace(), "Forged"), { bytes: simplePdf("x", ["y"]), name: "x.pdf" }, { origin: "https://evil.example" });
    expect(response.status).toBe(403);
  });
});

describe("size limit", () => {
  const before = async () => Number((await deps.db.selectFrom("documents").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

  it("refuses a body whose declared length is over the limit, storing none of it", async () => {
    const browser = await signedIn(uploader);
    const count = await before();
    const big = new Uint8Array(1024 * 1024 + 400 * 1024);
    big.set(simplePdf("Big", ["Big"]).subarray(0, 8));
    const response = await postUpload(browser, "/documents/upload", metadata(topicPlace(), "Too big to upload"), { bytes: big, name: "big.pdf" }, { accept: "application/json" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { fieldErrors: Record<string, string> };
    expect(body.fieldErrors.file).toBe("This file is larger than the upload limit.");
    expect(await before()).toBe(count);
  });

  it("cuts a file past the limit while streaming (just over it, and with no Content-Length at all) and deletes the staged part", async () => {
    const browser = await signedIn(uploader);
    const count = await before();
    const bytes = new Uint8Array(1024 * 1024 + 50 * 1024);
    bytes.set(simplePdf("Big", ["Big"]).subarray(0, 8));
    const { body, contentType } = multipartBody(metadata(topicPlace(), "Slightly too big"), { bytes, name: "big.pdf" });
    const declared = await fetch(server.url + "/documents/upload", {
      method: "POST",
      body,
      headers: { origin: server.origin, cookie: cookieOf(browser), "content-type": contentType, accept: "application/json", "accept-language": "en" },
    });
    expect(declared.status).toBe(400);
    expect(((await declared.json()) as { fieldErrors: Record<string, string> }).fieldErrors.file).toBe("This file is larger than the upload limit.");

    const chunked = await fetch(server.url + "/documents/upload", {
      method: "POST",
      body: new ReadableStream({
        start(controller) {
          for (let at = 0; at < body.length; at += 64 * 1024) controller.enqueue(body.subarray(at, at + 64 * 1024));
          controller.close();
        },
      }),
      duplex: "half",
      headers: { origin: server.origin, cookie: cookieOf(browser), "content-type": contentType, accept: "application/json", "accept-language": "en" },
    } as RequestInit);
    expect(chunked.status).toBe(400);
    expect(await before()).toBe(count);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stagingLeftovers()).toEqual([]);
  });

  it("the service refuses an oversized staged file too (defence in depth)", async () => {
    const file = await stageBuffer(deps.config.documents, new Uint8Array(1024 * 1024 + 1), "x.pdf");
    await expect(documents.upload(as(deps, uploader), { ...metadata(topicPlace(), "Staged too big"), file })).rejects.toMatchObject({
      fieldErrors: { file: "document.file_too_large" },
    });
    expect(stagingLeftovers()).toEqual([]);
  });
});

describe("type checked by content, never by the name", () => {
  it("refuses a .pdf name with PNG bytes, HTML, SVG, and HTML named .pdf", async () => {
    const browser = await signedIn(uploader);
    const cases: { bytes: Uint8Array; name: string; error: string }[] = [
      { bytes: tinyPng(), name: "report.pdf", error: "does not match its name" },
      { bytes: Buffer.from("<!doctype html><script>alert(1)</script>"), name: "page.html", error: "not accepted" },
      { bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), name: "logo.svg", error: "not accepted" },
      { bytes: Buffer.from("<html><body onload=alert(1)>"), name: "looks-like.pdf", error: "not accepted" },
      { bytes: simplePdf("x", ["y"]), name: "really-a-pdf.html", error: "does not match its name" },
    ];
    for (const sample of cases) {
      const response = await postUpload(browser, "/documents/upload", metadata(topicPlace(), `Refused ${sample.name}`), { bytes: sample.bytes, name: sample.name, type: "application/pdf" }, { accept: "application/json" });
      expect(response.status, sample.name).toBe(400);
      const body = (await response.json()) as { fieldErrors: Record<string, string> };
      expect(body.fieldErrors.file, sample.name).toContain(sample.error);
    }
    const stored = await deps.db.selectFrom("documents").select("id").where("title", "like", "Refused %").execute();
    expect(stored).toEqual([]);
    expect(stagingLeftovers()).toEqual([]);
  });

  it("accepts an image and serves it with its detected type; a name without extension gets the right one", async () => {
    const { documentId } = await uploadTestDocument(deps, uploader, { place: topicPlace(), title: "Station photo", bytes: tinyPng(), fileName: "photo" });
    const version = await deps.db.selectFrom("document_versions").selectAll().where("document_id", "=", documentId).executeTakeFirstOrThrow();
    expect(version).toMatchObject({ file_name: "photo.png", mime_type: "image/png" });
    const download = await createBrowser(server).get(`/documents/${documentId}/download`);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(download.headers.get("content-disposition")).toMatch(/^attachment;/);
  });
});

describe("archive tricks (Office files are ZIP containers)", () => {
  /** A browser already signed in (a session made directly: the sign-in rate limit is for the other tests). */
  async function sessionBrowser(user: UserRow, language: string): Promise<Browser> {
    const browser = createBrowser(server, language);
    const { token, session } = await createSession(deps, deps.db, user.id, { ip: "127.0.0.1", userAgent: "vitest" });
    const [name, value] = createSessionCookie(deps.config).serialize(token, session.expires_at).split(";")[0]!.split("=") as [string, string];
    browser.jar.set(name, value);
    return browser;
  }

  /** Posts a file through the JSON path; the status and the file's error, if any. */
  async function tryUpload(browser: Browser, title: string, bytes: Uint8Array, name: string, language = "en") {
    const response = await postUpload(browser, "/documents/upload", metadata(topicPlace(), title), { bytes, name }, { accept: "application/json", "accept-language": language });
    const body = (await response.json()) as { documentId?: number; fieldErrors?: Record<string, string> };
    return { status: response.status, documentId: body.documentId, error: body.fieldErrors?.file };
  }

  it("refuses a docx without its main part, a renamed ZIP, a zip bomb and entries that climb out of their folder, in the member's language", async () => {
    const browser = await sessionBrowser(uploader, "en");
    const bomb = officeEntries("docx");
    bomb[2] = { name: "word/document.xml", deflated: zerosBomb(512) }; // half a gigabyte in about 500 KB
    const cases: { name: string; bytes: Uint8Array; error: string }[] = [
      { name: "no-main-part.docx", bytes: zipArchive(officeEntries("docx").slice(0, 2)), error: "not a real Word, Excel, PowerPoint or OpenDocument file" },
      { name: "renamed.docx", bytes: zipArchive([{ name: "index.html", data: "<script>alert(1)</script>" }]), error: "not accepted" },
      { name: "bomb.docx", bytes: zipArchive(bomb), error: "far too much space once opened" },
      { name: "declared-bomb.xlsx", bytes: zipArchive(officeEntries("xlsx").map((entry, i) => (i === 2 ? { ...entry, declaredSize: 0xfffffff0 } : entry))), error: "far too much space once opened" },
      { name: "climbing.docx", bytes: zipArchive([...officeEntries("docx"), { name: "../../../../tmp/enlace-pwned.html", data: "<script>alert(1)</script>" }]), error: "not a real Word" },
      { name: "absolute.odt", bytes: zipArchive([...officeEntries("odt"), { name: "/etc/cron.d/enlace", data: "* * * * * root id" }]), error: "not a real Word" },
      { name: "glued-html.pptx", bytes: zipArchive(officeEntries("pptx"), { suffix: Buffer.from("<html><script>alert(1)</script>") }), error: "not a real Word" },
    ];
    expect(cases[2]!.bytes.length).toBeLessThan(deps.config.documents.maxBytes);
    for (const sample of cases) {
      const result = await tryUpload(browser, `Archive trick ${sample.name}`, sample.bytes, sample.name);
      expect(result.status, sample.name).toBe(400);
      expect(result.error, sample.name).toContain(sample.error);
    }
    // The same refusals, translated.
    const spanish = await sessionBrowser(await createUser(deps.db, { locale: "es" }), "es");
    expect((await tryUpload(spanish, "Archive trick es", cases[0]!.bytes, "informe.docx", "es")).error).toContain("no es un verdadero archivo de Word");
    expect((await tryUpload(spanish, "Archive trick es bomb", cases[2]!.bytes, "informe.docx", "es")).error).toContain("demasiado espacio");
    const portuguese = await sessionBrowser(await createUser(deps.db, { locale: "pt" }), "pt");
    expect((await tryUpload(portuguese, "Archive trick pt", cases[0]!.bytes, "relatorio.docx", "pt")).error).toContain("não é um verdadeiro arquivo do Word");
    expect(await deps.db.selectFrom("documents").select("id").where("title", "like", "Archive trick %").execute()).toEqual([]);
    expect(stagingLeftovers()).toEqual([]);
  });

  it("a well-formed docx is accepted and downloaded as a docx attachment", async () => {
    const browser = await sessionBrowser(uploader, "en");
    const result = await tryUpload(browser, "A real Word file", officeFile("docx"), "plan.docx");
    expect(result.status).toBe(201);
    const download = await createBrowser(server).get(`/documents/${result.documentId}/download`);
    expect(download.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="plan\.docx"/);
  });

  it("polyglots are served as what they were taken for: an attachment with nosniff, never as HTML", async () => {
    const payload = "<!doctype html><html><body onload=alert(document.cookie)><script>alert(1)</script></body></html>";
    // A valid PDF with HTML after it; a PDF header followed by a whole ZIP; a docx that carries an HTML page inside.
    const pdfWithHtml = Buffer.concat([simplePdf("Polyglot", ["A PDF that is also a web page."]), Buffer.from(`\n%${payload}\n`)]);
    const pdfThenZip = Buffer.concat([simplePdf("Polyglot zip", ["A PDF with a ZIP after it."]), zipArchive([{ name: "index.html", data: payload }])]);
    const docxWithHtml = zipArchive([...officeEntries("docx"), { name: "word/afchunk.html", data: payload }]);
    const browser = await sessionBrowser(uploader, "en");
    for (const [name, bytes, mime] of [
      ["report.pdf", pdfWithHtml, "application/pdf"],
      ["report", pdfThenZip, "application/pdf"],
      ["chunks.docx", docxWithHtml, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ] as const) {
      const result = await tryUpload(browser, `Polyglot ${name}`, bytes, name);
      expect(result.status, name).toBe(201);
      for (const response of [await createBrowser(server).get(`/documents/${result.documentId}/download`), await fetch(`${server.url}/documents/${result.documentId}/download`, { method: "HEAD" })]) {
        expect(response.status, name).toBe(200);
        expect(response.headers.get("content-type"), name).toBe(mime);
        expect(response.headers.get("content-disposition"), name).toMatch(/^attachment;/);
        expect(response.headers.get("x-content-type-options"), name).toBe("nosniff");
        expect(response.headers.get("content-security-policy"), name).toContain("sandbox");
      }
    }
    // Named as a page, the same bytes are refused rather than renamed.
    expect((await tryUpload(browser, "Polyglot page", pdfWithHtml, "report.html")).error).toContain("does not match its name");
    expect((await tryUpload(browser, "Polyglot page", docxWithHtml, "chunks.htm")).error).toContain("does not match its name");
  });
});

describe("names are neutralised", () => {
  it("strips folders, CR/LF, NUL, bidi overrides and zero-width characters, and keeps a matching extension", async () => {
    const rtl = "invoice\u202Efdp.exe";
    const nasty = `..\\..\\windows/../../etc/pass\r\nwd\u0000 \u200Bbad${rtl}`;
    const { documentId } = await uploadTestDocument(deps, uploader, { place: topicPlace(), title: "Nasty name", fileName: `${nasty}.pdf` });
    const version = await deps.db.selectFrom("document_versions").selectAll().where("document_id", "=", documentId).executeTakeFirstOrThrow();
    expect(version.file_name).toBe("passwd badinvoicefdp.exe.pdf");
    expect(version.file_name).not.toMatch(/[\r\n\u0000\u202E\u200B/\\]/);
    expect(version.storage_key).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{32}$/);

    // Over HTTP: a path and a right-to-left override in the multipart filename.
    const browser = await signedIn(uploader);
    const response = await postUpload(browser, "/documents/upload", metadata(topicPlace(), "RTL name over HTTP"), { bytes: simplePdf("x", ["y"]), name: `../../informe\u202Egpj.pdf` }, { accept: "application/json" });
    expect(response.status).toBe(201);
    const { documentId: httpId } = (await response.json()) as { documentId: number };
    const stored = await deps.db.selectFrom("document_versions").select("file_name").where("document_id", "=", httpId).executeTakeFirstOrThrow();
    expect(stored.file_name).toBe("informegpj.pdf");

    const download = await createBrowser(server).get(`/documents/${documentId}/download`);
    const disposition = download.headers.get("content-disposition") ?? "";
    expect(disposition).toBe(`attachment; filename="passwd badinvoicefdp.exe.pdf"; filename*=UTF-8''passwd%20badinvoicefdp.exe.pdf`);
  });

  it("keeps accents in filename* and gives an ASCII fallback", async () => {
    const { documentId } = await uploadTestDocument(deps, uploader, { place: topicPlace(), title: "Accents", fileName: "Política de movilidad – São Paulo.pdf" });
    const download = await createBrowser(server).get(`/documents/${documentId}/download`);
    expect(download.headers.get("content-disposition")).toBe(
      `attachment; filename="Politica de movilidad _ Sao Paulo.pdf"; filename*=UTF-8''Pol%C3%ADtica%20de%20movilidad%20%E2%80%93%20S%C3%A3o%20Paulo.pdf`,
    );
  });
});

describe("who sees what", () => {
  let publicId: number;
  let membersId: number;
  let privateId: number;
  let privateKey: string;

  beforeAll(async () => {
    publicId = (await uploadTestDocument(deps, uploader, { place: topicPlace(), title: "Public canary guide", audience: "public" })).documentId;
    membersId = (await uploadTestDocument(deps, uploader, { place: topicPlace(), title: "Members canary proposal", audience: "members" })).documentId;
    privateId = (await uploadTestDocument(deps, member, { place: groupPlace(), title: "Private canary roadmap", description: "zanahoria privada", fileName: "canary-roadmap.pdf" })).documentId;
    privateKey = (await deps.db.selectFrom("document_versions").select("storage_key").where("document_id", "=", privateId).executeTakeFirstOrThrow()).storage_key;
  });

  it("a private group's file is 404 for a non-member and for anonymous visitors, page and download alike", async () => {
    const anonymous = createBrowser(server);
    const stranger = await signedIn(outsider);
    for (const browser of [anonymous, stranger]) {
      for (const path of [`/documents/${privateId}`, `/documents/${privateId}/download`, `/documents/${privateId}/download?version=1`]) {
        const response = await browser.get(path);
        expect(response.status, path).toBe(404);
        const text = await response.text();
        expect(text).not.toContain("canary");
      }
    }
    await expect(documents.get(as(deps, outsider), { documentId: privateId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(documents.openDownload(as(deps, null), { documentId: privateId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The same answer as for an id that does not exist.
    expect((await anonymous.get("/documents/999999/download")).status).toBe(404);
  });

  it("even a guessed storage key leads nowhere", async () => {
    const anonymous = createBrowser(server);
    const hex = privateKey.split("/").pop()!;
    for (const path of [`/files/${privateKey}`, `/data/files/${privateKey}`, `/${privateKey}`, `/documents/${hex}`, `/documents/${hex}/download`, `/uploads/${hex}`, `/files/${hex}`]) {
      const response = await anonymous.get(path);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain("%PDF");
    }
  });

  it("members of the group, and admins, see and download it", async () => {
    const insider = await signedIn(member);
    expect((await insider.get(`/documents/${privateId}`)).status).toBe(200);
    expect((await insider.get(`/documents/${privateId}/download`)).status).toBe(200);
    const chief = await signedIn(admin);
    expect((await chief.get(`/documents/${privateId}/download`)).status).toBe(200);
  });

  it("a members-only document is 404 for anonymous visitors and visible to any signed-in member", async () => {
    const anonymous = createBrowser(server);
    expect((await anonymous.get(`/documents/${membersId}`)).status).toBe(404);
    expect((await anonymous.get(`/documents/${membersId}/download`)).status).toBe(404);
    const stranger = await signedIn(outsider);
    expect((await stranger.get(`/documents/${membersId}/download`)).status).toBe(200);
    expect((await anonymous.get(`/documents/${publicId}/download`)).status).toBe(200);
  });

  it("lists and searches filter in SQL by who asks", async () => {
    const titles = async (actor: UserRow | null, q?: string) => (await documents.list(as(deps, actor), { q, limit: 50 })).documents.map((doc) => doc.title).filter((title) => title.includes("canary"));
    expect(await titles(null)).toEqual(["Public canary guide"]);
    expect((await titles(outsider)).sort()).toEqual(["Members canary proposal", "Public canary guide"]);
    expect((await titles(member)).sort()).toEqual(["Members canary proposal", "Private canary roadmap", "Public canary guide"]);
    expect((await titles(admin)).sort()).toEqual(["Members canary proposal", "Private canary roadmap", "Public canary guide"]);
    // Search by a word only in the private document's description and PDF: nothing for outsiders.
    expect(await titles(outsider, "zanahoria")).toEqual([]);
    expect(await titles(null, "zanahoria")).toEqual([]);
    expect(await titles(member, "zanahoria")).toEqual(["Private canary roadmap"]);
    // The list page too.
    const html = await (await createBrowser(server).get("/documents?q=canary")).text();
    expect(html).toContain("Public canary guide");
    expect(html).not.toContain("Members canary proposal");
    expect(html).not.toContain("Private canary roadmap");
  });

  it("a non-member cannot upload into the private group, nor a new version of its document", async () => {
    const file = await stageBuffer(deps.config.documents, simplePdf("x", ["y"]), "x.pdf");
    await expect(documents.upload(as(deps, outsider), { ...metadata(groupPlace(), "Sneaking in"), file })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const again = await stageBuffer(deps.config.documents, simplePdf("x", ["y"]), "x.pdf");
    await expect(documents.uploadVersion(as(deps, outsider), { documentId: privateId, file: again })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(stagingLeftovers()).toEqual([]);
  });

  it("a document in a private group is stored members-only whatever the form said, and sends no webhook", async () => {
    const row = await deps.db.selectFrom("documents").select("audience").where("id", "=", privateId).executeTakeFirstOrThrow();
    expect(row.audience).toBe("members");
  });
});

describe("versions", () => {
  it("a new version keeps the old ones, each downloadable; only the uploader or a moderator may add one", async () => {
    const first = simplePdf("Tariff integration v1", ["First draft of the tariff integration study."]);
    const { documentId } = await uploadTestDocument(deps, uploader, { place: topicPlace(), title: "Tariff integration study", bytes: first, fileName: "tariff.pdf" });
    const second = simplePdf("Tariff integration v2", ["Second draft with the metropolitan fare capping scheme."]);
    const added = await documents.uploadVersion(as(deps, uploader), { documentId, file: await stageBuffer(deps.config.documents, second, "tariff v2.pdf") });
    expect(added).toEqual({ documentId, number: 2 });
    await expect(
      documents.uploadVersion(as(deps, outsider), { documentId, file: await stageBuffer(deps.config.documents, second, "mine.pdf") }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const byModerator = await documents.uploadVersion(as(deps, moderator), { documentId, file: await stageBuffer(deps.config.documents, tinyPng(), "scan.png") });
    expect(byModerator.number).toBe(3);

    const view = await documents.get(as(deps, null), { documentId });
    expect(view.versions.map((version) => [version.number, version.fileName, version.current])).toEqual([
      [3, "scan.png", true],
      [2, "tariff v2.pdf", false],
      [1, "tariff.pdf", false],
    ]);
    expect(view.file).toMatchObject({ version: 3, name: "scan.png", mimeType: "image/png" });

    const anonymous = createBrowser(server);
    const old = await anonymous.get(`/documents/${documentId}/download?version=1`);
    expect(old.status).toBe(200);
    expect(Buffer.from(await old.arrayBuffer()).equals(first)).toBe(true);
    const middle = await anonymous.get(`/documents/${documentId}/download?version=2`);
    expect(Buffer.from(await middle.arrayBuffer()).equals(second)).toBe(true);
    expect((await anonymous.get(`/documents/${documentId}/download?version=4`)).status).toBe(404);
    expect((await anonymous.get(`/documents/${documentId}/download?version=abc`)).status).toBe(404);
  });

  it("a new version over HTTP (JSON path) and its page list every version", async () => {
    const { documentId } = await uploadTestDocument(deps, uploader, { place: topicPlace(), title: "Cycle lane design manual" });
    const browser = await signedIn(uploader);
    const response = await postUpload(browser, `/documents/${documentId}/versions`, {}, { bytes: simplePdf("Manual v2", ["Protected intersections."]), name: "manual-v2.pdf" }, { accept: "application/json" });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { url: string }).url).toBe(`/documents/${documentId}?added=2`);
    const html = await (await browser.get(`/documents/${documentId}?added=2`)).text();
    expect(html).toContain("manual-v2.pdf");
    expect(html).toContain(`/documents/${documentId}/download?version=1`);

    const stranger = await signedIn(outsider);
    const refused = await postUpload(stranger, `/documents/${documentId}/versions`, {}, { bytes: simplePdf("x", ["y"]), name: "x.pdf" }, { accept: "application/json" });
    expect(refused.status).toBe(403);
  });

  it("the search follows the current version's text", async () => {
    const { documentId } = await uploadTestDocument(deps, uploader, { place: topicPlace(), title: "Evolving study", description: "", bytes: simplePdf("Evolving", ["The word aardvarkian appears here."]) });
    await documents.uploadVersion(as(deps, uploader), { documentId, file: await stageBuffer(deps.config.documents, simplePdf("Evolving", ["Now it says quokkaesque instead."]), "v2.pdf") });
    const find = async (q: string) => (await documents.list(as(deps, null), { q })).documents.map((doc) => doc.id);
    expect(await find("quokkaesque")).toContain(documentId);
    expect(await find("aardvarkian")).not.toContain(documentId);
  });
});

describe("full-text search", () => {
  it("finds a PDF by words only in its text, with stemming, and highlights them", async () => {
    const { documentId } = await uploadTestDocument(deps, uploader, {
      place: topicPlace(),
      title: "Estudio de transporte",
      description: "Un estudio.",
      language: "es",
      bytes: simplePdf("Estudio", ["Las licitaciones de trolebuses eléctricos en Valparaíso exigieron garantías de baterías."]),
    });
    const search = async (q: string) => documents.list(as(deps, null), { q });
    const found = await search("trolebús licitación");
    expect(found.documents.map((doc) => doc.id)).toContain(documentId);
    const hit = found.documents.find((doc) => doc.id === documentId)!;
    expect(hit.snippet?.some((part) => part.match && /trolebuses|licitaciones/i.test(part.text))).toBe(true);
    expect((await search("Valparaíso")).documents.map((doc) => doc.id)).toContain(documentId);
    // The country's name in any of the three languages finds it too.
    const chile = await uploadTestDocument(deps, uploader, { place: topicPlace(), title: "Country test", country: "CL" });
    expect((await search("Chile")).documents.map((doc) => doc.id)).toContain(chile.documentId);
  });

  it("filters by type, country, language and year, and pages with a cursor", async () => {
    for (let index = 0; index < 3; index++) {
      await uploadTestDocument(deps, uploader, { place: topicPlace(), title: `Filtered SUMP ${index}`, docType: "sump", country: "UY", language: "pt", year: 2021 });
    }
    const first = await documents.list(as(deps, null), { type: "sump", country: "UY", language: "pt", year: "2021", limit: "2" });
    expect(first.documents).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const second = await documents.list(as(deps, null), { type: "sump", country: "UY", language: "pt", year: "2021", limit: "2", cursor: first.nextCursor });
    expect(second.documents).toHaveLength(1);
    expect(new Set([...first.documents, ...second.documents].map((doc) => doc.title))).toEqual(new Set(["Filtered SUMP 0", "Filtered SUMP 1", "Filtered SUMP 2"]));
    await expect(documents.list(as(deps, null), { cursor: "nonsense" })).rejects.toMatchObject({ code: "VALIDATION" });
  });
});

describe("where a document is discussed", () => {
  it("threads whose posts link it, as the reader may see them; edits update the links", async () => {
    const { documentId } = await uploadTestDocument(deps, uploader, { place: topicPlace(), title: "Linked guide" });
    const { threadId, postId } = await forum.createThread(as(deps, uploader), {
      topicId,
      kind: "discussion",
      title: "Let us discuss the linked guide",
      body: `See [the guide](/documents/${documentId}) and also ${deps.config.publicUrl}/documents/${documentId}. Not this: https://elsewhere.example/documents/${documentId + 1000}`,
    });
    // A private group's thread links it too: only its members see that thread listed.
    const privateThread = await forum.createThread(as(deps, member), {
      groupId: group.id,
      kind: "discussion",
      title: "Private talk about the guide",
      body: `Internally: /documents/${documentId}`,
    });
    const publicView = await documents.get(as(deps, outsider), { documentId });
    expect(publicView.discussedIn).toEqual([{ threadId, title: "Let us discuss the linked guide", postId, language: "en" }]);
    const memberView = await documents.get(as(deps, member), { documentId });
    expect(memberView.discussedIn.map((entry) => entry.threadId).sort()).toEqual([threadId, privateThread.threadId].sort());

    const reply = await forum.createReply(as(deps, outsider), { threadId, body: `Same here /documents/${documentId}` });
    await forum.editPost(as(deps, outsider), { postId: reply.postId, body: "Removed the link." });
    const rows = await deps.db.selectFrom("document_mentions").selectAll().where("post_id", "=", reply.postId).execute();
    expect(rows).toEqual([]);
    await forum.editPost(as(deps, uploader), { postId, body: "No links any more.", title: "Let us discuss the linked guide" });
    expect((await documents.get(as(deps, outsider), { documentId })).discussedIn).toEqual([]);
  });
});

describe("webhooks, limits and deletion", () => {
  it("a new public document queues document:created; members-only and private ones do not", async () => {
    await deps.db
      .insertInto("webhooks")
      .values({ url: "https://hooks.example/enlace", secret: "s", events: ["document:created"] as unknown as string[] })
      .execute();
    const before = async () => (await deps.db.selectFrom("webhook_deliveries").select("payload").where("event", "=", "document:created").execute()).length;
    const start = await before();
    const { documentId } = await uploadTestDocument(deps, uploader, { place: topicPlace(), title: "Public webhook document", audience: "public" });
    await uploadTestDocument(deps, uploader, { place: topicPlace(), title: "Members webhook document", audience: "members" });
    await uploadTestDocument(deps, member, { place: groupPlace(), title: "Private webhook document" });
    expect(await before()).toBe(start + 1);
    const row = await deps.db.selectFrom("webhook_deliveries").select("payload").where("event", "=", "document:created").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(JSON.stringify(row.payload)).toContain(`/documents/${documentId}`);
  });

  it("limits uploads per member and hour when configured", async () => {
    const limited = createTestDeps(handle, { env: { UPLOADS_PER_HOUR: "2" } });
    const someone = await createUser(limited.db);
    await uploadTestDocument(limited, someone, { place: topicPlace() });
    await uploadTestDocument(limited, someone, { place: topicPlace() });
    await expect(uploadTestDocument(limited, someone, { place: topicPlace() })).rejects.toMatchObject({ code: "RATE_LIMITED", messageKey: "document.too_many_uploads" });
  });

  it("the uploader deletes a document: gone for everyone but moderators", async () => {
    const { documentId } = await uploadTestDocument(deps, uploader, { place: topicPlace(), title: "Soon deleted" });
    await expect(documents.remove(as(deps, outsider), { documentId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await documents.remove(as(deps, uploader), { documentId });
    await expect(documents.get(as(deps, outsider), { documentId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await documents.get(as(deps, moderator), { documentId })).deleted).toBe(true);
    expect((await documents.list(as(deps, moderator), { limit: 50 })).documents.map((doc) => doc.id)).not.toContain(documentId);
  });
});

describe("the S3-compatible store (STORAGE=s3)", () => {
  it("stores, serves and keeps versions in a bucket, with signed requests, and nothing under DATA_DIR/files", async () => {
    const objects = new Map<string, Buffer>();
    const credentials = { region: "us-east-1", accessKeyId: "enlace-test", secretAccessKey: "fake-secret" };
    const fake = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const headers = { host: String(req.headers.host), "x-amz-content-sha256": String(req.headers["x-amz-content-sha256"]), "x-amz-date": String(req.headers["x-amz-date"]) };
        const expected = signV4({ ...credentials, method: req.method!, path: req.url!, headers, payloadHash: headers["x-amz-content-sha256"], amzDate: headers["x-amz-date"] });
        if (req.headers.authorization !== expected.authorization) return void res.writeHead(403).end("<Error><Code>SignatureDoesNotMatch</Code></Error>");
        if (req.method === "PUT") {
          objects.set(req.url!, Buffer.concat(chunks));
          return void res.writeHead(200).end();
        }
        const object = objects.get(req.url!);
        if (req.method === "GET" && object) return void res.writeHead(200).end(object);
        res.writeHead(404).end("<Error><Code>NoSuchKey</Code></Error>");
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
    try {
      const s3 = createTestDeps(handle, {
        env: {
          STORAGE: "s3",
          STORAGE_ENDPOINT: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`,
          STORAGE_BUCKET: "enlace",
          STORAGE_ACCESS_KEY_ID: credentials.accessKeyId,
          STORAGE_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        },
      });
      const bytes = simplePdf("Bucket", ["Stored in an object store."]);
      const { documentId } = await uploadTestDocument(s3, uploader, { place: topicPlace(), title: "Stored in a bucket", bytes });
      const key = (await s3.db.selectFrom("document_versions").select("storage_key").where("document_id", "=", documentId).executeTakeFirstOrThrow()).storage_key;
      expect([...objects.keys()]).toContain(`/enlace/${key}`);
      await documents.uploadVersion(as(s3, uploader), { documentId, file: await stageBuffer(s3.config.documents, tinyPng(), "v2.png") });
      expect(objects.size).toBe(2);

      const download = await documents.openDownload(as(s3, null), { documentId, version: 1 });
      const chunks: Buffer[] = [];
      for await (const chunk of download.stream) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
      expect(existsSync(s3.config.dataDir + "/files")).toBe(false);
      expect(readdirSync(s3.config.documents.stagingDir)).toEqual([]);

      // A file the store has lost is a 503 for the reader, not a crash.
      objects.clear();
      await expect(documents.openDownload(as(s3, null), { documentId })).rejects.toMatchObject({ code: "UNAVAILABLE" });
    } finally {
      await new Promise<void>((resolve) => fake.close(() => resolve()));
    }
  });
});
