// Demo threads go through the same services members use, acting as each demo member at a set time.
import { createServiceContext, type Deps } from "../server/context";
import { services } from "../server/domain";
import { actorFromUser } from "../server/domain/sessions/session.service";
import type { DemoThread } from "./demo-content";

interface As {
  handle: string;
  at: Date;
}

/** A demo topic's id from its slug. */
export async function topicId(deps: Deps, slug: string): Promise<number> {
  return (await deps.db.selectFrom("topics").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
}

/** A service context acting as a demo member at a given time. */
export async function as(deps: Deps, who: As) {
  return contextAs(deps, who);
}

async function contextAs(deps: Deps, as: As) {
  const user = await deps.db.selectFrom("users").selectAll().where("handle", "=", as.handle).executeTakeFirstOrThrow();
  return createServiceContext(
    { ...deps, now: () => as.at },
    { actor: actorFromUser(user), locale: user.locale as "es" | "pt" | "en", ip: "seed", userAgent: "seed", sessionId: null },
  );
}

export async function createThread(deps: Deps, as: As, thread: DemoThread): Promise<{ threadId: number; postIds: number[] }> {
  const ctx = await contextAs(deps, as);
  const { threadId, postId } = await services.forum.createThread(ctx, {
    topicId: await topicId(deps, thread.topic),
    kind: thread.kind,
    title: thread.title,
    body: thread.body,
    tags: thread.tags,
    language: thread.language,
  });
  return { threadId, postIds: [postId] };
}

export async function createPost(deps: Deps, as: As, threadId: number, body: string, parentId?: number): Promise<number> {
  const ctx = await contextAs(deps, as);
  const { postId } = await services.forum.createReply(ctx, { threadId, body, parentId });
  return postId;
}

export async function voteHelpful(deps: Deps, as: As, postId: number): Promise<void> {
  await services.forum.setHelpful(await contextAs(deps, as), { postId, helpful: true });
}

export async function markDemoSolution(deps: Deps, as: As, postId: number): Promise<void> {
  await services.forum.markSolution(await contextAs(deps, as), { postId });
}
