import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { isAppError } from "../../shared/errors";
import { countryName, latinAmericaAndCaribbean } from "../../shared/profile";
import { documentTypes } from "../../shared/schemas/document.schema";
import { DocumentList } from "../components/document-list";
import { contentLanguageOptions, FilterSelect, slugOptions } from "../components/filter-select";
import { FormMessage } from "../components/form";
import { useT } from "../lib/i18n";
import { translatorFor } from "../lib/http.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const t = translatorFor(context);
  const { documents, topics } = context.services;
  const topicList = await topics.listTopics(context.ctx);
  let list: Awaited<ReturnType<typeof documents.list>> = { documents: [], nextCursor: null };
  let problem: string | null = null;
  try {
    list = await documents.list(context.ctx, params);
  } catch (error) {
    if (!isAppError(error)) throw error;
    problem = Object.values(error.fieldErrors ?? {}).map((key) => t(key))[0] ?? t(error.messageKey);
  }
  const locale = context.state.locale;
  return json({
    title: t("document.title"),
    // Named on the server: Node's and the browser's country names differ now and then.
    countries: latinAmericaAndCaribbean.map((code) => ({ code, name: countryName(code, locale) })).sort((a, b) => a.name.localeCompare(b.name, locale)),
    description: t("document.lead"),
    topics: topicList.map((topic) => ({ slug: topic.slug, name: topic.name })),
    ...list,
    problem,
    signedIn: context.ctx.guardian.isSignedIn(),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.title} · Enlace` },
        { name: "description", content: data.description },
        { tagName: "link", rel: "alternate", type: "application/atom+xml", href: "/feeds/documents.atom", title: data.title },
      ]
    : [];

export default function DocumentBank() {
  const { topics, countries, documents, nextCursor, problem, signedIn } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const nextParams = new URLSearchParams(params);
  if (nextCursor) nextParams.set("cursor", nextCursor);
  const filtered = ["topic", "type", "country", "language", "year"].some((name) => params.get(name));
  const year = new Date().getFullYear();
  return (
    <section className="document-bank">
      <header className="topic-header">
        <h1>{t("document.title")}</h1>
        <p className="lead">{t("document.lead")}</p>
        <p className="actions">
          <Link to={signedIn ? "/documents/new" : "/sign-in?redirectTo=%2Fdocuments%2Fnew"} className="button">
            {t("document.upload_action")}
          </Link>
        </p>
      </header>
      <Form method="get" role="search" className="search-form stack" aria-label={t("document.search_label")}>
        <div className="field">
          <label htmlFor="documents-q">{t("document.search_label")}</label>
          <input id="documents-q" type="search" name="q" defaultValue={params.get("q") ?? ""} minLength={2} maxLength={200} />
        </div>
        <details className="search-filters" open={filtered}>
          <summary>{t("document.filters")}</summary>
          <div className="filters document-filters">
            <FilterSelect id="documents-topic" name="topic" label={t("document.filter_topic")} anyLabel={t("document.any")} options={slugOptions(topics)} defaultValue={params.get("topic") ?? ""} />
            <FilterSelect
              id="documents-type"
              name="type"
              label={t("document.filter_type")}
              anyLabel={t("document.any")}
              options={documentTypes.map((type) => ({ value: type, label: t(`document.type_${type}`) }))}
              defaultValue={params.get("type") ?? ""}
            />
            <FilterSelect
              id="documents-country"
              name="country"
              label={t("document.filter_country")}
              anyLabel={t("document.any")}
              options={countries.map(({ code, name }) => ({ value: code, label: name }))}
              defaultValue={params.get("country") ?? ""}
            />
            <FilterSelect id="documents-language" name="language" label={t("document.filter_language")} anyLabel={t("document.any")} options={contentLanguageOptions} defaultValue={params.get("language") ?? ""} />
            <div className="field">
              <label htmlFor="documents-year">{t("document.filter_year")}</label>
              <input id="documents-year" type="number" name="year" min={1950} max={year + 1} inputMode="numeric" defaultValue={params.get("year") ?? ""} />
            </div>
          </div>
        </details>
        <p>
          <button type="submit" className="button">
            {t("document.search_submit")}
          </button>
        </p>
      </Form>
      {params.get("deleted") ? <FormMessage kind="success">{t("document.deleted_done")}</FormMessage> : null}
      {problem ? <FormMessage kind="error">{problem}</FormMessage> : null}
      <h2 className="visually-hidden">{t("document.results")}</h2>
      {documents.length === 0 ? (
        <p className="empty">{params.get("q") || filtered ? t("document.no_documents") : t("document.empty_bank")}</p>
      ) : (
        <DocumentList documents={documents} />
      )}
      {nextCursor ? (
        <p className="pager">
          <Link to={`?${nextParams.toString()}`} rel="next" className="button button-secondary">
            {t("document.more")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}
