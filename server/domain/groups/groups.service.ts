import { sql } from "kysely";
import { z } from "zod";
import type { GroupRow } from "../../../db/schema";
import { spaceVisibleTo } from "../../../db/queries/visibility.queries";
import { AppError } from "../../../shared/errors";
import { pickLocalized } from "../../../shared/i18n";
import { parseInput } from "../../../shared/schemas/parse";
import { createGroupSchema, groupSettingsSchema } from "../../../shared/schemas/group.schema";
import { MAX_ID } from "../../../shared/schemas/forum.schema";
import type { SpaceFacts } from "../../../shared/guardian";
import type { ServiceContext } from "../../context";
import { loadSpaceFacts } from "../forum/access";

export interface GroupSummaryDto {
  id: number;
  slug: string;
  kind: "expert_group" | "working_group";
  name: string;
  description: string;
  topic: { slug: string; name: string };
  joinPolicy: "invite" | "request" | "open";
  memberCount: number;
  myRole: "owner" | "moderator" | "member" | "expert" | null;
}

export interface GroupDto extends GroupSummaryDto {
  spaceId: number;
  topicId: number;
  names: { es: string; pt: string; en: string };
  descriptions: { es: string; pt: string; en: string };
  can: { manage: boolean; post: boolean; join: boolean; requestToJoin: boolean; leave: boolean; moderate: boolean };
  pendingRequest: boolean;
  pendingInvitationId: number | null;
  banned: boolean;
}

/** Loads a group the actor may see, with the actor's facts about its space; NOT_FOUND otherwise. */
export async function loadVisibleGroup(ctx: ServiceContext, where: { slug: string } | { id: number }) {
  let query = ctx.db.selectFrom("groups").selectAll();
  query = "slug" in where ? query.where("slug", "=", where.slug.toLowerCase()) : query.where("id", "=", where.id);
  const group = await query.executeTakeFirst();
  if (!group || (group.archived_at && !ctx.guardian.isAdmin())) throw new AppError("NOT_FOUND", "errors.not_found");
  const space = await loadSpaceFacts(ctx.db, group.space_id, ctx.actor);
  ctx.guardian.ensure(ctx.guardian.canViewSpace(space));
  return { group, space };
}

async function isBanned(ctx: ServiceContext, groupId: number): Promise<boolean> {
  if (!ctx.actor) return false;
  const ban = await ctx.db
    .selectFrom("group_bans")
    .select("user_id")
    .where("group_id", "=", groupId)
    .where("user_id", "=", ctx.actor.id)
    .executeTakeFirst();
  return ban !== undefined;
}

function summary(ctx: ServiceContext, group: GroupRow & { topic_slug: string; topic_name: Record<string, string>; member_count: number }, role: SpaceFacts["actorRole"]): GroupSummaryDto {
  return {
    id: group.id,
    slug: group.slug,
    kind: group.kind,
    name: pickLocalized(group.name, ctx.locale),
    description: pickLocalized(group.description, ctx.locale),
    topic: { slug: group.topic_slug, name: pickLocalized(group.topic_name, ctx.locale) },
    joinPolicy: group.join_policy,
    memberCount: group.member_count,
    myRole: role,
  };
}

/** Groups the actor may see (expert groups for everyone, working groups for their members), by topic. */
export async function listGroups(ctx: ServiceContext, raw: unknown = {}): Promise<GroupSummaryDto[]> {
  const input = parseInput(z.object({ topic: z.string().max(80).optional(), mine: z.boolean().optional() }), raw);
  let query = ctx.db
    .selectFrom("groups")
    .innerJoin("topics", "topics.id", "groups.topic_id")
    .leftJoin("space_members", (join) =>
      join.onRef("space_members.space_id", "=", "groups.space_id").on("space_members.user_id", "=", ctx.actor?.id ?? -1),
    )
    .selectAll("groups")
    .select(["topics.slug as topic_slug", "topics.name as topic_name", "space_members.role as my_role"])
    .select(sql<number>`(select count(*)::int from space_members m where m.space_id = groups.space_id)`.as("member_count"))
    .where("groups.archived_at", "is", null)
    .where((eb) => spaceVisibleTo(ctx.actor, eb.ref("groups.space_id")))
    .orderBy("topics.position")
    .orderBy("groups.kind")
    .orderBy("groups.id");
  if (input.topic) query = query.where("topics.slug", "=", input.topic);
  if (input.mine) query = query.where("space_members.user_id", "is not", null);
  const rows = await query.limit(200).execute();
  return rows.map((row) => summary(ctx, row, row.my_role ?? null));
}

export async function getGroup(ctx: ServiceContext, slug: string): Promise<GroupDto> {
  const { group, space } = await loadVisibleGroup(ctx, { slug });
  const [topic, count, request, invitation, banned] = await Promise.all([
    ctx.db.selectFrom("topics").select(["slug", "name"]).where("id", "=", group.topic_id).executeTakeFirstOrThrow(),
    ctx.db.selectFrom("space_members").select((eb) => eb.fn.countAll<number>().as("n")).where("space_id", "=", group.space_id).executeTakeFirstOrThrow(),
    ctx.actor
      ? ctx.db.selectFrom("group_join_requests").select("id").where("group_id", "=", group.id).where("user_id", "=", ctx.actor.id).where("status", "=", "pending").executeTakeFirst()
      : Promise.resolve(undefined),
    ctx.actor ? findPendingInvitation(ctx, group.id) : Promise.resolve(undefined),
    isBanned(ctx, group.id),
  ]);
  const isMember = space.actorRole !== null;
  const signedInCanAct = ctx.guardian.canPost() && !isMember && !banned;
  return {
    ...summary(ctx, { ...group, topic_slug: topic.slug, topic_name: topic.name, member_count: Number(count.n) }, space.actorRole),
    spaceId: group.space_id,
    topicId: group.topic_id,
    names: { es: group.name.es ?? "", pt: group.name.pt ?? "", en: group.name.en ?? "" },
    descriptions: { es: group.description.es ?? "", pt: group.description.pt ?? "", en: group.description.en ?? "" },
    can: {
      manage: ctx.guardian.canManageGroup(space),
      post: ctx.guardian.canStartThread(space) && !banned,
      join: signedInCanAct && group.join_policy === "open",
      requestToJoin: signedInCanAct && group.join_policy === "request" && !request,
      leave: isMember && space.actorRole !== "owner",
      moderate: ctx.guardian.canModerate(space),
    },
    pendingRequest: request !== undefined,
    pendingInvitationId: invitation?.id ?? null,
    banned,
  };
}

/** An invitation waiting for the actor: to their account, or to the address they verified. */
export async function findPendingInvitation(ctx: ServiceContext, groupId: number) {
  if (!ctx.actor) return undefined;
  const me = await ctx.db.selectFrom("users").select(["email", "email_verified_at"]).where("id", "=", ctx.actor.id).executeTakeFirstOrThrow();
  return ctx.db
    .selectFrom("group_invitations")
    .select(["id"])
    .where("group_id", "=", groupId)
    .where("status", "=", "pending")
    .where((eb) =>
      eb.or([eb("user_id", "=", ctx.actor!.id), ...(me.email_verified_at ? [eb("email", "=", me.email)] : [])]),
    )
    .executeTakeFirst();
}

function localized(input: { nameEs: string; namePt: string; nameEn: string }) {
  return JSON.stringify({ es: input.nameEs, pt: input.namePt, en: input.nameEn });
}
function localizedDescription(input: { descriptionEs: string; descriptionPt: string; descriptionEn: string }) {
  return JSON.stringify({ es: input.descriptionEs, pt: input.descriptionPt, en: input.descriptionEn });
}

/**
 * Site staff create groups in a topic: an expert group is a public space, a working group a private one.
 * The creator becomes its owner.
 */
export async function createGroup(ctx: ServiceContext, raw: unknown): Promise<{ id: number; slug: string }> {
  const actor = ctx.guardian.ensureSignedIn();
  ctx.guardian.ensure(ctx.guardian.canCreateGroups());
  const input = parseInput(createGroupSchema, raw);
  if (input.kind === "working_group" && input.joinPolicy === "open") {
    throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { joinPolicy: "group.open_only_expert" } });
  }
  const topic = await ctx.db.selectFrom("topics").select(["id", "archived_at"]).where("id", "=", input.topicId).executeTakeFirst();
  if (!topic || topic.archived_at) throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { topicId: "validation.topic_unknown" } });
  if (await ctx.db.selectFrom("groups").select("id").where("slug", "=", input.slug).executeTakeFirst()) {
    throw new AppError("CONFLICT", "validation.failed", { fieldErrors: { slug: "validation.slug_taken" } });
  }
  const created = await ctx.db.transaction().execute(async (trx) => {
    const space = await trx
      .insertInto("spaces")
      .values({ kind: input.kind, visibility: input.kind === "expert_group" ? "public" : "private" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const group = await trx
      .insertInto("groups")
      .values({
        space_id: space.id,
        topic_id: topic.id,
        kind: input.kind,
        slug: input.slug,
        name: localized(input),
        description: localizedDescription(input),
        join_policy: input.joinPolicy,
        owner_id: actor.id,
      })
      .returning(["id", "slug"])
      .executeTakeFirstOrThrow();
    await trx.insertInto("space_members").values({ space_id: space.id, user_id: actor.id, role: "owner" }).execute();
    await trx
      .insertInto("audit_log")
      .values({ actor_id: actor.id, action: "group:create", target_type: "group", target_id: group.id, space_id: space.id, details: JSON.stringify({ slug: input.slug, kind: input.kind }) })
      .execute();
    return group;
  });
  return created;
}

export async function updateGroup(ctx: ServiceContext, raw: unknown): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(groupSettingsSchema.extend({ groupId: z.coerce.number().int().positive().max(MAX_ID) }), raw);
  const { group, space } = await loadVisibleGroup(ctx, { id: input.groupId });
  ctx.guardian.ensure(ctx.guardian.canManageGroup(space));
  if (group.kind === "working_group" && input.joinPolicy === "open") {
    throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { joinPolicy: "group.open_only_expert" } });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("groups")
      .set({ name: localized(input), description: localizedDescription(input), join_policy: input.joinPolicy })
      .where("id", "=", group.id)
      .execute();
    await trx
      .insertInto("audit_log")
      .values({ actor_id: actor.id, action: "group:update", target_type: "group", target_id: group.id, space_id: group.space_id, details: JSON.stringify({ joinPolicy: input.joinPolicy }) })
      .execute();
  });
}
