/** Small GeoJSON fixtures shared by the boundary tests: in-memory files, squares, the BNG crs member. */
import type { BoundaryFile } from '../../src/io/boundaries.ts';

export const enc = new TextEncoder();
export const json = (name: string, doc: unknown): BoundaryFile => ({ name, bytes: enc.encode(JSON.stringify(doc)) });
/** Closed square, counter-clockwise (GeoJSON outer ring). */
export const sq = (x: number, y: number, s: number): number[][] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];
export const BNG_CRS = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } };

/** A FeatureCollection of features with the geometries given (boundaries.*.test.ts). */
export function fc(
  features: { props: Record<string, unknown>; geometry: unknown; id?: string }[],
  extra: Record<string, unknown> = {},
) {
  return {
    type: 'FeatureCollection',
    ...extra,
    features: features.map((f) => ({ type: 'Feature', id: f.id, properties: f.props, geometry: f.geometry })),
  };
}
