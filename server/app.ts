import { readdirSync } from "node:fs";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import { createServiceContext, type Deps } from "./context";
import { services } from "./domain";
import { setUnsafeRawHtmlForTests } from "./domain/content/markdown";
import { apiRouter } from "./http/api";
import { documentsRouter } from "./http/documents.router";
import { healthRouter } from "./http/health.router";
import { requestLogging, requireSameOrigin, resolveRequestState } from "./http/middleware";
import { createPageCache, registerPageCache, requestQueryScope } from "./http/page-cache";
import { requestState } from "./http/request-state";
import { createSessionCookie } from "./http/session-cookie";

export interface WebOptions {
  /** The Remix build: a module (production) or a loader (Vite in development). */
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** Vite's dev middleware, mounted before everything in development. */
  viteMiddleware?: express.RequestHandler;
  /** build/client, served as static files in production. */
  clientDir?: string;
  mode: "production" | "development";
}

const PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

/** Builds the Express app around injected dependencies; index.ts and the tests both call it. */
export function createApp(deps: Deps, web?: WebOptions): express.Express {
  const app = express();
  const sessionCookie = createSessionCookie(deps.config);
  // Test-only switch; loadConfig refuses it outside NODE_ENV=test, and this re-checks.
  setUnsafeRawHtmlForTests(deps.config.unsafeDisableSanitizer && deps.config.env === "test");
  app.disable("x-powered-by");
  // One hop: behind our proxy, req.ip is the address that proxy appended to X-Forwarded-For (the last
  // one), never an entry the client wrote itself (`true` would take the first, which the client controls).
  app.set("trust proxy", deps.config.trustProxy ? 1 : false);

  app.use(requestLogging(deps));
  // Anonymous readers' page cache (docs/decisions/018-anonymous-page-cache.md); the scope counts each
  // request's queries and re-invalidates the cache once a request that wrote has finished.
  const pageCache = web ? createPageCache({ db: deps.db, sessionCookie, now: () => deps.now().getTime() }) : undefined;
  if (pageCache) registerPageCache(deps, pageCache);
  app.use(requestQueryScope(() => pageCache));
  app.use(healthRouter(deps));
  app.use(compression());
  if (web?.viteMiddleware) app.use(web.viteMiddleware);
  if (web?.clientDir) {
    app.use("/assets", express.static(path.join(web.clientDir, "assets"), { immutable: true, maxAge: "1y" }));
    // The other files at the build's top level (favicon...), checked by name: a static handler for every
    // path would stat the disk on each page request.
    const topLevelFiles = new Set(readdirSync(web.clientDir, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => `/${entry.name}`));
    const serveTopLevel = express.static(web.clientDir, { maxAge: "1h", index: false });
    app.use((req, res, next) => (topLevelFiles.has(req.path) ? serveTopLevel(req, res, next) : next()));
  }

  app.use(requireSameOrigin(deps.config.allowedOrigins));
  app.use(resolveRequestState(deps, sessionCookie));
  // Security headers; the script policy uses the request's nonce, which Remix puts on its scripts.
  app.use((req, res, next) => {
    const nonce = requestState(res).cspNonce;
    const isDev = Boolean(web?.viteMiddleware);
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          "default-src": ["'self'"],
          // Vite's development client injects inline scripts without a nonce, so dev relaxes this.
          "script-src": isDev ? ["'self'", "'unsafe-inline'"] : ["'self'", `'nonce-${nonce}'`],
          "style-src": ["'self'", "'unsafe-inline'"],
          "img-src": ["'self'", "data:"],
          "connect-src": ["'self'", ...(isDev ? ["ws:", "wss:"] : [])],
          "font-src": ["'self'"],
          "object-src": ["'none'"],
          "base-uri": ["'none'"],
          "frame-ancestors": ["'none'"],
          "form-action": ["'self'"],
        },
      },
      strictTransportSecurity: deps.config.secureCookies,
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    })(req, res, (error?: unknown) => {
      // Helmet has no Permissions-Policy; Enlace uses none of these features.
      if (!error) res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
      next(error);
    });
  });

  if (pageCache) app.use(pageCache.middleware);
  app.use("/api/v1", apiRouter(deps));
  app.use(documentsRouter(deps));

  if (web) {
    app.all(
      "*",
      createRequestHandler({
        build: web.build,
        mode: web.mode,
        getLoadContext: (_req, res) => {
          const state = requestState(res);
          return {
            services,
            ctx: createServiceContext(deps, {
              actor: state.actor,
              locale: state.locale,
              ip: state.ip,
              userAgent: state.userAgent,
              sessionId: state.sessionId,
              logger: state.logger,
            }),
            state,
            sessionCookie,
            config: {
              publicUrl: deps.config.publicUrl,
              registrationPolicy: deps.config.registrationPolicy,
              secureCookies: deps.config.secureCookies,
            },
          };
        },
      }),
    );
  }

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const logger = req.log ?? deps.logger;
    logger.error({ err: error }, "request failed");
    if (res.headersSent) return;
    res.status(503).type("text/plain").send("Service unavailable. Please try again in a moment.");
  });
  return app;
}
