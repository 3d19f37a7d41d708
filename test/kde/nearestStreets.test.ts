import { describe, expect, it } from 'vitest';
import { mostFrequentStreets, NearestStreets, nearestStreet, streetNames } from '../../src/analysis/hotspots/naming.ts';
import { mostFrequentStreetsOfPoints, pointStreets } from '../../src/analysis/hotspots/pointStreets.ts';
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

describe('the most frequent street of each area, counted by distinct point (pointStreets.ts), is the row-by-row count', () => {
  it('on points shared by rows of several streets, ties between names, rows without a street and NaN points', () => {
    const r = rng(11);
    // Few streets and few points: many rows per point, points with several streets, equal tallies.
    const locations = [
      '',
      'On or near Supermarket',
      ...['B Road', 'A Street', 'C Lane', 'A Street '].map((s) => `On or near ${s}`),
    ];
    const names = streetNames(locations);
    const n = 3000;
    const px = new Float64Array(n);
    const py = new Float64Array(n);
    const loc = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      px[i] = Math.floor(r() * 40);
      py[i] = Math.floor(r() * 10);
      loc[i] = Math.floor(r() * locations.length);
      if (i % 89 === 0) py[i] = NaN;
    }
    const rowName = names.ofRows(loc);
    const unique = uniquePoints(px, py);
    for (const areas of [1, 7, 60]) {
      // Areas over the points at random (−1: outside every area).
      const pointOwner = Int32Array.from({ length: unique.count }, () => Math.floor(r() * (areas + 1)) - 1);
      const rowOwner = Int32Array.from(unique.index, (u) => (u < 0 ? -1 : pointOwner[u]));
      const want = mostFrequentStreets(areas, rowOwner, null, rowName, names);
      expect(want.some((s) => s !== '')).toBe(true);
      expect(mostFrequentStreetsOfPoints(areas, pointOwner, pointStreets(unique, rowName), names)).toEqual(want);
    }
  });
});
