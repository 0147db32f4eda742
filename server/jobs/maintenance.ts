import { deleteExpiredSessions } from "../../db/queries/sessions.queries";
import type { Deps } from "../context";
import { pruneRateLimits } from "../domain/security/rate-limit";
import { scheduleDigests } from "../domain/notifications/notification-email";
import { sendEventReminders } from "../domain/events/event-reminders";
import { deleteExpiredIdempotencyKeys } from "../domain/idempotency/idempotency.service";

/** Housekeeping: expired sessions and old rate-limit windows every hour; digests due every ten minutes. */
export function startMaintenance(deps: Deps): { stop(): void } {
  const run = async () => {
    try {
      await deleteExpiredSessions(deps.db, deps.now());
      await pruneRateLimits(deps.db, deps.now());
      await deleteExpiredIdempotencyKeys(deps.db, deps.now());
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
  // Event reminders (a day and an hour before) every minute; the event_reminders key sends each once across instances.
  const reminders = async () => {
    try {
      await sendEventReminders(deps);
    } catch (error) {
      deps.logger.warn({ err: error }, "event reminders failed");
    }
  };
  const reminderTimer = setInterval(reminders, 60 * 1000);
  reminderTimer.unref();
  void reminders();
  return {
    stop: () => {
      clearInterval(timer);
      clearInterval(digestTimer);
      clearInterval(reminderTimer);
    },
  };
}
