// Reminders a day and an hour before an event, to each member registered for it: a notification, and an
// email at once for members who have not turned notification email off. Every instance's scheduler calls
// sendEventReminders; the event_reminders primary key (event, member, kind) lets exactly one of them write
// each reminder, in the same transaction as its notification and email.
import { sql } from "kysely";
import { createServiceContext, type Deps } from "../../context";
import { afterCommit } from "../notifications/after-commit";
import { createNotification } from "../notifications/notifier";
import { toRecipient } from "../notifications/recipients";
import { unsubscribeToken } from "../notifications/notification-email";
import { registrantsWhoMaySee } from "./event-audience";
import { renderEventEmail, wantsEventEmail } from "./event-mail";

const HOUR = 60 * 60 * 1000;

/** Which reminder is due when: the day's while the event is 1 to 24 hours away, the hour's in its last hour. */
const windows = [
  { kind: "day" as const, from: HOUR, to: 24 * HOUR },
  { kind: "hour" as const, from: 0, to: HOUR },
];

/** Sends the reminders that are due; safe to run on several instances at once, and as often as wanted. */
export async function sendEventReminders(deps: Deps): Promise<{ day: number; hour: number }> {
  const sent = { day: 0, hour: 0 };
  const now = deps.now();
  // A system context: the scheduler acts for no one; each recipient is cleared with their own guardian.
  const ctx = createServiceContext(deps, { actor: null, locale: "es", ip: "scheduler", userAgent: "scheduler", sessionId: null });
  for (const window of windows) {
    const due = await deps.db
      .selectFrom("events")
      .innerJoin("spaces", "spaces.id", "events.space_id")
      .selectAll("events")
      .select(["spaces.kind as space_kind", "spaces.visibility as space_visibility"])
      .where("events.cancelled_at", "is", null)
      .where("events.starts_at", ">", new Date(now.getTime() + window.from))
      .where("events.starts_at", "<=", new Date(now.getTime() + window.to))
      // Only events someone registered for and has not been reminded of yet.
      .where(
        sql<boolean>`exists (
          select 1 from event_registrations r
          where r.event_id = events.id and r.status = 'registered'
            and not exists (select 1 from event_reminders er where er.event_id = r.event_id and er.user_id = r.user_id and er.kind = ${window.kind})
        )`,
      )
      .orderBy("events.starts_at")
      .limit(200)
      .execute();
    for (const event of due) {
      // Each candidate's own guardian: a member who left the event's group is not reminded of it.
      const recipients = await registrantsWhoMaySee(deps.db, event, ["registered"], now, { notRemindedOf: window.kind });
      if (recipients.length === 0) continue;
      // Signing keys are read outside the transaction (on PGlite a second connection would wait for it).
      if (recipients.some(wantsEventEmail)) await unsubscribeToken(deps.db, recipients[0]!.id);
      const after = afterCommit(deps);
      const written = await deps.db.transaction().execute(async (trx) => {
        const still = await trx.selectFrom("events").select("id").where("id", "=", event.id).where("cancelled_at", "is", null).executeTakeFirst();
        if (!still) return 0;
        const claimed = await trx
          .insertInto("event_reminders")
          .values(recipients.map((user) => ({ event_id: event.id, user_id: user.id, kind: window.kind, sent_at: now })))
          .onConflict((oc) => oc.columns(["event_id", "user_id", "kind"]).doNothing())
          .returning("user_id")
          .execute();
        const mine = new Set(claimed.map((row) => row.user_id));
        for (const user of recipients) {
          if (!mine.has(user.id)) continue;
          await createNotification(trx, ctx, after, toRecipient(user), { kind: "event_reminder", actorId: null, eventId: event.id, data: { when: window.kind } });
          if (wantsEventEmail(user)) {
            await deps.mail.enqueue(trx, user.email, await renderEventEmail(deps, trx, window.kind, user, event));
            after.mail();
          }
        }
        return mine.size;
      });
      await after.flush();
      sent[window.kind] += written;
    }
  }
  if (sent.day || sent.hour) deps.logger.info(sent, "event reminders sent");
  return sent;
}
