import type { LoaderFunctionArgs } from "@remix-run/node";
import { runLoader } from "../lib/http.server";

// A topic's calendar feed: its public events only (never a private group's), for calendar apps to subscribe to.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const body = await runLoader(request, () => context.services.events.topicFeed(context.ctx, params.slug ?? ""));
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `inline; filename="${params.slug}-events.ics"`,
      "Cache-Control": "public, max-age=900",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
