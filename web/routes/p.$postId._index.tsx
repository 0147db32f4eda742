import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { runLoader } from "../lib/http.server";

// Permalink: every post has one; it opens the thread page that holds the post, scrolled to it.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const postId = Number(params.postId);
  if (!Number.isInteger(postId) || postId <= 0) throw new Response("Not Found", { status: 404 });
  const place = await runLoader(request, () => context.services.forum.locatePost(context.ctx, { postId }));
  return redirect(`/t/${place.threadId}${place.after > 1 ? `?after=${place.after}` : ""}#p-${place.postId}`);
}
