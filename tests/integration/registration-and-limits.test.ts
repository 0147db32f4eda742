import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import { findUserByEmail } from "../../db/queries/users.queries";
import { services } from "../../server/domain";
import { actorFromUser } from "../../server/domain/sessions/session.service";
import { createGuardian } from "../../shared/guardian";
import { createUser } from "../factories";
import { createTestDatabase } from "../setup/test-database";
import { contextFor, createTestDeps, lastEmailTo } from "../setup/test-deps";

const { accounts, admin } = services;
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

let n = 0;
const member = (overrides: Record<string, string> = {}) => {
  n++;
  return { email: `reg${n}@example.org`, password: "ciclovías seguras ya", displayName: `Reg ${n}`, handle: `reg_${n}`, ...overrides };
};

describe("registration policy: approval", () => {
  it("lets new members read but not post until an admin approves, and tells them by email", async () => {
    const deps = createTestDeps(handle, { env: { REGISTRATION_POLICY: "approval" } });
    const input = member();
    await accounts.signUp(contextFor(deps), input);
    await accounts.verifyEmail(contextFor(deps), { token: (await lastEmailTo(deps, input.email))!.token });
    const pending = (await findUserByEmail(deps.db, input.email))!;
    expect(pending.status).toBe("pending");
    expect(createGuardian(actorFromUser(pending)).canPost()).toBe(false);
    // Pending members can still sign in and read.
    await accounts.signIn(contextFor(deps), { email: input.email, password: input.password });

    const moderator = await createUser(deps.db, { site_role: "moderator" });
    await admin.approveMember(contextFor(deps, actorFromUser(moderator)), { userId: pending.id });
    const approved = (await findUserByEmail(deps.db, input.email))!;
    expect(approved.status).toBe("active");
    expect(approved.approved_by).toBe(moderator.id);
    expect(createGuardian(actorFromUser(approved)).canPost()).toBe(true);
    expect((await lastEmailTo(deps, input.email))!.subject).toBe("Tu cuenta de Enlace fue aprobada");
  });

  it("does not let a plain member approve anyone: the action is not found", async () => {
    const deps = createTestDeps(handle, { env: { REGISTRATION_POLICY: "approval" } });
    const someone = await createUser(deps.db, { status: "pending" });
    const plain = await createUser(deps.db);
    await expect(admin.approveMember(contextFor(deps, actorFromUser(plain)), { userId: someone.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("registration policy: invite-only", () => {
  it("refuses sign-up without an invitation", async () => {
    const deps = createTestDeps(handle, { env: { REGISTRATION_POLICY: "invite-only" } });
    const input = member();
    await expect(accounts.signUp(contextFor(deps), input)).rejects.toMatchObject({ code: "FORBIDDEN", messageKey: "errors.invitation_required" });
    expect(await findUserByEmail(deps.db, input.email)).toBeUndefined();
  });

  it("accepts an admin's invitation once, for its own address only, and the address counts as verified", async () => {
    const deps = createTestDeps(handle, { env: { REGISTRATION_POLICY: "invite-only" } });
    const adminUser = await createUser(deps.db, { site_role: "admin" });
    const input = member();
    await admin.sendInvitation(contextFor(deps, actorFromUser(adminUser)), { email: input.email, locale: "en" });
    const email = (await lastEmailTo(deps, input.email))!;
    expect(email.subject).toContain("invites you to Enlace");
    const invitation = email.token!;

    await expect(accounts.signUp(contextFor(deps), { ...member(), invitation })).rejects.toMatchObject({
      fieldErrors: { email: "validation.invitation_email" },
    });
    const result = await accounts.signUp(contextFor(deps), { ...input, invitation });
    expect(result.verificationSent).toBe(false);
    await accounts.signIn(contextFor(deps), { email: input.email, password: input.password });
    await expect(accounts.signUp(contextFor(deps), { ...member({ email: input.email }), invitation })).rejects.toMatchObject({
      messageKey: "errors.invitation_invalid",
    });
  });

  it("refuses a revoked invitation", async () => {
    const deps = createTestDeps(handle, { env: { REGISTRATION_POLICY: "invite-only" } });
    const adminUser = await createUser(deps.db, { site_role: "admin" });
    const input = member();
    const ctx = contextFor(deps, actorFromUser(adminUser));
    await admin.sendInvitation(ctx, { email: input.email });
    const [latest] = await admin.listInvitations(ctx);
    await admin.revokeInvitation(ctx, { invitationId: latest.id });
    const invitation = (await lastEmailTo(deps, input.email))!.token!;
    await expect(accounts.signUp(contextFor(deps), { ...input, invitation })).rejects.toMatchObject({ messageKey: "errors.invitation_invalid" });
  });

  it("only admins invite", async () => {
    const deps = createTestDeps(handle, { env: { REGISTRATION_POLICY: "invite-only" } });
    const moderator = await createUser(deps.db, { site_role: "moderator" });
    await expect(admin.sendInvitation(contextFor(deps, actorFromUser(moderator)), { email: "x@example.org" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("the first admin comes from config", () => {
  it("makes the account with ADMIN_EMAIL an admin once its address is verified", async () => {
    const deps = createTestDeps(handle, { env: { ADMIN_EMAIL: "Coordinacion@Enlace.example", REGISTRATION_POLICY: "approval" } });
    const input = member({ email: "coordinacion@enlace.example", handle: "coordinacion" });
    await accounts.signUp(contextFor(deps), input);
    expect((await findUserByEmail(deps.db, input.email))!.site_role).toBe("member");
    await accounts.verifyEmail(contextFor(deps), { token: (await lastEmailTo(deps, input.email))!.token });
    expect(await findUserByEmail(deps.db, input.email)).toMatchObject({ site_role: "admin", status: "active" });
  });
});

describe("rate limits kept in the database", () => {
  it("stop sign-in attempts on one account, whatever the IP", async () => {
    const deps = createTestDeps(handle, { rateLimits: { signInPerAccount: { limit: 3, windowSeconds: 900 } } });
    const user = await createUser(deps.db);
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(accounts.signIn(contextFor(deps), { email: user.email, password: "wrong password" })).rejects.toMatchObject({
        code: "UNAUTHENTICATED",
      });
    }
    const blocked = accounts.signIn(contextFor(deps), { email: user.email, password: "wrong password" });
    await expect(blocked).rejects.toMatchObject({ code: "RATE_LIMITED" });
    const error = await blocked.catch((e) => e);
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(900);
  });

  it("stop sign-in attempts from one IP across accounts", async () => {
    const deps = createTestDeps(handle, { rateLimits: { signInPerIp: { limit: 2, windowSeconds: 900 } } });
    const ip = "198.51.100.77";
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(accounts.signIn(contextFor(deps, null, { ip }), { email: `a${attempt}@x.example`, password: "whatever it is" })).rejects.toMatchObject({
        code: "UNAUTHENTICATED",
      });
    }
    await expect(accounts.signIn(contextFor(deps, null, { ip }), { email: "z@x.example", password: "whatever it is" })).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
  });

  it("open again in the next window", async () => {
    const deps = createTestDeps(handle, { rateLimits: { resetPerAccount: { limit: 1, windowSeconds: 60 } } });
    const user = await createUser(deps.db);
    await accounts.requestPasswordReset(contextFor(deps), { email: user.email });
    await expect(accounts.requestPasswordReset(contextFor(deps), { email: user.email })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    deps.clock.advance(61_000);
    await expect(accounts.requestPasswordReset(contextFor(deps), { email: user.email })).resolves.toBeUndefined();
  });

  it("stop sign-ups from one IP", async () => {
    const deps = createTestDeps(handle, { rateLimits: { signUpPerIp: { limit: 1, windowSeconds: 3600 } } });
    await accounts.signUp(contextFor(deps, null, { ip: "198.51.100.9" }), member());
    const input = member();
    await expect(accounts.signUp(contextFor(deps, null, { ip: "198.51.100.9" }), input)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(await findUserByEmail(deps.db, input.email)).toBeUndefined();
  });
});
