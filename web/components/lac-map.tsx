// A choropleth of Latin America and the Caribbean, drawn from shapes the server projected from the
// shipped world atlas (no tiles, no network). The darker the country, the higher its count; the
// legend and the table beside it say the same in words and numbers.

export interface MapCountry {
  code: string;
  name: string;
  path: string | null;
  dot: [number, number] | null;
}

export const mapPalette = ["#d9efe6", "#a6d8c2", "#66b596", "#2e8a69", "#0b5d4b"];
const EMPTY = "#eef0ef";

export interface MapClass {
  from: number;
  to: number;
  colour: string;
}

/** Up to five classes of equal width from 1 to the highest count (fewer when the counts are small). */
export function mapClasses(max: number): MapClass[] {
  if (max <= 0) return [];
  const step = Math.max(1, Math.ceil(max / mapPalette.length));
  const classes: MapClass[] = [];
  for (let from = 1, index = 0; from <= max && index < mapPalette.length; from += step, index++) {
    classes.push({ from, to: Math.min(max, from + step - 1), colour: "" });
  }
  // Spread the palette so that the top class is always the darkest.
  return classes.map((entry, index) => ({ ...entry, colour: mapPalette[mapPalette.length - classes.length + index] }));
}

export function colourFor(value: number, classes: MapClass[]): string {
  if (value <= 0) return EMPTY;
  return classes.find((entry) => value >= entry.from && value <= entry.to)?.colour ?? mapPalette[mapPalette.length - 1];
}

export function LacMap({
  id,
  title,
  description,
  width,
  height,
  countries,
  value,
  classes,
}: {
  id: string;
  title: string;
  description: string;
  width: number;
  height: number;
  countries: MapCountry[];
  value(code: string): number;
  classes: MapClass[];
}) {
  const outlined = countries.filter((country) => country.path);
  const dotted = countries.filter((country) => country.dot);
  return (
    <svg className="lac-map" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <rect width={width} height={height} fill="#f2f6f8" />
      {outlined.map((country) => (
        <path key={country.code} d={country.path!} fill={colourFor(value(country.code), classes)} stroke="#5f6b67" strokeWidth="0.6" strokeLinejoin="round">
          <title>{`${country.name}: ${value(country.code)}`}</title>
        </path>
      ))}
      {dotted.map((country) => (
        <circle key={country.code} cx={country.dot![0]} cy={country.dot![1]} r="4" fill={colourFor(value(country.code), classes)} stroke="#3a4441" strokeWidth="0.8">
          <title>{`${country.name}: ${value(country.code)}`}</title>
        </circle>
      ))}
    </svg>
  );
}

export function MapLegend({ label, noneLabel, classes }: { label: string; noneLabel: string; classes: MapClass[] }) {
  return (
    <div className="map-legend">
      <p className="map-legend-title">{label}</p>
      <ul>
        <li>
          <span className="map-swatch" style={{ background: EMPTY }} aria-hidden="true" />
          {noneLabel}
        </li>
        {classes.map((entry) => (
          <li key={entry.from}>
            <span className="map-swatch" style={{ background: entry.colour }} aria-hidden="true" />
            {entry.from === entry.to ? entry.from : `${entry.from}–${entry.to}`}
          </li>
        ))}
      </ul>
    </div>
  );
}
