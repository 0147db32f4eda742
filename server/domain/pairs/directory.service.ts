// The directory of pairs: who works with whom, by country and topic. It shows only the two officials and
// where they work; the pair's space stays private (its page answers 404 to everyone else).
import { sql } from "kysely";
import { AppError } from "../../../shared/errors";
import { parseInput } from "../../../shared/schemas/parse";
import { pairDirectorySchema } from "../../../shared/schemas/pairs.schema";
import type { ServiceContext } from "../../context";
import { decodeCursor, encodeCursor } from "../forum/cursor";
import type { PairDirectoryDto } from "./pairs.dto";
import { toPairSummaries } from "./pairs.service";

/** Active pairs, newest first (keyset), filtered by country (the pair's, or either official's) and topic. */
export async function listPairDirectory(ctx: ServiceContext, raw: unknown = {}): Promise<PairDirectoryDto> {
  const input = parseInput(pairDirectorySchema, raw);
  const cursor = decodeCursor(input.cursor);
  let query = ctx.db
    .selectFrom("pairs")
    .selectAll("pairs")
    .where("pairs.ended_at", "is", null)
    // Accounts that are suspended or no longer active do not stand in the directory.
    .where(
      sql<boolean>`not exists (
        select 1 from users u
        where u.id in (pairs.national_id, pairs.local_id)
          and (u.status <> 'active' or (u.suspended_until is not null and u.suspended_until > ${ctx.deps.now()})))`,
    );
  if (input.country) {
    query = query.where(
      sql<boolean>`(pairs.country = ${input.country}
        or exists (select 1 from users u where u.id in (pairs.national_id, pairs.local_id) and u.country = ${input.country}))`,
    );
  }
  if (input.topic) {
    const topic = await ctx.db.selectFrom("topics").select("id").where("slug", "=", input.topic).executeTakeFirst();
    query = query.where("pairs.topic_id", "=", topic?.id ?? -1);
  }
  if (cursor) {
    const value = new Date(String(cursor.value));
    if (Number.isNaN(value.getTime())) throw new AppError("VALIDATION", "validation.cursor_invalid");
    query = query.where((eb) => eb(eb.refTuple("pairs.created_at", "pairs.id"), "<", eb.tuple(value, cursor.id)));
  }
  const rows = await query.orderBy("pairs.created_at", "desc").orderBy("pairs.id", "desc").limit(input.limit + 1).execute();
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    pairs: await toPairSummaries(ctx, page),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.created_at.toISOString(), last.id) : null,
  };
}

/** Countries and topics that have active pairs, for the directory's filters. */
export async function pairDirectoryFacets(ctx: ServiceContext): Promise<{ countries: string[] }> {
  const rows = await ctx.db
    .selectFrom("pairs")
    .innerJoin("users as n", "n.id", "pairs.national_id")
    .innerJoin("users as l", "l.id", "pairs.local_id")
    .select(["pairs.country", "n.country as national_country", "l.country as local_country"])
    .where("pairs.ended_at", "is", null)
    .execute();
  const countries = new Set<string>();
  for (const row of rows) for (const code of [row.country, row.national_country, row.local_country]) if (code) countries.add(code);
  return { countries: [...countries].sort() };
}
