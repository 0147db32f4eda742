import { AppError } from "../../../shared/errors";
import type { SpaceFacts } from "../../../shared/guardian";
import { parseInput } from "../../../shared/schemas/parse";
import { documentIdSchema, uploadDocumentSchema, uploadVersionSchema } from "../../../shared/schemas/document.schema";
import type { ServiceContext } from "../../context";
import { loadSpaceFacts } from "../forum/access";
import { enqueueWebhookEvent } from "../webhooks/enqueue";
import { documentFacts, documentSearchVector, loadVisibleDocument } from "./access";
import { inspectStagedFile, type InspectedFile } from "./inspect";
import { consumeRateLimit } from "../security/rate-limit";
import { discardStaged } from "./staging";
import { fileStoreFor, newStorageKey } from "./storage";

/** Where an upload goes: a topic's public space, or a group's space (NOT_FOUND for a group one may not see). */
async function resolvePlace(ctx: ServiceContext, place: string): Promise<{ spaceId: number; topicId: number; groupId: number | null; space: SpaceFacts }> {
  const [kind, rawId] = place.split(":");
  const id = Number(rawId);
  if (kind === "group") {
    const group = await ctx.db.selectFrom("groups").select(["id", "space_id", "topic_id", "archived_at"]).where("id", "=", id).executeTakeFirst();
    if (!group || group.archived_at) throw new AppError("NOT_FOUND", "errors.not_found");
    const space = await loadSpaceFacts(ctx.db, group.space_id, ctx.actor);
    ctx.guardian.ensure(ctx.guardian.canViewSpace(space));
    return { spaceId: group.space_id, topicId: group.topic_id, groupId: group.id, space };
  }
  const topic = id <= 2_147_483_647 ? await ctx.db.selectFrom("topics").select(["id", "space_id", "archived_at"]).where("id", "=", id).executeTakeFirst() : undefined;
  if (!topic || topic.archived_at) throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { place: "document.place_required" } });
  return { spaceId: topic.space_id, topicId: topic.id, groupId: null, space: await loadSpaceFacts(ctx.db, topic.space_id, ctx.actor) };
}

/** At most config.documents.uploadsPerHour files per member and hour (new documents and new versions). */
async function checkUploadRate(ctx: ServiceContext, userId: number): Promise<void> {
  const limit = ctx.deps.config.documents.uploadsPerHour;
  if (limit <= 0) return;
  const since = new Date(ctx.deps.now().getTime() - 60 * 60 * 1000);
  const row = await ctx.db
    .selectFrom("document_versions")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("created_at").as("oldest")])
    .where("uploaded_by", "=", userId)
    .where("created_at", ">", since)
    .executeTakeFirstOrThrow();
  if (Number(row.n) >= limit) {
    const oldest = row.oldest ? new Date(row.oldest).getTime() : ctx.deps.now().getTime();
    const retryAfterSeconds = Math.max(60, Math.ceil((oldest + 60 * 60 * 1000 - ctx.deps.now().getTime()) / 1000));
    throw new AppError("RATE_LIMITED", "document.too_many_uploads", { retryAfterSeconds });
  }
  // The count above races (parallel uploads all read it before any commits); this upsert does not.
  await consumeRateLimit(ctx.db, "uploadsPerAccount", String(userId), { limit, windowSeconds: 60 * 60 }, ctx.deps.now(), "document.too_many_uploads");
}

/** Moves an inspected file into the storage under a new random key. */
async function storeFile(ctx: ServiceContext, file: InspectedFile): Promise<string> {
  const key = newStorageKey();
  await fileStoreFor(ctx.deps.config.documents.storage).put(key, { path: file.path, size: file.size, sha256: file.sha256, contentType: file.kind.mime });
  return key;
}

async function forgetFile(ctx: ServiceContext, key: string): Promise<void> {
  await fileStoreFor(ctx.deps.config.documents.storage)
    .remove(key)
    .catch((error) => ctx.logger.error({ err: error }, "could not remove a stored file after a failed upload"));
}

/**
 * Adds a document to the bank: checks the place and the file (type by content, size, a neutral name), moves
 * the file into the storage, and records the document and its first version in one transaction.
 */
export async function uploadDocument(ctx: ServiceContext, raw: unknown): Promise<{ documentId: number }> {
  try {
    const actor = ctx.guardian.ensureSignedIn();
    const input = parseInput(uploadDocumentSchema, raw);
    const place = await resolvePlace(ctx, input.place);
    if (!ctx.guardian.canUploadDocument(place.space)) throw new AppError("FORBIDDEN", "errors.cannot_post");
    if (place.groupId !== null) {
      const banned = await ctx.db.selectFrom("group_bans").select("user_id").where("group_id", "=", place.groupId).where("user_id", "=", actor.id).executeTakeFirst();
      if (banned) throw new AppError("FORBIDDEN", "errors.cannot_post");
    }
    await checkUploadRate(ctx, actor.id);
    const file = await inspectStagedFile(ctx.deps.config.documents, input.file!, ctx.logger);
    // In a private group the group decides who sees it; "members" keeps it off the public web should the group ever open.
    const audience = place.space.visibility === "private" ? "members" : input.audience;
    const metadata = {
      title: input.title,
      description: input.description,
      doc_type: input.docType,
      country: input.country ?? null,
      city: input.city,
      language: input.language,
      year: input.year ?? null,
      authors: input.authors,
      licence: input.licence,
    };
    const key = await storeFile(ctx, file);
    const now = ctx.deps.now();
    let queuedWebhooks = 0;
    try {
      const documentId = await ctx.db.transaction().execute(async (trx) => {
        const document = await trx
          .insertInto("documents")
          .values({
            ...metadata,
            space_id: place.spaceId,
            topic_id: place.topicId,
            audience,
            uploaded_by: actor.id,
            current_version: 1,
            search_vector: documentSearchVector({ ...metadata }, file.text),
            created_at: now,
            updated_at: now,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("document_versions")
          .values({
            document_id: document.id,
            number: 1,
            storage_key: key,
            file_name: file.fileName,
            mime_type: file.kind.mime,
            size_bytes: file.size,
            sha256: file.sha256,
            extracted_text: file.text,
            uploaded_by: actor.id,
            created_at: now,
          })
          .execute();
        // Other knowledge platforms hear of new public documents only (webhooks).
        if (place.space.visibility === "public" && audience === "public") {
          const base = ctx.deps.config.publicUrl;
          const topic = await trx.selectFrom("topics").select(["slug", "name"]).where("id", "=", place.topicId).executeTakeFirst();
          queuedWebhooks = await enqueueWebhookEvent(
            trx,
            "document:created",
            {
              document: {
                id: document.id,
                title: metadata.title,
                type: metadata.doc_type,
                language: metadata.language,
                country: metadata.country,
                year: metadata.year,
                url: `${base}/documents/${document.id}`,
                createdAt: now.toISOString(),
              },
              topic: topic ? { slug: topic.slug, name: topic.name, url: `${base}/topics/${topic.slug}` } : null,
            },
            now,
          );
        }
        return document.id;
      });
      if (queuedWebhooks) ctx.deps.webhooks?.kick();
      return { documentId };
    } catch (error) {
      await forgetFile(ctx, key);
      throw error;
    }
  } finally {
    // Whatever happened, the staged copy goes (a stored file was moved or copied out of it).
    await discardStaged(ctx.deps.config.documents, (raw as { file?: unknown } | null)?.file);
  }
}

/** Adds a new version of a document (its uploader, or a moderator of its space); the old versions stay. */
export async function uploadVersion(ctx: ServiceContext, raw: unknown): Promise<{ documentId: number; number: number }> {
  try {
    const actor = ctx.guardian.ensureSignedIn();
    const input = parseInput(uploadVersionSchema, raw);
    const { document, space } = await loadVisibleDocument(ctx, input.documentId);
    if (!ctx.guardian.canManageDocument(documentFacts(document), space)) throw new AppError("FORBIDDEN", "document.cannot_add_version");
    await checkUploadRate(ctx, actor.id);
    const file = await inspectStagedFile(ctx.deps.config.documents, input.file!, ctx.logger);
    const key = await storeFile(ctx, file);
    const now = ctx.deps.now();
    try {
      const number = await ctx.db.transaction().execute(async (trx) => {
        const locked = await trx.selectFrom("documents").selectAll().where("id", "=", document.id).forUpdate().executeTakeFirstOrThrow();
        const number = locked.current_version + 1;
        await trx
          .insertInto("document_versions")
          .values({
            document_id: document.id,
            number,
            storage_key: key,
            file_name: file.fileName,
            mime_type: file.kind.mime,
            size_bytes: file.size,
            sha256: file.sha256,
            extracted_text: file.text,
            uploaded_by: actor.id,
            created_at: now,
          })
          .execute();
        await trx
          .updateTable("documents")
          .set({ current_version: number, updated_at: now, search_vector: documentSearchVector(locked, file.text) })
          .where("id", "=", document.id)
          .execute();
        return number;
      });
      return { documentId: document.id, number };
    } catch (error) {
      await forgetFile(ctx, key);
      throw error;
    }
  } finally {
    // Whatever happened, the staged copy goes (a stored file was moved or copied out of it).
    await discardStaged(ctx.deps.config.documents, (raw as { file?: unknown } | null)?.file);
  }
}

/** Soft-deletes a document (its uploader, or a moderator of its space); files stay for moderators to restore. */
export async function deleteDocument(ctx: ServiceContext, raw: unknown): Promise<void> {
  ctx.guardian.ensureSignedIn();
  const { documentId } = parseInput(documentIdSchema, raw);
  const { document, space } = await loadVisibleDocument(ctx, documentId);
  if (!ctx.guardian.canManageDocument(documentFacts(document), space)) throw new AppError("FORBIDDEN", "document.cannot_delete");
  await ctx.db.updateTable("documents").set({ deleted_at: ctx.deps.now() }).where("id", "=", document.id).execute();
}
