// The upload form's JavaScript path: the same multipart fields as /documents/new, answered in JSON so the page
// can show progress and errors in place. Without JavaScript the form posts to /documents/new instead.
import { json, type ActionFunctionArgs } from "@remix-run/node";
import { receiveUpload } from "../lib/documents.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const outcome = await receiveUpload(context, request);
  if (outcome.ok) return json({ ok: true, url: outcome.url, documentId: outcome.documentId }, { status: 201 });
  return json(outcome.failure, { status: outcome.status });
}

export async function loader() {
  throw new Response("Not Found", { status: 404 });
}
