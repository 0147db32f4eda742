// Demo events, created and run through the events service as the demo members, each at its own moment:
// two past events (one with its recording, materials from the document bank and a follow-up discussion)
// and upcoming ones: a webinar in Spanish, a workshop in Portuguese with a full room and a waiting list,
// a webinar in English, and a meeting of the private working group. Reminders only ever go out for events
// still to come, so nothing of the demo's past is emailed; the upcoming ones are days away.
import type { Deps } from "../server/context";
import { services } from "../server/domain";
import { localDate } from "../shared/event-time";
import { as, createPost, topicId } from "./seed-forum";

const DAY = 24 * 60 * 60 * 1000;

interface DemoEvent {
  key: string;
  organiser: string;
  place: { topic: string } | { group: string };
  kind: "webinar" | "workshop" | "event";
  title: string;
  description: string;
  languages: ("es" | "pt" | "en")[];
  /** Days from the seed's moment (negative: in the past), and the local start and end times. */
  day: number;
  starts: string;
  ends: string;
  timeZone: string;
  onlineUrl?: string;
  place_?: string;
  capacity?: number;
  speakers: string;
  /** Registered in this order; with a capacity, the last ones wait. */
  registrants: string[];
}

const demoEvents: DemoEvent[] = [
  {
    key: "sump-guide",
    organiser: "mateo_mod",
    place: { topic: "numps-sumps" },
    kind: "webinar",
    title: "Presentación de la guía regional para planes de movilidad urbana sostenible",
    description:
      "Presentamos la **guía regional de SUMPs**: cómo organizar el diagnóstico, la participación ciudadana y el seguimiento con indicadores.\n\n- Experiencias de Bogotá, Lima y Curitiba\n- Preguntas y respuestas con el equipo autor",
    languages: ["es"],
    day: -18,
    starts: "10:00",
    ends: "11:30",
    timeZone: "America/Bogota",
    onlineUrl: "https://meet.enlace.example/guia-sumps",
    speakers: "Sofía Klein (GIZ), Kwame Mensah (MobiliseYourCity)",
    registrants: ["valentina_ruiz", "joao_pereira", "lucia_mendoza", "carlos_rivera", "ana_beatriz"],
  },
  {
    key: "gtfs",
    organiser: "mateo_mod",
    place: { topic: "pilot-projects" },
    kind: "workshop",
    title: "Oficina: dados abertos de transporte com GTFS",
    description: "Uma oficina prática para publicar os horários do transporte público no formato **GTFS** e medir a acessibilidade.",
    languages: ["pt"],
    day: -45,
    starts: "14:00",
    ends: "17:00",
    timeZone: "America/Sao_Paulo",
    onlineUrl: "https://meet.enlace.example/gtfs",
    speakers: "Ana Beatriz Souza",
    registrants: ["joao_pereira", "ana_beatriz", "carlos_rivera"],
  },
  {
    key: "climate-finance",
    organiser: "mateo_mod",
    place: { topic: "financing" },
    kind: "webinar",
    title: "Financiamiento climático para buses eléctricos: cómo preparar una propuesta",
    description:
      "Un recorrido por las fuentes de **financiamiento climático** disponibles para flotas de buses eléctricos y por lo que los bancos de desarrollo esperan encontrar en una propuesta.\n\n1. Fuentes y condiciones\n2. Estructuras de garantía\n3. Preguntas del público",
    languages: ["es"],
    day: 6,
    starts: "10:00",
    ends: "11:30",
    timeZone: "America/Bogota",
    onlineUrl: "https://meet.enlace.example/financiamiento-climatico",
    speakers: "Pierre Dubois (AFD), María González (CEPAL)",
    registrants: ["lucia_mendoza", "carlos_rivera", "valentina_ruiz"],
  },
  {
    key: "brt-workshop",
    organiser: "mateo_mod",
    place: { topic: "pilot-projects" },
    kind: "workshop",
    title: "Oficina de formação: corredores BRT com participação cidadã",
    description: "Oficina presencial em Curitiba sobre o desenho de corredores **BRT** com a participação de moradores e comerciantes. Vagas limitadas: quando lotar, entre na lista de espera.",
    languages: ["pt", "es"],
    day: 13,
    starts: "09:00",
    ends: "12:30",
    timeZone: "America/Sao_Paulo",
    place_: "Rua da Cidadania, Curitiba (Paraná)",
    capacity: 3,
    speakers: "Ana Beatriz Souza, João Pereira",
    registrants: ["ana_beatriz", "carlos_rivera", "kwame_mensah", "lucia_mendoza"],
  },
  {
    key: "battery",
    organiser: "mateo_mod",
    place: { topic: "electromobility" },
    kind: "webinar",
    title: "Second life for bus batteries: what cities need to know",
    description: "Energy storage, warranties and procurement clauses for the batteries of electric buses once they leave the fleet.",
    languages: ["en", "es"],
    day: 20,
    starts: "12:00",
    ends: "13:00",
    timeZone: "America/Mexico_City",
    onlineUrl: "https://meet.enlace.example/battery-second-life",
    speakers: "Sofía Klein (GIZ)",
    registrants: ["kwame_mensah"],
  },
  {
    key: "working-group",
    organiser: "mateo_mod",
    place: { group: "electrificacion-flotas-chile-peru" },
    kind: "event",
    title: "Reunión del grupo: cláusulas de disponibilidad de la licitación",
    description: "Revisamos juntos el borrador de cláusulas de disponibilidad de flota y de garantía de baterías antes de enviarlo a Lima.",
    languages: ["es"],
    day: 9,
    starts: "16:00",
    ends: "17:00",
    timeZone: "America/Santiago",
    onlineUrl: "https://meet.enlace.example/grupo-chile-peru",
    speakers: "Valentina Ruiz, Lucía Mendoza",
    registrants: ["valentina_ruiz", "sofia_klein"],
  },
];

/** "YYYY-MM-DD" of the day `days` from the seed's moment, as seen in the zone. */
function dayIn(deps: Deps, days: number, zone: string): string {
  const today = localDate(deps.now(), zone);
  const [year, month, day] = today.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

export async function seedDemoEvents(deps: Deps): Promise<void> {
  const existing = await deps.db.selectFrom("events").select("id").limit(1).executeTakeFirst();
  if (existing) return;
  const now = deps.now().getTime();
  for (const spec of demoEvents) {
    const date = dayIn(deps, spec.day, spec.timeZone);
    // Announced three weeks before it happens (or now, for the ones still to come); registrations follow.
    const announced = new Date(Math.min(now - DAY, now + (spec.day - 21) * DAY));
    const organiser = await as(deps, { handle: spec.organiser, at: announced });
    const where =
      "topic" in spec.place
        ? { topicId: await topicId(deps, spec.place.topic) }
        : { groupId: (await deps.db.selectFrom("groups").select("id").where("slug", "=", spec.place.group).executeTakeFirstOrThrow()).id };
    const { id } = await services.events.create(organiser, {
      ...where,
      kind: spec.kind,
      title: spec.title,
      description: spec.description,
      languages: spec.languages,
      startsAt: `${date}T${spec.starts}`,
      endsAt: `${date}T${spec.ends}`,
      timeZone: spec.timeZone,
      onlineUrl: spec.onlineUrl,
      place: spec.place_,
      capacity: spec.capacity,
      speakers: spec.speakers,
    });
    for (const [index, handle] of spec.registrants.entries()) {
      const member = await as(deps, { handle, at: new Date(announced.getTime() + (index + 1) * 3 * 60 * 60 * 1000) });
      await services.events.register(member, { eventId: id });
    }
    if (spec.key === "sump-guide") await followUp(deps, id, now + (spec.day + 1) * DAY);
  }
}

/** The past webinar's afterlife: its recording, materials from the document bank, and a follow-up discussion. */
async function followUp(deps: Deps, eventId: number, at: number): Promise<void> {
  const organiser = await as(deps, { handle: "mateo_mod", at: new Date(at) });
  await services.events.setRecording(organiser, { eventId, recordingUrl: "https://video.enlace.example/guia-sumps-grabacion" });
  const sumpTopicId = await topicId(deps, "numps-sumps");
  // Public documents of the bank, those of the webinar's topic first (none if the bank is empty).
  const documents = await deps.db
    .selectFrom("documents")
    .innerJoin("spaces", "spaces.id", "documents.space_id")
    .select(["documents.id", "documents.topic_id"])
    .where("documents.deleted_at", "is", null)
    .where("documents.audience", "=", "public")
    .where("spaces.visibility", "=", "public")
    .orderBy("documents.id")
    .execute();
  const chosen = [...documents.filter((d) => d.topic_id === sumpTopicId), ...documents.filter((d) => d.topic_id !== sumpTopicId)].slice(0, 2);
  for (const document of chosen) await services.events.attachMaterial(organiser, { eventId, documentId: document.id });
  const { threadId } = await services.events.openFollowUp(organiser, { eventId });
  await createPost(
    deps,
    { handle: "valentina_ruiz", at: new Date(at + 5 * 60 * 60 * 1000) },
    threadId,
    "Gracias por la grabación. Nos sirvió mucho la parte de indicadores de seguimiento: ¿alguien tiene una plantilla para el informe anual?",
  );
}
