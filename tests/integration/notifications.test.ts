// Who hears about what: follow levels, mentions, replies, expert questions, solutions and group matters,
// decided per recipient by the guardian; the notification centre and what reading does to it.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { withQueryCounter, type DatabaseHandle, type QueryCounter } from "../../db/connection";
import type { UserRow } from "../../db/schema";
import { services } from "../../server/domain";
import { unreadCounts } from "../../server/domain/notifications/notification-queries";
import { createTopic, createUser } from "../factories";
import { as, createForumThread } from "../factories/forum";
import { createTestDatabase } from "../setup/test-database";
import { createTestDeps, withSentBodies, type TestDeps } from "../setup/test-deps";

const { forum, notifications, groups, moderation } = services;
let handle: DatabaseHandle;
let deps: TestDeps;
let topicId: number;
/** Site staff: creates groups (and owns them), moderates, marks solutions. */
let staff: UserRow;

beforeAll(async () => {
  handle = await createTestDatabase();
  deps = createTestDeps(handle);
  topicId = (await createTopic(deps.db)).id;
  staff = await createUser(deps.db, { site_role: "moderator" });
});
afterAll(async () => {
  await handle?.close();
});

/** Who was notified about a post, and how: { userId: [kinds in the order written] }. */
async function heard(postId: number): Promise<Record<string, string[]>> {
  const rows = await deps.db.selectFrom("notifications").select(["user_id", "kind"]).where("post_id", "=", postId).orderBy("id").execute();
  const out: Record<string, string[]> = {};
  for (const row of rows) (out[row.user_id] ??= []).push(row.kind);
  return out;
}

async function centre(user: UserRow) {
  return notifications.list(as(deps, user), {});
}

let groupCount = 0;
async function newGroup(kind: "expert_group" | "working_group", joinPolicy: "invite" | "request" | "open" = "invite") {
  groupCount++;
  return groups.createGroup(as(deps, staff), {
    topicId,
    kind,
    slug: `avisos-${kind === "expert_group" ? "expertos" : "trabajo"}-${groupCount}`,
    nameEs: `Grupo de avisos ${groupCount}`,
    namePt: `Grupo de avisos ${groupCount}`,
    nameEn: `Notice group ${groupCount}`,
    joinPolicy,
  });
}

/** Brings a member into a group the way it happens: invited by its owner, accepted. */
async function addToGroup(group: { id: number; slug: string }, user: UserRow) {
  await groups.inviteToGroup(as(deps, staff), { groupId: group.id, invitee: user.handle });
  const invitation = (await groups.myGroupInvitations(as(deps, user))).find((i) => i.group.slug === group.slug)!;
  await groups.respondToInvitation(as(deps, user), { invitationId: invitation.id }, true);
}

const expertFields = () => ({ community_role: "expert", partner_org: "giz", expert_verified_at: new Date() });

describe("who hears about a new post", () => {
  it("a reply reaches the author of the post it answers (the thread's author for a top-level reply), never its own author", async () => {
    const { threadId, postId: openingId, author } = await createForumThread(deps);
    expect(await heard(openingId)).toEqual({});
    const first = await createUser(deps.db);
    const second = await createUser(deps.db);
    const topLevel = await forum.createReply(as(deps, first), { threadId, body: "Una respuesta de primer nivel" });
    expect(await heard(topLevel.postId)).toEqual({ [author.id]: ["reply"] });
    // Answering the opening post is answering the thread.
    const toOpening = await forum.createReply(as(deps, second), { threadId, parentId: openingId, body: "Respondo a la pregunta inicial" });
    expect(await heard(toOpening.postId)).toEqual({ [author.id]: ["reply"] });
    // A reply to a reply reaches that reply's author; the thread's author only tracks, so hears nothing of it.
    const nested = await forum.createReply(as(deps, second), { threadId, parentId: topLevel.postId, body: "Respondo a la primera respuesta" });
    expect(await heard(nested.postId)).toEqual({ [first.id]: ["reply"] });
    // Answering yourself is not news.
    const own = await forum.createReply(as(deps, second), { threadId, parentId: nested.postId, body: "Me corrijo a mí mismo" });
    expect(await heard(own.postId)).toEqual({});
  });

  it("a mention reaches each member mentioned once, and wins over a reply", async () => {
    const { threadId, author } = await createForumThread(deps);
    const colleague = await createUser(deps.db);
    const writer = await createUser(deps.db);
    const unverified = await createUser(deps.db, { email_verified_at: null });
    // The thread's author is both answered and mentioned (twice): one notification, the mention.
    const reply = await forum.createReply(as(deps, writer), {
      threadId,
      body: `@${author.handle} y @${colleague.handle}, vean esto. Otra vez @${author.handle}. Yo, @${writer.handle}. Y @${unverified.handle}.`,
    });
    expect(await heard(reply.postId)).toEqual({ [author.id]: ["mention"], [colleague.id]: ["mention"] });
    // In a new thread too.
    const opened = await createForumThread(deps, { author: writer, body: `Pregunta para @${colleague.handle}` });
    expect(await heard(opened.postId)).toEqual({ [colleague.id]: ["mention"] });
  });

  it("watching a topic brings its new threads and every reply, and taking part does not lower it to tracking", async () => {
    const topic = await createTopic(deps.db);
    const watcher = await createUser(deps.db);
    await notifications.setFollowLevel(as(deps, watcher), { target: "topic", targetId: topic.id, level: "watching" });
    const { threadId, postId, author } = await createForumThread(deps, { topicId: topic.id });
    expect(await heard(postId)).toEqual({ [watcher.id]: ["new_thread"] });
    // A thread elsewhere: nothing.
    const elsewhere = await createForumThread(deps);
    expect(await heard(elsewhere.postId)).toEqual({});

    const replier = await createUser(deps.db);
    const r1 = await forum.createReply(as(deps, replier), { threadId, body: "Primera respuesta en el tema vigilado" });
    expect(await heard(r1.postId)).toEqual({ [author.id]: ["reply"], [watcher.id]: ["watching_post"] });
    // The watcher replies; they keep watching the thread.
    const own = await forum.createReply(as(deps, watcher), { threadId, parentId: r1.postId, body: "Comentario de quien vigila" });
    expect(await heard(own.postId)).toEqual({ [replier.id]: ["reply"] });
    expect(await notifications.getFollowState(as(deps, watcher), "thread", threadId)).toMatchObject({ effective: "watching" });
    const r2 = await forum.createReply(as(deps, replier), { threadId, body: "Segunda respuesta en el tema vigilado" });
    expect(await heard(r2.postId)).toEqual({ [author.id]: ["reply"], [watcher.id]: ["watching_post"] });
    // The author of a thread in a topic they watch keeps hearing of every post in it too.
    const ownThread = await createForumThread(deps, { author: watcher, topicId: topic.id });
    const r3 = await forum.createReply(as(deps, replier), { threadId: ownThread.threadId, body: "Respuesta al hilo de quien vigila" });
    const r4 = await forum.createReply(as(deps, author), { threadId: ownThread.threadId, parentId: r3.postId, body: "Respuesta a la respuesta" });
    expect(await heard(r4.postId)).toEqual({ [replier.id]: ["reply"], [watcher.id]: ["watching_post"] });
  });

  it("watching a thread brings every reply in it", async () => {
    const { threadId, author } = await createForumThread(deps);
    const fan = await createUser(deps.db);
    await notifications.setFollowLevel(as(deps, fan), { target: "thread", targetId: threadId, level: "watching" });
    const someone = await createUser(deps.db);
    const reply = await forum.createReply(as(deps, someone), { threadId, body: "Respuesta en un hilo vigilado" });
    expect(await heard(reply.postId)).toEqual({ [author.id]: ["reply"], [fan.id]: ["watching_post"] });
  });

  it("tracking, the default for those who take part, brings only replies to them and mentions", async () => {
    const { threadId, author } = await createForumThread(deps);
    const participant = await createUser(deps.db);
    const mine = await forum.createReply(as(deps, participant), { threadId, body: "Participo en este hilo" });
    expect(await notifications.getFollowState(as(deps, participant), "thread", threadId)).toEqual({ chosen: null, effective: "tracking" });
    const other = await createUser(deps.db);
    const general = await forum.createReply(as(deps, other), { threadId, body: "Un comentario general" });
    expect(await heard(general.postId)).toEqual({ [author.id]: ["reply"] });
    const toParticipant = await forum.createReply(as(deps, other), { threadId, parentId: mine.postId, body: "Te respondo a ti" });
    expect(await heard(toParticipant.postId)).toEqual({ [participant.id]: ["reply"] });
    const mention = await forum.createReply(as(deps, other), { threadId, body: `Como dijo @${participant.handle}` });
    expect(await heard(mention.postId)).toEqual({ [author.id]: ["reply"], [participant.id]: ["mention"] });
  });

  it("a muted thread or topic brings nothing, not even mentions; a thread's own level overrides its topic's", async () => {
    const { threadId, author } = await createForumThread(deps);
    await notifications.setFollowLevel(as(deps, author), { target: "thread", targetId: threadId, level: "muted" });
    const other = await createUser(deps.db);
    const reply = await forum.createReply(as(deps, other), { threadId, body: `Hola @${author.handle}, una respuesta` });
    expect(await heard(reply.postId)).toEqual({});

    const topic = await createTopic(deps.db);
    const quiet = await createUser(deps.db);
    await notifications.setFollowLevel(as(deps, quiet), { target: "topic", targetId: topic.id, level: "muted" });
    const mentioned = await createForumThread(deps, { topicId: topic.id, author: other, body: `¿Qué opina @${quiet.handle}?` });
    expect(await heard(mentioned.postId)).toEqual({});
    // Watching one thread of a muted topic: that thread speaks again.
    await notifications.setFollowLevel(as(deps, quiet), { target: "thread", targetId: mentioned.threadId, level: "watching" });
    const third = await createUser(deps.db);
    const later = await forum.createReply(as(deps, third), { threadId: mentioned.threadId, body: "Respuesta en el tema silenciado" });
    expect(await heard(later.postId)).toEqual({ [other.id]: ["reply"], [quiet.id]: ["watching_post"] });
    expect(await centre(quiet)).toMatchObject({ unreadCount: 1 });
  });

  it("a question addressed to an expert group reaches its members (a mention still wins)", async () => {
    const group = await newGroup("expert_group", "open");
    const expertA = await createUser(deps.db, expertFields());
    const expertB = await createUser(deps.db, expertFields());
    await groups.joinGroup(as(deps, expertA), { groupId: group.id });
    await groups.joinGroup(as(deps, expertB), { groupId: group.id });
    const asker = await createUser(deps.db);
    const { postId } = await forum.createThread(as(deps, asker), {
      topicId,
      addressedGroupId: group.id,
      kind: "question",
      title: "¿Cómo financiar buses eléctricos?",
      body: `Pregunta para el grupo, sobre todo para @${expertB.handle}`,
    });
    expect(await heard(postId)).toEqual({ [staff.id]: ["expert_question"], [expertA.id]: ["expert_question"], [expertB.id]: ["mention"] });
    // The same question, not addressed: the experts do not hear of it.
    const plain = await createForumThread(deps, { author: asker, topicId });
    expect(await heard(plain.postId)).toEqual({});
  });

  it("a marked solution tells the asker and the reply's author, never the member who marked it", async () => {
    const { threadId, author: asker } = await createForumThread(deps, { kind: "question" });
    const helper = await createUser(deps.db);
    const answer = await forum.createReply(as(deps, helper), { threadId, body: "Esta es la solución" });
    await forum.markSolution(as(deps, staff), { postId: answer.postId });
    expect(await heard(answer.postId)).toEqual({ [asker.id]: ["reply", "question_solved"], [helper.id]: ["solution_marked"] });
    expect((await centre(asker)).items[0]).toMatchObject({ kind: "question_solved", actor: { handle: staff.handle }, thread: { id: threadId } });

    // The asker marks it themselves: only the helper hears.
    const second = await createForumThread(deps, { kind: "question" });
    const answer2 = await forum.createReply(as(deps, helper), { threadId: second.threadId, body: "Otra solución posible" });
    await forum.markSolution(as(deps, second.author), { postId: answer2.postId });
    expect(await heard(answer2.postId)).toEqual({ [second.author.id]: ["reply"], [helper.id]: ["solution_marked"] });

    // An asker who answered their own question hears of it once.
    const third = await createForumThread(deps, { kind: "question" });
    const selfAnswer = await forum.createReply(as(deps, third.author), { threadId: third.threadId, body: "Lo resolví yo mismo" });
    await forum.markSolution(as(deps, staff), { postId: selfAnswer.postId });
    expect(await heard(selfAnswer.postId)).toEqual({ [third.author.id]: ["solution_marked"] });
  });
});

describe("group matters", () => {
  it("an invitation, a join request and the decisions on it reach the right member", async () => {
    const working = await newGroup("working_group");
    const invitee = await createUser(deps.db);
    await groups.inviteToGroup(as(deps, staff), { groupId: working.id, invitee: invitee.handle });
    expect((await centre(invitee)).items).toEqual([
      expect.objectContaining({ kind: "group_invitation", actor: expect.objectContaining({ handle: staff.handle }), group: { slug: working.slug, name: expect.any(String) } }),
    ]);

    const experts = await newGroup("expert_group", "request");
    const applicant = await createUser(deps.db);
    const refused = await createUser(deps.db);
    await groups.requestToJoin(as(deps, applicant), { groupId: experts.id, message: "Trabajo en movilidad" });
    await groups.requestToJoin(as(deps, refused), { groupId: experts.id, message: "Me interesa" });
    const requests = (await centre(staff)).items.filter((n) => n.kind === "join_request" && n.group?.slug === experts.slug);
    expect(requests.map((n) => n.actor?.handle).sort()).toEqual([applicant.handle, refused.handle].sort());

    const { requests: pending } = await groups.getGroupAdminView(as(deps, staff), { groupId: experts.id });
    const requestOf = (user: UserRow) => pending.find((r) => r.user.handle === user.handle)!.id;
    await groups.decideJoinRequest(as(deps, staff), { requestId: requestOf(applicant), approve: true });
    await groups.decideJoinRequest(as(deps, staff), { requestId: requestOf(refused), approve: false });
    expect((await centre(applicant)).items.map((n) => [n.kind, n.group?.slug])).toEqual([["join_approved", experts.slug]]);
    expect((await centre(refused)).items.map((n) => [n.kind, n.group?.slug])).toEqual([["join_declined", experts.slug]]);
    // The one who decided is not told about their own decision.
    expect((await centre(staff)).items.some((n) => n.kind === "join_approved" || n.kind === "join_declined")).toBe(false);
  });
});

describe("private working groups", () => {
  it("mentioning a non-member inside a working group notifies nobody", async () => {
    const group = await newGroup("working_group");
    const member = await createUser(deps.db);
    await addToGroup(group, member);
    const outsider = await createUser(deps.db);
    const { threadId, postId } = await forum.createThread(as(deps, member), {
      groupId: group.id,
      kind: "discussion",
      title: "Plan reservado del grupo de trabajo",
      body: `Hola @${outsider.handle}, ¿lo ves?`,
    });
    expect(await heard(postId)).toEqual({});
    const reply = await forum.createReply(as(deps, staff), { threadId, body: `@${outsider.handle} y @${member.handle}, miren esto` });
    expect(await heard(reply.postId)).toEqual({ [member.id]: ["mention"] });
    expect(await centre(outsider)).toEqual({ items: [], nextBefore: null, unreadCount: 0 });
    expect(await deps.db.selectFrom("notifications").select("id").where("user_id", "=", outsider.id).execute()).toEqual([]);
  });

  it("a removed member loses what they were told about the group, hears nothing more, and gets no email about it", async () => {
    const group = await newGroup("working_group");
    const leaving = await createUser(deps.db);
    const staying = await createUser(deps.db);
    await addToGroup(group, leaving);
    await addToGroup(group, staying);
    const title = "Canario morado del grupo de trabajo";
    const { threadId } = await forum.createThread(as(deps, leaving), { groupId: group.id, kind: "discussion", title, body: "Borrador del plan" });
    const reply = await forum.createReply(as(deps, staying), { threadId, body: "Mis comentarios al borrador" });
    expect(await heard(reply.postId)).toEqual({ [leaving.id]: ["reply"] });
    expect((await centre(leaving)).items.some((n) => n.thread?.id === threadId)).toBe(true);

    await groups.removeMember(as(deps, staff), { groupId: group.id, userId: leaving.id }, false);
    const after = await centre(leaving);
    expect(after.items.some((n) => n.thread?.id === threadId)).toBe(false);
    expect(after.unreadCount).toBe(after.items.filter((n) => n.readAt === null).length);
    const mention = await forum.createReply(as(deps, staying), { threadId, body: `@${leaving.handle}, ¿sigues ahí?` });
    expect(await heard(mention.postId)).toEqual({});
    expect(await notifications.listMyFollows(as(deps, leaving))).toMatchObject({ threads: [] });

    deps.clock.advance(30 * 60_000);
    await deps.mail.drain();
    const emails = withSentBodies(deps, await deps.db.selectFrom("email_outbox").selectAll().where("to_address", "=", leaving.email).execute());
    for (const email of emails) {
      expect(`${email.subject} ${email.text_body} ${email.html_body}`).not.toContain(title);
      expect(email.text_body ?? "").not.toContain(`/p/${reply.postId}`);
    }
    const batch = await deps.db
      .selectFrom("email_outbox")
      .select(["sent_at", "skipped"])
      .where("group_key", "=", `notify:${leaving.id}:thread:${threadId}`)
      .executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ skipped: true, sent_at: expect.any(Date) });
  });
});

describe("the notification centre", () => {
  it("lists and counts only what the member may still see", async () => {
    const asker = await createUser(deps.db);
    const replier = await createUser(deps.db);
    const moved = await createForumThread(deps, { author: asker });
    const stays = await createForumThread(deps, { author: asker });
    await forum.createReply(as(deps, replier), { threadId: moved.threadId, body: "Respuesta en el hilo que se moverá" });
    await forum.createReply(as(deps, replier), { threadId: stays.threadId, body: "Respuesta en el hilo que se queda" });
    expect(await centre(asker)).toMatchObject({ unreadCount: 2, items: [{ thread: { id: stays.threadId } }, { thread: { id: moved.threadId } }] });
    const firstId = (await centre(asker)).items[1].id;

    // A moderator moves one thread into a private group the asker is not in.
    const group = await newGroup("working_group");
    await moderation.moveThread(as(deps, staff), { threadId: moved.threadId, groupId: group.id, reason: "Es del grupo" });
    const now = await centre(asker);
    expect(now.items.map((n) => n.thread?.id)).toEqual([stays.threadId]);
    expect(now.unreadCount).toBe(1);
    expect(await notifications.countUnread(as(deps, asker))).toBe(1);
    expect((await notifications.since(as(deps, asker), { sinceId: firstId - 1 })).missed.map((n) => n.thread?.id)).toEqual([stays.threadId]);

    // The live badge that comes with the next notification counts the same.
    const toUser = vi.spyOn(deps.realtime, "toUser");
    try {
      await forum.createReply(as(deps, replier), { threadId: stays.threadId, body: "Otra respuesta en el hilo que se queda" });
      const live = toUser.mock.calls.find(([userId, event]) => userId === asker.id && event === "notification:new");
      expect(live?.[2]).toMatchObject({ unreadCount: 2, notification: { kind: "reply", thread: { id: stays.threadId } } });
    } finally {
      toUser.mockRestore();
    }
    expect(await notifications.countUnread(as(deps, asker))).toBe(2);
  });

  it("the live badges of many recipients come from one grouped query per site role, each equal to the centre's count", async () => {
    const watchers = [];
    for (let i = 0; i < 8; i++) watchers.push(await createUser(deps.db));
    const admin = await createUser(deps.db, { site_role: "admin" });
    const moved = await createForumThread(deps, { author: watchers[0] });
    const stays = await createForumThread(deps, { author: watchers[1] });
    const replier = await createUser(deps.db);
    for (const [i, member] of [...watchers, admin, staff].entries()) {
      const threadId = i % 2 === 0 ? moved.threadId : stays.threadId;
      await deps.db.insertInto("notifications").values({ user_id: member.id, kind: "reply", thread_id: threadId, actor_id: replier.id }).execute();
      await deps.db.insertInto("notifications").values({ user_id: member.id, kind: "reply", thread_id: stays.threadId, actor_id: replier.id }).execute();
    }
    // A thread moves into a private group: members who are not in it stop counting its notifications; staff do not.
    const group = await newGroup("working_group");
    await addToGroup(group, watchers[2]);
    await moderation.moveThread(as(deps, staff), { threadId: moved.threadId, groupId: group.id, reason: "Es del grupo" });

    const everyone = [...watchers, admin, staff, replier];
    const counter: QueryCounter = { count: 0 };
    const grouped = await withQueryCounter(counter, () => unreadCounts(deps.db, everyone.map((user) => user.id)));
    // One query for the recipients' roles, then one per role present (member, admin, moderator).
    expect(counter.count).toBe(4);
    for (const member of everyone) {
      expect(grouped.get(member.id), member.handle).toBe(await notifications.countUnread(as(deps, member)));
    }
    expect(grouped.get(watchers[0].id)).toBe(1);
    // The group's member still counts everything she was sent (the invitation, and both replies).
    const sentToMember = await deps.db.selectFrom("notifications").select((eb) => eb.fn.countAll<number>().as("n")).where("user_id", "=", watchers[2].id).where("read_at", "is", null).executeTakeFirstOrThrow();
    expect(grouped.get(watchers[2].id)).toBe(Number(sentToMember.n));
    expect(grouped.get(admin.id)).toBe(2);
    expect(grouped.get(replier.id)).toBe(0);
  });

  it("marks one or all as read; someone else's notification id changes nothing", async () => {
    const { threadId, author } = await createForumThread(deps);
    const replier = await createUser(deps.db);
    for (const body of ["Primera", "Segunda", "Tercera"]) await forum.createReply(as(deps, replier), { threadId, body: `${body} respuesta` });
    const { items, unreadCount } = await centre(author);
    expect(unreadCount).toBe(3);
    const [newest, middle] = items;

    const stranger = await createUser(deps.db);
    await notifications.markRead(as(deps, stranger), { notificationId: newest.id });
    expect((await centre(author)).items[0].readAt).toBeNull();
    expect(await notifications.countUnread(as(deps, author))).toBe(3);

    await notifications.markRead(as(deps, author), { notificationId: middle.id });
    const afterOne = await centre(author);
    expect(afterOne.unreadCount).toBe(2);
    expect(afterOne.items.map((n) => n.readAt !== null)).toEqual([false, true, false]);

    await notifications.markAllRead(as(deps, author));
    expect(await centre(author)).toMatchObject({ unreadCount: 0 });
    expect((await centre(author)).items.every((n) => n.readAt !== null)).toBe(true);
    await expect(notifications.markRead(as(deps, null), { notificationId: newest.id })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("reading a thread reads its notifications up to where the member read, and nothing elsewhere", async () => {
    const { threadId, author } = await createForumThread(deps);
    const other = await createForumThread(deps, { author });
    const replier = await createUser(deps.db);
    const r1 = await forum.createReply(as(deps, replier), { threadId, body: "Respuesta dos" });
    const r2 = await forum.createReply(as(deps, replier), { threadId, body: "Respuesta tres" });
    await forum.createReply(as(deps, replier), { threadId: other.threadId, body: "Respuesta en otro hilo" });
    expect(await notifications.countUnread(as(deps, author))).toBe(3);

    await forum.markRead(as(deps, author), { threadId, position: r1.position });
    const unread = (await centre(author)).items.filter((n) => n.readAt === null).map((n) => n.postId);
    expect(unread).toHaveLength(2);
    expect(unread).toContain(r2.postId);
    expect(unread).not.toContain(r1.postId);

    await forum.markRead(as(deps, author), { threadId, position: r2.position });
    expect((await centre(author)).items.filter((n) => n.readAt === null).map((n) => n.thread?.id)).toEqual([other.threadId]);
  });
});

describe("following", () => {
  it("lists the defaults and the member's choices; 'default' removes a choice", async () => {
    const member = await createUser(deps.db, expertFields());
    const started = await createForumThread(deps, { author: member });
    const joined = await createForumThread(deps);
    await forum.createReply(as(deps, member), { threadId: joined.threadId, body: "Me sumo a la conversación" });
    const watched = await createForumThread(deps);
    await notifications.setFollowLevel(as(deps, member), { target: "thread", targetId: watched.threadId, level: "watching" });
    const topic = await createTopic(deps.db);
    await notifications.setFollowLevel(as(deps, member), { target: "topic", targetId: topic.id, level: "muted" });
    const experts = await newGroup("expert_group", "open");
    await groups.joinGroup(as(deps, member), { groupId: experts.id });

    const follows = await notifications.listMyFollows(as(deps, member));
    expect(follows.threads).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ target: "thread", targetId: started.threadId, level: "tracking", reason: "created", url: `/t/${started.threadId}` }),
        expect.objectContaining({ target: "thread", targetId: joined.threadId, level: "tracking", reason: "replied" }),
        expect.objectContaining({ target: "thread", targetId: watched.threadId, level: "watching", reason: "chosen" }),
      ]),
    );
    expect(follows.threads).toHaveLength(3);
    expect(follows.spaces).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ target: "topic", targetId: topic.id, level: "muted", reason: "chosen", url: `/topics/${topic.slug}` }),
        expect.objectContaining({ target: "group", targetId: experts.id, level: "watching", reason: "expert", url: `/g/${experts.slug}` }),
      ]),
    );
    expect(follows.spaces).toHaveLength(2);
    expect(follows.nextCursor).toBeNull();

    expect(await notifications.getFollowState(as(deps, member), "thread", started.threadId)).toEqual({ chosen: null, effective: "tracking" });
    expect(await notifications.getFollowState(as(deps, member), "thread", watched.threadId)).toEqual({ chosen: "watching", effective: "watching" });
    expect(await notifications.getFollowState(as(deps, member), "group", experts.id)).toEqual({ chosen: null, effective: "watching" });
    expect(
      await notifications.setFollowLevel(as(deps, member), { target: "thread", targetId: watched.threadId, level: "default" }),
    ).toEqual({ chosen: null, effective: null });
    expect((await notifications.listMyFollows(as(deps, member))).threads.map((t) => t.targetId)).not.toContain(watched.threadId);
    // Back to the default where the member took part, or is one of the group's experts: the default applies again.
    const state = (target: "thread" | "group", targetId: number, level: "muted" | "default") =>
      notifications.setFollowLevel(as(deps, member), { target, targetId, level });
    expect(await state("thread", joined.threadId, "muted")).toEqual({ chosen: "muted", effective: "muted" });
    expect(await state("thread", joined.threadId, "default")).toEqual({ chosen: null, effective: "tracking" });
    expect(await state("thread", started.threadId, "default")).toEqual({ chosen: null, effective: "tracking" });
    expect(await state("group", experts.id, "muted")).toEqual({ chosen: "muted", effective: "muted" });
    expect(await state("group", experts.id, "default")).toEqual({ chosen: null, effective: "watching" });
    const after = await notifications.listMyFollows(as(deps, member));
    expect(after.threads).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ targetId: started.threadId, level: "tracking", reason: "created" }),
        expect.objectContaining({ targetId: joined.threadId, level: "tracking", reason: "replied" }),
      ]),
    );
    expect(after.spaces).toEqual(expect.arrayContaining([expect.objectContaining({ target: "group", targetId: experts.id, level: "watching", reason: "expert" })]));
    await expect(notifications.setFollowLevel(as(deps, member), { target: "thread", targetId: watched.threadId, level: "loud" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });

  it("pages through many followed threads without losing or repeating one, even when they were followed at the same instant", async () => {
    const member = await createUser(deps.db);
    const topic = await createTopic(deps.db);
    const now = deps.now();
    const threads = await deps.db
      .insertInto("threads")
      .values(
        Array.from({ length: 57 }, (_, i) => ({
          space_id: topic.space_id,
          topic_id: topic.id,
          kind: "discussion" as const,
          title: `Hilo seguido número ${i + 1}`,
          language: "es" as const,
          author_id: member.id,
          created_at: now,
          last_activity_at: now,
        })),
      )
      .returning("id")
      .execute();
    // Followed in one go (one transaction's now(), to the microsecond), and a few a moment apart.
    await deps.db
      .insertInto("thread_follows")
      .values(threads.map((thread, i) => ({ user_id: member.id, thread_id: thread.id, level: "tracking" as const, reason: "created" as const, updated_at: i < 50 ? sql`'2030-01-01 12:00:00.123456+00'::timestamptz` : sql`'2030-01-01 12:00:00.123789+00'::timestamptz` })))
      .execute();
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await notifications.listMyFollows(as(deps, member), cursor ? { cursor } : {});
      seen.push(...result.threads.map((t) => t.targetId));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toHaveLength(threads.length);
    expect(new Set(seen)).toEqual(new Set(threads.map((t) => t.id)));
    await expect(notifications.listMyFollows(as(deps, member), { cursor: "no-es-un-cursor" })).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("following a thread or group the member cannot see answers NOT_FOUND and writes nothing", async () => {
    const group = await newGroup("working_group");
    const member = await createUser(deps.db);
    await addToGroup(group, member);
    const { threadId } = await forum.createThread(as(deps, member), { groupId: group.id, kind: "discussion", title: "Hilo privado a seguir", body: "Texto" });
    const outsider = await createUser(deps.db);
    for (const [target, targetId] of [
      ["thread", threadId],
      ["group", group.id],
      ["thread", 987_654],
      ["topic", 987_654],
    ] as const) {
      await expect(notifications.setFollowLevel(as(deps, outsider), { target, targetId, level: "watching" })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(notifications.getFollowState(as(deps, outsider), target, targetId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await deps.db.selectFrom("thread_follows").select("thread_id").where("user_id", "=", outsider.id).execute()).toEqual([]);
    expect(await deps.db.selectFrom("space_follows").select("space_id").where("user_id", "=", outsider.id).execute()).toEqual([]);
    // And a member may follow it.
    expect(await notifications.setFollowLevel(as(deps, member), { target: "group", targetId: group.id, level: "watching" })).toEqual({ chosen: "watching", effective: "watching" });
  });
});
