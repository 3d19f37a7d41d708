/** Tiny WardSet builder for hand-made fixtures: each ward is a list of rings of [x, y] vertices (BNG metres). */
import type { WardSet } from '../../src/core/types.ts';

export function makeWardSet(wards: number[][][][], codes?: string[]): WardSet {
  const coords: number[] = [];
  const ringOffsets = [0];
  const wardRings = [0];
  const bbox: number[] = [];
  for (const rings of wards) {
    let x0 = Infinity,
      y0 = Infinity,
      x1 = -Infinity,
      y1 = -Infinity;
    for (const ring of rings) {
      for (const [x, y] of ring) {
        coords.push(x, y);
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
      ringOffsets.push(coords.length / 2);
    }
    wardRings.push(ringOffsets.length - 1);
    bbox.push(x0, y0, x1, y1);
  }
  const n = wards.length;
  const c = codes ?? wards.map((_, i) => `W${i}`);
  return {
    count: n,
    codes: c,
    names: c,
    coords: Float64Array.from(coords),
    ringOffsets: Uint32Array.from(ringOffsets),
    wardRings: Uint32Array.from(wardRings),
    bbox: Float64Array.from(bbox),
    area: new Float64Array(n),
    meta: {
      file: 'fixture',
      codeField: 'code',
      nameField: 'name',
      crs: 'EPSG:27700',
      crsEvidence: 'fixture',
      vintage: null,
      borough: null,
      boroughs: 0,
      authorities: [],
      authorityField: null,
    },
    geojson: { type: 'FeatureCollection', features: [] },
  };
}

export const square = (x: number, y: number, s: number): number[][] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
];
