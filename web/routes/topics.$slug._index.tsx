import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ThreadBrowser } from "../components/thread-browser";
import { useT } from "../lib/i18n";
import { runLoader } from "../lib/http.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const search = Object.fromEntries(new URL(request.url).searchParams);
  const { forum, topics } = context.services;
  const topic = await runLoader(request, () => topics.getTopic(context.ctx, params.slug ?? ""));
  const [list, tags] = await Promise.all([
    runLoader(request, () => forum.listThreads(context.ctx, { ...search, topic: topic.slug })),
    topics.listTags(context.ctx),
  ]);
  return json({ topic, ...list, tags, canPost: context.ctx.guardian.isSignedIn() });
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.topic.name} · Enlace` }, { name: "description", content: data.topic.description }] : [];

export default function TopicPage() {
  const { topic, threads, nextCursor, tags } = useLoaderData<typeof loader>();
  const t = useT();
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
      </header>
      <ThreadBrowser threads={threads} nextCursor={nextCursor} tags={tags} showTopic={false} />
    </div>
  );
}
