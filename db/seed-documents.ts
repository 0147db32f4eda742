// Demo documents: about a dozen in Spanish, Portuguese and English, uploaded through the document bank's
// service as the demo members (real small PDFs, so their text is searchable); public, members-only and one
// pair in the private working group. One guide has a second version, and a demo reply links a document.
import type { Deps } from "../server/context";
import { services } from "../server/domain";
import { stageBuffer } from "../server/domain/documents/staging";
import { simplePdf } from "../tests/factories/documents";
import { as, topicId } from "./seed-forum";

interface DemoDocument {
  by: string;
  daysAgo: number;
  place: { topic: string } | { group: string };
  audience: "public" | "members";
  docType: "nump" | "sump" | "guideline" | "case_study" | "financing_proposal" | "presentation" | "data" | "other";
  language: "es" | "pt" | "en";
  title: string;
  description: string;
  country: string;
  city?: string;
  year: number;
  authors: string;
  licence: string;
  fileName: string;
  /** The PDF's text, paragraph by paragraph. */
  text: string[];
}

export const demoDocuments: DemoDocument[] = [
  {
    by: "valentina_ruiz",
    daysAgo: 34,
    place: { topic: "numps-sumps" },
    audience: "public",
    docType: "nump",
    language: "es",
    title: "Política Nacional de Movilidad Urbana de Chile: documento para consulta",
    description: "Borrador de la política nacional de movilidad urbana sometido a consulta pública: objetivos, instrumentos de financiamiento y el papel de los planes locales.",
    country: "CL",
    year: 2024,
    authors: "Ministerio de Transportes y Telecomunicaciones",
    licence: "CC BY 4.0",
    fileName: "PNMU Chile - consulta pública.pdf",
    text: [
      "La Política Nacional de Movilidad Urbana orienta la inversión pública en transporte hacia ciudades más accesibles, seguras y bajas en carbono.",
      "Objetivos: priorizar el transporte público y la movilidad activa, reducir las emisiones del transporte urbano y mejorar la coordinación entre el nivel nacional y los gobiernos locales.",
      "Instrumentos: un fondo concursable para planes de movilidad urbana sostenible, estándares para corredores de buses y ciclovías, y un programa de electromovilidad para flotas de transporte público.",
      "Gobernanza: las ciudades que cuenten con un plan de movilidad aprobado tendrán prioridad en el cofinanciamiento nacional.",
    ],
  },
  {
    by: "joao_pereira",
    daysAgo: 30,
    place: { topic: "numps-sumps" },
    audience: "public",
    docType: "sump",
    language: "pt",
    title: "Plano de Mobilidade Urbana Sustentável de Curitiba: diagnóstico e propostas",
    description: "Síntese do diagnóstico e das propostas do plano de mobilidade de Curitiba, com a rede de BRT, a integração tarifária e a meta de ônibus elétricos.",
    country: "BR",
    city: "Curitiba",
    year: 2023,
    authors: "Prefeitura de Curitiba, IPPUC",
    licence: "CC BY 4.0",
    fileName: "PlanMob-Curitiba-sintese.pdf",
    text: [
      "O Plano de Mobilidade Urbana Sustentável de Curitiba parte de um diagnóstico da rede integrada de transporte e da evolução da demanda.",
      "Propostas: ampliar as canaletas exclusivas do BRT, integrar a tarifa com a região metropolitana, expandir a malha cicloviária e substituir a frota por ônibus elétricos até 2035.",
      "Participação social: audiências públicas em todas as regionais e um conselho municipal de mobilidade acompanham a implementação.",
    ],
  },
  {
    by: "kwame_mensah",
    daysAgo: 28,
    place: { topic: "numps-sumps" },
    audience: "public",
    docType: "guideline",
    language: "en",
    title: "Developing a SUMP in Latin American cities: a practical guide",
    description: "Step by step from diagnosis to adoption: stakeholder participation, scenarios, indicators and monitoring, with examples from the region.",
    country: "BR",
    year: 2022,
    authors: "MobiliseYourCity Partnership",
    licence: "CC BY-NC 4.0",
    fileName: "SUMP guide LAC.pdf",
    text: [
      "A sustainable urban mobility plan (SUMP) is a strategic plan that puts people and accessibility at its centre.",
      "Phase one: preparation and analysis. Set up a working structure, map stakeholders and collect data on travel patterns, safety and emissions.",
      "Phase two: strategy development. Build scenarios, agree on a vision and measurable targets, such as the modal share of public transport and cycling.",
      "Phase three: measure planning and implementation, with a monitoring and evaluation framework and a financing plan.",
    ],
  },
  {
    by: "sofia_klein",
    daysAgo: 25,
    place: { topic: "electromobility" },
    audience: "public",
    docType: "guideline",
    language: "es",
    title: "Guía para la licitación de buses eléctricos: especificaciones técnicas y contratos",
    description: "Cómo preparar una licitación de buses eléctricos: especificaciones técnicas, garantías de baterías, infraestructura de carga y separación entre propiedad y operación de la flota.",
    country: "MX",
    city: "Ciudad de México",
    year: 2024,
    authors: "GIZ, Sofía Klein",
    licence: "CC BY 4.0",
    fileName: "guia-licitacion-buses-electricos.pdf",
    text: [
      "Esta guía resume las lecciones de licitaciones de buses eléctricos en ciudades de América Latina.",
      "Especificaciones técnicas: autonomía mínima por ruta, capacidad de las baterías, garantías de degradación y disponibilidad de repuestos.",
      "Infraestructura de carga: carga nocturna en patios frente a carga de oportunidad, y coordinación temprana con la empresa distribuidora de electricidad.",
      "Modelo de contrato: separar la propiedad de la flota de la operación reduce el riesgo para los operadores y abarata el financiamiento.",
    ],
  },
  {
    by: "ana_beatriz",
    daysAgo: 22,
    place: { topic: "electromobility" },
    audience: "public",
    docType: "case_study",
    language: "pt",
    title: "Ônibus elétricos em São Paulo: lições dos primeiros anos de operação",
    description: "Estudo de caso sobre a transição da frota de São Paulo: metas da lei do clima, contratos, recarga nas garagens e custos de operação.",
    country: "BR",
    city: "São Paulo",
    year: 2023,
    authors: "Ana Beatriz Souza",
    licence: "CC BY 4.0",
    fileName: "estudo-de-caso-onibus-eletricos-sp.pdf",
    text: [
      "A lei municipal de mudanças climáticas fixou metas de redução de emissões para a frota de ônibus de São Paulo.",
      "Os primeiros ônibus elétricos a bateria mostraram custo operacional menor por quilômetro, mas exigiram investimento em recarga nas garagens.",
      "Lições: envolver a distribuidora de energia desde o início, prever a substituição de baterias e treinar motoristas e equipes de manutenção.",
    ],
  },
  {
    by: "pierre_dubois",
    daysAgo: 20,
    place: { topic: "financing" },
    audience: "members",
    docType: "financing_proposal",
    language: "en",
    title: "Concept note: zero-emission bus fleet for Quito",
    description: "A concept note for climate finance: a zero-emission bus fleet with a leasing vehicle, blended finance and a results framework. Shared with members for comments.",
    country: "EC",
    city: "Quito",
    year: 2024,
    authors: "AFD, Municipality of Quito",
    licence: "All rights reserved",
    fileName: "Quito ZEB concept note.pdf",
    text: [
      "The proposal finances 120 battery electric buses for the Quito trolleybus and feeder network through a fleet leasing company.",
      "Blended finance: a concessional loan from a development bank, a grant for charging infrastructure, and a guarantee covering battery performance risk.",
      "Expected results: 18,000 tonnes of CO2 avoided per year, lower operating costs and better air quality along the corridors.",
    ],
  },
  {
    by: "maria_gonzalez",
    daysAgo: 18,
    place: { topic: "financing" },
    audience: "members",
    docType: "financing_proposal",
    language: "es",
    title: "Propuesta de financiamiento: corredores BRT eléctricos en Bogotá",
    description: "Estructura financiera para electrificar corredores troncales: banca de desarrollo, fondos climáticos y mecanismos de pago por disponibilidad.",
    country: "CO",
    city: "Bogotá",
    year: 2023,
    authors: "CEPAL",
    licence: "CC BY-NC-ND 4.0",
    fileName: "propuesta_financiamiento_BRT_electrico.pdf",
    text: [
      "La electrificación de los corredores troncales requiere financiar flota, patios y subestaciones eléctricas.",
      "Estructura propuesta: un crédito de la banca de desarrollo al distrito, recursos de fondos climáticos para la infraestructura de carga y contratos de pago por disponibilidad con los operadores.",
      "Riesgos: tipo de cambio, tarifas eléctricas y demanda de pasajeros; se proponen coberturas y un fondo de estabilización.",
    ],
  },
  {
    by: "carlos_rivera",
    daysAgo: 15,
    place: { topic: "pilot-projects" },
    audience: "public",
    docType: "data",
    language: "es",
    title: "Datos del piloto de carriles exclusivos en Bogotá (2021–2023)",
    description: "Velocidades comerciales, ocupación y siniestralidad antes y después del piloto de carriles exclusivos para buses.",
    country: "CO",
    city: "Bogotá",
    year: 2023,
    authors: "Ministerio de Transporte de Colombia",
    licence: "CC0 1.0",
    fileName: "datos piloto carriles exclusivos.pdf",
    text: [
      "Resumen de datos del piloto de carriles exclusivos para buses en tres corredores.",
      "Velocidad comercial promedio: 14,2 km/h antes del piloto y 18,9 km/h después. Ocupación media en hora punta: 82 por ciento.",
      "Siniestros con víctimas en los corredores: reducción del 23 por ciento en los doce meses posteriores a la implementación.",
    ],
  },
  {
    by: "ana_beatriz",
    daysAgo: 12,
    place: { topic: "pilot-projects" },
    audience: "public",
    docType: "presentation",
    language: "pt",
    title: "Apresentação: piloto de ruas completas em Belo Horizonte",
    description: "Slides apresentados no webinar da comunidade sobre o piloto de ruas completas: desenho, participação dos moradores e resultados.",
    country: "BR",
    city: "Belo Horizonte",
    year: 2024,
    authors: "Prefeitura de Belo Horizonte",
    licence: "CC BY 4.0",
    fileName: "ruas-completas-BH.pdf",
    text: [
      "Piloto de ruas completas: calçadas mais largas, travessias elevadas e ciclofaixa em um trecho de 800 metros.",
      "Participação: oficinas com moradores e comerciantes antes da intervenção temporária com tinta e mobiliário.",
      "Resultados: mais pedestres, menor velocidade dos carros e apoio da maioria dos comerciantes à versão permanente.",
    ],
  },
  {
    by: "sofia_klein",
    daysAgo: 10,
    place: { topic: "electromobility" },
    audience: "public",
    docType: "case_study",
    language: "en",
    title: "Case study: Santiago's electric buses and the split between fleet ownership and operation",
    description: "How Santiago grew one of the largest electric bus fleets outside China by separating fleet ownership (energy companies) from operation.",
    country: "CL",
    city: "Santiago",
    year: 2022,
    authors: "GIZ",
    licence: "CC BY 4.0",
    fileName: "Santiago e-bus case study.pdf",
    text: [
      "Santiago separated the ownership of buses, held by energy and leasing companies, from their operation by transport operators.",
      "This business model lowered the cost of capital and let operators bid without carrying the battery risk.",
      "Lessons for other cities: a stable regulatory framework, long contracts and early agreements with electricity distributors.",
    ],
  },
  {
    by: "kwame_mensah",
    daysAgo: 8,
    place: { topic: "numps-sumps" },
    audience: "members",
    docType: "nump",
    language: "en",
    title: "NUMP readiness assessment: lessons from national programmes",
    description: "A checklist for ministries preparing a national urban mobility policy: mandate, data, financing windows and support to cities.",
    country: "BR",
    year: 2024,
    authors: "MobiliseYourCity Partnership",
    licence: "CC BY-NC 4.0",
    fileName: "NUMP readiness.pdf",
    text: [
      "A national urban mobility policy (NUMP) needs a clear mandate, an inter-ministerial committee and a budget line.",
      "Readiness criteria: transport data at national level, a financing window for cities, and technical assistance to prepare projects.",
    ],
  },
  {
    by: "valentina_ruiz",
    daysAgo: 6,
    place: { group: "electrificacion-flotas-chile-peru" },
    audience: "members",
    docType: "guideline",
    language: "es",
    title: "Hoja de ruta conjunta de electrificación de flotas Chile–Perú (borrador)",
    description: "Borrador de trabajo del grupo: hitos, compras conjuntas de buses eléctricos y estándares comunes de carga. Solo para el grupo.",
    country: "CL",
    year: 2025,
    authors: "Grupo de trabajo Chile–Perú",
    licence: "Uso interno del grupo",
    fileName: "hoja-de-ruta-chile-peru-borrador.pdf",
    text: [
      "Borrador interno del grupo de trabajo sobre electrificación de flotas entre Chile y Perú.",
      "Hitos: estándar común de conectores de carga, especificación compartida para licitaciones y una compra conjunta de buses eléctricos.",
    ],
  },
  {
    by: "lucia_mendoza",
    daysAgo: 4,
    place: { group: "electrificacion-flotas-chile-peru" },
    audience: "members",
    docType: "financing_proposal",
    language: "es",
    title: "Borrador: mecanismo de garantía para buses eléctricos en Lima",
    description: "Propuesta preliminar de garantía para el riesgo de baterías en la flota eléctrica de Lima, para discutir en el grupo.",
    country: "PE",
    city: "Lima",
    year: 2025,
    authors: "Municipalidad Metropolitana de Lima",
    licence: "Uso interno del grupo",
    fileName: "garantia-baterias-lima.pdf",
    text: ["Mecanismo de garantía para el riesgo de desempeño de baterías en buses eléctricos de Lima, con respaldo de la banca de desarrollo."],
  },
];

export async function seedDemoDocuments(deps: Deps): Promise<void> {
  const existing = await deps.db.selectFrom("documents").select("id").limit(1).executeTakeFirst();
  if (existing) return;
  const day = 24 * 60 * 60 * 1000;
  const now = deps.now().getTime();
  const ids = new Map<string, number>();
  for (const spec of demoDocuments) {
    const at = new Date(now - spec.daysAgo * day);
    const ctx = await as(deps, { handle: spec.by, at });
    let place: string;
    if ("topic" in spec.place) {
      place = `topic:${await topicId(deps, spec.place.topic)}`;
    } else {
      const group = await deps.db.selectFrom("groups").select("id").where("slug", "=", spec.place.group).executeTakeFirst();
      if (!group) continue;
      place = `group:${group.id}`;
    }
    const file = await stageBuffer(deps.config.documents, simplePdf(spec.title, spec.text), spec.fileName);
    const { documentId } = await services.documents.upload(ctx, {
      title: spec.title,
      description: spec.description,
      docType: spec.docType,
      language: spec.language,
      audience: spec.audience,
      country: spec.country,
      city: spec.city ?? "",
      year: String(spec.year),
      authors: spec.authors,
      licence: spec.licence,
      place,
      file,
    });
    ids.set(spec.fileName, documentId);
  }

  // The procurement guide got a second version a few days later.
  const guide = ids.get("guia-licitacion-buses-electricos.pdf");
  if (guide) {
    const ctx = await as(deps, { handle: "sofia_klein", at: new Date(now - 9 * day) });
    const spec = demoDocuments.find((doc) => doc.fileName === "guia-licitacion-buses-electricos.pdf")!;
    const file = await stageBuffer(
      deps.config.documents,
      simplePdf(`${spec.title} (versión 2)`, [
        ...spec.text,
        "Versión 2: se añade un anexo sobre garantías de baterías y recambio a mitad de vida útil, con ejemplos de Santiago y Bogotá.",
      ]),
      spec.fileName,
    );
    await services.documents.uploadVersion(ctx, { documentId: guide, file });
  }

  // A reply in a financing thread links the Bogotá proposal, so its page shows where it is discussed.
  const proposal = ids.get("propuesta_financiamiento_BRT_electrico.pdf");
  const thread = await deps.db
    .selectFrom("threads")
    .innerJoin("topics", "topics.id", "threads.topic_id")
    .select("threads.id")
    .where("topics.slug", "=", "financing")
    .where("threads.language", "=", "es")
    .where("threads.deleted_at", "is", null)
    .orderBy("threads.id")
    .limit(1)
    .executeTakeFirst();
  if (proposal && thread) {
    const ctx = await as(deps, { handle: "maria_gonzalez", at: new Date(now - 17 * day) });
    await services.forum.createReply(ctx, {
      threadId: thread.id,
      body: `Compartimos en el banco de documentos una propuesta de estructura financiera para corredores BRT eléctricos que puede servir de ejemplo: [Propuesta de financiamiento: corredores BRT eléctricos en Bogotá](/documents/${proposal}). Los comentarios son bienvenidos.`,
    });
  }
}
