// A canary in a private working group must reach no one but its members and admins, on any surface
// that exists: pages, JSON API, search, lists, profiles, page titles. Sequential ids of its threads and
// posts answer exactly like ids that do not exist.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import type { UserRow } from "../../db/schema";
import { services } from "../../server/domain";
import { createTopic, createUser, DEFAULT_TEST_PASSWORD } from "../factories";
import { as } from "../factories/forum";
import { createTestDatabase } from "../setup/test-database";
import { createBrowser, startTestServer, type TestServer } from "../setup/test-server";

const CANARY = "canarioxq";
let handle: DatabaseHandle;
let server: TestServer;
let actors: Record<string, UserRow | null>;
let groupSlug: string;
let threadId: number;
let postId: number;
let authorHandle: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  server = await startTestServer(handle);
  const deps = server.deps;
  const topic = await createTopic(deps.db);
  const owner = await createUser(deps.db, { site_role: "moderator" });
  const groupModerator = await createUser(deps.db);
  const member = await createUser(deps.db);
  const removed = await createUser(deps.db);
  actors = {
    anonymous: null,
    nonMember: await createUser(deps.db),
    removedMember: removed,
    member,
    groupModerator,
    admin: await createUser(deps.db, { site_role: "admin" }),
  };
  const group = await services.groups.createGroup(as(deps, owner), {
    topicId: topic.id,
    kind: "working_group",
    // The address is what a visitor types, so it holds no canary; the group's name does.
    slug: "grupo-reservado",
    nameEs: `Grupo ${CANARY}`,
    namePt: `Grupo ${CANARY}`,
    nameEn: `Group ${CANARY}`,
    joinPolicy: "invite",
  });
  groupSlug = group.slug;
  for (const user of [member, groupModerator, removed]) {
    await services.groups.inviteToGroup(as(deps, owner), { groupId: group.id, invitee: user.handle });
    const [invitation] = await services.groups.myGroupInvitations(as(deps, user));
    await services.groups.respondToInvitation(as(deps, user), { invitationId: invitation.id }, true);
  }
  await services.groups.changeMemberRole(as(deps, owner), { groupId: group.id, userId: groupModerator.id, role: "moderator" });
  // The group's own tag: its name is as private as the group.
  const spaceId = (await deps.db.selectFrom("groups").select("space_id").where("id", "=", group.id).executeTakeFirstOrThrow()).space_id;
  await deps.db
    .insertInto("tags")
    .values({ space_id: spaceId, slug: `tag-${CANARY}`, name: JSON.stringify({ es: `Etiqueta ${CANARY}`, pt: CANARY, en: CANARY }) })
    .execute();
  const created = await services.forum.createThread(as(deps, member), {
    groupId: group.id,
    kind: "question",
    title: `Pregunta ${CANARY} del grupo`,
    body: `Cuerpo secreto ${CANARY} con detalles`,
    tags: [`tag-${CANARY}`],
  });
  threadId = created.threadId;
  postId = (await services.forum.createReply(as(deps, groupModerator), { threadId, body: `Respuesta ${CANARY} interna` })).postId;
  authorHandle = member.handle;
  await services.groups.removeMember(as(deps, owner), { groupId: group.id, userId: removed.id }, false);
});
afterAll(async () => {
  await server?.close();
  await handle?.close();
});

async function browserFor(name: string) {
  const browser = createBrowser(server, "es");
  const user = actors[name];
  if (user) {
    const response = await browser.post("/sign-in", { email: user.email, password: DEFAULT_TEST_PASSWORD });
    expect(response.status, `${name} signs in`).toBe(302);
  }
  return browser;
}

const allowed = new Set(["member", "groupModerator", "admin"]);

describe("leak matrix: a private group's canary", () => {
  const surfaces = () => [
    `/g/${groupSlug}`,
    `/g/${groupSlug}/members`,
    `/t/${threadId}`,
    `/p/${postId}`,
    `/p/${postId}/history`,
    `/topics`,
    `/groups`,
    `/search?q=secreto`,
    `/u/${authorHandle}`,
    `/u/${authorHandle}?tab=replies`,
    `/api/v1/threads?limit=100`,
    `/api/v1/threads/${threadId}`,
    `/api/v1/posts/${postId}/revisions`,
    `/api/v1/search?q=secreto`,
  ];

  for (const name of ["anonymous", "nonMember", "removedMember", "member", "groupModerator", "admin"]) {
    it(`${name}: ${allowed.has(name) ? "sees it" : "sees nothing of it, anywhere"}`, async () => {
      const browser = await browserFor(name);
      let seen = 0;
      for (const path of surfaces()) {
        const response = await browser.get(path, path.startsWith("/api/") ? { accept: "application/json" } : {});
        const body = await response.text();
        const follows = response.status === 302 ? response.headers.get("location") ?? "" : "";
        if (allowed.has(name)) {
          if (body.includes(CANARY) || follows.includes(String(threadId))) seen++;
        } else {
          expect(body, `${name} ${path}`).not.toContain(CANARY);
          expect([200, 404], `${name} ${path}`).toContain(response.status);
          expect(follows, `${name} ${path}`).toBe("");
        }
      }
      if (allowed.has(name)) expect(seen).toBeGreaterThanOrEqual(8);
    });
  }

  it("an outsider's 404 for the thread is byte-for-byte the page of a thread that does not exist", async () => {
    const browser = await browserFor("nonMember");
    const hidden = await browser.get(`/t/${threadId}`);
    const missing = await browser.get(`/t/99999999`);
    expect(hidden.status).toBe(404);
    // Only the nonce and the address the visitor typed may differ.
    const strip = (html: string, id: string | number) => html.replace(/nonce="[^"]*"/g, "").replaceAll(`/t/${id}`, "/t/ID");
    expect(strip(await hidden.text(), threadId)).toBe(strip(await missing.text(), 99999999));
    const apiHidden = await browser.get(`/api/v1/threads/${threadId}`);
    const apiMissing = await browser.get(`/api/v1/threads/99999999`);
    expect(apiHidden.status).toBe(404);
    expect(await apiHidden.json()).toEqual(await apiMissing.json());
  });

  it("an IDOR sweep over sequential ids shows an outsider no title", async () => {
    const browser = await browserFor("nonMember");
    for (let id = 1; id <= threadId + 2; id++) {
      const page = await browser.get(`/t/${id}`);
      expect(await page.text(), `/t/${id}`).not.toContain(CANARY);
      const post = await browser.get(`/p/${id}`);
      expect(post.headers.get("location") ?? "", `/p/${id}`).not.toContain(`/t/${threadId}`);
    }
  });
});
