// Row types as Kysely sees them. Migrations are frozen in time and do not import this file.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;

export type SiteRole = "member" | "moderator" | "admin";
export type AccountStatus = "active" | "pending";
export type TokenPurpose = "verify_email" | "reset_password" | "change_email";

export interface UsersTable {
  id: Generated<number>;
  email: string;
  email_verified_at: NullableTimestamp;
  password_hash: string;
  handle: string;
  display_name: string;
  organisation: Generated<string>;
  partner_org: string | null;
  community_role: Generated<string>;
  country: string | null;
  region: Generated<string>;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  bio: Generated<string>;
  locale: Generated<string>;
  site_role: Generated<SiteRole>;
  status: Generated<AccountStatus>;
  approved_at: NullableTimestamp;
  approved_by: number | null;
  expert_verified_at: NullableTimestamp;
  expert_verified_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SessionsTable {
  id: string;
  secret_hash: Uint8Array;
  user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  absolute_expires_at: Timestamp;
  user_agent: Generated<string>;
  ip: Generated<string>;
}

export interface UserTokensTable {
  id: string;
  secret_hash: Uint8Array;
  user_id: number;
  purpose: TokenPurpose;
  email: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface InvitationsTable {
  id: Generated<number>;
  email: string;
  token_id: string;
  secret_hash: Uint8Array;
  invited_by: number;
  locale: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  accepted_by: number | null;
  accepted_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface RateLimitHitsTable {
  bucket: string;
  window_start: Timestamp;
  hits: number;
}

export interface EmailOutboxTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  headers: Json<Record<string, string>>;
  created_at: Generated<Date>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  sent_at: NullableTimestamp;
  failed_at: NullableTimestamp;
  last_error: string | null;
}

export interface PartnerOrganisationsTable {
  code: string;
  name: string;
  url: string;
  description: Json<Record<string, string>>;
  position: number;
}

export interface TopicsTable {
  id: Generated<number>;
  slug: string;
  name: Json<Record<string, string>>;
  description: Json<Record<string, string>>;
  position: number;
  created_at: Generated<Date>;
  archived_at: NullableTimestamp;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  user_tokens: UserTokensTable;
  invitations: InvitationsTable;
  rate_limit_hits: RateLimitHitsTable;
  email_outbox: EmailOutboxTable;
  partner_organisations: PartnerOrganisationsTable;
  topics: TopicsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type TopicRow = Selectable<TopicsTable>;
export type PartnerOrganisationRow = Selectable<PartnerOrganisationsTable>;
