import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ThreadBrowser } from "../components/thread-browser";
import { useT } from "../lib/i18n";
import { runLoader, translatorFor } from "../lib/http.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const { forum, topics } = context.services;
  const [list, topicList, tags] = await Promise.all([
    runLoader(request, () => forum.listThreads(context.ctx, { ...params, topic: undefined })),
    topics.listTopics(context.ctx),
    topics.listTags(context.ctx),
  ]);
  return json({ title: translatorFor(context)("forum.all_topics_title"), ...list, topics: topicList, tags });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];

export default function AllTopics() {
  const { threads, nextCursor, topics, tags } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="forum-layout">
      <div>
        <h1>{t("forum.all_topics_title")}</h1>
        <ThreadBrowser threads={threads} nextCursor={nextCursor} tags={tags} showTopic />
      </div>
      <aside aria-labelledby="topics-aside">
        <h2 id="topics-aside">{t("nav.topics")}</h2>
        <ul className="topic-nav">
          {topics.map((topic) => (
            <li key={topic.id}>
              <Link to={`/topics/${topic.slug}`}>{topic.name}</Link>
              <span className="muted"> · {t("forum.thread_count", { count: topic.threadCount })}</span>
            </li>
          ))}
        </ul>
        <p>
          <Link to="/search">{t("forum.search_link")}</Link>
        </p>
      </aside>
    </div>
  );
}
