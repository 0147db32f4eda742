// Suggested partners: for a national official, local officials (and the other way round) they are not
// paired with and have no pending request with, ranked by same country, shared topic interest (topics
// followed, or posted in publicly) and shared languages. Only accounts that may take part are suggested.
import { sql } from "kysely";
import { pickLocalized } from "../../../shared/i18n";
import { parseInput } from "../../../shared/schemas/parse";
import { suggestionsSchema } from "../../../shared/schemas/pairs.schema";
import type { ServiceContext } from "../../context";
import { loadOfficials, officialRole, partnerRole } from "./officials";
import type { SuggestionDto } from "./pairs.dto";

const SUGGESTIONS_SHOWN = 20;

/** Topics a member shows interest in: those they follow (not muted), and those they posted in publicly. */
function interestsOf(userIds: ReturnType<typeof sql>) {
  return sql`
    select sf.user_id, t.id as topic_id
    from space_follows sf join topics t on t.space_id = sf.space_id
    where sf.user_id in (${userIds}) and sf.level <> 'muted' and t.archived_at is null
    union
    select p.author_id as user_id, th.topic_id
    from posts p
    join threads th on th.id = p.thread_id
    join spaces s on s.id = th.space_id
    where p.author_id in (${userIds}) and s.visibility = 'public' and p.deleted_at is null and th.deleted_at is null`;
}

export async function suggestPartners(ctx: ServiceContext, raw: unknown = {}): Promise<SuggestionDto[]> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(suggestionsSchema, raw);
  const me = await ctx.db.selectFrom("users").select(["id", "community_role", "country", "languages"]).where("id", "=", actor.id).executeTakeFirstOrThrow();
  const role = officialRole(me);
  if (!role) return [];
  let topicId: number | null = null;
  if (input.topic) {
    const topic = await ctx.db.selectFrom("topics").select("id").where("slug", "=", input.topic).executeTakeFirst();
    if (!topic) return [];
    topicId = topic.id;
  }
  const now = ctx.deps.now();
  const result = await sql<{ id: number; languages: string[]; same_country: boolean; shared_topics: number[]; shared_languages: string[] }>`
    with candidates as (
      select u.id, u.country, u.languages, u.display_name
      from users u
      where u.community_role = ${partnerRole(role)}
        and u.id <> ${me.id}
        and u.status = 'active'
        and u.email_verified_at is not null
        and (u.suspended_until is null or u.suspended_until <= ${now})
        and not exists (
          select 1 from pairs pr
          where pr.ended_at is null
            and ((pr.national_id = u.id and pr.local_id = ${me.id}) or (pr.local_id = u.id and pr.national_id = ${me.id})))
        and not exists (
          select 1 from pair_requests rq
          where rq.status = 'pending'
            and ((rq.from_id = u.id and rq.to_id = ${me.id}) or (rq.to_id = u.id and rq.from_id = ${me.id})))
        ${input.country ? sql`and u.country = ${input.country}` : sql``}
        ${input.language ? sql`and ${input.language} = any(u.languages)` : sql``}
    ),
    mine as (select topic_id from (${interestsOf(sql`${me.id}`)}) m),
    theirs as (${interestsOf(sql`select id from candidates`)}),
    ranked as (
      select c.id, c.display_name, c.languages,
        coalesce(c.country = ${me.country}, false) as same_country,
        array(select th.topic_id from theirs th where th.user_id = c.id and th.topic_id in (select topic_id from mine) order by th.topic_id) as shared_topics,
        array(select unnest(c.languages) intersect select unnest(${sql.val(me.languages)}::text[])) as shared_languages
      from candidates c
      ${topicId ? sql`where exists (select 1 from theirs th where th.user_id = c.id and th.topic_id = ${topicId})` : sql``}
    )
    select id, languages, same_country, shared_topics, shared_languages
    from ranked
    order by same_country desc, cardinality(shared_topics) desc, cardinality(shared_languages) desc, display_name, id
    limit ${SUGGESTIONS_SHOWN}
  `.execute(ctx.db);
  const rows = result.rows;
  const topicIds = [...new Set(rows.flatMap((row) => row.shared_topics))];
  const [people, topics] = await Promise.all([
    loadOfficials(ctx.db, rows.map((row) => row.id)),
    topicIds.length ? ctx.db.selectFrom("topics").select(["id", "slug", "name", "position"]).where("id", "in", topicIds).execute() : Promise.resolve([]),
  ]);
  const topicById = new Map(topics.map((topic) => [topic.id, { slug: topic.slug, name: pickLocalized(topic.name, ctx.locale) }]));
  return rows.flatMap((row) => {
    const official = people.get(row.id);
    if (!official) return [];
    return [
      {
        official,
        languages: row.languages,
        sameCountry: row.same_country,
        sharedTopics: row.shared_topics.flatMap((id) => (topicById.has(id) ? [topicById.get(id)!] : [])),
        sharedLanguages: [...row.shared_languages].sort(),
      },
    ];
  });
}
