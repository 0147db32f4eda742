import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import { findUserByEmail } from "../../db/queries/users.queries";
import { services } from "../../server/domain";
import { actorFromUser, validateSessionToken } from "../../server/domain/sessions/session.service";
import { createUser, DEFAULT_TEST_PASSWORD } from "../factories";
import { createTestDatabase } from "../setup/test-database";
import { contextFor, createTestDeps, lastEmailTo, type TestDeps } from "../setup/test-deps";

const { accounts } = services;
let handle: DatabaseHandle;
let deps: TestDeps;

beforeAll(async () => {
  handle = await createTestDatabase();
  deps = createTestDeps(handle);
});
afterAll(async () => {
  await handle?.close();
});

let sequence = 0;
function newMember() {
  sequence++;
  return {
    email: `Persona${sequence}@Ciudad.example`,
    password: "buses eléctricos para todos",
    displayName: `Persona ${sequence}`,
    handle: `persona_${sequence}`,
  };
}

async function signUpAndVerify(input = newMember()) {
  await accounts.signUp(contextFor(deps), input);
  const email = await lastEmailTo(deps, input.email.toLowerCase());
  await accounts.verifyEmail(contextFor(deps), { token: email!.token });
  return input;
}

describe("sign up, verify, sign in, sign out", () => {
  it("creates an unverified account and emails a verification link in the member's language", async () => {
    const input = newMember();
    const result = await accounts.signUp(contextFor(deps, null, { locale: "pt" }), input);
    expect(result.verificationSent).toBe(true);
    const user = await findUserByEmail(deps.db, input.email);
    expect(user).toMatchObject({ email: input.email.toLowerCase(), handle: input.handle, locale: "pt", email_verified_at: null });
    expect(user!.password_hash).toMatch(/^\$argon2id\$/);
    const email = await lastEmailTo(deps, input.email.toLowerCase());
    expect(email!.subject).toBe("Confirme seu endereço de e-mail no Enlace");
    expect(email!.link).toMatch(/^http:\/\/localhost:3999\/verify-email\?token=/);
    expect(email!.html_body).toContain("<html lang=\"pt\">");
  });

  it("refuses to sign in before the email is verified, then signs in after", async () => {
    const input = newMember();
    await accounts.signUp(contextFor(deps), input);
    await expect(accounts.signIn(contextFor(deps), { email: input.email, password: input.password })).rejects.toMatchObject({
      code: "FORBIDDEN",
      messageKey: "errors.email_not_verified",
    });
    const email = await lastEmailTo(deps, input.email.toLowerCase());
    await accounts.verifyEmail(contextFor(deps), { token: email!.token });
    const { token, session } = await accounts.signIn(contextFor(deps), { email: input.email, password: input.password });
    const validated = await validateSessionToken(deps, token);
    expect(validated?.session.id).toBe(session.id);
  });

  it("uses a verification link only once", async () => {
    const input = newMember();
    await accounts.signUp(contextFor(deps), input);
    const email = await lastEmailTo(deps, input.email.toLowerCase());
    await accounts.verifyEmail(contextFor(deps), { token: email!.token });
    await expect(accounts.verifyEmail(contextFor(deps), { token: email!.token })).rejects.toMatchObject({
      code: "VALIDATION",
      messageKey: "errors.link_invalid",
    });
  });

  it("refuses an expired verification link", async () => {
    const input = newMember();
    await accounts.signUp(contextFor(deps), input);
    const email = await lastEmailTo(deps, input.email.toLowerCase());
    deps.clock.advance(49 * 60 * 60 * 1000);
    try {
      await expect(accounts.verifyEmail(contextFor(deps), { token: email!.token })).rejects.toMatchObject({
        messageKey: "errors.link_expired",
      });
    } finally {
      deps.clock.advance(-49 * 60 * 60 * 1000);
    }
  });

  it("refuses a wrong password and an unknown email with the same message", async () => {
    const input = await signUpAndVerify();
    const wrong = accounts.signIn(contextFor(deps), { email: input.email, password: "not the password at all" });
    await expect(wrong).rejects.toMatchObject({ code: "UNAUTHENTICATED", messageKey: "errors.wrong_credentials" });
    const unknown = accounts.signIn(contextFor(deps), { email: "nobody@nowhere.example", password: "whatever you like" });
    await expect(unknown).rejects.toMatchObject({ code: "UNAUTHENTICATED", messageKey: "errors.wrong_credentials" });
  });

  it("opens a new session at every sign-in and ends the one the browser carried", async () => {
    const input = await signUpAndVerify();
    const first = await accounts.signIn(contextFor(deps), { email: input.email, password: input.password });
    const second = await accounts.signIn(contextFor(deps, null, { sessionId: first.session.id }), {
      email: input.email,
      password: input.password,
    });
    expect(second.token).not.toBe(first.token);
    expect(await validateSessionToken(deps, first.token)).toBeNull();
    expect(await validateSessionToken(deps, second.token)).not.toBeNull();
  });

  it("signs out by ending the session", async () => {
    const input = await signUpAndVerify();
    const { token, session } = await accounts.signIn(contextFor(deps), { email: input.email, password: input.password });
    const validated = await validateSessionToken(deps, token);
    await accounts.signOut(contextFor(deps, actorFromUser(validated!.user), { sessionId: session.id }));
    expect(await validateSessionToken(deps, token)).toBeNull();
  });
});

describe("bad input changes nothing", () => {
  it.each([
    [{ email: "not-an-email" }, "email", "validation.email_invalid"],
    [{ password: "short" }, "password", "validation.password_too_short"],
    [{ password: "1234567890" }, "password", "validation.password_common"],
    [{ password: "Password123" }, "password", "validation.password_common"],
    [{ handle: "no spaces!" }, "handle", "validation.handle_invalid"],
    [{ displayName: "   " }, "displayName", "validation.display_name_required"],
  ])("sign-up with %j is refused on %s", async (override, field, key) => {
    const input = { ...newMember(), ...override };
    const before = await deps.db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    await expect(accounts.signUp(contextFor(deps), input)).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { [field]: key },
    });
    const after = await deps.db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("refuses a taken handle", async () => {
    const first = await signUpAndVerify();
    await expect(accounts.signUp(contextFor(deps), { ...newMember(), handle: first.handle.toUpperCase() })).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: { handle: "validation.handle_taken" },
    });
  });

  it("answers a taken email like a new one, and tells the owner instead", async () => {
    const first = await signUpAndVerify();
    const result = await accounts.signUp(contextFor(deps), { ...newMember(), email: first.email });
    expect(result.verificationSent).toBe(true);
    const email = await lastEmailTo(deps, first.email.toLowerCase());
    expect(email!.subject).toBe("Ya tienes una cuenta en Enlace");
    const accountsWithEmail = await deps.db.selectFrom("users").select("id").where("email", "=", first.email.toLowerCase()).execute();
    expect(accountsWithEmail).toHaveLength(1);
  });
});

describe("password reset", () => {
  it("sets a new password from the link and ends every session", async () => {
    const input = await signUpAndVerify();
    const { token } = await accounts.signIn(contextFor(deps), { email: input.email, password: input.password });
    await accounts.requestPasswordReset(contextFor(deps), { email: input.email });
    const email = await lastEmailTo(deps, input.email.toLowerCase());
    expect(email!.link).toContain("/reset-password?token=");
    await accounts.resetPassword(contextFor(deps), { token: email!.token, password: "una clave nueva y larga" });
    expect(await validateSessionToken(deps, token)).toBeNull();
    await expect(accounts.signIn(contextFor(deps), { email: input.email, password: input.password })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    await accounts.signIn(contextFor(deps), { email: input.email, password: "una clave nueva y larga" });
    await expect(
      accounts.resetPassword(contextFor(deps), { token: email!.token, password: "otra clave nueva y larga" }),
    ).rejects.toMatchObject({ messageKey: "errors.link_invalid" });
  });

  it("says the same whether or not the address has an account, and emails nothing to a stranger", async () => {
    await expect(accounts.requestPasswordReset(contextFor(deps), { email: "stranger@nowhere.example" })).resolves.toBeUndefined();
    expect(await lastEmailTo(deps, "stranger@nowhere.example")).toBeUndefined();
  });
});

describe("account settings", () => {
  async function signedIn() {
    const input = await signUpAndVerify();
    const { token, session } = await accounts.signIn(contextFor(deps), { email: input.email, password: input.password });
    const user = (await findUserByEmail(deps.db, input.email))!;
    return { input, token, session, user, ctx: contextFor(deps, actorFromUser(user), { sessionId: session.id }) };
  }

  it("changing the password ends every session and opens a fresh one for this device", async () => {
    const me = await signedIn();
    const other = await accounts.signIn(contextFor(deps), { email: me.input.email, password: me.input.password });
    const fresh = await accounts.changePassword(me.ctx, { currentPassword: me.input.password, newPassword: "movilidad activa 2031" });
    expect(await validateSessionToken(deps, me.token)).toBeNull();
    expect(await validateSessionToken(deps, other.token)).toBeNull();
    expect(await validateSessionToken(deps, fresh.token)).not.toBeNull();
  });

  it("refuses a wrong current password and changes nothing", async () => {
    const me = await signedIn();
    await expect(accounts.changePassword(me.ctx, { currentPassword: "wrong password!", newPassword: "movilidad activa 2031" })).rejects.toMatchObject({
      fieldErrors: { currentPassword: "validation.password_wrong" },
    });
    expect(await validateSessionToken(deps, me.token)).not.toBeNull();
  });

  it("changes the email only after the new address confirms it", async () => {
    const me = await signedIn();
    await accounts.requestEmailChange(me.ctx, { newEmail: `nuevo-${me.user.id}@ciudad.example`, password: me.input.password });
    expect((await findUserByEmail(deps.db, me.input.email))?.id).toBe(me.user.id);
    const email = await lastEmailTo(deps, `nuevo-${me.user.id}@ciudad.example`);
    await accounts.confirmEmailChange(contextFor(deps), { token: email!.token });
    expect((await findUserByEmail(deps.db, `nuevo-${me.user.id}@ciudad.example`))?.id).toBe(me.user.id);
    expect((await lastEmailTo(deps, me.user.email))!.subject).toBe("Tu dirección de correo en Enlace fue cambiada");
  });

  it("updates the profile and withdraws a verified affiliation when it changes", async () => {
    const admin = await createUser(deps.db, { site_role: "admin" });
    const me = await signedIn();
    await accounts.updateProfile(me.ctx, {
      displayName: "Dra. Persona",
      handle: me.user.handle,
      organisation: "GIZ",
      partnerOrg: "giz",
      communityRole: "expert",
      country: "co",
      region: "Medellín",
      languages: ["es", "en"],
      bio: "Buses eléctricos",
      locale: "en",
    });
    await services.admin.setExpertVerification(contextFor(deps, actorFromUser(admin)), { userId: me.user.id }, true);
    const verified = await accounts.getMyAccount(me.ctx);
    expect(verified).toMatchObject({ displayName: "Dra. Persona", country: "CO", partnerOrg: "giz", expertVerified: true, locale: "en" });
    await accounts.updateProfile(me.ctx, { ...verified, partnerOrg: "afd" });
    expect((await accounts.getMyAccount(me.ctx)).expertVerified).toBe(false);
  });

  it("refuses an unknown country and changes nothing", async () => {
    const me = await signedIn();
    await expect(
      accounts.updateProfile(me.ctx, { displayName: "X", handle: me.user.handle, communityRole: "other", country: "ZZ", locale: "es" }),
    ).rejects.toMatchObject({ fieldErrors: { country: "validation.country_invalid" } });
    expect((await accounts.getMyAccount(me.ctx)).displayName).toBe(me.input.displayName);
  });

  it("lists sessions and ends one, or all the others; another member's session id is not found", async () => {
    const me = await signedIn();
    const second = await accounts.signIn(contextFor(deps), { email: me.input.email, password: me.input.password });
    const third = await accounts.signIn(contextFor(deps), { email: me.input.email, password: me.input.password });
    const listed = await accounts.listMySessions(me.ctx);
    expect(listed).toHaveLength(3);
    expect(listed.filter((session) => session.current).map((session) => session.id)).toEqual([me.session.id]);
    await accounts.endMySession(me.ctx, { sessionId: second.session.id });
    expect(await validateSessionToken(deps, second.token)).toBeNull();
    const stranger = await signedIn();
    await expect(accounts.endMySession(stranger.ctx, { sessionId: third.session.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await accounts.endMyOtherSessions(me.ctx);
    expect(await validateSessionToken(deps, third.token)).toBeNull();
    expect(await validateSessionToken(deps, me.token)).not.toBeNull();
  });

  it("exports the member's data without secrets", async () => {
    const me = await signedIn();
    const exported = await accounts.exportMyData(me.ctx);
    const text = JSON.stringify(exported);
    expect(exported).toMatchObject({ format: "enlace-export-v1", account: { email: me.user.email, handle: me.user.handle } });
    expect(text).not.toContain("argon2");
    expect(text).not.toContain(me.session.id);
    expect(text).not.toContain(me.token);
  });

  it("deletes the account after the password is confirmed, with its sessions", async () => {
    const me = await signedIn();
    await expect(accounts.deleteMyAccount(me.ctx, { password: "wrong password!", confirm: "on" })).rejects.toMatchObject({
      fieldErrors: { password: "validation.password_wrong" },
    });
    await expect(accounts.deleteMyAccount(me.ctx, { password: me.input.password })).rejects.toMatchObject({
      fieldErrors: { confirm: "validation.confirm_required" },
    });
    await accounts.deleteMyAccount(me.ctx, { password: me.input.password, confirm: "on" });
    expect(await findUserByEmail(deps.db, me.input.email)).toBeUndefined();
    expect(await validateSessionToken(deps, me.token)).toBeNull();
  });
});

describe("factories", () => {
  it("build members who can sign in with the default password", async () => {
    const user = await createUser(deps.db);
    await expect(accounts.signIn(contextFor(deps), { email: user.email, password: DEFAULT_TEST_PASSWORD })).resolves.toBeTruthy();
  });
});
