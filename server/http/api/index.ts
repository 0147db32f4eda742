import express, { type NextFunction, type Request, type Response, Router } from "express";
import { AppError } from "../../../shared/errors";
import type { Deps, ServiceContext } from "../../context";
import { services } from "../../domain";
import { authenticate, contextOf } from "./auth";
import { apiErrorHandler } from "./errors";
import { buildOpenApiDocument } from "./openapi";

/** Ids are PostgreSQL integers: anything else in a path cannot name a resource. */
const MAX_ID = 2_147_483_647;

type Work = (ctx: ServiceContext, req: Request) => Promise<unknown>;

/** One route: run the work, answer JSON with the given status (204 sends no body); errors go to the API's handler. */
function route(work: Work, status = 200) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const result = await work(contextOf(res), req);
      if (status === 204) res.status(204).end();
      else res.status(status).json(result);
    } catch (error) {
      next(error);
    }
  };
}

/** Only the named fields of a JSON body (so a body cannot override an id taken from the path). */
function pick(body: unknown, fields: string[]): Record<string, unknown> {
  const source = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const field of fields) if (Object.hasOwn(source, field)) out[field] = source[field];
  return out;
}

/** Only the named query parameters (the services' schemas reject repeated or nested ones). */
function query(req: Request, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (req.query[field] !== undefined) out[field] = req.query[field];
  return out;
}

const id = (req: Request) => Number(req.params.id);
/** The `Idempotency-Key` header: a retried POST with the same key creates nothing new and answers the same. */
const idempotencyKey = (req: Request) => req.get("Idempotency-Key") ?? undefined;

/** JSON API v1, mounted at /api/v1 after the request-state middleware (see server/app.ts). */
export function apiRouter(deps: Deps): Router {
  const router = Router();
  const openApi = buildOpenApiDocument({ serverUrl: `${deps.config.publicUrl}/api/v1` });

  router.use((_req, res, next) => {
    // Answers depend on who asks: never cache them in shared caches.
    res.setHeader("Cache-Control", "no-store");
    next();
  });

  router.get("/openapi.json", (_req, res) => {
    res.setHeader("Cache-Control", "public, max-age=300");
    res.json(openApi);
  });

  router.use(authenticate(deps));
  router.use(express.json({ limit: "100kb" }));

  router.param("id", (_req, _res, next, value: string) => {
    if (!/^\d{1,10}$/.test(value) || Number(value) < 1 || Number(value) > MAX_ID) {
      return next(new AppError("NOT_FOUND", "errors.not_found"));
    }
    next();
  });

  router.get("/topics", route((ctx) => services.topics.listTopics(ctx)));

  router.get(
    "/threads",
    route((ctx, req) =>
      services.forum.listThreads(ctx, query(req, ["topic", "view", "tag", "language", "country", "cursor", "limit"])),
    ),
  );
  router.post(
    "/threads",
    route((ctx, req) => services.forum.createThread(ctx, { ...pick(req.body, ["topicId", "kind", "title", "body", "tags", "language"]), idempotencyKey: idempotencyKey(req) }), 201),
  );
  router.get(
    "/threads/:id",
    route((ctx, req) => {
      // An API client gets the page it asks for; `unread=true` opts into the web's "resume where I stopped".
      const unread = req.query.unread === "true" || req.query.unread === "1";
      return services.forum.getThreadPage(ctx, { ...query(req, ["after"]), threadId: id(req), unread });
    }),
  );
  router.patch(
    "/threads/:id",
    route(async (ctx, req) => {
      ctx.guardian.ensureSignedIn();
      const input = pick(req.body, ["title", "tags"]);
      // editThread replaces the tag list; an omitted list would silently remove every tag.
      if (!("tags" in input)) {
        throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { tags: "validation.invalid" } });
      }
      await services.forum.editThread(ctx, { ...input, threadId: id(req) });
    }, 204),
  );
  router.post(
    "/threads/:id/replies",
    route((ctx, req) => services.forum.createReply(ctx, { ...pick(req.body, ["parentId", "body"]), threadId: id(req), idempotencyKey: idempotencyKey(req) }), 201),
  );
  router.put(
    "/threads/:id/solution",
    route(async (ctx, req) => {
      const { postId } = pick(req.body, ["postId"]);
      ctx.guardian.ensureSignedIn();
      // markSolution works from the post alone: make sure it belongs to the thread in the path.
      const located = await services.forum.locatePost(ctx, { postId });
      if (located.threadId !== id(req)) {
        throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { postId: "validation.invalid" } });
      }
      await services.forum.markSolution(ctx, { postId });
    }, 204),
  );
  router.delete(
    "/threads/:id/solution",
    route(async (ctx, req) => {
      await services.forum.unmarkSolution(ctx, { threadId: id(req) });
    }, 204),
  );

  router.patch(
    "/posts/:id",
    route(async (ctx, req) => {
      await services.forum.editPost(ctx, { ...pick(req.body, ["body", "title"]), postId: id(req) });
    }, 204),
  );
  router.delete(
    "/posts/:id",
    route(async (ctx, req) => {
      await services.forum.deletePost(ctx, { postId: id(req) });
    }, 204),
  );
  router.get("/posts/:id/revisions", route((ctx, req) => services.forum.getPostHistory(ctx, { postId: id(req) })));
  router.put("/posts/:id/helpful", route((ctx, req) => services.forum.setHelpful(ctx, { postId: id(req), helpful: true })));
  router.delete("/posts/:id/helpful", route((ctx, req) => services.forum.setHelpful(ctx, { postId: id(req), helpful: false })));

  router.get(
    "/search",
    route((ctx, req) =>
      services.forum.search(ctx, query(req, ["q", "topic", "tag", "author", "solved", "language", "from", "to", "cursor"])),
    ),
  );

  router.get("/me", route((ctx) => services.accounts.getMyAccount(ctx)));

  // Anything else under /api/v1 is the API's 404, never the web app's page.
  router.use((_req, _res, next) => next(new AppError("NOT_FOUND", "errors.not_found")));
  router.use(apiErrorHandler(deps));
  return router;
}
