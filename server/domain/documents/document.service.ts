import { sql } from "kysely";
import type { Readable } from "node:stream";
import { eventVisibleTo, spaceVisibleTo, threadVisibleTo } from "../../../db/queries/visibility.queries";
import { AppError } from "../../../shared/errors";
import { pickLocalized } from "../../../shared/i18n";
import { parseInput } from "../../../shared/schemas/parse";
import { documentIdSchema, downloadSchema } from "../../../shared/schemas/document.schema";
import type { ServiceContext } from "../../context";
import { loadAuthors } from "../forum/people";
import { documentFacts, documentRows, loadVisibleDocument, toSummary } from "./access";
import type { DocumentDto, UploadPlacesDto } from "./documents.dto";
import { fileStoreFor } from "./storage";

/** One document's page: metadata, every version, and where it is discussed (threads and events the actor may see). */
export async function getDocument(ctx: ServiceContext, raw: unknown): Promise<DocumentDto> {
  const { documentId } = parseInput(documentIdSchema, raw);
  const { document, space } = await loadVisibleDocument(ctx, documentId);
  const [row, versions, mentions, events] = await Promise.all([
    documentRows(ctx.db).where("documents.id", "=", document.id).executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom("document_versions")
      .select(["number", "file_name", "mime_type", "size_bytes", "sha256", "uploaded_by", "created_at"])
      .where("document_id", "=", document.id)
      .orderBy("number", "desc")
      .execute(),
    ctx.db
      .selectFrom("document_mentions")
      .innerJoin("posts", "posts.id", "document_mentions.post_id")
      .innerJoin("threads", "threads.id", "posts.thread_id")
      .select(["threads.id as thread_id", "threads.title", "threads.language", "posts.id as post_id"])
      .where("document_mentions.document_id", "=", document.id)
      .where("posts.deleted_at", "is", null)
      .where("posts.hidden_at", "is", null)
      .where("threads.deleted_at", "is", null)
      .where(threadVisibleTo(ctx.actor))
      .orderBy("posts.id", "desc")
      .limit(100)
      .execute(),
    ctx.db
      .selectFrom("event_materials")
      .innerJoin("events", "events.id", "event_materials.event_id")
      .select(["events.id", "events.title", "events.starts_at", "events.cancelled_at"])
      .where("event_materials.document_id", "=", document.id)
      .where(eventVisibleTo(ctx.actor))
      .orderBy("events.starts_at", "desc")
      .limit(20)
      .execute(),
  ]);
  const authors = await loadAuthors(ctx.db, [document.uploaded_by, ...versions.map((version) => version.uploaded_by)]);
  const threads = new Map<number, DocumentDto["discussedIn"][number]>();
  for (const mention of mentions) {
    // The earliest visible post of each thread that links it (rows come newest first).
    threads.set(mention.thread_id, { threadId: mention.thread_id, title: mention.title, postId: mention.post_id, language: mention.language });
  }
  return {
    ...toSummary(row, ctx.locale),
    uploader: document.uploaded_by ? authors.get(document.uploaded_by) ?? null : null,
    versions: versions.map((version) => ({
      number: version.number,
      fileName: version.file_name,
      mimeType: version.mime_type,
      size: Number(version.size_bytes),
      sha256: version.sha256,
      createdAt: version.created_at.toISOString(),
      uploader: version.uploaded_by ? authors.get(version.uploaded_by) ?? null : null,
      current: version.number === document.current_version,
    })),
    can: { addVersion: ctx.guardian.canManageDocument(documentFacts(document), space) },
    discussedIn: [...threads.values()].slice(0, 20),
    events: events.map((event) => ({ id: event.id, title: event.title, startsAt: event.starts_at.toISOString(), cancelled: event.cancelled_at !== null })),
  };
}

export interface DownloadDto {
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  stream: Readable;
}

/**
 * Opens a version of a document (the current one unless asked) for download, after the guardian's check;
 * counts the download unless told not to (HEAD requests).
 */
export async function openDownload(ctx: ServiceContext, raw: unknown, options: { count?: boolean } = {}): Promise<DownloadDto> {
  const input = parseInput(downloadSchema, raw);
  const { document } = await loadVisibleDocument(ctx, input.documentId);
  const version = await ctx.db
    .selectFrom("document_versions")
    .select(["storage_key", "file_name", "mime_type", "size_bytes", "sha256"])
    .where("document_id", "=", document.id)
    .where("number", "=", input.version ?? document.current_version)
    .executeTakeFirst();
  if (!version) throw new AppError("NOT_FOUND", "errors.not_found");
  let stream: Readable;
  try {
    stream = await fileStoreFor(ctx.deps.config.documents.storage).read(version.storage_key);
  } catch (error) {
    ctx.logger.error({ err: error, documentId: document.id }, "a document's file could not be read from the storage");
    throw new AppError("UNAVAILABLE", "errors.server_body");
  }
  if (options.count !== false) {
    const now = ctx.deps.now();
    await ctx.db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto("document_downloads").values({ document_id: document.id, user_id: ctx.actor?.id ?? null, downloaded_at: now }).execute();
        await trx.updateTable("documents").set({ download_count: sql`download_count + 1` }).where("id", "=", document.id).execute();
      })
      .catch((error) => {
        stream.destroy();
        throw error;
      });
  }
  return { fileName: version.file_name, mimeType: version.mime_type, size: Number(version.size_bytes), sha256: version.sha256, stream };
}

/** Where the actor may upload: topics (public or members-only), and the groups they belong to. */
export async function listUploadPlaces(ctx: ServiceContext): Promise<UploadPlacesDto> {
  const actor = ctx.guardian.ensureSignedIn();
  if (!ctx.guardian.canPost()) return { topics: [], groups: [] };
  const [topics, groups] = await Promise.all([
    ctx.db.selectFrom("topics").select(["id", "name"]).where("archived_at", "is", null).orderBy("position").orderBy("id").execute(),
    ctx.db
      .selectFrom("groups")
      .innerJoin("space_members", "space_members.space_id", "groups.space_id")
      .select(["groups.id", "groups.name", "groups.kind"])
      .where("space_members.user_id", "=", actor.id)
      .where("groups.archived_at", "is", null)
      .where((eb) => spaceVisibleTo(ctx.actor, eb.ref("groups.space_id")))
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom("group_bans").select("group_bans.user_id").whereRef("group_bans.group_id", "=", "groups.id").where("group_bans.user_id", "=", actor.id))),
      )
      .orderBy("groups.kind", "desc")
      .orderBy("groups.id")
      .execute(),
  ]);
  return {
    topics: topics.map((topic) => ({ id: topic.id, name: pickLocalized(topic.name, ctx.locale) })),
    groups: groups.map((group) => ({ id: group.id, name: pickLocalized(group.name, ctx.locale), kind: group.kind })),
  };
}

/** The upload limit, for the form's hint and the page's own size check. */
export function uploadLimits(ctx: ServiceContext): { maxBytes: number } {
  return { maxBytes: ctx.deps.config.documents.maxBytes };
}
