import { describe, expect, it } from "vitest";
import { JSDOM } from "jsdom";
import {
  extractMentions,
  markdownToPlainText,
  renderMarkdown,
  sanitizeHtml,
} from "../../server/domain/content/markdown";

const EXTERNAL_REL = "nofollow ugc noopener noreferrer";
const members = new Set(["bob", "ana_admin", "carl_9"]);

const ALLOWED_TAGS = new Set([
  "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a",
  "img", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "span",
]);
const DANGEROUS_TAG = /<\/?(script|iframe|form|style|svg|math|object|embed|base|meta|link|input|foreignobject|noscript|template|frame|frameset)\b/i;

function fragment(html: string): DocumentFragment {
  return JSDOM.fragment(html);
}

function elements(html: string): Element[] {
  return [...fragment(html).querySelectorAll("*")];
}

/** The scheme a browser would see, after it drops whitespace and control characters. */
function schemeOf(url: string): string | null {
  const probe = url.replace(/[\u0000-\u0020\u007F-\u00A0\u200B-\u200F\uFEFF]/g, "");
  const match = /^([^/?#\\]*):/.exec(probe);
  return match ? match[1].toLowerCase() : null;
}

function expectSafe(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(DANGEROUS_TAG);
  // Event handlers inside any tag, ignoring quoted attribute values (jsdom always quotes them).
  for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
    expect(tag.replace(/"[^"]*"/g, '""')).not.toMatch(/\son\w+\s*=/i);
  }
  for (const element of elements(html)) {
    expect(ALLOWED_TAGS.has(element.localName)).toBe(true);
    for (const attribute of element.getAttributeNames()) {
      expect(attribute).not.toMatch(/^on/i);
      expect(attribute).not.toBe("style");
    }
    for (const name of ["href", "src"]) {
      const value = element.getAttribute(name);
      if (value === null) continue;
      expect(value).not.toMatch(/(javascript|vbscript|data|file):/i);
      const scheme = schemeOf(value);
      if (scheme !== null) expect(["http", "https", "mailto"]).toContain(scheme);
    }
  }
}

function expectIdempotent(html: string): void {
  expect(sanitizeHtml(html)).toBe(html);
}

describe("renderMarkdown: basics", () => {
  it("renders emphasis, strikethrough and lists", () => {
    const html = renderMarkdown("**fuerte** _suave_ ~~tachado~~\n\n- uno\n- dos\n\n3. tres\n4. cuatro");
    expect(html).toContain("<strong>fuerte</strong>");
    expect(html).toContain("<em>suave</em>");
    expect(html).toContain("<s>tachado</s>");
    expect(html).toContain("<ul>\n<li>uno</li>\n<li>dos</li>\n</ul>");
    expect(html).toContain('<ol start="3">');
  });

  it("escapes raw HTML instead of rendering it", () => {
    expect(renderMarkdown("<b>hola</b>")).toBe("<p>&lt;b&gt;hola&lt;/b&gt;</p>\n");
  });

  it("keeps a fenced block's language as a class and escapes its content", () => {
    const html = renderMarkdown("```ts\nconst ok = 1 < 2 && '@bob';\n```");
    expect(html).toBe('<pre><code class="language-ts">const ok = 1 &lt; 2 &amp;&amp; \'@bob\';\n</code></pre>\n');
  });

  it("drops a language class that is not a plain identifier", () => {
    const html = renderMarkdown('```"><img src=x onerror=alert(1)>\ncode\n```');
    expect(html).toBe("<pre><code>code\n</code></pre>\n");
  });

  it("turns table alignment into classes, never inline styles", () => {
    const html = renderMarkdown("| Tramo | Km | Costo |\n|:--|:-:|--:|\n| Centro | 2.5 | 120 |");
    expect(html).toContain('<th class="align-left">Tramo</th>');
    expect(html).toContain('<th class="align-center">Km</th>');
    expect(html).toContain('<td class="align-right">120</td>');
    expect(html).toContain("<thead>");
    expect(html).not.toContain("style=");
  });

  it("linkifies bare URLs and email addresses", () => {
    const html = renderMarkdown("Mira https://example.org/guia?x=1 o escribe a ana@example.org.");
    expect(html).toContain(`<a href="https://example.org/guia?x=1" rel="${EXTERNAL_REL}">https://example.org/guia?x=1</a>`);
    expect(html).toContain(`<a href="mailto:ana@example.org" rel="${EXTERNAL_REL}">ana@example.org</a>.`);
  });

  it("does not turn single newlines into breaks", () => {
    expect(renderMarkdown("uno\ndos")).toBe("<p>uno\ndos</p>\n");
  });
});

describe("renderMarkdown: headings", () => {
  it("shifts headings down two levels, capped at h6", () => {
    const html = renderMarkdown("# a\n\n## b\n\n### c\n\n#### d\n\n##### e\n\n###### f\n\nSetext\n===");
    expect(html).toBe(
      "<h3>a</h3>\n<h4>b</h4>\n<h5>c</h5>\n<h6>d</h6>\n<h6>e</h6>\n<h6>f</h6>\n<h3>Setext</h3>\n",
    );
    expect(html).not.toMatch(/<h[12]/);
  });
});

describe("mentions", () => {
  it("extracts unique lowercase handles in order of first appearance", () => {
    expect(extractMentions("Hola @Carl_9 y @bob, y otra vez @BOB y @carl_9.")).toEqual(["carl_9", "bob"]);
  });

  it("ignores mentions in code spans and fenced code", () => {
    expect(extractMentions("`@bob` y\n\n```\n@ana_admin\n```\n\n    @carl_9 indentado")).toEqual([]);
  });

  it("ignores email addresses and word-glued at signs", () => {
    expect(extractMentions("Escribe a bob@example.org, ana_admin@localhost o x.@carl_9")).toEqual([]);
  });

  it("requires 3 to 30 handle characters", () => {
    expect(extractMentions("@ab @abc")).toEqual(["abc"]);
    expect(extractMentions(`@${"a".repeat(30)} @${"b".repeat(31)}`)).toEqual(["a".repeat(30)]);
  });

  it("does not read a domain or fediverse address as a handle", () => {
    expect(extractMentions("@example.org @bob@mastodon.social")).toEqual([]);
  });

  it("accepts mentions at punctuation boundaries", () => {
    expect(extractMentions("(@bob), \"@ana_admin\": ¡@carl_9!")).toEqual(["bob", "ana_admin", "carl_9"]);
  });

  it("links existing members only, case-insensitively", () => {
    const html = renderMarkdown("Gracias @Bob y @desconocido", { existingHandles: members });
    expect(html).toBe('<p>Gracias <a href="/u/bob" class="mention">@bob</a> y @desconocido</p>\n');
  });

  it("links nothing without a member list", () => {
    expect(renderMarkdown("Gracias @bob")).toBe("<p>Gracias @bob</p>\n");
  });

  it("does not link mentions inside code", () => {
    const html = renderMarkdown("`@bob`\n\n```\n@bob\n```", { existingHandles: members });
    expect(html).not.toContain("mention");
  });

  it("does not nest a mention inside an existing link", () => {
    const html = renderMarkdown("[@bob dice](/t/1) y https://example.org/@bob", { existingHandles: members });
    expect(html).not.toContain("mention");
    // Compare plain values: handing jsdom nodes to expect() makes it inspect their window.
    const links = elements(html).filter((e) => e.localName === "a");
    expect(links.map((a) => a.getAttribute("href"))).toEqual(["/t/1", "https://example.org/@bob"]);
    expect(links.some((a) => a.querySelector("a") !== null)).toBe(false);
  });

  it("does not link a mention inside image alt text", () => {
    const html = renderMarkdown("![foto de @bob](/img/a.png)", { existingHandles: members });
    expect(html).toContain('alt="foto de @bob"');
    expect(html).not.toContain("mention");
  });

  it("links mentions inside emphasis, headings and tables", () => {
    const html = renderMarkdown("# Hola @bob\n\n*@ana_admin*\n\n| a |\n|---|\n| @carl_9 |", { existingHandles: members });
    expect(html.match(/class="mention"/g)).toHaveLength(3);
    expect(html).toContain('<em><a href="/u/ana_admin" class="mention">@ana_admin</a></em>');
  });

  it("leaves the email part of a linkified address alone", () => {
    const html = renderMarkdown("bob@example.org", { existingHandles: new Set(["example"]) });
    expect(html).not.toContain("mention");
  });
});

describe("links", () => {
  it("marks absolute links as untrusted user content", () => {
    const html = renderMarkdown("[a](https://a.org) [b](http://b.org) [c](mailto:c@c.org) <https://d.org>");
    const links = elements(html).filter((e) => e.localName === "a");
    expect(links.map((a) => a.getAttribute("rel"))).toEqual(Array(4).fill(EXTERNAL_REL));
  });

  it("marks protocol-relative links as external too", () => {
    expect(sanitizeHtml('<a href="//evil.example/x">x</a>')).toBe(`<a href="//evil.example/x" rel="${EXTERNAL_REL}">x</a>`);
  });

  it("leaves relative links without rel", () => {
    expect(renderMarkdown("[a](/t/1) [b](#respuesta) [c](otra)")).toBe(
      '<p><a href="/t/1">a</a> <a href="#respuesta">b</a> <a href="otra">c</a></p>\n',
    );
  });

  it("keeps link titles", () => {
    expect(renderMarkdown('[a](/t/1 "Hilo")')).toBe('<p><a href="/t/1" title="Hilo">a</a></p>\n');
  });

  it("replaces any rel or target the input brings", () => {
    expect(sanitizeHtml('<a href="/x" rel="opener" target="_blank">x</a>')).toBe('<a href="/x">x</a>');
    expect(sanitizeHtml('<a href="https://x.org" rel="me">x</a>')).toBe(`<a href="https://x.org" rel="${EXTERNAL_REL}">x</a>`);
  });
});

describe("images", () => {
  it("keeps same-site images, lazily loaded", () => {
    expect(renderMarkdown("![mapa](/uploads/mapa.png)")).toBe(
      '<p><img src="/uploads/mapa.png" alt="mapa" loading="lazy"></p>\n',
    );
  });

  it("turns remote images into links with their alt text", () => {
    expect(renderMarkdown("![mapa](https://cdn.example.org/m.png)")).toBe(
      `<p><a href="https://cdn.example.org/m.png" rel="${EXTERNAL_REL}">mapa</a></p>\n`,
    );
  });

  it("falls back to the URL when there is no alt text", () => {
    expect(renderMarkdown("![](//cdn.example.org/m.png)")).toBe(
      `<p><a href="//cdn.example.org/m.png" rel="${EXTERNAL_REL}">//cdn.example.org/m.png</a></p>\n`,
    );
  });

  it("turns relative images that are not rooted into plain links", () => {
    expect(renderMarkdown("![m](m.png)")).toBe('<p><a href="m.png">m</a></p>\n');
  });

  it("never renders data: images", () => {
    const html = renderMarkdown("![x](data:image/png;base64,iVBORw0KGgo=)");
    expect(html).not.toMatch(/<img|<a /);
  });

  it("drops images the sanitizer cannot prove same-site", () => {
    for (const src of ["https://x.org/a.png", "//x.org/a.png", "/\\x.org/a.png", "a.png", "data:image/png;base64,AAAA"]) {
      expect(sanitizeHtml(`<p><img src="${src}" alt="a"></p>`)).toBe("<p></p>");
    }
    expect(sanitizeHtml('<img src="/a.png" srcset="https://x.org/b.png 2x" width="9">')).toBe(
      '<img src="/a.png" loading="lazy">',
    );
  });
});

describe("sanitizeHtml", () => {
  it("keeps the allowed structure", () => {
    const html = '<h3>t</h3><blockquote><p><strong>a</strong> <em>b</em> <del>c</del><br>d</p></blockquote><hr><span>e</span>';
    expect(sanitizeHtml(html)).toBe(html);
  });

  it("strips classes the pipeline does not emit", () => {
    expect(sanitizeHtml('<p class="admin">x</p><a href="/u/bob" class="mention btn">y</a><code class="language-js hidden">z</code>')).toBe(
      '<p>x</p><a href="/u/bob" class="mention">y</a><code class="language-js">z</code>',
    );
    expect(sanitizeHtml('<table><tbody><tr><td class="align-center" style="color:red">x</td></tr></tbody></table>')).toBe(
      '<table><tbody><tr><td class="align-center">x</td></tr></tbody></table>',
    );
  });

  it("strips ids, data and aria attributes", () => {
    expect(sanitizeHtml('<p id="x" data-x="1" aria-label="y" title="z">p</p>')).toBe("<p>p</p>");
  });

  it("is idempotent", () => {
    const samples = [
      "<p>hola</p>",
      '<a href=" https://x.org ">x</a>',
      "<table><tr><td>x</td></tr></table>",
      '<a href="https://ok.org"><a href="/b">anidado</a></a>',
      '<p title="a/>b">x</p>',
    ];
    for (const sample of samples) expectIdempotent(sanitizeHtml(sample));
  });

  it("returns rendered Markdown unchanged", () => {
    const source = "# T\n\nHola @bob, ver [esto](https://x.org) y ![m](/m.png)\n\n| a |\n|:-:|\n| b |\n\n```js\nx\n```";
    const html = renderMarkdown(source, { existingHandles: members });
    expect(sanitizeHtml(html)).toBe(html);
  });
});

// Each vector goes through both doors: as a post's Markdown and as HTML given to the sanitizer.
const XSS_VECTORS = [
  "[x](javascript:alert(1))",
  "[x](JaVaScRiPt:alert(1))",
  "[x](&#106;avascript:alert(1))",
  "[x](&#x6A;&#x61;vascript:alert(1))",
  "[x]( javascript:alert(1))",
  "[x](java\nscript:alert(1))",
  "[x](java&#x09;script:alert(1))",
  "[x](\u0001javascript:alert(1))",
  "[x](<javascript:alert(1)>)",
  "[x](vbscript:msgbox(1))",
  "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
  "[x](file:///etc/passwd)",
  "[x]: javascript:alert(1)\n\n[x]",
  "![x](javascript:alert(1))",
  "![x](data:image/png;base64,iVBORw0KGgo=)",
  "<javascript:alert(1)>",
  "<vbscript:msgbox(1)>",
  "[x](/a \"onmouseover=alert(1)\")",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "<IMG SRC=JaVaScRiPt:alert(1)>",
  '<img src="/ok.png" onload="alert(1)">',
  "<svg><script>alert(1)</script></svg>",
  "<svg onload=alert(1)>",
  "<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>",
  "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
  "<iframe src=\"https://evil.example\"></iframe>",
  "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
  '<a href="data:text/html,<script>alert(1)</script>">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="javascript&colon;alert(1)">x</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)">x</a>',
  '<a href="java&#x09;script:alert(1)">x</a>',
  '<a href="java&#x0A;script:alert(1)">x</a>',
  '<a href=" &#14;  javascript:alert(1)">x</a>',
  '<a href="\u0000javascript:alert(1)">x</a>',
  '<a href="javascript\u2028:alert(1)">x</a>',
  '<a href="file:///etc/passwd">x</a>',
  '<form action="javascript:alert(1)"><input type="submit" formaction="javascript:alert(1)"><button>go</button></form>',
  "<style>body{background:url(javascript:alert(1))}</style>",
  '<p style="background:url(javascript:alert(1))">x</p>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<p title="</p><img src=x onerror=alert(1)>">x</p>',
  "<!--<img src=x onerror=alert(1)>-->",
  "<template><img src=x onerror=alert(1)></template>",
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel="stylesheet" href="javascript:alert(1)">',
  "<body onload=alert(1)><p>x</p>",
  '<details open ontoggle="alert(1)">x</details>',
  '<a href="https://ok.org" onclick="alert(1)" onmouseover="alert(1)">x</a>',
  '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
  '<xss id="x" tabindex="1" onfocus="alert(1)">x</xss>',
  '<a id="__proto__" name="attributes">clobber</a>',
];

describe("XSS corpus", () => {
  it("has a real corpus", () => {
    expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(25);
  });

  for (const vector of XSS_VECTORS) {
    it(`neutralises ${JSON.stringify(vector)}`, () => {
      const fromMarkdown = renderMarkdown(vector, { existingHandles: members });
      expectSafe(fromMarkdown);
      expectIdempotent(fromMarkdown);

      const fromHtml = sanitizeHtml(vector);
      expectSafe(fromHtml);
      expectIdempotent(fromHtml);
    });
  }

  it("leaves escaped text, not tags, for raw HTML in Markdown", () => {
    expect(renderMarkdown("<script>alert(1)</script>")).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
  });

  it("shows an unsafe Markdown link as plain text", () => {
    expect(renderMarkdown("[x](javascript:alert(1))")).toBe("<p>[x](javascript:alert(1))</p>\n");
  });
});

describe("markdownToPlainText", () => {
  it("drops markup and collapses whitespace", () => {
    const text = markdownToPlainText("# Hola\n\nEsto es **muy**   _bueno_, ver [aquí](/x).\n\n- uno\n- dos\n\n`código` ![foto](/a.png)");
    expect(text).toBe("Hola Esto es muy bueno, ver aquí. uno dos código foto");
  });

  it("decodes entities and never emits tags", () => {
    expect(markdownToPlainText("a &amp; b <b>x</b>")).toBe("a & b <b>x</b>");
  });

  it("keeps short text whole", () => {
    expect(markdownToPlainText("corto", 10)).toBe("corto");
  });

  it("cuts long text at a word boundary with an ellipsis", () => {
    const text = markdownToPlainText("La nueva ciclovía conecta el centro con el norte de la ciudad.", 30);
    expect(text).toBe("La nueva ciclovía conecta el…");
    expect(text.length).toBeLessThanOrEqual(30);
  });

  it("cuts a single long word hard", () => {
    expect(markdownToPlainText("a".repeat(50), 10)).toBe(`${"a".repeat(9)}…`);
  });

  it("drops trailing punctuation before the ellipsis", () => {
    expect(markdownToPlainText("uno, dos, tres, cuatro", 10)).toBe("uno, dos…");
  });
});
