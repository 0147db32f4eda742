import type { LoaderFunctionArgs } from "@remix-run/node";
import { atomResponse } from "../lib/atom.server";

// /feeds/solved.atom: questions that found their solution, newest first (public content only).
export async function loader({ request, context }: LoaderFunctionArgs) {
  return atomResponse(request, await context.services.feeds.getSolvedFeed(context.ctx));
}
