// Pairs of officials: a national and a local official ask to pair up, accept or decline, and either ends
// the pair. An accepted request opens the pair's private space (kind 'pair'), where both are owners, so the
// one visibility rule of decision 006 keeps it to them (and the experts they invite).
import type { Transaction } from "kysely";
import type { Database, UserRow } from "../../../db/schema";
import { AppError } from "../../../shared/errors";
import { pickLocalized } from "../../../shared/i18n";
import { parseInput } from "../../../shared/schemas/parse";
import { pairRefSchema, pairRequestRefSchema, pairRequestSchema } from "../../../shared/schemas/pairs.schema";
import type { ServiceContext } from "../../context";
import { loadSpaceFacts } from "../forum/access";
import { afterCommit, type AfterCommit } from "../notifications/after-commit";
import { createNotification, type NotificationInput } from "../notifications/notifier";
import { recipientsByIds } from "../notifications/recipients";
import { loadOfficials, mayTakePart, officialRole, partnerRole } from "./officials";
import type { PairDto, PairRequestDto, PairSummaryDto } from "./pairs.dto";

type Trx = Transaction<Database>;
type PairRow = Awaited<ReturnType<typeof loadPairRow>>;

async function loadPairRow(ctx: ServiceContext, pairId: number) {
  const pair = await ctx.db.selectFrom("pairs").selectAll().where("id", "=", pairId).executeTakeFirst();
  if (!pair) throw new AppError("NOT_FOUND", "errors.not_found");
  return pair;
}

/** A pair whose space the actor may see (its officials, the experts they invited, admins); NOT_FOUND otherwise. */
export async function loadVisiblePair(ctx: ServiceContext, pairId: number) {
  const pair = await loadPairRow(ctx, pairId);
  const space = await loadSpaceFacts(ctx.db, pair.space_id, ctx.actor);
  ctx.guardian.ensure(ctx.guardian.canViewSpace(space));
  const isOfficial = ctx.actor !== null && (ctx.actor.id === pair.national_id || ctx.actor.id === pair.local_id);
  return { pair, space, isOfficial };
}

/** Tells members about a pair matter; it concerns them, so no thread decides who may see it. */
async function notifyAboutPair(trx: Trx, ctx: ServiceContext, after: AfterCommit, userIds: number[], input: NotificationInput) {
  for (const recipient of await recipientsByIds(trx, userIds, ctx.deps.now())) {
    if (recipient.id !== input.actorId) await createNotification(trx, ctx, after, recipient, input);
  }
}

async function activePairBetween(db: ServiceContext["db"] | Trx, a: number, b: number) {
  return db
    .selectFrom("pairs")
    .select("id")
    .where("ended_at", "is", null)
    .where((eb) => eb.or([eb.and([eb("national_id", "=", a), eb("local_id", "=", b)]), eb.and([eb("national_id", "=", b), eb("local_id", "=", a)])]))
    .executeTakeFirst();
}

async function loadTopics(ctx: ServiceContext, ids: (number | null)[]) {
  const unique = [...new Set(ids.filter((id): id is number => id !== null))];
  if (unique.length === 0) return new Map<number, { slug: string; name: string }>();
  const rows = await ctx.db.selectFrom("topics").select(["id", "slug", "name"]).where("id", "in", unique).execute();
  return new Map(rows.map((row) => [row.id, { slug: row.slug, name: pickLocalized(row.name, ctx.locale) }]));
}

/** Pair rows as the directory and the members' pages show them (officials and topic in two queries). */
export async function toPairSummaries(ctx: ServiceContext, rows: PairRow[]): Promise<PairSummaryDto[]> {
  const [people, topics] = await Promise.all([
    loadOfficials(ctx.db, rows.flatMap((row) => [row.national_id, row.local_id])),
    loadTopics(ctx, rows.map((row) => row.topic_id)),
  ]);
  return rows.flatMap((row) => {
    const national = people.get(row.national_id);
    const local = people.get(row.local_id);
    if (!national || !local) return [];
    return [
      {
        id: row.id,
        country: row.country,
        topic: row.topic_id ? topics.get(row.topic_id) ?? null : null,
        national: { ...national, role: "national_official" as const },
        local: { ...local, role: "local_official" as const },
        createdAt: row.created_at.toISOString(),
        endedAt: row.ended_at?.toISOString() ?? null,
        mine: ctx.actor !== null && (ctx.actor.id === row.national_id || ctx.actor.id === row.local_id),
      },
    ];
  });
}

/** The signed-in official, who may take part in pairs; FORBIDDEN for anyone else. */
async function loadOfficialSelf(ctx: ServiceContext): Promise<UserRow & { role: "national_official" | "local_official" }> {
  const actor = ctx.guardian.ensureSignedIn();
  if (!ctx.guardian.canPost()) throw new AppError("FORBIDDEN", "errors.cannot_post");
  const me = await ctx.db.selectFrom("users").selectAll().where("id", "=", actor.id).executeTakeFirstOrThrow();
  const role = officialRole(me);
  if (!role) throw new AppError("FORBIDDEN", "pair.only_officials");
  return { ...me, role };
}

/** A national official asks a local official to pair up (or the other way round), with a message. */
export async function sendPairRequest(ctx: ServiceContext, raw: unknown): Promise<{ requestId: number }> {
  const me = await loadOfficialSelf(ctx);
  const input = parseInput(pairRequestSchema, raw);
  const partner = await ctx.db.selectFrom("users").selectAll().where("handle", "=", input.to).executeTakeFirst();
  if (!partner || partner.id === me.id || !mayTakePart(partner, ctx.deps.now())) {
    throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { to: "pair.partner_unknown" } });
  }
  if (officialRole(partner) !== partnerRole(me.role)) {
    throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { to: "pair.partner_wrong_role" } });
  }
  if (input.topicId) {
    const topic = await ctx.db.selectFrom("topics").select(["id", "archived_at"]).where("id", "=", input.topicId).executeTakeFirst();
    if (!topic || topic.archived_at) throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { topicId: "validation.topic_unknown" } });
  }
  if (await activePairBetween(ctx.db, me.id, partner.id)) throw new AppError("CONFLICT", "pair.already_paired");
  const theirs = await ctx.db
    .selectFrom("pair_requests")
    .select("id")
    .where("from_id", "=", partner.id)
    .where("to_id", "=", me.id)
    .where("status", "=", "pending")
    .executeTakeFirst();
  if (theirs) throw new AppError("CONFLICT", "pair.they_asked_you");
  const after = afterCommit(ctx.deps);
  const requestId = await ctx.db.transaction().execute(async (trx) => {
    // One pending request per direction (a unique index): a second one is refused, not duplicated.
    const created = await trx
      .insertInto("pair_requests")
      .values({ from_id: me.id, to_id: partner.id, message: input.message, topic_id: input.topicId ?? null, created_at: ctx.deps.now() })
      .onConflict((oc) => oc.columns(["from_id", "to_id"]).where("status", "=", "pending").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!created) throw new AppError("CONFLICT", "pair.request_pending");
    await notifyAboutPair(trx, ctx, after, [partner.id], { kind: "pair_request", actorId: me.id, data: { requestId: String(created.id) } });
    return created.id;
  });
  await after.flush();
  return { requestId };
}

/**
 * The asked official accepts (the pair and its private space are created, both officials its owners)
 * or declines; the asker is told either way.
 */
export async function respondToPairRequest(ctx: ServiceContext, raw: unknown, accept: boolean): Promise<{ pairId: number | null }> {
  const actor = ctx.guardian.ensureSignedIn();
  const { requestId } = parseInput(pairRequestRefSchema, raw);
  const request = await ctx.db.selectFrom("pair_requests").selectAll().where("id", "=", requestId).executeTakeFirst();
  if (!request || request.to_id !== actor.id) throw new AppError("NOT_FOUND", "errors.not_found");
  if (request.status !== "pending") throw new AppError("CONFLICT", "pair.request_decided");
  let roles: { national: UserRow; local: UserRow } | null = null;
  if (accept) {
    const me = await loadOfficialSelf(ctx);
    const asker = await ctx.db.selectFrom("users").selectAll().where("id", "=", request.from_id).executeTakeFirst();
    if (!asker || !mayTakePart(asker, ctx.deps.now())) throw new AppError("CONFLICT", "pair.partner_gone");
    if (officialRole(asker) !== partnerRole(me.role)) throw new AppError("CONFLICT", "pair.roles_changed");
    roles = me.role === "national_official" ? { national: me, local: asker } : { national: asker, local: me };
  }
  const now = ctx.deps.now();
  const after = afterCommit(ctx.deps);
  const pairId = await ctx.db.transaction().execute(async (trx) => {
    const decided = await trx
      .updateTable("pair_requests")
      .set({ status: accept ? "accepted" : "declined", decided_at: now })
      .where("id", "=", request.id)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (Number(decided.numUpdatedRows) !== 1) throw new AppError("CONFLICT", "pair.request_decided");
    if (!roles) {
      await notifyAboutPair(trx, ctx, after, [request.from_id], { kind: "pair_declined", actorId: actor.id, data: { requestId: String(request.id) } });
      return null;
    }
    const { national, local } = roles;
    if (await activePairBetween(trx, national.id, local.id)) throw new AppError("CONFLICT", "pair.already_paired");
    const space = await trx.insertInto("spaces").values({ kind: "pair", visibility: "private" }).returning("id").executeTakeFirstOrThrow();
    const pair = await trx
      .insertInto("pairs")
      .values({
        space_id: space.id,
        national_id: national.id,
        local_id: local.id,
        // Usually both work in one country; otherwise the pair is listed where the city is.
        country: local.country ?? national.country,
        topic_id: request.topic_id,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("space_members")
      .values([
        { space_id: space.id, user_id: national.id, role: "owner" },
        { space_id: space.id, user_id: local.id, role: "owner" },
      ])
      .execute();
    await trx.updateTable("pair_requests").set({ pair_id: pair.id }).where("id", "=", request.id).execute();
    // A request the other way is settled by this one.
    await trx
      .updateTable("pair_requests")
      .set({ status: "cancelled", decided_at: now })
      .where("from_id", "=", actor.id)
      .where("to_id", "=", request.from_id)
      .where("status", "=", "pending")
      .execute();
    await notifyAboutPair(trx, ctx, after, [request.from_id], { kind: "pair_accepted", actorId: actor.id, data: { pairId: String(pair.id) } });
    return pair.id;
  });
  await after.flush();
  return { pairId };
}

/** The asker withdraws a request that is still pending. */
export async function cancelPairRequest(ctx: ServiceContext, raw: unknown): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const { requestId } = parseInput(pairRequestRefSchema, raw);
  const request = await ctx.db.selectFrom("pair_requests").select(["id", "from_id", "status"]).where("id", "=", requestId).executeTakeFirst();
  if (!request || request.from_id !== actor.id) throw new AppError("NOT_FOUND", "errors.not_found");
  if (request.status !== "pending") throw new AppError("CONFLICT", "pair.request_decided");
  await ctx.db
    .updateTable("pair_requests")
    .set({ status: "cancelled", decided_at: ctx.deps.now() })
    .where("id", "=", request.id)
    .where("status", "=", "pending")
    .execute();
}

/**
 * Either official ends the pair. Its space stays, readable by its members as a record, but takes no new
 * questions or experts; the two may pair up again later (a new pair, a new space).
 */
export async function endPair(ctx: ServiceContext, raw: unknown): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const { pairId } = parseInput(pairRefSchema, raw);
  const { pair, isOfficial } = await loadVisiblePair(ctx, pairId);
  if (!isOfficial) throw new AppError("FORBIDDEN", "pair.only_the_pair");
  if (pair.ended_at) return;
  const after = afterCommit(ctx.deps);
  await ctx.db.transaction().execute(async (trx) => {
    const ended = await trx
      .updateTable("pairs")
      .set({ ended_at: ctx.deps.now(), ended_by: actor.id })
      .where("id", "=", pair.id)
      .where("ended_at", "is", null)
      .executeTakeFirst();
    if (Number(ended.numUpdatedRows) !== 1) return;
    const other = actor.id === pair.national_id ? pair.local_id : pair.national_id;
    await notifyAboutPair(trx, ctx, after, [other], { kind: "pair_ended", actorId: actor.id, data: { pairId: String(pair.id) } });
  });
  await after.flush();
}

/** A pair's page: the two officials, the experts they invited, and what the viewer may do there. */
export async function getPair(ctx: ServiceContext, raw: unknown): Promise<PairDto> {
  const { pairId } = parseInput(pairRefSchema, raw);
  const { pair, space, isOfficial } = await loadVisiblePair(ctx, pairId);
  const [[summary], members] = await Promise.all([
    toPairSummaries(ctx, [pair]),
    ctx.db
      .selectFrom("space_members")
      .select(["user_id", "role"])
      .where("space_id", "=", pair.space_id)
      .where("role", "=", "expert")
      .orderBy("created_at")
      .execute(),
  ]);
  if (!summary) throw new AppError("NOT_FOUND", "errors.not_found");
  const people = await loadOfficials(ctx.db, members.map((member) => member.user_id));
  const active = pair.ended_at === null;
  const canWrite = ctx.guardian.canStartThread(space);
  return {
    ...summary,
    spaceId: pair.space_id,
    experts: members.flatMap((member) => {
      const person = people.get(member.user_id);
      return person
        ? [{ userId: member.user_id, handle: person.handle, displayName: person.displayName, verifiedOrganisation: person.verifiedOrganisation, role: "expert" as const }]
        : [];
    }),
    can: {
      post: active && canWrite,
      askAsPair: active && isOfficial && ctx.guardian.canPost(),
      inviteExpert: active && isOfficial && ctx.guardian.canPost(),
      end: active && isOfficial,
      removeExperts: isOfficial,
      leave: space.actorRole === "expert",
    },
  };
}

/** The pairs the actor belongs to: as one of the officials, or as an invited expert. Active ones first. */
export async function listMyPairs(ctx: ServiceContext): Promise<PairSummaryDto[]> {
  const actor = ctx.actor;
  if (!actor) return [];
  const rows = await ctx.db
    .selectFrom("pairs")
    .selectAll()
    .where((eb) =>
      eb.or([
        eb("national_id", "=", actor.id),
        eb("local_id", "=", actor.id),
        eb.exists(eb.selectFrom("space_members").select("user_id").whereRef("space_members.space_id", "=", "pairs.space_id").where("space_members.user_id", "=", actor.id)),
      ]),
    )
    .orderBy((eb) => eb.case().when("ended_at", "is", null).then(0).else(1).end())
    .orderBy("created_at", "desc")
    .limit(50)
    .execute();
  return toPairSummaries(ctx, rows);
}

/** Pending requests the actor received and sent. */
export async function listMyPairRequests(ctx: ServiceContext): Promise<{ incoming: PairRequestDto[]; outgoing: PairRequestDto[] }> {
  const actor = ctx.actor;
  if (!actor) return { incoming: [], outgoing: [] };
  const rows = await ctx.db
    .selectFrom("pair_requests")
    .selectAll()
    .where("status", "=", "pending")
    .where((eb) => eb.or([eb("to_id", "=", actor.id), eb("from_id", "=", actor.id)]))
    .orderBy("created_at", "desc")
    .limit(100)
    .execute();
  const [people, topics] = await Promise.all([
    loadOfficials(ctx.db, rows.flatMap((row) => [row.from_id, row.to_id])),
    loadTopics(ctx, rows.map((row) => row.topic_id)),
  ]);
  const dtos = rows.flatMap((row): (PairRequestDto & { incoming: boolean })[] => {
    const from = people.get(row.from_id);
    const to = people.get(row.to_id);
    if (!from || !to) return [];
    return [
      {
        id: row.id,
        from,
        to,
        message: row.message,
        topic: row.topic_id ? topics.get(row.topic_id) ?? null : null,
        createdAt: row.created_at.toISOString(),
        incoming: row.to_id === actor.id,
      },
    ];
  });
  const strip = ({ incoming: _incoming, ...dto }: PairRequestDto & { incoming: boolean }): PairRequestDto => dto;
  return { incoming: dtos.filter((dto) => dto.incoming).map(strip), outgoing: dtos.filter((dto) => !dto.incoming).map(strip) };
}
