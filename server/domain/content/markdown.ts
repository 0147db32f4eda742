// Server-side Markdown pipeline for forum posts: markdown-it renders, a few core rules adapt the
// token stream (mentions, heading levels, table alignment), and DOMPurify has the last word on
// what reaches the page. Raw HTML is off in markdown-it, so the sanitizer is a second wall, not
// the only one; it still enforces every rule by itself so stored or hand-made HTML is safe too.
import createDOMPurify, { type Config, type DOMPurify, type WindowLike } from "dompurify";
import { createRequire } from "node:module";
import MarkdownIt, { type StateCore, type Token } from "markdown-it";

export interface RenderOptions {
  /** Lowercase handles of existing members; only these mentions become links. */
  existingHandles?: ReadonlySet<string>;
}

// A type alias, not an interface, so it fits markdown-it's index-signature Env.
type RenderEnv = { existingHandles?: ReadonlySet<string> };

const EXTERNAL_REL = "nofollow ugc noopener noreferrer";

// ---------------------------------------------------------------------------------------------
// URLs

type UrlKind = "same-site" | "relative" | "absolute" | "unsafe";

// Browsers drop these before or inside a scheme ("java\tscript:"), so they must not hide one.
const URL_INVISIBLES = /[\u0000-\u0020\u007F-\u00A0\u00AD\u1680\u180E\u2000-\u200F\u2028-\u202F\u205F\u3000\uFEFF]/g;
const SAFE_SCHEMES = new Set(["http", "https", "mailto"]);

/** Classifies a URL as the browser would read it, refusing anything that is not plainly safe. */
function classifyUrl(raw: string): UrlKind {
  const probe = raw.replace(URL_INVISIBLES, "");
  // Anything before the first ":" that is not behind a "/", "?" or "#" is a scheme to a browser,
  // even one with odd characters in it, so the test is deliberately broader than RFC 3986.
  const scheme = /^([^/?#\\]*):/.exec(probe);
  if (scheme) return SAFE_SCHEMES.has(scheme[1].toLowerCase()) ? "absolute" : "unsafe";
  // "//host", and "/\host" or "\\host" which browsers read the same way, leave the site.
  if (/^[/\\]{2}/.test(probe)) return "absolute";
  if (probe.startsWith("/")) return "same-site";
  return "relative";
}

// ---------------------------------------------------------------------------------------------
// Mentions

// A handle preceded by a letter, digit or one of these is part of an email address, a URL path
// or another word; one followed by ".x", "-x" or "@" is a domain or a longer name, not a handle.
// No `i` flag: with `u` it would let the Kelvin sign and the long s pass for "k" and "s".
const MENTION = /(?<![\p{L}\p{N}_@.+\-/=\\])@([A-Za-z0-9_]{3,30})(?![A-Za-z0-9_@]|[.\-][\p{L}\p{N}_])/gu;

function* mentionsIn(text: string): Generator<{ index: number; length: number; handle: string }> {
  for (const match of text.matchAll(MENTION)) {
    yield { index: match.index ?? 0, length: match[0].length, handle: match[1].toLowerCase() };
  }
}

/** The text tokens a mention may live in, in document order: inline text outside links, code and
 * images (image alt text sits in the image token's own children, which this never enters). */
function mentionableTexts(tokens: Token[]): { children: Token[]; index: number }[] {
  const found: { children: Token[]; index: number }[] = [];
  for (const block of tokens) {
    if (block.type !== "inline" || !block.children) continue;
    let linkDepth = 0;
    block.children.forEach((token, index) => {
      if (token.type === "link_open") linkDepth++;
      else if (token.type === "link_close") linkDepth--;
      else if (token.type === "text" && linkDepth === 0 && token.content.includes("@")) {
        found.push({ children: block.children!, index });
      }
    });
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// markdown-it

let markdown: InstanceType<typeof MarkdownIt> | undefined;

function getMarkdown(): InstanceType<typeof MarkdownIt> {
  if (markdown) return markdown;
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
  // The stock check still lets data:image URLs through; ours matches the sanitizer's policy so
  // an unsafe link stays visible as text instead of becoming a dead anchor.
  md.validateLink = (url) => classifyUrl(url) !== "unsafe";
  md.core.ruler.push("enlace_mentions", linkMentions);
  md.core.ruler.push("enlace_blocks", adaptBlocks);

  const renderImage = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const src = String(token.attrGet("src") ?? "");
    const kind = classifyUrl(src);
    if (kind === "same-site") {
      token.attrSet("loading", "lazy");
      return renderImage(tokens, idx, options, env, self);
    }
    // Remote images would leak readers' addresses to any host and let posts hotlink anything.
    const alt = self.renderInlineAsText(token.children ?? [], options, env);
    const escape = md.utils.escapeHtml;
    if (kind === "unsafe") return escape(alt);
    const rel = kind === "absolute" ? ` rel="${EXTERNAL_REL}"` : "";
    const title = String(token.attrGet("title") ?? "");
    const titleAttr = title ? ` title="${escape(title)}"` : "";
    return `<a href="${escape(src)}"${rel}${titleAttr}>${escape(alt || src)}</a>`;
  };

  markdown = md;
  return md;
}

function linkMentions(state: StateCore): void {
  const existing = (state.env as RenderEnv | undefined)?.existingHandles;
  if (!existing || existing.size === 0) return;
  // Backwards, so splicing a token never shifts the ones still to visit.
  for (const { children, index } of mentionableTexts(state.tokens).reverse()) {
    const token = children[index];
    const text = token.content;
    const replacement: Token[] = [];
    let last = 0;
    for (const mention of mentionsIn(text)) {
      if (!existing.has(mention.handle)) continue;
      if (mention.index > last) replacement.push(textToken(state, text.slice(last, mention.index), token.level));
      const open = new state.Token("link_open", "a", 1);
      open.attrs = [
        ["href", `/u/${mention.handle}`],
        ["class", "mention"],
      ];
      open.markup = "mention";
      open.level = token.level;
      replacement.push(open, textToken(state, `@${mention.handle}`, token.level + 1));
      const close = new state.Token("link_close", "a", -1);
      close.markup = "mention";
      close.level = token.level;
      replacement.push(close);
      last = mention.index + mention.length;
    }
    if (replacement.length === 0) continue;
    if (last < text.length) replacement.push(textToken(state, text.slice(last), token.level));
    children.splice(index, 1, ...replacement);
  }
}

function textToken(state: StateCore, content: string, level: number): Token {
  const token = new state.Token("text", "", 0);
  token.content = content;
  token.level = level;
  return token;
}

const ALIGN_STYLE = /^text-align:\s*(left|center|right)$/;

function adaptBlocks(state: StateCore): void {
  for (const token of state.tokens) {
    if (token.type === "heading_open" || token.type === "heading_close") {
      // Posts sit under the page's h1 and the thread's h2, so their outline starts at h3.
      const level = Number(token.tag.slice(1));
      token.tag = `h${Math.min(level + 2, 6)}`;
    } else if (token.type === "th_open" || token.type === "td_open") {
      // Inline styles are forbidden outright; alignment travels as a class instead.
      const align = ALIGN_STYLE.exec(String(token.attrGet("style") ?? ""));
      token.attrs = align ? [["class", `align-${align[1]}`]] : null;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Sanitizer

const ALLOWED_TAGS = [
  "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a",
  "img", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "span",
];

// DOMPurify's attribute list is global; this narrows it per element.
const ATTRIBUTES_BY_TAG: Record<string, ReadonlySet<string>> = {
  a: new Set(["href", "title", "class"]),
  img: new Set(["src", "alt", "title"]),
  ol: new Set(["start"]),
  code: new Set(["class"]),
  th: new Set(["class"]),
  td: new Set(["class"]),
};

// Only the classes this pipeline emits, so a post can't borrow the site's own styling.
const CLASSES_BY_TAG: Record<string, RegExp> = {
  a: /^mention$/,
  code: /^language-[\w+#.-]{1,40}$/,
  th: /^align-(?:left|center|right)$/,
  td: /^align-(?:left|center|right)$/,
};

const PURIFY_CONFIG: Config = {
  // DOMPurify walks the parsed <body> itself; left off the list, it would deep-clone the whole
  // post to hoist it out (tripling the cost). It never reaches the output, which is innerHTML.
  ALLOWED_TAGS: [...ALLOWED_TAGS, "body"],
  // rel and loading are not listed: the hooks below always write them themselves.
  ALLOWED_ATTR: ["href", "title", "class", "src", "alt", "start"],
  FORBID_ATTR: ["style"],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  // The hooks re-check every URL; this narrower pattern is a first filter.
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
  KEEP_CONTENT: true,
};

let purifier: DOMPurify | undefined;

function getPurifier(): DOMPurify {
  if (purifier) return purifier;
  // One window for the process: building a jsdom window costs far more than sanitizing a post. jsdom is
  // required on first use, not at start: loading it takes about a second that a start need not wait for.
  const { JSDOM } = createRequire(import.meta.url)("jsdom") as typeof import("jsdom");
  const { window } = new JSDOM("");
  const purify = createDOMPurify(window as unknown as WindowLike);
  purify.setConfig(PURIFY_CONFIG);

  purify.addHook("uponSanitizeAttribute", (node, data) => {
    const tag = node.nodeName.toLowerCase();
    const name = data.attrName;
    if (!ATTRIBUTES_BY_TAG[tag]?.has(name)) {
      data.keepAttr = false;
    } else if (name === "href" || name === "src") {
      const kind = classifyUrl(data.attrValue);
      data.keepAttr = tag === "img" ? kind === "same-site" : kind !== "unsafe";
    } else if (name === "class") {
      const allowed = CLASSES_BY_TAG[tag];
      const kept = [...new Set(data.attrValue.split(/\s+/))].filter((c) => allowed?.test(c));
      data.attrValue = kept.join(" ");
      data.keepAttr = kept.length > 0;
    } else if (name === "start") {
      data.keepAttr = /^\d{1,9}$/.test(data.attrValue);
    }
  });

  purify.addHook("afterSanitizeAttributes", (node) => {
    const element = node as Element;
    const tag = element.nodeName.toLowerCase();
    if (tag === "a") {
      const href = element.getAttribute("href");
      if (href !== null && classifyUrl(href) === "absolute") element.setAttribute("rel", EXTERNAL_REL);
      else element.removeAttribute("rel");
    } else if (tag === "img") {
      // An image without a same-site source has nothing worth showing.
      if (!element.hasAttribute("src")) element.remove();
      else element.setAttribute("loading", "lazy");
    }
  });

  purifier = purify;
  return purify;
}

/** Sanitizes HTML to the post allowlist. Idempotent: its output passes through unchanged. */
export function sanitizeHtml(html: string): string {
  const purify = getPurifier();
  // Removing an element but keeping its content can leave a tree the HTML parser would never build
  // ("<p><p><object></p>" leaves a <p> inside a <p>), which parses differently once serialized.
  // Sanitizing the serialized output again until it stops changing makes the result a fixed point.
  let output = purify.sanitize(html);
  for (let pass = 0; pass < 4; pass++) {
    const again = purify.sanitize(output);
    if (again === output) return output;
    output = again;
  }
  return output;
}

// ---------------------------------------------------------------------------------------------
// Public API

let unsafeRawHtml: InstanceType<typeof MarkdownIt> | undefined;

/**
 * TEST ONLY (config UNSAFE_DISABLE_SANITIZER, which loadConfig refuses outside NODE_ENV=test):
 * posts keep raw HTML and skip the sanitizer, so a browser test can show the CSP alone stops
 * injected script. createApp sets it from the config.
 */
export function setUnsafeRawHtmlForTests(enabled: boolean): void {
  unsafeRawHtml = enabled ? new MarkdownIt({ html: true, linkify: true, typographer: false, breaks: false }) : undefined;
}

/** Renders a post's Markdown to safe HTML. */
export function renderMarkdown(source: string, options: RenderOptions = {}): string {
  const env: RenderEnv = { existingHandles: options.existingHandles };
  if (unsafeRawHtml) return unsafeRawHtml.render(source, env);
  return sanitizeHtml(getMarkdown().render(source, env));
}

/** Lowercase handles mentioned in a post, unique, in order of first appearance. */
export function extractMentions(source: string): string[] {
  const handles = new Set<string>();
  for (const { children, index } of mentionableTexts(getMarkdown().parse(source, {}))) {
    for (const mention of mentionsIn(children[index].content)) handles.add(mention.handle);
  }
  return [...handles];
}

/** Plain text of a post for excerpts and notifications, optionally cut at a word boundary. */
export function markdownToPlainText(source: string, maxLength?: number): string {
  const parts: string[] = [];
  for (const token of getMarkdown().parse(source, {})) {
    if (token.type === "inline") collectInlineText(token.children ?? [], parts);
    else if (token.type === "fence" || token.type === "code_block") parts.push(" ", token.content, " ");
    else parts.push(" ");
  }
  const text = parts.join("").replace(/\s+/g, " ").trim();
  return maxLength === undefined ? text : truncate(text, maxLength);
}

function collectInlineText(children: Token[], parts: string[]): void {
  for (const token of children) {
    if (token.type === "text" || token.type === "code_inline" || token.type === "text_special") {
      parts.push(token.content);
    } else if (token.type === "softbreak" || token.type === "hardbreak") {
      parts.push(" ");
    } else if (token.type === "image") {
      collectInlineText(token.children ?? [], parts);
    }
  }
}

function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  if (maxLength < 1) return "";
  const limit = maxLength - 1; // room for the ellipsis
  const lastSpace = text.lastIndexOf(" ", limit);
  let cut = lastSpace > 0 ? text.slice(0, lastSpace) : text.slice(0, limit);
  // Never leave half a surrogate pair behind.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.replace(/[\s,;:.\-–—]+$/, "")}…`;
}
