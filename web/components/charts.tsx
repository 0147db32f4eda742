// Small SVG charts drawn on the server: horizontal bars (per topic or country) and lines (per month).
// Each is an image with a title and a description that states its highest value, and the page puts the
// same numbers in a table beside it, so nothing is only visible as a shape or a colour. Series differ
// in colour and also in pattern (solid or hatched bars, solid or dashed lines, round or square points).

export type Unit = "count" | "percent" | "hours";

export interface ChartSeries {
  key: string;
  label: string;
  unit: Unit;
}

export interface ChartRow {
  key: string;
  label: string;
  values: (number | null)[];
}

interface ChartProps {
  id: string;
  title: string;
  description: string;
  series: ChartSeries[];
  rows: ChartRow[];
  format(value: number | null, unit: Unit): string;
}

export const seriesColours = ["#0b5d4b", "#9a4a0b", "#3b4f9c"];
const WIDTH = 480;

/**
 * An axis for values up to `value`: four steps of a round size (1, 2 or 5 times a power of ten; whole
 * numbers for counts; quarters of 100 for shares), so every gridline has a plain label.
 */
export function axisFor(value: number, unit: Unit): { max: number; step: number } {
  if (unit === "percent") return { max: 100, step: 25 };
  const raw = Math.max(value, 0) / 4;
  const floor = unit === "count" ? 1 : 0.5;
  if (raw <= floor) return { max: floor * 4, step: floor };
  const exponent = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / exponent;
  const step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * exponent;
  return { max: step * 4, step };
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Which series is which: a bar swatch (solid or hatched) or a line sample (solid or dashed). The table says it in words too. */
function Legend({ series, kind }: { series: ChartSeries[]; kind: "bars" | "lines" }) {
  if (series.length < 2) return null;
  return (
    <ul className="chart-legend" aria-hidden="true">
      {series.map((entry, index) => (
        <li key={entry.key}>
          {kind === "bars" ? (
            <span className={`chart-swatch chart-swatch-${index}`} style={{ borderColor: seriesColours[index], background: index === 0 ? seriesColours[index] : undefined }} />
          ) : (
            <svg width="30" height="12" viewBox="0 0 30 12" focusable="false">
              <line x1="1" x2="29" y1="6" y2="6" stroke={seriesColours[index]} strokeWidth="2.5" strokeDasharray={index === 1 ? "7 4" : undefined} />
              {index === 1 ? <rect x="11.5" y="2.5" width="7" height="7" fill={seriesColours[index]} /> : <circle cx="15" cy="6" r="3.5" fill={seriesColours[index]} />}
            </svg>
          )}
          {entry.label}
        </li>
      ))}
    </ul>
  );
}

function Hatch({ id, colour }: { id: string; colour: string }) {
  return (
    <pattern id={id} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
      <rect width="6" height="6" fill="#ffffff" />
      <rect width="3" height="6" fill={colour} />
    </pattern>
  );
}

/** Horizontal bars, one group per row, one bar per series. */
export function BarChart({ id, title, description, series, rows, format }: ChartProps) {
  const labelWidth = 150;
  const valueWidth = 58;
  const barArea = WIDTH - labelWidth - valueWidth;
  const barHeight = series.length === 1 ? 22 : 17;
  const groupGap = 10;
  const groupHeight = series.length * barHeight + groupGap;
  const height = Math.max(rows.length, 1) * groupHeight + 8;
  const { max } = axisFor(Math.max(0, ...rows.flatMap((row) => row.values.map((value) => value ?? 0))), series[0]?.unit ?? "count");
  return (
    <>
      <Legend series={series} kind="bars" />
      <svg className="chart chart-bars" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <defs>{series.length > 1 ? <Hatch id={`${id}-hatch`} colour={seriesColours[1]} /> : null}</defs>
        <line x1={labelWidth} x2={labelWidth} y1={0} y2={height - 4} stroke="#4a5350" strokeWidth="1" />
        {rows.map((row, rowIndex) => {
          const top = rowIndex * groupHeight + 4;
          return (
            <g key={row.key || `none-${rowIndex}`}>
              <text x={labelWidth - 8} y={top + (series.length * barHeight) / 2 + 4} textAnchor="end" className="chart-label">
                {shorten(row.label, 20)}
              </text>
              {series.map((entry, index) => {
                const value = row.values[index];
                const width = value ? Math.max(1, (value / max) * barArea) : 0;
                const y = top + index * barHeight;
                return (
                  <g key={entry.key}>
                    <rect
                      x={labelWidth}
                      y={y + 1}
                      width={width}
                      height={barHeight - 3}
                      fill={index === 1 ? `url(#${id}-hatch)` : seriesColours[index % seriesColours.length]}
                      stroke={seriesColours[index % seriesColours.length]}
                      strokeWidth={index === 1 && width > 0 ? 1 : 0}
                    />
                    <text x={labelWidth + width + 5} y={y + barHeight / 2 + 3.5} className="chart-value">
                      {format(value, entry.unit)}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
    </>
  );
}

/** Lines over months (keys like 2025-03), with a point per month; a month without a value breaks the line. */
export function LineChart({ id, title, description, series, rows, format, monthLabel }: ChartProps & { monthLabel(key: string): string }) {
  const height = 250;
  const margin = { top: 14, right: 30, bottom: 40, left: 52 };
  const plotWidth = WIDTH - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const unit = series[0]?.unit ?? "count";
  const { max, step } = axisFor(Math.max(0, ...rows.flatMap((row) => row.values.map((value) => value ?? 0))), unit);
  const x = (index: number) => margin.left + (rows.length <= 1 ? plotWidth / 2 : (index / (rows.length - 1)) * plotWidth);
  const y = (value: number) => margin.top + plotHeight - (value / max) * plotHeight;
  const ticks = [0, 1, 2, 3, 4].map((index) => index * step);
  const labelEvery = Math.max(1, Math.ceil(rows.length / 6));
  return (
    <>
      <Legend series={series} kind="lines" />
      <svg className="chart chart-lines" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={margin.left} x2={WIDTH - margin.right} y1={y(tick)} y2={y(tick)} stroke={tick === 0 ? "#4a5350" : "#d5dcd9"} strokeWidth="1" />
            <text x={margin.left - 6} y={y(tick) + 4} textAnchor="end" className="chart-value">
              {format(tick, unit)}
            </text>
          </g>
        ))}
        {rows.map((row, index) =>
          // Every few months, counted back from the last one, so the newest month is always named.
          (rows.length - 1 - index) % labelEvery === 0 ? (
            <text key={row.key} x={x(index)} y={height - margin.bottom + 18} textAnchor="middle" className="chart-label">
              {monthLabel(row.key)}
            </text>
          ) : null,
        )}
        {series.map((entry, seriesIndex) => {
          const colour = seriesColours[seriesIndex % seriesColours.length];
          // Runs of months with a value, so a gap shows as a gap.
          const runs: [number, number][][] = [];
          let current: [number, number][] = [];
          rows.forEach((row, index) => {
            const value = row.values[seriesIndex];
            if (value === null || value === undefined) {
              if (current.length) runs.push(current);
              current = [];
            } else {
              current.push([x(index), y(value)]);
            }
          });
          if (current.length) runs.push(current);
          return (
            <g key={entry.key}>
              {runs.map((run, runIndex) => (
                <polyline
                  key={runIndex}
                  points={run.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(" ")}
                  fill="none"
                  stroke={colour}
                  strokeWidth="2.5"
                  strokeDasharray={seriesIndex === 1 ? "7 4" : undefined}
                  strokeLinejoin="round"
                />
              ))}
              {runs.flat().map(([px, py], pointIndex) =>
                seriesIndex === 1 ? (
                  <rect key={pointIndex} x={px - 3.5} y={py - 3.5} width="7" height="7" fill={colour} />
                ) : (
                  <circle key={pointIndex} cx={px} cy={py} r="3.5" fill={colour} />
                ),
              )}
            </g>
          );
        })}
      </svg>
    </>
  );
}
