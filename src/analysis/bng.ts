/**
 * WGS84 lon/lat ⇄ British National Grid (EPSG:27700) easting/northing in metres.
 *
 * Uses proj4 with the OSGB36 7-parameter Helmert shift (EPSG:1314, accurate to a few metres,
 * ample for police.uk points that are snapped to anonymous map points anyway). Without
 * `+towgs84` proj4 silently skips the datum shift and is ~100 m off.
 *
 * Column functions deduplicate exact coordinate pairs first (uniquePoints.ts) and project
 * each distinct pair once: police.uk data repeat the same map points many times.
 * NaN in either coordinate gives NaN out.
 */
import proj4 from 'proj4';
import type { CrimeTable } from './types.ts';
import { uniquePoints } from './uniquePoints.ts';

export const BNG_PROJ4 =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
  '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';

type Converter = { forward(p: number[]): number[]; inverse(p: number[]): number[] };
let converter: Converter | null = null;

function bng(): Converter {
  if (!converter) converter = proj4('EPSG:4326', BNG_PROJ4) as unknown as Converter;
  return converter;
}

/** One WGS84 point to BNG [x, y] metres. */
export function projectPointLonLat(lon: number, lat: number): [number, number] {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return [NaN, NaN];
  const p = bng().forward([lon, lat]);
  return [p[0], p[1]];
}

/** One BNG point to WGS84 [lon, lat] degrees. */
export function unprojectPointBng(x: number, y: number): [number, number] {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return [NaN, NaN];
  const p = bng().inverse([x, y]);
  return [p[0], p[1]];
}

function mapColumns(
  a: Float64Array,
  b: Float64Array,
  outA: Float64Array,
  outB: Float64Array,
  f: (p: number[]) => number[],
): void {
  const n = a.length;
  if (b.length !== n || outA.length < n || outB.length < n) throw new RangeError('bng: column lengths differ');
  const u = uniquePoints(a, b);
  const ra = new Float64Array(u.count);
  const rb = new Float64Array(u.count);
  const p = [0, 0];
  for (let k = 0; k < u.count; k++) {
    p[0] = u.ux[k];
    p[1] = u.uy[k];
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      ra[k] = rb[k] = NaN;
      continue;
    }
    const q = f(p);
    ra[k] = q[0];
    rb[k] = q[1];
  }
  const idx = u.index;
  for (let i = 0; i < n; i++) {
    const k = idx[i];
    if (k < 0) {
      outA[i] = NaN;
      outB[i] = NaN;
    } else {
      outA[i] = ra[k];
      outB[i] = rb[k];
    }
  }
}

/** WGS84 lon/lat columns → BNG x/y columns (may alias nothing; out arrays at least as long). */
export function lonLatToBng(lon: Float64Array, lat: Float64Array, outX: Float64Array, outY: Float64Array): void {
  const c = bng();
  mapColumns(lon, lat, outX, outY, (p) => c.forward(p));
}

/** BNG x/y columns → WGS84 lon/lat columns. */
export function bngToLonLat(x: Float64Array, y: Float64Array, outLon: Float64Array, outLat: Float64Array): void {
  const c = bng();
  mapColumns(x, y, outLon, outLat, (p) => c.inverse(p));
}

function gather(idx: number[], a: Float64Array): Float64Array {
  const r = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) r[k] = a[idx[k]];
  return r;
}

/**
 * Complete a table's coordinates in place: x/y from lon/lat where x or y is NaN, and
 * lon/lat from x/y where lon or lat is NaN. Rows with neither stay NaN.
 */
export function fillProjection(table: CrimeTable): void {
  const { lon, lat, x, y } = table;
  const needXY: number[] = [];
  const needLL: number[] = [];
  for (let i = 0; i < table.length; i++) {
    const hasLL = Number.isFinite(lon[i]) && Number.isFinite(lat[i]);
    const hasXY = Number.isFinite(x[i]) && Number.isFinite(y[i]);
    if (hasLL && !hasXY) needXY.push(i);
    else if (hasXY && !hasLL) needLL.push(i);
  }
  if (needXY.length) {
    const ox = new Float64Array(needXY.length);
    const oy = new Float64Array(needXY.length);
    lonLatToBng(gather(needXY, lon), gather(needXY, lat), ox, oy);
    for (let k = 0; k < needXY.length; k++) {
      x[needXY[k]] = ox[k];
      y[needXY[k]] = oy[k];
    }
  }
  if (needLL.length) {
    const olon = new Float64Array(needLL.length);
    const olat = new Float64Array(needLL.length);
    bngToLonLat(gather(needLL, x), gather(needLL, y), olon, olat);
    for (let k = 0; k < needLL.length; k++) {
      lon[needLL[k]] = olon[k];
      lat[needLL[k]] = olat[k];
    }
  }
}
