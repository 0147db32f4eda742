import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { isAppError } from "../../shared/errors";
import type { Locale, Translate } from "../../shared/i18n/core";
import { BarChart, LineChart, type Unit } from "../components/charts";
import { FormMessage } from "../components/form";
import { LacMap, MapLegend, mapClasses } from "../components/lac-map";
import { runLoader, translatorFor } from "../lib/http.server";
import { useLocale, useT } from "../lib/i18n";
import figuresStyles from "../styles/figures.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: figuresStyles }];

// Site staff only: the service answers NOT_FOUND (a 404 page) to everyone else. The period, the breakdown
// and the map's layer live in the address, so a view can be shared, and everything works without JavaScript.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const t = translatorFor(context);
  try {
    const figures = await runLoader(request, () => context.services.figures.getFigures(context.ctx, params));
    return json({ title: t("figures.title"), ...figures, error: null as string | null });
  } catch (error) {
    // A bad date: say so, and show the default period.
    if (!isAppError(error) || error.code !== "VALIDATION") throw error;
    const figures = await runLoader(request, () => context.services.figures.getFigures(context.ctx, {}));
    const field = Object.values(error.fieldErrors ?? {})[0];
    return json({ title: t("figures.title"), ...figures, error: t(field ?? error.messageKey) });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · Enlace` }];

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function formatter(t: Translate, locale: Locale) {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return (value: number | null, unit: Unit) => {
    if (value === null || value === undefined) return t("figures.no_value");
    if (unit === "percent") return t("figures.value_percent", { value: number.format(value) });
    if (unit === "hours") return t("figures.value_hours", { value: number.format(value) });
    return number.format(value);
  };
}

function monthLabeller(locale: Locale, month: "short" | "long") {
  const format = new Intl.DateTimeFormat(locale, { month, year: month === "short" ? "2-digit" : "numeric", timeZone: "UTC" });
  return (key: string) => {
    const [year, monthIndex] = key.split("-").map(Number);
    return year && monthIndex ? format.format(new Date(Date.UTC(year, monthIndex - 1, 1))) : key;
  };
}

function query(data: Data, overrides: Record<string, string> = {}): string {
  return new URLSearchParams({ from: data.from, to: data.to, by: data.by, map: data.map, ...overrides }).toString();
}

function FigureCard({ data, figure }: { data: Data; figure: Data["figures"][number] }) {
  const t = useT();
  const locale = useLocale();
  const format = formatter(t, locale);
  const longMonth = monthLabeller(locale, "long");
  const shortMonth = monthLabeller(locale, "short");
  const id = `figure-${figure.name}`;
  const name = t(`figures.figure_${figure.name}`);
  const dimension = t(`figures.dimension_${data.by}`);
  const noneLabel = data.by === "topic" ? t("figures.no_topic") : t("figures.no_country");
  const rowLabel = (row: { key: string; label: string | null }) => (data.by === "month" ? longMonth(row.key) : row.label ?? noneLabel);
  const charted = figure.series.map((series, index) => ({ series, index })).filter((entry) => entry.series.chart);
  const series = charted.map(({ series: entry }) => ({ key: entry.key, unit: entry.unit as Unit, label: t(`figures.series_${entry.key}`) }));
  const rows = figure.rows.map((row) => ({ key: row.key, label: rowLabel(row), values: charted.map(({ index }) => row.values[index]) }));
  const first = charted[0];
  const top = first ? figure.rows.reduce<(typeof figure.rows)[number] | null>((best, row) => ((row.values[first.index] ?? -1) > ((best?.values[first.index] ?? -1) as number) ? row : best), null) : null;
  const hasData = top !== null && (top.values[first!.index] ?? 0) > 0;
  const chartKind = data.by === "month" ? t("figures.chart_lines") : t("figures.chart_bars");
  const seriesNames = series.map((entry) => entry.label.toLocaleLowerCase(locale)).join(", ");
  const description = hasData
    ? t("figures.chart_desc", { chart: chartKind, series: seriesNames, dimension: dimension.toLocaleLowerCase(locale), label: rowLabel(top!), value: format(top!.values[first!.index], first!.series.unit as Unit) })
    : t("figures.chart_desc_empty", { chart: chartKind, series: seriesNames, dimension: dimension.toLocaleLowerCase(locale) });
  const csvHref = `/admin/figures/${figure.name}.csv?${query(data)}`;
  return (
    <section className="figure-card" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{name}</h3>
      <figure className="chart-figure">
        {rows.length === 0 ? (
          <p className="empty">{t("figures.no_data")}</p>
        ) : data.by === "month" ? (
          <LineChart id={id} title={name} description={description} series={series} rows={rows} format={format} monthLabel={shortMonth} />
        ) : (
          <BarChart id={id} title={name} description={description} series={series} rows={rows} format={format} />
        )}
        <figcaption>{t(`figures.about_${figure.name}`)}</figcaption>
      </figure>
      <details className="figure-table">
        <summary>{t("figures.show_table")}</summary>
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">{name}</caption>
            <thead>
              <tr>
                <th scope="col">{dimension}</th>
                {figure.series.map((entry) => (
                  <th scope="col" key={entry.key}>
                    {t(`figures.series_${entry.key}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {figure.rows.map((row) => (
                <tr key={row.key || "none"}>
                  <th scope="row">{rowLabel(row)}</th>
                  {row.values.map((value, index) => (
                    <td key={figure.series[index].key} className="numeric">
                      {format(value, figure.series[index].unit as Unit)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <p>
        <a href={csvHref} download className="button button-small button-secondary" aria-label={t("figures.download_csv_label", { figure: name })}>
          {t("figures.download_csv")}
        </a>
      </p>
    </section>
  );
}

function MapSection({ data }: { data: Data }) {
  const t = useT();
  const locale = useLocale();
  const number = new Intl.NumberFormat(locale);
  const layer = data.map;
  const layerName = t(`figures.layer_${layer}`);
  const counts = new Map(data.lacMap.countries.map((country) => [country.code, country]));
  const value = (code: string) => counts.get(code)?.[layer] ?? 0;
  const max = Math.max(0, ...data.lacMap.countries.map((country) => country[layer]));
  const classes = mapClasses(max);
  const top = data.lacMap.countries.reduce<(typeof data.lacMap.countries)[number] | null>((best, country) => (country[layer] > (best?.[layer] ?? 0) ? country : best), null);
  const description = top ? t("figures.map_svg_desc", { label: top.name, value: number.format(top[layer]) }) : t("figures.map_svg_desc_empty");
  return (
    <section className="figure-map" id="map" aria-labelledby="map-heading">
      <h3 id="map-heading">{t("figures.map_title")}</h3>
      <p className="hint">{t("figures.map_lead")}</p>
      <nav aria-label={t("figures.map_show")} className="tabs map-layers">
        <ul>
          {(["members", "pairs", "questions"] as const).map((option) => (
            <li key={option}>
              <a href={`?${query(data, { map: option })}#map`} aria-current={option === layer ? "true" : undefined}>
                {t(`figures.layer_${option}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="map-layout">
        <figure className="chart-figure">
          <LacMap
            id="lac-map"
            title={t("figures.map_svg_title", { layer: layerName })}
            description={description}
            width={data.lacMap.width}
            height={data.lacMap.height}
            countries={data.lacMap.countries}
            value={value}
            classes={classes}
          />
          <figcaption>{t("figures.map_svg_title", { layer: layerName })}</figcaption>
        </figure>
        <div className="stack">
          <MapLegend label={`${t("figures.legend")}: ${layerName}`} noneLabel={t("figures.legend_none")} classes={classes} />
          <details className="figure-table">
            <summary>{t("figures.show_table")}</summary>
            <div className="table-scroll">
              <table className="table">
                <caption className="visually-hidden">{t("figures.map_table_caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("figures.dimension_country")}</th>
                    <th scope="col">{t("figures.layer_members")}</th>
                    <th scope="col">{t("figures.layer_pairs")}</th>
                    <th scope="col">{t("figures.layer_questions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.lacMap.countries.map((country) => (
                    <tr key={country.code}>
                      <th scope="row">{country.name}</th>
                      <td className="numeric">{number.format(country.members)}</td>
                      <td className="numeric">{number.format(country.pairs)}</td>
                      <td className="numeric">{number.format(country.questions)}</td>
                    </tr>
                  ))}
                  <tr>
                    <th scope="row">{t("figures.elsewhere")}</th>
                    <td className="numeric">{number.format(data.lacMap.elsewhere.members)}</td>
                    <td className="numeric">{number.format(data.lacMap.elsewhere.pairs)}</td>
                    <td className="numeric">{number.format(data.lacMap.elsewhere.questions)}</td>
                  </tr>
                </tbody>
              </table>
            </div>
          </details>
          <p>
            <a href={`/admin/figures/map.csv?${query(data)}`} download className="button button-small button-secondary" aria-label={t("figures.map_download_label")}>
              {t("figures.download_csv")}
            </a>
          </p>
        </div>
      </div>
    </section>
  );
}

export default function Figures() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const day = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
  return (
    <section className="stack-large figures-page">
      <div className="stack">
        <h2>{t("figures.title")}</h2>
        <p className="hint">{t("figures.lead")}</p>
        {data.error ? <FormMessage kind="error">{data.error}</FormMessage> : null}
        <Form method="get" className="filters figures-filters">
          <div className="field">
            <label htmlFor="figures-from">{t("figures.period_from")}</label>
            <input id="figures-from" type="date" name="from" defaultValue={data.from} />
          </div>
          <div className="field">
            <label htmlFor="figures-to">{t("figures.period_to")}</label>
            <input id="figures-to" type="date" name="to" defaultValue={data.to} />
          </div>
          <div className="field">
            <label htmlFor="figures-by">{t("figures.by_label")}</label>
            <select id="figures-by" name="by" defaultValue={data.by}>
              {(["month", "topic", "country"] as const).map((option) => (
                <option key={option} value={option}>
                  {t(`figures.dimension_${option}`)}
                </option>
              ))}
            </select>
          </div>
          <input type="hidden" name="map" value={data.map} />
          <button type="submit" className="button button-small">
            {t("figures.show")}
          </button>
        </Form>
        <p className="muted">
          {t("figures.period_summary", {
            from: day.format(new Date(`${data.from}T00:00:00Z`)),
            to: day.format(new Date(`${data.to}T00:00:00Z`)),
          })}
        </p>
      </div>
      <MapSection data={data} />
      <div className="figure-grid">
        {data.figures.map((figure) => (
          <FigureCard key={figure.name} data={data} figure={figure} />
        ))}
      </div>
    </section>
  );
}
