import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [
    remix({
      appDirectory: "web",
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  resolve: {
    alias: { "~": new URL("./web", import.meta.url).pathname },
  },
  server: { hmr: { port: 24678 } },
  // manifest: Remix keeps the client build's Vite manifest as build/.vite/client-manifest.json (outside the
  // served folder); the root names the page's language chunk from it (web/lib/language-chunks.server.ts).
  build: { target: "es2022", manifest: true },
});
