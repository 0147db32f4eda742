import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { countryName, countryOptions, languageName, partnerOrganisationCodes, partnerShortNames } from "../../shared/profile";
import { availabilities } from "../../shared/schemas/pairs.schema";
import { ExpertFigures } from "../components/experts";
import { AuthorName } from "../components/forum";
import { FilterSelect, languageFilterOptions, slugOptions } from "../components/filter-select";
import { useLocale, useT } from "../lib/i18n";
import { runLoader, translatorFor } from "../lib/http.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { experts, topics } = context.services;
  const filter = (name: string) => url.searchParams.get(name) ?? undefined;
  const [list, groups, topicList] = await Promise.all([
    runLoader(request, () =>
      experts.list(context.ctx, {
        topic: filter("topic"),
        organisation: filter("organisation"),
        country: filter("country"),
        language: filter("language"),
        availability: filter("availability"),
        cursor: filter("cursor"),
      }),
    ),
    experts.groups(context.ctx, { topic: filter("topic") }),
    topics.listTopics(context.ctx),
  ]);
  return json({
    title: translatorFor(context)("directory.title"),
    experts: list.experts,
    nextCursor: list.nextCursor,
    groups,
    topics: topicList.map((topic) => ({ slug: topic.slug, name: topic.name })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];

export default function ExpertDirectory() {
  const { experts, nextCursor, groups, topics } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const countries = countryOptions(locale);
  const next = new URLSearchParams(params);
  if (nextCursor) next.set("cursor", nextCursor);
  const byTopic = new Map<string, typeof groups>();
  for (const group of groups) byTopic.set(group.topic.name, [...(byTopic.get(group.topic.name) ?? []), group]);
  return (
    <section className="stack-large">
      <header>
        <h1>{t("directory.title")}</h1>
        <p className="lead">{t("directory.lead")}</p>
        <p className="hint">{t("directory.figures_note")}</p>
      </header>

      <Form method="get" className="filters audit-filters" aria-label={t("directory.filters_label")}>
        <FilterSelect id="field-topic" name="topic" label={t("forum.filter_topic")} anyLabel={t("admin.any")} options={slugOptions(topics)} defaultValue={params.get("topic") ?? ""} />
        <FilterSelect
          id="field-organisation"
          name="organisation"
          label={t("profile.partner_org")}
          anyLabel={t("admin.any")}
          options={partnerOrganisationCodes.map((code) => ({ value: code, label: partnerShortNames[code] ?? code }))}
          defaultValue={params.get("organisation") ?? ""}
        />
        <FilterSelect
          id="field-country"
          name="country"
          label={t("profile.country")}
          anyLabel={t("admin.any")}
          options={(["region", "world"] as const).map((group) => ({
            label: t(group === "region" ? "profile.country_region" : "profile.country_world"),
            options: countries.filter((country) => country.group === group).map((country) => ({ value: country.code, label: country.name })),
          }))}
          defaultValue={params.get("country") ?? ""}
        />
        <FilterSelect id="field-language" name="language" label={t("forum.filter_language")} anyLabel={t("admin.any")} options={languageFilterOptions(locale)} defaultValue={params.get("language") ?? ""} />
        <FilterSelect
          id="field-availability"
          name="availability"
          label={t("directory.availability")}
          anyLabel={t("admin.any")}
          options={availabilities.map((value) => ({ value, label: t(`directory.availability_${value}`) }))}
          defaultValue={params.get("availability") ?? ""}
        />
        <button type="submit" className="button button-small">
          {t("admin.filter_submit")}
        </button>
      </Form>

      <section aria-labelledby="experts-title">
        <h2 id="experts-title">{t("directory.experts_title")}</h2>
        {experts.length === 0 ? <p className="empty">{t("directory.experts_empty")}</p> : null}
        <ul className="card-grid">
          {experts.map((expert) => (
            <li key={expert.handle} className="card">
              <p className="thread-meta-top">
                <span className={`badge availability-${expert.availability}`}>{t(`directory.availability_${expert.availability}`)}</span>
              </p>
              <h3 className="thread-title">
                <AuthorName author={expert} />
              </h3>
              <p className="muted">
                {[expert.organisation, [expert.region, expert.country ? countryName(expert.country, locale) : ""].filter(Boolean).join(", ")].filter(Boolean).join(" · ")}
              </p>
              <p className="muted">{expert.languages.map((code) => languageName(code, locale)).join(", ")}</p>
              {expert.topics.length ? (
                <ul className="tag-list" aria-label={t("directory.expert_topics")}>
                  {expert.topics.map((topic) => (
                    <li key={topic.slug}>
                      <Link to={`/topics/${topic.slug}`} className="tag">
                        {topic.name}
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : null}
              <ExpertFigures figures={expert.figures} />
            </li>
          ))}
        </ul>
        {nextCursor ? (
          <p className="pager">
            <Link to={`?${next.toString()}`} rel="next" className="button button-secondary">
              {t("directory.more_experts")}
            </Link>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="expert-groups-title">
        <h2 id="expert-groups-title">{t("directory.groups_title")}</h2>
        <p className="hint">{t("directory.groups_lead")}</p>
        {groups.length === 0 ? <p className="empty">{t("directory.groups_empty")}</p> : null}
        {[...byTopic].map(([topicName, list]) => (
          <section key={topicName} aria-label={topicName}>
            <h3>{topicName}</h3>
            <ul className="card-grid">
              {list.map((group) => (
                <li key={group.id} className="card">
                  <h4 className="thread-title">
                    <Link to={`/g/${group.slug}`}>{group.name}</Link>
                  </h4>
                  <p>{group.description}</p>
                  <p className="muted">{t("group.member_count", { count: group.memberCount })}</p>
                  <ExpertFigures figures={group.figures} />
                  <p>
                    <Link to={`/g/${group.slug}/new`} className="button button-small">
                      {t("directory.ask_group")}
                    </Link>
                  </p>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </section>
    </section>
  );
}
