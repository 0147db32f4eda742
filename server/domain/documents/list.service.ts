import { sql } from "kysely";
import { documentVisibleTo } from "../../../db/queries/visibility.queries";
import { AppError } from "../../../shared/errors";
import { parseInput } from "../../../shared/schemas/parse";
import { listDocumentsSchema } from "../../../shared/schemas/document.schema";
import type { ServiceContext } from "../../context";
import { decodeCursor, encodeCursor } from "../forum/cursor";
import { documentRows, toSummary } from "./access";
import type { DocumentListDto } from "./documents.dto";

// As in the forum's search: the query stemmed in each of the three languages (and as is), ORed.
const queryOf = (q: string) => sql`(
  websearch_to_tsquery('spanish'::regconfig, ${q})
  || websearch_to_tsquery('portuguese'::regconfig, ${q})
  || websearch_to_tsquery('english'::regconfig, ${q})
  || websearch_to_tsquery('simple'::regconfig, ${q}))`;

const START = "\u0002";
const STOP = "\u0003";

/**
 * The document bank: documents the actor may see (the visibility filter is inside the query, before
 * paging), newest first, or best match first when searching metadata and the text of PDFs.
 */
export async function listDocuments(ctx: ServiceContext, raw: unknown = {}): Promise<DocumentListDto> {
  const input = parseInput(listDocumentsSchema, raw);
  const cursor = decodeCursor(input.cursor);
  const tsquery = input.q ? queryOf(input.q) : null;
  const rank = tsquery ? sql<number>`round(ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', documents.search_vector, ${tsquery})::numeric, 6)::float8` : null;

  let query = documentRows(ctx.db).where("documents.deleted_at", "is", null).where(documentVisibleTo(ctx.actor));
  if (input.topic) {
    const topic = input.topic;
    query = query.where("documents.topic_id", "=", (eb) => eb.selectFrom("topics").select("topics.id").where("topics.slug", "=", topic));
  }
  if (input.group) {
    const group = input.group;
    query = query.where("documents.space_id", "=", (eb) => eb.selectFrom("groups").select("groups.space_id").where("groups.slug", "=", group));
  }
  if (input.type) query = query.where("documents.doc_type", "=", input.type);
  if (input.country) query = query.where("documents.country", "=", input.country);
  if (input.language) query = query.where("documents.language", "=", input.language);
  if (input.year) query = query.where("documents.year", "=", input.year);

  if (tsquery && rank) {
    const ranked = query
      .where(sql<boolean>`documents.search_vector @@ ${tsquery}`)
      .select(rank.as("rank"))
      .select(
        sql<string>`ts_headline(case documents.language when 'es' then 'spanish'::regconfig when 'pt' then 'portuguese'::regconfig when 'en' then 'english'::regconfig else 'simple'::regconfig end, documents.description || ${"\n"} || v.extracted_text, ${tsquery}, ${`StartSel=${START}, StopSel=${STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`})`.as(
          "headline",
        ),
      );
    let paged = ranked;
    if (cursor) {
      if (typeof cursor.value !== "number") throw new AppError("VALIDATION", "validation.cursor_invalid");
      const value = cursor.value;
      paged = paged.where((eb) => eb.or([eb(rank, "<", value), eb.and([eb(rank, "=", value), eb("documents.id", "<", cursor.id)])]));
    }
    const rows = await paged.orderBy("rank", "desc").orderBy("documents.id", "desc").limit(input.limit + 1).execute();
    const page = rows.slice(0, input.limit);
    const last = page[page.length - 1];
    return {
      documents: page.map((row) => toSummary(row, ctx.locale, splitHeadline(row.headline))),
      nextCursor: rows.length > input.limit && last ? encodeCursor(last.rank, last.id) : null,
    };
  }

  if (cursor) {
    const value = new Date(String(cursor.value));
    if (Number.isNaN(value.getTime())) throw new AppError("VALIDATION", "validation.cursor_invalid");
    query = query.where((eb) => eb(eb.refTuple("documents.created_at", "documents.id"), "<", eb.tuple(value, cursor.id)));
  }
  const rows = await query.orderBy("documents.created_at", "desc").orderBy("documents.id", "desc").limit(input.limit + 1).execute();
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    documents: page.map((row) => toSummary(row, ctx.locale)),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.created_at.toISOString(), last.id) : null,
  };
}

/** Turns ts_headline's control-character markers into segments, so the page escapes every word itself. */
function splitHeadline(headline: string): { text: string; match: boolean }[] | null {
  if (!headline.includes(START)) return null;
  const segments: { text: string; match: boolean }[] = [];
  for (const part of headline.split(START)) {
    const stop = part.indexOf(STOP);
    if (stop >= 0) {
      segments.push({ text: part.slice(0, stop), match: true });
      if (part.length > stop + 1) segments.push({ text: part.slice(stop + 1), match: false });
    } else if (part) {
      segments.push({ text: part, match: false });
    }
  }
  return segments;
}
