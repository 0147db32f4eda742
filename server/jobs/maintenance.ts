import { deleteExpiredSessions } from "../../db/queries/sessions.queries";
import type { Deps } from "../context";
import { pruneRateLimits } from "../domain/security/rate-limit";
import { scheduleDigests } from "../domain/notifications/notification-email";

/** Housekeeping: expired sessions and old rate-limit windows every hour; digests due every ten minutes. */
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
  // Digests are looked for every ten minutes; each is queued once however many instances look.
  const digests = async () => {
    try {
      await scheduleDigests(deps);
    } catch (error) {
      deps.logger.warn({ err: error }, "digest scheduling failed");
    }
  };
  const digestTimer = setInterval(digests, 10 * 60 * 1000);
  digestTimer.unref();
  void digests();
  return {
    stop: () => {
      clearInterval(timer);
      clearInterval(digestTimer);
    },
  };
}
