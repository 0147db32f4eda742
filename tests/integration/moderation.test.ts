import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import { findUserById } from "../../db/queries/users.queries";
import type { UserRow } from "../../db/schema";
import { services } from "../../server/domain";
import { validateSessionToken } from "../../server/domain/sessions/session.service";
import { createTopic, createUser, DEFAULT_TEST_PASSWORD } from "../factories";
import { as, createForumThread } from "../factories/forum";
import { createTestDatabase } from "../setup/test-database";
import { contextFor, createTestDeps, lastEmailTo, withSentBodies, type TestDeps } from "../setup/test-deps";
import { createBrowser, startTestServer, type TestServer } from "../setup/test-server";

const { forum, moderation, accounts } = services;
let handle: DatabaseHandle;
let deps: TestDeps;

beforeAll(async () => {
  handle = await createTestDatabase();
  deps = createTestDeps(handle);
});
afterAll(async () => {
  await handle?.close();
});

const DAY_MS = 24 * 60 * 60 * 1000;

/** The member as the database has them now (after a moderator acted on them). */
const fresh = async (user: UserRow) => (await findUserById(deps.db, user.id))!;

/** A thread with one reply by someone else: the usual thing moderators act on. */
async function threadWithReply(input: { topicId?: number; author?: UserRow; replier?: UserRow } = {}) {
  const thread = await createForumThread(deps, { topicId: input.topicId, author: input.author });
  const replier = input.replier ?? (await createUser(deps.db));
  const reply = await forum.createReply(as(deps, replier), { threadId: thread.threadId, body: `Una respuesta ${Math.random()}` });
  return { ...thread, replier, replyId: reply.postId };
}

/** A private working group with an owner, a moderator and a member (rows as tests/factories/forum.ts makes them), and a thread in it. */
async function groupWithThread() {
  const [owner, groupModerator, member, replier] = [await createUser(deps.db), await createUser(deps.db), await createUser(deps.db), await createUser(deps.db)];
  const space = await deps.db.insertInto("spaces").values({ kind: "working_group", visibility: "private" }).returning("id").executeTakeFirstOrThrow();
  await deps.db
    .insertInto("space_members")
    .values([
      { space_id: space.id, user_id: owner.id, role: "owner" },
      { space_id: space.id, user_id: groupModerator.id, role: "moderator" },
      { space_id: space.id, user_id: member.id, role: "member" },
      { space_id: space.id, user_id: replier.id, role: "member" },
    ])
    .execute();
  const topic = await createTopic(deps.db);
  const { threadId, postId } = await createForumThread(deps, { author: member, topicId: topic.id });
  await deps.db.updateTable("threads").set({ space_id: space.id }).where("id", "=", threadId).execute();
  const reply = await forum.createReply(as(deps, replier), { threadId, body: "Algo que no debería estar aquí" });
  return { spaceId: space.id, owner, groupModerator, member, replier, threadId, postId, replyId: reply.postId };
}

async function auditFor(targetType: string, targetId: number) {
  return deps.db.selectFrom("audit_log").selectAll().where("target_type", "=", targetType).where("target_id", "=", targetId).orderBy("id").execute();
}

async function emailsTo(address: string) {
  return withSentBodies(deps, await deps.db.selectFrom("email_outbox").selectAll().where("to_address", "=", address).orderBy("id").execute());
}

describe("flags", () => {
  it("a member who can see a post flags it once; it waits in the site staff's queue", async () => {
    const { threadId, replyId } = await threadWithReply();
    const flagger = await createUser(deps.db);
    const { flagId } = await moderation.flagPost(as(deps, flagger), { postId: replyId, reason: "spam", note: "  Publicidad de una empresa  " });
    await expect(moderation.flagPost(as(deps, flagger), { postId: replyId, reason: "other" })).rejects.toMatchObject({
      code: "CONFLICT",
      messageKey: "moderation.already_flagged",
    });
    await moderation.flagPost(as(deps, await createUser(deps.db)), { postId: replyId, reason: "off_topic" });
    expect(await moderation.getFlagForm(as(deps, flagger), { postId: replyId })).toMatchObject({ threadId, alreadyFlagged: true });

    const row = await deps.db.selectFrom("flags").selectAll().where("id", "=", flagId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ reason: "spam", note: "Publicidad de una empresa", status: "open", flagger_id: flagger.id });

    const siteModerator = await createUser(deps.db, { site_role: "moderator" });
    const queue = await moderation.listFlags(as(deps, siteModerator), {});
    const mine = queue.flags.filter((flag) => flag.post.id === replyId);
    expect(mine.map((flag) => flag.reason).sort()).toEqual(["off_topic", "spam"]);
    expect(mine[0].post).toMatchObject({ threadId, hidden: false, deleted: false });
    expect(mine.find((flag) => flag.id === flagId)?.flagger?.handle).toBe(flagger.handle);

    // The thread page: the flagger sees it is flagged, moderators see how many flags wait.
    const forFlagger = await forum.getThreadPage(as(deps, flagger), { threadId });
    expect(forFlagger.posts[0]).toMatchObject({ flaggedByMe: true, openFlags: 0, can: { flag: false, moderate: false } });
    const forModerator = await forum.getThreadPage(as(deps, siteModerator), { threadId });
    expect(forModerator.posts[0]).toMatchObject({ openFlags: 2, can: { moderate: true } });
    expect(forModerator.viewer.canModerate).toBe(true);
  });

  it("nobody flags without being signed in, their own post, or a post they cannot see (NOT_FOUND)", async () => {
    const { replyId, replier } = await threadWithReply();
    await expect(moderation.flagPost(as(deps, null), { postId: replyId, reason: "spam" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(moderation.flagPost(as(deps, replier), { postId: replyId, reason: "spam" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(moderation.getFlagForm(as(deps, replier), { postId: replyId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const group = await groupWithThread();
    const outsider = await createUser(deps.db);
    await expect(moderation.flagPost(as(deps, outsider), { postId: group.replyId, reason: "spam" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(moderation.flagPost(as(deps, outsider), { postId: 987_654, reason: "spam" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Bad input is a clear validation error; nothing is stored.
    const member = await createUser(deps.db);
    await expect(moderation.flagPost(as(deps, member), { postId: replyId, reason: "boring" })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { reason: "validation.flag_reason_invalid" },
    });
    await expect(moderation.flagPost(as(deps, member), { postId: replyId, reason: "other", note: "x".repeat(501) })).rejects.toMatchObject({
      fieldErrors: { note: "validation.note_too_long" },
    });
    expect(await deps.db.selectFrom("flags").select("id").where("post_id", "=", replyId).execute()).toHaveLength(0);
  });

  it("queues by place: a group's moderators see only their group's flags; site staff only what they can see", async () => {
    const group = await groupWithThread();
    const inTopic = await threadWithReply();
    const topicFlagger = await createUser(deps.db);
    const groupFlag = await moderation.flagPost(as(deps, group.member), { postId: group.replyId, reason: "inappropriate" });
    const topicFlag = await moderation.flagPost(as(deps, topicFlagger), { postId: inTopic.replyId, reason: "spam" });
    const ids = (page: { flags: { id: number }[] }) => page.flags.map((flag) => flag.id);

    for (const groupStaff of [group.groupModerator, group.owner]) {
      const all = await moderation.listFlags(as(deps, groupStaff), {});
      expect(ids(all)).toContain(groupFlag.flagId);
      expect(ids(all)).not.toContain(topicFlag.flagId);
      expect(ids(await moderation.listFlags(as(deps, groupStaff), { spaceId: group.spaceId }))).toEqual([groupFlag.flagId]);
    }
    const topicSpace = (await deps.db.selectFrom("threads").select("space_id").where("id", "=", inTopic.threadId).executeTakeFirstOrThrow()).space_id;
    await expect(moderation.listFlags(as(deps, group.groupModerator), { spaceId: topicSpace })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // A plain member of the group, or of nothing, has no queue at all.
    await expect(moderation.listFlags(as(deps, group.member), { spaceId: group.spaceId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(moderation.listFlags(as(deps, await createUser(deps.db)), {})).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(moderation.listFlags(as(deps, null), {})).rejects.toMatchObject({ code: "NOT_FOUND" });

    // A site moderator who is not in the private group does not see its flags; an admin sees everything.
    const siteModerator = await createUser(deps.db, { site_role: "moderator" });
    const staffQueue = ids(await moderation.listFlags(as(deps, siteModerator), {}));
    expect(staffQueue).toContain(topicFlag.flagId);
    expect(staffQueue).not.toContain(groupFlag.flagId);
    await expect(moderation.listFlags(as(deps, siteModerator), { spaceId: group.spaceId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const adminQueue = ids(await moderation.listFlags(as(deps, await createUser(deps.db, { site_role: "admin" })), {}));
    expect(adminQueue).toEqual(expect.arrayContaining([groupFlag.flagId, topicFlag.flagId]));

    // The group's moderator acts in the group and nowhere else.
    await moderation.hidePost(as(deps, group.groupModerator), { postId: group.replyId, reason: "Fuera de lugar" });
    await expect(moderation.hidePost(as(deps, group.groupModerator), { postId: inTopic.replyId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await moderation.listFlags(as(deps, group.groupModerator), { spaceId: group.spaceId })).flags).toEqual([]);
    const resolved = await moderation.listFlags(as(deps, group.groupModerator), { spaceId: group.spaceId, status: "resolved" });
    expect(resolved.flags[0]).toMatchObject({ id: groupFlag.flagId, status: "actioned", resolution: "hidden", post: { hidden: true } });
  });

  it("a moderator dismisses a flag without touching the post; it is audited", async () => {
    const { replyId, threadId } = await threadWithReply();
    const { flagId } = await moderation.flagPost(as(deps, await createUser(deps.db)), { postId: replyId, reason: "off_topic" });
    const siteModerator = await createUser(deps.db, { site_role: "moderator" });
    await expect(moderation.dismissFlag(as(deps, await createUser(deps.db)), { flagId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await moderation.dismissFlag(as(deps, siteModerator), { flagId, reason: "Está bien donde está" });
    const row = await deps.db.selectFrom("flags").selectAll().where("id", "=", flagId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "dismissed", resolved_by: siteModerator.id });
    expect(await auditFor("flag", flagId)).toEqual([
      expect.objectContaining({ action: "flag_dismissed", actor_id: siteModerator.id, reason: "Está bien donde está" }),
    ]);
    const page = await forum.getThreadPage(as(deps, null), { threadId });
    expect(page.posts[0]).toMatchObject({ hidden: false, deleted: null });
    expect(page.posts[0].html).not.toBeNull();
  });
});

describe("actions on posts", () => {
  it("hide: members see a tombstone, moderators the post marked; audited; the author is told why", async () => {
    const author = await createUser(deps.db, { locale: "en" });
    const { threadId, replyId, replier } = await threadWithReply({ replier: author });
    const { flagId } = await moderation.flagPost(as(deps, await createUser(deps.db)), { postId: replyId, reason: "spam" });
    const siteModerator = await createUser(deps.db, { site_role: "moderator" });
    await moderation.hidePost(as(deps, siteModerator), { postId: replyId, reason: "Advertising <b>again</b>" });

    for (const viewer of [null, replier, await createUser(deps.db)]) {
      const page = await forum.getThreadPage(as(deps, viewer), { threadId });
      expect(page.posts[0]).toMatchObject({ id: replyId, hidden: true, html: null, hiddenReason: null, can: { edit: false, vote: false, flag: false } });
    }
    const seenByModerator = await forum.getThreadPage(as(deps, siteModerator), { threadId });
    expect(seenByModerator.posts[0]).toMatchObject({ hidden: true, hiddenReason: "Advertising <b>again</b>" });
    expect(seenByModerator.posts[0].html).toContain("Una respuesta");

    // Its words are out of reach elsewhere too: history, edits, votes.
    await expect(forum.getPostHistory(as(deps, replier), { postId: replyId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(forum.editPost(as(deps, replier), { postId: replyId, body: "Ahora lo cambio" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await forum.getPostHistory(as(deps, siteModerator), { postId: replyId })).revisions).toHaveLength(1);

    expect(await deps.db.selectFrom("flags").select(["status", "resolution"]).where("id", "=", flagId).executeTakeFirstOrThrow()).toEqual({
      status: "actioned",
      resolution: "hidden",
    });
    const [entry] = await auditFor("post", replyId);
    expect(entry).toMatchObject({ action: "post_hidden", actor_id: siteModerator.id, reason: "Advertising <b>again</b>" });
    expect(entry.space_id).not.toBeNull();
    expect(entry.details).toMatchObject({ threadId });

    const email = await lastEmailTo(deps, author.email);
    expect(email?.subject).toBe("Enlace: a moderator acted on your post");
    expect(email?.text_body).toContain("A moderator hid your post in");
    expect(email?.text_body).toContain("Reason given: Advertising <b>again</b>");
    expect(email?.html_body).toContain("Advertising &lt;b&gt;again&lt;/b&gt;");
    expect(email?.link).toBe(`http://localhost:3999/p/${replyId}`);

    await moderation.unhidePost(as(deps, siteModerator), { postId: replyId });
    const visible = await forum.getThreadPage(as(deps, null), { threadId });
    expect(visible.posts[0]).toMatchObject({ hidden: false });
    expect(visible.posts[0].html).toContain("Una respuesta");
    expect((await auditFor("post", replyId)).map((row) => row.action)).toEqual(["post_hidden", "post_unhidden"]);
    expect((await lastEmailTo(deps, author.email))?.text_body).toContain("visible again");
    expect((await lastEmailTo(deps, author.email))?.text_body).toContain("The moderator gave no reason.");
  });

  it("delete and restore: a moderator's tombstone; the opening post takes the thread with it and brings it back", async () => {
    const { threadId, postId, author, replyId, replier } = await threadWithReply();
    const siteModerator = await createUser(deps.db, { site_role: "moderator" });
    const before = (await forum.getThreadPage(as(deps, null), { threadId })).thread.replyCount;
    await moderation.deletePost(as(deps, siteModerator), { postId: replyId, reason: "Datos personales" });
    const page = await forum.getThreadPage(as(deps, null), { threadId });
    expect(page.posts[0]).toMatchObject({ deleted: "moderator", html: null });
    expect(page.thread.replyCount).toBe(before - 1);
    expect((await lastEmailTo(deps, replier.email))?.text_body).toContain("Datos personales");

    await moderation.restorePost(as(deps, siteModerator), { postId: replyId });
    const restored = await forum.getThreadPage(as(deps, null), { threadId });
    expect(restored.posts[0]).toMatchObject({ deleted: null });
    expect(restored.thread.replyCount).toBe(before);

    const { threadDeleted } = await moderation.deletePost(as(deps, siteModerator), { postId, reason: "Duplicado" });
    expect(threadDeleted).toBe(true);
    await expect(forum.getThreadPage(as(deps, null), { threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(forum.getThreadPage(as(deps, author), { threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Restoring the opening post restores the thread.
    await moderation.restorePost(as(deps, siteModerator), { postId });
    expect((await forum.getThreadPage(as(deps, null), { threadId })).opening).toMatchObject({ id: postId, deleted: null });
    expect((await auditFor("post", postId)).map((row) => [row.action, row.details])).toEqual([
      ["post_deleted", { threadId, threadDeleted: true }],
      ["post_restored", { threadId, threadRestored: true }],
    ]);
    expect((await auditFor("post", replyId)).map((row) => row.action)).toEqual(["post_deleted", "post_restored"]);
  });

  it("a moderator's delete or edit of someone else's post through the forum is audited too; the author's own is not", async () => {
    const { replyId, replier } = await threadWithReply();
    const own = await threadWithReply();
    const siteModerator = await createUser(deps.db, { site_role: "moderator" });
    await forum.editPost(as(deps, siteModerator), { postId: replyId, body: "Texto corregido por moderación" });
    await forum.deletePost(as(deps, siteModerator), { postId: replyId });
    expect((await auditFor("post", replyId)).map((row) => row.action)).toEqual(["post_edited", "post_deleted"]);
    expect((await lastEmailTo(deps, replier.email))?.text_body).toContain("Un moderador eliminó tu publicación");
    await forum.deletePost(as(deps, own.replier), { postId: own.replyId });
    expect(await auditFor("post", own.replyId)).toEqual([]);
  });

  it("whoever may see a post but not moderate it gets NOT_FOUND for every moderation action", async () => {
    const { threadId, postId, author, replyId, replier } = await threadWithReply();
    const target = await createUser(deps.db);
    const topic = await createTopic(deps.db);
    const { flagId } = await moderation.flagPost(as(deps, await createUser(deps.db)), { postId: replyId, reason: "spam" });
    for (const actor of [null, author, replier, await createUser(deps.db)]) {
      const ctx = as(deps, actor);
      // Thunks, so each refusal is awaited as it happens.
      const attempts: (() => Promise<unknown>)[] = [
        () => moderation.hidePost(ctx, { postId: replyId }),
        () => moderation.unhidePost(ctx, { postId: replyId }),
        () => moderation.deletePost(ctx, { postId }),
        () => moderation.restorePost(ctx, { postId }),
        () => moderation.dismissFlag(ctx, { flagId }),
        () => moderation.lockThread(ctx, { threadId }),
        () => moderation.pinThread(ctx, { threadId }),
        () => moderation.closeThread(ctx, { threadId }),
        () => moderation.moveThread(ctx, { threadId, topicId: topic.id }),
        () => moderation.listMoveTargets(ctx, { threadId }),
        () => moderation.suspendMember(ctx, { userId: target.id, days: 3, reason: "x" }),
        () => moderation.silenceMember(ctx, { userId: target.id, days: 3, reason: "x" }),
        () => moderation.liftSuspension(ctx, { userId: target.id }),
        () => moderation.listAuditLog(ctx, {}),
      ];
      for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    const page = await forum.getThreadPage(as(deps, null), { threadId });
    expect(page.thread).toMatchObject({ locked: false, pinned: false, closed: false, deleted: false });
    expect(page.posts[0].hidden).toBe(false);
  });
});

describe("actions on threads", () => {
  it("lock: only moderators reply; audited and the author told; unlock", async () => {
    const { threadId, author } = await createForumThread(deps);
    const siteModerator = await createUser(deps.db, { site_role: "moderator" });
    const member = await createUser(deps.db);
    await moderation.lockThread(as(deps, siteModerator), { threadId, reason: "Se volvió una discusión personal" });
    expect((await forum.getThreadPage(as(deps, member), { threadId })).thread.locked).toBe(true);
    expect((await forum.getThreadPage(as(deps, member), { threadId })).can.reply).toBe(false);
    await expect(forum.createReply(as(deps, member), { threadId, body: "Pero yo quería decir algo" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      messageKey: "errors.thread_locked",
    });
    await forum.createReply(as(deps, siteModerator), { threadId, body: "Nota de moderación" });
    const email = await lastEmailTo(deps, author.email);
    expect(email?.subject).toBe("Enlace: un moderador actuó sobre tu hilo");
    expect(email?.text_body).toContain("Se volvió una discusión personal");
    await moderation.unlockThread(as(deps, siteModerator), { threadId });
    await forum.createReply(as(deps, member), { threadId, body: "Ahora sí" });
    expect((await auditFor("thread", threadId)).map((row) => row.action)).toEqual(["thread_locked", "thread_unlocked"]);
  });

  it("close: a closed question takes no replies from anyone and shows as closed; reopen", async () => {
    const { threadId } = await createForumThread(deps);
    const siteModerator = await createUser(deps.db, { site_role: "moderator" });
    const member = await createUser(deps.db);
    await moderation.closeThread(as(deps, siteModerator), { threadId, reason: "Resuelta en otro hilo" });
    const page = await forum.getThreadPage(as(deps, member), { threadId });
    expect(page.thread.closed).toBe(true);
    expect(page.can.reply).toBe(false);
    expect(page.opening?.can.reply).toBe(false);
    for (const actor of [member, siteModerator]) {
      await expect(forum.createReply(as(deps, actor), { threadId, body: "Una respuesta tardía" })).rejects.toMatchObject({
        code: "FORBIDDEN",
        messageKey: "errors.thread_closed",
      });
    }
    await moderation.reopenThread(as(deps, siteModerator), { threadId });
    expect((await forum.getThreadPage(as(deps, member), { threadId })).thread.closed).toBe(false);
    await forum.createReply(as(deps, member), { threadId, body: "Una respuesta a tiempo" });
    expect((await auditFor("thread", threadId)).map((row) => [row.action, row.reason])).toEqual([
      ["thread_closed", "Resuelta en otro hilo"],
      ["thread_reopened", ""],
    ]);
  });

  it("pin: the thread page shows it pinned; unpin; doing it twice changes nothing", async () => {
    const { threadId } = await createForumThread(deps);
    const admin = await createUser(deps.db, { site_role: "admin" });
    await moderation.pinThread(as(deps, admin), { threadId });
    await moderation.pinThread(as(deps, admin), { threadId });
    expect((await forum.getThreadPage(as(deps, null), { threadId })).thread.pinned).toBe(true);
    await moderation.unpinThread(as(deps, admin), { threadId });
    expect((await forum.getThreadPage(as(deps, null), { threadId })).thread.pinned).toBe(false);
    expect((await auditFor("thread", threadId)).map((row) => row.action)).toEqual(["thread_pinned", "thread_unpinned"]);
  });

  it("move: topic and space change, flags follow, and who may see it is decided again", async () => {
    const from = await createTopic(deps.db);
    const to = await createTopic(deps.db);
    const { threadId, author, replyId } = await threadWithReply({ topicId: from.id });
    const siteModerator = await createUser(deps.db, { site_role: "moderator" });
    const { flagId } = await moderation.flagPost(as(deps, await createUser(deps.db)), { postId: replyId, reason: "off_topic" });

    expect((await moderation.listMoveTargets(as(deps, siteModerator), { threadId })).map((topic) => topic.id)).toContain(to.id);
    expect((await moderation.listMoveTargets(as(deps, siteModerator), { threadId })).map((topic) => topic.id)).not.toContain(from.id);
    await moderation.moveThread(as(deps, siteModerator), { threadId, topicId: to.id, reason: "Es de financiamiento" });
    const moved = await deps.db.selectFrom("threads").select(["topic_id", "space_id"]).where("id", "=", threadId).executeTakeFirstOrThrow();
    expect(moved).toEqual({ topic_id: to.id, space_id: to.space_id });
    expect((await forum.getThreadPage(as(deps, null), { threadId })).thread.topic.id).toBe(to.id);
    expect((await deps.db.selectFrom("flags").select("space_id").where("id", "=", flagId).executeTakeFirstOrThrow()).space_id).toBe(to.space_id);
    const [entry] = await auditFor("thread", threadId);
    expect(entry).toMatchObject({ action: "thread_moved", space_id: to.space_id, details: { fromTopicId: from.id, toTopicId: to.id, fromSpaceId: from.space_id, toSpaceId: to.space_id } });
    expect((await lastEmailTo(deps, author.email))?.text_body).toContain("Es de financiamiento");

    // Into a private place: only those who may see and moderate there may move it; then outsiders lose it,
    // and an author who is not a member is not told where it went.
    const insider = await createUser(deps.db);
    const secret = await createTopic(deps.db);
    await deps.db.updateTable("spaces").set({ kind: "working_group", visibility: "private" }).where("id", "=", secret.space_id).execute();
    await deps.db.insertInto("space_members").values({ space_id: secret.space_id, user_id: insider.id, role: "member" }).execute();
    await expect(moderation.moveThread(as(deps, siteModerator), { threadId, topicId: secret.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await moderation.listMoveTargets(as(deps, siteModerator), { threadId })).map((topic) => topic.id)).not.toContain(secret.id);
    const outsider = await createUser(deps.db);
    await forum.getThreadPage(as(deps, outsider), { threadId });
    const mailsBefore = (await emailsTo(author.email)).length;
    const admin = await createUser(deps.db, { site_role: "admin" });
    await moderation.moveThread(as(deps, admin), { threadId, topicId: secret.id, reason: "Es del grupo" });
    await expect(forum.getThreadPage(as(deps, outsider), { threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(forum.getThreadPage(as(deps, null), { threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(forum.getThreadPage(as(deps, author), { threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await forum.getThreadPage(as(deps, insider), { threadId })).thread.topic.id).toBe(secret.id);
    expect((await emailsTo(author.email)).length).toBe(mailsBefore);
    // The site moderator, who cannot see the private place, cannot act on the thread there any more.
    await expect(moderation.lockThread(as(deps, siteModerator), { threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // An archived topic is refused with a clear message; a missing one is simply not found.
    const archived = await createTopic(deps.db);
    await deps.db.updateTable("topics").set({ archived_at: new Date() }).where("id", "=", archived.id).execute();
    await expect(moderation.moveThread(as(deps, admin), { threadId, topicId: archived.id })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { topicId: "validation.topic_unknown" },
    });
    await expect(moderation.moveThread(as(deps, admin), { threadId, topicId: 987_654 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a group's moderator cannot move its thread into a topic they do not moderate", async () => {
    const group = await groupWithThread();
    const topic = await createTopic(deps.db);
    expect(await moderation.listMoveTargets(as(deps, group.groupModerator), { threadId: group.threadId })).toEqual([]);
    await expect(moderation.moveThread(as(deps, group.groupModerator), { threadId: group.threadId, topicId: topic.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // But they lock it in their own group, and its author, a member, is told.
    await moderation.lockThread(as(deps, group.groupModerator), { threadId: group.threadId, reason: "Pausa" });
    expect((await lastEmailTo(deps, group.member.email))?.text_body).toContain("Pausa");
  });
});

describe("suspensions and silences", () => {
  it("a suspension ends every session at once and refuses sign-in with a clear message until it ends", async () => {
    const member = await createUser(deps.db);
    const credentials = { email: member.email, password: DEFAULT_TEST_PASSWORD };
    const first = await accounts.signIn(contextFor(deps), credentials);
    const second = await accounts.signIn(contextFor(deps), credentials);
    const siteModerator = await createUser(deps.db, { site_role: "moderator" });
    const { until } = await moderation.suspendMember(as(deps, siteModerator), { userId: member.id, days: 3, reason: "Acoso a otros miembros" });
    expect(new Date(until).getTime()).toBe(deps.clock.now().getTime() + 3 * DAY_MS);
    expect(await validateSessionToken(deps, first.token)).toBeNull();
    expect(await validateSessionToken(deps, second.token)).toBeNull();
    expect(await deps.db.selectFrom("sessions").select("id").where("user_id", "=", member.id).execute()).toEqual([]);
    await expect(accounts.signIn(contextFor(deps), credentials)).rejects.toMatchObject({ code: "FORBIDDEN", messageKey: "errors.account_suspended" });
    // A wrong password says only that: the suspension is not revealed to someone guessing.
    await expect(accounts.signIn(contextFor(deps), { ...credentials, password: "not the password at all" })).rejects.toMatchObject({
      messageKey: "errors.wrong_credentials",
    });
    const email = await lastEmailTo(deps, member.email);
    expect(email?.subject).toBe("Enlace: un moderador actuó sobre tu cuenta");
    expect(email?.text_body).toContain("Acoso a otros miembros");
    expect((await auditFor("user", member.id)).map((row) => [row.action, row.reason])).toEqual([["member_suspended", "Acoso a otros miembros"]]);
    const listed = await services.admin.listMembers(as(deps, siteModerator), { q: member.handle });
    expect(listed.members[0]).toMatchObject({ suspendedUntil: until, moderationReason: "Acoso a otros miembros" });

    deps.clock.advance(3 * DAY_MS + 60_000);
    const after = await accounts.signIn(contextFor(deps), credentials);
    expect(await validateSessionToken(deps, after.token)).not.toBeNull();
  });

  it("lifting a suspension lets the member back in; only staff restrict, and never admins or themselves", async () => {
    const member = await createUser(deps.db);
    const siteModerator = await createUser(deps.db, { site_role: "moderator" });
    const otherModerator = await createUser(deps.db, { site_role: "moderator" });
    const admin = await createUser(deps.db, { site_role: "admin" });
    await moderation.suspendMember(as(deps, siteModerator), { userId: member.id, days: 30, reason: "Spam" });
    await moderation.liftSuspension(as(deps, siteModerator), { userId: member.id, reason: "Era un malentendido" });
    await accounts.signIn(contextFor(deps), { email: member.email, password: DEFAULT_TEST_PASSWORD });
    expect((await auditFor("user", member.id)).map((row) => row.action)).toEqual(["member_suspended", "suspension_lifted"]);
    expect(await fresh(member)).toMatchObject({ suspended_until: null, moderation_reason: null });

    for (const [actor, target] of [
      [siteModerator, admin],
      [siteModerator, otherModerator],
      [siteModerator, siteModerator],
      [admin, admin],
    ] as const) {
      await expect(moderation.suspendMember(as(deps, actor), { userId: target.id, days: 1, reason: "x" })).rejects.toMatchObject({
        code: "FORBIDDEN",
        messageKey: "moderation.cannot_restrict",
      });
    }
    await moderation.silenceMember(as(deps, admin), { userId: otherModerator.id, days: 1, reason: "Respeta las reglas" });
    await expect(moderation.suspendMember(as(deps, admin), { userId: member.id, days: 0, reason: "x" })).rejects.toMatchObject({
      fieldErrors: { days: "validation.days_invalid" },
    });
    await expect(moderation.suspendMember(as(deps, admin), { userId: member.id, days: 2, reason: "  " })).rejects.toMatchObject({
      fieldErrors: { reason: "validation.reason_required" },
    });
    await expect(moderation.suspendMember(as(deps, admin), { userId: 987_654, days: 2, reason: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a silenced member reads and signs in but cannot post until it ends or is lifted", async () => {
    const member = await createUser(deps.db);
    const { threadId, topicId } = await createForumThread(deps);
    const siteModerator = await createUser(deps.db, { site_role: "moderator" });
    await moderation.silenceMember(as(deps, siteModerator), { userId: member.id, days: 2, reason: "Mensajes repetidos" });
    // Whether the session was read before (a stale actor) or after (a fresh one), posting is refused.
    for (const row of [member, await fresh(member)]) {
      await expect(forum.createReply(as(deps, row), { threadId, body: "¿Puedo decir algo?" })).rejects.toMatchObject({
        code: "FORBIDDEN",
        messageKey: "errors.account_silenced",
      });
      await expect(
        forum.createThread(as(deps, row), { topicId, kind: "question", title: "Una pregunta silenciada", body: "Texto" }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const page = await forum.getThreadPage(as(deps, await fresh(member)), { threadId });
    expect(page.can.reply).toBe(false);
    expect(page.viewer.silencedUntil).not.toBeNull();
    await accounts.signIn(contextFor(deps), { email: member.email, password: DEFAULT_TEST_PASSWORD });
    expect((await lastEmailTo(deps, member.email))?.text_body).toContain("Mensajes repetidos");

    await moderation.liftSilence(as(deps, siteModerator), { userId: member.id });
    await forum.createReply(as(deps, await fresh(member)), { threadId, body: "Gracias, ya puedo" });
    expect((await auditFor("user", member.id)).map((row) => row.action)).toEqual(["member_silenced", "silence_lifted"]);
  });
});

describe("the audit log", () => {
  it("is append-only: the database itself refuses to update or delete an entry", async () => {
    const { threadId } = await createForumThread(deps);
    await moderation.pinThread(as(deps, await createUser(deps.db, { site_role: "moderator" })), { threadId, reason: "Importante" });
    const [entry] = await auditFor("thread", threadId);
    await expect(deps.db.updateTable("audit_log").set({ reason: "reescrito" }).where("id", "=", entry.id).execute()).rejects.toThrow(/append-only/);
    await expect(deps.db.deleteFrom("audit_log").where("id", "=", entry.id).execute()).rejects.toThrow(/append-only/);
    expect((await auditFor("thread", threadId))[0]).toMatchObject({ id: entry.id, reason: "Importante" });
  });

  it("records the administrators' actions on members and invitations", async () => {
    const admin = await createUser(deps.db, { site_role: "admin" });
    const ctx = as(deps, admin);
    const pending = await createUser(deps.db, { status: "pending" });
    const expert = await createUser(deps.db, { community_role: "expert", partner_org: "giz" });
    await services.admin.approveMember(ctx, { userId: pending.id });
    await services.admin.setExpertVerification(ctx, { userId: expert.id }, true);
    await services.admin.setExpertVerification(ctx, { userId: expert.id }, false);
    await services.admin.changeSiteRole(ctx, { userId: pending.id, role: "moderator" });
    const email = `invitada-${Date.now()}@ciudad.example`;
    await services.admin.sendInvitation(ctx, { email, locale: "pt" });
    const invitation = await deps.db.selectFrom("invitations").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    await services.admin.revokeInvitation(ctx, { invitationId: invitation.id });

    expect((await auditFor("user", pending.id)).map((row) => [row.action, row.details])).toEqual([
      ["member_approved", {}],
      ["role_changed", { from: "member", to: "moderator" }],
    ]);
    expect((await auditFor("user", expert.id)).map((row) => row.action)).toEqual(["expert_verified", "expert_unverified"]);
    expect((await auditFor("invitation", invitation.id)).map((row) => [row.action, row.actor_id])).toEqual([
      ["invitation_sent", admin.id],
      ["invitation_revoked", admin.id],
    ]);
  });

  it("administrators browse it newest first, filter by action, actor and dates, and page with a keyset cursor", async () => {
    const admin = await createUser(deps.db, { site_role: "admin" });
    const busy = await createUser(deps.db, { site_role: "moderator" });
    const base = new Date("2021-03-01T12:00:00.000Z").getTime();
    await deps.db
      .insertInto("audit_log")
      .values(
        Array.from({ length: 60 }, (_, i) => ({
          actor_id: busy.id,
          action: i % 2 ? "thread_locked" : "post_hidden",
          target_type: i % 2 ? "thread" : "post",
          target_id: 1000 + i,
          reason: `entrada ${i}`,
          details: JSON.stringify({ i }),
          // Two entries share each instant, so the id breaks the tie.
          created_at: new Date(base + Math.floor(i / 2) * 60 * 60 * 1000),
        })),
      )
      .execute();
    const ctx = as(deps, admin);
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await moderation.listAuditLog(ctx, { actor: `@${busy.handle.toUpperCase()}`, cursor });
      seen.push(...page.entries.map((entry) => entry.details.i as number));
      expect(page.entries.every((entry) => entry.actor?.handle === busy.handle)).toBe(true);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen).toEqual(Array.from({ length: 60 }, (_, i) => 59 - i));

    const locks = await moderation.listAuditLog(ctx, { actor: busy.handle, action: "thread_locked" });
    expect(locks.entries).toHaveLength(30);
    expect(locks.entries.every((entry) => entry.action === "thread_locked")).toBe(true);
    // Entries 0..23 fall on 2021-03-01 (from noon, one hour per pair), 24..59 on 2021-03-02: "to" includes its whole day.
    const firstDay = await moderation.listAuditLog(ctx, { actor: busy.handle, from: "2021-03-01", to: "2021-03-01" });
    expect(firstDay.entries.map((entry) => entry.details.i)).toEqual(Array.from({ length: 24 }, (_, i) => 23 - i));
    const secondDay = await moderation.listAuditLog(ctx, { actor: busy.handle, from: "2021-03-02" });
    expect(secondDay.entries).toHaveLength(36);
    await expect(moderation.listAuditLog(ctx, { from: "yesterday" })).rejects.toMatchObject({ fieldErrors: { from: "validation.date_invalid" } });
    await expect(moderation.listAuditLog(ctx, { cursor: "not-a-cursor" })).rejects.toMatchObject({ messageKey: "validation.cursor_invalid" });
    // Site moderators moderate, but the log is for administrators.
    await expect(moderation.listAuditLog(as(deps, busy), {})).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("moderation pages", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(handle);
  });
  afterAll(async () => {
    await server?.close();
  });

  async function signedIn(user: UserRow) {
    const browser = createBrowser(server, "en");
    const response = await browser.post("/sign-in", { email: user.email, password: DEFAULT_TEST_PASSWORD, redirectTo: "/" });
    expect(response.status).toBe(302);
    return browser;
  }

  it("a member flags a post from its flag page, with a labelled reason group", async () => {
    const { replyId, threadId } = await threadWithReply();
    const member = await createUser(deps.db, { locale: "en" });
    const browser = await signedIn(member);
    const thread = await (await browser.get(`/t/${threadId}`)).text();
    expect(thread).toContain(`href="/p/${replyId}/flag"`);
    const page = await browser.get(`/p/${replyId}/flag`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<fieldset[^>]*>\s*<legend>Why are you flagging it\?<\/legend>/);
    expect(html).toContain('<label for="flag-reason-spam">Spam</label>');
    const sent = await browser.post(`/p/${replyId}/flag`, { reason: "spam", note: "Publicidad" });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain("The moderators will review this post.");
    expect(await deps.db.selectFrom("flags").select("reason").where("post_id", "=", replyId).execute()).toEqual([{ reason: "spam" }]);
    // Anonymous visitors are sent to sign in; the author gets the 404 page.
    expect((await createBrowser(server).get(`/p/${replyId}/flag`)).status).toBe(302);
  });

  it("moderators get controls on the thread page, the queue and (admins) the audit log; members get 404s", async () => {
    const { replyId, threadId } = await threadWithReply();
    await moderation.flagPost(as(deps, await createUser(deps.db)), { postId: replyId, reason: "inappropriate", note: "Insultos" });
    const admin = await createUser(deps.db, { site_role: "admin", locale: "en" });
    const browser = await signedIn(admin);
    const thread = await (await browser.get(`/t/${threadId}`)).text();
    expect(thread).toContain("Moderate this thread");
    expect(thread).toContain('value="mod-hide"');
    const hidden = await browser.post(`/t/${threadId}?index`, { intent: "mod-hide", postId: String(replyId), reason: "Insultos" });
    expect(hidden.status).toBe(200);
    expect((await deps.db.selectFrom("posts").select("hidden_at").where("id", "=", replyId).executeTakeFirstOrThrow()).hidden_at).not.toBeNull();
    const locked = await browser.post(`/t/${threadId}?index`, { intent: "mod-lock", reason: "" });
    expect(locked.status).toBe(200);
    expect((await deps.db.selectFrom("threads").select("locked_at").where("id", "=", threadId).executeTakeFirstOrThrow()).locked_at).not.toBeNull();

    const queue = await browser.get("/admin/flags?status=resolved");
    expect(queue.status).toBe(200);
    expect(await queue.text()).toContain("Insultos");
    const audit = await browser.get(`/admin/audit?action=post_hidden&actor=${admin.handle}`);
    expect(audit.status).toBe(200);
    const auditHtml = await audit.text();
    expect(auditHtml).toContain("Post hidden");
    expect(auditHtml).toContain(`href="/p/${replyId}"`);
    expect((await browser.get("/admin/members")).status).toBe(200);

    const member = await signedIn(await createUser(deps.db));
    expect((await member.get("/admin/flags")).status).toBe(404);
    expect((await member.get("/admin/audit")).status).toBe(404);
    expect((await member.post(`/t/${threadId}?index`, { intent: "mod-unlock" })).status).toBe(404);
    const siteModerator = await signedIn(await createUser(deps.db, { site_role: "moderator" }));
    expect((await siteModerator.get("/admin/flags")).status).toBe(200);
    expect((await siteModerator.get("/admin/audit")).status).toBe(404);
  });

  it("the members page suspends with days and a reason, and lifts it", async () => {
    const admin = await createUser(deps.db, { site_role: "admin", locale: "en" });
    const member = await createUser(deps.db);
    const browser = await signedIn(admin);
    const page = await (await browser.get(`/admin/members?q=${member.handle}`)).text();
    expect(page).toContain(`<legend>Suspend or silence ${member.display_name}</legend>`);
    const suspended = await browser.post(`/admin/members?q=${member.handle}`, {
      intent: "restrict",
      restriction: "suspend",
      userId: String(member.id),
      days: "5",
      reason: "Spam repetido",
    });
    expect(suspended.status).toBe(200);
    expect((await fresh(member)).suspended_until).not.toBeNull();
    expect(await (await browser.get(`/admin/members?q=${member.handle}`)).text()).toContain("Suspended until");
    await browser.post(`/admin/members?q=${member.handle}`, { intent: "lift-suspension", userId: String(member.id) });
    expect((await fresh(member)).suspended_until).toBeNull();
  });
});
