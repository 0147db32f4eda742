import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import { services } from "../../server/domain";
import { createTopic, createUser } from "../factories";
import { as, createForumThread, createPrivateSpace } from "../factories/forum";
import { createTestDatabase } from "../setup/test-database";
import { createTestDeps, type TestDeps } from "../setup/test-deps";

const { forum } = services;
let handle: DatabaseHandle;
let deps: TestDeps;
let topicSlug: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  deps = createTestDeps(handle);
  const topic = await createTopic(deps.db);
  topicSlug = topic.slug;
  const author = await createUser(deps.db, { handle: "autora_busqueda" });
  await createForumThread(deps, { author, topicId: topic.id, language: "es", title: "Ciudades sostenibles y buses eléctricos", body: "Queremos que nuestras ciudades sean más sostenibles con financiamiento verde." });
  await createForumThread(deps, { author, topicId: topic.id, language: "pt", title: "Ônibus elétricos em cidades brasileiras", body: "Como financiar as baterias dos ônibus? Estamos planejando a eletrificação." });
  await createForumThread(deps, { author, topicId: topic.id, language: "en", title: "Charging depots for electric fleets", body: "We are charging buses overnight at the depots and planning opportunity charging." });
});
afterAll(async () => {
  await handle?.close();
});

const titles = async (q: string, extra: Record<string, unknown> = {}) =>
  (await forum.search(as(deps, null), { q, ...extra })).hits.map((hit) => hit.threadTitle);

describe("full-text search", () => {
  it.each([
    ["sostenible", "Ciudades sostenibles y buses eléctricos"],
    ["ciudad", "Ciudades sostenibles y buses eléctricos"],
    ["financiar", "Ônibus elétricos em cidades brasileiras"],
    ["planejamento", "Ônibus elétricos em cidades brasileiras"],
    ["charge", "Charging depots for electric fleets"],
    ["depot", "Charging depots for electric fleets"],
  ])("%s finds its stemmed forms (%s)", async (q, expected) => {
    expect(await titles(q)).toContain(expected);
  });

  it("ranks a title match above a body-only match", async () => {
    const author = await createUser(deps.db);
    const topic = await createTopic(deps.db);
    await createForumThread(deps, { author, topicId: topic.id, language: "es", title: "Una pregunta sobre semáforos", body: "Hablemos de tranvías en la periferia." });
    await createForumThread(deps, { author, topicId: topic.id, language: "es", title: "Tranvías modernos en la región", body: "Experiencias." });
    const hits = await titles("tranvía", { topic: topic.slug });
    expect(hits[0]).toBe("Tranvías modernos en la región");
  });

  it("highlights matches in the snippet", async () => {
    const { hits } = await forum.search(as(deps, null), { q: "sostenibles" });
    const marked = hits[0].snippet.filter((part) => part.match).map((part) => part.text.toLowerCase());
    expect(marked.some((text) => text.startsWith("sostenible"))).toBe(true);
  });

  it("filters by topic, language, author and solved state", async () => {
    expect(await titles("ônibus", { language: "pt" })).toEqual(["Ônibus elétricos em cidades brasileiras"]);
    expect(await titles("ônibus", { language: "es" })).toEqual([]);
    expect(await titles("buses", { topic: topicSlug, author: "autora_busqueda" })).not.toHaveLength(0);
    expect(await titles("buses", { author: "nadie" })).toEqual([]);
    expect(await titles("buses", { solved: "yes" })).toEqual([]);
  });

  it("never returns what the searcher may not see, and says nothing of it", async () => {
    const member = await createUser(deps.db);
    const outsider = await createUser(deps.db);
    const spaceId = await createPrivateSpace(deps.db, [member]);
    const topic = await createTopic(deps.db);
    const { threadId } = await createForumThread(deps, { author: member, topicId: topic.id, title: "Canario privado zanahoria", body: "zanahoria secreta" });
    await deps.db.updateTable("threads").set({ space_id: spaceId }).where("id", "=", threadId).execute();
    expect((await forum.search(as(deps, member), { q: "zanahoria" })).hits).toHaveLength(1);
    expect((await forum.search(as(deps, outsider), { q: "zanahoria" })).hits).toHaveLength(0);
    expect((await forum.search(as(deps, null), { q: "zanahoria" })).hits).toHaveLength(0);
    expect((await forum.listThreads(as(deps, outsider), {})).threads.some((thread) => thread.id === threadId)).toBe(false);
    await expect(forum.getThreadPage(as(deps, outsider), { threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses an empty or one-letter query with a clear message", async () => {
    await expect(forum.search(as(deps, null), { q: " " })).rejects.toMatchObject({ fieldErrors: { q: "validation.query_too_short" } });
  });

  it("pages results with a cursor without repeating any", async () => {
    const author = await createUser(deps.db);
    const topic = await createTopic(deps.db);
    for (let i = 0; i < 25; i++) {
      await createForumThread(deps, { author, topicId: topic.id, title: `Movilidad pregunta número ${i}`, body: "bicicleta compartida" });
    }
    const first = await forum.search(as(deps, null), { q: "bicicleta", topic: topic.slug });
    const second = await forum.search(as(deps, null), { q: "bicicleta", topic: topic.slug, cursor: first.nextCursor! });
    const ids = [...first.hits, ...second.hits].map((hit) => hit.postId);
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
    expect(second.nextCursor).toBeNull();
  });
});
