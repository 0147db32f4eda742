// The one permission module. Pure predicates over fields already loaded; its SQL twin is
// db/queries/visibility.queries.ts, and tests/integration/visibility-parity.test.ts holds the two to
// the same answers. Anonymous visitors are a null actor. What an actor may not see is NOT_FOUND.
import { AppError } from "./errors";

export type SiteRole = "member" | "moderator" | "admin";

export interface Actor {
  id: number;
  handle: string;
  siteRole: SiteRole;
  status: "active" | "pending";
  emailVerified: boolean;
  /** An expert whose partner-organisation affiliation an admin verified. */
  verifiedExpert: boolean;
  /** Site moderators may silence (no posting) or suspend (no signing in) a member for a time. */
  silenced?: boolean;
  suspended?: boolean;
}

/** A space as the guardian needs it: its privacy, and the actor's membership role there (if any). */
export interface SpaceFacts {
  kind: "topic" | "expert_group" | "working_group" | "pair";
  visibility: "public" | "private";
  actorRole: "owner" | "moderator" | "member" | "expert" | null;
}

export interface ThreadFacts {
  kind: "question" | "discussion";
  authorId: number | null;
  lockedAt: Date | string | null;
  deletedAt: Date | string | null;
  /** Whether the actor belongs to an expert group of the thread's topic (loaded where solutions are marked). */
  actorIsTopicExpert?: boolean;
  /** A pair's question has two askers: the other official (loaded where solutions are marked). */
  coAuthorId?: number | null;
}

export interface PostFacts {
  authorId: number | null;
  deletedAt: Date | string | null;
  isOpening: boolean;
}

/** A document as the guardian needs it. In a private space the space decides; in a public one, its audience. */
export interface DocumentFacts {
  audience: "public" | "members";
  uploaderId: number | null;
  deletedAt: Date | string | null;
}

export interface EventFacts {
  organiserId: number | null;
  cancelledAt: Date | string | null;
}

export interface Guardian {
  actor: Actor | null;
  isSignedIn(): boolean;
  isAdmin(): boolean;
  isStaff(): boolean;
  /** Members whose account is approved and whose email is verified may write. */
  canPost(): boolean;
  canAdminister(): boolean;
  canApproveMembers(): boolean;
  canVerifyExperts(): boolean;
  canChangeSiteRoles(): boolean;
  canInviteMembers(): boolean;
  canManageTopics(): boolean;
  canManageOwnAccount(userId: number): boolean;

  canViewSpace(space: SpaceFacts): boolean;
  canStartThread(space: SpaceFacts): boolean;
  canViewThread(thread: ThreadFacts, space: SpaceFacts): boolean;
  canReply(thread: ThreadFacts, space: SpaceFacts): boolean;
  canEditPost(post: PostFacts, thread: ThreadFacts, space: SpaceFacts): boolean;
  canDeletePost(post: PostFacts, thread: ThreadFacts, space: SpaceFacts): boolean;
  canMarkSolution(thread: ThreadFacts, space: SpaceFacts): boolean;
  canVote(post: PostFacts, thread: ThreadFacts, space: SpaceFacts): boolean;

  /** Moderating a space: site staff everywhere; a group's owner and moderators in their group. */
  canModerate(space: SpaceFacts): boolean;
  canFlag(post: PostFacts, thread: ThreadFacts, space: SpaceFacts): boolean;
  canSuspendMembers(): boolean;
  canViewAuditLog(): boolean;
  /** Creating groups: site staff. Managing one: admins, and the group's owner and moderators. */
  canCreateGroups(): boolean;
  canManageGroup(space: SpaceFacts): boolean;

  /** Documents: seen in a visible space (members-only ones need a signed-in actor); added by those who may write there. */
  canViewDocument(document: DocumentFacts, space: SpaceFacts): boolean;
  canUploadDocument(space: SpaceFacts): boolean;
  canManageDocument(document: DocumentFacts, space: SpaceFacts): boolean;
  /** Events: seen where their space is seen; organised by those who moderate the space; joined by members who may post. */
  canViewEvent(space: SpaceFacts): boolean;
  canCreateEvent(space: SpaceFacts): boolean;
  canManageEvent(event: EventFacts, space: SpaceFacts): boolean;
  canRegisterForEvent(event: EventFacts, space: SpaceFacts): boolean;
  /** The community's figures are for its organisers (site staff); webhooks for admins. */
  canViewFigures(): boolean;
  canManageWebhooks(): boolean;

  /** Throws NOT_FOUND (never FORBIDDEN) so that what one may not see does not reveal it exists. */
  ensure(allowed: boolean): void;
  ensureSignedIn(): Actor;
}

export function createGuardian(actor: Actor | null): Guardian {
  const isAdmin = () => actor?.siteRole === "admin";
  const isStaff = () => actor?.siteRole === "admin" || actor?.siteRole === "moderator";
  const canPost = () =>
    actor !== null && actor.status === "active" && actor.emailVerified && !actor.silenced && !actor.suspended;
  const isSpaceModerator = (space: SpaceFacts) => space.actorRole === "owner" || space.actorRole === "moderator";

  const canViewSpace = (space: SpaceFacts) => space.visibility === "public" || isAdmin() || space.actorRole !== null;
  const canViewThread = (thread: ThreadFacts, space: SpaceFacts) =>
    canViewSpace(space) && (thread.deletedAt === null || isStaff() || isSpaceModerator(space));
  // Topics and expert groups take questions from any member; private spaces only from their members.
  const canWriteIn = (space: SpaceFacts) =>
    canPost() && canViewSpace(space) && (space.visibility === "public" || space.actorRole !== null || isAdmin());
  const moderates = (space: SpaceFacts) => isStaff() || isSpaceModerator(space);

  return {
    actor,
    isSignedIn: () => actor !== null,
    isAdmin,
    isStaff,
    canPost,
    canAdminister: isStaff,
    canApproveMembers: isStaff,
    canVerifyExperts: isAdmin,
    canChangeSiteRoles: isAdmin,
    canInviteMembers: isAdmin,
    canManageTopics: isAdmin,
    canManageOwnAccount: (userId) => actor?.id === userId,

    canViewSpace,
    canStartThread: canWriteIn,
    canViewThread,
    canReply: (thread, space) =>
      canViewThread(thread, space) && canWriteIn(space) && thread.deletedAt === null && (thread.lockedAt === null || moderates(space)),
    canEditPost: (post, thread, space) =>
      canViewThread(thread, space) &&
      post.deletedAt === null &&
      (moderates(space) || (canPost() && post.authorId === actor!.id && thread.lockedAt === null)),
    canDeletePost: (post, thread, space) =>
      canViewThread(thread, space) && post.deletedAt === null && (moderates(space) || (actor !== null && post.authorId === actor.id)),
    canMarkSolution: (thread, space) =>
      thread.kind === "question" &&
      canViewThread(thread, space) &&
      thread.deletedAt === null &&
      canPost() &&
      (thread.authorId === actor!.id ||
        (thread.coAuthorId != null && thread.coAuthorId === actor!.id) ||
        (actor!.verifiedExpert && thread.actorIsTopicExpert === true) ||
        moderates(space)),
    canVote: (post, thread, space) =>
      canViewThread(thread, space) && canPost() && post.deletedAt === null && !post.isOpening && post.authorId !== actor!.id,

    canModerate: moderates,
    canFlag: (post, thread, space) =>
      canViewThread(thread, space) && actor !== null && actor.emailVerified && !actor.suspended && post.deletedAt === null && post.authorId !== actor.id,
    canSuspendMembers: isStaff,
    canViewAuditLog: isAdmin,
    canCreateGroups: isStaff,
    canManageGroup: (space) => isAdmin() || isSpaceModerator(space),

    canViewDocument: (document, space) =>
      canViewSpace(space) && (document.audience === "public" || actor !== null) && (document.deletedAt === null || moderates(space)),
    canUploadDocument: (space) => canWriteIn(space),
    canManageDocument: (document, space) =>
      canViewSpace(space) && document.deletedAt === null && (moderates(space) || (canPost() && document.uploaderId === actor!.id)),
    canViewEvent: (space) => canViewSpace(space),
    canCreateEvent: (space) => canPost() && canViewSpace(space) && moderates(space),
    canManageEvent: (event, space) => canViewSpace(space) && (moderates(space) || (canPost() && event.organiserId === actor!.id)),
    canRegisterForEvent: (event, space) => canViewSpace(space) && canPost() && event.cancelledAt === null,
    canViewFigures: isStaff,
    canManageWebhooks: isAdmin,

    ensure(allowed) {
      if (!allowed) throw new AppError("NOT_FOUND", "errors.not_found");
    },
    ensureSignedIn() {
      if (!actor) throw new AppError("UNAUTHENTICATED", "errors.sign_in_required");
      return actor;
    },
  };
}
