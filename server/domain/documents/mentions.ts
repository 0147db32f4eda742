// Where a document is discussed: posts whose Markdown links /documents/<id> (relative, or on this site's
// address). Recorded when a post is written or edited, in the post's transaction.
import { sql, type Transaction } from "kysely";
import type { DB } from "../../../db/connection";
import type { Database } from "../../../db/schema";

const LINK = /(?:https?:\/\/([A-Za-z0-9.-]+(?::\d+)?))?\/documents\/(\d{1,10})(?![\d\w])/g;

/** The ids of documents a Markdown text links to (at most 50), on this site only. */
export function documentIdsLinkedIn(markdown: string, publicUrl: string): number[] {
  const ownHost = new URL(publicUrl).host.toLowerCase();
  const ids = new Set<number>();
  for (const match of markdown.matchAll(LINK)) {
    const [whole, host, id] = match;
    const before = markdown[match.index - 1] ?? "";
    // A relative link starts the path: "(/documents/3)", "</documents/3>", " /documents/3"; not "x/documents/3".
    if (!host && before && !/[\s(<\["'=:]/.test(before)) continue;
    if (host && host.toLowerCase() !== ownHost) continue;
    const value = Number(id);
    if (value > 0 && value <= 2_147_483_647 && whole) ids.add(value);
    if (ids.size >= 50) break;
  }
  return [...ids];
}

/** Replaces a post's document links with those its current Markdown holds (only documents that exist). */
export async function recordDocumentMentions(trx: Transaction<Database> | DB, postId: number, markdown: string, publicUrl: string): Promise<void> {
  const ids = documentIdsLinkedIn(markdown, publicUrl);
  await trx.deleteFrom("document_mentions").where("post_id", "=", postId).execute();
  if (ids.length === 0) return;
  await trx
    .insertInto("document_mentions")
    .columns(["document_id", "post_id"])
    .expression((eb) => eb.selectFrom("documents").select(["documents.id", sql<number>`${postId}::int`.as("post_id")]).where("documents.id", "in", ids))
    .onConflict((oc) => oc.doNothing())
    .execute();
}
