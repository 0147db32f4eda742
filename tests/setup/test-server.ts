import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import type { ViteDevServer } from "vite";
import { createApp } from "../../server/app";
import { attachSockets } from "../../server/sockets";
import type { DatabaseHandle } from "../../db/connection";
import type { RateLimitRules } from "../../server/domain/security/rate-limit";
import { createTestDeps, type TestDeps } from "./test-deps";

export interface TestServer {
  url: string;
  origin: string;
  deps: TestDeps;
  http: Server;
  close(): Promise<void>;
}

let vite: ViteDevServer | undefined;

/** The Remix app through Vite's SSR loader, so HTTP tests need no build. One per test file. */
async function remixBuild(): Promise<() => Promise<ServerBuild>> {
  if (!vite) {
    const { createServer: createViteServer } = await import("vite");
    vite = await createViteServer({ server: { middlewareMode: true, hmr: false }, logLevel: "silent", appType: "custom" });
  }
  const server = vite;
  return () => server.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
}

/** Express + Remix + Socket.io on an ephemeral port, with the configured public origin matching that port. */
export async function startTestServer(
  handle: DatabaseHandle,
  options: { env?: Record<string, string>; rateLimits?: Partial<RateLimitRules>; withRemix?: boolean } = {},
): Promise<TestServer> {
  const http = createServer();
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const port = (http.address() as AddressInfo).port;
  // Remix checks that Origin matches Host on actions, so the test talks to the address it calls public.
  const origin = `http://127.0.0.1:${port}`;
  const deps = createTestDeps(handle, { env: { PUBLIC_URL: origin, ...options.env }, rateLimits: options.rateLimits });
  const build = options.withRemix === false ? undefined : await remixBuild();
  const app = createApp(deps, build ? { build, mode: "development" } : undefined);
  http.on("request", app);
  const sockets = await attachSockets(http, deps);
  return {
    url: origin,
    origin,
    deps,
    http,
    async close() {
      await sockets.close();
      await vite?.close();
      vite = undefined;
    },
  };
}

/** A tiny cookie-keeping client for form posts, as a browser would send them. */
export function createBrowser(server: TestServer, acceptLanguage = "es") {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  const remember = (response: Response) => {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (value === "" || /max-age=0/i.test(header)) jar.delete(name);
      else jar.set(name, value);
    }
  };
  return {
    jar,
    async get(path: string, headers: Record<string, string> = {}) {
      const response = await fetch(server.url + path, {
        redirect: "manual",
        headers: { "accept-language": acceptLanguage, cookie: cookieHeader(), ...headers },
      });
      remember(response);
      return response;
    },
    async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
      const response = await fetch(server.url + path, {
        method: "POST",
        redirect: "manual",
        body: new URLSearchParams(fields),
        headers: {
          "accept-language": acceptLanguage,
          "content-type": "application/x-www-form-urlencoded",
          origin: server.origin,
          cookie: cookieHeader(),
          ...headers,
        },
      });
      remember(response);
      return response;
    },
  };
}
