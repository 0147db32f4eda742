import { Form, Link, useSearchParams } from "@remix-run/react";
import { latinAmericaAndCaribbean, countryName } from "../../shared/profile";
import { threadViews } from "../../shared/schemas/forum.schema";
import { useLocale, useT } from "../lib/i18n";
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
        <div className="field">
          <label htmlFor="filter-tag">{t("forum.filter_tag")}</label>
          <select id="filter-tag" name="tag" defaultValue={params.get("tag") ?? ""}>
            <option value="">{t("admin.any")}</option>
            {tags.map((tag) => (
              <option key={tag.slug} value={tag.slug}>
                {tag.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-language">{t("forum.filter_language")}</label>
          <select id="filter-language" name="language" defaultValue={params.get("language") ?? ""}>
            <option value="">{t("admin.any")}</option>
            <option value="es">Español</option>
            <option value="pt">Português</option>
            <option value="en">English</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-country">{t("forum.filter_country")}</label>
          <select id="filter-country" name="country" defaultValue={params.get("country") ?? ""}>
            <option value="">{t("admin.any")}</option>
            {latinAmericaAndCaribbean
              .map((code) => ({ code, name: countryName(code, locale) }))
              .sort((a, b) => a.name.localeCompare(b.name, locale))
              .map(({ code, name }) => (
                <option key={code} value={code}>
                  {name}
                </option>
              ))}
          </select>
        </div>
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
