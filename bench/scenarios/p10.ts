// P10: page weight for a first visit to a 50-post thread: the HTML and every script, module preload,
// stylesheet and icon it names, as transferred (the server's own compression), and the JS gzipped.
// Also checks the page reads (posts in the HTML) and posts (a plain form) without JS.
import { gunzipSync, brotliDecompressSync, inflateSync, gzipSync } from "node:zlib";
import type { BenchContext } from "../lib/context";
import { getRaw, type RawResponse } from "../lib/http";
import { round } from "../lib/stats";

export const id = "P10";
export const title = "page weight of a first visit to a 50-post thread";

const ACCEPT = { "accept-encoding": "gzip, deflate, br" };

function decoded(response: RawResponse): Buffer {
  const encoding = response.headers["content-encoding"];
  if (encoding === "gzip") return gunzipSync(response.body);
  if (encoding === "br") return brotliDecompressSync(response.body);
  if (encoding === "deflate") return inflateSync(response.body);
  return response.body;
}

export async function run(ctx: BenchContext) {
  const pathname = `/t/${ctx.meta.pageThread}`;
  const results: { what: string; transferred: number; raw: number; encoding: string }[] = [];
  for (const signedIn of [false, true]) {
    const headers: Record<string, string> = { ...ACCEPT };
    if (signedIn) headers.cookie = await ctx.cookieFor(ctx.meta.memberIds[0]);
    const page = await getRaw(`${ctx.app.url}${pathname}`, headers);
    if (page.status !== 200) throw new Error(`GET ${pathname} answered ${page.status}`);
    const html = decoded(page).toString("utf8");
    const assets = new Set<string>();
    for (const match of html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"[^>]*>/g)) {
      const tag = match[0];
      const url = match[1];
      if (tag.startsWith("<link") && !/rel="(?:modulepreload|stylesheet|icon|preload)"/.test(tag)) continue;
      if (url.startsWith("/")) assets.add(url);
    }
    for (const match of html.matchAll(/import\(?\s*["'](\/[^"']+\.js)["']/g)) assets.add(match[1]);
    let transferred = page.body.length;
    let jsRaw = 0;
    let jsGzip = 0;
    let jsTransferred = 0;
    for (const asset of assets) {
      const response = await getRaw(`${ctx.app.url}${asset}`, ACCEPT);
      if (response.status !== 200) continue;
      transferred += response.body.length;
      const body = decoded(response);
      results.push({ what: asset, transferred: response.body.length, raw: body.length, encoding: String(response.headers["content-encoding"] ?? "identity") });
      if (asset.endsWith(".js")) {
        jsRaw += body.length;
        jsGzip += gzipSync(body, { level: 9 }).length;
        jsTransferred += response.body.length;
      }
    }
    const who = signedIn ? "signed-in" : "anonymous";
    const postsInHtml = (html.match(/id="p-\d+"/g) ?? []).length;
    const form = /<form[^>]*method="post"[^>]*>[\s\S]*?<textarea/i.test(html);
    ctx.record({
      scenario: id,
      figure: `first visit, all bytes transferred (${who})`,
      unit: "KB",
      value: round(transferred / 1024, 1),
      goal: "<= 150 KB",
      met: transferred <= 150 * 1024,
      notes: `HTML ${round(page.body.length / 1024, 1)} KB as sent (${page.headers["content-encoding"] ?? "not compressed"}, ${round(Buffer.byteLength(html) / 1024, 1)} KB raw), ${assets.size} assets; JS as sent ${round(jsTransferred / 1024, 1)} KB; ${postsInHtml} post anchors in the HTML${signedIn ? `; reply form without JS: ${form ? "yes" : "NO"}` : ""}`,
    });
    if (!signedIn) {
      ctx.record({
        scenario: id,
        figure: "JS shipped, gzipped (level 9)",
        unit: "KB",
        value: round(jsGzip / 1024, 1),
        goal: "<= 100 KB",
        met: jsGzip <= 100 * 1024,
        notes: `${round(jsRaw / 1024, 1)} KB of JS uncompressed`,
      });
    }
  }
  ctx.log(`  P10 assets (both visits): ${results.map((r) => `${r.what} ${r.transferred}B ${r.encoding}`).join(", ")}`);
}
