import type { LoaderFunctionArgs } from "@remix-run/node";
import { atomResponse } from "../lib/atom.server";

// /feeds/documents.atom: public documents of the document bank, newest first (public content only).
export async function loader({ request, context }: LoaderFunctionArgs) {
  return atomResponse(request, await context.services.feeds.getDocumentsFeed(context.ctx));
}
