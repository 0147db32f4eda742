import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { languageName, latinAmericaAndCaribbean } from "../../shared/profile";
import { formToObject } from "../../shared/schemas/parse";
import { countryFilterOptions, FilterSelect, languageFilterOptions, slugOptions } from "../components/filter-select";
import { Field, FormMessage } from "../components/form";
import { OfficialLine } from "../components/pairs";
import { isFailure } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useLocale, useT } from "../lib/i18n";
import { requireSignedIn, runAction, runLoader, translatorFor } from "../lib/http.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = requireSignedIn(context, request);
  const url = new URL(request.url);
  const { pairs, topics } = context.services;
  const filters = {
    country: url.searchParams.get("country") ?? undefined,
    topic: url.searchParams.get("topic") ?? undefined,
    language: url.searchParams.get("language") ?? undefined,
  };
  const [suggestions, topicList] = await Promise.all([runLoader(request, () => pairs.suggest(context.ctx, filters)), topics.listTopics(context.ctx)]);
  const isOfficial = account.communityRole === "national_official" || account.communityRole === "local_official";
  return json({
    title: translatorFor(context)("pair.find_title"),
    suggestions,
    topics: topicList.map((topic) => ({ id: topic.id, slug: topic.slug, name: topic.name })),
    isOfficial,
    partnerRole: account.communityRole === "national_official" ? "local_official" : "national_official",
    canPost: context.ctx.guardian.canPost(),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];
export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  requireSignedIn(context, request);
  const input = formToObject(await request.formData());
  return runAction(context, async () => {
    await context.services.pairs.sendRequest(context.ctx, input);
    return redirect("/pairs?sent=1");
  });
}

function RequestForm({ to, topics, idPrefix }: { to?: string; topics: { id: number; name: string }[]; idPrefix: string }) {
  const t = useT();
  return (
    <Form method="post" className="stack">
      {to ? <input type="hidden" name="to" value={to} /> : <Field name="to" id={`${idPrefix}-to`} label={t("pair.partner_handle")} hint={t("pair.partner_handle_hint")} required maxLength={31} />}
      <div className="field">
        <label htmlFor={`${idPrefix}-message`}>{t("pair.message_label")}</label>
        <p className="hint" id={`${idPrefix}-message-hint`}>
          {t("pair.message_hint")}
        </p>
        <textarea id={`${idPrefix}-message`} name="message" rows={3} maxLength={1000} aria-describedby={`${idPrefix}-message-hint`} />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-topic`}>{t("pair.topic_label")}</label>
        <select id={`${idPrefix}-topic`} name="topicId" defaultValue="">
          <option value="">{t("pair.topic_none")}</option>
          {topics.map((topic) => (
            <option key={topic.id} value={topic.id}>
              {topic.name}
            </option>
          ))}
        </select>
      </div>
      <p>
        <button type="submit" className="button button-small">
          {t("pair.send_request")}
        </button>
      </p>
    </Form>
  );
}

export default function FindPartner() {
  const { suggestions, topics, isOfficial, partnerRole, canPost } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const failure = isFailure(result) ? result : undefined;
  return (
    <section className="stack-large">
      <header>
        <nav aria-label={t("forum.breadcrumb")} className="breadcrumb">
          <Link to="/pairs">{t("pair.title")}</Link>
        </nav>
        <h1>{t("pair.find_title")}</h1>
        <p className="lead">{isOfficial ? t(partnerRole === "local_official" ? "pair.find_lead_national" : "pair.find_lead_local") : t("pair.only_officials_hint")}</p>
        {!canPost ? <FormMessage kind="info">{t("errors.cannot_post")}</FormMessage> : null}
        {failure ? (
          <FormMessage kind="error">
            {failure.message}
            {Object.values(failure.fieldErrors).map((message) => (
              <span key={message}> {message}</span>
            ))}
          </FormMessage>
        ) : null}
      </header>
      {isOfficial ? (
        <>
          <Form method="get" className="filters audit-filters" aria-label={t("pair.filters_label")}>
            <FilterSelect id="field-country" name="country" label={t("profile.country")} anyLabel={t("admin.any")} options={countryFilterOptions(latinAmericaAndCaribbean, locale)} defaultValue={params.get("country") ?? ""} />
            <FilterSelect id="field-topic" name="topic" label={t("forum.filter_topic")} anyLabel={t("admin.any")} options={slugOptions(topics)} defaultValue={params.get("topic") ?? ""} />
            <FilterSelect id="field-language" name="language" label={t("forum.filter_language")} anyLabel={t("admin.any")} options={languageFilterOptions(locale)} defaultValue={params.get("language") ?? ""} />
            <button type="submit" className="button button-small">
              {t("admin.filter_submit")}
            </button>
          </Form>
          <section aria-labelledby="suggestions-title">
            <h2 id="suggestions-title">{t("pair.suggestions_title")}</h2>
            {suggestions.length === 0 ? <p className="empty">{t("pair.suggestions_empty")}</p> : null}
            <ul className="card-grid">
              {suggestions.map((suggestion) => (
                <li key={suggestion.official.handle} className="card stack">
                  <OfficialLine official={suggestion.official} />
                  <ul className="tag-list" aria-label={t("pair.why_suggested")}>
                    {suggestion.sameCountry ? <li className="tag">{t("pair.same_country")}</li> : null}
                    {suggestion.sharedTopics.map((topic) => (
                      <li key={topic.slug} className="tag">
                        {t("pair.shared_topic", { topic: topic.name })}
                      </li>
                    ))}
                    {suggestion.sharedLanguages.map((code) => (
                      <li key={code} className="tag">
                        {t("pair.speaks", { language: languageName(code, locale) })}
                      </li>
                    ))}
                  </ul>
                  {canPost ? (
                    <details>
                      <summary>{t("pair.ask_to_pair", { name: suggestion.official.displayName })}</summary>
                      <RequestForm to={suggestion.official.handle} topics={topics} idPrefix={`request-${suggestion.official.handle}`} />
                    </details>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
          {canPost ? (
            <section className="card-plain" aria-labelledby="by-handle-title">
              <h2 id="by-handle-title">{t("pair.by_handle_title")}</h2>
              <RequestForm topics={topics} idPrefix="request-direct" />
            </section>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
