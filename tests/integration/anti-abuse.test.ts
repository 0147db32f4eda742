import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import { services } from "../../server/domain";
import { ConfigError, loadConfig } from "../../server/config";
import { normalizeForDuplicates } from "../../server/domain/moderation/anti-abuse";
import { createTranslator } from "../../shared/i18n";
import { createTopic, createUser } from "../factories";
import { as, createForumThread } from "../factories/forum";
import { createTestDatabase } from "../setup/test-database";
import { createTestDeps, type TestDeps } from "../setup/test-deps";

const { forum, moderation } = services;
let handle: DatabaseHandle;
let deps: TestDeps;

const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;

beforeAll(async () => {
  handle = await createTestDatabase();
  // Limits are off in tests unless a test sets them: this file sets every one.
  deps = createTestDeps(handle, {
    env: {
      POSTS_PER_HOUR: "3",
      THREADS_PER_HOUR: "2",
      NEW_ACCOUNT_DAYS: "7",
      NEW_ACCOUNT_POSTS_PER_HOUR: "2",
      NEW_ACCOUNT_THREADS_PER_HOUR: "1",
      DUPLICATE_POST_MINUTES: "10",
    },
  });
});
afterAll(async () => {
  await handle?.close();
});

/** A member whose account is a month old (past the new-account limits). */
const established = (overrides: Parameters<typeof createUser>[1] = {}) =>
  createUser(deps.db, { created_at: new Date(deps.clock.now().getTime() - 30 * DAY_MS), ...overrides });

let sequence = 0;
const uniqueBody = () => `Respuesta número ${++sequence} sobre corredores de buses`;

describe("posting-limit settings", () => {
  it("have defaults, are off under NODE_ENV=test unless set, and name a bad value", () => {
    expect(loadConfig({}).posting).toEqual({
      postsPerHour: 30,
      threadsPerHour: 10,
      newAccountDays: 3,
      newAccountPostsPerHour: 10,
      newAccountThreadsPerHour: 3,
      duplicateMinutes: 10,
    });
    expect(loadConfig({ NODE_ENV: "test" }).posting).toMatchObject({ postsPerHour: 0, threadsPerHour: 0, duplicateMinutes: 0 });
    expect(loadConfig({ NODE_ENV: "production", POSTS_PER_HOUR: "0" }).posting.postsPerHour).toBe(0);
    expect(deps.config.posting).toMatchObject({ postsPerHour: 3, newAccountThreadsPerHour: 1, duplicateMinutes: 10 });
    try {
      loadConfig({ THREADS_PER_HOUR: "many" });
      throw new Error("expected a ConfigError");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^THREADS_PER_HOUR: expected a whole number/)]);
    }
  });
});

describe("hourly limits", () => {
  it("an established member posts at most POSTS_PER_HOUR replies an hour; the window slides", async () => {
    const { threadId } = await createForumThread(deps);
    const member = await established();
    for (let i = 0; i < 3; i++) {
      deps.clock.advance(MINUTE_MS);
      await forum.createReply(as(deps, member), { threadId, body: uniqueBody() });
    }
    const refused = forum.createReply(as(deps, member), { threadId, body: uniqueBody() });
    await expect(refused).rejects.toMatchObject({ code: "RATE_LIMITED", messageKey: "errors.posting_too_fast" });
    const error = await refused.catch((e) => e);
    // The first of the three turns an hour old in 58 minutes.
    expect(error.retryAfterSeconds).toBe(58 * 60);
    expect(createTranslator("es")(error.messageKey, { minutes: 58 })).toContain("58 minutos");
    // Someone else is not held back by this member's pace.
    await forum.createReply(as(deps, await established()), { threadId, body: uniqueBody() });
    deps.clock.advance(58 * MINUTE_MS + 1000);
    await forum.createReply(as(deps, member), { threadId, body: uniqueBody() });
    await expect(forum.createReply(as(deps, member), { threadId, body: uniqueBody() })).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });

  it("an established member opens at most THREADS_PER_HOUR threads an hour", async () => {
    const member = await established();
    const topic = await createTopic(deps.db);
    await createForumThread(deps, { author: member, topicId: topic.id, body: uniqueBody() });
    await createForumThread(deps, { author: member, topicId: topic.id, body: uniqueBody() });
    await expect(createForumThread(deps, { author: member, topicId: topic.id, body: uniqueBody() })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      messageKey: "errors.posting_too_fast",
    });
    // Threads and replies are counted apart.
    const { threadId } = await createForumThread(deps);
    await forum.createReply(as(deps, member), { threadId, body: uniqueBody() });
  });

  it("accounts younger than NEW_ACCOUNT_DAYS get the stricter limits", async () => {
    const newcomer = await createUser(deps.db, { created_at: deps.clock.now() });
    const { threadId, topicId } = await createForumThread(deps);
    await forum.createReply(as(deps, newcomer), { threadId, body: uniqueBody() });
    await forum.createReply(as(deps, newcomer), { threadId, body: uniqueBody() });
    await expect(forum.createReply(as(deps, newcomer), { threadId, body: uniqueBody() })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await createForumThread(deps, { author: newcomer, topicId, body: uniqueBody() });
    await expect(createForumThread(deps, { author: newcomer, topicId, body: uniqueBody() })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    // A week later they are an established member, and an hour later their window is empty.
    const later = await createUser(deps.db, { created_at: new Date(deps.clock.now().getTime() - 8 * DAY_MS) });
    for (let i = 0; i < 3; i++) await forum.createReply(as(deps, later), { threadId, body: uniqueBody() });
  });

  it("deleting posts does not make room, and nothing is written when a post is refused", async () => {
    const { threadId } = await createForumThread(deps);
    const member = await established();
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await forum.createReply(as(deps, member), { threadId, body: uniqueBody() })).postId);
    await forum.deletePost(as(deps, member), { postId: ids[0] });
    const count = async () => (await deps.db.selectFrom("posts").select("id").where("author_id", "=", member.id).execute()).length;
    const before = await count();
    await expect(forum.createReply(as(deps, member), { threadId, body: uniqueBody() })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(await count()).toBe(before);
  });

  it("site staff are not held to the hourly limits", async () => {
    const { threadId } = await createForumThread(deps);
    const siteModerator = await createUser(deps.db, { site_role: "moderator", created_at: deps.clock.now() });
    for (let i = 0; i < 5; i++) await forum.createReply(as(deps, siteModerator), { threadId, body: uniqueBody() });
  });
});

describe("duplicates", () => {
  it("the same text (any case or spacing) by the same member within 10 minutes is refused with a clear message", async () => {
    const first = await createForumThread(deps);
    const second = await createForumThread(deps);
    const member = await established();
    await forum.createReply(as(deps, member), { threadId: first.threadId, body: "Recomiendo el BRT de  Curitiba.\n" });
    deps.clock.advance(5 * MINUTE_MS);
    const refused = forum.createReply(as(deps, member), { threadId: second.threadId, body: "  recomiendo el brt de curitiba." });
    await expect(refused).rejects.toMatchObject({
      code: "VALIDATION",
      messageKey: "errors.duplicate_post",
      fieldErrors: { body: "validation.duplicate_post" },
    });
    for (const locale of ["es", "pt", "en"] as const) {
      const message = createTranslator(locale)("errors.duplicate_post");
      expect(message).not.toBe("errors.duplicate_post");
    }
    // Someone else may say the same; the member may say something else, or the same once 10 minutes have passed.
    await forum.createReply(as(deps, await established()), { threadId: second.threadId, body: "Recomiendo el BRT de Curitiba." });
    await forum.createReply(as(deps, member), { threadId: second.threadId, body: "Recomiendo el BRT de Bogotá." });
    deps.clock.advance(6 * MINUTE_MS);
    await forum.createReply(as(deps, member), { threadId: second.threadId, body: "Recomiendo el BRT de Curitiba." });
  });

  it("applies to threads, and a reply may not repeat a thread just opened; a deleted post does not count", async () => {
    const member = await established();
    const topic = await createTopic(deps.db);
    const body = "¿Alguien tiene un modelo de contrato para buses eléctricos?";
    const title = "Modelo de contrato para buses eléctricos";
    const { threadId, postId } = await createForumThread(deps, { author: member, topicId: topic.id, title, body });
    // The same thread again (title and body, whatever the case) is refused; a different title is a new thread.
    await expect(createForumThread(deps, { author: member, topicId: topic.id, title: title.toUpperCase(), body: body.toUpperCase() })).rejects.toMatchObject({
      messageKey: "errors.duplicate_post",
    });
    const other = await createForumThread(deps);
    await expect(forum.createReply(as(deps, member), { threadId: other.threadId, body })).rejects.toMatchObject({
      messageKey: "errors.duplicate_post",
    });
    await forum.deletePost(as(deps, member), { postId });
    await forum.createReply(as(deps, member), { threadId: other.threadId, body });
    expect(threadId).toBeGreaterThan(0);
  });

  it("normalizes case, width and spacing only", () => {
    expect(normalizeForDuplicates("  Hola\n\tMUNDO  ")).toBe("hola mundo");
    expect(normalizeForDuplicates("ＢＲＴ")).toBe("brt");
    expect(normalizeForDuplicates("Hola mundo.")).not.toBe(normalizeForDuplicates("Hola mundo"));
  });
});

describe("restricted members", () => {
  it("a suspended or silenced member cannot post, whatever their session said", async () => {
    const { threadId } = await createForumThread(deps);
    const siteModerator = await createUser(deps.db, { site_role: "moderator" });
    const suspended = await established();
    const silenced = await established();
    await moderation.suspendMember(as(deps, siteModerator), { userId: suspended.id, days: 1, reason: "Spam" });
    await moderation.silenceMember(as(deps, siteModerator), { userId: silenced.id, days: 1, reason: "Spam" });
    await expect(forum.createReply(as(deps, suspended), { threadId, body: uniqueBody() })).rejects.toMatchObject({
      code: "FORBIDDEN",
      messageKey: "errors.account_suspended",
    });
    await expect(forum.createReply(as(deps, silenced), { threadId, body: uniqueBody() })).rejects.toMatchObject({
      code: "FORBIDDEN",
      messageKey: "errors.account_silenced",
    });
    deps.clock.advance(DAY_MS + MINUTE_MS);
    await forum.createReply(as(deps, silenced), { threadId, body: uniqueBody() });
  });
});
