// Registration: a place while there is one, the waiting list when the event is full, and the first on the
// waiting list moves up when someone cancels. Every change happens with the event's row locked (FOR UPDATE),
// so registrations arriving together are counted one after another and never exceed the capacity.
import { sql, type Transaction } from "kysely";
import type { Database, UserRow } from "../../../db/schema";
import { AppError } from "../../../shared/errors";
import { createGuardian, type SpaceFacts } from "../../../shared/guardian";
import { parseInput } from "../../../shared/schemas/parse";
import { eventIdSchema } from "../../../shared/schemas/event.schema";
import type { ServiceContext } from "../../context";
import { afterCommit, type AfterCommit } from "../notifications/after-commit";
import { createNotification } from "../notifications/notifier";
import { mayBeNotified, toRecipient } from "../notifications/recipients";
import { actorFromUser } from "../sessions/session.service";
import { eventFacts, loadVisibleEvent, type EventRow } from "./event-access";
import { renderEventEmail, wantsEventEmail } from "./event-mail";

type Trx = Transaction<Database>;

export interface RegistrationDto {
  status: "registered" | "waitlisted" | null;
  /** Place on the waiting list (1 is next), when waitlisted. */
  position: number | null;
}

async function lockEvent(trx: Trx, eventId: number): Promise<EventRow> {
  const event = await trx.selectFrom("events").selectAll().where("id", "=", eventId).forUpdate().executeTakeFirst();
  if (!event) throw new AppError("NOT_FOUND", "errors.not_found");
  return event;
}

async function countRegistered(trx: Trx, eventId: number): Promise<number> {
  const row = await trx
    .selectFrom("event_registrations")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("event_id", "=", eventId)
    .where("status", "=", "registered")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A member's place on an event's waiting list (1 is next), or null when they are not on it. */
export async function waitlistPosition(db: Trx | ServiceContext["db"], eventId: number, userId: number): Promise<number | null> {
  const row = await sql<{ position: number | null }>`
    select (
      select count(*)::int from event_registrations w
      where w.event_id = me.event_id and w.status = 'waitlisted' and (w.created_at, w.user_id) <= (me.created_at, me.user_id)
    ) as position
    from event_registrations me
    where me.event_id = ${eventId} and me.user_id = ${userId} and me.status = 'waitlisted'
  `.execute(db);
  return row.rows[0]?.position ?? null;
}

/** Registers the actor: a place if one is free, else the end of the waiting list. Registering again changes nothing. */
export async function registerForEvent(ctx: ServiceContext, raw: unknown): Promise<RegistrationDto> {
  const actor = ctx.guardian.ensureSignedIn();
  const { eventId } = parseInput(eventIdSchema, raw);
  const { event, space } = await loadVisibleEvent(ctx, eventId);
  if (!ctx.guardian.canRegisterForEvent(eventFacts(event), space)) {
    throw new AppError("FORBIDDEN", event.cancelled_at ? "event.registration_cancelled" : "errors.cannot_post");
  }
  const now = ctx.deps.now();
  if (new Date(event.ends_at) <= now) throw new AppError("CONFLICT", "event.registration_over");
  const status = await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockEvent(trx, eventId);
    if (locked.cancelled_at) throw new AppError("FORBIDDEN", "event.registration_cancelled");
    const existing = await trx.selectFrom("event_registrations").select("status").where("event_id", "=", eventId).where("user_id", "=", actor.id).executeTakeFirst();
    if (existing && existing.status !== "cancelled") return existing.status;
    const full = locked.capacity !== null && (await countRegistered(trx, eventId)) >= locked.capacity;
    const next = full ? "waitlisted" : "registered";
    // Coming back after cancelling puts a member at the end of the queue, like anyone new.
    await trx
      .insertInto("event_registrations")
      .values({ event_id: eventId, user_id: actor.id, status: next, created_at: now, updated_at: now })
      .onConflict((oc) => oc.columns(["event_id", "user_id"]).doUpdateSet({ status: next, created_at: now, updated_at: now }))
      .execute();
    return next;
  });
  return { status, position: status === "waitlisted" ? await waitlistPosition(ctx.db, eventId, actor.id) : null };
}

/**
 * Gives free places to the first members on the waiting list (oldest first), in the caller's transaction with
 * the event locked, and tells each of them (page and email). Members who may no longer see the event (they
 * left its group) lose their place in the queue instead.
 */
export async function promoteFromWaitlist(trx: Trx, ctx: ServiceContext, after: AfterCommit, event: EventRow): Promise<number[]> {
  if (event.cancelled_at) return [];
  const now = ctx.deps.now();
  if (new Date(event.ends_at) <= now) return [];
  const promoted: number[] = [];
  const space = await trx.selectFrom("spaces").select(["kind", "visibility"]).where("id", "=", event.space_id).executeTakeFirstOrThrow();
  for (;;) {
    if (event.capacity !== null && (await countRegistered(trx, event.id)) >= event.capacity) break;
    const next = await trx
      .selectFrom("event_registrations")
      .innerJoin("users", "users.id", "event_registrations.user_id")
      .leftJoin("space_members", (join) => join.onRef("space_members.user_id", "=", "users.id").on("space_members.space_id", "=", event.space_id))
      .selectAll("users")
      .select("space_members.role as space_role")
      .where("event_registrations.event_id", "=", event.id)
      .where("event_registrations.status", "=", "waitlisted")
      .orderBy("event_registrations.created_at")
      .orderBy("event_registrations.user_id")
      .limit(1)
      .executeTakeFirst();
    if (!next) break;
    const facts: SpaceFacts = { kind: space.kind, visibility: space.visibility, actorRole: (next.space_role as SpaceFacts["actorRole"]) ?? null };
    const user = next as unknown as UserRow;
    const stillWelcome = createGuardian(actorFromUser(user, now)).canViewEvent(facts);
    await trx
      .updateTable("event_registrations")
      .set({ status: stillWelcome ? "registered" : "cancelled", updated_at: now })
      .where("event_id", "=", event.id)
      .where("user_id", "=", user.id)
      .execute();
    if (!stillWelcome) continue;
    promoted.push(user.id);
    if (!mayBeNotified(user, now)) continue;
    await createNotification(trx, ctx, after, toRecipient(user), { kind: "event_promoted", actorId: null, eventId: event.id });
    if (wantsEventEmail(user)) {
      await ctx.deps.mail.enqueue(trx, user.email, await renderEventEmail(ctx.deps, trx, "promoted", user, event));
      after.mail();
    }
  }
  return promoted;
}

/** Cancels the actor's registration (or leaves the waiting list); a freed place goes to the first in the queue. */
export async function cancelRegistration(ctx: ServiceContext, raw: unknown): Promise<RegistrationDto> {
  const actor = ctx.guardian.ensureSignedIn();
  const { eventId } = parseInput(eventIdSchema, raw);
  await loadVisibleEvent(ctx, eventId);
  const now = ctx.deps.now();
  const after = afterCommit(ctx.deps);
  await ctx.db.transaction().execute(async (trx) => {
    const event = await lockEvent(trx, eventId);
    const existing = await trx.selectFrom("event_registrations").select("status").where("event_id", "=", eventId).where("user_id", "=", actor.id).executeTakeFirst();
    if (!existing || existing.status === "cancelled") return;
    await trx.updateTable("event_registrations").set({ status: "cancelled", updated_at: now }).where("event_id", "=", eventId).where("user_id", "=", actor.id).execute();
    if (existing.status === "registered") await promoteFromWaitlist(trx, ctx, after, event);
  });
  await after.flush();
  return { status: null, position: null };
}

/** The actor's registration for an event they may see. */
export async function myRegistration(ctx: ServiceContext, eventId: number): Promise<RegistrationDto> {
  if (!ctx.actor) return { status: null, position: null };
  const row = await ctx.db.selectFrom("event_registrations").select("status").where("event_id", "=", eventId).where("user_id", "=", ctx.actor.id).executeTakeFirst();
  if (!row || row.status === "cancelled") return { status: null, position: null };
  return { status: row.status, position: row.status === "waitlisted" ? await waitlistPosition(ctx.db, eventId, ctx.actor.id) : null };
}
