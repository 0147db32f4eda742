// Notification emails: one batch per thread at a time, composed when it leaves (read, hidden or no longer
// visible items left out), digests, the email mode and one-click unsubscribe.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/connection";
import type { UserRow } from "../../db/schema";
import { services } from "../../server/domain";
import { createMailQueue } from "../../server/domain/mail/mail-queue";
import { createNotificationComposer, scheduleDigests } from "../../server/domain/notifications/notification-email";
import { createTopic, createUser } from "../factories";
import { as, createForumThread } from "../factories/forum";
import { createTestDatabase } from "../setup/test-database";
import { createTestDeps, recordDeliveries, withSentBodies, type TestDeps } from "../setup/test-deps";

const { forum, notifications, groups, moderation } = services;
let handle: DatabaseHandle;
let deps: TestDeps;
let topicId: number;
let staff: UserRow;

const DELAY_MS = 60_000;
const SPACING_MS = 5 * 60_000;

beforeAll(async () => {
  handle = await createTestDatabase();
  deps = createTestDeps(handle, { env: { NOTIFY_EMAIL_DELAY_SECONDS: "60", NOTIFY_EMAIL_SPACING_MINUTES: "5" } });
  topicId = (await createTopic(deps.db)).id;
  staff = await createUser(deps.db, { site_role: "moderator" });
});
afterAll(async () => {
  await handle?.close();
});

/** Emails that actually left for a member (composed and not skipped), oldest first, as the transport received them. */
async function emailsTo(user: UserRow) {
  const rows = await deps.db
    .selectFrom("email_outbox")
    .selectAll()
    .where("to_address", "=", user.email)
    .where("sent_at", "is not", null)
    .where("skipped", "=", false)
    .orderBy("id")
    .execute();
  return withSentBodies(deps, rows);
}

/** The .eml file the worker wrote for an outbox row. */
function emlOf(rowId: number): string {
  const file = readdirSync(deps.config.outboxDir).find((name) => name.endsWith(`-${rowId}.eml`));
  expect(file, `an .eml file for outbox row ${rowId}`).toBeDefined();
  return readFileSync(path.join(deps.config.outboxDir, file!), "utf8");
}

async function notificationOf(userId: number, postId: number) {
  return deps.db.selectFrom("notifications").selectAll().where("user_id", "=", userId).where("post_id", "=", postId).executeTakeFirstOrThrow();
}

async function pendingRows(groupKey: string) {
  return deps.db.selectFrom("email_outbox").select("id").where("group_key", "=", groupKey).where("sent_at", "is", null).where("failed_at", "is", null).execute();
}

/** Moves the clock past the delay and runs the worker. */
async function afterDelay() {
  deps.clock.advance(DELAY_MS + 1_000);
  return deps.mail.drain();
}

let groupCount = 0;
async function newWorkingGroup() {
  groupCount++;
  return groups.createGroup(as(deps, staff), {
    topicId,
    kind: "working_group",
    slug: `correo-trabajo-${groupCount}`,
    nameEs: `Grupo de correo ${groupCount}`,
    namePt: `Grupo de correio ${groupCount}`,
    nameEn: `Mail group ${groupCount}`,
    joinPolicy: "invite",
  });
}

async function addToGroup(group: { id: number; slug: string }, user: UserRow) {
  await groups.inviteToGroup(as(deps, staff), { groupId: group.id, invitee: user.handle });
  const invitation = (await groups.myGroupInvitations(as(deps, user))).find((i) => i.group.slug === group.slug)!;
  await groups.respondToInvitation(as(deps, user), { invitationId: invitation.id }, true);
}

describe("emails at once", () => {
  it("one email per thread gathers its notifications, in the member's language, with one-click unsubscribe", async () => {
    const asker = await createUser(deps.db, { locale: "pt", display_name: "Joana" });
    const title = "Ônibus elétricos em Curitiba";
    const { threadId } = await createForumThread(deps, { author: asker, title, language: "pt" });
    const [b, c, d] = [await createUser(deps.db), await createUser(deps.db), await createUser(deps.db)];
    const r1 = await forum.createReply(as(deps, b), { threadId, body: "Primeira resposta" });
    const r2 = await forum.createReply(as(deps, c), { threadId, body: "Segunda resposta" });
    const r3 = await forum.createReply(as(deps, d), { threadId, body: `Concordo com @${asker.handle}` });
    const other = await createForumThread(deps, { author: asker, title: "Ciclovias em Recife", language: "pt" });
    const r4 = await forum.createReply(as(deps, b), { threadId: other.threadId, body: "Resposta no outro tópico" });
    expect(await pendingRows(`notify:${asker.id}:thread:${threadId}`)).toHaveLength(1);

    // Nothing leaves before the delay.
    deps.clock.advance(DELAY_MS / 2);
    await deps.mail.drain();
    expect(await emailsTo(asker)).toEqual([]);

    deps.clock.advance(DELAY_MS / 2 + 1_000);
    await deps.mail.drain();
    const emails = await emailsTo(asker);
    expect(emails.map((e) => e.subject).sort()).toEqual([`3 novidades em “${title}”`, "Novidade em “Ciclovias em Recife”"].sort());
    const batch = emails.find((e) => e.subject!.includes(title))!;
    const text = batch.text_body!;
    expect(text).toContain("Olá, Joana,");
    expect(text).toContain(`${b.display_name} respondeu à sua mensagem em “${title}”`);
    expect(text).toContain(`${c.display_name} respondeu à sua mensagem em “${title}”`);
    expect(text).toContain(`${d.display_name} mencionou você em “${title}”`);
    for (const reply of [r1, r2, r3]) expect(text).toContain(`http://localhost:3999/p/${reply.postId}`);
    expect(text).not.toContain(`/p/${r4.postId}`);
    expect(text).toContain("http://localhost:3999/settings/notifications");
    expect(batch.html_body).toContain('href="http://localhost:3999/settings/notifications"');

    const headers = batch.headers as Record<string, string>;
    expect(headers["List-Unsubscribe"]).toMatch(/^<https?:\/\/localhost:3999\/unsubscribe\?token=\d+\.[\w-]{43}>$/);
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const eml = emlOf(batch.id).replace(/\r/g, "").replace(/\n[ \t]+/g, " ");
    expect(eml).toMatch(/^List-Unsubscribe: <https?:\/\/localhost:3999\/unsubscribe\?token=\d+\.[\w-]{43}>$/m);
    expect(eml).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(eml).toMatch(new RegExp(`^Message-ID: <outbox-${batch.id}@`, "m"));

    for (const reply of [r1, r2, r3, r4]) expect((await notificationOf(asker.id, reply.postId)).email_state).toBe("sent");
    // Sent once: running the worker again sends nothing more to her.
    await afterDelay();
    expect(await emailsTo(asker)).toHaveLength(2);
  });

  it("at most one email per thread in the spacing window: later replies wait and come together", async () => {
    const author = await createUser(deps.db);
    const { threadId } = await createForumThread(deps, { author, title: "Tarifas integradas en Quito" });
    const [b, c] = [await createUser(deps.db), await createUser(deps.db)];
    await forum.createReply(as(deps, b), { threadId, body: "La primera llega sola" });
    await afterDelay();
    expect((await emailsTo(author)).map((e) => e.subject)).toEqual(["Novedad en «Tarifas integradas en Quito»"]);
    const firstSentAt = (await emailsTo(author))[0].sent_at!.getTime();

    deps.clock.advance(60_000);
    const r2 = await forum.createReply(as(deps, b), { threadId, body: "La segunda espera" });
    const waiting = await deps.db
      .selectFrom("email_outbox")
      .select(["next_attempt_at"])
      .where("group_key", "=", `notify:${author.id}:thread:${threadId}`)
      .where("sent_at", "is", null)
      .executeTakeFirstOrThrow();
    expect(waiting.next_attempt_at.getTime()).toBe(firstSentAt + SPACING_MS);
    await afterDelay();
    expect(await emailsTo(author)).toHaveLength(1);
    const r3 = await forum.createReply(as(deps, c), { threadId, body: "La tercera se suma" });
    expect(await pendingRows(`notify:${author.id}:thread:${threadId}`)).toHaveLength(1);

    deps.clock.set(new Date(firstSentAt + SPACING_MS - 1_000));
    await deps.mail.drain();
    expect(await emailsTo(author)).toHaveLength(1);
    deps.clock.set(new Date(firstSentAt + SPACING_MS + 1_000));
    await deps.mail.drain();
    const emails = await emailsTo(author);
    expect(emails).toHaveLength(2);
    expect(emails[1].subject).toBe("2 novedades en «Tarifas integradas en Quito»");
    expect(emails[1].text_body).toContain(`/p/${r2.postId}`);
    expect(emails[1].text_body).toContain(`/p/${r3.postId}`);
  });

  it("a notification arriving while its thread's email is being sent gets its own email later", async () => {
    const author = await createUser(deps.db);
    const { threadId } = await createForumThread(deps, { author, title: "Carriles exclusivos en Bogotá" });
    const [b, c] = [await createUser(deps.db), await createUser(deps.db)];
    const r1 = await forum.createReply(as(deps, b), { threadId, body: "Llega antes del envío" });
    const composer = createNotificationComposer(() => deps);
    let late: { postId: number } | undefined;
    const worker = createMailQueue({
      db: deps.db,
      logger: pino({ level: "silent" }),
      from: deps.config.mail.from,
      outboxDir: deps.config.outboxDir,
      now: deps.clock.now,
      onDelivered: recordDeliveries(deps.db),
      // The reply lands after the batch was composed and before it was recorded as sent.
      compose: async (row) => {
        const composed = await composer(row);
        if (!late && row.group_key === `notify:${author.id}:thread:${threadId}`) {
          late = await forum.createReply(as(deps, c), { threadId, body: "Llega durante el envío" });
        }
        return composed;
      },
    });
    deps.clock.advance(DELAY_MS + 1_000);
    await worker.drain();
    expect(late).toBeDefined();
    const first = await emailsTo(author);
    expect(first).toHaveLength(1);
    expect(first[0].text_body).toContain(`/p/${r1.postId}`);
    expect(first[0].text_body).not.toContain(`/p/${late!.postId}`);
    expect((await notificationOf(author.id, late!.postId)).email_state).toBe("pending");

    deps.clock.advance(SPACING_MS);
    await deps.mail.drain();
    const emails = await emailsTo(author);
    expect(emails).toHaveLength(2);
    expect(emails[1].text_body).toContain(`/p/${late!.postId}`);
    expect((await notificationOf(author.id, late!.postId)).email_state).toBe("sent");
  });

  it("leaves out what was read before the email was due, and sends nothing when all of it was", async () => {
    const author = await createUser(deps.db);
    const { threadId } = await createForumThread(deps, { author, title: "Bicicletas públicas en Rosario" });
    const [b, c] = [await createUser(deps.db), await createUser(deps.db)];
    const r1 = await forum.createReply(as(deps, b), { threadId, body: "Ya la leyó" });
    const r2 = await forum.createReply(as(deps, c), { threadId, body: "Todavía no la leyó" });
    await notifications.markRead(as(deps, author), { notificationId: (await notificationOf(author.id, r1.postId)).id });
    await afterDelay();
    const [email] = await emailsTo(author);
    expect(email.subject).toBe("Novedad en «Bicicletas públicas en Rosario»");
    expect(email.text_body).toContain(`/p/${r2.postId}`);
    expect(email.text_body).not.toContain(`/p/${r1.postId}`);
    expect((await notificationOf(author.id, r1.postId)).email_state).toBe("skipped");

    const other = await createForumThread(deps, { author, title: "Peatonalización en Montevideo" });
    const r3 = await forum.createReply(as(deps, b), { threadId: other.threadId, body: "La leerá en la página" });
    await forum.markRead(as(deps, author), { threadId: other.threadId, position: r3.position });
    await afterDelay();
    expect(await emailsTo(author)).toHaveLength(1);
    const row = await deps.db
      .selectFrom("email_outbox")
      .select(["skipped", "sent_at", "subject"])
      .where("group_key", "=", `notify:${author.id}:thread:${other.threadId}`)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ skipped: true, sent_at: expect.any(Date), subject: null });
    expect((await notificationOf(author.id, r3.postId)).email_state).toBe("skipped");
  });

  it("a member removed from a private group before the email is due gets nothing about it", async () => {
    const group = await newWorkingGroup();
    const removed = await createUser(deps.db);
    const revoked = await createUser(deps.db);
    const staying = await createUser(deps.db);
    for (const member of [removed, revoked, staying]) await addToGroup(group, member);
    const title = "Canario naranja del grupo";
    const { threadId } = await forum.createThread(as(deps, staying), { groupId: group.id, kind: "discussion", title, body: "Plan del grupo" });
    const reply = await forum.createReply(as(deps, staying), {
      threadId,
      body: `@${removed.handle} y @${revoked.handle}, revisen el plan`,
    });
    expect((await notificationOf(removed.id, reply.postId)).email_state).toBe("pending");
    expect((await notificationOf(revoked.id, reply.postId)).email_state).toBe("pending");

    // One through the service; the other's membership simply ends (its notifications stay behind),
    // so only the guardian, asked again when the email is composed, can keep it out.
    await groups.removeMember(as(deps, staff), { groupId: group.id, userId: removed.id }, false);
    await deps.db.deleteFrom("space_members").where("user_id", "=", revoked.id).where("space_id", "=", (await groups.getGroup(as(deps, staff), group.slug)).spaceId).execute();

    await afterDelay();
    for (const member of [removed, revoked]) {
      for (const email of await emailsTo(member)) {
        expect(`${email.subject} ${email.text_body} ${email.html_body}`).not.toContain(title);
      }
      const row = await deps.db.selectFrom("email_outbox").select(["skipped"]).where("group_key", "=", `notify:${member.id}:thread:${threadId}`).executeTakeFirstOrThrow();
      expect(row.skipped).toBe(true);
    }
    expect((await notificationOf(revoked.id, reply.postId)).email_state).toBe("skipped");
  });

  it("a thread moved where the member cannot see it before the email is due is left out", async () => {
    const author = await createUser(deps.db);
    const { threadId } = await createForumThread(deps, { author, title: "Canario verde que se muda" });
    await forum.createReply(as(deps, await createUser(deps.db)), { threadId, body: "Respuesta antes de la mudanza" });
    const group = await newWorkingGroup();
    await moderation.moveThread(as(deps, staff), { threadId, groupId: group.id, reason: "Es tema del grupo" });
    await afterDelay();
    for (const email of await emailsTo(author)) expect(`${email.subject} ${email.text_body}`).not.toContain("Canario verde");
  });

  it("switching to none skips what was waiting; switching to a digest hands it to the digest", async () => {
    const quiet = await createUser(deps.db);
    const { threadId } = await createForumThread(deps, { author: quiet, title: "Zonas de bajas emisiones" });
    const r1 = await forum.createReply(as(deps, await createUser(deps.db)), { threadId, body: "Respuesta que no se enviará" });
    await notifications.setEmailMode(as(deps, quiet), { mode: "none" });
    await afterDelay();
    expect(await emailsTo(quiet)).toEqual([]);
    expect((await notificationOf(quiet.id, r1.postId)).email_state).toBe("skipped");
    // From now on, nothing is queued for them at all.
    const r2 = await forum.createReply(as(deps, await createUser(deps.db)), { threadId, body: "Otra respuesta sin correo" });
    expect((await notificationOf(quiet.id, r2.postId)).email_state).toBe("none");
    expect(await pendingRows(`notify:${quiet.id}:thread:${threadId}`)).toEqual([]);

    const later = await createUser(deps.db);
    const other = await createForumThread(deps, { author: later, title: "Trenes de cercanías" });
    const r3 = await forum.createReply(as(deps, await createUser(deps.db)), { threadId: other.threadId, body: "Irá en el resumen" });
    await notifications.setEmailMode(as(deps, later), { mode: "daily" });
    await afterDelay();
    expect(await emailsTo(later)).toEqual([]);
    expect((await notificationOf(later.id, r3.postId)).email_state).toBe("digest");
  });

  it("a group invitation is emailed, unless it was withdrawn before the email was due", async () => {
    const group = await newWorkingGroup();
    const invitee = await createUser(deps.db, { locale: "en" });
    const withdrawn = await createUser(deps.db, { locale: "en" });
    await groups.inviteToGroup(as(deps, staff), { groupId: group.id, invitee: invitee.handle });
    await groups.inviteToGroup(as(deps, staff), { groupId: group.id, invitee: withdrawn.handle });
    const { invitations } = await groups.getGroupAdminView(as(deps, staff), { groupId: group.id });
    await groups.revokeGroupInvitation(as(deps, staff), { invitationId: invitations.find((i) => i.invitee === `@${withdrawn.handle}`)!.id });
    await afterDelay();
    const [email] = await emailsTo(invitee);
    expect(email.subject).toBe(`News from the group Mail group ${groupCount}`);
    expect(email.text_body).toContain(`${staff.display_name} invited you to the group Mail group ${groupCount}`);
    expect(email.text_body).toContain(`/g/${group.slug}`);
    expect(await emailsTo(withdrawn)).toEqual([]);
  });
});

describe("digests", () => {
  it("a daily digest gathers what is for the member, followed threads with unread posts and new threads where they follow, and nothing that became invisible", async () => {
    const followed = await createTopic(deps.db);
    const reader = await createUser(deps.db, { locale: "en", display_name: "Rita" });
    const other = await createUser(deps.db);
    const third = await createUser(deps.db);
    await notifications.setEmailMode(as(deps, reader), { mode: "daily" });
    await notifications.setFollowLevel(as(deps, reader), { target: "topic", targetId: followed.id, level: "tracking" });

    // For her: a reply to her thread (and one that is later deleted).
    const mine = await createForumThread(deps, { author: reader, title: "Bus rapid transit lanes in Lima", language: "en" });
    const forHer = await forum.createReply(as(deps, other), { threadId: mine.threadId, body: "Here is how Bogotá did it" });
    const deleted = await forum.createReply(as(deps, third), { threadId: mine.threadId, body: "A reply deleted before the digest" });
    await forum.deletePost(as(deps, third), { postId: deleted.postId });
    expect((await notificationOf(reader.id, forHer.postId)).email_state).toBe("digest");
    // A thread she took part in, with a post she has not read.
    const joined = await createForumThread(deps, { author: other, title: "Parking reform in Santiago", language: "en" });
    await forum.createReply(as(deps, reader), { threadId: joined.threadId, body: "We tried this in our city" });
    await forum.createReply(as(deps, third), { threadId: joined.threadId, body: "And what happened then?" });
    // A new thread in the topic she follows.
    const fresh = await createForumThread(deps, { author: other, topicId: followed.id, title: "Cable cars in La Paz", language: "en" });

    // Became invisible: a thread she took part in, moved into a private group (with a reply to her in it) ...
    const movedAway = await createForumThread(deps, { author: other, title: "Canary thread moved away", language: "en" });
    const hers = await forum.createReply(as(deps, reader), { threadId: movedAway.threadId, body: "My contribution" });
    const toHer = await forum.createReply(as(deps, third), { threadId: movedAway.threadId, parentId: hers.postId, body: "An answer to her" });
    await moderation.moveThread(as(deps, staff), { threadId: movedAway.threadId, groupId: (await newWorkingGroup()).id, reason: "Private matter" });
    // ... a new thread in her topic that its author deleted ...
    const gone = await createForumThread(deps, { author: other, topicId: followed.id, title: "Canary thread deleted", language: "en" });
    await forum.deletePost(as(deps, other), { postId: gone.postId });
    // ... and a new thread in a group she follows but whose membership ended.
    const group = await newWorkingGroup();
    await addToGroup(group, reader);
    await notifications.setFollowLevel(as(deps, reader), { target: "group", targetId: group.id, level: "tracking" });
    await forum.createThread(as(deps, staff), { groupId: group.id, kind: "discussion", title: "Canary thread in a group she left", body: "Group text" });
    await deps.db.deleteFrom("space_members").where("user_id", "=", reader.id).where("space_id", "=", (await groups.getGroup(as(deps, staff), group.slug)).spaceId).execute();

    await scheduleDigests(deps);
    await scheduleDigests(deps);
    expect(await pendingRows(`digest:${reader.id}`)).toHaveLength(1);
    await deps.mail.drain();

    const digests = await emailsTo(reader);
    expect(digests).toHaveLength(1);
    const [digest] = digests;
    expect(digest.subject).toBe("Your daily Enlace digest");
    const text = digest.text_body!;
    expect(text).toContain("Hello Rita,");
    expect(text).toMatch(/For you\n- .* replied to your post in “Bus rapid transit lanes in Lima”\n {2}http:\/\/localhost:3999\/p\/\d+/);
    expect(text).toContain(`http://localhost:3999/p/${forHer.postId}`);
    expect(text).toContain("Threads you follow with new posts");
    expect(text).toContain(`Parking reform in Santiago (1 new post)\n  http://localhost:3999/t/${joined.threadId}`);
    expect(text).toContain("New threads where you follow");
    expect(text).toContain(`Cable cars in La Paz\n  http://localhost:3999/t/${fresh.threadId}`);
    expect(text).not.toContain("Canary");
    expect(text).not.toContain(`/p/${deleted.postId}`);
    expect(text).not.toContain(`/p/${toHer.postId}`);
    expect((digest.headers as Record<string, string>)["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");

    expect((await notificationOf(reader.id, forHer.postId)).email_state).toBe("sent");
    expect((await notificationOf(reader.id, toHer.postId)).email_state).toBe("skipped");
    expect((await notificationOf(reader.id, deleted.postId)).email_state).toBe("skipped");
    const { last_digest_at } = await deps.db.selectFrom("users").select("last_digest_at").where("id", "=", reader.id).executeTakeFirstOrThrow();
    expect(last_digest_at?.getTime()).toBe(digest.sent_at!.getTime());

    // Not due again the same day.
    await scheduleDigests(deps);
    expect(await pendingRows(`digest:${reader.id}`)).toEqual([]);
  });

  it("a weekly digest comes once a week, in the member's language", async () => {
    const weekly = await createUser(deps.db);
    await notifications.setEmailMode(as(deps, weekly), { mode: "weekly" });
    const { threadId } = await createForumThread(deps, { author: weekly, title: "Corredores verdes en Medellín" });
    const reply = await forum.createReply(as(deps, await createUser(deps.db)), { threadId, body: "Una respuesta para el resumen semanal" });
    await scheduleDigests(deps);
    await deps.mail.drain();
    const [digest] = await emailsTo(weekly);
    expect(digest.subject).toBe("Tu resumen semanal de Enlace");
    expect(digest.text_body).toContain(`/p/${reply.postId}`);
    expect(digest.text_body).toContain("Para ti");

    deps.clock.advance(2 * 86_400_000);
    await scheduleDigests(deps);
    expect(await pendingRows(`digest:${weekly.id}`)).toEqual([]);
    deps.clock.advance(6 * 86_400_000);
    await scheduleDigests(deps);
    await scheduleDigests(deps);
    expect(await pendingRows(`digest:${weekly.id}`)).toHaveLength(1);
    // Nothing new to say: no second email, but the week counts as done.
    await deps.mail.drain();
    expect(await emailsTo(weekly)).toHaveLength(1);
    await scheduleDigests(deps);
    expect(await pendingRows(`digest:${weekly.id}`)).toEqual([]);
  });
});

describe("one-click unsubscribe", () => {
  it("the token in the email sets the email mode to none; a tampered token is refused and changes nothing", async () => {
    const member = await createUser(deps.db);
    const victim = await createUser(deps.db);
    const { threadId } = await createForumThread(deps, { author: member, title: "Metro de Guadalajara" });
    await forum.createReply(as(deps, await createUser(deps.db)), { threadId, body: "Respuesta para el correo" });
    await afterDelay();
    const [email] = await emailsTo(member);
    const link = (email.headers as Record<string, string>)["List-Unsubscribe"].slice(1, -1);
    expect(email.text_body).toContain(link);
    const token = new URL(link).searchParams.get("token")!;
    const [id, signature] = token.split(".");
    expect(Number(id)).toBe(member.id);

    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const flipLast = signature.slice(0, -1) + alphabet[alphabet.indexOf(signature.at(-1)!) ^ 1];
    const flipFirst = alphabet[alphabet.indexOf(signature[0]) ^ 1] + signature.slice(1);
    for (const tampered of [`${victim.id}.${signature}`, `${id}.${flipLast}`, `${id}.${flipFirst}`, `0${id}.${signature}`, `${id}.${signature}x`, id, "", "1.abc"]) {
      expect(await notifications.unsubscribeByToken(as(deps, null), tampered), tampered).toBe(false);
    }
    for (const user of [member, victim]) {
      const row = await deps.db.selectFrom("users").select("email_notifications").where("id", "=", user.id).executeTakeFirstOrThrow();
      expect(row.email_notifications).toBe("immediate");
    }

    const pending = await forum.createReply(as(deps, await createUser(deps.db)), { threadId, body: "Una respuesta que ya no irá por correo" });
    expect(await notifications.unsubscribeByToken(as(deps, null), token)).toBe(true);
    expect(await notifications.getEmailMode(as(deps, member))).toBe("none");
    expect((await notificationOf(member.id, pending.postId)).email_state).toBe("skipped");
    deps.clock.advance(SPACING_MS + DELAY_MS);
    await deps.mail.drain();
    expect(await emailsTo(member)).toHaveLength(1);
    // The same link works again (a mail client may post it twice).
    expect(await notifications.unsubscribeByToken(as(deps, null), token)).toBe(true);
  });
});
