// Loading events through the guardian: what the actor may not see is NOT_FOUND, whatever the address.
import type { Selectable, Transaction } from "kysely";
import type { DB } from "../../../db/connection";
import type { Database, EventsTable } from "../../../db/schema";
import { AppError } from "../../../shared/errors";
import type { EventFacts, SpaceFacts } from "../../../shared/guardian";
import type { ServiceContext } from "../../context";
import { loadSpaceFacts } from "../forum/access";

export type EventRow = Selectable<EventsTable>;
export type Executor = DB | Transaction<Database>;

export function eventFacts(event: Pick<EventRow, "organiser_id" | "cancelled_at">): EventFacts {
  return { organiserId: event.organiser_id, cancelledAt: event.cancelled_at };
}

/** Parses an id from a path segment; anything that is not one is simply not found. */
export function eventIdFrom(value: unknown): number {
  const id = typeof value === "number" ? value : /^\d{1,10}$/.test(String(value ?? "")) ? Number(value) : NaN;
  if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) throw new AppError("NOT_FOUND", "errors.not_found");
  return id;
}

/** An event the actor may see, with the actor's facts about its space; NOT_FOUND otherwise. */
export async function loadVisibleEvent(ctx: ServiceContext, eventId: number): Promise<{ event: EventRow; space: SpaceFacts }> {
  const event = await ctx.db.selectFrom("events").selectAll().where("id", "=", eventId).executeTakeFirst();
  if (!event) throw new AppError("NOT_FOUND", "errors.not_found");
  const space = await loadSpaceFacts(ctx.db, event.space_id, ctx.actor);
  ctx.guardian.ensure(ctx.guardian.canViewEvent(space));
  return { event, space };
}

/** An event the actor organises (or moderates the space of); those who may only see it are told FORBIDDEN. */
export async function loadManageableEvent(ctx: ServiceContext, eventId: number): Promise<{ event: EventRow; space: SpaceFacts }> {
  ctx.guardian.ensureSignedIn();
  const loaded = await loadVisibleEvent(ctx, eventId);
  if (!ctx.guardian.canManageEvent(eventFacts(loaded.event), loaded.space)) throw new AppError("FORBIDDEN", "event.cannot_manage");
  return loaded;
}

/** The zone the actor reads times in: their profile's, or null (the page then uses the event's, then the browser's). */
export async function viewerTimeZone(ctx: ServiceContext): Promise<string | null> {
  if (!ctx.actor) return null;
  const row = await ctx.db.selectFrom("users").select("time_zone").where("id", "=", ctx.actor.id).executeTakeFirst();
  return row?.time_zone ?? null;
}
