// No user content runs as script in emails either. XSS vectors go into thread titles, post bodies, display
// names and group names; the worker composes immediate notification emails, group invitations and a daily
// digest at send time, and every message the transport received is checked: its HTML parsed with a real parser
// (jsdom) holds only the template's elements and attributes, links only to Enlace, and every vector as text;
// its subject is one line and its raw headers carry no header a title smuggled in; its text part is text.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { JSDOM } from "jsdom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import type { UserRow } from "../../db/schema";
import { services } from "../../server/domain";
import type { DeliveredEmail } from "../../server/domain/mail/mail-queue";
import { scheduleDigests } from "../../server/domain/notifications/notification-email";
import { createTopic, createUser } from "../factories";
import { as, createForumThread } from "../factories/forum";
import { FIELD_VECTORS, XSS_VECTORS } from "../fixtures/xss-vectors";
import { createTestDatabase } from "../setup/test-database";
import { createTestDeps, deliveredEmails, type TestDeps } from "../setup/test-deps";

const { forum, notifications, groups } = services;

/** Titles and names that try to break out of the Subject header or out of the translator's placeholders. */
const HEADER_VECTORS = [
  "Asunto\r\nBcc: victim@example.org",
  "Asunto\r\n\r\n<script>alert(1)</script>",
  "Asunto\nX-Injected: yes",
  "Asunto\rX-Injected: yes",
  "Asunto\u2028X-Injected: yes\u2029",
  "Asunto\r\n Content-Type: text/html",
  "=?utf-8?b?PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==?=\r\nX-Injected: yes",
  "Asunto%0d%0aBcc:victim@example.org",
  "{actor} {thread} {group} {{constructor.constructor('alert(1)')()}}",
];
// PostgreSQL text cannot hold NUL, and the input schemas drop it: the vectors are stored without it.
const VECTORS = [...new Set([...XSS_VECTORS, ...FIELD_VECTORS, ...HEADER_VECTORS].map((vector) => vector.replace(/\u0000/g, "")))];

/** The vectors packed into thread titles (at most 200 characters, each vector whole where it fits). */
function packTitles(vectors: readonly string[]): string[] {
  const titles: string[] = [];
  let current = "";
  for (const vector of vectors.map((v) => v.slice(0, 180))) {
    if (current && current.length + vector.length + 3 > 200) {
      titles.push(current);
      current = "";
    }
    current = current ? `${current} | ${vector}` : `T${titles.length} ${vector}`;
  }
  if (current) titles.push(current);
  return titles;
}

// What the templates may contain; anything else in the HTML came from a vector.
const ALLOWED_ELEMENTS = new Set(["HTML", "HEAD", "META", "TITLE", "BODY", "P", "H2", "UL", "LI", "A"]);
const ALLOWED_ATTRIBUTES = new Set(["lang", "charset", "style", "href"]);
const ALLOWED_HEADERS = new Set(["content-type", "from", "to", "subject", "message-id", "date", "mime-version", "list-unsubscribe", "list-unsubscribe-post", "content-transfer-encoding"]);

let handle: DatabaseHandle;
let deps: TestDeps;
let author: UserRow;
let invitee: UserRow;
let digester: UserRow;
const titles = packTitles(VECTORS);
const displayNames = VECTORS.filter((v) => v.trim().length >= 1 && v.trim().length <= 80);
const groupNames = [...FIELD_VECTORS, ...HEADER_VECTORS].filter((v) => v.trim().length >= 2 && v.trim().length <= 80);
let emails: DeliveredEmail[] = [];

beforeAll(async () => {
  handle = await createTestDatabase();
  deps = createTestDeps(handle, { env: { NOTIFY_EMAIL_DELAY_SECONDS: "60", NOTIFY_EMAIL_SPACING_MINUTES: "5" } });
  const topic = await createTopic(deps.db);
  const staff = await createUser(deps.db, { site_role: "moderator", display_name: '"><img src=x onerror=alert(1)> Staff\r\nBcc: victim@example.org' });
  author = await createUser(deps.db, { locale: "es", display_name: "<script>alert('autora')</script>" });
  invitee = await createUser(deps.db, { locale: "en", display_name: "<svg onload=alert(1)>" });
  digester = await createUser(deps.db, { locale: "pt", display_name: "</title><script>confirm(1)</script>" });
  await notifications.setEmailMode(as(deps, digester), { mode: "daily" });
  // Repliers whose display names are the vectors that fit a name.
  const repliers: UserRow[] = [];
  for (const name of displayNames) repliers.push(await createUser(deps.db, { display_name: name.trim() }));

  // Thread titles are the vectors, packed; post bodies are the vectors too. The author is emailed at once,
  // the digester (who watches every thread) gets them in the digest.
  for (const [i, title] of titles.entries()) {
    const { threadId } = await createForumThread(deps, { author, topicId: topic.id, title, body: VECTORS.slice(i * 4, i * 4 + 4).join("\n\n") || "x <script>alert(1)</script>" });
    await notifications.setFollowLevel(as(deps, digester), { target: "thread", targetId: threadId, level: "watching" });
    for (let k = 0; k < Math.ceil(repliers.length / titles.length); k++) {
      const replier = repliers[(i * Math.ceil(repliers.length / titles.length) + k) % repliers.length]!;
      await forum.createReply(as(deps, replier), { threadId, body: VECTORS[(i + k * 7) % VECTORS.length]! });
    }
  }
  // Group names are vectors: an invitation to each is emailed.
  for (const [i, name] of groupNames.entries()) {
    const group = await groups.createGroup(as(deps, staff), { topicId: topic.id, kind: "working_group", slug: `xss-correo-${i}`, nameEs: name, namePt: name, nameEn: name, joinPolicy: "invite" });
    await groups.inviteToGroup(as(deps, staff), { groupId: group.id, invitee: invitee.handle });
  }

  deps.clock.advance(2 * 60_000);
  await deps.mail.drain();
  deps.clock.advance(24 * 60 * 60_000);
  await scheduleDigests(deps);
  await deps.mail.drain();
  emails = deliveredEmails(deps);
}, 120_000);

afterAll(async () => {
  await handle?.close();
});

const lines = (value: string) => value.replace(/\r\n?/g, "\n");
const parsed = new Map<number, Document>();
/** The email's HTML part as a browser would build it (parsed once). */
function domOf(email: DeliveredEmail): Document {
  if (!parsed.has(email.outboxId)) parsed.set(email.outboxId, new JSDOM(email.html).window.document);
  return parsed.get(email.outboxId)!;
}
const emailsTo = (user: UserRow) => emails.filter((email) => email.to === user.email);

describe("notification emails and digests carry the XSS corpus as text", () => {
  it("were all composed and sent: one per thread, one per group invitation, one digest", () => {
    expect(emailsTo(author)).toHaveLength(titles.length);
    expect(emailsTo(invitee)).toHaveLength(groupNames.length);
    const digests = emailsTo(digester);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.subject).toBe("Seu resumo diário do Enlace");
    expect(VECTORS.length).toBeGreaterThanOrEqual(130);
  });

  it("their HTML holds only the template's elements and attributes, and links only to Enlace", () => {
    const problems: string[] = [];
    for (const email of emails) {
      const document = domOf(email);
      for (const element of document.querySelectorAll("*")) {
        if (!ALLOWED_ELEMENTS.has(element.tagName)) problems.push(`${email.outboxId}: <${element.tagName.toLowerCase()}>`);
        for (const attribute of element.attributes) {
          if (!ALLOWED_ATTRIBUTES.has(attribute.name)) problems.push(`${email.outboxId}: ${element.tagName.toLowerCase()}[${attribute.name}]`);
          if (/^on/i.test(attribute.name)) problems.push(`${email.outboxId}: event handler ${attribute.name}`);
          if (/^\s*(javascript|vbscript|data):/i.test(attribute.value)) problems.push(`${email.outboxId}: ${attribute.name}=${attribute.value}`);
        }
        const href = element.getAttribute("href") ?? element.getAttribute("src");
        if (href !== null && !href.startsWith(`${deps.config.publicUrl}/`)) problems.push(`${email.outboxId}: link to ${href}`);
      }
      if (document.querySelectorAll("script, iframe, object, embed, form, svg, math, style, base, img").length) problems.push(`${email.outboxId}: active element`);
      // Nothing of the vectors' markup escaped the parser as markup of its own.
      if (/<script|<\/title>\s*<script/i.test(document.documentElement.outerHTML)) problems.push(`${email.outboxId}: <script in the serialised DOM`);
    }
    expect(problems).toEqual([]);
  });

  it("every vector reaches an email's HTML as text, escaped, not as markup", () => {
    const html = emails.map((email) => lines(domOf(email).body.textContent ?? "")).join("\n");
    const heads = emails.map((email) => lines(domOf(email).title)).join("\n");
    const missing = VECTORS.filter((vector) => !html.includes(lines(vector.slice(0, 180).trim())));
    expect(missing).toEqual([]);
    // Titles carry the subject, one line, as text.
    expect(heads).toContain("T0 [x](javascript:alert(1))");
  });

  it("every subject is one line; the raw messages have no header a title or a name smuggled in", () => {
    const problems: string[] = [];
    for (const email of emails) {
      if (/[\u0000-\u001f\u007f\u0085\u2028\u2029]/.test(email.subject)) problems.push(`${email.outboxId}: control character in subject ${JSON.stringify(email.subject)}`);
      for (const [name, value] of Object.entries(email.headers)) if (/[\r\n]/.test(name + value)) problems.push(`${email.outboxId}: ${name}`);
      const file = readdirSync(deps.config.outboxDir).find((f) => f.endsWith(`-${email.outboxId}.eml`));
      if (!file) {
        problems.push(`${email.outboxId}: no .eml`);
        continue;
      }
      const raw = readFileSync(path.join(deps.config.outboxDir, file), "utf8");
      const head = raw.slice(0, raw.search(/\r?\n\r?\n/));
      const names = head
        .split(/\r?\n/)
        .filter((line) => !/^[ \t]/.test(line))
        .map((line) => line.slice(0, line.indexOf(":")).toLowerCase());
      for (const name of names) if (!ALLOWED_HEADERS.has(name)) problems.push(`${email.outboxId}: header ${JSON.stringify(name)}`);
      for (const once of ["subject", "to", "from", "content-type", "message-id"]) if (names.filter((n) => n === once).length !== 1) problems.push(`${email.outboxId}: ${once} ×${names.filter((n) => n === once).length}`);
      if (/^(bcc|cc|x-injected):/im.test(raw.slice(0, raw.search(/\r?\n--/)))) problems.push(`${email.outboxId}: injected header`);
      // Two alternatives: the text part is text/plain, the HTML part text/html.
      if (!/^Content-Type: multipart\/alternative;/m.test(head)) problems.push(`${email.outboxId}: not multipart/alternative`);
      // Each part's own headers (the block after each boundary line), not text in a body that happens to
      // start a line with "Content-Type:" once quoted-printable wraps it.
      const boundary = head.match(/boundary="?([^";\r\n]+)"?/)?.[1] ?? "";
      const partHeads = raw.split(`--${boundary}`).slice(1, -1).map((part) => part.replace(/^\r?\n/, "").split(/\r?\n\r?\n/)[0] ?? "");
      const parts = ["multipart/alternative", ...partHeads.map((part) => part.match(/^Content-Type: ([\w/+-]+)/im)?.[1] ?? "none")];
      if (parts.join(",") !== "multipart/alternative,text/plain,text/html") problems.push(`${email.outboxId}: parts ${parts.join(",")}`);
    }
    expect(problems).toEqual([]);
  });

  it("the text part is plain text: the vectors appear as typed, never HTML-escaped", () => {
    const text = emails.map((email) => lines(email.text)).join("\n");
    const missing = VECTORS.filter((vector) => !text.includes(lines(vector.slice(0, 180).trim())));
    expect(missing).toEqual([]);
    // And none of the HTML template leaked into it.
    for (const email of emails) expect(email.text, `${email.outboxId}`).not.toMatch(/<!doctype html>|<\/body><\/html>|<li><a href=/i);
  });
});
