// Webhook events from the forum. Callers queue them only for content in a public space, inside the
// transaction that made the change, and kick the worker after commit (deps.webhooks?.kick()).
import { sql, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import type { Deps } from "../../context";
import { enqueueWebhookEvent, type WebhookEvent } from "./enqueue";

async function hasSubscribers(trx: Transaction<Database>, event: WebhookEvent): Promise<boolean> {
  const row = await trx.selectFrom("webhooks").select("id").where("active", "=", true).where(sql<boolean>`${event} = any(events)`).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** "thread:created" for a new thread in a public topic or expert group; answers how many deliveries were queued. */
export async function queueThreadCreated(
  trx: Transaction<Database>,
  deps: Deps,
  thread: { id: number; title: string; kind: string; language: string; topicId: number; authorId: number; createdAt: Date },
): Promise<number> {
  if (!(await hasSubscribers(trx, "thread:created"))) return 0;
  const base = deps.config.publicUrl;
  const topic = await trx.selectFrom("topics").select(["slug", "name"]).where("id", "=", thread.topicId).executeTakeFirst();
  const author = await trx.selectFrom("users").select(["handle", "display_name"]).where("id", "=", thread.authorId).executeTakeFirst();
  return enqueueWebhookEvent(
    trx,
    "thread:created",
    {
      thread: { id: thread.id, title: thread.title, kind: thread.kind, language: thread.language, url: `${base}/t/${thread.id}`, createdAt: thread.createdAt.toISOString() },
      topic: topic ? { slug: topic.slug, name: topic.name, url: `${base}/topics/${topic.slug}` } : null,
      author: author ? { handle: author.handle, name: author.display_name, url: `${base}/u/${author.handle}` } : null,
    },
    thread.createdAt,
  );
}

/** "solution:marked" for a question in a public space. */
export async function queueSolutionMarked(
  trx: Transaction<Database>,
  deps: Deps,
  input: { threadId: number; title: string; postId: number; postAuthorId: number | null; solvedAt: Date },
): Promise<number> {
  if (!(await hasSubscribers(trx, "solution:marked"))) return 0;
  const base = deps.config.publicUrl;
  const author = input.postAuthorId
    ? await trx.selectFrom("users").select(["handle", "display_name"]).where("id", "=", input.postAuthorId).executeTakeFirst()
    : undefined;
  return enqueueWebhookEvent(
    trx,
    "solution:marked",
    {
      thread: { id: input.threadId, title: input.title, url: `${base}/t/${input.threadId}` },
      solution: {
        postId: input.postId,
        url: `${base}/p/${input.postId}`,
        author: author ? { handle: author.handle, name: author.display_name, url: `${base}/u/${author.handle}` } : null,
      },
      solvedAt: input.solvedAt.toISOString(),
    },
    input.solvedAt,
  );
}
