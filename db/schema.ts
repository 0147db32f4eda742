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
  suspended_until: NullableTimestamp;
  silenced_until: NullableTimestamp;
  moderation_reason: string | null;
  email_notifications: Generated<EmailNotifications>;
  last_digest_at: NullableTimestamp;
  availability: Generated<Availability>;
  time_zone: string | null;
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

/** A claimed idempotency key: one per member and key; the write it names committed with it. */
export interface IdempotencyKeysTable {
  user_id: number;
  key: string;
  /** What the key was used for ("reply", "thread"): a key is not reusable across operations. */
  operation: string;
  /** sha256 of the operation's parsed input: the same key with another request is refused. */
  request_hash: string;
  /** The service's answer, replayed to every later submission with the key. */
  response: ColumnType<unknown, string | null | undefined, string | null>;
  completed: Generated<boolean>;
  created_at: Timestamp;
}

export interface EmailOutboxTable {
  id: Generated<number>;
  to_address: string;
  /** Null for deferred rows (notification batches, digests), composed when they are sent. */
  subject: string | null;
  text_body: string | null;
  html_body: string | null;
  headers: Json<Record<string, string>>;
  kind: Generated<OutboxKind>;
  user_id: number | null;
  group_key: string | null;
  skipped: Generated<boolean>;
  created_at: Generated<Date>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  sent_at: NullableTimestamp;
  failed_at: NullableTimestamp;
  last_error: string | null;
}

export type OutboxKind = "message" | "notifications" | "digest";

export interface PartnerOrganisationsTable {
  code: string;
  name: string;
  url: string;
  description: Json<Record<string, string>>;
  position: number;
}

export interface TopicsTable {
  id: Generated<number>;
  space_id: number;
  slug: string;
  name: Json<Record<string, string>>;
  description: Json<Record<string, string>>;
  position: number;
  created_at: Generated<Date>;
  archived_at: NullableTimestamp;
}

export type SpaceKind = "topic" | "expert_group" | "working_group" | "pair";
export type SpaceVisibility = "public" | "private";

export interface SpacesTable {
  id: Generated<number>;
  kind: SpaceKind;
  visibility: SpaceVisibility;
  created_at: Generated<Date>;
}

export interface SpaceMembersTable {
  space_id: number;
  user_id: number;
  role: Generated<"owner" | "moderator" | "member" | "expert">;
  created_at: Generated<Date>;
}

export interface TagsTable {
  id: Generated<number>;
  /** Null: a public, curated tag. Otherwise the space (group) whose vocabulary it is. */
  space_id: number | null;
  slug: string;
  name: Json<Record<string, string>>;
  created_at: Generated<Date>;
  archived_at: NullableTimestamp;
}

export type ThreadKind = "question" | "discussion";
export type ContentLanguage = "es" | "pt" | "en";

export interface ThreadsTable {
  id: Generated<number>;
  space_id: number;
  topic_id: number;
  kind: ThreadKind;
  title: string;
  language: ContentLanguage;
  author_id: number | null;
  asker_country: string | null;
  opening_post_id: number | null;
  solution_post_id: number | null;
  post_count: Generated<number>;
  reply_count: Generated<number>;
  last_position: Generated<number>;
  created_at: Timestamp;
  last_activity_at: Timestamp;
  first_reply_at: NullableTimestamp;
  first_expert_reply_at: NullableTimestamp;
  solved_at: NullableTimestamp;
  locked_at: NullableTimestamp;
  pinned_at: NullableTimestamp;
  deleted_at: NullableTimestamp;
  addressed_group_id: number | null;
  /** A pair's question: both officials are its authors. */
  pair_id: ColumnType<number | null, number | null | undefined, number | null>;
  closed_at: NullableTimestamp;
}

export interface ThreadTagsTable {
  thread_id: number;
  tag_id: number;
}

export interface PostsTable {
  id: Generated<number>;
  thread_id: number;
  position: number;
  parent_id: number | null;
  root_id: number | null;
  depth: Generated<number>;
  author_id: number | null;
  language: ContentLanguage;
  source: string;
  html: string;
  plain_text: string;
  search_vector: ColumnType<string, unknown, unknown>;
  helpful_count: Generated<number>;
  revision_count: Generated<number>;
  author_was_expert: Generated<boolean>;
  created_at: Timestamp;
  edited_at: NullableTimestamp;
  deleted_at: NullableTimestamp;
  deleted_by_role: "author" | "moderator" | null;
  hidden_at: NullableTimestamp;
  hidden_reason: string | null;
}

export interface PostRevisionsTable {
  id: Generated<number>;
  post_id: number;
  number: number;
  title: string | null;
  source: string;
  editor_id: number | null;
  created_at: Timestamp;
}

export interface PostVotesTable {
  post_id: number;
  user_id: number;
  created_at: Generated<Date>;
}

export interface ThreadReadsTable {
  user_id: number;
  thread_id: number;
  last_read_position: number;
  updated_at: Timestamp;
}

export interface DraftsTable {
  user_id: number;
  key: string;
  payload: Json<Record<string, unknown>>;
  updated_at: Timestamp;
}

export interface PersonalAccessTokensTable {
  id: string;
  secret_hash: Uint8Array;
  user_id: number;
  name: string;
  created_at: Generated<Date>;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export type GroupKind = "expert_group" | "working_group";
export type JoinPolicy = "invite" | "request" | "open";

export interface GroupsTable {
  id: Generated<number>;
  space_id: number;
  topic_id: number;
  kind: GroupKind;
  slug: string;
  name: Json<Record<string, string>>;
  description: Json<Record<string, string>>;
  join_policy: JoinPolicy;
  owner_id: number | null;
  created_at: Generated<Date>;
  archived_at: NullableTimestamp;
}

export interface GroupInvitationsTable {
  id: Generated<number>;
  group_id: number;
  user_id: number | null;
  email: string | null;
  invited_by: number | null;
  status: Generated<"pending" | "accepted" | "declined" | "revoked">;
  created_at: Generated<Date>;
  responded_at: NullableTimestamp;
}

export interface GroupJoinRequestsTable {
  id: Generated<number>;
  group_id: number;
  user_id: number;
  message: Generated<string>;
  status: Generated<"pending" | "approved" | "declined" | "withdrawn">;
  created_at: Generated<Date>;
  decided_by: number | null;
  decided_at: NullableTimestamp;
}

export interface GroupBansTable {
  group_id: number;
  user_id: number;
  banned_by: number | null;
  reason: Generated<string>;
  created_at: Generated<Date>;
}

export type FlagReason = "spam" | "off_topic" | "inappropriate" | "other";

export interface FlagsTable {
  id: Generated<number>;
  post_id: number;
  space_id: number;
  flagger_id: number | null;
  reason: FlagReason;
  note: Generated<string>;
  status: Generated<"open" | "actioned" | "dismissed">;
  created_at: Generated<Date>;
  resolved_by: number | null;
  resolved_at: NullableTimestamp;
  resolution: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  target_type: string;
  target_id: number | null;
  space_id: number | null;
  reason: Generated<string>;
  details: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
}

export type FollowLevel = "watching" | "tracking" | "muted";
export type FollowReason = "chosen" | "created" | "replied" | "expert";

export interface SpaceFollowsTable {
  user_id: number;
  space_id: number;
  level: FollowLevel;
  reason: Generated<FollowReason>;
  updated_at: Generated<Date>;
}

export interface ThreadFollowsTable {
  user_id: number;
  thread_id: number;
  level: FollowLevel;
  reason: Generated<FollowReason>;
  updated_at: Generated<Date>;
}

export type NotificationEmailState = "none" | "pending" | "digest" | "sent" | "skipped";
export type EmailNotifications = "immediate" | "daily" | "weekly" | "none";

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  actor_id: number | null;
  thread_id: number | null;
  post_id: number | null;
  group_id: number | null;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Generated<Date>;
  read_at: NullableTimestamp;
  email_state: Generated<NotificationEmailState>;
  email_group: string | null;
  event_id: number | null;
}

export interface AppSecretsTable {
  name: string;
  value: string;
}

export type Availability = "available" | "busy" | "unavailable";

export interface PairsTable {
  id: Generated<number>;
  space_id: number;
  national_id: number;
  local_id: number;
  country: string | null;
  topic_id: number | null;
  created_at: Generated<Date>;
  ended_at: NullableTimestamp;
  ended_by: number | null;
}

export type PairRequestStatus = "pending" | "accepted" | "declined" | "cancelled";

export interface PairRequestsTable {
  id: Generated<number>;
  from_id: number;
  to_id: number;
  message: Generated<string>;
  topic_id: number | null;
  status: Generated<PairRequestStatus>;
  created_at: Generated<Date>;
  decided_at: NullableTimestamp;
  pair_id: number | null;
}

export type DocumentType = "nump" | "sump" | "guideline" | "case_study" | "financing_proposal" | "presentation" | "data" | "other";
export type DocumentAudience = "public" | "members";

export interface DocumentsTable {
  id: Generated<number>;
  space_id: number;
  topic_id: number | null;
  audience: Generated<DocumentAudience>;
  title: string;
  description: Generated<string>;
  doc_type: DocumentType;
  country: string | null;
  city: Generated<string>;
  language: string;
  year: number | null;
  authors: Generated<string>;
  licence: Generated<string>;
  uploaded_by: number | null;
  current_version: Generated<number>;
  download_count: Generated<number>;
  search_vector: ColumnType<string | null, unknown, unknown>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: NullableTimestamp;
}

export interface DocumentVersionsTable {
  id: Generated<number>;
  document_id: number;
  number: number;
  storage_key: string;
  file_name: string;
  mime_type: string;
  size_bytes: ColumnType<string, number | string, number | string>;
  sha256: string;
  extracted_text: Generated<string>;
  uploaded_by: number | null;
  created_at: Generated<Date>;
}

export interface DocumentDownloadsTable {
  id: Generated<number>;
  document_id: number;
  user_id: number | null;
  downloaded_at: Generated<Date>;
}

export interface DocumentMentionsTable {
  document_id: number;
  post_id: number;
}

export type EventKind = "webinar" | "workshop" | "event";

export interface EventsTable {
  id: Generated<number>;
  space_id: number;
  topic_id: number;
  group_id: number | null;
  kind: EventKind;
  title: string;
  description: Generated<string>;
  description_html: Generated<string>;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  starts_at: Timestamp;
  ends_at: Timestamp;
  time_zone: string;
  online_url: string | null;
  place: Generated<string>;
  capacity: number | null;
  organiser_id: number | null;
  speakers: Generated<string>;
  recording_url: string | null;
  follow_up_thread_id: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  cancelled_at: NullableTimestamp;
}

export type RegistrationStatus = "registered" | "waitlisted" | "cancelled";

export interface EventRegistrationsTable {
  event_id: number;
  user_id: number;
  status: RegistrationStatus;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface EventMaterialsTable {
  event_id: number;
  document_id: number;
}

export interface EventRemindersTable {
  event_id: number;
  user_id: number;
  kind: "day" | "hour";
  sent_at: Generated<Date>;
}

export interface WebhooksTable {
  id: Generated<number>;
  url: string;
  description: Generated<string>;
  secret: string;
  events: ColumnType<string[], string[], string[]>;
  active: Generated<boolean>;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: number;
  event: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  delivered_at: NullableTimestamp;
  failed_at: NullableTimestamp;
  last_status: number | null;
  last_error: string | null;
  created_at: Generated<Date>;
}

export interface Database {
  pairs: PairsTable;
  pair_requests: PairRequestsTable;
  documents: DocumentsTable;
  document_versions: DocumentVersionsTable;
  document_downloads: DocumentDownloadsTable;
  document_mentions: DocumentMentionsTable;
  events: EventsTable;
  event_registrations: EventRegistrationsTable;
  event_materials: EventMaterialsTable;
  event_reminders: EventRemindersTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  space_follows: SpaceFollowsTable;
  thread_follows: ThreadFollowsTable;
  notifications: NotificationsTable;
  app_secrets: AppSecretsTable;
  groups: GroupsTable;
  group_invitations: GroupInvitationsTable;
  group_join_requests: GroupJoinRequestsTable;
  group_bans: GroupBansTable;
  flags: FlagsTable;
  audit_log: AuditLogTable;
  spaces: SpacesTable;
  space_members: SpaceMembersTable;
  tags: TagsTable;
  threads: ThreadsTable;
  thread_tags: ThreadTagsTable;
  posts: PostsTable;
  post_revisions: PostRevisionsTable;
  post_votes: PostVotesTable;
  thread_reads: ThreadReadsTable;
  drafts: DraftsTable;
  personal_access_tokens: PersonalAccessTokensTable;
  users: UsersTable;
  sessions: SessionsTable;
  user_tokens: UserTokensTable;
  invitations: InvitationsTable;
  rate_limit_hits: RateLimitHitsTable;
  email_outbox: EmailOutboxTable;
  idempotency_keys: IdempotencyKeysTable;
  partner_organisations: PartnerOrganisationsTable;
  topics: TopicsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type TopicRow = Selectable<TopicsTable>;
export type PartnerOrganisationRow = Selectable<PartnerOrganisationsTable>;
export type ThreadRow = Selectable<ThreadsTable>;
export type PostRow = Selectable<PostsTable>;
export type TagRow = Selectable<TagsTable>;
export type SpaceRow = Selectable<SpacesTable>;
export type GroupRow = Selectable<GroupsTable>;
