import { deleteExpiredSessions } from "../../db/queries/sessions.queries";
import type { Deps } from "../context";
import { pruneRateLimits } from "../domain/security/rate-limit";

/** Hourly housekeeping: expired sessions and old rate-limit windows. */
export function startMaintenance(deps: Deps): { stop(): void } {
  const run = async () => {
    try {
      await deleteExpiredSessions(deps.db, deps.now());
      await pruneRateLimits(deps.db, deps.now());
    } catch (error) {
      deps.logger.warn({ err: error }, "maintenance failed");
    }
  };
  const timer = setInterval(run, 60 * 60 * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
