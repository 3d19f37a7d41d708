import { describe, expect, it } from 'vitest';
import { NearestStreets, nearestStreet, streetNames } from '../../src/analysis/hotspots/naming.ts';
import { uniquePoints } from '../../src/core/uniquePoints.ts';

/** mulberry32: a seeded generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('NearestStreets (the indexed fallback name) answers as the linear nearestStreet', () => {
  it('on random points snapped to a 10 m lattice (many exact ties), rows without a street and NaN points', () => {
    const r = rng(7);
    const locations = [
      '',
      'On or near Parking Area',
      ...Array.from({ length: 40 }, (_, i) => `On or near Street ${String.fromCharCode(65 + (i % 26))}${i}`),
    ];
    const names = streetNames(locations);
    const n = 5000;
    const px = new Float64Array(n);
    const py = new Float64Array(n);
    const loc = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      px[i] = 530000 + Math.round(r() * 300) * 10;
      py[i] = 180000 + Math.round(r() * 300) * 10;
      loc[i] = Math.floor(r() * locations.length);
      if (i % 97 === 0) px[i] = NaN;
    }
    const rowName = names.ofRows(loc);
    const fast = new NearestStreets(px, py, rowName, names);
    // Indexed by distinct (point, street) pairs: the lattice puts several streets on a point.
    const byPoint = new NearestStreets(px, py, rowName, names, uniquePoints(px, py));
    let checked = 0;
    for (let q = 0; q < 400; q++) {
      // Queries on lattice nodes and cell centres: equal distances to several points are common.
      const x = 530000 + Math.round(r() * 600) * 5;
      const y = 180000 + Math.round(r() * 600) * 5;
      const want = nearestStreet(x, y, px, py, rowName, names);
      expect(fast.near(x, y)).toBe(want);
      expect(byPoint.near(x, y)).toBe(want);
      checked++;
    }
    expect(checked).toBe(400);
  });

  it('no street-named row gives the empty name', () => {
    const names = streetNames(['', 'On or near Hospital']);
    const px = Float64Array.of(1, 2);
    const py = Float64Array.of(1, 2);
    const rowName = names.ofRows(Uint32Array.of(0, 1));
    expect(new NearestStreets(px, py, rowName, names).near(0, 0)).toBe(nearestStreet(0, 0, px, py, rowName, names));
  });
});
