import type { Transaction } from "kysely";
import type { DB } from "../../../db/connection";
import type { Database } from "../../../db/schema";
import { extractMentions, markdownToPlainText, renderMarkdown } from "../content/markdown";

/** Renders a post once, at write time: sanitized HTML and plain text are stored beside the source. */
export async function preparePostContent(db: DB | Transaction<Database>, source: string) {
  const mentioned = extractMentions(source);
  const existing = mentioned.length
    ? await db
        .selectFrom("users")
        .select("handle")
        .where("handle", "in", mentioned)
        .where("email_verified_at", "is not", null)
        .execute()
    : [];
  const existingHandles = new Set(existing.map((row) => row.handle));
  return {
    html: renderMarkdown(source, { existingHandles }),
    plainText: markdownToPlainText(source),
    mentionedHandles: [...existingHandles],
  };
}
