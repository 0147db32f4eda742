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
