import { Link } from "@remix-run/react";
import { countryName } from "../../shared/profile";
import { useLocale, useT } from "../lib/i18n";
import { AuthorName, RelativeTime } from "./forum";

export interface OfficialView {
  handle: string;
  displayName: string;
  verifiedOrganisation: string | null;
  role: "national_official" | "local_official";
  organisation: string;
  country: string | null;
  region: string;
}

export interface PairSummaryView {
  id: number;
  country: string | null;
  topic: { slug: string; name: string } | null;
  national: OfficialView;
  local: OfficialView;
  createdAt: string;
  endedAt: string | null;
  mine: boolean;
}

/** An official: their name (linking to the profile), role, organisation and where they work. */
export function OfficialLine({ official }: { official: OfficialView }) {
  const t = useT();
  const locale = useLocale();
  const place = [official.region, official.country ? countryName(official.country, locale) : ""].filter(Boolean).join(", ");
  return (
    <p className="official">
      <AuthorName author={official} />
      <span className="badge">{t(`roles.${official.role}`)}</span>
      <br />
      <span className="muted">{[official.organisation, place].filter(Boolean).join(" · ")}</span>
    </p>
  );
}

/** A pair as the directory and "your pairs" show it: who, where, on what; a link to the space only for its members. */
export function PairCard({ pair, linkToSpace }: { pair: PairSummaryView; linkToSpace: boolean }) {
  const t = useT();
  const locale = useLocale();
  const titleId = `pair-${pair.id}-title`;
  return (
    <li className="card" aria-labelledby={titleId}>
      <p className="thread-meta-top">
        {pair.country ? <span className="kind kind-question">{countryName(pair.country, locale)}</span> : null}
        {pair.topic ? (
          <Link to={`/topics/${pair.topic.slug}`} className="tag">
            {pair.topic.name}
          </Link>
        ) : null}
        {pair.endedAt ? <span className="badge badge-closed">{t("pair.ended_badge")}</span> : null}
      </p>
      <h3 id={titleId} className="thread-title">
        {linkToSpace ? (
          <Link to={`/pairs/${pair.id}`}>{t("pair.pair_of", { national: pair.national.displayName, local: pair.local.displayName })}</Link>
        ) : (
          t("pair.pair_of", { national: pair.national.displayName, local: pair.local.displayName })
        )}
      </h3>
      <OfficialLine official={pair.national} />
      <OfficialLine official={pair.local} />
      <p className="muted">
        {t("pair.since")} <RelativeTime iso={pair.createdAt} />
      </p>
    </li>
  );
}
