// The one permission module. Pure predicates over fields already loaded; the SQL twin lives in
// db/queries/visibility.queries.ts once content with visibility exists. Anonymous visitors are a null actor.
import { AppError } from "./errors";

export type SiteRole = "member" | "moderator" | "admin";

export interface Actor {
  id: number;
  handle: string;
  siteRole: SiteRole;
  status: "active" | "pending";
  emailVerified: boolean;
}

export interface Guardian {
  actor: Actor | null;
  isSignedIn(): boolean;
  isAdmin(): boolean;
  isStaff(): boolean;
  /** Members whose account is approved and verified may write. */
  canPost(): boolean;
  canAdminister(): boolean;
  canApproveMembers(): boolean;
  canVerifyExperts(): boolean;
  canChangeSiteRoles(): boolean;
  canInviteMembers(): boolean;
  canManageOwnAccount(userId: number): boolean;
  /** Throws NOT_FOUND (never FORBIDDEN) so that what one may not see does not reveal it exists. */
  ensure(allowed: boolean): void;
  ensureSignedIn(): Actor;
}

export function createGuardian(actor: Actor | null): Guardian {
  const isAdmin = () => actor?.siteRole === "admin";
  const isStaff = () => actor?.siteRole === "admin" || actor?.siteRole === "moderator";
  return {
    actor,
    isSignedIn: () => actor !== null,
    isAdmin,
    isStaff,
    canPost: () => actor !== null && actor.status === "active" && actor.emailVerified,
    canAdminister: isStaff,
    canApproveMembers: isStaff,
    canVerifyExperts: isAdmin,
    canChangeSiteRoles: isAdmin,
    canInviteMembers: isAdmin,
    canManageOwnAccount: (userId) => actor?.id === userId,
    ensure(allowed) {
      if (!allowed) throw new AppError("NOT_FOUND", "errors.not_found");
    },
    ensureSignedIn() {
      if (!actor) throw new AppError("UNAUTHENTICATED", "errors.sign_in_required");
      return actor;
    },
  };
}
