import type { DB } from "../../db/connection";
import type { UserRow } from "../../db/schema";
import { createServiceContext, type Deps } from "../../server/context";
import { services } from "../../server/domain";
import { actorFromUser } from "../../server/domain/sessions/session.service";
import { createTopic, createUser } from "./index";

/** A service context acting as a member. */
export function as(deps: Deps, user: UserRow | null) {
  return createServiceContext(deps, {
    actor: user ? actorFromUser(user) : null,
    locale: (user?.locale as "es" | "pt" | "en") ?? "es",
    ip: "10.9.9.9",
    userAgent: "vitest",
    sessionId: null,
  });
}

export async function createTag(db: DB, slug: string, name = { es: slug, pt: slug, en: slug }) {
  return db.insertInto("tags").values({ slug, name: JSON.stringify(name) }).returningAll().executeTakeFirstOrThrow();
}

let count = 0;
/** A thread by a member (created for the purpose when not given), through the real service. */
export async function createForumThread(
  deps: Deps,
  input: { author?: UserRow; topicId?: number; kind?: "question" | "discussion"; title?: string; body?: string; tags?: string[]; language?: "es" | "pt" | "en" } = {},
) {
  const author = input.author ?? (await createUser(deps.db));
  const topicId = input.topicId ?? (await createTopic(deps.db)).id;
  count++;
  const { threadId, postId } = await services.forum.createThread(as(deps, author), {
    topicId,
    kind: input.kind ?? "question",
    title: input.title ?? `Una pregunta de prueba número ${count}`,
    body: input.body ?? "¿Cómo lo hicieron en otras ciudades?",
    tags: input.tags ?? [],
    language: input.language ?? "es",
  });
  return { threadId, postId, author, topicId };
}

/** A private space (a working group, before groups have their own service) with the given members. */
export async function createPrivateSpace(db: DB, members: UserRow[]) {
  const space = await db.insertInto("spaces").values({ kind: "working_group", visibility: "private" }).returning("id").executeTakeFirstOrThrow();
  if (members.length) {
    await db.insertInto("space_members").values(members.map((member) => ({ space_id: space.id, user_id: member.id }))).execute();
  }
  return space.id;
}
