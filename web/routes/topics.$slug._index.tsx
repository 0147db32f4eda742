import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { DocumentList } from "../components/document-list";
import { EventList } from "../components/events";
import { FollowControl } from "../components/follow-control";
import { ListActivityNotice } from "../components/live-updates";
import { ThreadBrowser } from "../components/thread-browser";
import { isFailure } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useT } from "../lib/i18n";
import { runAction, runLoader } from "../lib/http.server";
import { useListLive } from "../lib/realtime";
import eventStyles from "../styles/events.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const search = Object.fromEntries(new URL(request.url).searchParams);
  const { forum, topics, notifications, events, documents } = context.services;
  const topic = await runLoader(request, () => topics.getTopic(context.ctx, params.slug ?? ""));
  const [list, tags, follow, upcomingEvents, latestDocuments] = await Promise.all([
    runLoader(request, () => forum.listThreads(context.ctx, { ...search, topic: topic.slug })),
    topics.listTags(context.ctx),
    notifications.getFollowState(context.ctx, "topic", topic.id),
    // The topic's services beside its questions: what the reader may see of its events and document bank.
    events.upcomingInTopic(context.ctx, topic.slug, 3),
    documents.list(context.ctx, { topic: topic.slug, limit: 3 }).then((page) => page.documents),
  ]);
  return json({ topic, ...list, tags, follow, upcomingEvents, latestDocuments, canPost: context.ctx.guardian.isSignedIn() });
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.topic.name} · Enlace` },
        { name: "description", content: data.topic.description },
        { tagName: "link", rel: "alternate", type: "application/atom+xml", href: `/feeds/topics/${data.topic.slug}.atom`, title: data.topic.name },
      ]
    : [];
export const headers = passActionHeaders;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const input = formToObject(form);
  const { topics, notifications } = context.services;
  const topic = await runLoader(request, () => topics.getTopic(context.ctx, params.slug ?? ""));
  return runAction(context, async () => {
    switch (form.get("intent")) {
      case "follow":
        await notifications.setFollowLevel(context.ctx, { target: "topic", targetId: topic.id, level: input.level });
        return json({ ok: true as const, followed: true });
      default:
        throw new Response("Bad Request", { status: 400 });
    }
  });
}

export default function TopicPage() {
  const { topic, threads, nextCursor, tags, follow, upcomingEvents, latestDocuments, canPost } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const live = useListLive({ topicId: topic.id });
  return (
    <div>
      <nav aria-label={t("forum.breadcrumb")} className="breadcrumb">
        <Link to="/topics">{t("nav.topics")}</Link>
      </nav>
      <header className="topic-header">
        <h1>{topic.name}</h1>
        <p className="lead">{topic.description}</p>
        <p className="actions">
          <Link to={`/topics/${topic.slug}/new`} className="button">
            {t("forum.new_question")}
          </Link>
          <Link to={`/search?topic=${topic.slug}`} className="button button-secondary">
            {t("forum.search_in_topic")}
          </Link>
        </p>
        <FollowControl
          target="topic"
          targetId={topic.id}
          state={follow}
          saved={Boolean(result && !isFailure(result) && result.followed)}
          error={isFailure(result) ? result.message : undefined}
        />
      </header>
      {canPost ? <ListActivityNotice newThreads={live.newThreads} newReplies={live.newReplies} onShow={live.show} live={live.subscribed} /> : null}
      <ThreadBrowser threads={threads} nextCursor={nextCursor} tags={tags} showTopic={false} />
      {upcomingEvents.length > 0 ? (
        <section aria-labelledby="topic-events-title" className="topic-services">
          <h2 id="topic-events-title">{t("forum.topic_events_title")}</h2>
          <EventList events={upcomingEvents} empty="" headingLevel={3} />
          <p>
            <Link to={`/events?topic=${encodeURIComponent(topic.slug)}`}>{t("forum.topic_events_all")}</Link>
          </p>
        </section>
      ) : null}
      {latestDocuments.length > 0 ? (
        <section aria-labelledby="topic-documents-title" className="topic-services">
          <h2 id="topic-documents-title">{t("forum.topic_documents_title")}</h2>
          <DocumentList documents={latestDocuments} />
          <p>
            <Link to={`/documents?topic=${encodeURIComponent(topic.slug)}`}>{t("forum.topic_documents_all")}</Link>
          </p>
        </section>
      ) : null}
    </div>
  );
}
