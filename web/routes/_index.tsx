import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { createTranslator, type Locale } from "../../shared/i18n";
import { useT } from "../lib/i18n";

export async function loader({ context }: LoaderFunctionArgs) {
  const landing = await context.services.community.getLanding(context.ctx, context.state.locale);
  const t = createTranslator(context.state.locale);
  return json({
    ...landing,
    title: t("landing.meta_title"),
    description: t("landing.meta_description"),
    registrationPolicy: context.config.registrationPolicy,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "Enlace" },
  { name: "description", content: data?.description ?? "" },
];

const topicIcons: Record<string, string> = {
  "numps-sumps": "M4 20h16M6 16l4-8 4 5 4-9",
  financing: "M12 3v18M7 7h7a3 3 0 010 6H9a3 3 0 000 6h8",
  electromobility: "M13 2L4 14h7l-1 8 9-12h-7z",
  "pilot-projects": "M12 2l3 7h7l-5.5 4.5L18 21l-6-4-6 4 1.5-7.5L2 9h7z",
};

export default function Landing() {
  const { topics, partners, memberCount, registrationPolicy } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData("root") as { account: unknown; locale: Locale } | undefined;
  const t = useT();
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
