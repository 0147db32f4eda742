import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isLocale, type Locale } from "../../shared/i18n/core";

// Which files the browser needs for a language's dictionary, for a <link rel="modulepreload"> in the head,
// so the chunk web/entry.client.tsx awaits before hydrating is fetched while the HTML still arrives.
// The client build's Vite manifest names them: vite.config.ts asks for it and Remix moves it to
// build/.vite/client-manifest.json, out of the served folder. This module is bundled into
// build/server/index.js, hence the path from here. In development there is none, and no preload (the
// import in entry.client.tsx still loads the language).
// See docs/decisions/019-one-language-per-page.md.

interface ManifestChunk {
  file: string;
  imports?: string[];
}

let chunks: Partial<Record<Locale, string[]>> | undefined;

function readChunks(): Partial<Record<Locale, string[]>> {
  let manifest: Record<string, ManifestChunk>;
  try {
    manifest = JSON.parse(readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "../.vite/client-manifest.json"), "utf8"));
  } catch {
    return {};
  }
  const result: Partial<Record<Locale, string[]>> = {};
  for (const [key, chunk] of Object.entries(manifest)) {
    const match = /(?:^|\/)shared\/i18n\/messages\/([a-z]+)\.ts$/.exec(key);
    if (!match || !isLocale(match[1])) continue;
    const files: string[] = [];
    const visit = (entry: ManifestChunk | undefined) => {
      if (!entry || files.includes(`/${entry.file}`)) return;
      files.push(`/${entry.file}`);
      for (const imported of entry.imports ?? []) visit(manifest[imported]);
    };
    visit(chunk);
    result[match[1]] = files;
  }
  return result;
}

/** The URLs of a language's chunk and of the chunks it imports (empty in development). */
export function languageChunkUrls(locale: Locale): string[] {
  chunks ??= readChunks();
  return chunks[locale] ?? [];
}

