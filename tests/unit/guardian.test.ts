import { describe, expect, it } from "vitest";
import { createGuardian, type Actor } from "../../shared/guardian";

const actor = (overrides: Partial<Actor> = {}): Actor => ({
  id: 7,
  handle: "someone",
  siteRole: "member",
  status: "active",
  emailVerified: true,
  verifiedExpert: false,
  ...overrides,
});

describe("guardian (accounts)", () => {
  it("lets only active, verified members post", () => {
    expect(createGuardian(null).canPost()).toBe(false);
    expect(createGuardian(actor()).canPost()).toBe(true);
    expect(createGuardian(actor({ status: "pending" })).canPost()).toBe(false);
    expect(createGuardian(actor({ emailVerified: false })).canPost()).toBe(false);
  });

  it.each([
    ["member", false, false, false],
    ["moderator", true, false, false],
    ["admin", true, true, true],
  ] as const)("a %s: administer=%s, verify experts=%s, change roles=%s", (role, administer, verify, roles) => {
    const guardian = createGuardian(actor({ siteRole: role }));
    expect(guardian.canAdminister()).toBe(administer);
    expect(guardian.canApproveMembers()).toBe(administer);
    expect(guardian.canVerifyExperts()).toBe(verify);
    expect(guardian.canChangeSiteRoles()).toBe(roles);
    expect(guardian.canInviteMembers()).toBe(roles);
  });

  it("answers NOT_FOUND, never FORBIDDEN, when refusing", () => {
    expect(() => createGuardian(null).ensure(false)).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => createGuardian(null).ensureSignedIn()).toThrow(expect.objectContaining({ code: "UNAUTHENTICATED" }));
  });
});

describe("guardian matrix (spaces and threads)", () => {
  type Role = "anonymous" | "member" | "siteModerator" | "admin";
  type Membership = null | "member" | "moderator" | "owner";
  const actorFor = (role: Role): Actor | null =>
    role === "anonymous" ? null : actor({ siteRole: role === "siteModerator" ? "moderator" : role === "admin" ? "admin" : "member" });
  const open = { kind: "question" as const, authorId: 99, lockedAt: null, deletedAt: null };
  const post = { authorId: 99, deletedAt: null, isOpening: false };

  const cases: [Role, Membership, "public" | "private", { view: boolean; reply: boolean; moderate: boolean; manage: boolean; flag: boolean }][] = [
    ["anonymous", null, "public", { view: true, reply: false, moderate: false, manage: false, flag: false }],
    ["anonymous", null, "private", { view: false, reply: false, moderate: false, manage: false, flag: false }],
    ["member", null, "public", { view: true, reply: true, moderate: false, manage: false, flag: true }],
    ["member", null, "private", { view: false, reply: false, moderate: false, manage: false, flag: false }],
    ["member", "member", "private", { view: true, reply: true, moderate: false, manage: false, flag: true }],
    ["member", "moderator", "private", { view: true, reply: true, moderate: true, manage: true, flag: true }],
    ["member", "owner", "private", { view: true, reply: true, moderate: true, manage: true, flag: true }],
    ["siteModerator", null, "public", { view: true, reply: true, moderate: true, manage: false, flag: true }],
    ["siteModerator", null, "private", { view: false, reply: false, moderate: true, manage: false, flag: false }],
    ["admin", null, "private", { view: true, reply: true, moderate: true, manage: true, flag: true }],
  ];

  it.each(cases)("%s with membership %s in a %s space", (role, membership, visibility, expected) => {
    const guardian = createGuardian(actorFor(role));
    const space = { kind: visibility === "public" ? ("expert_group" as const) : ("working_group" as const), visibility, actorRole: membership };
    expect({
      view: guardian.canViewThread(open, space),
      reply: guardian.canReply(open, space),
      moderate: guardian.canModerate(space),
      manage: guardian.canManageGroup(space),
      flag: guardian.canFlag(post, open, space),
    }).toEqual(expected);
  });

  it("hides deleted threads from all but moderators of the place", () => {
    const deleted = { ...open, deletedAt: new Date() };
    const space = { kind: "topic" as const, visibility: "public" as const, actorRole: null };
    expect(createGuardian(actor()).canViewThread(deleted, space)).toBe(false);
    expect(createGuardian(actor({ siteRole: "moderator" })).canViewThread(deleted, space)).toBe(true);
    expect(createGuardian(actor()).canViewThread(deleted, { ...space, kind: "expert_group", actorRole: "moderator" })).toBe(true);
  });

  it("lets only moderators reply in a locked thread, and nobody silenced or suspended post", () => {
    const locked = { ...open, lockedAt: new Date() };
    const space = { kind: "topic" as const, visibility: "public" as const, actorRole: null };
    expect(createGuardian(actor()).canReply(locked, space)).toBe(false);
    expect(createGuardian(actor({ siteRole: "moderator" })).canReply(locked, space)).toBe(true);
    expect(createGuardian(actor({ silenced: true })).canReply(open, space)).toBe(false);
    expect(createGuardian(actor({ suspended: true })).canPost()).toBe(false);
  });
});
