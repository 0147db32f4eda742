// What Enlace shares with the open web: Atom feeds for other knowledge platforms and feed readers, and the
// public page's sections. Everything here is read with the anonymous visitor's visibility (the null actor's
// SQL twins), whoever asks, so a feed or the landing page can never carry anything private.
import { Feed } from "feed";
import { documentVisibleTo, eventVisibleTo, spaceVisibleTo, threadVisibleTo } from "../../../db/queries/visibility.queries";
import { AppError } from "../../../shared/errors";
import { createTranslator, pickLocalized } from "../../../shared/i18n";
import type { ServiceContext } from "../../context";
import { markdownToPlainText } from "../content/markdown";

/** Entries per feed: the newest ones. */
export const FEED_SIZE = 50;
const SUMMARY_LENGTH = 400;

/** Where events and documents live on the site. */
export const publicPaths = {
  thread: (id: number) => `/t/${id}`,
  post: (id: number) => `/p/${id}`,
  topic: (slug: string) => `/topics/${slug}`,
  event: (id: number) => `/events/${id}`,
  document: (id: number) => `/documents/${id}`,
  group: (slug: string) => `/g/${slug}`,
};

export interface AtomDocument {
  xml: string;
  updated: Date;
}

// XML 1.0 has no room for most control characters; user text that carries one would make the feed invalid.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const clean = (text: string) => text.replace(XML_INVALID, "");

/** Titles and summaries are type="html" in Atom: text is escaped so readers show it as written. */
function escapeHtml(text: string): string {
  return clean(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

interface Entry {
  id: string;
  title: string;
  link: string;
  updated: Date;
  published?: Date;
  summary?: string;
  author?: string | null;
}

function renderAtom(ctx: ServiceContext, input: { path: string; pagePath: string; title: string; subtitle?: string; entries: Entry[] }): AtomDocument {
  const base = ctx.deps.config.publicUrl;
  const updated = input.entries.reduce<Date | null>((latest, entry) => (!latest || entry.updated > latest ? entry.updated : latest), null) ?? new Date(0);
  const feed = new Feed({
    id: `${base}${input.path}`,
    title: clean(input.title),
    description: input.subtitle ? clean(input.subtitle) : undefined,
    updated,
    link: `${base}${input.pagePath}`,
    feedLinks: { atom: `${base}${input.path}` },
    language: ctx.locale,
    generator: "Enlace",
    author: { name: "Enlace", link: base },
  });
  for (const entry of input.entries) {
    feed.addItem({
      id: `${base}${entry.id}`,
      title: escapeHtml(entry.title),
      link: `${base}${entry.link}`,
      date: entry.updated,
      published: entry.published,
      description: entry.summary ? escapeHtml(entry.summary) : undefined,
      author: entry.author ? [{ name: clean(entry.author) }] : undefined,
    });
  }
  return { xml: feed.atom1(), updated };
}

/** New threads in a topic (and its public expert groups): never those of its private working groups. */
export async function getTopicFeed(ctx: ServiceContext, slug: string): Promise<AtomDocument> {
  const topic = await ctx.db
    .selectFrom("topics")
    .select(["id", "slug", "name", "description", "archived_at"])
    .where("slug", "=", String(slug).slice(0, 100))
    .where((eb) => spaceVisibleTo(null, eb.ref("topics.space_id")))
    .executeTakeFirst();
  if (!topic || topic.archived_at) throw new AppError("NOT_FOUND", "errors.not_found");
  const rows = await ctx.db
    .selectFrom("threads")
    .leftJoin("posts as opening", "opening.id", "threads.opening_post_id")
    .leftJoin("users", "users.id", "threads.author_id")
    .select([
      "threads.id",
      "threads.title",
      "threads.created_at",
      "opening.plain_text",
      "opening.hidden_at",
      "opening.deleted_at",
      "users.display_name",
    ])
    .where("threads.topic_id", "=", topic.id)
    .where(threadVisibleTo(null))
    .orderBy("threads.created_at", "desc")
    .orderBy("threads.id", "desc")
    .limit(FEED_SIZE)
    .execute();
  const t = createTranslator(ctx.locale);
  const name = pickLocalized(topic.name, ctx.locale);
  return renderAtom(ctx, {
    path: `/feeds/topics/${topic.slug}.atom`,
    pagePath: publicPaths.topic(topic.slug),
    title: t("feed.topic_title", { topic: name }),
    subtitle: pickLocalized(topic.description, ctx.locale),
    entries: rows.map((row) => ({
      id: publicPaths.thread(row.id),
      link: publicPaths.thread(row.id),
      title: row.title,
      updated: row.created_at,
      published: row.created_at,
      summary: row.hidden_at || row.deleted_at ? undefined : excerpt(row.plain_text),
      author: row.display_name,
    })),
  });
}

/** Questions that found their solution, newest solution first. */
export async function getSolvedFeed(ctx: ServiceContext): Promise<AtomDocument> {
  const rows = await ctx.db
    .selectFrom("threads")
    .innerJoin("posts as solution", "solution.id", "threads.solution_post_id")
    .leftJoin("users", "users.id", "solution.author_id")
    .select(["threads.id", "threads.title", "threads.created_at", "threads.solved_at", "solution.id as solution_id", "solution.plain_text", "solution.hidden_at", "solution.deleted_at", "users.display_name"])
    .where("threads.kind", "=", "question")
    .where("threads.solved_at", "is not", null)
    .where(threadVisibleTo(null))
    .orderBy("threads.solved_at", "desc")
    .orderBy("threads.id", "desc")
    .limit(FEED_SIZE)
    .execute();
  const t = createTranslator(ctx.locale);
  return renderAtom(ctx, {
    path: "/feeds/solved.atom",
    pagePath: "/",
    title: t("feed.solved_title"),
    entries: rows.map((row) => {
      const visible = !row.hidden_at && !row.deleted_at;
      return {
        id: publicPaths.post(row.solution_id),
        link: publicPaths.thread(row.id),
        title: row.title,
        updated: row.solved_at ?? row.created_at,
        published: row.solved_at ?? row.created_at,
        summary: visible ? excerpt(row.plain_text) : undefined,
        author: visible ? row.display_name : null,
      };
    }),
  });
}

/** Public events, newest announced first (cancelled ones leave the feed). */
export async function getEventsFeed(ctx: ServiceContext): Promise<AtomDocument> {
  const rows = await ctx.db
    .selectFrom("events")
    .select(["events.id", "events.title", "events.description", "events.starts_at", "events.time_zone", "events.created_at", "events.updated_at"])
    .where("events.cancelled_at", "is", null)
    .where(eventVisibleTo(null))
    .orderBy("events.created_at", "desc")
    .orderBy("events.id", "desc")
    .limit(FEED_SIZE)
    .execute();
  const t = createTranslator(ctx.locale);
  const when = (date: Date, timeZone: string) => {
    try {
      return new Intl.DateTimeFormat(ctx.locale, { dateStyle: "full", timeStyle: "short", timeZone, timeZoneName: "short" }).format(date);
    } catch {
      return date.toISOString();
    }
  };
  return renderAtom(ctx, {
    path: "/feeds/events.atom",
    pagePath: "/",
    title: t("feed.events_title"),
    entries: rows.map((row) => ({
      id: publicPaths.event(row.id),
      link: publicPaths.event(row.id),
      title: row.title,
      updated: row.updated_at,
      published: row.created_at,
      summary: [when(row.starts_at, row.time_zone), markdownToPlainText(row.description, SUMMARY_LENGTH)].filter(Boolean).join(" · "),
    })),
  });
}

/** Public documents of the document bank, newest first. */
export async function getDocumentsFeed(ctx: ServiceContext): Promise<AtomDocument> {
  const rows = await ctx.db
    .selectFrom("documents")
    .select(["documents.id", "documents.title", "documents.description", "documents.authors", "documents.created_at", "documents.updated_at"])
    .where("documents.deleted_at", "is", null)
    .where(documentVisibleTo(null))
    .orderBy("documents.created_at", "desc")
    .orderBy("documents.id", "desc")
    .limit(FEED_SIZE)
    .execute();
  const t = createTranslator(ctx.locale);
  return renderAtom(ctx, {
    path: "/feeds/documents.atom",
    pagePath: "/",
    title: t("feed.documents_title"),
    entries: rows.map((row) => ({
      id: publicPaths.document(row.id),
      link: publicPaths.document(row.id),
      title: row.title,
      updated: row.updated_at,
      published: row.created_at,
      summary: excerpt(row.description),
      author: row.authors || null,
    })),
  });
}

function excerpt(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const flat = text.replace(/\s+/g, " ").trim();
  if (!flat) return undefined;
  return flat.length <= SUMMARY_LENGTH ? flat : `${flat.slice(0, SUMMARY_LENGTH).replace(/\s+\S*$/, "")}…`;
}

// ---- The public page's sections ----

export interface LandingEventDto {
  id: number;
  title: string;
  kind: "webinar" | "workshop" | "event";
  startsAt: string;
  timeZone: string;
  topic: { slug: string; name: string };
}

export interface LandingDocumentDto {
  id: number;
  title: string;
  docType: string;
  language: string;
  country: string | null;
  createdAt: string;
}

export interface LandingSolvedDto {
  id: number;
  title: string;
  solvedAt: string;
  topic: { slug: string; name: string };
}

export interface LandingSectionsDto {
  upcomingEvents: LandingEventDto[];
  latestDocuments: LandingDocumentDto[];
  solvedQuestions: LandingSolvedDto[];
  /** The public expert groups in which each partner organisation's verified experts answer, by partner code. */
  partnerGroups: Record<string, { slug: string; name: string }[]>;
}

/** The public page's lists: one indexed query per section, all public content only. */
export async function getLandingSections(ctx: ServiceContext): Promise<LandingSectionsDto> {
  const now = ctx.deps.now();
  const [events, documents, solved, groups] = await Promise.all([
    ctx.db
      .selectFrom("events")
      .innerJoin("topics", "topics.id", "events.topic_id")
      .select(["events.id", "events.title", "events.kind", "events.starts_at", "events.time_zone", "topics.slug as topic_slug", "topics.name as topic_name"])
      .where("events.cancelled_at", "is", null)
      .where("events.ends_at", ">", now)
      .where(eventVisibleTo(null))
      .orderBy("events.starts_at")
      .orderBy("events.id")
      .limit(4)
      .execute(),
    ctx.db
      .selectFrom("documents")
      .select(["documents.id", "documents.title", "documents.doc_type", "documents.language", "documents.country", "documents.created_at"])
      .where("documents.deleted_at", "is", null)
      .where(documentVisibleTo(null))
      .orderBy("documents.created_at", "desc")
      .orderBy("documents.id", "desc")
      .limit(4)
      .execute(),
    ctx.db
      .selectFrom("threads")
      .innerJoin("topics", "topics.id", "threads.topic_id")
      .select(["threads.id", "threads.title", "threads.solved_at", "topics.slug as topic_slug", "topics.name as topic_name"])
      .where("threads.kind", "=", "question")
      .where("threads.solved_at", "is not", null)
      .where(threadVisibleTo(null))
      .orderBy("threads.solved_at", "desc")
      .orderBy("threads.id", "desc")
      .limit(5)
      .execute(),
    ctx.db
      .selectFrom("groups")
      .innerJoin("space_members", "space_members.space_id", "groups.space_id")
      .innerJoin("users", "users.id", "space_members.user_id")
      .select(["users.partner_org", "groups.slug", "groups.name"])
      .distinct()
      .where("groups.kind", "=", "expert_group")
      .where("groups.archived_at", "is", null)
      .where("users.partner_org", "is not", null)
      .where("users.expert_verified_at", "is not", null)
      .where((eb) => spaceVisibleTo(null, eb.ref("groups.space_id")))
      .orderBy("users.partner_org")
      .orderBy("groups.slug")
      .execute(),
  ]);
  const partnerGroups: LandingSectionsDto["partnerGroups"] = {};
  for (const row of groups) {
    (partnerGroups[row.partner_org!] ??= []).push({ slug: row.slug, name: pickLocalized(row.name, ctx.locale) });
  }
  return {
    upcomingEvents: events.map((row) => ({
      id: row.id,
      title: row.title,
      kind: row.kind,
      startsAt: row.starts_at.toISOString(),
      timeZone: row.time_zone,
      topic: { slug: row.topic_slug, name: pickLocalized(row.topic_name, ctx.locale) },
    })),
    latestDocuments: documents.map((row) => ({
      id: row.id,
      title: row.title,
      docType: row.doc_type,
      language: row.language,
      country: row.country,
      createdAt: row.created_at.toISOString(),
    })),
    solvedQuestions: solved.map((row) => ({
      id: row.id,
      title: row.title,
      solvedAt: (row.solved_at ?? new Date(0)).toISOString(),
      topic: { slug: row.topic_slug, name: pickLocalized(row.topic_name, ctx.locale) },
    })),
    partnerGroups,
  };
}
