// The demo community: topics and one account per role (partner organisations are reference data,
// added by migration 0002). Built with the test
// factories. Runs on an empty database at first start (SEED_DEMO), or with `npm run db:seed`.
import type { Deps } from "../server/context";
import { createTopic, createUser, DEFAULT_TEST_PASSWORD } from "../tests/factories";
import { countUsers } from "./queries/users.queries";

export const DEMO_PASSWORD = DEFAULT_TEST_PASSWORD;

export const demoTopics = [
  {
    slug: "numps-sumps",
    name: { es: "NUMPs y SUMPs", pt: "NUMPs e SUMPs", en: "NUMPs and SUMPs" },
    description: {
      es: "Políticas nacionales de movilidad urbana y planes de movilidad urbana sostenible: cómo diseñarlos, aprobarlos y ponerlos en marcha.",
      pt: "Políticas nacionais de mobilidade urbana e planos de mobilidade urbana sustentável: como desenhá-los, aprová-los e implementá-los.",
      en: "National urban mobility policies and sustainable urban mobility plans: how to design, adopt and carry them out.",
    },
  },
  {
    slug: "financing",
    name: { es: "Financiamiento", pt: "Financiamento", en: "Financing" },
    description: {
      es: "Fondos nacionales, banca de desarrollo, financiamiento climático y cómo preparar proyectos que se puedan financiar.",
      pt: "Fundos nacionais, bancos de desenvolvimento, financiamento climático e como preparar projetos financiáveis.",
      en: "National funds, development banks, climate finance, and how to prepare projects that can be financed.",
    },
  },
  {
    slug: "electromobility",
    name: { es: "Electromovilidad", pt: "Eletromobilidade", en: "Electromobility" },
    description: {
      es: "Buses eléctricos, infraestructura de carga, modelos de negocio y regulación para flotas de cero emisiones.",
      pt: "Ônibus elétricos, infraestrutura de recarga, modelos de negócio e regulação para frotas de emissão zero.",
      en: "Electric buses, charging infrastructure, business models and regulation for zero-emission fleets.",
    },
  },
  {
    slug: "pilot-projects",
    name: { es: "Proyectos piloto y experiencias", pt: "Projetos piloto e experiências", en: "Pilot projects and experiences" },
    description: {
      es: "Lo que las ciudades han probado: resultados, lecciones aprendidas y cómo escalar un piloto.",
      pt: "O que as cidades já testaram: resultados, lições aprendidas e como escalar um piloto.",
      en: "What cities have tried: results, lessons learned, and how to scale a pilot up.",
    },
  },
];

export const demoAccounts = [
  {
    email: "admin@enlace.demo",
    handle: "ana_admin",
    display_name: "Ana Torres",
    site_role: "admin" as const,
    community_role: "other",
    organisation: "Secretaría de la Comunidad de Práctica",
    country: "PA",
    region: "Ciudad de Panamá",
    languages: ["es", "en"],
    locale: "es",
    bio: "Coordino la comunidad y sus servicios.",
  },
  {
    email: "moderator@enlace.demo",
    handle: "mateo_mod",
    display_name: "Mateo Herrera",
    site_role: "moderator" as const,
    community_role: "other",
    organisation: "Secretaría de la Comunidad de Práctica",
    country: "CO",
    region: "Bogotá",
    languages: ["es", "pt"],
    locale: "es",
    bio: "Modero los foros y acompaño a los grupos de trabajo.",
  },
  {
    email: "national@enlace.demo",
    handle: "valentina_ruiz",
    display_name: "Valentina Ruiz",
    site_role: "member" as const,
    community_role: "national_official",
    organisation: "Ministerio de Transportes y Telecomunicaciones",
    country: "CL",
    region: "Santiago",
    languages: ["es", "en"],
    locale: "es",
    bio: "Trabajo en la política nacional de movilidad urbana de Chile.",
  },
  {
    email: "local@enlace.demo",
    handle: "joao_pereira",
    display_name: "João Pereira",
    site_role: "member" as const,
    community_role: "local_official",
    organisation: "Prefeitura de Curitiba",
    country: "BR",
    region: "Curitiba, Paraná",
    languages: ["pt", "es"],
    locale: "pt",
    bio: "Planejamento de mobilidade urbana na prefeitura.",
  },
  {
    email: "expert@enlace.demo",
    handle: "sofia_klein",
    display_name: "Sofía Klein",
    site_role: "member" as const,
    community_role: "expert",
    partner_org: "giz",
    organisation: "GIZ",
    country: "MX",
    region: "Ciudad de México",
    languages: ["es", "en", "pt"],
    locale: "en",
    bio: "Electromobility and financing of clean bus fleets.",
    expertVerified: true,
  },
];

/** Creates the demo community; with onlyIfEmpty it does nothing when any member exists. Answers whether it ran. */
export async function seedDemo(deps: Pick<Deps, "db" | "now">, options: { onlyIfEmpty: boolean }): Promise<boolean> {
  const { db } = deps;
  if (options.onlyIfEmpty && (await countUsers(db)) > 0) return false;

  for (const [position, topic] of demoTopics.entries()) {
    const exists = await db.selectFrom("topics").select("id").where("slug", "=", topic.slug).executeTakeFirst();
    if (!exists) await createTopic(db, { ...topic, position });
  }
  let adminId: number | undefined;
  for (const { expertVerified, ...account } of demoAccounts) {
    const exists = await db.selectFrom("users").select("id").where("email", "=", account.email).executeTakeFirst();
    if (exists) continue;
    const user = await createUser(db, {
      ...account,
      password: DEMO_PASSWORD,
      email_verified_at: deps.now(),
      approved_at: deps.now(),
    });
    if (user.site_role === "admin") adminId ??= user.id;
    if (expertVerified) {
      await db
        .updateTable("users")
        .set({ expert_verified_at: deps.now(), expert_verified_by: adminId ?? null })
        .where("id", "=", user.id)
        .execute();
    }
  }
  return true;
}
