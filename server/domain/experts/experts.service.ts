// The expert directory: verified experts (by topic, partner organisation, country, language and
// availability) and the expert groups of each topic, each with figures counted from public content only.
import { sql } from "kysely";
import { AppError } from "../../../shared/errors";
import { pickLocalized } from "../../../shared/i18n";
import { parseInput } from "../../../shared/schemas/parse";
import { expertDirectorySchema, type Availability } from "../../../shared/schemas/pairs.schema";
import type { ServiceContext } from "../../context";
import { decodeCursor, encodeCursor } from "../forum/cursor";
import { loadExpertFigures, loadExpertGroupFigures, type ExpertFiguresDto } from "./expert-figures";

export interface ExpertCardDto {
  handle: string;
  displayName: string;
  /** Partner organisation code (the affiliation an admin verified). */
  verifiedOrganisation: string | null;
  organisation: string;
  country: string | null;
  region: string;
  languages: string[];
  availability: Availability;
  /** Topics whose expert groups they belong to. */
  topics: { slug: string; name: string }[];
  figures: ExpertFiguresDto;
}

export interface ExpertGroupCardDto {
  id: number;
  slug: string;
  name: string;
  description: string;
  topic: { slug: string; name: string };
  memberCount: number;
  figures: ExpertFiguresDto;
}

/** What a profile shows of a verified expert: availability, their expert topics and figures. */
export interface ExpertProfileDto {
  availability: Availability;
  topics: { slug: string; name: string }[];
  figures: ExpertFiguresDto;
}

/** Verified experts whose account stands: active, email confirmed, not suspended. */
function verifiedExperts(ctx: ServiceContext) {
  const now = ctx.deps.now();
  return ctx.db
    .selectFrom("users")
    .where("users.community_role", "=", "expert")
    .where("users.expert_verified_at", "is not", null)
    .where("users.email_verified_at", "is not", null)
    .where("users.status", "=", "active")
    .where((eb) => eb.or([eb("users.suspended_until", "is", null), eb("users.suspended_until", "<=", now)]));
}

/** The topics of the (unarchived) expert groups each expert belongs to; expert groups are public. */
async function expertTopics(ctx: ServiceContext, userIds: number[]) {
  const byUser = new Map<number, { slug: string; name: string }[]>();
  if (userIds.length === 0) return byUser;
  const rows = await ctx.db
    .selectFrom("space_members")
    .innerJoin("groups", "groups.space_id", "space_members.space_id")
    .innerJoin("topics", "topics.id", "groups.topic_id")
    .select(["space_members.user_id", "topics.slug", "topics.name"])
    .distinct()
    .where("space_members.user_id", "in", userIds)
    .where("groups.kind", "=", "expert_group")
    .where("groups.archived_at", "is", null)
    .where("topics.archived_at", "is", null)
    .orderBy("topics.slug")
    .execute();
  for (const row of rows) {
    byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), { slug: row.slug, name: pickLocalized(row.name, ctx.locale) }]);
  }
  return byUser;
}

export async function listExperts(ctx: ServiceContext, raw: unknown = {}): Promise<{ experts: ExpertCardDto[]; nextCursor: string | null }> {
  const input = parseInput(expertDirectorySchema, raw);
  const cursor = decodeCursor(input.cursor);
  let query = verifiedExperts(ctx).select([
    "users.id",
    "users.handle",
    "users.display_name",
    "users.partner_org",
    "users.organisation",
    "users.country",
    "users.region",
    "users.languages",
    "users.availability",
  ]);
  if (input.topic) {
    const topic = input.topic;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("space_members")
          .innerJoin("groups", "groups.space_id", "space_members.space_id")
          .innerJoin("topics", "topics.id", "groups.topic_id")
          .select("space_members.user_id")
          .whereRef("space_members.user_id", "=", "users.id")
          .where("groups.kind", "=", "expert_group")
          .where("groups.archived_at", "is", null)
          .where("topics.slug", "=", topic),
      ),
    );
  }
  if (input.organisation) query = query.where("users.partner_org", "=", input.organisation);
  if (input.country) query = query.where("users.country", "=", input.country);
  if (input.language) query = query.where(sql<boolean>`${input.language} = any(users.languages)`);
  if (input.availability) query = query.where("users.availability", "=", input.availability);
  if (cursor) {
    if (typeof cursor.value !== "string") throw new AppError("VALIDATION", "validation.cursor_invalid");
    query = query.where((eb) => eb(eb.refTuple("users.display_name", "users.id"), ">", eb.tuple(cursor.value as string, cursor.id)));
  }
  const rows = await query.orderBy("users.display_name").orderBy("users.id").limit(input.limit + 1).execute();
  const page = rows.slice(0, input.limit);
  const ids = page.map((row) => row.id);
  const [figures, topics] = await Promise.all([loadExpertFigures(ctx.db, ids), expertTopics(ctx, ids)]);
  const last = page[page.length - 1];
  return {
    experts: page.map((row) => ({
      handle: row.handle,
      displayName: row.display_name,
      verifiedOrganisation: row.partner_org,
      organisation: row.organisation,
      country: row.country,
      region: row.region,
      languages: row.languages,
      availability: row.availability,
      topics: topics.get(row.id) ?? [],
      figures: figures.get(row.id)!,
    })),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.display_name, last.id) : null,
  };
}

/** Expert groups by topic (all public), each with its figures; "ask this expert group" starts a question to it. */
export async function listExpertGroups(ctx: ServiceContext, raw: unknown = {}): Promise<ExpertGroupCardDto[]> {
  const input = parseInput(expertDirectorySchema.pick({ topic: true }), raw);
  let query = ctx.db
    .selectFrom("groups")
    .innerJoin("topics", "topics.id", "groups.topic_id")
    .innerJoin("spaces", "spaces.id", "groups.space_id")
    .select(["groups.id", "groups.slug", "groups.name", "groups.description", "topics.slug as topic_slug", "topics.name as topic_name"])
    .select(sql<number>`(select count(*)::int from space_members m where m.space_id = groups.space_id)`.as("member_count"))
    .where("groups.kind", "=", "expert_group")
    .where("spaces.visibility", "=", "public")
    .where("groups.archived_at", "is", null)
    .where("topics.archived_at", "is", null)
    .orderBy("topics.position")
    .orderBy("groups.id");
  if (input.topic) query = query.where("topics.slug", "=", input.topic);
  const rows = await query.limit(200).execute();
  const figures = await loadExpertGroupFigures(ctx.db, rows.map((row) => row.id));
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: pickLocalized(row.name, ctx.locale),
    description: pickLocalized(row.description, ctx.locale),
    topic: { slug: row.topic_slug, name: pickLocalized(row.topic_name, ctx.locale) },
    memberCount: row.member_count,
    figures: figures.get(row.id)!,
  }));
}

/** A verified expert's figures for their profile; null for anyone else (profiles of others show none). */
export async function getExpertProfile(ctx: ServiceContext, handle: string): Promise<ExpertProfileDto | null> {
  const row = await verifiedExperts(ctx).select(["users.id", "users.availability"]).where("users.handle", "=", handle.toLowerCase()).executeTakeFirst();
  if (!row) return null;
  const [figures, topics] = await Promise.all([loadExpertFigures(ctx.db, [row.id]), expertTopics(ctx, [row.id])]);
  return { availability: row.availability, topics: topics.get(row.id) ?? [], figures: figures.get(row.id)! };
}
