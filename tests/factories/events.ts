// Events built through the real service, as an organiser would create them.
import type { UserRow } from "../../db/schema";
import type { Deps } from "../../server/context";
import { services } from "../../server/domain";
import { createUser } from "./index";
import { as } from "./forum";

let count = 0;
const HOUR = 60 * 60 * 1000;

export interface EventFactoryInput {
  organiser?: UserRow;
  topicId?: number;
  groupId?: number;
  kind?: "webinar" | "workshop" | "event";
  title?: string;
  description?: string;
  /** From the deps' clock; default: a week ahead. */
  startsInMs?: number;
  durationMs?: number;
  timeZone?: string;
  capacity?: number | null;
  onlineUrl?: string;
  place?: string;
  languages?: ("es" | "pt" | "en")[];
}

/** Creates an event through the events service (the organiser, a site moderator by default, is made if not given). */
export async function createEvent(deps: Deps, input: EventFactoryInput) {
  count++;
  const organiser = input.organiser ?? (await createUser(deps.db, { site_role: "moderator" }));
  const start = new Date(deps.now().getTime() + (input.startsInMs ?? 7 * 24 * HOUR));
  const end = new Date(start.getTime() + (input.durationMs ?? 90 * 60 * 1000));
  const { id } = await services.events.create(as(deps, organiser), {
    topicId: input.topicId,
    groupId: input.groupId,
    kind: input.kind ?? "webinar",
    title: input.title ?? `Webinario de prueba número ${count}`,
    description: input.description ?? "Presentamos **resultados** del piloto.",
    languages: input.languages ?? ["es"],
    startsAt: start.toISOString(),
    endsAt: end.toISOString(),
    timeZone: input.timeZone ?? "America/Bogota",
    capacity: input.capacity ?? undefined,
    onlineUrl: input.onlineUrl ?? (input.place ? undefined : "https://meet.example.org/enlace"),
    place: input.place,
  });
  return { id, organiser };
}
