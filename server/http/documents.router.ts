// Downloads of the document bank, served by Express (mounted before Remix) so that this response alone
// decides its headers: always an attachment, the detected type (never HTML or SVG), nosniff, a sandboxing
// CSP, and no shared caching. Each one passes the guardian (services.documents.openDownload).
import { pipeline } from "node:stream/promises";
import { type NextFunction, type Request, type Response, Router } from "express";
import { isAppError } from "../../shared/errors";
import { createTranslator } from "../../shared/i18n";
import { createServiceContext, type Deps } from "../context";
import { services } from "../domain";
import { attachmentDisposition } from "../domain/documents/file-names";
import { requestState } from "./request-state";

export function documentsRouter(deps: Deps): Router {
  const router = Router();
  router.get("/documents/:id/download", async (req: Request, res: Response, next: NextFunction) => {
    const state = requestState(res);
    const notFound = () => {
      res.status(404).setHeader("Cache-Control", "no-store");
      res.type("text/plain").send(createTranslator(state.locale)("errors.not_found"));
    };
    const version = typeof req.query.version === "string" ? req.query.version : undefined;
    if (!/^\d{1,10}$/.test(req.params.id) || (version !== undefined && !/^\d{1,10}$/.test(version))) return notFound();
    const ctx = createServiceContext(deps, {
      actor: state.actor,
      locale: state.locale,
      ip: state.ip,
      userAgent: state.userAgent,
      sessionId: state.sessionId,
      logger: state.logger,
    });
    let download;
    try {
      download = await services.documents.openDownload(ctx, { documentId: req.params.id, version }, { count: req.method === "GET" });
    } catch (error) {
      if (isAppError(error) && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) return notFound();
      if (isAppError(error) && error.code === "UNAVAILABLE") {
        res.status(503).type("text/plain").send(createTranslator(state.locale)("errors.server_body"));
        return;
      }
      return next(error);
    }
    res.status(200);
    res.setHeader("Content-Type", download.mimeType);
    res.setHeader("Content-Length", String(download.size));
    res.setHeader("Content-Disposition", attachmentDisposition(download.fileName));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Content-Security-Policy", "default-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'; sandbox");
    res.setHeader("Cache-Control", "private, no-store");
    res.setHeader("ETag", `"${download.sha256}"`);
    if (req.method === "HEAD") {
      download.stream.destroy();
      res.end();
      return;
    }
    try {
      await pipeline(download.stream, res);
    } catch (error) {
      // The reader went away, or the storage failed mid-way: the connection is cut either way.
      state.logger.warn({ err: error }, "a document download ended early");
    }
  });
  return router;
}
