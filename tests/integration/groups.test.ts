import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import type { UserRow } from "../../db/schema";
import { services } from "../../server/domain";
import { createTopic, createUser } from "../factories";
import { as } from "../factories/forum";
import { createTestDatabase } from "../setup/test-database";
import { createTestDeps, lastEmailTo, type TestDeps } from "../setup/test-deps";

const { groups, forum } = services;
let handle: DatabaseHandle;
let deps: TestDeps;
let topicId: number;
let moderator: UserRow;

beforeAll(async () => {
  handle = await createTestDatabase();
  deps = createTestDeps(handle);
  topicId = (await createTopic(deps.db)).id;
  moderator = await createUser(deps.db, { site_role: "moderator" });
});
afterAll(async () => {
  await handle?.close();
});

let n = 0;
async function newGroup(kind: "expert_group" | "working_group", joinPolicy: "invite" | "request" | "open" = "invite", owner = moderator) {
  n++;
  return groups.createGroup(as(deps, owner), {
    topicId,
    kind,
    slug: `grupo-${kind === "expert_group" ? "expertos" : "trabajo"}-${n}`,
    nameEs: `Grupo ${n}`,
    namePt: `Grupo ${n}`,
    nameEn: `Group ${n}`,
    joinPolicy,
  });
}

describe("creating groups", () => {
  it("site staff create groups and own them; members cannot", async () => {
    const group = await newGroup("working_group");
    const view = await groups.getGroup(as(deps, moderator), group.slug);
    expect(view).toMatchObject({ kind: "working_group", myRole: "owner", can: { manage: true, post: true } });
    const member = await createUser(deps.db);
    await expect(
      groups.createGroup(as(deps, member), { topicId, kind: "expert_group", slug: "no-permitido", nameEs: "No", namePt: "Não", nameEn: "No", joinPolicy: "open" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses an open working group and a taken address", async () => {
    await expect(
      groups.createGroup(as(deps, moderator), { topicId, kind: "working_group", slug: "abierto", nameEs: "Abierto", namePt: "Aberto", nameEn: "Open", joinPolicy: "open" }),
    ).rejects.toMatchObject({ fieldErrors: { joinPolicy: "group.open_only_expert" } });
    const group = await newGroup("expert_group", "open");
    await expect(
      groups.createGroup(as(deps, moderator), { topicId, kind: "expert_group", slug: group.slug, nameEs: "Otro", namePt: "Outro", nameEn: "Other", joinPolicy: "open" }),
    ).rejects.toMatchObject({ fieldErrors: { slug: "validation.slug_taken" } });
  });
});

describe("a working group never shows itself to non-members", () => {
  it("404 everywhere for outsiders and anonymous visitors; visible to members and admins", async () => {
    const group = await newGroup("working_group");
    const outsider = await createUser(deps.db);
    const admin = await createUser(deps.db, { site_role: "admin" });
    const member = await createUser(deps.db);
    await groups.inviteToGroup(as(deps, moderator), { groupId: group.id, invitee: `@${member.handle}` });
    const [invitation] = await groups.myGroupInvitations(as(deps, member));
    await groups.respondToInvitation(as(deps, member), { invitationId: invitation.id }, true);
    const { threadId } = await forum.createThread(as(deps, member), {
      groupId: group.id,
      kind: "discussion",
      title: "Canario zanahoria privado",
      body: "Texto zanahoria del grupo",
    });

    for (const actor of [outsider, null]) {
      await expect(groups.getGroup(as(deps, actor), group.slug)).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(groups.listGroupMembers(as(deps, actor), { groupId: group.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(forum.getThreadPage(as(deps, actor), { threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect((await groups.listGroups(as(deps, actor))).some((g) => g.id === group.id)).toBe(false);
      expect((await forum.listThreads(as(deps, actor), {})).threads.some((thread) => thread.id === threadId)).toBe(false);
      expect((await forum.search(as(deps, actor), { q: "zanahoria" })).hits).toHaveLength(0);
      expect((await forum.listMemberActivity(as(deps, actor), { handle: member.handle })).items).toHaveLength(0);
      expect(await forum.countMemberActivity(as(deps, actor), member.handle)).toEqual({ threads: 0, replies: 0, solutions: 0 });
    }
    await expect(forum.createReply(as(deps, outsider), { threadId, body: "intruso" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      forum.createThread(as(deps, outsider), { groupId: group.id, kind: "discussion", title: "Intento de intrusión", body: "x" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });

    for (const actor of [member, admin]) {
      expect((await forum.search(as(deps, actor), { q: "zanahoria" })).hits).toHaveLength(1);
      expect((await forum.getThreadPage(as(deps, actor), { threadId })).thread.title).toBe("Canario zanahoria privado");
    }
  });

  it("a removed member loses access on the next request, and a banned one cannot come back uninvited", async () => {
    const group = await newGroup("working_group", "invite");
    const member = await createUser(deps.db);
    await groups.inviteToGroup(as(deps, moderator), { groupId: group.id, invitee: member.handle });
    await groups.respondToInvitation(as(deps, member), { invitationId: (await groups.myGroupInvitations(as(deps, member)))[0].id }, true);
    const { threadId } = await forum.createThread(as(deps, moderator), { groupId: group.id, kind: "discussion", title: "Plan de trabajo del grupo", body: "Plan" });
    expect((await forum.getThreadPage(as(deps, member), { threadId })).thread.id).toBe(threadId);
    await groups.removeMember(as(deps, moderator), { groupId: group.id, userId: member.id }, true);
    await expect(forum.getThreadPage(as(deps, member), { threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(groups.getGroup(as(deps, member), group.slug)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const audit = await deps.db.selectFrom("audit_log").select(["action", "target_id"]).where("action", "=", "group:ban").execute();
    expect(audit).toContainEqual({ action: "group:ban", target_id: member.id });
  });
});

describe("invitations", () => {
  it("an email invitation works only for the account that verified that address", async () => {
    const group = await newGroup("working_group");
    await groups.inviteToGroup(as(deps, moderator), { groupId: group.id, invitee: "Invitada@Ciudad.example" });
    // No account has that address yet: the invitation is told by email, with a sign-up link for that address.
    const email = await lastEmailTo(deps, "invitada@ciudad.example");
    expect(email?.subject).toMatch(/Grupo \d+/);
    expect(email?.link).toMatch(/\/sign-up\?email=invitada%40ciudad\.example$/);
    const unverified = await createUser(deps.db, { email: "invitada@ciudad.example", email_verified_at: null });
    expect(await groups.myGroupInvitations(as(deps, unverified))).toEqual([]);
    const someoneElse = await createUser(deps.db);
    expect(await groups.myGroupInvitations(as(deps, someoneElse))).toEqual([]);
    await deps.db.updateTable("users").set({ email_verified_at: new Date() }).where("id", "=", unverified.id).execute();
    const [invitation] = await groups.myGroupInvitations(as(deps, unverified));
    await expect(groups.respondToInvitation(as(deps, someoneElse), { invitationId: invitation.id }, true)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await groups.respondToInvitation(as(deps, unverified), { invitationId: invitation.id }, true);
    expect((await groups.getGroup(as(deps, unverified), group.slug)).myRole).toBe("member");
  });

  it("can be declined, and only group moderators invite", async () => {
    const group = await newGroup("working_group");
    const invitee = await createUser(deps.db);
    await groups.inviteToGroup(as(deps, moderator), { groupId: group.id, invitee: invitee.handle });
    await groups.respondToInvitation(as(deps, invitee), { invitationId: (await groups.myGroupInvitations(as(deps, invitee)))[0].id }, false);
    await expect(groups.getGroup(as(deps, invitee), group.slug)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(groups.inviteToGroup(as(deps, moderator), { groupId: group.id, invitee: "nobody_at_all" })).rejects.toMatchObject({
      fieldErrors: { invitee: "group.invitee_unknown" },
    });
  });
});

describe("expert groups", () => {
  it("anyone can read and ask; joining follows the policy; requests are approved by group moderators", async () => {
    const open = await newGroup("expert_group", "open");
    const expert = await createUser(deps.db, { community_role: "expert", partner_org: "giz", expert_verified_at: new Date() });
    await groups.joinGroup(as(deps, expert), { groupId: open.id });
    expect((await groups.getGroup(as(deps, expert), open.slug)).myRole).toBe("member");
    await groups.leaveGroup(as(deps, expert), { groupId: open.id });

    const byRequest = await newGroup("expert_group", "request");
    const applicant = await createUser(deps.db);
    await expect(groups.joinGroup(as(deps, applicant), { groupId: byRequest.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await groups.requestToJoin(as(deps, applicant), { groupId: byRequest.id, message: "Trabajo en buses eléctricos" });
    const view = await groups.getGroupAdminView(as(deps, moderator), { groupId: byRequest.id });
    expect(view.requests.map((request) => request.message)).toEqual(["Trabajo en buses eléctricos"]);
    await expect(groups.getGroupAdminView(as(deps, applicant), { groupId: byRequest.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await groups.decideJoinRequest(as(deps, moderator), { requestId: view.requests[0].id, approve: true });
    expect((await groups.getGroup(as(deps, applicant), byRequest.slug)).myRole).toBe("member");
  });

  it("a question addressed to the group waits in its queue until an expert answers; the time is recorded", async () => {
    const group = await newGroup("expert_group", "open");
    const official = await createUser(deps.db);
    const { threadId } = await forum.createThread(as(deps, official), {
      topicId,
      addressedGroupId: group.id,
      kind: "question",
      title: "¿Cómo estructurar el leasing de baterías?",
      body: "Somos una ciudad mediana.",
    });
    const queue = await forum.listThreads(as(deps, null), { group: group.slug, awaitingExpert: true });
    expect(queue.threads.map((thread) => thread.id)).toEqual([threadId]);
    const expert = await createUser(deps.db, { community_role: "expert", partner_org: "afd", expert_verified_at: new Date() });
    deps.clock.advance(30 * 60 * 1000);
    await forum.createReply(as(deps, expert), { threadId, body: "Separen la propiedad de la operación." });
    expect((await forum.listThreads(as(deps, null), { group: group.slug, awaitingExpert: true })).threads).toEqual([]);
    expect((await forum.listThreads(as(deps, null), { group: group.slug })).threads.map((thread) => thread.id)).toContain(threadId);
    const page = await forum.getThreadPage(as(deps, null), { threadId });
    expect(new Date(page.thread.firstExpertReplyAt!).getTime() - new Date(page.thread.createdAt).getTime()).toBe(30 * 60 * 1000);
    await expect(
      forum.createThread(as(deps, official), { topicId, addressedGroupId: group.id, kind: "discussion", title: "Una conversación dirigida", body: "x" }),
    ).rejects.toMatchObject({ fieldErrors: { kind: "group.only_questions_addressed" } });
  });

  it("the owner names moderators; members cannot", async () => {
    const group = await newGroup("expert_group", "open");
    const [a, b] = [await createUser(deps.db), await createUser(deps.db)];
    await groups.joinGroup(as(deps, a), { groupId: group.id });
    await groups.joinGroup(as(deps, b), { groupId: group.id });
    await expect(groups.changeMemberRole(as(deps, a), { groupId: group.id, userId: b.id, role: "moderator" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await groups.changeMemberRole(as(deps, moderator), { groupId: group.id, userId: a.id, role: "moderator" });
    expect((await groups.getGroup(as(deps, a), group.slug)).can.manage).toBe(true);
    await expect(groups.leaveGroup(as(deps, moderator), { groupId: group.id })).rejects.toMatchObject({ messageKey: "group.owner_cannot_leave" });
    await expect(groups.transferOwnership(as(deps, a), { groupId: group.id, userId: b.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await groups.transferOwnership(as(deps, moderator), { groupId: group.id, userId: b.id });
    expect((await groups.getGroup(as(deps, b), group.slug)).myRole).toBe("owner");
    expect((await groups.getGroup(as(deps, moderator), group.slug)).myRole).toBe("moderator");
    await groups.leaveGroup(as(deps, moderator), { groupId: group.id });
  });
});

describe("moving a thread into a working group", () => {
  it("takes the group's privacy: the thread disappears for outsiders at once", async () => {
    const group = await newGroup("working_group");
    const author = await createUser(deps.db);
    const { threadId } = await forum.createThread(as(deps, author), { topicId, kind: "question", title: "Esto debería ser privado", body: "Datos internos" });
    expect((await forum.getThreadPage(as(deps, null), { threadId })).thread.id).toBe(threadId);
    const targets = await services.moderation.listMoveGroupTargets(as(deps, moderator), { threadId });
    expect(targets.map((target) => target.id)).toContain(group.id);
    await services.moderation.moveThread(as(deps, moderator), { threadId, groupId: group.id, reason: "Contiene datos del grupo" });
    await expect(forum.getThreadPage(as(deps, null), { threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(forum.getThreadPage(as(deps, author), { threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await forum.getThreadPage(as(deps, moderator), { threadId })).thread.id).toBe(threadId);
    const outsiderModerator = await createUser(deps.db, { site_role: "moderator" });
    expect((await services.moderation.listMoveGroupTargets(as(deps, outsiderModerator), { threadId }).catch(() => [])).map((t) => t.id)).not.toContain(group.id);
  });
});
