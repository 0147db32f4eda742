// Demo pairs of officials, made through the same services members use: Valentina (national, Chile) and
// João (local, Curitiba) pair up, ask a question in a public topic as a pair and work in their private space
// with an invited expert (Sofía); Carlos (national, Colombia) and Lucía (local, Lima) form a second pair;
// Ana Beatriz (local, Belo Horizonte) has asked Valentina and waits for her answer.
import type { Deps } from "../server/context";
import { services } from "../server/domain";
import { as, topicId } from "./seed-forum";

const hour = 60 * 60 * 1000;
const day = 24 * hour;

/** One official asks, the other accepts; answers the new pair's id. */
async function formPair(deps: Deps, spec: { from: string; to: string; topic: string; message: string; askedDaysAgo: number }): Promise<number> {
  const now = deps.now().getTime();
  const asked = new Date(now - spec.askedDaysAgo * day);
  const { requestId } = await services.pairs.sendRequest(await as(deps, { handle: spec.from, at: asked }), {
    to: spec.to,
    message: spec.message,
    topicId: await topicId(deps, spec.topic),
  });
  const { pairId } = await services.pairs.respondToRequest(await as(deps, { handle: spec.to, at: new Date(asked.getTime() + 6 * hour) }), { requestId }, true);
  return pairId!;
}

export async function seedDemoPairs(deps: Deps): Promise<void> {
  const exists = await deps.db.selectFrom("pairs").select("id").limit(1).executeTakeFirst();
  if (exists) return;
  const now = deps.now().getTime();
  const at = (handle: string, daysAgo: number) => as(deps, { handle, at: new Date(now - daysAgo * day) });

  // ---- Valentina (Ministerio de Transportes, Chile) and João (Prefeitura de Curitiba) ----
  const pairId = await formPair(deps, {
    from: "valentina_ruiz",
    to: "joao_pereira",
    topic: "electromobility",
    message:
      "Hola João: en el Ministerio preparamos un programa nacional de apoyo a flotas eléctricas y Curitiba tiene la experiencia de operación que nos falta. ¿Formamos pareja para aprender juntos?",
    askedDaysAgo: 21,
  });

  // A question asked in the public topic as a pair: both show as its authors and both hear of the replies.
  const joint = await services.forum.createThread(await at("valentina_ruiz", 14), {
    asPairId: pairId,
    topicId: await topicId(deps, "electromobility"),
    kind: "question",
    language: "es",
    title: "¿Cómo combinar un fondo nacional con la primera licitación municipal de buses eléctricos?",
    body:
      "Somos una pareja de funcionarios: un ministerio que prepara un fondo nacional (Chile) y una prefeitura que ya opera buses eléctricos (Curitiba).\n\n" +
      "¿Cómo han combinado otros países el financiamiento nacional con la licitación de la ciudad? En particular:\n\n" +
      "1. ¿El fondo compra la flota o garantiza el contrato del operador?\n" +
      "2. ¿Quién asume el riesgo de las baterías?",
  });
  await services.forum.createReply(await at("sofia_klein", 13.8), {
    threadId: joint.threadId,
    body:
      "Dos modelos funcionan bien en la región: separar la propiedad de la flota (un arrendador financiado con apoyo nacional) de la operación, como en Santiago, " +
      "o que el fondo nacional garantice los pagos del contrato municipal. El riesgo de baterías conviene dejarlo en el fabricante, con garantías de capacidad residual.",
  });
  await services.forum.createReply(await at("joao_pereira", 13.5), {
    threadId: joint.threadId,
    body: "Em Curitiba a garantia de baterias ficou com o fabricante por 8 anos; o que mais nos ajudou foi um contrato de disponibilidade com penalidades claras.",
  });
  await services.forum.createReply(await at("pierre_dubois", 12), {
    threadId: joint.threadId,
    body:
      "Desde la AFD hemos visto que una línea de crédito nacional con garantía soberana baja mucho la tasa para las ciudades. " +
      "Conviene que el fondo fije requisitos técnicos comunes, así las ciudades licitan con pliegos parecidos.",
  });

  // Their private space, with an invited expert.
  await services.pairs.inviteExpert(await at("valentina_ruiz", 11), { pairId, invitee: "sofia_klein" });
  const plan = await services.forum.createThread(await at("joao_pereira", 10), {
    pairId,
    kind: "discussion",
    language: "pt",
    title: "Plano de trabalho da dupla: próximos passos",
    body:
      "Proponho três passos para os próximos meses:\n\n" +
      "- comparar os contratos de Curitiba com o rascunho do fundo nacional;\n" +
      "- uma visita técnica da equipe do Ministério à garagem elétrica;\n" +
      "- um rascunho conjunto de requisitos mínimos para as cidades.",
  });
  await services.forum.createReply(await at("valentina_ruiz", 9.5), {
    threadId: plan.threadId,
    body: "De acuerdo. Puedo llevar el borrador del fondo a la visita; ¿en qué fecha les acomoda?",
  });
  await services.forum.createReply(await at("sofia_klein", 9), {
    threadId: plan.threadId,
    body: "I can share GIZ's checklist of minimum technical requirements for e-bus tenders; it would be a good starting point for the joint draft.",
  });

  // ---- Carlos (Ministerio de Transporte, Colombia) and Lucía (Municipalidad de Lima) ----
  const second = await formPair(deps, {
    from: "lucia_mendoza",
    to: "carlos_rivera",
    topic: "financing",
    message: "Carlos, en Lima buscamos aprender de cómo Colombia cofinancia los sistemas de transporte de sus ciudades. ¿Te animas a formar pareja?",
    askedDaysAgo: 16,
  });
  await services.forum.createThread(await at("carlos_rivera", 7), {
    pairId: second,
    kind: "question",
    language: "es",
    title: "¿Qué documentos pide la Nación para cofinanciar un sistema de transporte?",
    body: "Lucía, te comparto la lista de requisitos de cofinanciación; dime cuáles serían difíciles de reunir en Lima.",
  });

  // ---- A request waiting for Valentina ----
  await services.pairs.sendRequest(await at("ana_beatriz", 2), {
    to: "valentina_ruiz",
    message: "Olá Valentina! Em Belo Horizonte estamos começando o plano de mobilidade elétrica e gostaríamos de aprender com o programa nacional do Chile.",
    topicId: await topicId(deps, "numps-sumps"),
  });
}
