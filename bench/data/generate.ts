// Synthetic data for the benchmarks (PERF-PLAN.md P3, P6, P7): members, topics, groups, threads and posts
// in Spanish, Portuguese and English, built inside the database with `insert ... select generate_series`
// in batches, so a million posts load in minutes. Rows are what the app itself writes: rendered html,
// plain_text, search_vector (to_tsvector per language, the title weighted A), counters, positions, root ids,
// space ids, a first revision per post.
//
//   npm run bench:data -- --posts 1000000 --big-thread 100000            (PostgreSQL, BENCH_DATABASE_URL)
//   npm run bench:data -- --pglite ./data/bench --posts 20000 --big-thread 2000
//
// It refuses to touch a PostgreSQL database whose name does not contain "bench": it empties the schema first.
import { sql, type Kysely } from "kysely";
import { openDatabase, type DatabaseHandle } from "../../db/connection";
import { migrateToLatest } from "../../db/migrator";
import type { Database } from "../../db/schema";
import { hashPassword } from "../../server/domain/security/passwords";
import { progress } from "../lib/progress";

export const BENCH_PASSWORD = "bench-movilidad-2030";
export const DEFAULT_BENCH_URL = "postgres://postgres@127.0.0.1:5432/enlace_bench";

export interface GenerateOptions {
  url?: string;
  pgliteDir?: string;
  posts: number;
  bigThread: number;
  /** Threads carrying the ordinary posts (default posts / 20). */
  threads?: number;
  members: number;
  /** Members of the big private group (P3 membership check); at most `members`. */
  bigGroupMembers?: number;
  quiet?: boolean;
}

/** Ids of the special rows the scenarios use, stored in the bench_meta table. */
export interface BenchMeta {
  smallThread: number; // 100 posts
  bigThread: number; // --big-thread posts
  pageThread: number; // 50 posts (P1, P2, P10)
  smallTopic: string; // topic slug with few threads
  bigTopic: string; // topic slug with most threads
  smallTopicThreads: number;
  bigTopicThreads: number;
  smallGroupThread: number; // thread in a private group of 10 members
  bigGroupThread: number; // thread in a private group of bigGroupMembers members
  bigGroupMembers: number;
  moderatorId: number; // a staff member (no hourly posting limit)
  memberIds: number[]; // a few ordinary members, all in both groups
  posts: number;
  threads: number;
  members: number;
}

const WORDS: Record<"es" | "pt" | "en", string[]> = {
  es: "movilidad urbana sostenible transporte público autobuses eléctricos ciclovías financiamiento ciudades ministerio plan proyecto piloto tarifa integración corredor emisiones carbono calidad aire peatones seguridad vial datos encuesta operadores flota carga subsidio licitación evaluación resultados lecciones".split(" "),
  pt: "mobilidade urbana sustentável transporte público ônibus elétricos ciclovias financiamento cidades ministério plano projeto piloto tarifa integração corredor emissões carbono qualidade ar pedestres segurança viária dados pesquisa operadores frota recarga subsídio licitação avaliação resultados lições".split(" "),
  en: "sustainable urban mobility public transport electric buses cycle lanes financing cities ministry plan project pilot fare integration corridor emissions carbon air quality pedestrians road safety data survey operators fleet charging subsidy tender evaluation results lessons".split(" "),
};

/** Places named in posts: a word every search can aim at that only some posts carry (about 1 in 60). */
export const CITIES = "Curitiba Bogotá Medellín Santiago Valparaíso Lima Arequipa Quito Guayaquil Montevideo Asunción Rosario Córdoba Mendoza Salvador Recife Fortaleza Manaus Belém Goiânia Campinas Florianópolis Guadalajara Monterrey Puebla Mérida Oaxaca León Querétaro Tijuana Cali Barranquilla Cartagena Bucaramanga Pereira Cusco Trujillo Piura Cuenca Loja Sucre Cochabamba Tarija Panamá Colón David Heredia Cartago Limón Managua Granada Tegucigalpa Comayagua Kingston Bridgetown Nassau Castries Paramaribo Georgetown Cayenne".split(" ");

function sqlArray(words: string[]): string {
  return `array[${words.map((word) => `'${word.replace(/'/g, "''")}'`).join(",")}]`;
}

/** SQL text of `count` pseudo-random words of a language, seeded by an integer expression. */
function textExpr(seed: string, count: number): string {
  // case on the language keeps one expression for the three word lists.
  const pick = (lang: "es" | "pt" | "en") =>
    `array_to_string(array(select (${sqlArray(WORDS[lang])})[1 + ((${seed})::bigint * 7919 + g * 104729) % ${WORDS[lang].length}] from generate_series(1, ${count}) g), ' ')`;
  return `case lang when 'es' then ${pick("es")} when 'pt' then ${pick("pt")} else ${pick("en")} end`;
}

async function exec(db: Kysely<Database>, text: string) {
  return sql.raw(text).execute(db);
}

export async function openBenchDatabase(options: { url?: string; pgliteDir?: string }): Promise<DatabaseHandle> {
  if (options.pgliteDir) return openDatabase({ kind: "pglite", dataDir: options.pgliteDir });
  return openDatabase({ kind: "postgres", url: options.url ?? DEFAULT_BENCH_URL, poolSize: 2 });
}

export async function readMeta(db: Kysely<Database>): Promise<BenchMeta | null> {
  try {
    const result = await sql<{ value: BenchMeta }>`select value from bench_meta where key = 'meta'`.execute(db);
    return result.rows[0]?.value ?? null;
  } catch {
    return null;
  }
}

export async function generate(options: GenerateOptions): Promise<BenchMeta> {
  const log = (line: string) => {
    if (!options.quiet) process.stderr.write(`${line}\n`);
  };
  if (!options.pgliteDir) {
    const name = new URL(options.url ?? DEFAULT_BENCH_URL).pathname.slice(1);
    if (!name.includes("bench")) throw new Error(`refusing to empty database "${name}": its name must contain "bench"`);
  }
  const started = Date.now();
  const handle = await openBenchDatabase(options);
  const db = handle.db;
  try {
    log("emptying the schema and migrating...");
    await exec(db, "drop schema if exists public cascade; create schema public");
    await migrateToLatest(db);
    // A bulk load goes faster through the GIN pending list; the app's setting (off, migration 0011) and an
    // empty list are restored at the end.
    await exec(db, "alter index posts_search_idx set (fastupdate = on)");
    await exec(db, "create table bench_meta (key text primary key, value jsonb not null)");

    const members = Math.max(20, options.members);
    const bigGroupMembers = Math.min(members, options.bigGroupMembers ?? members);
    const bigThreadPosts = Math.max(100, options.bigThread);
    const special = 100 + bigThreadPosts + 50 + 50 + 50;
    const ordinaryPosts = Math.max(0, options.posts - special);
    const threads = Math.max(1, options.threads ?? Math.floor(ordinaryPosts / 20));
    const perThread = Math.max(1, Math.floor(ordinaryPosts / threads));

    // Members: one argon2 hash shared by all (hashing a million would take hours).
    const hash = (await hashPassword(BENCH_PASSWORD)).replace(/'/g, "''");
    const bar = progress("members", members, options.quiet);
    const memberBatch = 50_000;
    for (let from = 1; from <= members; from += memberBatch) {
      const to = Math.min(members, from + memberBatch - 1);
      await exec(
        db,
        `insert into users (email, password_hash, handle, display_name, community_role, languages, locale, site_role, status,
           email_verified_at, approved_at, country, created_at, updated_at)
         select 'bench-' || i || '@bench.test', '${hash}', 'bench_' || i, 'Bench Member ' || i,
           (array['national_official','local_official','expert','other'])[1 + i % 4],
           array[(array['es','pt','en'])[1 + i % 3]], (array['es','pt','en'])[1 + i % 3],
           case when i = 1 then 'moderator' else 'member' end, 'active', now(), now(),
           (array['CL','BR','MX','CO','PE','AR'])[1 + i % 6], now() - interval '400 days', now() - interval '400 days'
         from generate_series(${from}, ${to}) i`,
      );
      bar.update(to);
    }
    bar.done();

    // Topics: a big one (most threads) and a small one (1,000 threads or fewer), plus two more.
    await exec(
      db,
      `with s as (insert into spaces (kind, visibility) select 'topic', 'public' from generate_series(1, 4) returning id)
       insert into topics (space_id, slug, name, description, position)
       select id, (array['bench-big','bench-small','bench-financing','bench-pilots'])[rn],
         jsonb_build_object('es', 'Tema ' || rn, 'pt', 'Tema ' || rn, 'en', 'Topic ' || rn),
         jsonb_build_object('es', 'Descripción', 'pt', 'Descrição', 'en', 'Description'), rn
       from (select id, row_number() over (order by id) as rn from s) x`,
    );
    const topicRows = await sql<{ id: number; space_id: number; slug: string }>`select id, space_id, slug from topics order by position`.execute(db);
    const topic = Object.fromEntries(topicRows.rows.map((row) => [row.slug, row]));

    // Two private working groups (P3 membership check): 10 members and bigGroupMembers members.
    const groups: Record<string, { id: number; space_id: number }> = {};
    for (const [slug, size] of [["bench-small-group", 10], ["bench-big-group", bigGroupMembers]] as const) {
      const space = await sql<{ id: number }>`insert into spaces (kind, visibility) values ('working_group', 'private') returning id`.execute(db);
      const spaceId = space.rows[0].id;
      const group = await sql<{ id: number }>`insert into groups (space_id, topic_id, kind, slug, name, description, join_policy, owner_id)
        values (${spaceId}, ${topic["bench-big"].id}, 'working_group', ${slug}, ${JSON.stringify({ es: slug, pt: slug, en: slug })},
          ${JSON.stringify({ es: "Grupo de trabajo", pt: "Grupo de trabalho", en: "Working group" })}, 'invite', 2) returning id`.execute(db);
      groups[slug] = { id: group.rows[0].id, space_id: spaceId };
      await exec(
        db,
        `insert into space_members (space_id, user_id, role) select ${spaceId}, i, case when i = 2 then 'moderator' else 'member' end
         from generate_series(1, ${size}) i`,
      );
    }

    // Threads and their posts, with explicit ids so counters and root ids are right at insert time.
    let nextThread = 1;
    let nextPost = 1;
    const smallTopicThreads = Math.min(1_000, Math.max(1, Math.floor(threads / 10)));
    const postBar = progress("posts", ordinaryPosts + special, options.quiet);
    let postsDone = 0;

    /** Inserts `count` threads of `postsEach` posts each, in one space, from the current ids on. */
    const insertThreads = async (count: number, postsEach: number, place: { topicId: number; spaceId: number } | "spread") => {
      const firstThread = nextThread;
      const batchThreads = Math.max(1, Math.floor(20_000 / postsEach));
      for (let offset = 0; offset < count; offset += batchThreads) {
        const n = Math.min(batchThreads, count - offset);
        const t0 = firstThread + offset;
        const p0 = nextPost + offset * postsEach; // first post id of thread t0
        const topicExpr =
          place === "spread"
            ? // the first smallTopicThreads ordinary threads go to the small topic, the rest to the big one
              `case when t - ${firstThread} < ${smallTopicThreads} then ${topic["bench-small"].id} else ${topic["bench-big"].id} end`
            : `${place.topicId}`;
        const spaceExpr =
          place === "spread"
            ? `case when t - ${firstThread} < ${smallTopicThreads} then ${topic["bench-small"].space_id} else ${topic["bench-big"].space_id} end`
            : `${place.spaceId}`;
        await db.transaction().execute(async (trx) => {
        await exec(
          trx,
          `insert into threads (id, space_id, topic_id, kind, title, language, author_id, asker_country, opening_post_id,
             post_count, reply_count, last_position, created_at, last_activity_at, first_reply_at)
           overriding system value
           select t, ${spaceExpr}, ${topicExpr}, case when t % 3 = 0 then 'discussion' else 'question' end,
             initcap(${textExpr("t", 6)}) || ' ' || t, lang, 1 + (t * 31) % ${members},
             (array['CL','BR','MX','CO','PE','AR'])[1 + t % 6],
             ${p0} + (t - ${t0}) * ${postsEach},
             ${postsEach}, ${postsEach - 1}, ${postsEach},
             now() - interval '300 days' + (t * interval '7 seconds'),
             now() - interval '300 days' + (t * interval '7 seconds') + ${postsEach} * interval '1 minute',
             case when ${postsEach} > 1 then now() - interval '300 days' + (t * interval '7 seconds') + interval '1 minute' end
           from (select t, (array['es','pt','en'])[1 + t % 3] as lang from generate_series(${t0}, ${t0 + n - 1}) t) x`,
        );
        await exec(
          trx,
          `with src as (
             select id, t, pos, lang, title, created, ${textExpr("id", 24)} || ' ' || (${sqlArray(CITIES)})[1 + id % ${CITIES.length}] as body
             from (select ${p0} + (t - ${t0}) * ${postsEach} + pos - 1 as id, t, pos, th.language as lang, th.title, th.created_at as created
                   from generate_series(${t0}, ${t0 + n - 1}) t
                   join threads th on th.id = t
                   cross join generate_series(1, ${postsEach}) pos) y
           ), ins as (
             insert into posts (id, thread_id, position, parent_id, root_id, depth, author_id, language, source, html, plain_text,
               search_vector, revision_count, created_at)
             overriding system value
             select id, t, pos, null, id, 0, 1 + (id * 17) % ${members}, lang,
               initcap(body) || '. Post ' || id || '.',
               '<p>' || initcap(body) || '. Post ' || id || '.</p>' || chr(10),
               initcap(body) || '. Post ' || id || '.',
               setweight(to_tsvector(case lang when 'es' then 'spanish' when 'pt' then 'portuguese' else 'english' end::regconfig,
                   case when pos = 1 then title else '' end), 'A')
                 || setweight(to_tsvector(case lang when 'es' then 'spanish' when 'pt' then 'portuguese' else 'english' end::regconfig, body), 'B'),
               1, created + pos * interval '1 minute'
             from src
             returning id, position, source, author_id, created_at, thread_id
           )
           insert into post_revisions (post_id, number, title, source, editor_id, created_at)
           select ins.id, 1, case when ins.position = 1 then th.title end, ins.source, ins.author_id, ins.created_at
           from ins join threads th on th.id = ins.thread_id`,
        );
        });
        postsDone += n * postsEach;
        postBar.update(postsDone);
      }
      nextThread += count;
      nextPost += count * postsEach;
      return firstThread;
    };

    const big = { topicId: topic["bench-big"].id, spaceId: topic["bench-big"].space_id };
    const smallThread = await insertThreads(1, 100, big);
    const bigThread = await insertThreads(1, bigThreadPosts, big);
    const pageThread = await insertThreads(1, 50, big);
    const smallGroupThread = await insertThreads(1, 50, { topicId: topic["bench-big"].id, spaceId: groups["bench-small-group"].space_id });
    const bigGroupThread = await insertThreads(1, 50, { topicId: topic["bench-big"].id, spaceId: groups["bench-big-group"].space_id });
    await insertThreads(threads, perThread, "spread");
    postBar.done();

    log("identity sequences, statistics...");
    await exec(db, `select setval(pg_get_serial_sequence('threads', 'id'), (select max(id) from threads))`);
    await exec(db, `select setval(pg_get_serial_sequence('posts', 'id'), (select max(id) from posts))`);
    await exec(db, "select gin_clean_pending_list('posts_search_idx'::regclass)");
    await exec(db, "alter index posts_search_idx set (fastupdate = off)");
    await exec(db, "analyze");

    const counts = await sql<{ topic_id: number; n: number }>`select topic_id, count(*)::int as n from threads where space_id in (select space_id from topics) group by topic_id`.execute(db);
    const countOf = (slug: string) => counts.rows.find((row) => row.topic_id === topic[slug].id)?.n ?? 0;
    const totalPosts = await sql<{ n: number }>`select count(*)::int as n from posts`.execute(db);
    const meta: BenchMeta = {
      smallThread,
      bigThread,
      pageThread,
      smallTopic: "bench-small",
      bigTopic: "bench-big",
      smallTopicThreads: countOf("bench-small"),
      bigTopicThreads: countOf("bench-big"),
      smallGroupThread,
      bigGroupThread,
      bigGroupMembers,
      moderatorId: 1,
      memberIds: [3, 4, 5, 6, 7, 8, 9, 10],
      posts: totalPosts.rows[0].n,
      threads: nextThread - 1,
      members,
    };
    await sql`insert into bench_meta (key, value) values ('meta', ${JSON.stringify(meta)})`.execute(db);
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${meta.posts} posts, ${meta.threads} threads, ${members} members`);
    return meta;
  } finally {
    await handle.close();
  }
}

function parseArgs(argv: string[]): GenerateOptions {
  const get = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const num = (name: string, fallback: number) => {
    const value = get(name);
    if (value === undefined) return fallback;
    const parsed = Number(value.replace(/_/g, ""));
    if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} expects a number, got ${value}`);
    return parsed;
  };
  const posts = num("posts", 20_000);
  return {
    url: get("url") ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_URL,
    pgliteDir: get("pglite"),
    posts,
    bigThread: num("big-thread", Math.min(100_000, Math.max(1_000, Math.floor(posts / 10)))),
    threads: get("threads") ? num("threads", 0) : undefined,
    members: num("members", Math.min(100_000, Math.max(1_000, Math.floor(posts / 10)))),
    bigGroupMembers: get("group-members") ? num("group-members", 0) : undefined,
  };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  generate(parseArgs(process.argv.slice(2))).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
