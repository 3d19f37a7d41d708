/**
 * Fixtures for the several-files tests (boundaries.merge*.test.ts): squares in BNG or WGS84,
 * FeatureCollections of rings, one-ward-per-square BNG files and ward properties.
 */
import { unprojectPointBng } from '../../src/core/bng.ts';
import type { BoundaryFile } from '../../src/io/boundaries.ts';
import { BNG_CRS, json, sq } from './boundaryFixtures.ts';

export { BNG_CRS, enc, json, sq } from './boundaryFixtures.ts';

/** Closed square, clockwise (shapefile outer ring). */
export const cw = (x: number, y: number, s: number): number[][] => [
  [x, y],
  [x, y + s],
  [x + s, y + s],
  [x + s, y],
  [x, y],
];
/** BNG ring → WGS84 lon/lat, rounded to `digits` decimals of a degree (as GeoJSON exports are). */
export const wgs = (ring: number[][], digits = 15): number[][] =>
  ring.map(([x, y]) => unprojectPointBng(x, y).map((v) => Math.round(v * 10 ** digits) / 10 ** digits));

/** A FeatureCollection of polygons given as rings. */
export function fc(
  features: { props: Record<string, unknown>; rings: number[][][] }[],
  extra: Record<string, unknown> = {},
) {
  return {
    type: 'FeatureCollection',
    ...extra,
    features: features.map((f) => ({
      type: 'Feature',
      properties: f.props,
      geometry: { type: 'Polygon', coordinates: f.rings },
    })),
  };
}

/** A BNG GeoJSON file of 1 km squares in a row from x0, one ward each. */
export function bngFile(name: string, x0: number, props: Record<string, unknown>[]): BoundaryFile {
  return json(
    name,
    fc(
      props.map((p, i) => ({ props: p, rings: [sq(x0 + 1000 * i, 180000, 1000)] })),
      { crs: BNG_CRS },
    ),
  );
}

export const ward = (i: number, extra: Record<string, unknown> = {}) => ({
  WD22CD: `E0500${String(i).padStart(4, '0')}`,
  WD22NM: `Ward ${i}`,
  ...extra,
});
