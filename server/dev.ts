// `npm run dev`: Vite in middleware mode, so route and component edits reload without a restart.
import type { ServerBuild } from "@remix-run/node";
import { installGlobals } from "@remix-run/node";
import { closeOnSignals, exitOnStartupError, loadConfigOrExit } from "./main";

installGlobals({ nativeFetch: true });
const config = loadConfigOrExit();

try {
  const vite = await import("vite");
  const viteServer = await vite.createServer({ server: { middlewareMode: true } });
  const { startServer } = await import("./boot");
  const server = await startServer(config, {
    build: () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
    viteMiddleware: viteServer.middlewares,
    mode: "development",
  });
  closeOnSignals(server);
} catch (error) {
  exitOnStartupError(error);
}
