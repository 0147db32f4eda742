import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { RelativeTime } from "../components/forum";
import { ExpertFigures } from "../components/experts";
import { countryName, languageName } from "../../shared/profile";
import { useLocale, useT } from "../lib/i18n";
import { runLoader } from "../lib/http.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const profile = await runLoader(request, () => context.services.community.getPublicProfile(context.ctx, params.handle ?? ""));
  const partners = await context.services.community.listPartnerOrganisations(context.ctx, context.state.locale);
  const partnerName = partners.find((partner) => partner.code === profile.partnerOrg)?.name ?? null;
  const url = new URL(request.url);
  const { forum } = context.services;
  const [activity, counts, expert] = await Promise.all([
    forum.listMemberActivity(context.ctx, { handle: profile.handle, kind: url.searchParams.get("tab") ?? "threads", cursor: url.searchParams.get("cursor") ?? undefined }),
    forum.countMemberActivity(context.ctx, profile.handle),
    context.services.experts.profile(context.ctx, profile.handle),
  ]);
  return json({ profile, partnerName, activity, counts, expert });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.profile.displayName} (@${data.profile.handle}) · Enlace` : "Enlace" },
];

export default function PublicProfile() {
  const { profile, partnerName, activity, counts, expert } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const tab = params.get("tab") ?? "threads";
  const t = useT();
  const locale = useLocale();
  const since = new Intl.DateTimeFormat(locale, { year: "numeric", month: "long" }).format(new Date(profile.memberSince));
  return (
    <article className="narrow profile">
      <header>
        <h1>{profile.displayName}</h1>
        <p className="muted">@{profile.handle}</p>
        <p>
          <span className="badge">{t(`roles.${profile.communityRole}`)}</span>
          {partnerName && profile.expertVerified ? (
            <span className="badge badge-verified">{t("profile.verified_affiliation", { organisation: partnerName })}</span>
          ) : null}
        </p>
      </header>
      <dl className="profile-facts">
        {profile.organisation ? (
          <>
            <dt>{t("profile.organisation")}</dt>
            <dd>{profile.organisation}</dd>
          </>
        ) : null}
        {profile.country ? (
          <>
            <dt>{t("profile.country")}</dt>
            <dd>
              {countryName(profile.country, locale)}
              {profile.region ? ` · ${profile.region}` : ""}
            </dd>
          </>
        ) : null}
        {profile.languages.length ? (
          <>
            <dt>{t("profile.languages")}</dt>
            <dd>{profile.languages.map((code) => languageName(code, locale)).join(", ")}</dd>
          </>
        ) : null}
        <dt>{t("profile.member_since")}</dt>
        <dd>{since}</dd>
      </dl>
      {profile.bio ? <p className="bio">{profile.bio}</p> : null}
      {expert ? (
        <section aria-labelledby="expert-figures-title">
          <h2 id="expert-figures-title">{t("directory.as_expert")}</h2>
          <p>
            <span className={`badge availability-${expert.availability}`}>{t(`directory.availability_${expert.availability}`)}</span>
          </p>
          <ExpertFigures figures={expert.figures} />
          <p className="hint">{t("directory.figures_note")}</p>
        </section>
      ) : null}
      <section aria-labelledby="activity-title">
        <h2 id="activity-title">{t("forum.activity_title")}</h2>
        <nav aria-label={t("forum.activity_title")} className="tabs">
          <ul>
            {(["threads", "replies", "solutions"] as const).map((name) => (
              <li key={name}>
                <Link to={`?tab=${name}`} aria-current={tab === name ? "page" : undefined}>
                  {t(`forum.activity_${name}`, { count: counts[name] })}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {activity.items.length === 0 ? <p className="empty">{t("forum.activity_empty")}</p> : null}
        <ol className="activity-list">
          {activity.items.map((item) => (
            <li key={item.postId}>
              <h3 className="thread-title">
                <Link to={`/p/${item.postId}`}>{item.threadTitle}</Link>
              </h3>
              <p className="thread-meta">
                <Link to={`/topics/${item.topic.slug}`}>{item.topic.name}</Link> · <RelativeTime iso={item.createdAt} />
                {item.kind === "solution" ? <span className="badge badge-solved">{t("forum.solution")}</span> : null}
              </p>
              <p className="snippet">{item.excerpt}</p>
            </li>
          ))}
        </ol>
        {activity.nextCursor ? (
          <p className="pager">
            <Link to={`?tab=${tab}&cursor=${encodeURIComponent(activity.nextCursor)}`} rel="next">
              {t("forum.more_results")}
            </Link>
          </p>
        ) : null}
      </section>
    </article>
  );
}
