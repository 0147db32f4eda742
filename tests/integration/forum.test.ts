import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import { services } from "../../server/domain";
import { createTopic, createUser } from "../factories";
import { as, createForumThread, createTag } from "../factories/forum";
import { createTestDatabase } from "../setup/test-database";
import { createTestDeps, type TestDeps } from "../setup/test-deps";

const { forum } = services;
let handle: DatabaseHandle;
let deps: TestDeps;

beforeAll(async () => {
  handle = await createTestDatabase();
  deps = createTestDeps(handle);
});
afterAll(async () => {
  await handle?.close();
});

describe("threads and replies", () => {
  it("a question, a reply, and a reply to the reply nest under it", async () => {
    const { threadId, author } = await createForumThread(deps, { body: "Necesitamos **buses eléctricos**." });
    const expert = await createUser(deps.db);
    const official = await createUser(deps.db);
    const first = await forum.createReply(as(deps, expert), { threadId, body: "Empiecen por el modelo de *leasing*." });
    const nested = await forum.createReply(as(deps, official), { threadId, parentId: first.postId, body: "¿Y el mantenimiento?" });
    const deeper = await forum.createReply(as(deps, expert), { threadId, parentId: nested.postId, body: "Lo cubre el operador." });
    const page = await forum.getThreadPage(as(deps, author), { threadId });
    expect(page.opening?.html).toContain("<strong>buses eléctricos</strong>");
    expect(page.posts.map((post) => post.id)).toEqual([first.postId]);
    expect(page.posts[0].children?.map((post) => post.id)).toEqual([nested.postId, deeper.postId]);
    expect(page.posts[0].children?.[1]).toMatchObject({ depth: 2, parentAuthorHandle: official.handle, parentId: nested.postId });
    expect(page.thread.replyCount).toBe(3);
  });

  it("a reply into a thread one cannot see, or under a post of another thread, is not found", async () => {
    const a = await createForumThread(deps);
    const b = await createForumThread(deps);
    const member = await createUser(deps.db);
    await expect(forum.createReply(as(deps, member), { threadId: a.threadId, parentId: b.postId, body: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(forum.createReply(as(deps, member), { threadId: 999_999, body: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses bad input with field errors and changes nothing", async () => {
    const member = await createUser(deps.db);
    const topic = await createTopic(deps.db);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ title: "" }, "title", "validation.title_required"],
      [{ title: "corto" }, "title", "validation.title_too_short"],
      [{ title: "x".repeat(201) }, "title", "validation.title_too_long"],
      [{ body: "   " }, "body", "validation.body_required"],
      [{ body: "x".repeat(50_001) }, "body", "validation.body_too_long"],
      [{ tags: ["no-such-tag"] }, "tags", "validation.tag_unknown"],
      [{ topicId: 987654 }, "topicId", "validation.topic_unknown"],
      [{ kind: "poll" }, "kind", "validation.kind_invalid"],
    ];
    const before = await deps.db.selectFrom("threads").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    for (const [override, field, key] of cases) {
      await expect(
        forum.createThread(as(deps, member), { topicId: topic.id, kind: "question", title: "Un título suficiente", body: "Cuerpo", tags: [], ...override }),
        JSON.stringify(override).slice(0, 40),
      ).rejects.toMatchObject({ fieldErrors: { [field]: key } });
    }
    const after = await deps.db.selectFrom("threads").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("does not let a pending (unapproved) member post", async () => {
    const pending = await createUser(deps.db, { status: "pending" });
    const topic = await createTopic(deps.db);
    await expect(
      forum.createThread(as(deps, pending), { topicId: topic.id, kind: "question", title: "Un título suficiente", body: "Cuerpo" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", messageKey: "errors.cannot_post" });
  });
});

describe("edits, history and deletion", () => {
  it("keeps every edit as a revision with a diff, and only the author or a moderator may edit", async () => {
    const { threadId, postId, author } = await createForumThread(deps, { title: "Título original del hilo", body: "Primera versión" });
    await forum.editPost(as(deps, author), { postId, body: "Segunda versión", title: "Título corregido del hilo" });
    const stranger = await createUser(deps.db);
    await expect(forum.editPost(as(deps, stranger), { postId, body: "vandalismo" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const moderator = await createUser(deps.db, { site_role: "moderator" });
    await forum.editPost(as(deps, moderator), { postId, body: "Tercera versión" });
    const history = await forum.getPostHistory(as(deps, null), { postId });
    expect(history.revisions.map((revision) => revision.number)).toEqual([3, 2, 1]);
    expect(history.revisions[1].changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: "removed" }), expect.objectContaining({ kind: "added" })]),
    );
    expect(history.revisions[1].titleChanges).not.toBeNull();
    const page = await forum.getThreadPage(as(deps, null), { threadId });
    expect(page.thread.title).toBe("Título corregido del hilo");
    expect(page.opening?.html).toContain("Tercera versión");
    expect(page.opening?.revisionCount).toBe(3);
  });

  it("deletes softly, leaving a tombstone that says who deleted it", async () => {
    const { threadId } = await createForumThread(deps);
    const replier = await createUser(deps.db);
    const own = await forum.createReply(as(deps, replier), { threadId, body: "Me equivoqué" });
    const other = await forum.createReply(as(deps, replier), { threadId, body: "Spam" });
    await forum.deletePost(as(deps, replier), { postId: own.postId });
    const moderator = await createUser(deps.db, { site_role: "moderator" });
    await forum.deletePost(as(deps, moderator), { postId: other.postId });
    const page = await forum.getThreadPage(as(deps, null), { threadId });
    expect(page.posts.map((post) => [post.deleted, post.html])).toEqual([
      ["author", null],
      ["moderator", null],
    ]);
    expect(page.thread.replyCount).toBe(0);
    const stranger = await createUser(deps.db);
    const third = await forum.createReply(as(deps, replier), { threadId, body: "Otra" });
    await expect(forum.deletePost(as(deps, stranger), { postId: third.postId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("solutions and helpful votes", () => {
  it("the asker marks a reply as the solution; it shows first and times are recorded", async () => {
    const { threadId, author } = await createForumThread(deps);
    const expert = await createUser(deps.db, { community_role: "expert", partner_org: "giz", expert_verified_at: new Date() });
    deps.clock.advance(60_000);
    const answer = await forum.createReply(as(deps, expert), { threadId, body: "Así se hace." });
    deps.clock.advance(60_000);
    await forum.markSolution(as(deps, author), { postId: answer.postId });
    const page = await forum.getThreadPage(as(deps, null), { threadId });
    expect(page.solution?.id).toBe(answer.postId);
    expect(page.solution?.author?.verifiedOrganisation).toBe("giz");
    expect(new Date(page.thread.firstExpertReplyAt!).getTime()).toBeGreaterThan(new Date(page.thread.createdAt).getTime());
    expect(new Date(page.thread.solvedAt!).getTime()).toBeGreaterThan(new Date(page.thread.firstExpertReplyAt!).getTime());
    const list = await forum.listThreads(as(deps, null), { view: "solved" });
    expect(list.threads.find((thread) => thread.id === threadId)?.solved).toBe(true);
    await forum.unmarkSolution(as(deps, author), { threadId });
    expect((await forum.getThreadPage(as(deps, null), { threadId })).solution).toBeNull();
  });

  it("only the asker, a verified expert of the topic or a moderator may mark one; never on a discussion", async () => {
    const topic = await createTopic(deps.db);
    const { threadId } = await createForumThread(deps, { topicId: topic.id });
    const replier = await createUser(deps.db);
    const answer = await forum.createReply(as(deps, replier), { threadId, body: "Una idea" });
    const someone = await createUser(deps.db);
    await expect(forum.markSolution(as(deps, someone), { postId: answer.postId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const unverified = await createUser(deps.db, { community_role: "expert", partner_org: "afd" });
    await expect(forum.markSolution(as(deps, unverified), { postId: answer.postId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const verified = await createUser(deps.db, { community_role: "expert", partner_org: "afd", expert_verified_at: new Date() });
    // Verified, but not an expert of this topic (no place in its expert groups): not yet.
    await expect(forum.markSolution(as(deps, verified), { postId: answer.postId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const space = await deps.db.insertInto("spaces").values({ kind: "expert_group", visibility: "public" }).returning("id").executeTakeFirstOrThrow();
    await deps.db
      .insertInto("groups")
      .values({ space_id: space.id, topic_id: topic.id, kind: "expert_group", slug: `expertos-${topic.id}`, name: JSON.stringify({ es: "E" }), description: JSON.stringify({}), join_policy: "open" })
      .execute();
    await deps.db.insertInto("space_members").values({ space_id: space.id, user_id: verified.id }).execute();
    await forum.markSolution(as(deps, verified), { postId: answer.postId });
    const moderator = await createUser(deps.db, { site_role: "moderator" });
    await forum.unmarkSolution(as(deps, moderator), { threadId });

    const discussion = await createForumThread(deps, { kind: "discussion" });
    const reply = await forum.createReply(as(deps, replier), { threadId: discussion.threadId, body: "Opinión" });
    await expect(forum.markSolution(as(deps, discussion.author), { postId: reply.postId })).rejects.toMatchObject({
      code: "VALIDATION",
      messageKey: "errors.solution_needs_question",
    });
  });

  it("counts one helpful vote per member, revocable, and never one's own", async () => {
    const { threadId } = await createForumThread(deps);
    const replier = await createUser(deps.db);
    const answer = await forum.createReply(as(deps, replier), { threadId, body: "Útil" });
    const [a, b] = [await createUser(deps.db), await createUser(deps.db)];
    await forum.setHelpful(as(deps, a), { postId: answer.postId, helpful: true });
    await forum.setHelpful(as(deps, a), { postId: answer.postId, helpful: true });
    expect(await forum.setHelpful(as(deps, b), { postId: answer.postId, helpful: true })).toEqual({ helpfulCount: 2, voted: true });
    expect(await forum.setHelpful(as(deps, a), { postId: answer.postId, helpful: false })).toEqual({ helpfulCount: 1, voted: false });
    await expect(forum.setHelpful(as(deps, replier), { postId: answer.postId, helpful: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const page = await forum.getThreadPage(as(deps, b), { threadId });
    expect(page.posts[0]).toMatchObject({ helpfulCount: 1, votedHelpful: true });
  });
});

describe("keyset pagination", () => {
  it("walks a topic's threads with no duplicates or gaps while new threads arrive", async () => {
    const topic = await createTopic(deps.db);
    const author = await createUser(deps.db);
    const created: number[] = [];
    for (let i = 0; i < 25; i++) {
      deps.clock.advance(1000);
      created.push((await createForumThread(deps, { author, topicId: topic.id })).threadId);
    }
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await forum.listThreads(as(deps, null), { topic: topic.slug, view: "newest", limit: 10, cursor });
      seen.push(...page.threads.map((thread) => thread.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
      // Newer threads arriving mid-walk must not shift the pages still to come.
      deps.clock.advance(1000);
      await createForumThread(deps, { author, topicId: topic.id });
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...created].reverse());
  });

  it("pages a long thread by top-level posts, 20 at a time, and a permalink finds its page", async () => {
    const { threadId } = await createForumThread(deps);
    const replier = await createUser(deps.db);
    const ids: number[] = [];
    for (let i = 0; i < 45; i++) ids.push((await forum.createReply(as(deps, replier), { threadId, body: `Respuesta ${i}` })).postId);
    const first = await forum.getThreadPage(as(deps, null), { threadId });
    expect(first.posts.map((post) => post.id)).toEqual(ids.slice(0, 20));
    const second = await forum.getThreadPage(as(deps, null), { threadId, after: first.nextAfter! });
    expect(second.posts.map((post) => post.id)).toEqual(ids.slice(20, 40));
    expect(second.opening).toBeNull();
    const third = await forum.getThreadPage(as(deps, null), { threadId, after: second.nextAfter! });
    expect(third.posts.map((post) => post.id)).toEqual(ids.slice(40));
    expect(third.nextAfter).toBeNull();
    expect(third.previousAfter).toBe(first.nextAfter);
    const place = await forum.locatePost(as(deps, null), { postId: ids[33] });
    expect(place.after).toBe(first.nextAfter);
  });

  it("refuses a forged cursor with a clear error", async () => {
    await expect(forum.listThreads(as(deps, null), { cursor: "not-a-cursor" })).rejects.toMatchObject({ messageKey: "validation.cursor_invalid" });
  });
});

describe("read positions and unread counts", () => {
  it("opens at the first unread post and lists show how many are unread", async () => {
    const topic = await createTopic(deps.db);
    const { threadId } = await createForumThread(deps, { topicId: topic.id });
    const reader = await createUser(deps.db);
    const replier = await createUser(deps.db);
    const ids: number[] = [];
    for (let i = 0; i < 25; i++) ids.push((await forum.createReply(as(deps, replier), { threadId, body: `R${i}` })).postId);
    expect((await forum.listThreads(as(deps, reader), { topic: topic.slug })).threads[0]).toMatchObject({ isNew: true, unreadCount: null });
    await forum.markRead(as(deps, reader), { threadId, position: 23 });
    const list = await forum.listThreads(as(deps, reader), { topic: topic.slug });
    expect(list.threads[0]).toMatchObject({ isNew: false, unreadCount: 3 });
    const page = await forum.getThreadPage(as(deps, reader), { threadId });
    // Position 24 is the 23rd reply: on the second page of top-level posts.
    expect(page.firstUnreadPostId).toBe(ids[22]);
    expect(page.posts.map((post) => post.id)).toContain(ids[22]);
    // Reading never moves backwards.
    await forum.markRead(as(deps, reader), { threadId, position: 2 });
    expect((await forum.listThreads(as(deps, reader), { topic: topic.slug })).threads[0].unreadCount).toBe(3);
  });
});

describe("drafts", () => {
  it("come back on any device and go away when the post is published", async () => {
    const member = await createUser(deps.db);
    const topic = await createTopic(deps.db);
    const key = `thread:topic:${topic.id}`;
    await forum.saveDraft(as(deps, member), { key, title: "A medio escribir", body: "Borrador *en curso*", kind: "question" });
    expect(await forum.getDraft(as(deps, member), key)).toMatchObject({ title: "A medio escribir", body: "Borrador *en curso*", kind: "question" });
    expect(await forum.getDraft(as(deps, await createUser(deps.db)), key)).toBeNull();
    await forum.createThread(as(deps, member), { topicId: topic.id, kind: "question", title: "A medio escribir, ya no", body: "Listo" });
    expect(await forum.getDraft(as(deps, member), key)).toBeNull();
    expect(forum.previewMarkdown("**hola** <script>alert(1)</script>")).toBe("<p><strong>hola</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
  });

  it("cannot be kept for a thread one cannot see", async () => {
    const member = await createUser(deps.db);
    await expect(forum.saveDraft(as(deps, member), { key: "reply:999999", body: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("mentions and expert badges", () => {
  it("links @handles of members, leaves unknown ones as text, and badges verified experts", async () => {
    const expert = await createUser(deps.db, { handle: "experta_giz", community_role: "expert", partner_org: "giz", expert_verified_at: new Date() });
    const { threadId, author } = await createForumThread(deps, { body: "Pregunta para @experta_giz y @nadie_existe" });
    await forum.createReply(as(deps, expert), { threadId, body: "Aquí estoy" });
    const page = await forum.getThreadPage(as(deps, author), { threadId });
    expect(page.opening?.html).toMatch(/<a (?=[^>]*class="mention")(?=[^>]*href="\/u\/experta_giz")[^>]*>@experta_giz<\/a>/);
    expect(page.opening?.html).toContain("@nadie_existe");
    expect(page.opening?.html).not.toContain('href="/u/nadie_existe"');
    expect(page.posts[0].author).toEqual({ handle: "experta_giz", displayName: expert.display_name, verifiedOrganisation: "giz" });
  });
});

describe("topics and tags", () => {
  it("admins create, reorder, archive topics; others cannot", async () => {
    const admin = await createUser(deps.db, { site_role: "admin" });
    const input = { slug: "movilidad-activa", nameEs: "Movilidad activa", namePt: "Mobilidade ativa", nameEn: "Active mobility" };
    const { id } = await services.topics.createTopic(as(deps, admin), input);
    await expect(services.topics.createTopic(as(deps, admin), input)).rejects.toMatchObject({ fieldErrors: { slug: "validation.slug_taken" } });
    await expect(services.topics.createTopic(as(deps, await createUser(deps.db, { site_role: "moderator" })), { ...input, slug: "otro" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const before = await services.topics.listTopics(as(deps, admin));
    await services.topics.moveTopic(as(deps, admin), { topicId: id, direction: "up" });
    const after = await services.topics.listTopics(as(deps, admin));
    expect(after.findIndex((topic) => topic.id === id)).toBe(before.findIndex((topic) => topic.id === id) - 1);
    await services.topics.setTopicArchived(as(deps, admin), { topicId: id }, true);
    expect((await services.topics.listTopics(as(deps, null))).some((topic) => topic.id === id)).toBe(false);
    await expect(services.topics.getTopic(as(deps, null), "movilidad-activa")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("members pick curated tags; archived tags cannot be picked", async () => {
    const admin = await createUser(deps.db, { site_role: "admin" });
    await services.topics.saveTag(as(deps, admin), { slug: "bicicletas", nameEs: "Bicicletas", namePt: "Bicicletas", nameEn: "Bicycles" });
    const tag = await deps.db.selectFrom("tags").select("id").where("slug", "=", "bicicletas").executeTakeFirstOrThrow();
    const { threadId } = await createForumThread(deps, { tags: ["bicicletas"] });
    const list = await forum.listThreads(as(deps, null), { tag: "bicicletas" });
    expect(list.threads.map((thread) => thread.id)).toEqual([threadId]);
    await services.topics.setTagArchived(as(deps, admin), { tagId: tag.id }, true);
    await expect(createForumThread(deps, { tags: ["bicicletas"] })).rejects.toMatchObject({ fieldErrors: { tags: "validation.tag_unknown" } });
    await createTag(deps.db, "otra-etiqueta");
  });
});

describe("pinned threads", () => {
  it("stand first in their topic's latest list, once, and the walk continues without them", async () => {
    const topic = await createTopic(deps.db);
    const author = await createUser(deps.db);
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) {
      deps.clock.advance(1000);
      ids.push((await createForumThread(deps, { author, topicId: topic.id })).threadId);
    }
    const moderator = await createUser(deps.db, { site_role: "moderator" });
    await services.moderation.pinThread(as(deps, moderator), { threadId: ids[0], reason: "Guía de la comunidad" });
    const first = await forum.listThreads(as(deps, null), { topic: topic.slug, limit: 2 });
    expect(first.threads.map((thread) => [thread.id, thread.pinned])).toEqual([
      [ids[0], true],
      [ids[3], false],
      [ids[2], false],
    ]);
    const second = await forum.listThreads(as(deps, null), { topic: topic.slug, limit: 2, cursor: first.nextCursor! });
    expect(second.threads.map((thread) => thread.id)).toEqual([ids[1]]);
  });
});
