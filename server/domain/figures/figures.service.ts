// The community's figures for its organisers (site staff): questions, expert answers, response times,
// solutions, active members, events and documents, per month, topic or country, plus a map of where
// members, pairs and questions come from. Each figure is a few SQL aggregates (medians with
// percentile_cont), filtered by the actor's visibility twin, so a moderator's figures never count what
// a private group keeps to itself. See docs/decisions/013-webhooks.md (figures section).
import { sql, type ExpressionOrFactory, type RawBuilder, type SelectQueryBuilder, type SqlBool } from "kysely";
import { spaceVisibleTo, threadVisibleTo, documentVisibleTo, eventVisibleTo } from "../../../db/queries/visibility.queries";
import { AppError } from "../../../shared/errors";
import { createTranslator, pickLocalized } from "../../../shared/i18n";
import { countryName, latinAmericaAndCaribbean } from "../../../shared/profile";
import {
  type FigureDimension,
  type FigureName,
  figureNames,
  figureNameSchema,
  figuresQuerySchema,
  type MapLayer,
  MAX_RANGE_MONTHS,
} from "../../../shared/schemas/figures.schema";
import { parseInput } from "../../../shared/schemas/parse";
import type { ServiceContext } from "../../context";
import { toCsv } from "./csv";
import { lacShapes, MAP_HEIGHT, MAP_WIDTH } from "./lac-map";

export type SeriesKey =
  | "questions"
  | "expert_answered"
  | "expert_share"
  | "solved"
  | "solved_share"
  | "median_hours_expert"
  | "median_hours_solution"
  | "active_members"
  | "events"
  | "registrations"
  | "documents_added"
  | "downloads";

export interface FigureSeriesDto {
  key: SeriesKey;
  unit: "count" | "percent" | "hours";
  /** Drawn in the chart; the others are context shown in the table and the CSV. */
  chart: boolean;
}

export interface FigureRowDto {
  /** A month (2025-03), a topic's slug or an ISO country code; "" for "none given". */
  key: string;
  /** The topic's or country's name in the reader's language; null for months and for "none given". */
  label: string | null;
  values: (number | null)[];
}

export interface FigureDto {
  name: FigureName;
  series: FigureSeriesDto[];
  rows: FigureRowDto[];
}

export interface MapCountryDto {
  code: string;
  name: string;
  path: string | null;
  dot: [number, number] | null;
  members: number;
  pairs: number;
  questions: number;
}

export interface LacMapDto {
  width: number;
  height: number;
  countries: MapCountryDto[];
  /** Members, pairs and questions from outside the region or with no country given. */
  elsewhere: { members: number; pairs: number; questions: number };
}

export interface FiguresDto {
  /** The period, whole UTC days, both included. */
  from: string;
  to: string;
  by: FigureDimension;
  map: MapLayer;
  figures: FigureDto[];
  lacMap: LacMapDto;
}

interface Range {
  from: Date;
  /** Exclusive: the day after `toDay`. */
  to: Date;
  fromDay: string;
  toDay: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Staff only; everyone else is told the page does not exist. */
function ensureCanView(ctx: ServiceContext): void {
  ctx.guardian.ensure(ctx.guardian.canViewFigures());
}

function dayString(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The chosen period, or by default the last twelve months (this one included) up to today. */
export function resolveRange(input: { from?: string; to?: string }, now: Date): Range {
  const toDay = input.to ?? dayString(now);
  const to = new Date(Date.parse(`${toDay}T00:00:00Z`) + DAY_MS);
  const end = new Date(Date.parse(`${toDay}T00:00:00Z`));
  const fromDay = input.from ?? dayString(new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 11, 1)));
  const from = new Date(`${fromDay}T00:00:00Z`);
  if (monthsBetween(from, end) > MAX_RANGE_MONTHS) {
    throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { from: "figures.range_too_long" } });
  }
  return { from, to, fromDay, toDay };
}

function monthsBetween(from: Date, to: Date): number {
  return (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth()) + 1;
}

function monthKeys(range: Range): string[] {
  const keys: string[] = [];
  const last = new Date(range.to.getTime() - 1);
  for (let year = range.from.getUTCFullYear(), month = range.from.getUTCMonth(); ; month++) {
    const date = new Date(Date.UTC(year, month, 1));
    if (date > last) break;
    keys.push(date.toISOString().slice(0, 7));
  }
  return keys;
}

/** The grouping key of a row: its month (UTC), its topic id, or a country code. Parameter-free, so GROUP BY can repeat it. */
function keyOf(by: FigureDimension, columns: { month: string; topic: string; country: string }): RawBuilder<string | null> {
  if (by === "month") return sql<string>`to_char(${sql.ref(columns.month)} at time zone 'UTC', 'YYYY-MM')`;
  if (by === "topic") return sql<string | null>`${sql.ref(columns.topic)}::text`;
  return sql<string | null>`${sql.ref(columns.country)}`;
}

type Aggregate = Map<string, Record<string, number | null>>;

function toAggregate(rows: ({ key: string | null } & Record<string, unknown>)[]): Aggregate {
  const out: Aggregate = new Map();
  for (const { key, ...values } of rows) {
    out.set(key ?? "", Object.fromEntries(Object.entries(values).map(([name, value]) => [name, value === null || value === undefined ? null : Number(value)])));
  }
  return out;
}

/** A source's columns for each dimension; the month's column is also the date that places a row in the period. */
interface SourceColumns {
  month: string;
  topic: string;
  country: string;
}

/**
 * Finishes a source's query (its joins, its aggregates, its own conditions): rows dated in the period,
 * where the actor may look (`visible`, the visibility twin), counted per key of the dimension.
 */
async function aggregate<DB, TB extends keyof DB, O extends Record<string, unknown>>(
  query: SelectQueryBuilder<DB, TB, O>,
  { by, range, columns, visible }: { by: FigureDimension; range: Range; columns: SourceColumns; visible: ExpressionOrFactory<DB, TB, SqlBool> },
): Promise<Aggregate> {
  const key = keyOf(by, columns);
  const rows = await query
    .select(key.as("key"))
    .where(sql<SqlBool>`${sql.ref(columns.month)} >= ${range.from}`)
    .where(sql<SqlBool>`${sql.ref(columns.month)} < ${range.to}`)
    .where(visible)
    .groupBy(key)
    .execute();
  // The generic row type hides that "key" is the key selected just above.
  return toAggregate(rows as ({ key: string | null } & Record<string, unknown>)[]);
}

// ---- The sources: one aggregate query each ----

/** Questions (not discussions) that still stand, and where they are counted: when asked, in which topic, from which country. */
const askedQuestions = (ctx: ServiceContext) => ctx.db.selectFrom("threads").where("threads.kind", "=", "question").where("threads.deleted_at", "is", null);
const questionColumns: SourceColumns = { month: "threads.created_at", topic: "threads.topic_id", country: "threads.asker_country" };

async function questionStats(ctx: ServiceContext, by: FigureDimension, range: Range): Promise<Aggregate> {
  return aggregate(
    askedQuestions(ctx).select([
      sql<string>`count(*)`.as("questions"),
      sql<string>`count(threads.first_expert_reply_at)`.as("expert_answered"),
      sql<string>`count(threads.solution_post_id)`.as("solved"),
      sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from threads.first_expert_reply_at - threads.created_at)::float8)`.as(
        "expert_seconds",
      ),
      sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from threads.solved_at - threads.created_at)::float8) filter (where threads.solution_post_id is not null)`.as(
        "solution_seconds",
      ),
    ]),
    { by, range, columns: questionColumns, visible: threadVisibleTo(ctx.actor) },
  );
}

/** Members who wrote (a question, a discussion or a reply) in the period, where the actor may look. */
async function activeMembers(ctx: ServiceContext, by: FigureDimension, range: Range): Promise<Aggregate> {
  return aggregate(
    ctx.db
      .selectFrom("posts")
      .innerJoin("threads", "threads.id", "posts.thread_id")
      .innerJoin("users", "users.id", "posts.author_id")
      .select(sql<string>`count(distinct posts.author_id)`.as("active_members"))
      .where("posts.deleted_at", "is", null)
      .where("threads.deleted_at", "is", null),
    { by, range, columns: { month: "posts.created_at", topic: "threads.topic_id", country: "users.country" }, visible: threadVisibleTo(ctx.actor) },
  );
}

/** Events that start in the period (cancelled ones left out) and their registrations; per country, the registrants' country. */
async function eventStats(ctx: ServiceContext, by: FigureDimension, range: Range): Promise<Aggregate> {
  return aggregate(
    ctx.db
      .selectFrom("events")
      .leftJoin("event_registrations", (join) =>
        join.onRef("event_registrations.event_id", "=", "events.id").on("event_registrations.status", "=", "registered"),
      )
      .leftJoin("users", "users.id", "event_registrations.user_id")
      .select([sql<string>`count(distinct events.id)`.as("events"), sql<string>`count(event_registrations.user_id)`.as("registrations")])
      .where("events.cancelled_at", "is", null),
    { by, range, columns: { month: "events.starts_at", topic: "events.topic_id", country: "users.country" }, visible: eventVisibleTo(ctx.actor) },
  );
}

/** Documents added in the period (per country: the document's own country). */
async function documentsAdded(ctx: ServiceContext, by: FigureDimension, range: Range): Promise<Aggregate> {
  return aggregate(ctx.db.selectFrom("documents").select(sql<string>`count(*)`.as("documents_added")).where("documents.deleted_at", "is", null), {
    by,
    range,
    columns: { month: "documents.created_at", topic: "documents.topic_id", country: "documents.country" },
    visible: documentVisibleTo(ctx.actor),
  });
}

/** Downloads in the period (per country: the downloading member's country). */
async function documentDownloads(ctx: ServiceContext, by: FigureDimension, range: Range): Promise<Aggregate> {
  return aggregate(
    ctx.db
      .selectFrom("document_downloads")
      .innerJoin("documents", "documents.id", "document_downloads.document_id")
      .leftJoin("users", "users.id", "document_downloads.user_id")
      .select(sql<string>`count(*)`.as("downloads")),
    { by, range, columns: { month: "document_downloads.downloaded_at", topic: "documents.topic_id", country: "users.country" }, visible: documentVisibleTo(ctx.actor) },
  );
}

// ---- Figures from the sources ----

const share = (part: number | null | undefined, whole: number | null | undefined) =>
  whole ? Math.round(((part ?? 0) / whole) * 1000) / 10 : null;
const hours = (seconds: number | null | undefined) => (seconds === null || seconds === undefined ? null : Math.round((seconds / 3600) * 10) / 10);

interface FigureDefinition {
  series: FigureSeriesDto[];
  sources: ("questions" | "active" | "events" | "added" | "downloads")[];
  values(row: Record<string, number | null>): (number | null)[];
}

const count = (key: SeriesKey, chart = true): FigureSeriesDto => ({ key, unit: "count", chart });

const definitions: Record<FigureName, FigureDefinition> = {
  questions: { series: [count("questions")], sources: ["questions"], values: (r) => [r.questions ?? 0] },
  expert_share: {
    series: [{ key: "expert_share", unit: "percent", chart: true }, count("questions", false), count("expert_answered", false)],
    sources: ["questions"],
    values: (r) => [share(r.expert_answered, r.questions), r.questions ?? 0, r.expert_answered ?? 0],
  },
  response_times: {
    series: [
      { key: "median_hours_expert", unit: "hours", chart: true },
      { key: "median_hours_solution", unit: "hours", chart: true },
    ],
    sources: ["questions"],
    values: (r) => [hours(r.expert_seconds), hours(r.solution_seconds)],
  },
  solved_share: {
    series: [{ key: "solved_share", unit: "percent", chart: true }, count("questions", false), count("solved", false)],
    sources: ["questions"],
    values: (r) => [share(r.solved, r.questions), r.questions ?? 0, r.solved ?? 0],
  },
  active_members: { series: [count("active_members")], sources: ["active"], values: (r) => [r.active_members ?? 0] },
  events: { series: [count("events"), count("registrations")], sources: ["events"], values: (r) => [r.events ?? 0, r.registrations ?? 0] },
  documents: {
    series: [count("documents_added"), count("downloads")],
    sources: ["added", "downloads"],
    values: (r) => [r.documents_added ?? 0, r.downloads ?? 0],
  },
};

async function computeFigures(ctx: ServiceContext, names: readonly FigureName[], by: FigureDimension, range: Range): Promise<FigureDto[]> {
  const needed = new Set(names.flatMap((name) => definitions[name].sources));
  const load = (source: string, run: () => Promise<Aggregate>) => (needed.has(source as never) ? run() : Promise.resolve(new Map() as Aggregate));
  const [questions, active, events, added, downloads, topics] = await Promise.all([
    load("questions", () => questionStats(ctx, by, range)),
    load("active", () => activeMembers(ctx, by, range)),
    load("events", () => eventStats(ctx, by, range)),
    load("added", () => documentsAdded(ctx, by, range)),
    load("downloads", () => documentDownloads(ctx, by, range)),
    by === "topic"
      ? ctx.db.selectFrom("topics").select(["id", "slug", "name", "archived_at"]).orderBy("position").orderBy("id").execute()
      : Promise.resolve([]),
  ]);
  const sources = { questions, active, events, added, downloads };

  return names.map((name) => {
    const definition = definitions[name];
    // Rows of this figure's sources, merged by key.
    const merged = new Map<string, Record<string, number | null>>();
    for (const source of definition.sources) {
      for (const [key, values] of sources[source]) merged.set(key, { ...merged.get(key), ...values });
    }
    let keys: string[];
    if (by === "month") {
      keys = monthKeys(range);
    } else if (by === "topic") {
      // Every current topic (with its zeros), then archived ones and "no topic" only when they have data.
      keys = topics.filter((topic) => !topic.archived_at || merged.has(String(topic.id))).map((topic) => String(topic.id));
      if (merged.has("")) keys.push("");
    } else {
      keys = [...merged.keys()];
    }
    const rows: FigureRowDto[] = keys.map((key) => {
      const topic = by === "topic" && key ? topics.find((candidate) => String(candidate.id) === key) : undefined;
      return {
        key: topic ? topic.slug : key,
        label: by === "month" || key === "" ? null : topic ? pickLocalized(topic.name, ctx.locale) : countryName(key, ctx.locale),
        values: definition.values(merged.get(key) ?? {}),
      };
    });
    if (by === "country") {
      const collator = new Intl.Collator(ctx.locale);
      rows.sort((a, b) => (a.key === "" ? 1 : b.key === "" ? -1 : (b.values[0] ?? -1) - (a.values[0] ?? -1) || collator.compare(a.label ?? "", b.label ?? "")));
    }
    return { name, series: definition.series, rows };
  });
}

// ---- The map ----

async function countsByCountry(ctx: ServiceContext, range: Range) {
  const [members, pairs, questions] = await Promise.all([
    ctx.db
      .selectFrom("users")
      .select(["country", sql<string>`count(*)`.as("n")])
      .where("email_verified_at", "is not", null)
      .where("status", "=", "active")
      .groupBy("country")
      .execute(),
    ctx.db
      .selectFrom("pairs")
      .select(["country", sql<string>`count(*)`.as("n")])
      .where("ended_at", "is", null)
      .where((eb) => spaceVisibleTo(ctx.actor, eb.ref("pairs.space_id")))
      .groupBy("country")
      .execute(),
    // The questions figure's own source, by the asker's country.
    aggregate(askedQuestions(ctx).select(sql<string>`count(*)`.as("n")), { by: "country", range, columns: questionColumns, visible: threadVisibleTo(ctx.actor) }),
  ]);
  const index = (rows: { country: string | null; n: string | number }[]) => new Map(rows.map((row) => [row.country ?? "", Number(row.n)]));
  return { members: index(members), pairs: index(pairs), questions: new Map([...questions].map(([country, { n }]) => [country, n ?? 0])) };
}

async function buildMap(ctx: ServiceContext, range: Range): Promise<LacMapDto> {
  const counts = await countsByCountry(ctx, range);
  const region = new Set<string>(latinAmericaAndCaribbean);
  const elsewhere = { members: 0, pairs: 0, questions: 0 };
  for (const layer of ["members", "pairs", "questions"] as const) {
    for (const [code, n] of counts[layer]) if (!region.has(code)) elsewhere[layer] += n;
  }
  const collator = new Intl.Collator(ctx.locale);
  const countries = lacShapes()
    .map((shape) => ({
      ...shape,
      name: countryName(shape.code, ctx.locale),
      members: counts.members.get(shape.code) ?? 0,
      pairs: counts.pairs.get(shape.code) ?? 0,
      questions: counts.questions.get(shape.code) ?? 0,
    }))
    .sort((a, b) => collator.compare(a.name, b.name));
  return { width: MAP_WIDTH, height: MAP_HEIGHT, countries, elsewhere };
}

// ---- Services ----

/** The figures page: every figure by the chosen dimension over the period, and the map. */
export async function getFigures(ctx: ServiceContext, raw: unknown): Promise<FiguresDto> {
  ensureCanView(ctx);
  const input = parseInput(figuresQuerySchema, raw);
  const range = resolveRange(input, ctx.deps.now());
  const [figures, lacMap] = await Promise.all([computeFigures(ctx, figureNames, input.by, range), buildMap(ctx, range)]);
  return { from: range.fromDay, to: range.toDay, by: input.by, map: input.map, figures, lacMap };
}

/** One figure as a CSV file (the map's counts are the figure "map"). */
export async function getFigureCsv(ctx: ServiceContext, name: string, raw: unknown): Promise<{ fileName: string; body: string }> {
  ensureCanView(ctx);
  const input = parseInput(figuresQuerySchema, raw);
  const range = resolveRange(input, ctx.deps.now());
  const t = createTranslator(ctx.locale);
  const period = `${range.fromDay}-${range.toDay}`;
  if (name === "map") {
    const map = await buildMap(ctx, range);
    const rows: (string | number)[][] = [
      [t("figures.dimension_country"), t("figures.code"), t("figures.layer_members"), t("figures.layer_pairs"), t("figures.layer_questions")],
      ...map.countries.map((country) => [country.name, country.code, country.members, country.pairs, country.questions]),
      [t("figures.elsewhere"), "", map.elsewhere.members, map.elsewhere.pairs, map.elsewhere.questions],
    ];
    return { fileName: `enlace-map-${period}.csv`, body: toCsv(rows) };
  }
  // An address naming no figure is a page that does not exist.
  const parsedName = figureNameSchema.safeParse(name);
  if (!parsedName.success) throw new AppError("NOT_FOUND", "errors.not_found");
  const figureName = parsedName.data;
  const [figure] = await computeFigures(ctx, [figureName], input.by, range);
  const header = [t(`figures.dimension_${input.by}`), ...(input.by === "month" ? [] : [t("figures.code")]), ...figure.series.map((series) => seriesHeading(t, series))];
  const unknown = input.by === "topic" ? t("figures.no_topic") : t("figures.no_country");
  const rows = figure.rows.map((row) => [
    ...(input.by === "month" ? [row.key] : [row.label ?? unknown, row.key]),
    ...row.values,
  ]);
  return { fileName: `enlace-${figureName}-by-${input.by}-${period}.csv`, body: toCsv([header, ...rows]) };
}

function seriesHeading(t: ReturnType<typeof createTranslator>, series: FigureSeriesDto): string {
  const label = t(`figures.series_${series.key}`);
  return series.unit === "percent" ? `${label} (%)` : series.unit === "hours" ? `${label} (${t("figures.unit_hours")})` : label;
}

export interface HeadlineFiguresDto {
  members: number;
  experts: number;
  questions: number;
  /** Share of public questions with a solution, in percent, or null before the first question. */
  solvedShare: number | null;
}

/**
 * The community's headline figures for its public page: aggregates only, over public content only (the
 * anonymous visitor's visibility, whoever asks), in one query.
 */
export async function getHeadlineFigures(ctx: ServiceContext): Promise<HeadlineFiguresDto> {
  const row = await ctx.db
    .selectFrom("threads")
    .select([
      sql<string>`count(*)`.as("questions"),
      sql<string>`count(threads.solution_post_id)`.as("solved"),
      sql<string>`(select count(*) from users where users.email_verified_at is not null and users.status = 'active')`.as("members"),
      sql<string>`(select count(*) from users where users.community_role = 'expert' and users.expert_verified_at is not null and users.status = 'active')`.as(
        "experts",
      ),
    ])
    .where("threads.kind", "=", "question")
    .where(threadVisibleTo(null))
    .executeTakeFirstOrThrow();
  const questions = Number(row.questions);
  return { members: Number(row.members), experts: Number(row.experts), questions, solvedShare: share(Number(row.solved), questions) };
}
