import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { formatMonth } from "../../shared/event-time";
import { useT } from "../lib/i18n";
import { runLoader, translatorFor } from "../lib/http.server";
import eventStyles from "../styles/events.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const search = Object.fromEntries(new URL(request.url).searchParams);
  const calendar = await runLoader(request, async () => {
    try {
      return await context.services.events.calendar(context.ctx, search);
    } catch (error) {
      // A month that is not one (?month=2026-13) shows the current month rather than an error.
      if ((error as { code?: string }).code === "VALIDATION") return context.services.events.calendar(context.ctx, { ...search, month: undefined });
      throw error;
    }
  });
  // Month names are written on the server, so the page the browser hydrates reads the same.
  const locale = context.state.locale;
  const names = { current: formatMonth(calendar.month, locale), previous: formatMonth(calendar.previous, locale), next: formatMonth(calendar.next, locale) };
  return json({ title: translatorFor(context)("event.calendar_title"), calendar, names });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Enlace"} · Enlace` }];

export default function EventCalendarPage() {
  const { calendar, names } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const monthLink = (month: string) => {
    const next = new URLSearchParams(params);
    next.set("month", month);
    return `?${next.toString()}`;
  };
  const monthName = names.current;
  return (
    <div>
      <nav aria-label={t("forum.breadcrumb")} className="breadcrumb">
        <Link to="/events">{t("event.title")}</Link>
      </nav>
      <h1>{t("event.calendar_title")}</h1>
      <div className="calendar-nav">
        <p className="actions">
          <Link to={monthLink(calendar.previous)} className="button button-secondary button-small" rel="prev">
            <span aria-hidden="true">←</span> {t("event.previous_month")}
            <span className="visually-hidden">: {names.previous}</span>
          </Link>
          <Link to={monthLink(calendar.next)} className="button button-secondary button-small" rel="next">
            {t("event.next_month")}
            <span className="visually-hidden">: {names.next}</span> <span aria-hidden="true">→</span>
          </Link>
        </p>
        <p className="hint">{calendar.timeZone ? t("event.calendar_zone", { zone: calendar.timeZone }) : t("event.calendar_event_zones")}</p>
      </div>
      <p className="visually-hidden" role="status">
        {t("event.calendar_count", { count: calendar.count, month: monthName })}
      </p>
      <table className="calendar">
        <caption>{monthName}</caption>
        <thead>
          <tr>
            {calendar.weekdays.map((day) => (
              <th key={day.long} scope="col" abbr={day.long}>
                <span aria-hidden="true">{day.short}</span>
                <span className="visually-hidden">{day.long}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {calendar.weeks.map((week) => (
            <tr key={week[0]!.date}>
              {week.map((day) => (
                <td
                  key={day.date}
                  className={[day.inMonth ? "" : "outside", day.today ? "today" : "", day.events.length ? "" : "empty-day"].filter(Boolean).join(" ") || undefined}
                  aria-current={day.today ? "date" : undefined}
                >
                  <p className="day-number" aria-hidden="true">
                    {day.day}
                  </p>
                  <span className="cell-date-long">{day.label}</span>
                  {day.events.length ? (
                    <ul>
                      {day.events.map((event) => (
                        <li key={event.id} className={[event.myStatus ? "mine" : "", event.cancelled ? "cancelled" : ""].filter(Boolean).join(" ") || undefined}>
                          <Link to={`/events/${event.id}`}>
                            {event.time} {event.title}
                            {event.myStatus === "registered" ? <span className="visually-hidden"> ({t("event.status_registered")})</span> : null}
                            {event.myStatus === "waitlisted" ? <span className="visually-hidden"> ({t("event.status_waitlisted")})</span> : null}
                            {event.cancelled ? <span className="visually-hidden"> ({t("event.cancelled_badge")})</span> : null}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {calendar.count === 0 ? <p className="empty">{t("event.calendar_empty")}</p> : null}
      <p className="actions">
        <Link to="/events">{t("event.list_link")}</Link>
      </p>
    </div>
  );
}
