// Demo following and notifications: a few members follow topics before the demo threads are written, so
// the real services notify them; afterwards nothing of the demo's past is emailed.
import { sql } from "kysely";
import type { Deps } from "../server/context";

const demoFollows: { handle: string; topic: string; level: "watching" | "tracking" | "muted" }[] = [
  { handle: "joao_pereira", topic: "financing", level: "watching" },
  { handle: "valentina_ruiz", topic: "numps-sumps", level: "watching" },
  { handle: "valentina_ruiz", topic: "electromobility", level: "tracking" },
  { handle: "lucia_mendoza", topic: "pilot-projects", level: "watching" },
];

export async function seedDemoFollows(deps: Deps): Promise<void> {
  for (const follow of demoFollows) {
    const user = await deps.db.selectFrom("users").select("id").where("handle", "=", follow.handle).executeTakeFirst();
    const topic = await deps.db.selectFrom("topics").select("space_id").where("slug", "=", follow.topic).executeTakeFirst();
    if (!user || !topic) continue;
    await deps.db
      .insertInto("space_follows")
      .values({ user_id: user.id, space_id: topic.space_id, level: follow.level, reason: "chosen" })
      .onConflict((oc) => oc.columns(["user_id", "space_id"]).doNothing())
      .execute();
  }
  // One member reads by digest, to show the setting.
  await deps.db.updateTable("users").set({ email_notifications: "daily" }).where("handle", "=", "valentina_ruiz").execute();
}

/**
 * The demo's notifications stay in the notification centre (all but each member's newest three read), but none of them is
 * emailed: they describe a past that never happened at the moment the seed runs.
 */
export async function settleDemoNotifications(deps: Deps): Promise<void> {
  await deps.db.updateTable("notifications").set({ email_state: "none" }).where("email_state", "in", ["pending", "digest"]).execute();
  await deps.db.deleteFrom("email_outbox").where("kind", "in", ["notifications", "digest"]).where("sent_at", "is", null).execute();
  // Each member's three newest stay unread, so the bell has something to show.
  await sql`
    update notifications set read_at = created_at + interval '1 hour'
    where id in (
      select id from (select id, row_number() over (partition by user_id order by id desc) as newest from notifications) ranked
      where newest > 3
    )
  `.execute(deps.db);
  await deps.db.updateTable("users").set({ last_digest_at: deps.now() }).where("email_notifications", "in", ["daily", "weekly"]).execute();
}
