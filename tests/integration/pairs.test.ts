import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import type { UserRow } from "../../db/schema";
import { services } from "../../server/domain";
import { createTopic, createUser } from "../factories";
import { as } from "../factories/forum";
import { createTestDatabase } from "../setup/test-database";
import { createTestDeps, type TestDeps } from "../setup/test-deps";

const { pairs, forum, experts, groups, notifications, accounts } = services;
let handle: DatabaseHandle;
let deps: TestDeps;
let topicA: { id: number; slug: string; space_id: number };
let topicB: { id: number; slug: string; space_id: number };
let moderator: UserRow;
let admin: UserRow;

const HOUR = 60 * 60 * 1000;

beforeAll(async () => {
  handle = await createTestDatabase();
  deps = createTestDeps(handle);
  topicA = await createTopic(deps.db, { position: 0 });
  topicB = await createTopic(deps.db, { position: 1 });
  moderator = await createUser(deps.db, { site_role: "moderator" });
  admin = await createUser(deps.db, { site_role: "admin" });
});
afterAll(async () => {
  await handle?.close();
});

const national = (overrides: Parameters<typeof createUser>[1] = {}) =>
  createUser(deps.db, { community_role: "national_official", country: "CL", languages: ["es"], ...overrides });
const local = (overrides: Parameters<typeof createUser>[1] = {}) =>
  createUser(deps.db, { community_role: "local_official", country: "CL", languages: ["es"], ...overrides });
const verifiedExpert = (overrides: Parameters<typeof createUser>[1] = {}) =>
  createUser(deps.db, { community_role: "expert", partner_org: "giz", expert_verified_at: new Date(), ...overrides });

async function follow(user: UserRow, spaceId: number) {
  await deps.db.insertInto("space_follows").values({ user_id: user.id, space_id: spaceId, level: "tracking", reason: "chosen" }).execute();
}

/** N asks L, L accepts: the pair's id. */
async function pairUp(n: UserRow, l: UserRow, topicId?: number) {
  const { requestId } = await pairs.sendRequest(as(deps, n), { to: l.handle, message: "¿Trabajamos juntos?", topicId });
  const { pairId } = await pairs.respondToRequest(as(deps, l), { requestId }, true);
  return pairId!;
}

async function kindsFor(user: UserRow) {
  return (await notifications.list(as(deps, user), {})).items.map((item) => item.kind);
}

describe("suggested partners", () => {
  it("ranks local officials by same country, shared topics and shared languages; never suggests who may not take part", async () => {
    const country = "UY";
    const me = await national({ country, languages: ["es", "en"] });
    await follow(me, topicA.space_id);
    const best = await local({ country, languages: ["es"], display_name: "Zeta Mejor" });
    await follow(best, topicA.space_id);
    const sameCountry = await local({ country, languages: ["pt"], display_name: "Alfa Mismo País" });
    const sharedTopic = await local({ country: "PY", languages: ["es"], display_name: "Beta Tema" });
    // Interest shown by posting publicly in topic A.
    await forum.createThread(as(deps, sharedTopic), { topicId: topicA.id, kind: "discussion", title: "Una experiencia de Asunción", body: "Contamos lo que hicimos." });
    const languageOnly = await local({ country: "PY", languages: ["en"], display_name: "Gamma Idioma" });
    const suspended = await local({ country, suspended_until: new Date(Date.now() + 24 * HOUR) });
    const unverified = await local({ country, email_verified_at: null });
    const pending = await local({ country, status: "pending" });
    const expert = await verifiedExpert({ country });
    const nationalToo = await national({ country });
    const alreadyPaired = await local({ country });
    await pairUp(me, alreadyPaired);
    const asked = await local({ country });
    await pairs.sendRequest(as(deps, me), { to: asked.handle });

    const suggestions = await pairs.suggest(as(deps, me), {});
    const handles = suggestions.map((s) => s.official.handle);
    expect(handles.slice(0, 4)).toEqual([best.handle, sameCountry.handle, sharedTopic.handle, languageOnly.handle]);
    for (const excluded of [suspended, unverified, pending, expert, nationalToo, alreadyPaired, asked, me]) expect(handles).not.toContain(excluded.handle);
    expect(suggestions[0]).toMatchObject({ sameCountry: true, sharedTopics: [{ slug: topicA.slug }], sharedLanguages: ["es"] });
    expect(suggestions[2]).toMatchObject({ sameCountry: false, sharedTopics: [{ slug: topicA.slug }] });
    expect(suggestions[3]).toMatchObject({ sameCountry: false, sharedTopics: [], sharedLanguages: ["en"] });

    // Filters: country, topic interest, language.
    expect((await pairs.suggest(as(deps, me), { country: "PY" })).map((s) => s.official.handle)).toEqual([sharedTopic.handle, languageOnly.handle]);
    expect((await pairs.suggest(as(deps, me), { topic: topicA.slug })).map((s) => s.official.handle)).toEqual([best.handle, sharedTopic.handle]);
    expect((await pairs.suggest(as(deps, me), { language: "pt" })).map((s) => s.official.handle)).toEqual([sameCountry.handle]);

    // Local officials see national ones; members of other roles get no suggestions.
    expect((await pairs.suggest(as(deps, best), { country })).map((s) => s.official.handle)).toContain(nationalToo.handle);
    expect(await pairs.suggest(as(deps, expert), {})).toEqual([]);
  });
});

describe("pair requests", () => {
  it("request, accept: the pair's space is visible to both (and admins), 404 to everyone else", async () => {
    const n = await national();
    const l = await local();
    const outsider = await local();
    const { requestId } = await pairs.sendRequest(as(deps, n), { to: `@${l.handle}`, message: "Hola, ¿formamos pareja?", topicId: topicA.id });
    expect((await notifications.list(as(deps, l), {})).items.find((item) => item.kind === "pair_request")?.url).toBe("/pairs");
    const incoming = await pairs.myRequests(as(deps, l));
    expect(incoming.incoming).toHaveLength(1);
    expect(incoming.incoming[0]).toMatchObject({ message: "Hola, ¿formamos pareja?", from: { handle: n.handle }, topic: { slug: topicA.slug } });
    expect((await pairs.myRequests(as(deps, n))).outgoing.map((r) => r.id)).toEqual([requestId]);

    // Only the asked official answers.
    await expect(pairs.respondToRequest(as(deps, outsider), { requestId }, true)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(pairs.respondToRequest(as(deps, n), { requestId }, true)).rejects.toMatchObject({ code: "NOT_FOUND" });

    const { pairId } = await pairs.respondToRequest(as(deps, l), { requestId }, true);
    expect(pairId).toBeTypeOf("number");
    const told = (await notifications.list(as(deps, n), {})).items.find((item) => item.kind === "pair_accepted");
    expect(told?.url).toBe(`/pairs/${pairId}`);

    for (const member of [n, l, admin]) {
      const pair = await pairs.get(as(deps, member), { pairId });
      expect(pair).toMatchObject({ national: { handle: n.handle }, local: { handle: l.handle }, topic: { slug: topicA.slug }, country: "CL" });
    }
    expect((await pairs.get(as(deps, n), { pairId })).can).toMatchObject({ post: true, askAsPair: true, inviteExpert: true, end: true });

    const { threadId } = await forum.createThread(as(deps, l), { pairId, kind: "discussion", title: "Nuestro plan de trabajo", body: "Primer borrador del plan zanahoria." });
    for (const actor of [outsider, null]) {
      await expect(pairs.get(as(deps, actor), { pairId })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(forum.getThreadPage(as(deps, actor), { threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect((await forum.listThreads(as(deps, actor), {})).threads.some((t) => t.id === threadId)).toBe(false);
      expect((await forum.listThreads(as(deps, actor), { pair: pairId })).threads.some((t) => t.id === threadId)).toBe(false);
      expect((await forum.search(as(deps, actor), { q: "zanahoria" })).hits).toHaveLength(0);
    }
    await expect(forum.createThread(as(deps, outsider), { pairId, kind: "discussion", title: "Intento de intrusión", body: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(forum.createReply(as(deps, outsider), { threadId, body: "intruso" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await forum.getThreadPage(as(deps, n), { threadId })).thread).toMatchObject({ author: { handle: l.handle }, coAuthor: { handle: n.handle } });
    expect((await forum.listThreads(as(deps, n), { pair: pairId })).threads.map((t) => t.id)).toEqual([threadId]);

    // Drafts of a new thread in the pair's space are kept for its members only.
    await forum.saveDraft(as(deps, n), { key: `thread:pair:${pairId}`, title: "Borrador", body: "Texto" });
    expect((await forum.getDraft(as(deps, n), `thread:pair:${pairId}`))?.body).toBe("Texto");
    await expect(forum.saveDraft(as(deps, outsider), { key: `thread:pair:${pairId}`, title: "x", body: "y" })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Paired already: no second request either way.
    await expect(pairs.sendRequest(as(deps, l), { to: n.handle })).rejects.toMatchObject({ code: "CONFLICT", messageKey: "pair.already_paired" });
    expect((await pairs.mine(as(deps, n))).map((p) => p.id)).toEqual([pairId]);
  });

  it("one pending request per direction; the other direction is pointed at the waiting one", async () => {
    const n = await national();
    const l = await local();
    await pairs.sendRequest(as(deps, n), { to: l.handle });
    await expect(pairs.sendRequest(as(deps, n), { to: l.handle, message: "¿Recibiste mi solicitud?" })).rejects.toMatchObject({ code: "CONFLICT", messageKey: "pair.request_pending" });
    await expect(pairs.sendRequest(as(deps, l), { to: n.handle })).rejects.toMatchObject({ code: "CONFLICT", messageKey: "pair.they_asked_you" });
    const count = await deps.db.selectFrom("pair_requests").select((eb) => eb.fn.countAll<number>().as("n")).where("from_id", "in", [n.id, l.id]).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it("refuses partners of the wrong role, unknown or suspended ones, and non-officials", async () => {
    const n = await national();
    const otherNational = await national();
    const suspended = await local({ suspended_until: new Date(Date.now() + HOUR) });
    const expert = await verifiedExpert();
    await expect(pairs.sendRequest(as(deps, n), { to: otherNational.handle })).rejects.toMatchObject({ fieldErrors: { to: "pair.partner_wrong_role" } });
    await expect(pairs.sendRequest(as(deps, n), { to: suspended.handle })).rejects.toMatchObject({ fieldErrors: { to: "pair.partner_unknown" } });
    await expect(pairs.sendRequest(as(deps, n), { to: "nadie_por_aqui" })).rejects.toMatchObject({ fieldErrors: { to: "pair.partner_unknown" } });
    await expect(pairs.sendRequest(as(deps, expert), { to: (await local()).handle })).rejects.toMatchObject({ code: "FORBIDDEN", messageKey: "pair.only_officials" });
    await expect(pairs.sendRequest(as(deps, null), { to: n.handle })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("decline tells the asker, who may ask again later; a withdrawn request can no longer be answered", async () => {
    const n = await national();
    const l = await local();
    const { requestId } = await pairs.sendRequest(as(deps, n), { to: l.handle, message: "¿Pareja?" });
    expect(await pairs.respondToRequest(as(deps, l), { requestId }, false)).toEqual({ pairId: null });
    expect(await kindsFor(n)).toContain("pair_declined");
    await expect(pairs.respondToRequest(as(deps, l), { requestId }, true)).rejects.toMatchObject({ code: "CONFLICT", messageKey: "pair.request_decided" });
    expect(await deps.db.selectFrom("pairs").select("id").where("national_id", "=", n.id).execute()).toEqual([]);

    const again = await pairs.sendRequest(as(deps, n), { to: l.handle, message: "¿Y ahora?" });
    await expect(pairs.cancelRequest(as(deps, l), { requestId: again.requestId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await pairs.cancelRequest(as(deps, n), { requestId: again.requestId });
    expect((await pairs.myRequests(as(deps, l))).incoming).toEqual([]);
    await expect(pairs.respondToRequest(as(deps, l), { requestId: again.requestId }, true)).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("either official ends the pair: the other is told, the space keeps its record but takes no new questions", async () => {
    const n = await national();
    const l = await local();
    const pairId = await pairUp(n, l, topicA.id);
    const { threadId } = await forum.createThread(as(deps, n), { pairId, kind: "discussion", title: "Notas de la primera reunión", body: "Acuerdos." });
    const outsider = await national();
    await expect(pairs.end(as(deps, outsider), { pairId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await pairs.end(as(deps, l), { pairId });
    expect(await kindsFor(n)).toContain("pair_ended");
    const ended = await pairs.get(as(deps, n), { pairId });
    expect(ended.endedAt).not.toBeNull();
    expect(ended.can).toMatchObject({ post: false, askAsPair: false, inviteExpert: false, end: false });
    expect((await forum.getThreadPage(as(deps, n), { threadId })).thread.id).toBe(threadId);
    await expect(forum.createThread(as(deps, n), { pairId, kind: "discussion", title: "Otra nota después del fin", body: "x" })).rejects.toMatchObject({ code: "CONFLICT", messageKey: "pair.ended" });
    expect((await pairs.directory(as(deps, null), {})).pairs.some((p) => p.id === pairId)).toBe(false);
    // They may pair up again: a new pair with a new space.
    const again = await pairUp(l, n);
    expect(again).not.toBe(pairId);
  });
});

describe("a pair's joint question", () => {
  it("shows both officials as authors, and a reply notifies both", async () => {
    const n = await national();
    const l = await local();
    const pairId = await pairUp(n, l, topicA.id);
    const { threadId } = await forum.createThread(as(deps, n), {
      asPairId: pairId,
      topicId: topicA.id,
      kind: "question",
      title: "¿Cómo combinar un fondo nacional con una licitación municipal?",
      body: "Preguntamos en pareja.",
    });
    const thread = await deps.db.selectFrom("threads").select(["space_id", "pair_id", "author_id"]).where("id", "=", threadId).executeTakeFirstOrThrow();
    expect(thread).toEqual({ space_id: topicA.space_id, pair_id: pairId, author_id: n.id });
    // Public: anyone sees both authors, on the page and in lists.
    const page = await forum.getThreadPage(as(deps, null), { threadId });
    expect(page.thread.author?.handle).toBe(n.handle);
    expect(page.thread.coAuthor?.handle).toBe(l.handle);
    const listed = (await forum.listThreads(as(deps, null), { topic: topicA.slug })).threads.find((t) => t.id === threadId);
    expect(listed?.coAuthor?.handle).toBe(l.handle);
    expect((await forum.listThreads(as(deps, l), { pair: pairId })).threads.map((t) => t.id)).toContain(threadId);
    // The co-author follows it as one of its authors.
    expect(await notifications.getFollowState(as(deps, l), "thread", threadId)).toMatchObject({ effective: "tracking" });

    const replier = await createUser(deps.db);
    await forum.createReply(as(deps, replier), { threadId, body: "En Colombia el fondo garantiza el contrato." });
    for (const official of [n, l]) {
      const items = (await notifications.list(as(deps, official), {})).items;
      expect(items.find((item) => item.kind === "reply" && item.thread?.id === threadId)).toBeDefined();
    }
    // A reply by one of the two tells the other.
    await forum.createReply(as(deps, n), { threadId, body: "Gracias, ¿y el riesgo de baterías?" });
    const forLocal = (await notifications.list(as(deps, l), {})).items.filter((item) => item.kind === "reply" && item.thread?.id === threadId);
    expect(forLocal).toHaveLength(2);
    // Both are askers: the co-author may mark the solution, someone else may not.
    const answer = await forum.createReply(as(deps, replier), { threadId, body: "El fondo cubre la diferencia de precio." });
    await expect(forum.markSolution(as(deps, await createUser(deps.db)), { postId: answer.postId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await forum.getThreadPage(as(deps, l), { threadId })).can.markSolution).toBe(true);
    await forum.markSolution(as(deps, l), { postId: answer.postId });
    expect((await forum.getThreadPage(as(deps, null), { threadId })).solution?.id).toBe(answer.postId);
  });

  it("only the pair's officials ask as the pair", async () => {
    const n = await national();
    const l = await local();
    const pairId = await pairUp(n, l);
    const outsider = await local();
    const expert = await verifiedExpert();
    await pairs.inviteExpert(as(deps, n), { pairId, invitee: expert.handle });
    const ask = (who: UserRow) => forum.createThread(as(deps, who), { asPairId: pairId, topicId: topicA.id, kind: "question", title: "Una pregunta como pareja", body: "?" });
    await expect(ask(outsider)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(ask(expert)).rejects.toMatchObject({ code: "FORBIDDEN", messageKey: "pair.only_the_pair" });
    await expect(forum.createThread(as(deps, n), { asPairId: pairId, kind: "question", title: "Sin tema elegido", body: "?" })).rejects.toMatchObject({
      fieldErrors: { topicId: "validation.topic_unknown" },
    });
  });
});

describe("experts in a pair's space", () => {
  it("the officials invite a verified expert, who then reads and writes there; removal takes effect at once", async () => {
    const n = await national();
    const l = await local();
    const pairId = await pairUp(n, l);
    const expert = await verifiedExpert();
    const unverified = await createUser(deps.db, { community_role: "expert", partner_org: "afd" });
    const { threadId } = await forum.createThread(as(deps, l), { pairId, kind: "question", title: "¿Qué garantías pedir al fabricante?", body: "Detalle." });
    await expect(pairs.get(as(deps, expert), { pairId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(pairs.inviteExpert(as(deps, expert), { pairId, invitee: expert.handle })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(pairs.inviteExpert(as(deps, n), { pairId, invitee: unverified.handle })).rejects.toMatchObject({ fieldErrors: { invitee: "pair.expert_unknown" } });

    await pairs.inviteExpert(as(deps, n), { pairId, invitee: `@${expert.handle}` });
    const invitation = (await notifications.list(as(deps, expert), {})).items.find((item) => item.kind === "pair_invitation");
    expect(invitation?.url).toBe(`/pairs/${pairId}`);
    await expect(pairs.inviteExpert(as(deps, l), { pairId, invitee: expert.handle })).rejects.toMatchObject({ fieldErrors: { invitee: "pair.expert_already_in" } });
    const view = await pairs.get(as(deps, expert), { pairId });
    expect(view.experts.map((e) => e.handle)).toEqual([expert.handle]);
    expect(view.can).toMatchObject({ post: true, askAsPair: false, inviteExpert: false, end: false, leave: true });
    await forum.createReply(as(deps, expert), { threadId, body: "Pidan capacidad residual mínima del 80 % a los 8 años." });
    expect((await forum.getThreadPage(as(deps, expert), { threadId })).posts).toHaveLength(1);
    // The expert's reply answers the pair: both officials hear of it.
    expect(await kindsFor(l)).toContain("reply");
    expect(await kindsFor(n)).toContain("reply");

    await pairs.removeExpert(as(deps, l), { pairId, userId: expert.id });
    await expect(pairs.get(as(deps, expert), { pairId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(forum.getThreadPage(as(deps, expert), { threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await kindsFor(expert)).not.toContain("pair_invitation");
  });
});

describe("directory of pairs", () => {
  it("lists active pairs by country and topic, showing only who and where", async () => {
    const ar1 = await pairUp(await national({ country: "AR" }), await local({ country: "AR" }), topicA.id);
    const ar2 = await pairUp(await national({ country: "AR" }), await local({ country: "AR" }), topicB.id);
    const mixed = await pairUp(await national({ country: "BO" }), await local({ country: "EC" }), topicB.id);
    const ids = async (filters: Record<string, string>) => (await pairs.directory(as(deps, null), filters)).pairs.map((p) => p.id);
    expect(await ids({ country: "AR" })).toEqual([ar2, ar1]);
    expect(await ids({ country: "ar", topic: topicA.slug })).toEqual([ar1]);
    expect(await ids({ topic: topicB.slug })).toEqual(expect.arrayContaining([ar2, mixed]));
    // A pair across countries is found under either official's country.
    expect(await ids({ country: "BO" })).toEqual([mixed]);
    expect(await ids({ country: "EC" })).toEqual([mixed]);
    const [card] = (await pairs.directory(as(deps, null), { country: "EC" })).pairs;
    expect(card).toMatchObject({ country: "EC", national: { country: "BO" }, local: { country: "EC" }, mine: false });
    expect(Object.keys(card)).not.toContain("spaceId");
    // Paged with a keyset cursor.
    const first = await pairs.directory(as(deps, null), { country: "AR", limit: 1 });
    expect(first.pairs.map((p) => p.id)).toEqual([ar2]);
    expect((await pairs.directory(as(deps, null), { country: "AR", limit: 1, cursor: first.nextCursor! })).pairs.map((p) => p.id)).toEqual([ar1]);
  });
});

describe("expert directory", () => {
  let topic: { id: number; slug: string; space_id: number };
  let expert: UserRow;
  let group: { id: number; slug: string };

  beforeAll(async () => {
    topic = await createTopic(deps.db);
    expert = await verifiedExpert({ country: "MX", languages: ["es", "en"], partner_org: "eclac", display_name: "Experta Cifras" });
    group = await groups.createGroup(as(deps, moderator), { topicId: topic.id, kind: "expert_group", slug: "expertos-cifras", nameEs: "Cifras", namePt: "Cifras", nameEn: "Figures", joinPolicy: "invite" });
    await groups.inviteToGroup(as(deps, moderator), { groupId: group.id, invitee: expert.handle });
    await groups.respondToInvitation(as(deps, expert), { invitationId: (await groups.myGroupInvitations(as(deps, expert)))[0].id }, true);
  });

  it("filters verified experts by topic, organisation, country, language and availability", async () => {
    const elsewhere = await verifiedExpert({ country: "BR", languages: ["pt"], partner_org: "myc" });
    const unverified = await createUser(deps.db, { community_role: "expert", partner_org: "eclac", country: "MX" });
    const handles = async (filters: Record<string, string>) => (await experts.list(as(deps, null), filters)).experts.map((e) => e.handle);
    expect(await handles({ topic: topic.slug })).toEqual([expert.handle]);
    expect(await handles({ organisation: "eclac" })).toContain(expert.handle);
    expect(await handles({ organisation: "eclac" })).not.toContain(unverified.handle);
    expect(await handles({ country: "MX", organisation: "eclac" })).toEqual([expert.handle]);
    expect(await handles({ language: "pt", organisation: "myc" })).toEqual([elsewhere.handle]);
    expect(await handles({ country: "MX", language: "pt", organisation: "eclac" })).toEqual([]);
    expect(await handles({ availability: "busy" })).not.toContain(expert.handle);
    await accounts.setMyAvailability(as(deps, expert), { availability: "busy" });
    expect(await handles({ availability: "busy" })).toEqual([expert.handle]);
    await expect(accounts.setMyAvailability(as(deps, expert), { availability: "asleep" })).rejects.toMatchObject({ fieldErrors: { availability: "directory.availability_invalid" } });
    const [card] = (await experts.list(as(deps, null), { topic: topic.slug })).experts;
    expect(card).toMatchObject({ verifiedOrganisation: "eclac", availability: "busy", topics: [{ slug: topic.slug }] });
    await accounts.setMyAvailability(as(deps, expert), { availability: "available" });
  });

  it("counts answers, solutions and the median time to first reply from public content only", async () => {
    const asker = await createUser(deps.db);
    const start = deps.clock.now().getTime();
    // Thread one: first reply after 1 hour, a second reply later.
    deps.clock.set(new Date(start));
    const one = await forum.createThread(as(deps, asker), { topicId: topic.id, kind: "question", title: "Primera pregunta pública", body: "?" });
    deps.clock.set(new Date(start + HOUR));
    await forum.createReply(as(deps, expert), { threadId: one.threadId, body: "Primera respuesta." });
    deps.clock.set(new Date(start + 5 * HOUR));
    await forum.createReply(as(deps, expert), { threadId: one.threadId, body: "Un complemento." });
    // Thread two, addressed to the expert group: first reply after 3 hours, marked as the solution.
    deps.clock.set(new Date(start + 10 * HOUR));
    const two = await forum.createThread(as(deps, asker), { topicId: topic.id, addressedGroupId: group.id, kind: "question", title: "Pregunta al grupo de expertos", body: "?" });
    deps.clock.set(new Date(start + 13 * HOUR));
    const solution = await forum.createReply(as(deps, expert), { threadId: two.threadId, body: "La solución." });
    await forum.markSolution(as(deps, asker), { postId: solution.postId });
    // Private places never count: a working group and a pair's space where the expert answered at once.
    const working = await groups.createGroup(as(deps, moderator), { topicId: topic.id, kind: "working_group", slug: "trabajo-cifras", nameEs: "Trabajo", namePt: "Trabalho", nameEn: "Work", joinPolicy: "invite" });
    for (const member of [asker, expert]) {
      await groups.inviteToGroup(as(deps, moderator), { groupId: working.id, invitee: member.handle });
      await groups.respondToInvitation(as(deps, member), { invitationId: (await groups.myGroupInvitations(as(deps, member)))[0].id }, true);
    }
    deps.clock.set(new Date(start + 20 * HOUR));
    const hidden = await forum.createThread(as(deps, asker), { groupId: working.id, kind: "question", title: "Pregunta privada del grupo", body: "?" });
    deps.clock.set(new Date(start + 20 * HOUR + 60_000));
    const privateReply = await forum.createReply(as(deps, expert), { threadId: hidden.threadId, body: "Respuesta privada." });
    await forum.markSolution(as(deps, asker), { postId: privateReply.postId });
    const n = await national();
    const l = await local();
    const pairId = await pairUp(n, l);
    await pairs.inviteExpert(as(deps, n), { pairId, invitee: expert.handle });
    const pairThread = await forum.createThread(as(deps, n), { pairId, kind: "question", title: "Pregunta privada de la pareja", body: "?" });
    deps.clock.set(new Date(start + 20 * HOUR + 2 * 60_000));
    await forum.createReply(as(deps, expert), { threadId: pairThread.threadId, body: "Respuesta en la pareja." });

    const expected = { answers: 3, solutions: 1, medianFirstReplySeconds: 2 * 3600 };
    // Whoever asks, members of the private places included, the figures are the same.
    for (const viewer of [null, asker, n, admin]) {
      const [card] = (await experts.list(as(deps, viewer), { topic: topic.slug })).experts;
      expect(card.figures).toEqual(expected);
      expect((await experts.profile(as(deps, viewer), expert.handle))?.figures).toEqual(expected);
    }
    // The expert group: its addressed question, answered by its expert after 3 hours and solved.
    const groupCard = (await experts.groups(as(deps, null), { topic: topic.slug })).find((g) => g.slug === group.slug);
    expect(groupCard?.figures).toEqual({ answers: 1, solutions: 1, medianFirstReplySeconds: 3 * 3600 });
    expect((await experts.groups(as(deps, null), { topic: topic.slug })).map((g) => g.slug)).toEqual([group.slug]);
    // Profiles of members who are not verified experts show no figures.
    expect(await experts.profile(as(deps, null), asker.handle)).toBeNull();
  });
});
