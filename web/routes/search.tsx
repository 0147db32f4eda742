import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { isAppError } from "../../shared/errors";
import { AuthorName, RelativeTime } from "../components/forum";
import { contentLanguageOptions, FilterSelect, slugOptions } from "../components/filter-select";
import { FormMessage } from "../components/form";
import { useT } from "../lib/i18n";
import { translatorFor } from "../lib/http.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const t = translatorFor(context);
  const { topics, forum } = context.services;
  const [topicList, tags] = await Promise.all([topics.listTopics(context.ctx), topics.listTags(context.ctx)]);
  let result = null;
  let problem: string | null = null;
  if (params.q !== undefined) {
    try {
      result = await forum.search(context.ctx, params);
    } catch (error) {
      if (!isAppError(error)) throw error;
      problem = Object.values(error.fieldErrors ?? {}).map((key) => t(key))[0] ?? t(error.messageKey, { minutes: Math.ceil((error.retryAfterSeconds ?? 60) / 60) });
    }
  }
  return json({ title: t("forum.search_title"), topics: topicList, tags, result, problem });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }, { name: "robots", content: "noindex" }];

export default function Search() {
  const { topics, tags, result, problem } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const nextParams = new URLSearchParams(params);
  if (result?.nextCursor) nextParams.set("cursor", result.nextCursor);
  return (
    <section>
      <h1>{t("forum.search_title")}</h1>
      <Form method="get" role="search" className="search-form stack">
        <div className="field">
          <label htmlFor="search-q">{t("forum.search_label")}</label>
          <input id="search-q" type="search" name="q" defaultValue={params.get("q") ?? ""} minLength={2} maxLength={200} aria-describedby="search-q-hint" />
          <p className="hint" id="search-q-hint">
            {t("forum.search_scope_hint")}
          </p>
        </div>
        {params.get("group") ? <input type="hidden" name="group" value={params.get("group") ?? ""} /> : null}
        <details className="search-filters" open={Boolean(params.get("topic") || params.get("tag") || params.get("author") || params.get("solved") || params.get("language") || params.get("from") || params.get("to"))}>
          <summary>{t("forum.search_filters")}</summary>
          <div className="filters">
            <FilterSelect id="search-topic" name="topic" label={t("forum.filter_topic")} anyLabel={t("admin.any")} options={slugOptions(topics)} defaultValue={params.get("topic") ?? ""} />
            <FilterSelect id="search-tag" name="tag" label={t("forum.filter_tag")} anyLabel={t("admin.any")} options={slugOptions(tags)} defaultValue={params.get("tag") ?? ""} />
            <FilterSelect
              id="search-solved"
              name="solved"
              label={t("forum.filter_solved")}
              anyLabel={t("admin.any")}
              options={[
                { value: "yes", label: t("forum.solved") },
                { value: "no", label: t("forum.view_unsolved") },
              ]}
              defaultValue={params.get("solved") ?? ""}
            />
            <FilterSelect id="search-language" name="language" label={t("forum.filter_language")} anyLabel={t("admin.any")} options={contentLanguageOptions} defaultValue={params.get("language") ?? ""} />
            <div className="field">
              <label htmlFor="search-author">{t("forum.filter_author")}</label>
              <input id="search-author" name="author" defaultValue={params.get("author") ?? ""} maxLength={30} />
            </div>
            <div className="field">
              <label htmlFor="search-from">{t("forum.filter_from")}</label>
              <input id="search-from" type="date" name="from" defaultValue={params.get("from") ?? ""} />
            </div>
            <div className="field">
              <label htmlFor="search-to">{t("forum.filter_to")}</label>
              <input id="search-to" type="date" name="to" defaultValue={params.get("to") ?? ""} />
            </div>
          </div>
        </details>
        <p>
          <button type="submit" className="button">
            {t("forum.search_submit")}
          </button>
        </p>
      </Form>
      {problem ? <FormMessage kind="error">{problem}</FormMessage> : null}
      {result ? (
        result.hits.length === 0 ? (
          <p className="empty">{t("forum.search_no_results")}</p>
        ) : (
          <ol className="search-results" aria-label={t("forum.search_results")}>
            {result.hits.map((hit) => (
              <li key={hit.postId} className="search-hit">
                <h2 className="thread-title" lang={hit.language}>
                  <Link to={`/p/${hit.postId}`}>{hit.threadTitle}</Link>
                </h2>
                <p className="thread-meta">
                  {hit.solved ? <span className="badge badge-solved">{t("forum.solved")}</span> : null}{" "}
                  <Link to={`/topics/${hit.topic.slug}`}>{hit.topic.name}</Link> · <AuthorName author={hit.author} /> · <RelativeTime iso={hit.createdAt} />
                  {hit.isOpening ? null : ` · ${t("forum.in_a_reply")}`}
                </p>
                <p className="snippet" lang={hit.language}>
                  {hit.snippet.map((part, index) => (part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
                </p>
              </li>
            ))}
          </ol>
        )
      ) : null}
      {result?.nextCursor ? (
        <p className="pager">
          <Link to={`?${nextParams.toString()}`} rel="next" className="button button-secondary">
            {t("forum.more_results")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}
