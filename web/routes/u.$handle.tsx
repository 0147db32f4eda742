import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { countryName, languageName } from "../../shared/profile";
import { useLocale, useT } from "../lib/i18n";
import { runLoader } from "../lib/http.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const profile = await runLoader(request, () => context.services.community.getPublicProfile(context.ctx, params.handle ?? ""));
  const partners = await context.services.community.listPartnerOrganisations(context.ctx, context.state.locale);
  const partnerName = partners.find((partner) => partner.code === profile.partnerOrg)?.name ?? null;
  return json({ profile, partnerName });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.profile.displayName} (@${data.profile.handle}) · Enlace` : "Enlace" },
];

export default function PublicProfile() {
  const { profile, partnerName } = useLoaderData<typeof loader>();
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
    </article>
  );
}
