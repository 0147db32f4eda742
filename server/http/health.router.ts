import { Router } from "express";
import type { Deps } from "../context";

/** GET /healthz: 200 when the database answers, 503 with the reason when it does not. */
export function healthRouter(deps: Pick<Deps, "ping" | "dbKind">): Router {
  const router = Router();
  router.get("/healthz", async (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    if (await deps.ping(2_000)) {
      res.json({ status: "ok", db: deps.dbKind });
    } else {
      res.status(503).json({ status: "error", db: deps.dbKind, reason: "database unreachable" });
    }
  });
  return router;
}
