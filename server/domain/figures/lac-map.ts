// The outline of Latin America and the Caribbean, projected once on the server from the world atlas that
// ships in node_modules (world-atlas, Natural Earth 1:110m): no tile server and no network. Territories too
// small for that scale are drawn as dots at a hand-kept position.
import { createRequire } from "node:module";
import { geoAzimuthalEqualArea, geoPath } from "d3-geo";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { latinAmericaAndCaribbean } from "../../../shared/profile";

/** ISO 3166-1 alpha-2 to the numeric codes the atlas uses as ids. */
export const isoNumericByAlpha2: Record<(typeof latinAmericaAndCaribbean)[number], string> = {
  AR: "032", BO: "068", BR: "076", CL: "152", CO: "170", CR: "188", CU: "192", DO: "214", EC: "218", SV: "222",
  GT: "320", HN: "340", MX: "484", NI: "558", PA: "591", PY: "600", PE: "604", UY: "858", VE: "862", AG: "028",
  BS: "044", BB: "052", BZ: "084", DM: "212", GD: "308", GY: "328", HT: "332", JM: "388", KN: "659", LC: "662",
  VC: "670", SR: "740", TT: "780", PR: "630", AI: "660", AW: "533", BQ: "535", VG: "092", KY: "136", CW: "531",
  GF: "254", GP: "312", MQ: "474", MS: "500", BL: "652", MF: "663", SX: "534", TC: "796", VI: "850", FK: "238",
};

/** Longitude and latitude of places the 1:110m atlas leaves out (small islands, and French Guiana, drawn there as part of France). */
const markerPositions: Partial<Record<string, [number, number]>> = {
  AG: [-61.8, 17.07], BB: [-59.54, 13.19], DM: [-61.37, 15.41], GD: [-61.68, 12.12], KN: [-62.73, 17.3],
  LC: [-60.98, 13.91], VC: [-61.2, 13.25], AI: [-63.07, 18.22], AW: [-69.97, 12.52], BQ: [-68.26, 12.18],
  VG: [-64.64, 18.42], KY: [-81.25, 19.31], CW: [-68.99, 12.17], GF: [-53.13, 3.93], GP: [-61.58, 16.25],
  MQ: [-61.02, 14.64], MS: [-62.19, 16.74], BL: [-62.83, 17.9], MF: [-63.05, 18.07], SX: [-63.07, 18.04],
  TC: [-71.8, 21.69], VI: [-64.9, 18.34],
};

export const MAP_WIDTH = 600;
export const MAP_HEIGHT = 680;

export interface MapShape {
  code: string;
  /** The SVG path of the country's outline, or null for a territory drawn as a dot. */
  path: string | null;
  /** Where its dot goes (small territories), in the map's coordinates. */
  dot: [number, number] | null;
}

let shapes: MapShape[] | undefined;

/** The region's shapes in a MAP_WIDTH x MAP_HEIGHT box, computed on first use and kept. */
export function lacShapes(): MapShape[] {
  if (shapes) return shapes;
  const atlas = createRequire(import.meta.url)("world-atlas/countries-110m.json") as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const world = feature(atlas, atlas.objects.countries);
  const byId = new Map(world.features.map((country) => [String(country.id), country]));
  const outlined = latinAmericaAndCaribbean
    .map((code) => ({ code, country: byId.get(isoNumericByAlpha2[code]) }))
    .filter((entry) => entry.country !== undefined && markerPositions[entry.code] === undefined);
  const markers = latinAmericaAndCaribbean.filter((code) => markerPositions[code] !== undefined || !byId.has(isoNumericByAlpha2[code]));

  const fitTo: GeoJSON.FeatureCollection = {
    type: "FeatureCollection",
    features: [
      ...outlined.map((entry) => entry.country!),
      ...markers
        .filter((code) => markerPositions[code])
        .map((code) => ({ type: "Feature" as const, properties: {}, geometry: { type: "Point" as const, coordinates: markerPositions[code]! } })),
    ],
  };
  const projection = geoAzimuthalEqualArea().rotate([76, 12]).fitExtent(
    [
      [10, 10],
      [MAP_WIDTH - 10, MAP_HEIGHT - 10],
    ],
    fitTo,
  );
  const path = geoPath(projection).digits(1);
  shapes = [
    ...outlined.map((entry) => ({ code: entry.code, path: path(entry.country!) ?? null, dot: null })),
    ...markers.flatMap((code) => {
      const position = markerPositions[code];
      const point = position ? projection(position) : null;
      return point ? [{ code, path: null, dot: [Math.round(point[0] * 10) / 10, Math.round(point[1] * 10) / 10] as [number, number] }] : [];
    }),
  ];
  return shapes;
}
