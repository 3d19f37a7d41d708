import { describe, expect, it } from 'vitest';
import {
  bngToLonLat,
  bngUnprojector,
  fillProjection,
  lonLatToBng,
  projectPointLonLat,
  unprojectPointBng,
} from '../../src/core/bng.ts';
import { projectPointLonLatProj4, unprojectPointBngProj4 } from '../helpers/proj4Reference.ts';
import { CrimeTableBuilder } from '../../src/io/tableBuilder.ts';

describe('direct WGS84 → BNG (Helmert + OS transverse Mercator) against proj4', () => {
  it('agrees with proj4 to < 1 mm over Greater London and beyond (0.5° margin)', () => {
    let worst = 0;
    for (let i = 0; i <= 40; i++)
      for (let j = 0; j <= 40; j++) {
        const lon = -1.0 + (1.85 * i) / 40;
        const lat = 50.8 + (1.4 * j) / 40;
        const [x, y] = projectPointLonLat(lon, lat);
        const [px, py] = projectPointLonLatProj4(lon, lat);
        worst = Math.max(worst, Math.hypot(x - px, y - py));
      }
    expect(worst).toBeLessThan(0.001);
  });

  it('columns give the same numbers as single points, NaN passes through, listed rows only', () => {
    const lon = Float64Array.from([-0.1, 0.2, NaN, -0.1, -0.4]);
    const lat = Float64Array.from([51.5, 51.6, 51.5, 51.5, 51.3]);
    const x = new Float64Array(5).fill(-1);
    const y = new Float64Array(5).fill(-1);
    lonLatToBng(lon, lat, x, y, Uint32Array.from([0, 2, 3]));
    const [x0, y0] = projectPointLonLat(-0.1, 51.5);
    expect([x[0], y[0], x[3], y[3]]).toEqual([x0, y0, x0, y0]);
    expect(x[2]).toBeNaN();
    expect([x[1], x[4]]).toEqual([-1, -1]);
  });

  it('fillProjection on 1,000 random London rows matches proj4 to 1 mm', () => {
    const b = new CrimeTableBuilder();
    let s = 12345;
    const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 1000; i++)
      b.push(-0.51 + 0.85 * rnd(), 51.28 + 0.41 * rnd(), NaN, NaN, 0, 0, 1, 0, 0, 0, 0, i + 2);
    const t = b.finish();
    fillProjection(t);
    for (let i = 0; i < t.length; i++) {
      const [px, py] = projectPointLonLatProj4(t.lon[i], t.lat[i]);
      expect(Math.hypot(t.x[i] - px, t.y[i] - py)).toBeLessThan(0.001);
    }
  });

  it('BNG → WGS84 agrees with proj4 to < 1 mm over Greater London and beyond, and inverts the forward direction', () => {
    // 1 mm is about 9e-9 degrees of latitude and 1.45e-8 of longitude here.
    let worst = 0;
    let roundTrip = 0;
    for (let i = 0; i <= 40; i++)
      for (let j = 0; j <= 40; j++) {
        const x = 450000 + (150000 * i) / 40; // 450–600 km E: Oxford to the Thames estuary
        const y = 110000 + (160000 * j) / 40; // 110–270 km N: the south coast to Cambridge
        const [lon, lat] = unprojectPointBng(x, y);
        const [plon, plat] = unprojectPointBngProj4(x, y);
        const [bx, by] = projectPointLonLatProj4(plon, plat);
        const [dx, dy] = projectPointLonLatProj4(lon, lat);
        worst = Math.max(worst, Math.hypot(dx - bx, dy - by));
        const [fx, fy] = projectPointLonLat(lon, lat);
        roundTrip = Math.max(roundTrip, Math.hypot(fx - x, fy - y));
      }
    expect(worst).toBeLessThan(0.001);
    // The forward direction inverts the 7-parameter shift by proj4's small-angle approximation,
    // so a round trip closes to about 1 mm, not exactly (as in bng.test.ts).
    expect(roundTrip).toBeLessThan(0.002);
    // A known point: the BNG origin's true origin meridian and parallel.
    const [lon0, lat0] = unprojectPointBng(400000, -100000);
    const [plon0, plat0] = unprojectPointBngProj4(400000, -100000);
    expect(Math.abs(lon0 - plon0)).toBeLessThan(2e-8);
    expect(Math.abs(lat0 - plat0)).toBeLessThan(2e-8);
  });

  it('BNG → WGS84 columns give the single-point numbers; NaN passes through', () => {
    const x = Float64Array.from([530000, NaN, 530000, 512345.6]);
    const y = Float64Array.from([180000, 180000, 180000, 190123.4]);
    const lon = new Float64Array(4);
    const lat = new Float64Array(4);
    bngToLonLat(x, y, lon, lat);
    expect([lon[0], lat[0]]).toEqual(unprojectPointBng(530000, 180000));
    expect([lon[2], lat[2]]).toEqual([lon[0], lat[0]]);
    expect([lon[3], lat[3]]).toEqual(unprojectPointBng(512345.6, 190123.4));
    expect(lon[1]).toBeNaN();
    expect(lat[1]).toBeNaN();
  });

  it('bngUnprojector: lattice + bilinear within 2 mm of the exact chain over London; exact outside its box', () => {
    const f = bngUnprojector(500000, 150000, 570000, 210000);
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    let worst = 0;
    for (let k = 0; k < 20000; k++) {
      const x = 500000 + rnd() * 70000;
      const y = 150000 + rnd() * 60000;
      const [lon, lat] = f(x, y);
      const [elon, elat] = unprojectPointBng(x, y);
      const [ax, ay] = projectPointLonLat(lon, lat);
      const [bx, by] = projectPointLonLat(elon, elat);
      worst = Math.max(worst, Math.hypot(ax - bx, ay - by));
    }
    expect(worst).toBeLessThan(0.002);
    expect(worst).toBeGreaterThan(0); // it does interpolate
    // On a lattice node the value is the exact one; outside the box it is computed exactly.
    expect(f(500000, 150000)).toEqual(unprojectPointBng(500000, 150000));
    expect(f(400000, 100000)).toEqual(unprojectPointBng(400000, 100000));
    expect(bngUnprojector(1, 1, 0, 0)).toBe(unprojectPointBng);
    // A national extent (700 × 1,300 km: 14.6M nodes) gets no lattice; London plus 20 km does.
    expect(bngUnprojector(0, 0, 700_000, 1_300_000)).toBe(unprojectPointBng);
    expect(bngUnprojector(483_000, 135_000, 582_000, 221_000)).not.toBe(unprojectPointBng);
  });
});
