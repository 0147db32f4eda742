// The sanitizer's promises over a corpus and over generated input (fast-check): idempotent, and
// nothing executable survives. Also: plain emails escape every value, and the test-only switch that
// turns the sanitizer off cannot be enabled outside NODE_ENV=test.
import fc from "fast-check";
import { JSDOM } from "jsdom";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../server/config";
import { renderMarkdown, sanitizeHtml, setUnsafeRawHtmlForTests } from "../../server/domain/content/markdown";
import { renderEmail } from "../../server/domain/mail/templates";
import { FIELD_VECTORS, XSS_VECTORS } from "../fixtures/xss-vectors";

const FORBIDDEN_TAGS = /<\/?(script|iframe|form|style|svg|math|object|embed|base|meta|link|input|button|textarea|foreignobject|noscript|template|frame|frameset|xmp|noembed|video|audio|source|details|marquee|isindex)\b/i;
const UNSAFE_URL = /^\s*(javascript|vbscript|data|file):/i;
const URL_INVISIBLES = /[\u0000-\u0020\u007F-\u00A0\u00AD\u1680\u180E\u2000-\u200F\u2028-\u202F\u205F\u3000\uFEFF]/g;

/** Every way the output could still run script, as a list of findings (empty when safe). */
function dangersIn(html: string, options: { allowStyle?: boolean } = {}): string[] {
  const found: string[] = [];
  if (FORBIDDEN_TAGS.test(html)) found.push(`forbidden tag: ${FORBIDDEN_TAGS.exec(html)![0]}`);
  // Parsed the way a browser would, then every element and attribute inspected.
  const fragment = JSDOM.fragment(`<div>${html}</div>`);
  for (const element of fragment.querySelectorAll("*")) {
    const tag = element.localName;
    if (/^(script|iframe|form|style|svg|math|object|embed|base|meta|link|foreignobject)$/i.test(tag)) found.push(`element <${tag}>`);
    for (const name of element.getAttributeNames()) {
      const value = element.getAttribute(name) ?? "";
      if (/^on/i.test(name)) found.push(`<${tag} ${name}>`);
      if (name === "style" && !options.allowStyle) found.push(`<${tag} style>`);
      if (/^(href|src|action|formaction|xlink:href|srcdoc|data|background)$/i.test(name)) {
        const probe = value.replace(URL_INVISIBLES, "");
        const scheme = /^([^/?#\\]*):/.exec(probe)?.[1]?.toLowerCase();
        if (UNSAFE_URL.test(probe) || (scheme !== undefined && !["http", "https", "mailto"].includes(scheme))) {
          found.push(`<${tag} ${name}="${value}">`);
        }
      }
    }
  }
  // Event handlers outside quoted values, in case the fragment parser read them differently.
  for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
    if (/\son\w+\s*=/i.test(tag.replace(/"[^"]*"/g, '""'))) found.push(`handler in ${tag}`);
  }
  return found;
}

describe("the XSS corpus (tests/fixtures/xss-vectors.ts)", () => {
  it("is large and has no duplicates", () => {
    expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(100);
    expect(new Set(XSS_VECTORS).size).toBe(XSS_VECTORS.length);
  });

  it.each(XSS_VECTORS.map((vector) => [vector]))("as Markdown: %j", (vector) => {
    const html = renderMarkdown(vector);
    expect(dangersIn(html), html).toEqual([]);
    expect(sanitizeHtml(html)).toBe(html);
  });

  it.each(XSS_VECTORS.map((vector) => [vector]))("as HTML given to the sanitizer: %j", (vector) => {
    const html = sanitizeHtml(vector);
    expect(dangersIn(html), html).toEqual([]);
    expect(sanitizeHtml(html)).toBe(html);
  });

  it("the checker itself finds what it looks for", () => {
    for (const bad of ['<img src=x onerror="alert(1)">', '<a href="java\tscript:alert(1)">x</a>', "<svg><foreignObject></foreignObject></svg>", "<script>1</script>", '<a href="data:text/html,x">x</a>']) {
      expect(dangersIn(bad), bad).not.toEqual([]);
    }
  });
});

// ---- Properties ----

const TAGS = ["p", "a", "img", "svg", "math", "script", "iframe", "form", "style", "foreignObject", "noscript", "textarea", "title", "template", "table", "td", "mglyph", "mtext", "select", "object", "details", "b", "xmp", "option", "annotation-xml", "desc"];
const ATTRIBUTES = ["href", "src", "onerror", "onload", "onclick", "ONmouseover", "style", "title", "class", "xlink:href", "action", "formaction", "srcdoc", "id", "name", "is", "encoding", "data-x", "start"];
const URLS = [
  "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "java&#x09;script:alert(1)", "&#106;avascript:alert(1)",
  "&#x6A;avascript&colon;alert(1)", " \u0001javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>",
  "data:text/html;base64,PHNjcmlwdD4=", "https://example.org/a", "/same/site.png", "mailto:a@b.org", "//evil.example", "x", "\uFEFFjavascript:x",
];
const TEXTS = ["x", "alert(1)", "<", ">", '"', "'", "</style>", "</noscript>", "</title>", "</textarea>", "<!--", "-->", "<![CDATA[", "]]>", "&lt;", "&amp;", "`", "\n", "</p>", "<img src=x onerror=alert(1)>"];

const attributeArb = fc
  .tuple(fc.constantFrom(...ATTRIBUTES), fc.oneof(fc.constantFrom(...URLS), fc.constantFrom(...TEXTS)), fc.constantFrom('"', "'", ""))
  .map(([name, value, quote]) => ` ${name}=${quote}${quote ? value.replaceAll(quote, "") : value.replace(/[\s>]/g, "")}${quote}`);

const htmlArb: fc.Arbitrary<string> = fc.letrec<{ node: string; element: string }>((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, fc.constantFrom(...TEXTS), tie("element")),
  element: fc
    .tuple(fc.constantFrom(...TAGS), fc.array(attributeArb, { maxLength: 3 }), fc.array(tie("node"), { maxLength: 3 }), fc.boolean())
    .map(([tag, attributes, children, close]) => `<${tag}${attributes.join("")}>${children.join("")}${close ? `</${tag}>` : ""}`),
})).node;

const markdownArb = fc
  .array(
    fc.oneof(
      htmlArb,
      fc.tuple(fc.constantFrom(...TEXTS), fc.constantFrom(...URLS)).map(([text, url]) => `[${text}](${url})`),
      fc.tuple(fc.constantFrom(...TEXTS), fc.constantFrom(...URLS)).map(([text, url]) => `![${text}](${url})`),
      fc.constantFrom(...URLS).map((url) => `<${url}>`),
      fc.constantFrom("# ", "> ", "- ", "```\n", "\n\n", "| a |\n|---|\n| ", "`", "*", "@bob "),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(""));

describe("sanitizeHtml, for any input", () => {
  const runs = { numRuns: 400 };

  it("is idempotent and leaves nothing executable, for arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (input) => {
        const once = sanitizeHtml(input);
        expect(sanitizeHtml(once)).toBe(once);
        expect(dangersIn(once)).toEqual([]);
      }),
      runs,
    );
  }, 120_000);

  it("is idempotent and leaves nothing executable, for HTML built from tag and attribute fragments", () => {
    fc.assert(
      fc.property(htmlArb, (input) => {
        const once = sanitizeHtml(input);
        expect(sanitizeHtml(once)).toBe(once);
        expect(dangersIn(once), `${input}\n=> ${once}`).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  }, 120_000);

  it("renders Markdown mixed with such HTML to output that is safe and already sanitized", () => {
    fc.assert(
      fc.property(markdownArb, (input) => {
        const html = renderMarkdown(input, { existingHandles: new Set(["bob"]) });
        expect(sanitizeHtml(html)).toBe(html);
        expect(dangersIn(html), `${input}\n=> ${html}`).toEqual([]);
      }),
      { numRuns: 400 },
    );
  }, 120_000);
});

describe("the test-only switch UNSAFE_DISABLE_SANITIZER", () => {
  afterEach(() => setUnsafeRawHtmlForTests(false));

  it("is refused outside NODE_ENV=test", () => {
    for (const NODE_ENV of ["production", "development"]) {
      expect(() => loadConfig({ NODE_ENV, UNSAFE_DISABLE_SANITIZER: "true" })).toThrow(ConfigError);
      expect(() => loadConfig({ NODE_ENV, UNSAFE_DISABLE_SANITIZER: "true" })).toThrow(/UNSAFE_DISABLE_SANITIZER: is only allowed when NODE_ENV=test/);
    }
    // Unset NODE_ENV means development.
    expect(() => loadConfig({ UNSAFE_DISABLE_SANITIZER: "1" })).toThrow(ConfigError);
    expect(loadConfig({ NODE_ENV: "production" }).unsafeDisableSanitizer).toBe(false);
    expect(loadConfig({ NODE_ENV: "test" }).unsafeDisableSanitizer).toBe(false);
    expect(loadConfig({ NODE_ENV: "test", UNSAFE_DISABLE_SANITIZER: "true" }).unsafeDisableSanitizer).toBe(true);
  });

  it("when on, posts keep raw HTML (so the browser test really tests the CSP); when off, they don't", () => {
    setUnsafeRawHtmlForTests(true);
    expect(renderMarkdown("<script>window.__pwned=1</script>")).toContain("<script>window.__pwned=1</script>");
    setUnsafeRawHtmlForTests(false);
    expect(renderMarkdown("<script>window.__pwned=1</script>")).not.toContain("<script>");
  });
});

describe("account emails escape every value", () => {
  const kinds = ["verify_email", "reset_password", "invitation", "moderation_notice", "account_approved"] as const;
  it.each(FIELD_VECTORS.map((vector) => [vector]))("with %j as the name and in every variable", (vector) => {
    for (const kind of kinds) {
      for (const locale of ["es", "pt", "en"] as const) {
        const email = renderEmail(kind, locale, {
          name: vector,
          link: `https://enlace.example/x?a=${vector}`,
          what: vector,
          notice: vector,
          reason: vector,
          group: vector,
          inviter: vector,
        });
        const body = email.html.replace(/^<!doctype html><html lang="\w+"><head><meta charset="utf-8">/, "");
        // No markup but the template's own: every < in a value arrives as &lt;.
        const tags = [...body.matchAll(/<\/?([a-z0-9]+)/gi)].map((match) => match[1].toLowerCase());
        expect(new Set(tags), email.html).toEqual(new Set(tags.filter((tag) => ["title", "head", "body", "html", "p", "a"].includes(tag))));
        expect(dangersIn(body, { allowStyle: true }), email.html).toEqual([]);
        if (vector.includes("<")) expect(email.html).toContain(vector.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;").slice(0, 12));
      }
    }
  });
});
