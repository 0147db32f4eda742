// The demo community: topics and one account per role (partner organisations are reference data,
// added by migration 0002). Built with the test
// factories. Runs on an empty database at first start (SEED_DEMO), or with `npm run db:seed`.
import type { Deps } from "../server/context";
import { createPost, createThread as createDemoThread, markDemoSolution, voteHelpful } from "./seed-forum";
import { demoExtraMembers, demoTags, demoThreads } from "./demo-content";
import { seedDemoFollows, settleDemoNotifications } from "./seed-notifications";
import { seedDemoGroups } from "./seed-groups";
import { seedDemoDocuments } from "./seed-documents";
import { seedDemoEvents } from "./seed-events";
import { seedDemoPairs } from "./seed-pairs";
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
export async function seedDemo(deps: Deps, options: { onlyIfEmpty: boolean }): Promise<boolean> {
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
  for (const member of demoExtraMembers) {
    const exists = await db.selectFrom("users").select("id").where("email", "=", member.email).executeTakeFirst();
    if (exists) continue;
    const user = await createUser(db, {
      email: member.email,
      handle: member.handle,
      display_name: member.displayName,
      community_role: member.communityRole,
      organisation: member.organisation,
      partner_org: member.partnerOrg ?? null,
      country: member.country,
      region: member.region,
      languages: member.languages,
      locale: member.locale,
      bio: member.bio,
      password: DEMO_PASSWORD,
      email_verified_at: deps.now(),
      approved_at: deps.now(),
    });
    if (member.expertVerified) {
      await db.updateTable("users").set({ expert_verified_at: deps.now(), expert_verified_by: adminId ?? null }).where("id", "=", user.id).execute();
    }
  }
  for (const tag of demoTags) {
    await db
      .insertInto("tags")
      .values({ slug: tag.slug, name: JSON.stringify(tag.name) })
      .onConflict((oc) => oc.column("slug").doNothing())
      .execute();
  }
  const threadCount = await db.selectFrom("threads").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  if (Number(threadCount.n) === 0) {
    // Through the real services, so demo posts are rendered, indexed and counted like any other.
    const contextAt = (handle: string, at: Date) => ({ handle, at });
    const hour = 60 * 60 * 1000;
    await seedDemoFollows(deps);
    for (const thread of demoThreads) {
      const opened = new Date(deps.now().getTime() - thread.daysAgo * 24 * hour);
      const { threadId, postIds } = await createDemoThread(deps, contextAt(thread.author, opened), thread);
      for (const [index, reply] of thread.replies.entries()) {
        const at = new Date(opened.getTime() + (index + 1) * 3 * hour);
        const parentId = reply.replyTo !== undefined ? postIds[reply.replyTo + 1] : undefined;
        postIds.push(await createPost(deps, contextAt(reply.author, at), threadId, reply.body, parentId));
        for (const voter of reply.helpfulVotes ?? []) await voteHelpful(deps, contextAt(voter, at), postIds[postIds.length - 1]);
      }
      if (thread.solution !== undefined) {
        const at = new Date(opened.getTime() + (thread.replies.length + 1) * 3 * hour);
        await markDemoSolution(deps, contextAt(thread.author, at), postIds[thread.solution + 1]);
      }
    }
    await seedDemoGroups(deps);
    await seedDemoPairs(deps);
    await seedDemoDocuments(deps);
    await seedDemoEvents(deps);
    await settleDemoNotifications(deps);
  }
  return true;
}
