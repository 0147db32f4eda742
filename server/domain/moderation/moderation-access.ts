// Loading what a moderator acts on. Whoever may not see it gets NOT_FOUND; so does whoever may see it
// but not moderate there, so a moderation endpoint tells a curious member nothing.
import type { ServiceContext } from "../../context";
import { loadVisiblePost, loadVisibleThread } from "../forum/access";

export async function loadModeratedThread(ctx: ServiceContext, threadId: number) {
  const loaded = await loadVisibleThread(ctx, threadId);
  ctx.guardian.ensure(ctx.guardian.canModerate(loaded.space));
  return loaded;
}

export async function loadModeratedPost(ctx: ServiceContext, postId: number) {
  const loaded = await loadVisiblePost(ctx, postId);
  ctx.guardian.ensure(ctx.guardian.canModerate(loaded.space));
  return loaded;
}
