// A new version of a document, by JavaScript (JSON answer, for the progress bar). Without JavaScript the
// form posts to the document's page instead.
import { json, type ActionFunctionArgs } from "@remix-run/node";
import { receiveUpload } from "../lib/documents.server";

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (!/^\d{1,10}$/.test(params.id ?? "")) throw new Response("Not Found", { status: 404 });
  const outcome = await receiveUpload(context, request, Number(params.id));
  if (outcome.ok) return json({ ok: true, url: outcome.url, documentId: outcome.documentId }, { status: 201 });
  return json(outcome.failure, { status: outcome.status });
}

export async function loader() {
  throw new Response("Not Found", { status: 404 });
}
