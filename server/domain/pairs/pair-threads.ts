// Threads of a pair, for the forum's services: where a pair's new thread goes, and who the second author
// of a pair's question is.
import type { Transaction } from "kysely";
import type { DB } from "../../../db/connection";
import type { Database } from "../../../db/schema";
import { AppError } from "../../../shared/errors";
import type { Actor } from "../../../shared/guardian";
import type { ServiceContext } from "../../context";
import { loadSpaceFacts } from "../forum/access";

type Executor = DB | Transaction<Database>;

export interface PairThreadPlace {
  place: { topicId: number; spaceId: number };
  /** Set when the thread is the pair's (both officials its authors): asked as a pair, or started by an official in their space. */
  pair: { id: number; coAuthorId: number } | null;
}

async function topicPlace(ctx: ServiceContext, topicId: number | null | undefined) {
  const topic = topicId ? await ctx.db.selectFrom("topics").select(["id", "space_id", "archived_at"]).where("id", "=", topicId).executeTakeFirst() : undefined;
  if (!topic || topic.archived_at) throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { topicId: "validation.topic_unknown" } });
  return { topicId: topic.id, spaceId: topic.space_id };
}

/**
 * `pairId`: a thread inside the pair's private space (its topic: the one chosen, else the pair's, else the
 * first topic). `asPairId`: a question in a public topic asked by the pair, whose two officials both show
 * as its authors. A pair whose space the actor may not see is NOT_FOUND; an ended pair takes no new threads.
 */
export async function resolvePairThread(
  ctx: ServiceContext,
  actor: Actor,
  input: { pairId?: number; asPairId?: number; topicId?: number },
): Promise<PairThreadPlace> {
  const pairId = input.pairId ?? input.asPairId!;
  const pair = await ctx.db.selectFrom("pairs").selectAll().where("id", "=", pairId).executeTakeFirst();
  if (!pair) throw new AppError("NOT_FOUND", "errors.not_found");
  const space = await loadSpaceFacts(ctx.db, pair.space_id, actor);
  ctx.guardian.ensure(ctx.guardian.canViewSpace(space));
  if (pair.ended_at) throw new AppError("CONFLICT", "pair.ended");
  const coAuthorId = actor.id === pair.national_id ? pair.local_id : actor.id === pair.local_id ? pair.national_id : null;
  if (input.asPairId) {
    if (coAuthorId === null) throw new AppError("FORBIDDEN", "pair.only_the_pair");
    return { place: await topicPlace(ctx, input.topicId), pair: { id: pair.id, coAuthorId } };
  }
  let topicId: number | null | undefined = input.topicId;
  if (!topicId) {
    const fallback = await ctx.db
      .selectFrom("topics")
      .select("id")
      .where("archived_at", "is", null)
      .orderBy((eb) => eb.case().when("id", "=", pair.topic_id ?? -1).then(0).else(1).end())
      .orderBy("position")
      .limit(1)
      .executeTakeFirst();
    topicId = fallback?.id ?? null;
  }
  const { topicId: placeTopicId } = await topicPlace(ctx, topicId);
  return { place: { topicId: placeTopicId, spaceId: pair.space_id }, pair: coAuthorId === null ? null : { id: pair.id, coAuthorId } };
}

/** The second author of pairs' threads: for each thread asked by one of a pair's officials, the other one. */
export async function loadCoAuthorIds(db: Executor, threads: { id: number; author_id: number | null; pair_id: number | null }[]): Promise<Map<number, number>> {
  const pairIds = [...new Set(threads.map((thread) => thread.pair_id).filter((id): id is number => id !== null))];
  const coAuthors = new Map<number, number>();
  if (pairIds.length === 0) return coAuthors;
  const pairs = await db.selectFrom("pairs").select(["id", "national_id", "local_id"]).where("id", "in", pairIds).execute();
  const byId = new Map(pairs.map((pair) => [pair.id, pair]));
  for (const thread of threads) {
    const pair = thread.pair_id ? byId.get(thread.pair_id) : undefined;
    if (!pair || thread.author_id === null) continue;
    if (thread.author_id === pair.national_id) coAuthors.set(thread.id, pair.local_id);
    else if (thread.author_id === pair.local_id) coAuthors.set(thread.id, pair.national_id);
  }
  return coAuthors;
}
