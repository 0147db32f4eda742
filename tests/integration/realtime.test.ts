// Live pages over real socket.io-client connections: who receives which event, revocation, sessions ending,
// catch-up after being away, mentions, abuse (flooding, oversized and malformed payloads) and typing.
// "Receives nothing" is always checked against a later marker event the same socket does receive: one
// connection delivers in order, so anything sent before the marker would have arrived before it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import type { UserRow } from "../../db/schema";
import { services } from "../../server/domain";
import { createRealtimeHub } from "../../server/realtime/hub";
import { actorFromUser } from "../../server/domain/sessions/session.service";
import type { PostEvent } from "../../shared/realtime/events";
import { createTopic, createUser } from "../factories";
import { as, createForumThread } from "../factories/forum";
import { createTestDatabase } from "../setup/test-database";
import { contextFor } from "../setup/test-deps";
import { startTestServer, type TestServer } from "../setup/test-server";
import { createClientFactory, type ClientFactory, type TestClient } from "../setup/socket-client";

const { forum, groups, accounts, moderation } = services;
const CANARY = "canariorealtimeqz";

let handle: DatabaseHandle;
let server: TestServer;
let clients: ClientFactory;
let topicId: number;
let owner: UserRow;

beforeAll(async () => {
  handle = await createTestDatabase();
  server = await startTestServer(handle, { withRemix: false });
  clients = createClientFactory(server, server.deps);
  topicId = (await createTopic(server.deps.db)).id;
  owner = await createUser(server.deps.db, { site_role: "moderator" });
});
afterAll(async () => {
  clients?.closeAll();
  await server?.close();
  await handle?.close();
});

const user = (overrides: Parameters<typeof createUser>[1] = {}) => createUser(server.deps.db, overrides);
const open = (member: UserRow) => clients.open(member.id);

let replyCount = 0;
/** A reply through the real service (each body different, so no duplicate check ever bites). */
async function reply(author: UserRow, threadId: number, body = "Una respuesta") {
  return forum.createReply(as(server.deps, author), { threadId, body: `${body} (${++replyCount})` });
}

let groupCount = 0;
/** A private working group owned by a site moderator, with these members, and one thread in it. */
async function privateGroupWithThread(members: UserRow[]) {
  groupCount++;
  const group = await groups.createGroup(as(server.deps, owner), {
    topicId,
    kind: "working_group",
    slug: `grupo-vivo-${groupCount}`,
    nameEs: `Grupo ${CANARY} ${groupCount}`,
    namePt: `Grupo ${groupCount}`,
    nameEn: `Group ${groupCount}`,
    joinPolicy: "invite",
  });
  for (const member of members) {
    await groups.inviteToGroup(as(server.deps, owner), { groupId: group.id, invitee: member.handle });
    const [invitation] = await groups.myGroupInvitations(as(server.deps, member));
    await groups.respondToInvitation(as(server.deps, member), { invitationId: invitation.id }, true);
  }
  const { threadId } = await forum.createThread(as(server.deps, owner), {
    groupId: group.id,
    kind: "discussion",
    title: `Hilo ${CANARY} del grupo ${groupCount}`,
    body: `Cuerpo ${CANARY}`,
  });
  return { groupId: group.id, threadId };
}

/** Everything a client received except the handshake greeting. */
const eventsOf = (client: TestClient) => client.received.filter((entry) => entry.event !== "session:ready");
const about = (threadId: number) => (entry: { payload: unknown }) => new RegExp(`"threadId":${threadId}[,}]`).test(JSON.stringify(entry.payload));

describe("a public thread's subscribers", () => {
  it("receive post:created, post:updated, thread:solved and post:removed; list subscribers get thread:activity", async () => {
    const asker = await user();
    const replier = await user();
    const reader = await user();
    const lister = await user();
    const { threadId } = await createForumThread(server.deps, { author: asker, topicId, kind: "question" });
    const readerSocket = await open(reader);
    const listerSocket = await open(lister);

    expect(await readerSocket.request("thread:subscribe", { threadId })).toEqual({ ok: true, data: { missed: [], more: false } });
    expect(await listerSocket.request("list:subscribe", { topicId })).toEqual({ ok: true, data: { room: `topic:${topicId}` } });

    const { postId, position } = await forum.createReply(as(server.deps, replier), { threadId, body: "Probamos **carriles** bici" });
    const created = await readerSocket.waitFor("post:created", (event) => event.postId === postId);
    expect(created).toEqual({
      threadId,
      postId,
      position,
      parentId: null,
      depth: 0,
      author: { handle: replier.handle, displayName: replier.display_name },
      html: expect.stringContaining("<strong>carriles</strong>"),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(position).toBe(2);
    expect(await listerSocket.waitFor("thread:activity", (event) => event.threadId === threadId)).toEqual({
      threadId,
      kind: "reply",
      place: { topicId },
    });

    await forum.editPost(as(server.deps, replier), { postId, body: "Probamos *ciclovías*" });
    expect(await readerSocket.waitFor("post:updated", (event) => event.postId === postId)).toEqual({
      threadId,
      postId,
      position,
      html: expect.stringContaining("<em>ciclovías</em>"),
      editedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    await forum.markSolution(as(server.deps, asker), { postId });
    expect(await readerSocket.waitFor("thread:solved", (event) => event.solutionPostId === postId)).toEqual({ threadId, solutionPostId: postId });

    const second = await reply(replier, threadId, "Otra respuesta");
    await readerSocket.waitFor("post:created", (event) => event.postId === second.postId);
    // The lister is in the topic's list room only: by the second reply's activity, no thread event reached it.
    await listerSocket.waitFor("thread:activity", () => listerSocket.all("thread:activity").length === 2);
    expect(eventsOf(listerSocket).map((entry) => entry.event)).toEqual(["thread:activity", "thread:activity"]);
    await forum.deletePost(as(server.deps, replier), { postId: second.postId });
    expect(await readerSocket.waitFor("post:removed", (event) => event.postId === second.postId)).toEqual({
      threadId,
      postId: second.postId,
      position: second.position,
    });

    // Deleting the solution unmarks it.
    await forum.deletePost(as(server.deps, replier), { postId });
    expect(await readerSocket.waitFor("post:removed", (event) => event.postId === postId)).toEqual({ threadId, postId, position });
    expect(await readerSocket.waitFor("thread:solved", (event) => event.solutionPostId === null)).toEqual({ threadId, solutionPostId: null });
  });

  it("an unsubscribed socket stops receiving the thread's events", async () => {
    const { threadId, author } = await createForumThread(server.deps, { topicId });
    const reader = await open(await user());
    expect((await reader.request("thread:subscribe", { threadId })).ok).toBe(true);
    reader.socket.emit("thread:unsubscribe", { threadId });
    // Its own subscription to a second thread, after the unsubscribe, is the marker.
    const marker = await createForumThread(server.deps, { topicId });
    expect((await reader.request("thread:subscribe", { threadId: marker.threadId })).ok).toBe(true);
    await reply(author, threadId);
    const markerReply = await reply(author, marker.threadId);
    await reader.waitFor("post:created", (event) => event.postId === markerReply.postId);
    expect(eventsOf(reader).filter(about(threadId))).toEqual([]);
  });
});

describe("a private working group's thread", () => {
  it("refuses a non-member's subscriptions exactly as for an id that does not exist, and sends them nothing", async () => {
    const member = await user();
    const outsider = await user();
    const { groupId, threadId } = await privateGroupWithThread([member]);
    const memberSocket = await open(member);
    const outsiderSocket = await open(outsider);

    const refusedThread = await outsiderSocket.request("thread:subscribe", { threadId, sincePosition: 0 });
    expect(refusedThread).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(refusedThread).toEqual(await outsiderSocket.request("thread:subscribe", { threadId: 999_999, sincePosition: 0 }));
    const refusedGroup = await outsiderSocket.request("list:subscribe", { groupId });
    expect(refusedGroup).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(refusedGroup).toEqual(await outsiderSocket.request("list:subscribe", { groupId: 999_999 }));
    expect(JSON.stringify(refusedThread)).not.toContain(CANARY);

    // The outsider may watch the group's (public) topic and a public thread there: the marker.
    expect((await outsiderSocket.request("list:subscribe", { topicId })).ok).toBe(true);
    const marker = await createForumThread(server.deps, { topicId });
    expect((await outsiderSocket.request("thread:subscribe", { threadId: marker.threadId })).ok).toBe(true);

    expect(await memberSocket.request("thread:subscribe", { threadId, sincePosition: 1 })).toEqual({ ok: true, data: { missed: [], more: false } });
    expect(await memberSocket.request("list:subscribe", { groupId })).toEqual({ ok: true, data: { room: `group:${groupId}` } });

    const secret = await forum.createReply(as(server.deps, member), { threadId, body: `Respuesta ${CANARY} interna` });
    const live = await memberSocket.waitFor("post:created", (event) => event.postId === secret.postId);
    expect(live.html).toContain(CANARY);
    expect(await memberSocket.waitFor("thread:activity", (event) => event.threadId === threadId)).toEqual({ threadId, kind: "reply", place: { groupId } });

    const markerReply = await reply(marker.author, marker.threadId);
    await outsiderSocket.waitFor("post:created", (event) => event.postId === markerReply.postId);
    await outsiderSocket.waitFor("thread:activity", (event) => event.threadId === marker.threadId);
    expect(eventsOf(outsiderSocket).filter(about(threadId))).toEqual([]);
    expect(JSON.stringify(outsiderSocket.received)).not.toContain(CANARY);
    expect(eventsOf(outsiderSocket).every(about(marker.threadId))).toBe(true);
  });

  it("a removed member's socket leaves its rooms within a second, is told, and cannot subscribe again", async () => {
    const member = await user();
    const writer = await user();
    const { groupId, threadId } = await privateGroupWithThread([member, writer]);
    const memberSocket = await open(member);
    expect((await memberSocket.request("thread:subscribe", { threadId })).ok).toBe(true);
    expect((await memberSocket.request("list:subscribe", { groupId })).ok).toBe(true);
    const before = await reply(writer, threadId);
    await memberSocket.waitFor("post:created", (event) => event.postId === before.postId);

    const removedAt = Date.now();
    await groups.removeMember(as(server.deps, owner), { groupId, userId: member.id }, false);
    await memberSocket.waitFor("access:changed", () => true, 1000);
    expect(Date.now() - removedAt).toBeLessThan(1000);

    const after = await forum.createReply(as(server.deps, writer), { threadId, body: `Después ${CANARY}` });
    // Marker: a mention in a public thread reaches the member's own room, after the private reply.
    const marker = await createForumThread(server.deps, { topicId });
    const mention = await forum.createReply(as(server.deps, marker.author), { threadId: marker.threadId, body: `Hola @${member.handle}` });
    await memberSocket.waitFor("notification:new", (event) => event.notification.postId === mention.postId);
    expect(memberSocket.all("post:created").map((event) => event.postId)).toEqual([before.postId]);
    // Only the reply from before the removal reached the thread and group rooms.
    expect(memberSocket.all("thread:activity").map((event) => event.threadId)).toEqual([threadId]);
    expect(JSON.stringify(memberSocket.received)).not.toContain(`Después ${CANARY}`);
    expect(after.position).toBeGreaterThan(before.position);

    expect(await memberSocket.request("thread:subscribe", { threadId })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await memberSocket.request("list:subscribe", { groupId })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(memberSocket.socket.connected).toBe(true);
  });

  it("mentioning a non-member notifies nobody; mentioning a member reaches their own room", async () => {
    const member = await user();
    const mentionedMember = await user();
    const outsider = await user();
    const { threadId } = await privateGroupWithThread([member, mentionedMember]);
    const outsiderSocket = await open(outsider);
    const mentionedSocket = await open(mentionedMember);

    const secret = await forum.createReply(as(server.deps, member), {
      threadId,
      body: `Pregunta ${CANARY} para @${outsider.handle} y @${mentionedMember.handle}`,
    });
    const notified = await mentionedSocket.waitFor("notification:new", (event) => event.notification.postId === secret.postId);
    expect(notified.notification).toMatchObject({ kind: "mention", thread: { id: threadId }, postId: secret.postId });
    expect(notified.unreadCount).toBeGreaterThanOrEqual(1);

    // Marker: a mention of the outsider in a public thread, after the private one.
    const marker = await createForumThread(server.deps, { topicId });
    const publicMention = await forum.createReply(as(server.deps, marker.author), { threadId: marker.threadId, body: `Hola @${outsider.handle}` });
    await outsiderSocket.waitFor("notification:new", (event) => event.notification.postId === publicMention.postId);
    expect(outsiderSocket.all("notification:new").map((event) => event.notification.postId)).toEqual([publicMention.postId]);
    expect(JSON.stringify(outsiderSocket.received)).not.toContain(CANARY);
    // Nor was one stored for later.
    const stored = await server.deps.db.selectFrom("notifications").select("post_id").where("user_id", "=", outsider.id).execute();
    expect(stored.map((row) => row.post_id)).toEqual([publicMention.postId]);
  });
});

describe("sessions ending close their sockets", () => {
  it("signing out disconnects that session's sockets within a second, and only those", async () => {
    const member = await user();
    const signingOut = await open(member);
    const sameSession = await clients.open(member.id, { sameSessionAs: signingOut });
    const otherSession = await open(member);

    const startedAt = Date.now();
    await accounts.signOut(contextFor(server.deps, actorFromUser(member), { sessionId: signingOut.sessionId }));
    expect(await signingOut.disconnected(1000)).toBe("io server disconnect");
    expect(await sameSession.disconnected(1000)).toBe("io server disconnect");
    expect(Date.now() - startedAt).toBeLessThan(1000);

    expect(await otherSession.request("notifications:sync", {})).toMatchObject({ ok: true });
    expect(otherSession.socket.connected).toBe(true);
    expect(await clients.tryOpen(signingOut.cookie)).toEqual({ ok: false, reason: "unauthenticated" });
  });

  it("suspending a member disconnects all their sockets within a second", async () => {
    const member = await user();
    const first = await open(member);
    const second = await open(member);
    const startedAt = Date.now();
    await moderation.suspendMember(as(server.deps, owner), { userId: member.id, days: 1, reason: "Spam" });
    expect(await first.disconnected(1000)).toBe("io server disconnect");
    expect(await second.disconnected(1000)).toBe("io server disconnect");
    expect(Date.now() - startedAt).toBeLessThan(1000);
    expect(await clients.tryOpen(first.cookie)).toEqual({ ok: false, reason: "unauthenticated" });
  });

  it("a socket whose session has ended some other way is refused at its next request", async () => {
    const member = await user();
    const socket = await open(member);
    // Expired or removed without an endSession call (another process, a cleanup job): no live notice.
    await server.deps.db.deleteFrom("sessions").where("id", "=", socket.sessionId).execute();
    expect(await socket.request("notifications:sync", {})).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
    await socket.disconnected(1000);
  });
});

describe("catching up from a since-cursor", () => {
  it("a returning page gets exactly the replies it missed, in order, and live events do not repeat them", async () => {
    const reader = await user();
    const { threadId, author } = await createForumThread(server.deps, { topicId });
    const first = await open(reader);
    expect(await first.request("thread:subscribe", { threadId, sincePosition: 1 })).toEqual({ ok: true, data: { missed: [], more: false } });
    first.close();
    await first.disconnected(1000);

    const missed = [await reply(author, threadId), await reply(author, threadId), await reply(author, threadId)];

    const back = await clients.open(reader.id, { sameSessionAs: first });
    const result = await back.request("thread:subscribe", { threadId, sincePosition: 1 });
    expect(result.ok).toBe(true);
    const caught = result.ok ? result.data : { missed: [] as PostEvent[], more: true };
    expect(caught.more).toBe(false);
    expect(caught.missed.map((post) => [post.postId, post.position])).toEqual(missed.map((post) => [post.postId, post.position]));
    expect(caught.missed[0]).toMatchObject({ threadId, author: { handle: author.handle }, parentId: null, depth: 0 });

    const live = await reply(author, threadId);
    await back.waitFor("post:created", (event) => event.postId === live.postId);
    expect(back.all("post:created").map((event) => event.position)).toEqual([live.position]);
    expect(live.position).toBe(5);
  });

  it("says `more` when over fifty replies were missed, and pages on from the last one given", async () => {
    const staffAuthor = await user({ site_role: "moderator" });
    const { threadId } = await createForumThread(server.deps, { topicId, author: staffAuthor });
    for (let i = 0; i < 51; i++) await reply(staffAuthor, threadId, "Respuesta en lote");
    const reader = await open(await user());
    const result = await reader.request("thread:subscribe", { threadId, sincePosition: 1 });
    if (!result.ok) throw new Error(result.error.code);
    expect(result.data.more).toBe(true);
    expect(result.data.missed.map((post) => post.position)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    const rest = await reader.request("thread:subscribe", { threadId, sincePosition: 51 });
    expect(rest.ok && rest.data.more).toBe(false);
    expect(rest.ok && rest.data.missed.map((post) => post.position)).toEqual([52]);
  });
});

describe("abuse", () => {
  /** Sends one raw event and tells whether the server answered (with what) or closed the connection. */
  async function outcome(client: TestClient, send: (raw: { emit(event: string, ...args: unknown[]): unknown }, ack: (result: unknown) => void) => void) {
    return new Promise<{ kind: "ack"; result: unknown } | { kind: "disconnected"; reason: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("neither an answer nor a disconnection within 2 s")), 2000);
      client.disconnected(2000).then(
        (reason) => {
          clearTimeout(timer);
          resolve({ kind: "disconnected", reason });
        },
        () => {},
      );
      send(client.socket as never, (result) => {
        clearTimeout(timer);
        resolve({ kind: "ack", result });
      });
    });
  }

  async function serverStillAnswers() {
    const fresh = await open(await user());
    expect(await fresh.request("notifications:sync", {})).toMatchObject({ ok: true });
    fresh.close();
  }

  it("allows 40 events in ten seconds and disconnects at the 41st", async () => {
    const client = await open(await user());
    for (let i = 0; i < 39; i++) client.socket.emit("typing", { threadId: 1 });
    expect(await client.request("notifications:sync", {})).toMatchObject({ ok: true });
    expect(client.socket.connected).toBe(true);
    client.socket.emit("typing", { threadId: 1 });
    expect(await client.disconnected(1000)).toBe("io server disconnect");
    await serverStillAnswers();
  });

  it("a message over 16 KB closes the connection", async () => {
    const client = await open(await user());
    const result = await outcome(client, (raw, ack) => raw.emit("thread:subscribe", { threadId: 1, padding: "x".repeat(17 * 1024) }, ack));
    expect(result.kind).toBe("disconnected");
    await serverStillAnswers();
  });

  it("malformed payloads are refused (ok:false) or disconnect, and never crash the server", async () => {
    const { threadId } = await createForumThread(server.deps, { topicId });
    const cases: { event: string; args: unknown[]; expect: "refused" | "disconnected" }[] = [
      { event: "thread:subscribe", args: [[threadId]], expect: "disconnected" },
      { event: "thread:subscribe", args: [`${threadId}`], expect: "disconnected" },
      { event: "thread:subscribe", args: [threadId], expect: "disconnected" },
      { event: "thread:subscribe", args: [null], expect: "disconnected" },
      { event: "thread:subscribe", args: [{ threadId, padding: "x".repeat(2000) }], expect: "disconnected" },
      { event: "thread:subscribe", args: [], expect: "disconnected" },
      { event: "thread:subscribe", args: [{}], expect: "refused" },
      { event: "thread:subscribe", args: [{ threadId: "abc" }], expect: "refused" },
      { event: "thread:subscribe", args: [{ threadId: { $gt: 0 } }], expect: "refused" },
      { event: "thread:subscribe", args: [{ threadId: -1 }], expect: "refused" },
      { event: "thread:subscribe", args: [{ threadId: 1e300 }], expect: "refused" },
      { event: "thread:subscribe", args: [{ threadId, sincePosition: "1; drop table posts" }], expect: "refused" },
      { event: "list:subscribe", args: [{ topicId, groupId: 1 }], expect: "refused" },
      { event: "list:subscribe", args: [{}], expect: "refused" },
      { event: "list:subscribe", args: [["topic", topicId]], expect: "disconnected" },
      { event: "notifications:sync", args: [{ sinceId: -5 }], expect: "refused" },
      { event: "notifications:sync", args: ["all"], expect: "disconnected" },
      { event: "typing", args: [[threadId]], expect: "disconnected" },
      { event: "typing", args: ["typing"], expect: "disconnected" },
    ];
    for (const testCase of cases) {
      const client = await open(await user());
      const result = await outcome(client, (raw, ack) => raw.emit(testCase.event, ...testCase.args, ack));
      const label = `${testCase.event} ${JSON.stringify(testCase.args).slice(0, 60)}`;
      if (testCase.expect === "disconnected") {
        expect(result.kind, label).toBe("disconnected");
      } else {
        expect(result, label).toMatchObject({ kind: "ack", result: { ok: false, error: { code: "VALIDATION" } } });
        // A refused request leaves the socket usable, and in no room.
        expect(client.socket.connected, label).toBe(true);
      }
      client.close();
    }
    // Events without an ack, or that do not exist, change nothing either.
    const client = await open(await user());
    const raw = client.socket as unknown as { emit(event: string, payload: unknown): void };
    raw.emit("thread:subscribe", { threadId: "x" });
    raw.emit("admin:join", { room: `thread:${threadId}` });
    raw.emit("join", { room: `thread:${threadId}` });
    expect(await client.request("notifications:sync", {})).toMatchObject({ ok: true });
    const marker = await reply(await user(), threadId);
    expect((await client.request("thread:subscribe", { threadId, sincePosition: marker.position - 1 })).ok).toBe(true);
    expect(client.all("post:created")).toEqual([]);
    await serverStillAnswers();
  });
});

describe("typing", () => {
  it("reaches the thread's other subscribers with the typist's handle, and never from a socket outside the room", async () => {
    const typist = await user({ display_name: "Ana Typist" });
    const watcher = await user();
    const intruder = await user();
    const second = await user();
    const { threadId } = await createForumThread(server.deps, { topicId });
    const typistSocket = await open(typist);
    const watcherSocket = await open(watcher);
    const intruderSocket = await open(intruder);
    const secondSocket = await open(second);
    for (const socket of [typistSocket, watcherSocket, secondSocket]) expect((await socket.request("thread:subscribe", { threadId })).ok).toBe(true);

    typistSocket.socket.emit("typing", { threadId });
    expect(await watcherSocket.waitFor("typing", (event) => event.user.handle === typist.handle)).toEqual({
      threadId,
      user: { handle: typist.handle, displayName: "Ana Typist" },
    });

    // Not subscribed: nothing must reach the room. A private thread it may not see: the same.
    const { threadId: privateThreadId } = await privateGroupWithThread([watcher]);
    expect((await watcherSocket.request("thread:subscribe", { threadId: privateThreadId })).ok).toBe(true);
    intruderSocket.socket.emit("typing", { threadId });
    intruderSocket.socket.emit("typing", { threadId: privateThreadId });
    expect((await intruderSocket.request("thread:subscribe", { threadId: privateThreadId })).ok).toBe(false);
    intruderSocket.socket.emit("typing", { threadId: privateThreadId });
    expect(await intruderSocket.request("notifications:sync", {})).toMatchObject({ ok: true });

    // Marker: a subscriber's typing, sent after the intruder's attempts were handled.
    secondSocket.socket.emit("typing", { threadId });
    await watcherSocket.waitFor("typing", (event) => event.user.handle === second.handle);
    expect(watcherSocket.all("typing").map((event) => event.user.handle)).toEqual([typist.handle, second.handle]);
    // The typist does not hear themselves.
    await typistSocket.waitFor("typing", (event) => event.user.handle === second.handle);
    expect(typistSocket.all("typing").map((event) => event.user.handle)).toEqual([second.handle]);
  });
});

describe("the realtime hub", () => {
  it("disconnects a member's sockets when it cannot ask every instance which rooms they are in", async () => {
    const hub = createRealtimeHub();
    const calls: string[] = [];
    hub.attach(
      {
        in: (room: string) => ({
          fetchSockets: () => Promise.reject(new Error("timeout reached while waiting for fetchSockets response")),
          disconnectSockets: (close: boolean) => calls.push(`disconnect ${room} ${close}`),
          emit: (event: string) => calls.push(`emit ${room} ${event}`),
        }),
      } as never,
      { warn: () => {} },
    );
    await hub.revokeAccess(7);
    expect(calls).toEqual(["disconnect user:7 true"]);
  });
});
