// The leak matrix's one fixture: a private working group whose every kind of content carries a canary
// (thread title and body, a reply, a group tag, a document's title, file name and PDF text, an event), a
// pair space with its own canary, and the actors who may or may not see them. Built through the real
// services, in two steps, so a test can photograph the public pages before anything private exists.
import { createRequire } from "node:module";
import type { UserRow } from "../../db/schema";
import { services } from "../../server/domain";
import { createTopic, createUser, DEFAULT_TEST_PASSWORD } from "../factories";
import { simplePdf, uploadTestDocument } from "../factories/documents";
import { createEvent } from "../factories/events";
import { as, createForumThread } from "../factories/forum";
import type { TestServer } from "./test-server";
import { createBrowser } from "./test-server";

/** In everything of the private group. */
export const CANARY = "canarioleakzq";
/** In everything of the pair space. */
export const PAIR_CANARY = "canariodeparzq";
/** Only in the document's PDF text (a search for it must find nothing for outsiders). */
export const PDF_WORD = "zanahoriapdfzq";
/** Ids and slugs that exist nowhere. */
export const MISSING_ID = 99999999;
export const MISSING_SLUG = "grupo-que-no-existe";

export const actorNames = ["anonymous", "nonMember", "removedMember", "siteModerator", "pairMember", "member", "groupModerator", "admin"] as const;
export type ActorName = (typeof actorNames)[number];
/** Who may see the group's canary: its members, its moderators and admins. */
export const seesGroup = (name: ActorName) => name === "member" || name === "groupModerator" || name === "admin";
/** Who may see the pair's canary: the pair and admins. */
export const seesPair = (name: ActorName) => name === "pairMember" || name === "admin";
/** The canaries an actor must never receive. */
export const forbiddenCanaries = (name: ActorName) => [...(seesGroup(name) ? [] : [CANARY]), ...(seesPair(name) ? [] : [PAIR_CANARY])];

export interface LeakActors {
  users: Record<ActorName, UserRow | null>;
  /** The group's owner: a site moderator who created it (not an actor of the matrix). */
  owner: UserRow;
  /** The pair's second official. */
  pairPartner: UserRow;
  topic: { id: number; slug: string; space_id: number };
  /** A public thread in the same topic, for markers and public comparisons. */
  publicThreadId: number;
  publicPostId: number;
}

export interface LeakFixture extends LeakActors {
  groupId: number;
  groupSlug: string;
  groupSpaceId: number;
  tagSlug: string;
  threadId: number;
  /** The thread's first post. */
  firstPostId: number;
  /** The group moderator's reply. */
  replyPostId: number;
  documentId: number;
  eventId: number;
  pairId: number;
  pairThreadId: number;
  pairPostId: number;
}

/** Members for every actor, a public topic with a public thread: nothing private yet. */
export async function createLeakActors(server: TestServer): Promise<LeakActors> {
  const deps = server.deps;
  const topic = await createTopic(deps.db);
  const owner = await createUser(deps.db, { site_role: "moderator" });
  const users: Record<ActorName, UserRow | null> = {
    anonymous: null,
    nonMember: await createUser(deps.db),
    removedMember: await createUser(deps.db),
    siteModerator: await createUser(deps.db, { site_role: "moderator" }),
    pairMember: await createUser(deps.db, { community_role: "national_official", country: "CL", languages: ["es"] }),
    member: await createUser(deps.db),
    groupModerator: await createUser(deps.db),
    admin: await createUser(deps.db, { site_role: "admin" }),
  };
  const pairPartner = await createUser(deps.db, { community_role: "local_official", country: "CL", languages: ["es"] });
  // Webhooks deliver only public content: one listens to everything, so the deliveries can be checked.
  await deps.db
    .insertInto("webhooks")
    .values({ url: "https://hooks.example.org/enlace", secret: "s".repeat(32), events: ["thread:created", "solution:marked", "event:created", "document:created"] })
    .execute();
  const open = await createForumThread(deps, { author: users.nonMember!, topicId: topic.id, title: "Una pregunta pública sobre buses eléctricos" });
  return { users, owner, pairPartner, topic, publicThreadId: open.threadId, publicPostId: open.postId };
}

/** Everything private, each piece with its canary; then the removed member is removed. */
export async function createPrivateContent(server: TestServer, actors: LeakActors): Promise<LeakFixture> {
  const deps = server.deps;
  const { users, owner, topic } = actors;
  const member = users.member!;
  const groupModerator = users.groupModerator!;
  const removed = users.removedMember!;

  const group = await services.groups.createGroup(as(deps, owner), {
    topicId: topic.id,
    kind: "working_group",
    // The address is what a visitor types, so it holds no canary; the group's names do.
    slug: "grupo-reservado-leak",
    nameEs: `Grupo ${CANARY}`,
    namePt: `Grupo ${CANARY}`,
    nameEn: `Group ${CANARY}`,
    joinPolicy: "invite",
  });
  for (const user of [member, groupModerator, removed]) {
    await services.groups.inviteToGroup(as(deps, owner), { groupId: group.id, invitee: user.handle });
    const [invitation] = await services.groups.myGroupInvitations(as(deps, user));
    await services.groups.respondToInvitation(as(deps, user), { invitationId: invitation.id }, true);
  }
  await services.groups.changeMemberRole(as(deps, owner), { groupId: group.id, userId: groupModerator.id, role: "moderator" });
  // Digests are a surface too: the removed member and the non-member read theirs once a day.
  await services.notifications.setEmailMode(as(deps, removed), { mode: "daily" });
  await services.notifications.setEmailMode(as(deps, users.nonMember!), { mode: "daily" });
  await services.notifications.setFollowLevel(as(deps, removed), { target: "group", targetId: group.id, level: "watching" });

  const groupSpaceId = (await deps.db.selectFrom("groups").select("space_id").where("id", "=", group.id).executeTakeFirstOrThrow()).space_id;
  const tagSlug = `etiqueta-${CANARY}`;
  await deps.db
    .insertInto("tags")
    .values({ space_id: groupSpaceId, slug: tagSlug, name: JSON.stringify({ es: `Etiqueta ${CANARY}`, pt: `Etiqueta ${CANARY}`, en: `Tag ${CANARY}` }) })
    .execute();

  const created = await services.forum.createThread(as(deps, member), {
    groupId: group.id,
    kind: "question",
    title: `Pregunta ${CANARY} del grupo`,
    body: `Cuerpo secreto ${CANARY} con detalles`,
    tags: [tagSlug],
  });
  const reply = await services.forum.createReply(as(deps, groupModerator), { threadId: created.threadId, body: `Respuesta ${CANARY} interna` });
  // Mentions of people who may not see the thread notify nobody.
  await services.forum.createReply(as(deps, member), {
    threadId: created.threadId,
    parentId: reply.postId,
    body: `Gracias @${groupModerator.handle}; ¿@${users.nonMember!.handle} y @${users.siteModerator!.handle} lo saben? ${CANARY}`,
  });

  // A flag on a private post, with a note: the group's moderators review it; site moderators see nothing of it.
  await services.moderation.flagPost(as(deps, member), { postId: reply.postId, reason: "other", note: `Nota ${CANARY}` });

  const document = await uploadTestDocument(deps, member, {
    place: `group:${group.id}`,
    title: `Informe ${CANARY} del grupo`,
    description: `Resumen ${CANARY}`,
    fileName: `informe-${CANARY}.pdf`,
    bytes: simplePdf(`Informe ${CANARY}`, [`Contenido reservado ${CANARY} y ${PDF_WORD} para el grupo.`]),
  });

  const event = await createEvent(deps, { organiser: owner, groupId: group.id, title: `Taller ${CANARY} del grupo`, description: `Agenda ${CANARY}` });
  await services.events.register(as(deps, member), { eventId: event.id });

  const pairMember = users.pairMember!;
  const { requestId } = await services.pairs.sendRequest(as(deps, pairMember), { to: actors.pairPartner.handle, message: "¿Trabajamos juntos?", topicId: topic.id });
  const { pairId } = await services.pairs.respondToRequest(as(deps, actors.pairPartner), { requestId }, true);
  const pairThread = await services.forum.createThread(as(deps, actors.pairPartner), {
    pairId: pairId!,
    kind: "discussion",
    title: `Plan ${PAIR_CANARY} de la pareja`,
    body: `Borrador ${PAIR_CANARY} del plan`,
  });

  await services.groups.removeMember(as(deps, owner), { groupId: group.id, userId: removed.id }, false);

  const documentId = document.documentId;
  return {
    ...actors,
    groupId: group.id,
    groupSlug: group.slug,
    groupSpaceId,
    tagSlug,
    threadId: created.threadId,
    firstPostId: created.postId,
    replyPostId: reply.postId,
    documentId,
    eventId: event.id,
    pairId: pairId!,
    pairThreadId: pairThread.threadId,
    pairPostId: pairThread.postId,
  };
}

export type Browser = ReturnType<typeof createBrowser>;

/** A browser signed in as the actor (anonymous: no cookie). */
export async function signedInBrowser(server: TestServer, user: UserRow | null): Promise<Browser> {
  const browser = createBrowser(server, "es");
  if (user) {
    const response = await browser.post("/sign-in", { email: user.email, password: DEFAULT_TEST_PASSWORD });
    if (response.status !== 302) throw new Error(`${user.handle} could not sign in: ${response.status}`);
  }
  return browser;
}

/** Any request with the browser's cookies and a same-origin header (API writes, JSON). */
export async function request(server: TestServer, browser: Browser | null, method: string, path: string, body?: unknown): Promise<Response> {
  const cookie = browser ? [...browser.jar].map(([name, value]) => `${name}=${value}`).join("; ") : "";
  return fetch(server.url + path, {
    method,
    redirect: "manual",
    headers: {
      accept: "application/json",
      "accept-language": "es",
      origin: server.origin,
      ...(cookie ? { cookie } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export interface PageRoute {
  id: string;
  /** "/t/:threadId", "/events/:id.ics", "/*" */
  path: string;
  params: string[];
}

/** Every Remix route of web/routes, with its full path, through Remix's own flat-routes convention. */
export function remixRoutes(): PageRoute[] {
  const require = createRequire(import.meta.url);
  const { flatRoutes } = require("@remix-run/dev/dist/config/flat-routes.js") as {
    flatRoutes: (appDirectory: string) => Record<string, { id: string; path?: string; parentId?: string; index?: boolean }>;
  };
  const manifest = flatRoutes(new URL("../../web", import.meta.url).pathname);
  return Object.values(manifest).map((route) => {
    const parts: string[] = [];
    for (let at: typeof route | undefined = route; at; at = at.parentId ? manifest[at.parentId] : undefined) if (at.path) parts.unshift(at.path);
    const path = "/" + parts.join("/");
    return { id: route.id, path, params: [...path.matchAll(/:(\w+)|\*/g)].map((match) => match[1] ?? "*") };
  });
}

/** The parts of a page that differ between two requests for reasons other than content. */
export function normalise(html: string, replacements: [string, string][] = []): string {
  let out = html.replace(/nonce="[^"]*"/g, 'nonce=""').replace(/csrf[^"]*"[^"]*"/gi, "csrf");
  for (const [from, to] of replacements) out = out.replaceAll(from, to);
  return out;
}
