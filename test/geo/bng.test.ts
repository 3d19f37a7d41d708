import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import {
  BNG_PROJ4,
  bngToLonLat,
  fillProjection,
  lonLatToBng,
  projectPointLonLat,
  unprojectPointBng,
} from '../../src/core/bng.ts';
import { CrimeTableBuilder } from '../../src/io/tableBuilder.ts';

/**
 * Independent WGS84 → BNG from the formulas in Ordnance Survey, "A guide to coordinate
 * systems in Great Britain" (Annex B Helmert on Cartesian coordinates, Annex C transverse
 * Mercator), written separately from proj4. Helmert WGS84→OSGB36 uses the published
 * OSGB36→WGS84 parameters negated (the guide's usual approximation, good to ~1 cm).
 */
function osGuideWgs84ToBng(lonDeg: number, latDeg: number): [number, number] {
  const rad = Math.PI / 180;
  // WGS84 geodetic → Cartesian
  const a1 = 6378137,
    b1 = 6356752.314245;
  const e1 = (a1 * a1 - b1 * b1) / (a1 * a1);
  const phi = latDeg * rad,
    lam = lonDeg * rad;
  const nu1 = a1 / Math.sqrt(1 - e1 * Math.sin(phi) ** 2);
  const X = nu1 * Math.cos(phi) * Math.cos(lam);
  const Y = nu1 * Math.cos(phi) * Math.sin(lam);
  const Z = (1 - e1) * nu1 * Math.sin(phi);
  // Helmert WGS84 → OSGB36: negated OSGB36→WGS84 parameters (position vector convention)
  const tx = -446.448,
    ty = 125.157,
    tz = -542.06;
  const s = 20.489e-6;
  const sec = rad / 3600;
  const rx = -0.15 * sec,
    ry = -0.247 * sec,
    rz = -0.842 * sec;
  const X2 = tx + (1 + s) * X - rz * Y + ry * Z;
  const Y2 = ty + rz * X + (1 + s) * Y - rx * Z;
  const Z2 = tz - ry * X + rx * Y + (1 + s) * Z;
  // Cartesian → Airy 1830 geodetic (iterative)
  const a = 6377563.396,
    b = 6356256.909;
  const e2 = (a * a - b * b) / (a * a);
  const p = Math.hypot(X2, Y2);
  let la = Math.atan2(Z2, p * (1 - e2));
  for (let k = 0; k < 10; k++) {
    const nu = a / Math.sqrt(1 - e2 * Math.sin(la) ** 2);
    la = Math.atan2(Z2 + e2 * nu * Math.sin(la), p);
  }
  const lo = Math.atan2(Y2, X2);
  return osGuideTm(lo / rad, la / rad);
}

/** OS guide Annex C transverse Mercator on Airy 1830 (OSGB36 lon/lat in, E/N out). */
function osGuideTm(lonDeg: number, latDeg: number): [number, number] {
  const rad = Math.PI / 180;
  const a = 6377563.396,
    b = 6356256.909,
    F0 = 0.9996012717;
  const phi0 = 49 * rad,
    lam0 = -2 * rad,
    N0 = -100000,
    E0 = 400000;
  const e2 = 1 - (b * b) / (a * a);
  const n = (a - b) / (a + b);
  const phi = latDeg * rad,
    lam = lonDeg * rad;
  const sin = Math.sin(phi),
    cos = Math.cos(phi),
    tan = Math.tan(phi);
  const nu = (a * F0) / Math.sqrt(1 - e2 * sin * sin);
  const rho = (a * F0 * (1 - e2)) / (1 - e2 * sin * sin) ** 1.5;
  const eta2 = nu / rho - 1;
  const dp = phi - phi0,
    sp = phi + phi0;
  const M =
    b *
    F0 *
    ((1 + n + (5 / 4) * n ** 2 + (5 / 4) * n ** 3) * dp -
      (3 * n + 3 * n ** 2 + (21 / 8) * n ** 3) * Math.sin(dp) * Math.cos(sp) +
      ((15 / 8) * n ** 2 + (15 / 8) * n ** 3) * Math.sin(2 * dp) * Math.cos(2 * sp) -
      (35 / 24) * n ** 3 * Math.sin(3 * dp) * Math.cos(3 * sp));
  const I = M + N0;
  const II = (nu / 2) * sin * cos;
  const III = (nu / 24) * sin * cos ** 3 * (5 - tan ** 2 + 9 * eta2);
  const IIIA = (nu / 720) * sin * cos ** 5 * (61 - 58 * tan ** 2 + tan ** 4);
  const IV = nu * cos;
  const V = (nu / 6) * cos ** 3 * (nu / rho - tan ** 2);
  const VI = (nu / 120) * cos ** 5 * (5 - 18 * tan ** 2 + tan ** 4 + 14 * eta2 - 58 * tan ** 2 * eta2);
  const d = lam - lam0;
  const N = I + II * d ** 2 + III * d ** 4 + IIIA * d ** 6;
  const E = E0 + IV * d + V * d ** 3 + VI * d ** 5;
  return [E, N];
}

describe('British National Grid', () => {
  it('projection parameters reproduce the OS guide worked example (Annex C) to 1 mm', () => {
    // OS guide: φ = 52°39′27.2531″N, λ = 1°43′4.5177″E (OSGB36) → E 651409.903, N 313177.270
    const lat = 52 + 39 / 60 + 27.2531 / 3600;
    const lon = 1 + 43 / 60 + 4.5177 / 3600;
    const tmOnly = proj4('+proj=longlat +ellps=airy +no_defs', BNG_PROJ4.replace(/\+towgs84=\S+ /, ''), [lon, lat]);
    expect(tmOnly[0]).toBeCloseTo(651409.903, 3);
    expect(tmOnly[1]).toBeCloseTo(313177.27, 3);
    const mine = osGuideTm(lon, lat);
    expect(mine[0]).toBeCloseTo(651409.903, 3);
    expect(mine[1]).toBeCloseTo(313177.27, 3);
  });

  it('agrees with an independent Helmert + TM implementation across London to 1 cm', () => {
    let worst = 0;
    for (let i = 0; i <= 10; i++)
      for (let j = 0; j <= 10; j++) {
        const lon = -0.55 + 0.09 * i;
        const lat = 51.25 + 0.045 * j;
        const [x, y] = projectPointLonLat(lon, lat);
        const [ex, ey] = osGuideWgs84ToBng(lon, lat);
        worst = Math.max(worst, Math.hypot(x - ex, y - ey));
      }
    expect(worst).toBeLessThan(0.01);
  });

  it('the datum shift matters: without +towgs84 London points move 100–130 m', () => {
    const noShift = BNG_PROJ4.replace(/\+towgs84=\S+ /, '');
    const [x, y] = projectPointLonLat(-0.1, 51.5);
    const [x2, y2] = proj4('EPSG:4326', noShift, [-0.1, 51.5]);
    const d = Math.hypot(x - x2, y - y2);
    expect(d).toBeGreaterThan(100);
    expect(d).toBeLessThan(130);
  });

  // proj4 inverts the Helmert shift by the small-angle approximation: round trips close to ~1 mm, not exactly.
  it('columns: round trip to < 2 mm, NaN passes through, duplicates identical', () => {
    const lon = Float64Array.from([-0.1, -0.1, 0.2, NaN, -0.3, -1.5, -0.1]);
    const lat = Float64Array.from([51.5, 51.5, 51.6, 51.5, NaN, 53.2, 51.5]);
    const x = new Float64Array(lon.length);
    const y = new Float64Array(lon.length);
    lonLatToBng(lon, lat, x, y);
    expect(x[0]).toBe(x[1]);
    expect(x[6]).toBe(x[0]);
    expect(x[3]).toBeNaN();
    expect(y[4]).toBeNaN();
    const [sx, sy] = projectPointLonLat(0.2, 51.6);
    expect(x[2]).toBe(sx);
    expect(y[2]).toBe(sy);
    const lo = new Float64Array(lon.length);
    const la = new Float64Array(lon.length);
    bngToLonLat(x, y, lo, la);
    for (const i of [0, 2, 5]) {
      const [bx, by] = projectPointLonLat(lo[i], la[i]);
      expect(Math.hypot(bx - x[i], by - y[i])).toBeLessThan(0.002);
      expect(Math.abs(lo[i] - lon[i])).toBeLessThan(2e-8);
      expect(Math.abs(la[i] - lat[i])).toBeLessThan(2e-8);
    }
    expect(lo[3]).toBeNaN();
    const [ulon, ulat] = unprojectPointBng(x[0], y[0]);
    expect(ulon).toBeCloseTo(-0.1, 7);
    expect(ulat).toBeCloseTo(51.5, 7);
  });

  it('fillProjection fills x/y from lon/lat and lon/lat from x/y, leaves complete rows alone', () => {
    const b = new CrimeTableBuilder();
    b.push(-0.1, 51.5, NaN, NaN, 0, 0, 1, 0, 0, 0, 0, 1);
    b.push(NaN, NaN, 530000, 180000, 0, 0, 1, 0, 0, 0, 0, 2);
    b.push(1, 2, 3, 4, 0, 0, 1, 0, 0, 0, 0, 3);
    b.push(NaN, NaN, NaN, NaN, 0, 0, 1, 0, 0, 0, 0, 4);
    const t = b.finish();
    fillProjection(t);
    const [x, y] = projectPointLonLat(-0.1, 51.5);
    expect(t.x[0]).toBe(x);
    expect(t.y[0]).toBe(y);
    const [lon, lat] = unprojectPointBng(530000, 180000);
    expect(t.lon[1]).toBe(lon);
    expect(t.lat[1]).toBe(lat);
    expect([t.lon[2], t.lat[2], t.x[2], t.y[2]]).toEqual([1, 2, 3, 4]);
    expect(t.x[3]).toBeNaN();
    expect(t.lon[3]).toBeNaN();
  });
});
