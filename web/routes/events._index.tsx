import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { eventKinds } from "../../shared/schemas/event.schema";
import { EventList } from "../components/events";
import { useT } from "../lib/i18n";
import { runLoader, translatorFor } from "../lib/http.server";
import eventStyles from "../styles/events.css?url";
import { FilterSelect, slugOptions } from "../components/filter-select";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const search = Object.fromEntries(new URL(request.url).searchParams);
  const { events, topics } = context.services;
  const [list, topicList, places] = await Promise.all([
    runLoader(request, () => events.list(context.ctx, search)),
    topics.listTopics(context.ctx),
    events.places(context.ctx),
  ]);
  return json({
    title: translatorFor(context)("event.title"),
    ...list,
    topics: topicList.map((topic) => ({ slug: topic.slug, name: topic.name })),
    canCreate: places.topics.length + places.groups.length > 0,
    signedIn: context.ctx.actor !== null,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? "Enlace"} · Enlace` },
  { tagName: "link", rel: "alternate", type: "application/atom+xml", href: "/feeds/events.atom", title: data?.title ?? "Enlace" },
];

export default function EventsPage() {
  const { events, nextCursor, view, topics, canCreate, signedIn } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const topic = params.get("topic") ?? "";
  const kind = params.get("kind") ?? "";
  const withParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    const text = next.toString();
    return text ? `?${text}` : "?";
  };
  return (
    <div>
      <header className="topic-header">
        <h1>{t("event.title")}</h1>
        <p className="lead">{t("event.lead")}</p>
        <p className="actions">
          <Link to={`/events/calendar${topic || kind ? withParams({ view: null, cursor: null }) : ""}`} className="button button-secondary">
            {t("event.calendar_link")}
          </Link>
          {signedIn ? (
            <Link to="/events/mine" className="button button-secondary">
              {t("event.mine_title")}
            </Link>
          ) : null}
          {canCreate ? (
            <Link to="/events/new" className="button">
              {t("event.new_title")}
            </Link>
          ) : null}
        </p>
      </header>
      <nav aria-label={t("event.views_label")} className="tabs">
        <ul>
          {(["upcoming", "past"] as const).map((name) => (
            <li key={name}>
              <Link to={withParams({ view: name === "upcoming" ? null : name, cursor: null })} aria-current={view === name ? "page" : undefined}>
                {t(`event.view_${name}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Form method="get" className="filters" aria-label={t("event.filters_label")}>
        {view !== "upcoming" ? <input type="hidden" name="view" value={view} /> : null}
        <FilterSelect id="filter-topic" name="topic" label={t("event.filter_topic")} anyLabel={t("event.any")} options={slugOptions(topics)} defaultValue={topic} />
        <FilterSelect
          id="filter-kind"
          name="kind"
          label={t("event.filter_kind")}
          anyLabel={t("event.any")}
          options={eventKinds.map((name) => ({ value: name, label: t(`event.kind_${name}`) }))}
          defaultValue={kind}
        />
        <button type="submit" className="button button-secondary">
          {t("event.filter_apply")}
        </button>
      </Form>
      {topic ? (
        <p>
          <a href={`/topics/${encodeURIComponent(topic)}/events.ics`}>{t("event.topic_feed_link")}</a> <span className="hint">{t("event.topic_feed_hint")}</span>
        </p>
      ) : null}
      <EventList events={events} empty={view === "upcoming" ? t("event.none_upcoming") : t("event.none_past")} />
      {nextCursor ? (
        <p className="pager">
          <Link to={withParams({ cursor: nextCursor })} className="button button-secondary">
            {t("event.more")}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
