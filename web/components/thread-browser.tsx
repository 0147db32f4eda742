import { Form, Link, useSearchParams } from "@remix-run/react";
import { latinAmericaAndCaribbean } from "../../shared/profile";
import { threadViews } from "../../shared/schemas/forum.schema";
import { useLocale, useT } from "../lib/i18n";
import { contentLanguageOptions, countryFilterOptions, FilterSelect, slugOptions } from "./filter-select";
import { ThreadList, type ThreadSummaryView } from "./forum";

/** View tabs, filters and one keyset page of threads; every control is a link or a GET form. */
export function ThreadBrowser({
  threads,
  nextCursor,
  tags,
  showTopic,
}: {
  threads: ThreadSummaryView[];
  nextCursor: string | null;
  tags: { slug: string; name: string }[];
  showTopic: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const view = params.get("view") ?? "latest";
  const withParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    const text = next.toString();
    return text ? `?${text}` : "?";
  };
  return (
    <div className="thread-browser">
      <nav aria-label={t("forum.views_label")} className="tabs">
        <ul>
          {threadViews.map((name) => (
            <li key={name}>
              <Link to={withParams({ view: name === "latest" ? null : name, cursor: null })} aria-current={view === name ? "page" : undefined}>
                {t(`forum.view_${name}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Form method="get" className="filters" aria-label={t("forum.filters_label")}>
        {view !== "latest" ? <input type="hidden" name="view" value={view} /> : null}
        <FilterSelect id="filter-tag" name="tag" label={t("forum.filter_tag")} anyLabel={t("admin.any")} options={slugOptions(tags)} defaultValue={params.get("tag") ?? ""} />
        <FilterSelect id="filter-language" name="language" label={t("forum.filter_language")} anyLabel={t("admin.any")} options={contentLanguageOptions} defaultValue={params.get("language") ?? ""} />
        <FilterSelect
          id="filter-country"
          name="country"
          label={t("forum.filter_country")}
          anyLabel={t("admin.any")}
          options={countryFilterOptions(latinAmericaAndCaribbean, locale)}
          defaultValue={params.get("country") ?? ""}
        />
        <button type="submit" className="button button-small">
          {t("admin.filter_submit")}
        </button>
      </Form>
      <ThreadList threads={threads} showTopic={showTopic} />
      {nextCursor ? (
        <p className="pager">
          <Link to={withParams({ cursor: nextCursor })} rel="next" className="button button-secondary">
            {t("forum.older_threads")}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
