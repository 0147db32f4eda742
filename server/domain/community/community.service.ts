import { findUserByHandle } from "../../../db/queries/users.queries";
import { AppError } from "../../../shared/errors";
import { type Locale, pickLocalized } from "../../../shared/i18n";
import type { ServiceContext } from "../../context";
import { type PublicProfileDto, toPublicProfileDto } from "../accounts/account.dto";

export interface TopicSummaryDto {
  id: number;
  slug: string;
  name: string;
  description: string;
}

export interface PartnerDto {
  code: string;
  name: string;
  url: string;
  description: string;
}

export interface LandingDto {
  topics: TopicSummaryDto[];
  partners: PartnerDto[];
  memberCount: number;
}

export async function getLanding(ctx: ServiceContext, locale: Locale): Promise<LandingDto> {
  const [topics, partners, members] = await Promise.all([
    ctx.db
      .selectFrom("topics")
      .select(["id", "slug", "name", "description"])
      .where("archived_at", "is", null)
      .orderBy("position")
      .execute(),
    ctx.db.selectFrom("partner_organisations").selectAll().orderBy("position").execute(),
    ctx.db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("email_verified_at", "is not", null)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    topics: topics.map((topic) => ({
      id: topic.id,
      slug: topic.slug,
      name: pickLocalized(topic.name, locale),
      description: pickLocalized(topic.description, locale),
    })),
    partners: partners.map((partner) => ({
      code: partner.code,
      name: partner.name,
      url: partner.url,
      description: pickLocalized(partner.description, locale),
    })),
    memberCount: Number(members.count),
  };
}

/** A member's public page; accounts that have not verified their email do not have one yet. */
export async function getPublicProfile(ctx: ServiceContext, handle: string): Promise<PublicProfileDto> {
  const user = await findUserByHandle(ctx.db, handle);
  if (!user || !user.email_verified_at) throw new AppError("NOT_FOUND", "errors.not_found");
  return toPublicProfileDto(user);
}

export async function listPartnerOrganisations(ctx: ServiceContext, locale: Locale): Promise<PartnerDto[]> {
  const partners = await ctx.db.selectFrom("partner_organisations").selectAll().orderBy("position").execute();
  return partners.map((partner) => ({
    code: partner.code,
    name: partner.name,
    url: partner.url,
    description: pickLocalized(partner.description, locale),
  }));
}
