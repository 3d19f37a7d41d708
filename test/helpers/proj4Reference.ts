/**
 * proj4 as the reference implementation of WGS84 ⇄ British National Grid, for tests only
 * (src/core/bng.ts computes the same chain directly and is checked against this). proj4
 * is a dev dependency: it is not shipped in the page or the worker.
 */
import proj4 from 'proj4';
import { BNG_PROJ4 } from '../../src/core/bng.ts';

type Converter = { forward(p: number[]): number[]; inverse(p: number[]): number[] };
let converter: Converter | null = null;

function bng(): Converter {
  if (!converter) converter = proj4('EPSG:4326', BNG_PROJ4) as unknown as Converter;
  return converter;
}

/** One WGS84 point to BNG through proj4. */
export function projectPointLonLatProj4(lon: number, lat: number): [number, number] {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return [NaN, NaN];
  const p = bng().forward([lon, lat]);
  return [p[0], p[1]];
}

/** One BNG point to WGS84 through proj4. */
export function unprojectPointBngProj4(x: number, y: number): [number, number] {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return [NaN, NaN];
  const p = bng().inverse([x, y]);
  return [p[0], p[1]];
}
