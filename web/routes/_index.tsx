import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { createTranslator, type Locale } from "../../shared/i18n/core";
import { useLocale, useT } from "../lib/i18n";
import landingStyles from "../styles/landing.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: landingStyles }];

export async function loader({ context }: LoaderFunctionArgs) {
  // Public content only, one query per section (the sections and figures read as an anonymous visitor would).
  const [landing, sections, headline] = await Promise.all([
    context.services.community.getLanding(context.ctx, context.state.locale),
    context.services.feeds.getLandingSections(context.ctx),
    context.services.figures.getHeadlineFigures(context.ctx),
  ]);
  const t = createTranslator(context.state.locale);
  return json({
    ...landing,
    ...sections,
    headline,
    feedTitles: { solved: t("feed.solved_title"), events: t("feed.events_title"), documents: t("feed.documents_title") },
    title: t("landing.meta_title"),
    description: t("landing.meta_description"),
    registrationPolicy: context.config.registrationPolicy,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "Enlace" },
  { name: "description", content: data?.description ?? "" },
  ...(["solved", "events", "documents"] as const).map((name) => ({
    tagName: "link",
    rel: "alternate",
    type: "application/atom+xml",
    href: `/feeds/${name}.atom`,
    title: data?.feedTitles[name] ?? name,
  })),
];

const topicIcons: Record<string, string> = {
  "numps-sumps": "M4 20h16M6 16l4-8 4 5 4-9",
  financing: "M12 3v18M7 7h7a3 3 0 010 6H9a3 3 0 000 6h8",
  electromobility: "M13 2L4 14h7l-1 8 9-12h-7z",
  "pilot-projects": "M12 2l3 7h7l-5.5 4.5L18 21l-6-4-6 4 1.5-7.5L2 9h7z",
};

export default function Landing() {
  const { topics, partners, memberCount, registrationPolicy, upcomingEvents, latestDocuments, solvedQuestions, partnerGroups, headline } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData("root") as { account: unknown; locale: Locale } | undefined;
  const t = useT();
  const locale = useLocale();
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const eventTime = (startsAt: string, timeZone: string) => {
    try {
      return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone, timeZoneName: "short" }).format(new Date(startsAt));
    } catch {
      return day.format(new Date(startsAt));
    }
  };
  const signedIn = Boolean(root?.account);
  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <div className="hero-inner">
          <p className="eyebrow">{t("landing.eyebrow")}</p>
          <h1 id="hero-title">{t("landing.title")}</h1>
          <p className="lead">{t("landing.lead")}</p>
          {signedIn ? null : (
            <p className="hero-actions">
              <Link to="/sign-up" className="button">
                {registrationPolicy === "invite-only" ? t("landing.cta_invited") : t("landing.cta_join")}
              </Link>
              <Link to="/sign-in" className="button button-secondary">
                {t("nav.sign_in")}
              </Link>
            </p>
          )}
          <p className="hero-figure">{t("landing.member_count", { count: memberCount })}</p>
        </div>
      </section>

      <section className="section" aria-labelledby="figures-title">
        <h2 id="figures-title">{t("landing.figures_title")}</h2>
        <dl className="headline-figures">
          <div>
            <dt>{t("landing.figure_members")}</dt>
            <dd>{number.format(headline.members)}</dd>
          </div>
          <div>
            <dt>{t("landing.figure_experts")}</dt>
            <dd>{number.format(headline.experts)}</dd>
          </div>
          <div>
            <dt>{t("landing.figure_questions")}</dt>
            <dd>{number.format(headline.questions)}</dd>
          </div>
          <div>
            <dt>{t("landing.figure_solved")}</dt>
            <dd>{headline.solvedShare === null ? "–" : `${number.format(headline.solvedShare)} %`}</dd>
          </div>
        </dl>
      </section>

      <section className="section" aria-labelledby="purpose-title">
        <h2 id="purpose-title">{t("landing.purpose_title")}</h2>
        <div className="columns">
          <div>
            <h3>{t("landing.purpose_local_title")}</h3>
            <p>{t("landing.purpose_local")}</p>
          </div>
          <div>
            <h3>{t("landing.purpose_national_title")}</h3>
            <p>{t("landing.purpose_national")}</p>
          </div>
          <div>
            <h3>{t("landing.purpose_experts_title")}</h3>
            <p>{t("landing.purpose_experts")}</p>
          </div>
        </div>
      </section>

      <section className="section" id="topics" aria-labelledby="topics-title">
        <h2 id="topics-title">{t("landing.topics_title")}</h2>
        <ul className="card-grid">
          {topics.map((topic) => (
            <li key={topic.id} className="card">
              <svg className="card-icon" width="32" height="32" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d={topicIcons[topic.slug] ?? "M4 12h16"} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
              <h3>
                <Link to={`/topics/${topic.slug}`}>{topic.name}</Link>
              </h3>
              <p>{topic.description}</p>
            </li>
          ))}
        </ul>
      </section>

      <div className="section landing-columns">
        <section aria-labelledby="events-title">
          <h2 id="events-title">{t("landing.events_title")}</h2>
          {upcomingEvents.length === 0 ? (
            <p className="muted">{t("landing.events_empty")}</p>
          ) : (
            <ul className="landing-list">
              {upcomingEvents.map((event) => (
                <li key={event.id}>
                  <Link to={`/events/${event.id}`}>{event.title}</Link>
                  <span className="muted">
                    {t(`landing.kind_${event.kind}`)} · <time dateTime={event.startsAt}>{eventTime(event.startsAt, event.timeZone)}</time> · {event.topic.name}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p className="feed-link">
            <Link to="/events">{t("landing.events_all")}</Link> ·{" "}
            <a href="/feeds/events.atom" type="application/atom+xml">
              {t("feed.link_label")}
            </a>
          </p>
        </section>
        <section aria-labelledby="documents-title">
          <h2 id="documents-title">{t("landing.documents_title")}</h2>
          {latestDocuments.length === 0 ? (
            <p className="muted">{t("landing.documents_empty")}</p>
          ) : (
            <ul className="landing-list">
              {latestDocuments.map((document) => (
                <li key={document.id}>
                  <Link to={`/documents/${document.id}`}>{document.title}</Link>
                  <span className="muted">
                    <time dateTime={document.createdAt}>{day.format(new Date(document.createdAt))}</time>
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p className="feed-link">
            <Link to="/documents">{t("landing.documents_all")}</Link> ·{" "}
            <a href="/feeds/documents.atom" type="application/atom+xml">
              {t("feed.link_label")}
            </a>
          </p>
        </section>
        <section aria-labelledby="solved-title">
          <h2 id="solved-title">{t("landing.solved_title")}</h2>
          {solvedQuestions.length === 0 ? (
            <p className="muted">{t("landing.solved_empty")}</p>
          ) : (
            <ul className="landing-list">
              {solvedQuestions.map((thread) => (
                <li key={thread.id}>
                  <Link to={`/t/${thread.id}`}>{thread.title}</Link>
                  <span className="muted">
                    {thread.topic.name} · {t("landing.solved_on", { date: day.format(new Date(thread.solvedAt)) })}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p className="feed-link">
            <a href="/feeds/solved.atom" type="application/atom+xml">
              {t("feed.link_label")}
            </a>
          </p>
        </section>
      </div>

      <section className="section" aria-labelledby="offer-title">
        <h2 id="offer-title">{t("landing.offer_title")}</h2>
        <ul className="feature-list">
          <li>{t("landing.offer_forums")}</li>
          <li>{t("landing.offer_groups")}</li>
          <li>{t("landing.offer_pairs")}</li>
          <li>{t("landing.offer_events")}</li>
          <li>{t("landing.offer_documents")}</li>
          <li>{t("landing.offer_directory")}</li>
        </ul>
      </section>

      <section className="section" aria-labelledby="partners-title">
        <h2 id="partners-title">{t("landing.partners_title")}</h2>
        <p>{t("landing.partners_lead")}</p>
        <ul className="partner-list">
          {partners.map((partner) => (
            <li key={partner.code}>
              <a href={partner.url} rel="noopener noreferrer external">
                <strong>{partner.name}</strong>
              </a>
              <span>{partner.description}</span>
              {partnerGroups[partner.code]?.length ? (
                <span className="partner-groups">
                  {t("landing.partner_groups")}{" "}
                  {partnerGroups[partner.code].map((group, index) => (
                    <span key={group.slug}>
                      {index > 0 ? ", " : ""}
                      <Link to={`/g/${group.slug}`}>{group.name}</Link>
                    </span>
                  ))}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <section className="section section-highlight" aria-labelledby="join-title">
        <h2 id="join-title">{t("landing.join_title")}</h2>
        <ol className="steps">
          <li>{registrationPolicy === "invite-only" ? t("landing.join_step1_invite") : t("landing.join_step1")}</li>
          <li>{t("landing.join_step2")}</li>
          <li>{registrationPolicy === "approval" ? t("landing.join_step3_approval") : t("landing.join_step3")}</li>
        </ol>
        {signedIn ? null : (
          <p>
            <Link to="/sign-up" className="button">
              {t("nav.sign_up")}
            </Link>
          </p>
        )}
      </section>
    </>
  );
}
