// The figures of an expert or an expert group: answers, solutions and the median time to a first reply.
// They are counted from PUBLIC content only (threads in public spaces, neither thread nor post deleted or
// hidden), whoever asks, so the directory and profiles say nothing about private groups or pair spaces.
import { sql } from "kysely";
import type { DB } from "../../../db/connection";

export interface ExpertFiguresDto {
  answers: number;
  solutions: number;
  /** Median, over the threads they answered (not their own), of the time from the question to their first reply. */
  medianFirstReplySeconds: number | null;
}

const none = (): ExpertFiguresDto => ({ answers: 0, solutions: 0, medianFirstReplySeconds: null });

/** One query for the figures of many experts. */
export async function loadExpertFigures(db: DB, userIds: number[]): Promise<Map<number, ExpertFiguresDto>> {
  const ids = [...new Set(userIds)];
  const figures = new Map(ids.map((id) => [id, none()]));
  if (ids.length === 0) return figures;
  const result = await sql<{ user_id: number; answers: number; solutions: number; median_seconds: number | null }>`
    with public_replies as (
      select p.id, p.author_id, p.created_at, t.id as thread_id, t.created_at as thread_created_at, t.author_id as thread_author_id, t.solution_post_id
      from posts p
      join threads t on t.id = p.thread_id
      join spaces s on s.id = t.space_id
      where p.author_id = any(${sql.val(ids)}::int[])
        and p.position > 1
        and p.deleted_at is null and p.hidden_at is null
        and t.deleted_at is null
        and s.visibility = 'public'
    ),
    first_replies as (
      select author_id, thread_id, extract(epoch from min(created_at) - min(thread_created_at)) as delay
      from public_replies
      where thread_author_id is distinct from author_id
      group by author_id, thread_id
    )
    select u.id as user_id,
      (select count(*)::int from public_replies r where r.author_id = u.id) as answers,
      (select count(*)::int from public_replies r where r.author_id = u.id and r.solution_post_id = r.id) as solutions,
      (select percentile_cont(0.5) within group (order by f.delay) from first_replies f where f.author_id = u.id) as median_seconds
    from unnest(${sql.val(ids)}::int[]) as u(id)
  `.execute(db);
  for (const row of result.rows) {
    figures.set(row.user_id, {
      answers: Number(row.answers),
      solutions: Number(row.solutions),
      medianFirstReplySeconds: row.median_seconds === null ? null : Math.round(Number(row.median_seconds)),
    });
  }
  return figures;
}

/**
 * An expert group's figures: replies by its current experts to the public questions addressed to it,
 * those questions solved by one of them, and the median time to the first expert reply.
 */
export async function loadExpertGroupFigures(db: DB, groupIds: number[]): Promise<Map<number, ExpertFiguresDto>> {
  const ids = [...new Set(groupIds)];
  const figures = new Map(ids.map((id) => [id, none()]));
  if (ids.length === 0) return figures;
  const result = await sql<{ group_id: number; answers: number; solutions: number; median_seconds: number | null }>`
    with addressed as (
      select g.id as group_id, g.space_id as group_space_id, t.id as thread_id, t.created_at, t.first_expert_reply_at, t.solution_post_id
      from groups g
      join threads t on t.addressed_group_id = g.id
      join spaces s on s.id = t.space_id
      where g.id = any(${sql.val(ids)}::int[]) and t.deleted_at is null and s.visibility = 'public'
    )
    select g.id as group_id,
      (select count(*)::int from addressed a
         join posts p on p.thread_id = a.thread_id
         join space_members m on m.space_id = a.group_space_id and m.user_id = p.author_id
       where a.group_id = g.id and p.position > 1 and p.deleted_at is null and p.hidden_at is null) as answers,
      (select count(*)::int from addressed a
         join posts p on p.id = a.solution_post_id
         join space_members m on m.space_id = a.group_space_id and m.user_id = p.author_id
       where a.group_id = g.id and p.deleted_at is null and p.hidden_at is null) as solutions,
      (select percentile_cont(0.5) within group (order by extract(epoch from a.first_expert_reply_at - a.created_at))
       from addressed a where a.group_id = g.id and a.first_expert_reply_at is not null) as median_seconds
    from unnest(${sql.val(ids)}::int[]) as g(id)
  `.execute(db);
  for (const row of result.rows) {
    figures.set(row.group_id, {
      answers: Number(row.answers),
      solutions: Number(row.solutions),
      medianFirstReplySeconds: row.median_seconds === null ? null : Math.round(Number(row.median_seconds)),
    });
  }
  return figures;
}
