import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { EventList } from "../components/events";
import { useT } from "../lib/i18n";
import { requireSignedIn, runLoader, translatorFor } from "../lib/http.server";
import eventStyles from "../styles/events.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireSignedIn(context, request);
  const mine = await runLoader(request, () => context.services.events.mine(context.ctx));
  return json({ title: translatorFor(context)("event.mine_title"), ...mine }, { headers: { "Cache-Control": "no-store" } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Enlace"} · Enlace` }];

/** The feed's address in a read-only field, with a button that copies it (the field can be selected by hand too). */
function FeedAddress({ url }: { url: string }) {
  const t = useT();
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  };
  return (
    <div className="feed-url">
      <div className="field">
        <label htmlFor="feed-url">{t("event.feed_label")}</label>
        <input id="feed-url" type="text" readOnly value={url} onFocus={(event) => event.currentTarget.select()} aria-describedby="feed-url-hint" />
      </div>
      <button type="button" className="button button-secondary" onClick={copy}>
        {t("event.copy")}
      </button>
      <p className="hint" id="feed-url-hint">
        {t("event.feed_hint")}
      </p>
      <p role="status" className="hint">
        {copied === "yes" ? t("event.copied") : copied === "no" ? t("event.copy_failed") : ""}
      </p>
    </div>
  );
}

export default function MyEventsPage() {
  const { upcoming, past, feedUrl } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <nav aria-label={t("forum.breadcrumb")} className="breadcrumb">
        <Link to="/events">{t("event.title")}</Link>
      </nav>
      <h1>{t("event.mine_title")}</h1>
      <section className="event-box" aria-labelledby="feed-title">
        <h2 id="feed-title">{t("event.feed_title")}</h2>
        <FeedAddress url={feedUrl} />
      </section>
      <section aria-labelledby="upcoming-title">
        <h2 id="upcoming-title">{t("event.view_upcoming")}</h2>
        <EventList events={upcoming} empty={t("event.mine_none_upcoming")} headingLevel={3} />
      </section>
      <section aria-labelledby="past-title">
        <h2 id="past-title">{t("event.view_past")}</h2>
        <EventList events={past} empty={t("event.mine_none_past")} headingLevel={3} />
      </section>
      <p className="actions">
        <Link to="/events">{t("event.list_link")}</Link> · <Link to="/events/calendar">{t("event.calendar_link")}</Link>
      </p>
    </div>
  );
}
