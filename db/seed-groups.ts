// Demo groups: an expert group per topic with the demo experts, and a private working group with
// members and threads, all created through the same services members use.
import type { Deps } from "../server/context";
import { services } from "../server/domain";
import { as, topicId } from "./seed-forum";

const expertGroups = [
  {
    topic: "numps-sumps",
    slug: "expertos-planes-movilidad",
    name: { es: "Expertos en planes de movilidad", pt: "Especialistas em planos de mobilidade", en: "Mobility planning experts" },
    description: {
      es: "Responden preguntas sobre NUMPs y SUMPs: diagnóstico, participación, aprobación y seguimiento.",
      pt: "Respondem perguntas sobre NUMPs e SUMPs: diagnóstico, participação, aprovação e monitoramento.",
      en: "Answer questions on NUMPs and SUMPs: diagnosis, participation, adoption and monitoring.",
    },
    experts: ["sofia_klein", "kwame_mensah"],
  },
  {
    topic: "financing",
    slug: "expertos-financiamiento",
    name: { es: "Expertos en financiamiento", pt: "Especialistas em financiamento", en: "Financing experts" },
    description: {
      es: "Banca de desarrollo, fondos climáticos y cómo preparar proyectos financiables.",
      pt: "Bancos de desenvolvimento, fundos climáticos e como preparar projetos financiáveis.",
      en: "Development banks, climate funds and how to prepare bankable projects.",
    },
    experts: ["pierre_dubois", "maria_gonzalez"],
  },
  {
    topic: "electromobility",
    slug: "expertos-electromovilidad",
    name: { es: "Expertos en electromovilidad", pt: "Especialistas em eletromobilidade", en: "Electromobility experts" },
    description: {
      es: "Buses eléctricos, carga, modelos de negocio y licitaciones.",
      pt: "Ônibus elétricos, recarga, modelos de negócio e licitações.",
      en: "Electric buses, charging, business models and procurement.",
    },
    experts: ["sofia_klein", "pierre_dubois"],
  },
  {
    topic: "pilot-projects",
    slug: "expertos-pilotos",
    name: { es: "Expertos en proyectos piloto", pt: "Especialistas em projetos piloto", en: "Pilot project experts" },
    description: {
      es: "Cómo diseñar, medir y escalar un piloto.",
      pt: "Como desenhar, medir e escalar um piloto.",
      en: "How to design, measure and scale a pilot.",
    },
    experts: ["kwame_mensah", "maria_gonzalez"],
  },
];

export async function seedDemoGroups(deps: Deps): Promise<void> {
  const hour = 60 * 60 * 1000;
  const now = deps.now().getTime();
  /** A demo member acting `hoursAgo` before the seed's moment. */
  const member = (handle: string, hoursAgo: number) => as(deps, { handle, at: new Date(now - hoursAgo * hour) });
  const moderator = await member("mateo_mod", 40 * 24);
  /** The moderator invites a member to a group; they accept `hoursAgo` before the seed's moment. */
  const join = async (groupId: number, handle: string, hoursAgo: number) => {
    await services.groups.inviteToGroup(moderator, { groupId, invitee: handle });
    const invitee = await member(handle, hoursAgo);
    const [invitation] = await services.groups.myGroupInvitations(invitee);
    await services.groups.respondToInvitation(invitee, { invitationId: invitation.id }, true);
  };
  for (const spec of expertGroups) {
    const group = await services.groups.createGroup(moderator, {
      topicId: await topicId(deps, spec.topic),
      kind: "expert_group",
      slug: spec.slug,
      nameEs: spec.name.es,
      namePt: spec.name.pt,
      nameEn: spec.name.en,
      descriptionEs: spec.description.es,
      descriptionPt: spec.description.pt,
      descriptionEn: spec.description.en,
      joinPolicy: "request",
    });
    for (const handle of spec.experts) await join(group.id, handle, 39 * 24);
  }

  // A question waiting in an expert group's queue.
  const financing = await deps.db.selectFrom("groups").select(["id", "topic_id"]).where("slug", "=", "expertos-financiamiento").executeTakeFirstOrThrow();
  await services.forum.createThread(await member("lucia_mendoza", 20), {
    topicId: financing.topic_id,
    addressedGroupId: financing.id,
    kind: "question",
    language: "es",
    title: "¿Qué garantías piden los bancos para un crédito de buses eléctricos municipal?",
    body: "Estamos preparando la solicitud y no sabemos si la municipalidad puede dar en garantía los ingresos por tarifa. ¿Qué han visto en otras ciudades?",
  });

  // A private working group: Chile and Peru electrifying fleets, with an expert.
  const working = await services.groups.createGroup(moderator, {
    topicId: await topicId(deps, "electromobility"),
    kind: "working_group",
    slug: "electrificacion-flotas-chile-peru",
    nameEs: "Electrificación de flotas: Chile y Perú",
    namePt: "Eletrificação de frotas: Chile e Peru",
    nameEn: "Fleet electrification: Chile and Peru",
    descriptionEs: "Grupo de trabajo privado para comparar licitaciones y contratos de buses eléctricos.",
    descriptionPt: "Grupo de trabalho privado para comparar licitações e contratos de ônibus elétricos.",
    descriptionEn: "Private working group comparing electric bus tenders and contracts.",
    joinPolicy: "invite",
  });
  for (const handle of ["valentina_ruiz", "lucia_mendoza", "sofia_klein"]) await join(working.id, handle, 30 * 24);
  const plan = await services.forum.createThread(await member("valentina_ruiz", 10 * 24), {
    groupId: working.id,
    kind: "discussion",
    language: "es",
    title: "Borrador de cláusulas de disponibilidad para la licitación",
    body: "Comparto el borrador de las cláusulas de disponibilidad de flota (mínimo 95 %) y de garantía de baterías. ¿Qué cambiarían para Lima?",
  });
  await services.forum.createReply(await member("lucia_mendoza", 9 * 24), {
    threadId: plan.threadId,
    body: "En Lima pediríamos que la garantía de baterías cubra al menos 8 años y una capacidad residual mínima.",
  });
  await services.forum.createReply(await member("sofia_klein", 8 * 24), {
    threadId: plan.threadId,
    body: "Sugiero medir la disponibilidad por franja horaria, no solo diaria, y fijar penalidades graduales.",
  });
  await services.forum.createThread(await member("lucia_mendoza", 3 * 24), {
    groupId: working.id,
    kind: "question",
    language: "es",
    title: "¿Alguien tiene el modelo de contrato de operación de Santiago?",
    body: "Necesitamos un ejemplo del contrato que separa la provisión de flota de la operación.",
  });
}
