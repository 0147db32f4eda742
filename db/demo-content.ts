/**
 * Demo content for Enlace: extra community members, tags and forum threads.
 * Pure data, no imports. Markdown bodies are written flush-left on purpose
 * (indented lines would turn into code blocks).
 */

export type DemoLocale = "es" | "pt" | "en";

export interface DemoReply {
  /** A member handle. */
  author: string;
  /** Markdown. */
  body: string;
  /** Index into this thread's replies array of the reply it answers (omitted: answers the opening post). */
  replyTo?: number;
  /** Handles who marked it helpful (never the reply's author). */
  helpfulVotes?: string[];
}

export interface DemoThread {
  topic: "numps-sumps" | "financing" | "electromobility" | "pilot-projects";
  kind: "question" | "discussion";
  language: DemoLocale;
  /** A member handle. */
  author: string;
  title: string;
  /** Markdown. */
  body: string;
  /** Slugs from demoTags. */
  tags: string[];
  /** When the thread was opened (1..60). */
  daysAgo: number;
  /** In chronological order. */
  replies: DemoReply[];
  /** Index into replies of the accepted solution (questions only). */
  solution?: number;
}

export interface DemoTag {
  slug: string;
  name: { es: string; pt: string; en: string };
}

export interface DemoExtraMember {
  handle: string;
  displayName: string;
  email: string;
  communityRole: "national_official" | "local_official" | "expert";
  organisation: string;
  partnerOrg?: "giz" | "afd" | "eclac" | "unep" | "myc";
  /** ISO 3166-1 alpha-2. */
  country: string;
  region: string;
  languages: string[];
  locale: DemoLocale;
  /** One sentence, in the member's locale. */
  bio: string;
  expertVerified?: boolean;
}

export const demoExtraMembers: DemoExtraMember[] = [
  {
    handle: "lucia_mendoza",
    displayName: "Lucía Mendoza",
    email: "lucia_mendoza@enlace.demo",
    communityRole: "local_official",
    organisation: "Municipalidad Metropolitana de Lima",
    country: "PE",
    region: "Lima",
    languages: ["es"],
    locale: "es",
    bio: "Trabajo en la gerencia de movilidad urbana de Lima, en transporte público y ciclovías.",
  },
  {
    handle: "carlos_rivera",
    displayName: "Carlos Rivera",
    email: "carlos_rivera@enlace.demo",
    communityRole: "national_official",
    organisation: "Ministerio de Transporte de Colombia",
    country: "CO",
    region: "Bogotá",
    languages: ["es"],
    locale: "es",
    bio: "Acompaño desde el Ministerio a las ciudades colombianas en sus sistemas de transporte público y planes de movilidad.",
  },
  {
    handle: "ana_beatriz",
    displayName: "Ana Beatriz Souza",
    email: "ana_beatriz@enlace.demo",
    communityRole: "local_official",
    organisation: "Prefeitura de Belo Horizonte",
    country: "BR",
    region: "Belo Horizonte, Minas Gerais",
    languages: ["pt"],
    locale: "pt",
    bio: "Trabalho com planejamento e dados de mobilidade na Prefeitura de Belo Horizonte.",
  },
  {
    handle: "pierre_dubois",
    displayName: "Pierre Dubois",
    email: "pierre_dubois@enlace.demo",
    communityRole: "expert",
    organisation: "Agence Française de Développement (AFD)",
    partnerOrg: "afd",
    country: "CO",
    region: "Bogotá",
    languages: ["es", "en", "fr"],
    locale: "es",
    bio: "Acompaño desde la AFD la preparación y el financiamiento de proyectos de transporte urbano en la región andina.",
    expertVerified: true,
  },
  {
    handle: "maria_gonzalez",
    displayName: "María González",
    email: "maria_gonzalez@enlace.demo",
    communityRole: "expert",
    organisation: "CEPAL",
    partnerOrg: "eclac",
    country: "CL",
    region: "Santiago",
    languages: ["es", "en"],
    locale: "es",
    bio: "Investigo en la CEPAL políticas de movilidad sostenible, financiamiento y monitoreo de emisiones del transporte.",
    expertVerified: true,
  },
  {
    handle: "kwame_mensah",
    displayName: "Kwame Mensah",
    email: "kwame_mensah@enlace.demo",
    communityRole: "expert",
    organisation: "MobiliseYourCity",
    partnerOrg: "myc",
    country: "BR",
    region: "São Paulo",
    languages: ["en", "pt"],
    locale: "en",
    bio: "I support cities and national governments in preparing SUMPs and NUMPs with the MobiliseYourCity Partnership.",
    expertVerified: true,
  },
];

export const demoTags: DemoTag[] = [
  { slug: "electric-buses", name: { es: "Buses eléctricos", pt: "Ônibus elétricos", en: "Electric buses" } },
  { slug: "charging", name: { es: "Infraestructura de carga", pt: "Infraestrutura de recarga", en: "Charging infrastructure" } },
  { slug: "climate-finance", name: { es: "Financiamiento climático", pt: "Financiamento climático", en: "Climate finance" } },
  {
    slug: "nump",
    name: {
      es: "Política nacional de movilidad urbana (NUMP)",
      pt: "Política nacional de mobilidade urbana (NUMP)",
      en: "National urban mobility policy (NUMP)",
    },
  },
  {
    slug: "sump",
    name: {
      es: "Plan de movilidad urbana sostenible (PMUS)",
      pt: "Plano de mobilidade urbana sustentável (PMUS)",
      en: "Sustainable urban mobility plan (SUMP)",
    },
  },
  { slug: "public-transport", name: { es: "Transporte público", pt: "Transporte público", en: "Public transport" } },
  { slug: "active-mobility", name: { es: "Movilidad activa", pt: "Mobilidade ativa", en: "Active mobility" } },
  { slug: "data", name: { es: "Datos y monitoreo", pt: "Dados e monitoramento", en: "Data and monitoring" } },
  { slug: "procurement", name: { es: "Compras y licitaciones", pt: "Compras e licitações", en: "Procurement" } },
  {
    slug: "bus-rapid-transit",
    name: { es: "Buses de tránsito rápido (BRT)", pt: "BRT (ônibus de trânsito rápido)", en: "Bus rapid transit (BRT)" },
  },
];

export const demoThreads: DemoThread[] = [
  // ───────────────────────────── Spanish ─────────────────────────────
  {
    topic: "electromobility",
    kind: "question",
    language: "es",
    author: "lucia_mendoza",
    title: "¿Cómo estructurar un modelo que separe la propiedad de los buses eléctricos de su operación?",
    body: `En Lima estamos evaluando incorporar buses eléctricos en uno de los corredores complementarios. El principal obstáculo es que los operadores no pueden asumir el mayor costo inicial de la flota ni el riesgo tecnológico de las baterías.

Hemos leído sobre los precedentes de **Santiago** (Red Movilidad) y **Bogotá** (TransMilenio), donde la propiedad de la flota se separa de la operación, pero nos cuesta entender los detalles:

- ¿Quién firma el contrato con el proveedor de flota: la autoridad o el operador?
- ¿Cómo se garantiza el pago al arrendador si el operador incumple?
- ¿Qué pasa con los buses al terminar el contrato de operación?

Cualquier experiencia, documento de licitación o contacto sería de gran ayuda.`,
    tags: ["electric-buses", "procurement", "public-transport"],
    daysAgo: 34,
    replies: [
      {
        author: "sofia_klein",
        body: `Buena pregunta, @lucia_mendoza. En los esquemas que han funcionado se repiten tres piezas:

1. **Contratos separados con la autoridad.** En Santiago la autoridad licita por un lado el suministro de flota y por otro la operación; el proveedor de flota tiene una relación contractual con el sistema, no solo con el operador. Eso reduce mucho el riesgo que perciben los financiadores.
2. **Pago con prelación desde el fondo del sistema.** La cuota del arrendamiento se paga desde un fideicomiso o fondo de recaudo *antes* que la remuneración del operador. Si el operador incumple, la autoridad puede reemplazarlo y los buses siguen en servicio.
3. **Vida útil de la flota independiente del contrato de operación.** Los contratos de flota suelen ser más largos; si cambia el operador, los buses se transfieren al nuevo con las mismas condiciones.

En Bogotá la lógica es parecida: concesiones de provisión de flota separadas de las de operación, con pagos a través de la fiducia del sistema.

Mi recomendación: empiecen por verificar si la autoridad de transporte puede legalmente administrar un fideicomiso de este tipo. Suele ser lo que más tiempo toma.`,
        helpfulVotes: ["lucia_mendoza", "carlos_rivera", "pierre_dubois"],
      },
      {
        author: "valentina_ruiz",
        body: `Complemento desde el ministerio: en nuestra experiencia lo más difícil no fue el diseño financiero sino definir **quién asume el riesgo del valor residual** de las baterías. Conviene dejar escrito desde la licitación qué pasa si la batería se degrada antes de lo previsto.

Otra lección: involucren temprano a la **empresa distribuidora eléctrica**, porque la infraestructura de carga en los terminales suele terminar en un contrato aparte y con plazos propios.`,
        helpfulVotes: ["lucia_mendoza", "sofia_klein"],
      },
      {
        author: "lucia_mendoza",
        replyTo: 1,
        body: "Gracias, Valentina. ¿La infraestructura de carga quedó a cargo del proveedor de flota o del operador?",
      },
      {
        author: "valentina_ruiz",
        replyTo: 2,
        body: "Depende del contrato. En varios casos el suministrador de flota, o una empresa de energía asociada, financió los cargadores y los recuperó dentro de la cuota. Lo importante es que el contrato deje claro **quién los mantiene** y quién responde si un cargador falla y los buses no salen.",
      },
      {
        author: "pierre_dubois",
        body: `Desde el lado de los financiadores: un esquema así es mucho más fácil de financiar porque el riesgo de crédito deja de ser el del operador y pasa a ser el del sistema. Los bancos de desarrollo pueden prestar al proveedor de flota o a la autoridad, pero en ambos casos van a mirar:

- la solidez del **fondo de recaudo** y las reglas de prelación de pagos;
- si existe respaldo del gobierno nacional o municipal ante un déficit tarifario;
- el mecanismo de transferencia de la flota si se cambia de operador.

Si les sirve, podemos conversar por mensaje privado sobre estudios de estructuración que hemos apoyado.`,
        helpfulVotes: ["lucia_mendoza"],
      },
    ],
    solution: 0,
  },
  {
    topic: "numps-sumps",
    kind: "question",
    language: "es",
    author: "carlos_rivera",
    title: "Ciudades intermedias con poco personal técnico: ¿cómo preparar un plan de movilidad sostenible?",
    body: `Desde el Ministerio acompañamos a varias ciudades intermedias que quieren formular su plan de movilidad urbana sostenible (PMUS). Muchas tienen una secretaría de movilidad con **dos o tres profesionales**, que además atienden el día a día: semaforización, licencias, quejas.

Contratar una consultoría completa no siempre es viable y, cuando se hace, el plan suele quedar en un cajón porque el equipo municipal no se apropió de él.

Preguntas concretas:

- ¿Qué partes del plan conviene hacer internamente y cuáles contratar?
- ¿Hay metodologías simplificadas para ciudades de este tamaño?
- ¿Cómo se asegura el respaldo político para que el plan se implemente?`,
    tags: ["sump", "public-transport"],
    daysAgo: 52,
    replies: [
      {
        author: "maria_gonzalez",
        body: `Es una situación muy común en la región. Lo que hemos visto funcionar:

**Hacer internamente**, aunque sea con acompañamiento: la visión y los objetivos, la participación ciudadana y la priorización de medidas. Son las partes que generan apropiación.

**Contratar o conseguir con apoyo técnico**: la recolección de datos (conteos, encuestas origen-destino simplificadas), el modelo de demanda si de verdad se necesita y la evaluación económica de los proyectos grandes.

Además:

1. Un plan **proporcional** a la ciudad: no siempre hace falta un modelo de cuatro etapas; un buen diagnóstico con indicadores y mapas puede bastar.
2. Un **comité interinstitucional** con planeación, hacienda y obras desde el inicio. Si hacienda no participa, el plan no tiene presupuesto.
3. Un **plan de acción de corto plazo** con medidas baratas y visibles, para mostrar resultados dentro del mismo periodo de gobierno.

Las guías de [Eltis sobre SUMP](https://www.eltis.org) y los materiales de [MobiliseYourCity](https://www.mobiliseyourcity.net) incluyen enfoques adaptados a contextos con pocos recursos.`,
        helpfulVotes: ["carlos_rivera", "lucia_mendoza", "ana_admin"],
      },
      {
        author: "sofia_klein",
        body: "Sumo algo práctico: en varios programas hemos usado un esquema de **aprender haciendo**. La consultoría no entrega el plan terminado, sino que trabaja en la oficina municipal con el equipo y cada producto se valida en un taller. Es más lento, pero el conocimiento se queda en la ciudad. También funciona agrupar tres o cuatro ciudades en una sola contratación con un componente de formación común.",
        helpfulVotes: ["carlos_rivera"],
      },
      {
        author: "joao_pereira",
        body: "Desde Brasil: la ley nacional de movilidad urbana obliga a muchos municipios a tener un plan, y varias ciudades hicieron documentos muy genéricos solo para cumplir. Mi consejo es no separar el plan del presupuesto. En Curitiba lo que funcionó fue vincular las medidas prioritarias al **plan plurianual** del municipio.",
        helpfulVotes: ["maria_gonzalez"],
      },
      {
        author: "carlos_rivera",
        replyTo: 1,
        body: "@sofia_klein ¿cómo manejaron la contratación conjunta de varias ciudades? ¿La hizo el nivel nacional o una de las ciudades?",
      },
      {
        author: "sofia_klein",
        replyTo: 3,
        body: "En los casos que conozco la contratación la hizo el programa de cooperación o la entidad nacional, con un **convenio firmado por cada municipio** que comprometía contrapartidas: personal dedicado, acceso a datos y espacios para los talleres. Ese convenio es clave; sin personal asignado, el esquema no funciona.",
      },
    ],
    solution: 0,
  },
  {
    topic: "financing",
    kind: "question",
    language: "es",
    author: "valentina_ruiz",
    title: "¿Qué líneas de financiamiento puede usar una ciudad intermedia y cómo preparar un proyecto bancable?",
    body: `En Chile estamos apoyando a ciudades regionales de tamaño medio que quieren invertir en corredores de buses, ciclovías y electrificación de flota. Tienen buenas ideas, pero cuando conversan con bancos de desarrollo la respuesta suele ser: *"traigan un proyecto bancable"*.

Me gustaría saber:

1. ¿Qué fuentes son realistas para una ciudad de este tamaño? Fondos nacionales, bancos de desarrollo, fondos climáticos como el **Fondo Verde para el Clima**...
2. ¿Qué significa en la práctica "bancable"? ¿Qué documentos esperan ver los financiadores?
3. ¿Existen fondos para la **preparación** de proyectos, no solo para la inversión?`,
    tags: ["climate-finance", "public-transport"],
    daysAgo: 41,
    replies: [
      {
        author: "pierre_dubois",
        body: `Es la pregunta que más escuchamos. Algunas ideas desde la experiencia de la AFD:

**1. Fuentes realistas.** Una ciudad intermedia rara vez accede sola a un crédito multilateral: los montos mínimos son altos y se requiere capacidad de endeudamiento y, muchas veces, garantía del Estado. Lo más habitual es:

- programas nacionales que canalizan crédito de la banca de desarrollo (AFD, BID, CAF, KfW, Banco Mundial) hacia varias ciudades;
- cofinanciamiento nacional con contrapartida local;
- recursos climáticos, por ejemplo del [Fondo Verde para el Clima](https://www.greenclimate.fund), que casi siempre llegan a través de una entidad acreditada y combinados con un crédito.

**2. "Bancable"** significa, en la práctica: prefactibilidad técnica, análisis costo-beneficio, una fuente de repago identificada, un marco institucional claro (quién ejecuta, quién opera, quién mantiene), evaluación ambiental y social, y una estimación razonable de emisiones evitadas.

**3. Preparación:** sí existen. Hay facilidades como la [C40 Cities Finance Facility](https://c40cff.org), el apoyo de MobiliseYourCity o fondos de preinversión de la propia banca de desarrollo. Vale la pena empezar por ahí.`,
        helpfulVotes: ["valentina_ruiz", "lucia_mendoza", "carlos_rivera", "ana_admin"],
      },
      {
        author: "maria_gonzalez",
        body: "Coincido con Pierre. Agregaría que el cuello de botella suele ser **fiscal**, no técnico: antes de hablar con un banco, conversen con hacienda sobre el espacio de endeudamiento subnacional y las reglas de transferencias. En varios países de la región la vía más rápida es un programa nacional con una ventanilla para ciudades, porque la deuda la asume el nivel nacional.",
        helpfulVotes: ["valentina_ruiz", "pierre_dubois"],
      },
      {
        author: "carlos_rivera",
        body: "En Colombia los sistemas de transporte de las ciudades intermedias se financiaron principalmente con cofinanciación de la Nación y aportes locales. La lección que sacamos: se consiguió financiar la infraestructura, pero no se aseguró la sostenibilidad de la operación. Un proyecto bancable tiene que incluir también **el modelo de operación y su fuente de subsidio**, si la necesita.",
        helpfulVotes: ["maria_gonzalez"],
      },
      {
        author: "valentina_ruiz",
        replyTo: 0,
        body: "Muy útil, Pierre. ¿Las facilidades de preparación exigen que la ciudad ya tenga un plan de movilidad aprobado?",
      },
      {
        author: "pierre_dubois",
        replyTo: 3,
        body: "No siempre es un requisito formal, pero ayuda mucho: demuestra que el proyecto sale de una priorización y no de una ocurrencia. Si no hay plan, al menos un diagnóstico y un **compromiso político por escrito** (carta del alcalde, acuerdo del concejo).",
      },
    ],
    solution: 0,
  },
  {
    topic: "electromobility",
    kind: "question",
    language: "es",
    author: "carlos_rivera",
    title: "Carga en patio vs. carga de oportunidad: ¿qué conviene para rutas largas?",
    body: `Varias ciudades colombianas están preparando licitaciones de buses eléctricos y surge siempre la misma discusión: ¿carga nocturna en patio o carga de oportunidad en las cabeceras?

Algunas rutas se acercan o superan la autonomía que los fabricantes garantizan en condiciones reales (pendientes, aire acondicionado, congestión). Las opciones que estamos viendo:

- buses con baterías más grandes y carga solo en patio;
- carga rápida en cabeceras con pantógrafo;
- una combinación de ambas.

¿Qué criterios usan para decidir? ¿Alguien tiene experiencia con pantógrafos en la región?`,
    tags: ["electric-buses", "charging", "bus-rapid-transit"],
    daysAgo: 27,
    replies: [
      {
        author: "sofia_klein",
        body: `En la región la mayoría de las flotas eléctricas opera con **carga en patio**, y hay buenas razones para eso. Un resumen de lo que solemos comparar:

| Criterio | Carga en patio | Carga de oportunidad |
|---|---|---|
| Batería por bus | Más grande y pesada | Más pequeña |
| Infraestructura | Concentrada en el patio | Distribuida en cabeceras, a menudo en espacio público |
| Complejidad operativa | Baja | Alta: la programación depende de la carga |
| Conexión eléctrica | Una conexión grande | Varias conexiones de alta potencia |
| Riesgo principal | Autonomía insuficiente en rutas exigentes | Una falla de cargador afecta toda la ruta |

Criterios prácticos:

1. **Simulen la energía por ruta** con datos reales (perfil de elevación, velocidades, clima), no con la autonomía de catálogo.
2. Si la gran mayoría de las rutas se cubre con carga en patio, empiecen por esas y dejen las más exigentes para una segunda fase.
3. Antes de instalar pantógrafos en vía, evalúen una **carga de refuerzo en el patio al mediodía**: suele ser más simple.

La carga de oportunidad tiene más sentido en corredores troncales de alta frecuencia con terminales propios.`,
        helpfulVotes: ["carlos_rivera", "valentina_ruiz", "lucia_mendoza"],
      },
      {
        author: "valentina_ruiz",
        body: "En Santiago la flota eléctrica carga principalmente en los terminales, de noche y en los valles del día. Lo que aprendimos: la **gestión de la carga** (cuándo y a qué potencia carga cada bus) pesa tanto como el equipamiento, porque la tarifa eléctrica y la potencia contratada cambian mucho el costo final.",
        helpfulVotes: ["carlos_rivera", "sofia_klein"],
      },
      {
        author: "pierre_dubois",
        body: "Desde el lado financiero: la carga de oportunidad traslada inversión desde la batería (que suele financiar el proveedor de flota) hacia la infraestructura en vía (que suele terminar en el balance público). Eso cambia **quién se endeuda**. Vale la pena modelar ambas opciones en el costo total de propiedad antes de decidir.",
        helpfulVotes: ["carlos_rivera"],
      },
      {
        author: "carlos_rivera",
        replyTo: 0,
        body: "Muy claro, gracias @sofia_klein. ¿Qué herramientas recomiendan para simular la energía por ruta?",
      },
      {
        author: "sofia_klein",
        replyTo: 3,
        body: "Hay herramientas comerciales y también modelos abiertos. Muchos fabricantes hacen la simulación si se les entregan los datos de la ruta, pero recomiendo que la autoridad tenga **su propia estimación** para no depender solo del proveedor. Lo más importante son los datos: registros GPS de la flota actual y perfiles de elevación. Una prueba en la ruta con un bus de demostración cargado con lastre equivalente a pasajeros es la validación más confiable.",
      },
    ],
    solution: 0,
  },
  {
    topic: "electromobility",
    kind: "question",
    language: "es",
    author: "lucia_mendoza",
    title: "Costos de conexión a la red para un patio de buses eléctricos: ¿quién los asume?",
    body: `Estamos dimensionando un patio para una primera flota eléctrica y la distribuidora nos pidió obras de refuerzo de red (una subestación y una línea de media tensión) cuyo costo no estaba previsto en el proyecto.

Dudas:

- En sus ciudades, ¿estas obras las pagó la autoridad, el operador, el proveedor de flota o la distribuidora?
- ¿Hubo alguna negociación con el regulador eléctrico para tratarlas como inversión de la red?
- ¿Cuánto tardó la conexión? Nos preocupa que los buses lleguen antes que la energía.

Agradezco experiencias concretas.`,
    tags: ["charging", "electric-buses"],
    daysAgo: 12,
    replies: [
      {
        author: "joao_pereira",
        body: "En Curitiba todavía estamos en fase de pruebas, pero ya nos pasó lo mismo: el plazo de la distribuidora para la conexión es más largo que el de compra de los buses. Nuestra recomendación interna fue **pedir el estudio de conexión a la distribuidora antes de licitar la flota**, aunque el patio no esté definido al cien por ciento.",
        helpfulVotes: ["lucia_mendoza", "carlos_rivera"],
      },
      {
        author: "sofia_klein",
        body: `No hay una regla única en la región; depende mucho del marco regulatorio de cada país. He visto tres variantes:

- la distribuidora asume parte de la inversión como expansión de red y la recupera vía tarifa;
- el proveedor de energía o de flota la paga y la incluye en su cuota;
- la autoridad la asume como parte de la infraestructura del sistema.

Sugiero consultar al regulador si existe un esquema para clientes de gran demanda y, para los próximos patios, **elegir la ubicación según la capacidad disponible de la red**, no solo según el costo del terreno.`,
        helpfulVotes: ["lucia_mendoza"],
      },
      {
        author: "lucia_mendoza",
        replyTo: 1,
        body: "Gracias, Sofía. El problema es que el terreno ya está definido. ¿Alguien conoce un caso en que la distribuidora haya aceptado tratarlo como inversión regulada? Nos serviría como precedente ante el regulador.",
      },
      {
        author: "mateo_mod",
        replyTo: 2,
        body: "@pierre_dubois @maria_gonzalez ¿conocen algún precedente que Lucía pueda citar? Si aparece, sería bueno sumarlo también a la biblioteca de recursos de la comunidad.",
      },
    ],
  },
  {
    topic: "pilot-projects",
    kind: "discussion",
    language: "es",
    author: "ana_admin",
    title: "Del urbanismo táctico a la obra permanente: ¿qué les funcionó?",
    body: `En los últimos años muchas ciudades de la región implementaron **ciclovías temporales**, cruces seguros con pintura y bolardos o entornos escolares pacificados. Algunas intervenciones se consolidaron; otras se retiraron a los pocos meses.

Abrimos este hilo para reunir lecciones:

- ¿Qué datos recolectaron durante el piloto para justificar la obra permanente?
- ¿Cómo manejaron la oposición de comerciantes o conductores?
- ¿Qué instrumento usaron para pasar de lo temporal a lo permanente: acuerdo municipal, inclusión en el plan de movilidad, presupuesto de obra?

Con los mejores aportes prepararemos una ficha de buenas prácticas de la comunidad.`,
    tags: ["active-mobility", "data"],
    daysAgo: 45,
    replies: [
      {
        author: "lucia_mendoza",
        body: `En Lima lo que más nos ayudó fue **medir desde el primer día**: conteos manuales de ciclistas antes y después, en los mismos puntos y horarios, con voluntarios de universidades.

También aprendimos que una ciclovía hecha solo con conos se deteriora rápido y pierde legitimidad. Con elementos un poco más robustos (separadores, buena pintura, señalización) la percepción de la gente cambia mucho.`,
        helpfulVotes: ["ana_admin", "maria_gonzalez", "carlos_rivera"],
      },
      {
        author: "carlos_rivera",
        body: "En Colombia vimos que la clave es **institucionalizar**: incluir el corredor en el plan de movilidad o en un acto administrativo y asignarle presupuesto de mantenimiento. Un piloto sin dueño institucional desaparece con el siguiente cambio de administración.",
        helpfulVotes: ["lucia_mendoza", "ana_admin"],
      },
      {
        author: "maria_gonzalez",
        replyTo: 0,
        body: "Muy de acuerdo con medir. Sugiero registrar también **siniestralidad y velocidades** antes y después, y la opinión de los comerciantes con una encuesta corta: el argumento comercial suele ser el más fuerte en los concejos municipales.",
        helpfulVotes: ["lucia_mendoza"],
      },
      {
        author: "joao_pereira",
        body: "En Curitiba hicimos algo parecido con intervenciones en zonas escolares. Involucrar a la comunidad educativa desde el diseño hizo que fueran las propias escuelas las que pidieran mantenerlas.",
      },
      {
        author: "lucia_mendoza",
        replyTo: 2,
        body: "Muy buena idea la encuesta a comerciantes. No la hicimos, y fue justamente donde tuvimos más oposición.",
      },
    ],
  },
  {
    topic: "numps-sumps",
    kind: "discussion",
    language: "es",
    author: "valentina_ruiz",
    title: "Gobernanza de la política nacional de movilidad urbana: ¿cómo coordinan ministerios y municipios?",
    body: `Estamos revisando el esquema de gobernanza de nuestra política nacional de movilidad urbana (NUMP) y quisiera abrir la conversación con otros países.

En nuestro caso las competencias están repartidas: transportes regula el transporte público, vivienda y urbanismo diseña la vialidad urbana, energía impulsa la electromovilidad y los municipios gestionan las calles y la bicicleta. Cada institución tiene su plan y los recursos no conversan entre sí.

Algunas preguntas para la discusión:

- ¿Tienen una **instancia de coordinación** formal (comité interministerial, mesa con asociaciones de municipios)?
- ¿Condicionan las transferencias nacionales a que las ciudades tengan un plan de movilidad?
- ¿Cómo se vincula la NUMP con los compromisos de la **NDC**?`,
    tags: ["nump", "climate-finance"],
    daysAgo: 58,
    replies: [
      {
        author: "sofia_klein",
        body: `Gracias por abrir este tema, Valentina. En los procesos de NUMP que hemos acompañado, tres elementos marcan la diferencia:

1. **Un mandato claro**: un ministerio líder con respaldo formal (decreto o ley) para coordinar, y un secretariado técnico con personal propio.
2. **Incentivos para los municipios**: cofinanciamiento condicionado a tener un plan de movilidad sostenible y a reportar indicadores básicos.
3. **Un sistema de datos común**, para que ministerios y ciudades hablen de los mismos indicadores.

[MobiliseYourCity](https://www.mobiliseyourcity.net) tiene una guía metodológica para NUMP que describe estas etapas con ejemplos.`,
        helpfulVotes: ["valentina_ruiz", "maria_gonzalez"],
      },
      {
        author: "carlos_rivera",
        body: "En Colombia la cofinanciación de la Nación para los sistemas de transporte exige estudios y compromisos de las ciudades, y eso le ha dado al ministerio una palanca real. Lo que todavía nos cuesta es la coordinación con el sector energía en electromovilidad.",
      },
      {
        author: "maria_gonzalez",
        body: "Desde la CEPAL vemos que el vínculo con la NDC es el mejor argumento para coordinar: cuando el transporte urbano aparece con metas en la NDC, ambiente y hacienda se sientan a la mesa. Recomendaría que la NUMP incluya un capítulo de **MRV** alineado con el inventario nacional de emisiones.",
        helpfulVotes: ["valentina_ruiz", "sofia_klein"],
      },
      {
        author: "valentina_ruiz",
        replyTo: 1,
        body: "Carlos, ¿esa condicionalidad está en una ley o en los convenios de cofinanciación?",
      },
      {
        author: "carlos_rivera",
        replyTo: 3,
        body: "Una parte en la normativa de cofinanciación y otra en los convenios de cada sistema. Los convenios dan flexibilidad, pero también hacen que cada ciudad negocie por separado y los criterios no siempre sean homogéneos.",
      },
    ],
  },

  // ──────────────────────────── Portuguese ────────────────────────────
  {
    topic: "numps-sumps",
    kind: "question",
    language: "pt",
    author: "ana_beatriz",
    title: "Linha de base com pouco orçamento: dados de celular, contagens manuais ou pesquisa OD?",
    body: `Estamos atualizando o Plano de Mobilidade e precisamos de uma **linha de base** para os indicadores (divisão modal, tempos de viagem, emissões). A última pesquisa origem-destino domiciliar é antiga e não temos orçamento para uma nova completa.

Opções que estamos avaliando:

- compra de dados agregados de telefonia móvel;
- contagens manuais classificadas em pontos-chave;
- dados de bilhetagem eletrônica e GPS dos ônibus;
- uma pesquisa OD reduzida, com amostra menor.

Alguém já combinou essas fontes? Quais os cuidados com dados de celular (representatividade, privacidade, custo)?`,
    tags: ["data", "sump"],
    daysAgo: 38,
    replies: [
      {
        author: "kwame_mensah",
        body: `Boa pergunta, @ana_beatriz. Na minha experiência com cidades parceiras da MobiliseYourCity, a combinação que melhor funciona com orçamento limitado é:

1. **Bilhetagem + GPS** para o transporte coletivo: vocês já têm esses dados, e com algum trabalho dá para estimar matrizes de embarque e desembarque.
2. **Dados de celular** para os padrões de deslocamento entre zonas. Atenção: eles não informam o modo e sub-representam viagens curtas a pé ou de bicicleta.
3. **Contagens manuais classificadas** e uma **pesquisa curta de interceptação** para calibrar a divisão modal.
4. Uma **pesquisa OD reduzida** só se precisarem de dados socioeconômicos (gênero, renda), que são essenciais para analisar equidade.

Com dados de celular, exijam dados agregados e anonimizados, metodologia de expansão documentada e uma licença que permita reutilizar os dados nos próximos monitoramentos.

Para emissões, a linha de base pode seguir a abordagem **ASIF** (atividade, divisão modal, intensidade energética, fator de emissão).`,
        helpfulVotes: ["ana_beatriz", "joao_pereira", "mateo_mod"],
      },
      {
        author: "joao_pereira",
        body: "Em Curitiba usamos bastante os dados de bilhetagem e GPS. O maior trabalho não foi a análise, foi **limpar e integrar** dados de empresas diferentes. Recomendo envolver a área de TI desde o início e adotar um padrão de dados, por exemplo [GTFS](https://gtfs.org) para a oferta.",
        helpfulVotes: ["ana_beatriz"],
      },
      {
        author: "sofia_klein",
        body: "Complementando: para a mobilidade ativa, alguns contadores automáticos em pontos fixos ajudam muito a mostrar tendência ao longo do tempo. E não esqueçam a perspectiva de gênero: as viagens de cuidado (levar crianças, acompanhar idosos) quase não aparecem nos dados de celular.",
        helpfulVotes: ["ana_beatriz", "kwame_mensah"],
      },
      {
        author: "ana_beatriz",
        replyTo: 0,
        body: "Obrigada, Kwame! Vocês têm algum modelo de termo de referência para a compra de dados de telefonia?",
      },
      {
        author: "kwame_mensah",
        replyTo: 3,
        body: "Temos exemplos de outras cidades; compartilho por mensagem. Os pontos principais do TdR: período de coleta, zoneamento, método de expansão, nível mínimo de agregação para proteger a privacidade e **direito de uso dos dados pela prefeitura**.",
      },
    ],
    solution: 0,
  },
  {
    topic: "pilot-projects",
    kind: "question",
    language: "pt",
    author: "joao_pereira",
    title: "Integração do transporte informal (vans e mototáxis): alguém já fez um piloto?",
    body: `Em muitas regiões metropolitanas da América Latina, vans e mototáxis atendem bairros onde o ônibus não chega bem. Na nossa região metropolitana estamos discutindo um **piloto de integração**: as vans fariam a alimentação das linhas troncais, com integração tarifária.

Dúvidas:

- Como **formalizar** os operadores sem expulsá-los (cooperativas, permissões, contratos por linha)?
- Como remunerar: por passageiro ou por quilômetro?
- Que dados exigir dos operadores durante o piloto?

Exemplos de outras cidades da região seriam muito bem-vindos.`,
    tags: ["public-transport", "bus-rapid-transit"],
    daysAgo: 20,
    replies: [
      {
        author: "mateo_mod",
        body: "Ótimo tema, João. Várias cidades colombianas passaram por processos de integração de operadores tradicionais aos sistemas de transporte; talvez @carlos_rivera possa contar como foi. Marco também @kwame_mensah, que trabalhou com transporte informal em outras regiões.",
      },
      {
        author: "kwame_mensah",
        body: `Algumas lições de processos que acompanhei:

- **Começar pelo diálogo**, não pela regulação: mapear rotas, operadores e donos dos veículos antes de propor qualquer coisa.
- Organizar os operadores em **cooperativas ou empresas** com personalidade jurídica, para que possam assinar contratos e acessar crédito.
- No piloto, pagar **por quilômetro com metas de qualidade** reduz a disputa por passageiros na rua.
- Exigir desde o início um **rastreador GPS** simples em cada veículo: é a base de tudo.

Mas cada contexto é diferente, e ainda não conheço um caso brasileiro com integração tarifária completa que eu possa indicar.`,
        helpfulVotes: ["joao_pereira", "ana_beatriz"],
      },
      {
        author: "ana_beatriz",
        body: "Em Belo Horizonte temos experiência com um serviço suplementar regulamentado. A integração tarifária continua sendo o ponto mais difícil: quem perde receita resiste. Acho importante definir a **câmara de compensação** das receitas antes de começar o piloto.",
        helpfulVotes: ["joao_pereira"],
      },
      {
        author: "joao_pereira",
        replyTo: 1,
        body: "Obrigado, Kwame. A remuneração por quilômetro faz sentido, mas nos preocupa o custo para o município no início. Sigo acompanhando: se alguém tiver um caso com integração tarifária, por favor compartilhe.",
      },
    ],
  },
  {
    topic: "electromobility",
    kind: "question",
    language: "pt",
    author: "joao_pereira",
    title: "Cláusulas de licitação para ônibus elétricos: garantia de bateria e disponibilidade",
    body: `Estamos preparando o edital para a compra de uma primeira frota de ônibus elétricos e queremos evitar problemas que outras cidades tiveram depois dos primeiros anos de operação.

Pontos em discussão:

- **Garantia da bateria**: por quantos anos e com que critério (capacidade mínima remanescente)?
- **Disponibilidade da frota**: penalidades se os ônibus ficarem parados por falta de peças?
- **Assistência técnica** local e treinamento dos mecânicos.
- Propriedade dos **dados de telemetria**.

Alguém pode compartilhar cláusulas que funcionaram (ou que não funcionaram)?`,
    tags: ["procurement", "electric-buses"],
    daysAgo: 30,
    replies: [
      {
        author: "sofia_klein",
        body: `Vamos por partes, @joao_pereira:

**Bateria.** Em vez de apenas "X anos de garantia", definam um **estado de saúde (SoH) mínimo** ao final de cada período e o procedimento de medição: quem mede e com que teste. Incluam a obrigação de reparo ou substituição em prazo definido e deixem claro o destino da bateria no fim da vida útil (segunda vida, reciclagem).

**Disponibilidade.** Um indicador mensal de **disponibilidade técnica da frota**, com meta e penalidade progressiva, costuma funcionar melhor do que multas por ônibus. Peçam estoque mínimo de peças críticas no país.

**Assistência técnica.** Exijam oficina ou técnicos residentes na cidade nos primeiros anos e um plano de transferência de conhecimento para os mecânicos do operador.

**Dados.** A autoridade deve ter acesso aos dados de telemetria (energia, estado de carga, falhas) em formato aberto e sem custo adicional. Sem isso vocês não conseguem nem verificar a garantia.

Vale considerar ainda um contrato de **manutenção de longo prazo** com o fabricante, com pagamento vinculado à disponibilidade.`,
        helpfulVotes: ["joao_pereira", "ana_beatriz", "mateo_mod", "kwame_mensah"],
      },
      {
        author: "kwame_mensah",
        body: "Concordo com a Sofía. Acrescento: a garantia da bateria deve considerar o **clima e o perfil das rotas**. Alguns fabricantes excluem da garantia o uso \"fora das condições previstas\", então descrevam bem as condições de operação no edital para evitar disputas depois.",
        helpfulVotes: ["joao_pereira"],
      },
      {
        author: "ana_beatriz",
        body: "Uma lição dos nossos testes em BH: a capacitação do corpo de bombeiros e das equipes de emergência também precisa estar prevista. Ninguém tinha pensado nisso até o primeiro teste na garagem.",
        helpfulVotes: ["joao_pereira", "sofia_klein"],
      },
      {
        author: "joao_pereira",
        replyTo: 0,
        body: "Excelente, obrigado! Sobre o SoH: vocês recomendam que a medição seja feita por um terceiro independente?",
      },
      {
        author: "sofia_klein",
        replyTo: 3,
        body: "Idealmente sim, ou pelo menos com um protocolo acordado no contrato e a possibilidade de auditoria independente em caso de divergência. Muitas cidades usam os dados do próprio sistema de gerenciamento da bateria, com direito de verificação pela autoridade.",
      },
    ],
    solution: 0,
  },
  {
    topic: "financing",
    kind: "question",
    language: "pt",
    author: "ana_beatriz",
    title: "Alguém já acessou o Fundo Clima do BNDES para renovação de frota?",
    body: `Estamos estudando fontes para financiar a substituição de parte da frota a diesel por ônibus elétricos. O **Fundo Clima**, operado pelo [BNDES](https://www.bndes.gov.br), aparece como opção, mas temos dúvidas práticas:

- O tomador pode ser o **município**, ou precisa ser a concessionária?
- Como ficam as garantias quando a frota pertence ao operador privado?
- É possível combinar com recursos de outros bancos de desenvolvimento?

Se alguma prefeitura já passou por esse processo, gostaria muito de conversar.`,
    tags: ["climate-finance", "electric-buses"],
    daysAgo: 2,
    replies: [],
  },

  // ───────────────────────────── English ─────────────────────────────
  {
    topic: "financing",
    kind: "question",
    language: "en",
    author: "valentina_ruiz",
    title: "MRV for e-bus emission reductions: which methodology are you using?",
    body: `We are preparing the monitoring framework for the electrification of urban bus fleets, and we need a **measurement, reporting and verification (MRV)** approach that works both for our national inventory and for climate finance partners.

Open questions on our side:

1. Do you use a recognised methodology (e.g. CDM-based ones) or a custom one?
2. How do you handle the **grid emission factor**, which changes every year as renewables grow?
3. Do you count only tailpipe emissions, or well-to-wheel?
4. Which data do you require from operators, and how often?

Examples of MRV frameworks used in the region would be very helpful.`,
    tags: ["climate-finance", "data", "electric-buses"],
    daysAgo: 24,
    replies: [
      {
        author: "maria_gonzalez",
        body: `Great question, and a frequent source of confusion. A pragmatic set-up we often recommend:

- **Baseline**: the diesel fleet that would otherwise have run the same routes, using the actual kilometres reported by operators and the fuel consumption of comparable diesel buses.
- **Project emissions**: electricity consumed (metered at the chargers, not estimated) × grid emission factor.
- **Grid factor**: use the official national factor, update it annually and state which year's factor you used. For ex-ante estimates, document the assumption explicitly.
- **Boundary**: report well-to-wheel for transparency, but keep the tailpipe and grid components separate so the national inventory can use what it needs without double counting.
- **Data**: monthly kilometres, energy at the charger and fleet availability; annual third-party verification if the results are linked to climate finance.

Existing CDM methodologies for mass transit are a useful reference even if you never register credits. What matters most is **consistency over time**.`,
        helpfulVotes: ["valentina_ruiz", "kwame_mensah", "pierre_dubois"],
      },
      {
        author: "kwame_mensah",
        body: "Adding to @maria_gonzalez: keep the MRV proportionate. Several cities we support started with a simple spreadsheet tool and upgraded later. Also track **co-benefits** such as local air pollutants and noise; they are often more persuasive for mayors than CO₂.",
        helpfulVotes: ["valentina_ruiz"],
      },
      {
        author: "sofia_klein",
        body: "One practical tip: write the data obligations into the operation contracts from day one. Adding data requirements after the contracts are signed is slow and expensive.",
        helpfulVotes: ["valentina_ruiz", "maria_gonzalez"],
      },
      {
        author: "valentina_ruiz",
        replyTo: 0,
        body: "Thank you, María. How do you avoid double counting if an operator also wants to sell carbon credits from the same buses?",
      },
      {
        author: "maria_gonzalez",
        replyTo: 3,
        body: "That has to be settled in the contracts: who holds the rights to the emission reductions. If credits are sold, they should be recorded in a national registry, and depending on the market and on Article 6 rules, the country may need to adjust what it reports towards its NDC. It is mostly a governance question, so bring the environment ministry in early.",
        helpfulVotes: ["valentina_ruiz"],
      },
    ],
    solution: 0,
  },
  {
    topic: "pilot-projects",
    kind: "discussion",
    language: "en",
    author: "kwame_mensah",
    title: "Why do so many e-bus pilots never scale up?",
    body: `Across the region we have seen many electric bus pilots: a few vehicles lent by a manufacturer, a ribbon-cutting, some months of testing... and then nothing. Some cities have moved on to large fleets, but many have not.

From what I have seen, common reasons include:

- the pilot was designed to **showcase the technology**, not to answer the questions a procurement needs (energy use, costs, maintenance);
- nobody defined **success criteria** in advance;
- the business model (who owns the buses, who pays for charging) was never tested.

What has your experience been? What would you do differently in your next pilot?`,
    tags: ["electric-buses", "public-transport", "procurement"],
    daysAgo: 16,
    replies: [
      {
        author: "pierre_dubois",
        body: "Fully agree on success criteria. For a lender, a pilot is valuable only if it produces data we can use in a business case: real energy consumption per kilometre, availability, maintenance costs. I would add: design the pilot with the **future contract** in mind, and test the operator and charging arrangements you expect to scale.",
        helpfulVotes: ["kwame_mensah", "valentina_ruiz"],
      },
      {
        author: "maria_gonzalez",
        body: "In our regional work we see pilots succeed when they are tied to an existing **fleet renewal calendar**. If the concession contracts come up for renewal in two years, the pilot has a clear purpose and a deadline; if not, it drifts.",
        helpfulVotes: ["kwame_mensah"],
      },
      {
        author: "valentina_ruiz",
        body: "In Chile the step from pilot to scale came with a change in the business model: separating fleet ownership from operation. Without that, operators could not absorb the capital cost. So I would say a pilot should test the **financing model**, not just the vehicle.",
        helpfulVotes: ["kwame_mensah", "pierre_dubois"],
      },
      {
        author: "sofia_klein",
        replyTo: 0,
        body: "@pierre_dubois agreed. We now recommend a short **pilot charter**: research questions, data to be collected, success thresholds, and the decision that will be taken at the end. It sounds bureaucratic, but it changes the conversation with the mayor.",
        helpfulVotes: ["kwame_mensah", "maria_gonzalez", "ana_admin"],
      },
      {
        author: "kwame_mensah",
        replyTo: 3,
        body: "Love the idea of a pilot charter. Would you be willing to share a template in the resource library? Many cities here would use it.",
      },
      {
        author: "ana_admin",
        replyTo: 4,
        body: "Happy to host it! @sofia_klein, send it over and we'll publish it in English, Spanish and Portuguese.",
      },
    ],
  },
];
