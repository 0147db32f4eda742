import { sql } from "kysely";
import type { DB } from "../../../db/connection";
import { AppError } from "../../../shared/errors";
import type { DocumentFacts } from "../../../shared/guardian";
import { countryName } from "../../../shared/profile";
import { locales, pickLocalized, type Locale } from "../../../shared/i18n";
import type { ServiceContext } from "../../context";
import { loadSpaceFacts, searchConfig } from "../forum/access";
import type { DocumentSummaryDto } from "./documents.dto";

export function documentFacts(document: { audience: "public" | "members"; uploaded_by: number | null; deleted_at: Date | string | null }): DocumentFacts {
  return { audience: document.audience, uploaderId: document.uploaded_by, deletedAt: document.deleted_at };
}

/** Loads a document the actor may see, with its space facts; NOT_FOUND otherwise (the same as a missing id). */
export async function loadVisibleDocument(ctx: ServiceContext, documentId: number) {
  const document = await ctx.db.selectFrom("documents").selectAll().where("id", "=", documentId).executeTakeFirst();
  if (!document) throw new AppError("NOT_FOUND", "errors.not_found");
  const space = await loadSpaceFacts(ctx.db, document.space_id, ctx.actor);
  ctx.guardian.ensure(ctx.guardian.canViewDocument(documentFacts(document), space));
  return { document, space };
}

/**
 * The search vector of a document, under its language's configuration: the title weighs A; description,
 * authors, place and country names (in the three languages) B; the file's text C.
 */
export function documentSearchVector(
  document: { language: string; title: string; description: string; authors: string; city: string; country: string | null },
  text: string,
) {
  const config = searchConfig(document.language);
  const countries = document.country ? locales.map((locale: Locale) => countryName(document.country!, locale)).join(" ") : "";
  const metadata = [document.description, document.authors, document.city, countries].filter(Boolean).join("\n");
  return sql<string>`setweight(to_tsvector(${config}::regconfig, ${document.title}), 'A') || setweight(to_tsvector(${config}::regconfig, ${metadata}), 'B') || setweight(to_tsvector(${config}::regconfig, ${text}), 'C')`;
}

/** Documents with what a summary shows: the current version, the topic, and the group whose space holds it. */
export function documentRows(db: DB) {
  return db
    .selectFrom("documents")
    .innerJoin("spaces", "spaces.id", "documents.space_id")
    .innerJoin("document_versions as v", (join) => join.onRef("v.document_id", "=", "documents.id").onRef("v.number", "=", "documents.current_version"))
    .leftJoin("topics", "topics.id", "documents.topic_id")
    .leftJoin("groups", "groups.space_id", "documents.space_id")
    .select([
      "documents.id",
      "documents.space_id",
      "documents.audience",
      "documents.title",
      "documents.description",
      "documents.doc_type",
      "documents.country",
      "documents.city",
      "documents.language",
      "documents.year",
      "documents.authors",
      "documents.licence",
      "documents.uploaded_by",
      "documents.current_version",
      "documents.download_count",
      "documents.created_at",
      "documents.updated_at",
      "documents.deleted_at",
      "spaces.visibility as space_visibility",
      "v.file_name",
      "v.mime_type",
      "v.size_bytes",
      "topics.slug as topic_slug",
      "topics.name as topic_name",
      "groups.slug as group_slug",
      "groups.name as group_name",
    ]);
}

type DocumentRow = Awaited<ReturnType<ReturnType<typeof documentRows>["executeTakeFirstOrThrow"]>>;

export function toSummary(row: DocumentRow, locale: Locale, snippet: DocumentSummaryDto["snippet"] = null): DocumentSummaryDto {
  const topic = row.topic_slug && row.topic_name ? { slug: row.topic_slug, name: pickLocalized(row.topic_name, locale) } : null;
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    docType: row.doc_type,
    country: row.country,
    countryName: row.country ? countryName(row.country, locale) : null,
    city: row.city,
    language: row.language,
    year: row.year,
    authors: row.authors,
    licence: row.licence,
    visibility: row.space_visibility === "private" ? "group" : row.audience,
    topic,
    place: row.group_slug && row.group_name ? { kind: "group", slug: row.group_slug, name: pickLocalized(row.group_name, locale) } : topic ? { kind: "topic", ...topic } : null,
    file: {
      version: row.current_version,
      name: row.file_name,
      mimeType: row.mime_type,
      size: Number(row.size_bytes),
      family: familyOf(row.mime_type),
    },
    downloadCount: row.download_count,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deleted: row.deleted_at !== null,
    snippet,
  };
}

export function familyOf(mime: string): DocumentSummaryDto["file"]["family"] {
  if (mime === "application/pdf") return "pdf";
  if (mime.includes("opendocument")) return "opendocument";
  if (mime.includes("word")) return "word";
  if (mime.includes("excel") || mime.includes("spreadsheet")) return "excel";
  if (mime.includes("powerpoint") || mime.includes("presentation")) return "powerpoint";
  if (mime.startsWith("image/")) return "image";
  return "other";
}
