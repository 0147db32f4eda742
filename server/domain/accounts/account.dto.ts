import type { UserRow } from "../../../db/schema";
import type { Locale } from "../../../shared/i18n";

/** What the signed-in member sees of their own account. */
export interface AccountDto {
  id: number;
  email: string;
  handle: string;
  displayName: string;
  organisation: string;
  partnerOrg: string | null;
  communityRole: string;
  country: string | null;
  region: string;
  languages: string[];
  bio: string;
  locale: Locale;
  siteRole: "member" | "moderator" | "admin";
  status: "active" | "pending";
  emailVerified: boolean;
  expertVerified: boolean;
  /** Experts: whether they take questions now (the expert directory). */
  availability: "available" | "busy" | "unavailable";
  /** The zone event times are shown in (IANA); null: the event's, then the browser's. */
  timeZone: string | null;
  createdAt: string;
}

export function toAccountDto(user: UserRow): AccountDto {
  return {
    id: user.id,
    email: user.email,
    handle: user.handle,
    displayName: user.display_name,
    organisation: user.organisation,
    partnerOrg: user.partner_org,
    communityRole: user.community_role,
    country: user.country,
    region: user.region,
    languages: user.languages,
    bio: user.bio,
    locale: user.locale as Locale,
    siteRole: user.site_role,
    status: user.status,
    emailVerified: user.email_verified_at !== null,
    expertVerified: user.expert_verified_at !== null,
    availability: user.availability,
    timeZone: user.time_zone,
    createdAt: user.created_at.toISOString(),
  };
}

/** What anyone may see of a member: no email, no account state. */
export interface PublicProfileDto {
  handle: string;
  displayName: string;
  organisation: string;
  partnerOrg: string | null;
  /** Shown as verified only once an admin has verified the affiliation. */
  expertVerified: boolean;
  communityRole: string;
  country: string | null;
  region: string;
  languages: string[];
  bio: string;
  memberSince: string;
}

export function toPublicProfileDto(user: UserRow): PublicProfileDto {
  return {
    handle: user.handle,
    displayName: user.display_name,
    organisation: user.organisation,
    partnerOrg: user.partner_org,
    expertVerified: user.expert_verified_at !== null,
    communityRole: user.community_role,
    country: user.country,
    region: user.region,
    languages: user.languages,
    bio: user.bio,
    memberSince: user.created_at.toISOString(),
  };
}
