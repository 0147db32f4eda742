import type { LoaderFunctionArgs } from "@remix-run/node";
import { atomResponse } from "../lib/atom.server";
import { runLoader } from "../lib/http.server";

// /feeds/topics/<slug>.atom: new public threads of a topic (never those of its private groups).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const match = /^([a-z0-9-]{1,100})\.atom$/.exec(params.file ?? "");
  if (!match) throw new Response("Not Found", { status: 404 });
  const feed = await runLoader(request, () => context.services.feeds.getTopicFeed(context.ctx, match[1]));
  return atomResponse(request, feed);
}
