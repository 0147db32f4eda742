// Two Enlace instances, each with its own pool on the same PostgreSQL database, sharing rooms through the
// Redis adapter: what a service does on instance A reaches (or stops reaching) a socket connected to B.
// PGlite is one process's in-memory database, so two instances cannot share it: this file runs with
// `npm run test:pg` (TEST_DATABASE=postgres) and needs Redis at TEST_REDIS_URL (default 127.0.0.1:6379).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/connection";
import type { UserRow } from "../../db/schema";
import { createApp } from "../../server/app";
import { services } from "../../server/domain";
import { actorFromUser } from "../../server/domain/sessions/session.service";
import { attachSockets, type SocketServer } from "../../server/sockets";
import { createTopic, createUser } from "../factories";
import { as, createForumThread } from "../factories/forum";
import { createClientFactory, type ClientFactory } from "../setup/socket-client";
import { createTestDatabase } from "../setup/test-database";
import { contextFor, createTestDeps, type TestDeps } from "../setup/test-deps";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const onPostgres = process.env.TEST_DATABASE === "postgres";
const CANARY = "canarioescalaqz";
const { forum, groups, accounts } = services;

interface Instance {
  url: string;
  origin: string;
  deps: TestDeps;
  http: Server;
  sockets: SocketServer;
  close(): Promise<void>;
}

/** One Enlace instance (Express + Socket.io, no Remix) on an ephemeral port, on its own pool. */
async function startInstance(handle: DatabaseHandle, redisKey: string): Promise<Instance> {
  const http = createServer();
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const deps = createTestDeps(handle, { env: { PUBLIC_URL: origin, REDIS_URL } });
  http.on("request", createApp(deps));
  const sockets = await attachSockets(http, deps, { redisKey });
  return {
    url: origin,
    origin,
    deps,
    http,
    sockets,
    async close() {
      await sockets.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

async function redisReachable(): Promise<void> {
  const client = createClient({ url: REDIS_URL, socket: { reconnectStrategy: false, connectTimeout: 2000 } });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `Redis is not reachable at ${REDIS_URL} (${String(error)}): start it with ` +
        `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no, or set TEST_REDIS_URL`,
    );
  } finally {
    await client.close().catch(() => {});
  }
}

describe.skipIf(!onPostgres)("two instances behind Redis (needs TEST_DATABASE=postgres: PGlite cannot be shared by two pools)", () => {
  let handleA: DatabaseHandle & { url?: string };
  let handleB: DatabaseHandle;
  let a: Instance;
  let b: Instance;
  let clientsOnA: ClientFactory;
  let clientsOnB: ClientFactory;
  let topicId: number;
  let owner: UserRow;

  beforeAll(async () => {
    await redisReachable();
    handleA = await createTestDatabase();
    if (!handleA.url) throw new Error("the PostgreSQL test database has no url");
    handleB = await openDatabase({ kind: "postgres", url: handleA.url, poolSize: 3 });
    // Channels of this run only: other runs sharing the Redis server never reach these rooms.
    const redisKey = `enlace-test-${process.pid}-${Date.now().toString(36)}`;
    a = await startInstance(handleA, redisKey);
    b = await startInstance(handleB, redisKey);
    clientsOnA = createClientFactory(a, a.deps);
    clientsOnB = createClientFactory(b, b.deps);
    topicId = (await createTopic(a.deps.db)).id;
    owner = await createUser(a.deps.db, { site_role: "moderator" });
  });
  afterAll(async () => {
    clientsOnA?.closeAll();
    clientsOnB?.closeAll();
    await a?.close();
    await b?.close();
    await handleB?.close();
    await handleA?.close();
  });

  const user = () => createUser(a.deps.db);

  async function privateGroupWithThread(members: UserRow[]) {
    const group = await groups.createGroup(as(a.deps, owner), {
      topicId,
      kind: "working_group",
      slug: `grupo-escala-${Date.now().toString(36)}`,
      nameEs: `Grupo ${CANARY}`,
      namePt: `Grupo ${CANARY}`,
      nameEn: `Group ${CANARY}`,
      joinPolicy: "invite",
    });
    for (const member of members) {
      await groups.inviteToGroup(as(a.deps, owner), { groupId: group.id, invitee: member.handle });
      const [invitation] = await groups.myGroupInvitations(as(a.deps, member));
      await groups.respondToInvitation(as(a.deps, member), { invitationId: invitation.id }, true);
    }
    const { threadId } = await forum.createThread(as(a.deps, owner), { groupId: group.id, kind: "discussion", title: `Hilo ${CANARY}`, body: `Cuerpo ${CANARY}` });
    return { groupId: group.id, threadId };
  }

  it("a reply posted through A reaches a subscriber connected to B, and only subscribers who may see it", async () => {
    const reader = await user();
    const lister = await user();
    const outsider = await user();
    const member = await user();
    const { threadId, author } = await createForumThread(a.deps, { topicId });
    const { threadId: privateThreadId } = await privateGroupWithThread([member]);

    const readerOnB = await clientsOnB.open(reader.id);
    const listerOnB = await clientsOnB.open(lister.id);
    const outsiderOnB = await clientsOnB.open(outsider.id);
    const memberOnA = await clientsOnA.open(member.id);
    expect((await readerOnB.request("thread:subscribe", { threadId })).ok).toBe(true);
    expect((await listerOnB.request("list:subscribe", { topicId })).ok).toBe(true);
    expect(await outsiderOnB.request("thread:subscribe", { threadId: privateThreadId })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect((await outsiderOnB.request("thread:subscribe", { threadId })).ok).toBe(true);
    expect((await memberOnA.request("thread:subscribe", { threadId: privateThreadId })).ok).toBe(true);

    const secret = await forum.createReply(as(a.deps, member), { threadId: privateThreadId, body: `Secreto ${CANARY}` });
    await memberOnA.waitFor("post:created", (event) => event.postId === secret.postId);

    const { postId, position } = await forum.createReply(as(a.deps, author), { threadId, body: "Respuesta desde la instancia A" });
    expect(await readerOnB.waitFor("post:created", (event) => event.postId === postId)).toMatchObject({
      threadId,
      postId,
      position,
      author: { handle: author.handle },
      html: expect.stringContaining("instancia A"),
    });
    expect(await listerOnB.waitFor("thread:activity", (event) => event.threadId === threadId)).toEqual({ threadId, kind: "reply", place: { topicId } });
    // The public reply, published after the private one, is the outsider's marker.
    await outsiderOnB.waitFor("post:created", (event) => event.postId === postId);
    expect(JSON.stringify(outsiderOnB.received)).not.toContain(CANARY);
    expect(outsiderOnB.all("post:created").map((event) => event.postId)).toEqual([postId]);

    // Typing on A reaches B's subscribers.
    const typistOnA = await clientsOnA.open(author.id);
    expect((await typistOnA.request("thread:subscribe", { threadId })).ok).toBe(true);
    typistOnA.socket.emit("typing", { threadId });
    expect(await readerOnB.waitFor("typing", (event) => event.user.handle === author.handle)).toMatchObject({ threadId });
  });

  it("removing a member through A takes their socket on B out of the group's rooms within a second", async () => {
    const member = await user();
    const writer = await user();
    const { groupId, threadId } = await privateGroupWithThread([member, writer]);
    const memberOnB = await clientsOnB.open(member.id);
    expect((await memberOnB.request("thread:subscribe", { threadId })).ok).toBe(true);
    expect((await memberOnB.request("list:subscribe", { groupId })).ok).toBe(true);
    const before = await forum.createReply(as(a.deps, writer), { threadId, body: "Antes de la baja" });
    await memberOnB.waitFor("post:created", (event) => event.postId === before.postId);

    const removedAt = Date.now();
    await groups.removeMember(as(a.deps, owner), { groupId, userId: member.id }, false);
    await memberOnB.waitFor("access:changed", () => true, 1000);
    expect(Date.now() - removedAt).toBeLessThan(1000);

    await forum.createReply(as(a.deps, writer), { threadId, body: `Después de la baja ${CANARY}` });
    // Marker through A: a mention in a public thread reaches the member's own room on B.
    const marker = await createForumThread(a.deps, { topicId });
    const mention = await forum.createReply(as(a.deps, marker.author), { threadId: marker.threadId, body: `Hola @${member.handle}` });
    await memberOnB.waitFor("notification:new", (event) => event.notification.postId === mention.postId);
    expect(memberOnB.all("post:created").map((event) => event.postId)).toEqual([before.postId]);
    expect(memberOnB.all("thread:activity").map((event) => event.threadId)).toEqual([threadId]);
    expect(JSON.stringify(memberOnB.received)).not.toContain("Después de la baja");

    expect(await memberOnB.request("thread:subscribe", { threadId })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await memberOnB.request("list:subscribe", { groupId })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });

  it("signing out through A disconnects that session's socket on B within a second", async () => {
    const member = await user();
    const onB = await clientsOnB.open(member.id);
    const otherSessionOnB = await clientsOnB.open(member.id);
    const startedAt = Date.now();
    await accounts.signOut(contextFor(a.deps, actorFromUser(member), { sessionId: onB.sessionId }));
    expect(await onB.disconnected(1000)).toBe("io server disconnect");
    expect(Date.now() - startedAt).toBeLessThan(1000);
    expect(await otherSessionOnB.request("notifications:sync", {})).toMatchObject({ ok: true });
  });
});
