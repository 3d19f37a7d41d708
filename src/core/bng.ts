/**
 * WGS84 lon/lat ⇄ British National Grid (EPSG:27700) easting/northing in metres.
 *
 * The transformation is proj4's with the OSGB36 7-parameter Helmert shift (EPSG:1314,
 * accurate to a few metres, ample for police.uk points that are snapped to anonymous map
 * points anyway); BNG_PROJ4 below is its definition. Without `+towgs84` proj4 silently skips
 * the datum shift and is ~100 m off. proj4 itself is only the tests' reference
 * (test/helpers/proj4Reference.ts, a dev dependency): nothing here imports it, so it is not
 * shipped in the page or the worker.
 *
 * Column functions deduplicate exact coordinate pairs first (uniquePoints.ts) and project
 * each distinct pair once: police.uk data repeat the same map points many times.
 * NaN in either coordinate gives NaN out.
 *
 * WGS84 → BNG (the hot direction: every crime) is computed directly, not through proj4:
 * geodetic → geocentric on WGS84, the same 7-parameter shift as proj4 applies for
 * +towgs84 (its inverse, as proj4 inverts it), geocentric → geodetic on Airy 1830
 * (fixed-point iteration), then the OS transverse Mercator series ("A guide to coordinate
 * systems in Great Britain", annex C). Agrees with proj4 to well under 1 mm over London
 * (test/geo/bng.test.ts keeps proj4 as the reference); ~15× faster per point. BNG → WGS84
 * (every hotspot outline vertex) is the same chain inverted: the OS inverse series (C.2),
 * Airy geocentric, the 7-parameter shift forward, WGS84 geodetic; also checked against proj4.
 */
import type { CrimeTable } from './types.ts';
import { uniquePoints } from './uniquePoints.ts';

export const BNG_PROJ4 =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
  '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';

const D2R = Math.PI / 180;
const SEC = Math.PI / (180 * 3600);
const WGS_A = 6378137;
const WGS_ES = 0.0066943799901413165; // 2f − f², f = 1/298.257223563
const AIRY_A = 6377563.396;
const AIRY_B = 6356256.909;
const AIRY_ES = (AIRY_A * AIRY_A - AIRY_B * AIRY_B) / (AIRY_A * AIRY_A);
// +towgs84 (OSGB36 → WGS84, position vector); applied inverted, exactly as proj4 does.
const TX = 446.448,
  TY = -125.157,
  TZ = 542.06;
const RX = 0.15 * SEC,
  RY = 0.247 * SEC,
  RZ = 0.842 * SEC;
const M = 1 + -20.489 / 1e6;
// National Grid transverse Mercator.
const F0 = 0.9996012717;
const PHI0 = 49 * D2R;
const LAM0 = -2 * D2R;
const E0 = 400000;
const N0 = -100000;
const TM_N = (AIRY_A - AIRY_B) / (AIRY_A + AIRY_B);
const TM_N2 = TM_N * TM_N;
const TM_N3 = TM_N2 * TM_N;
const MA = 1 + TM_N + 1.25 * TM_N2 + 1.25 * TM_N3;
const MB = 3 * TM_N + 3 * TM_N2 + (21 / 8) * TM_N3;
const MC = (15 / 8) * TM_N2 + (15 / 8) * TM_N3;
const MD = (35 / 24) * TM_N3;

/**
 * WGS84 degrees → BNG metres, written to outX[k], outY[k] (no allocation). Inputs must be
 * finite.
 */
function forwardInto(lon: number, lat: number, outX: Float64Array, outY: Float64Array, k: number): void {
  // WGS84 geodetic (h = 0) → geocentric.
  let phi = lat * D2R;
  const lam = lon * D2R;
  let sp = Math.sin(phi);
  let cp = Math.cos(phi);
  let nu = WGS_A / Math.sqrt(1 - WGS_ES * sp * sp);
  const X = nu * cp * Math.cos(lam);
  const Y = nu * cp * Math.sin(lam);
  const Z = nu * (1 - WGS_ES) * sp;
  // Inverse 7-parameter shift (proj4 geocentricFromWgs84).
  const xt = (X - TX) / M;
  const yt = (Y - TY) / M;
  const zt = (Z - TZ) / M;
  const x2 = xt + RZ * yt - RY * zt;
  const y2 = -RZ * xt + yt + RX * zt;
  const z2 = RY * xt - RX * yt + zt;
  // Geocentric → geodetic on Airy.
  const p = Math.sqrt(x2 * x2 + y2 * y2);
  const lambda = Math.atan2(y2, x2);
  phi = Math.atan2(z2, p * (1 - AIRY_ES));
  for (let it = 0; it < 4; it++) {
    sp = Math.sin(phi);
    nu = AIRY_A / Math.sqrt(1 - AIRY_ES * sp * sp);
    phi = Math.atan2(z2 + AIRY_ES * nu * sp, p);
  }
  // Transverse Mercator (OS guide C.1).
  sp = Math.sin(phi);
  cp = Math.cos(phi);
  const s2 = sp * sp;
  const tn = sp / cp;
  const t2 = tn * tn;
  const t4 = t2 * t2;
  const w = 1 - AIRY_ES * s2;
  nu = (AIRY_A * F0) / Math.sqrt(w);
  const rho = (AIRY_A * F0 * (1 - AIRY_ES)) / (w * Math.sqrt(w));
  const eta2 = nu / rho - 1;
  const dp = phi - PHI0;
  const sm = phi + PHI0;
  const Mm =
    AIRY_B *
    F0 *
    (MA * dp -
      MB * Math.sin(dp) * Math.cos(sm) +
      MC * Math.sin(2 * dp) * Math.cos(2 * sm) -
      MD * Math.sin(3 * dp) * Math.cos(3 * sm));
  const c3 = cp * cp * cp;
  const c5 = c3 * cp * cp;
  const I = Mm + N0;
  const II = (nu / 2) * sp * cp;
  const III = (nu / 24) * sp * c3 * (5 - t2 + 9 * eta2);
  const IIIA = (nu / 720) * sp * c5 * (61 - 58 * t2 + t4);
  const IV = nu * cp;
  const V = (nu / 6) * c3 * (nu / rho - t2);
  const VI = (nu / 120) * c5 * (5 - 18 * t2 + t4 + 14 * eta2 - 58 * t2 * eta2);
  const L = lambda - LAM0;
  const L2 = L * L;
  outY[k] = I + L2 * (II + L2 * (III + L2 * IIIA));
  outX[k] = E0 + L * (IV + L2 * (V + L2 * VI));
}

const pointX = new Float64Array(1);
const pointY = new Float64Array(1);

/** One WGS84 point to BNG [x, y] metres. */
export function projectPointLonLat(lon: number, lat: number): [number, number] {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return [NaN, NaN];
  forwardInto(lon, lat, pointX, pointY, 0);
  return [pointX[0], pointY[0]];
}

/**
 * BNG metres → WGS84 degrees, written to outLon[k], outLat[k]: the inverse of forwardInto,
 * step by step. Inputs must be finite.
 */
function inverseInto(x: number, y: number, outLon: Float64Array, outLat: Float64Array, k: number): void {
  // Inverse transverse Mercator (OS guide C.2): latitude from the meridional arc, then the series.
  const aF0 = AIRY_A * F0;
  const bF0 = AIRY_B * F0;
  let phi = (y - N0) / aF0 + PHI0;
  for (let it = 0; it < 20; it++) {
    const dp = phi - PHI0;
    const sm = phi + PHI0;
    const Mm =
      bF0 *
      (MA * dp -
        MB * Math.sin(dp) * Math.cos(sm) +
        MC * Math.sin(2 * dp) * Math.cos(2 * sm) -
        MD * Math.sin(3 * dp) * Math.cos(3 * sm));
    const r = y - N0 - Mm;
    if (Math.abs(r) < 1e-6) break; // 0.001 mm
    phi += r / aF0;
  }
  let sp = Math.sin(phi);
  let cp = Math.cos(phi);
  const w = 1 - AIRY_ES * sp * sp;
  let nu = aF0 / Math.sqrt(w);
  const rho = (aF0 * (1 - AIRY_ES)) / (w * Math.sqrt(w));
  const eta2 = nu / rho - 1;
  const tn = sp / cp;
  const t2 = tn * tn;
  const t4 = t2 * t2;
  const t6 = t4 * t2;
  const sec = 1 / cp;
  const nu3 = nu * nu * nu;
  const nu5 = nu3 * nu * nu;
  const nu7 = nu5 * nu * nu;
  const VII = tn / (2 * rho * nu);
  const VIII = (tn / (24 * rho * nu3)) * (5 + 3 * t2 + eta2 - 9 * t2 * eta2);
  const IX = (tn / (720 * rho * nu5)) * (61 + 90 * t2 + 45 * t4);
  const X = sec / nu;
  const XI = (sec / (6 * nu3)) * (nu / rho + 2 * t2);
  const XII = (sec / (120 * nu5)) * (5 + 28 * t2 + 24 * t4);
  const XIIA = (sec / (5040 * nu7)) * (61 + 662 * t2 + 1320 * t4 + 720 * t6);
  const dE = x - E0;
  const d2 = dE * dE;
  phi = phi - d2 * (VII - d2 * (VIII - d2 * IX));
  const lam = LAM0 + dE * (X - d2 * (XI - d2 * (XII - d2 * XIIA)));
  // Airy geodetic (h = 0) → geocentric.
  sp = Math.sin(phi);
  cp = Math.cos(phi);
  nu = AIRY_A / Math.sqrt(1 - AIRY_ES * sp * sp);
  const X1 = nu * cp * Math.cos(lam);
  const Y1 = nu * cp * Math.sin(lam);
  const Z1 = nu * (1 - AIRY_ES) * sp;
  // The 7-parameter shift OSGB36 → WGS84 (proj4 geocentricToWgs84, position vector).
  const x2 = M * (X1 - RZ * Y1 + RY * Z1) + TX;
  const y2 = M * (RZ * X1 + Y1 - RX * Z1) + TY;
  const z2 = M * (-RY * X1 + RX * Y1 + Z1) + TZ;
  // Geocentric → geodetic on WGS84.
  const p = Math.sqrt(x2 * x2 + y2 * y2);
  let lat = Math.atan2(z2, p * (1 - WGS_ES));
  for (let it = 0; it < 4; it++) {
    const s = Math.sin(lat);
    const n = WGS_A / Math.sqrt(1 - WGS_ES * s * s);
    lat = Math.atan2(z2 + WGS_ES * n * s, p);
  }
  outLon[k] = Math.atan2(y2, x2) / D2R;
  outLat[k] = lat / D2R;
}

/** One BNG point to WGS84 [lon, lat] degrees (direct; agrees with proj4 to well under 1 mm over Great Britain's south). */
export function unprojectPointBng(x: number, y: number): [number, number] {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return [NaN, NaN];
  inverseInto(x, y, pointX, pointY, 0);
  return [pointX[0], pointY[0]];
}

/**
 * BNG → WGS84 for many points in one box (every vertex of every hotspot outline): exact values
 * (unprojectPointBng) at the nodes of a `spacing` metre lattice over the box, each computed
 * the first time a point needs it, and bilinear in between. The mapping is smooth: on the
 * default 250 m lattice the interpolated point is within 2 mm of the exact one over London
 * (test/geo/bngDirect.test.ts), against a 50 m density grid and police.uk's anonymised map
 * points, for one look-up instead of some 25 trigonometric calls per point. Points outside the
 * box are computed exactly.
 */
/** Largest lattice bngUnprojector makes (nodes); beyond it every point is computed exactly. */
export const UNPROJECTOR_MAX_NODES = 4_000_000;

export function bngUnprojector(
  minX: number,
  minY: number,
  maxX: number,
  maxY: number,
  spacing = 250,
): (x: number, y: number) => [number, number] {
  if (!(minX <= maxX && minY <= maxY) || !Number.isFinite(minX + minY + maxX + maxY)) return unprojectPointBng;
  const x0 = Math.floor(minX / spacing) * spacing;
  const y0 = Math.floor(minY / spacing) * spacing;
  const nx = Math.ceil((maxX - x0) / spacing) + 2;
  const ny = Math.ceil((maxY - y0) / spacing) + 2;
  // A box beyond ~4M nodes (a national extent: 64 MB of lattice) is not worth a lattice.
  if (nx * ny > UNPROJECTOR_MAX_NODES) return unprojectPointBng;
  const lon = new Float64Array(nx * ny).fill(NaN);
  const lat = new Float64Array(nx * ny);
  const node = (k: number): void => {
    if (Number.isNaN(lon[k])) inverseInto(x0 + (k % nx) * spacing, y0 + Math.floor(k / nx) * spacing, lon, lat, k);
  };
  const inv = 1 / spacing;
  return (x: number, y: number): [number, number] => {
    const fx = (x - x0) * inv;
    const fy = (y - y0) * inv;
    const i = Math.floor(fx);
    const j = Math.floor(fy);
    if (!(i >= 0 && i < nx - 1 && j >= 0 && j < ny - 1)) return unprojectPointBng(x, y);
    const u = fx - i;
    const v = fy - j;
    const k = j * nx + i;
    node(k);
    node(k + 1);
    node(k + nx);
    node(k + nx + 1);
    const w00 = (1 - u) * (1 - v);
    const w10 = u * (1 - v);
    const w01 = (1 - u) * v;
    const w11 = u * v;
    return [
      w00 * lon[k] + w10 * lon[k + 1] + w01 * lon[k + nx] + w11 * lon[k + nx + 1],
      w00 * lat[k] + w10 * lat[k + 1] + w01 * lat[k + nx] + w11 * lat[k + nx + 1],
    ];
  };
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
export function lonLatToBng(
  lon: Float64Array,
  lat: Float64Array,
  outX: Float64Array,
  outY: Float64Array,
  which?: Uint32Array,
): void {
  const n = lon.length;
  if (lat.length !== n || outX.length < n || outY.length < n) throw new RangeError('bng: column lengths differ');
  const u = uniquePoints(lon, lat, which);
  const rx = new Float64Array(u.count);
  const ry = new Float64Array(u.count);
  for (let k = 0; k < u.count; k++) forwardInto(u.ux[k], u.uy[k], rx, ry, k);
  const idx = u.index;
  if (which) {
    for (let j = 0; j < which.length; j++) {
      const i = which[j];
      const k = idx[i];
      outX[i] = k < 0 ? NaN : rx[k];
      outY[i] = k < 0 ? NaN : ry[k];
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const k = idx[i];
    outX[i] = k < 0 ? NaN : rx[k];
    outY[i] = k < 0 ? NaN : ry[k];
  }
}

/** BNG x/y columns → WGS84 lon/lat columns. */
export function bngToLonLat(x: Float64Array, y: Float64Array, outLon: Float64Array, outLat: Float64Array): void {
  mapColumns(x, y, outLon, outLat, (p) => unprojectPointBng(p[0], p[1]));
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
  const n = table.length;
  let nxy = 0;
  const needXY = new Uint32Array(n);
  const needLL: number[] = [];
  for (let i = 0; i < n; i++) {
    const hasLL = Number.isFinite(lon[i]) && Number.isFinite(lat[i]);
    const hasXY = Number.isFinite(x[i]) && Number.isFinite(y[i]);
    if (hasLL && !hasXY) needXY[nxy++] = i;
    else if (hasXY && !hasLL) needLL.push(i);
  }
  // Projected in place: rows listed get x/y, other rows are not touched.
  if (nxy) lonLatToBng(lon, lat, x, y, needXY.subarray(0, nxy));
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
