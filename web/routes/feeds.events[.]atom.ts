import type { LoaderFunctionArgs } from "@remix-run/node";
import { atomResponse } from "../lib/atom.server";

// /feeds/events.atom: public events, newest announced first (public content only).
export async function loader({ request, context }: LoaderFunctionArgs) {
  return atomResponse(request, await context.services.feeds.getEventsFeed(context.ctx));
}
