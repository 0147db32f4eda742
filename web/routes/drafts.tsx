import { json, type ActionFunctionArgs } from "@remix-run/node";
import { formToObject } from "../../shared/schemas/parse";
import { runAction } from "../lib/http.server";

// The composers' autosave posts here (with JavaScript); drafts are private to their author.
export async function action({ request, context }: ActionFunctionArgs) {
  const input = formToObject(await request.formData(), ["tags"]);
  return runAction(context, async () => json(await context.services.forum.saveDraft(context.ctx, input)));
}

export function loader() {
  throw new Response("Not Found", { status: 404 });
}
