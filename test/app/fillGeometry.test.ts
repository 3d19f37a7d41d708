import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { AreaFills, fillTriangles } from '../../src/app/map/fillGeometry.ts';
import { premultipliedRgba } from '../../src/app/map/fillLayer.ts';
import { mercator } from '../../src/app/map/outlineGeometry.ts';

/** Shoelace area of a ring in mercator units. */
function ringArea(ring: number[][]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = mercator(ring[i][0], ring[i][1]);
    const [xj, yj] = mercator(ring[j][0], ring[j][1]);
    a += (xj - xi) * (yj + yi);
  }
  return Math.abs(a / 2);
}

describe('fillTriangles (ward choropleth geometry)', () => {
  const outer = [
    [-0.2, 51.5],
    [-0.1, 51.5],
    [-0.1, 51.56],
    [-0.15, 51.58],
    [-0.2, 51.56],
    [-0.2, 51.5],
  ];
  const hole = [
    [-0.17, 51.52],
    [-0.13, 51.52],
    [-0.13, 51.54],
    [-0.17, 51.54],
    [-0.17, 51.52],
  ];
  const part2 = [
    [0, 51.4],
    [0.05, 51.4],
    [0.05, 51.45],
    [0, 51.4],
  ];
  const fc: FeatureCollection = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { code: 'A' }, geometry: { type: 'Polygon', coordinates: [outer, hole] } },
      {
        type: 'Feature',
        properties: { code: 'B' },
        geometry: {
          type: 'MultiPolygon',
          coordinates: [
            [part2],
            [
              [
                [0.1, 51.4],
                [0.12, 51.4],
                [0.12, 51.42],
                [0.1, 51.42],
                [0.1, 51.4],
              ],
            ],
          ],
        },
      },
    ],
  };

  it('covers each area exactly (triangle areas sum to the polygon minus its holes), each vertex tagged with its feature', () => {
    const t = fillTriangles(fc);
    expect(t.areas).toBe(2);
    const sum = [0, 0];
    for (let k = 0; k < t.indices.length; k += 3) {
      const [a, b, c] = [t.indices[k], t.indices[k + 1], t.indices[k + 2]];
      const f = t.area[a];
      expect(t.area[b]).toBe(f);
      expect(t.area[c]).toBe(f);
      const [ax, ay, bx, by, cx, cy] = [
        t.positions[2 * a],
        t.positions[2 * a + 1],
        t.positions[2 * b],
        t.positions[2 * b + 1],
        t.positions[2 * c],
        t.positions[2 * c + 1],
      ];
      sum[f] += Math.abs((bx - ax) * (cy - ay) - (cx - ax) * (by - ay)) / 2;
    }
    const expectedA = ringArea(outer) - ringArea(hole);
    const expectedB =
      ringArea(part2) +
      ringArea([
        [0.1, 51.4],
        [0.12, 51.4],
        [0.12, 51.42],
        [0.1, 51.42],
        [0.1, 51.4],
      ]);
    expect(Math.abs(sum[0] - expectedA) / expectedA).toBeLessThan(1e-4);
    expect(Math.abs(sum[1] - expectedB) / expectedB).toBeLessThan(1e-4);
  });

  it('simplified for a zoom: fewer triangles, nearly the same area, every area still drawn', () => {
    // A wobbly ward of 2,000 vertices and a tiny one.
    const n = 2000;
    const wobbly = Array.from({ length: n + 1 }, (_, i) => {
      const a = (2 * Math.PI * (i % n)) / n;
      const r = 0.01 * (1 + 0.02 * Math.sin(40 * a));
      return [-0.1 + r * Math.cos(a), 51.5 + r * Math.sin(a) * 0.62];
    });
    const tiny = [
      [0, 51.5],
      [0.00001, 51.5],
      [0.00001, 51.50001],
      [0, 51.5],
    ];
    const fills = new AreaFills({
      type: 'FeatureCollection',
      features: [wobbly, tiny].map((ring, i) => ({
        type: 'Feature',
        properties: { i },
        geometry: { type: 'Polygon', coordinates: [ring] },
      })),
    });
    const areaOf = (t: ReturnType<AreaFills['triangles']>, f: number) => {
      let a = 0;
      for (let k = 0; k < t.indices.length; k += 3) {
        const [p, q, r] = [t.indices[k], t.indices[k + 1], t.indices[k + 2]];
        if (t.area[p] !== f) continue;
        a +=
          Math.abs(
            (t.positions[2 * q] - t.positions[2 * p]) * (t.positions[2 * r + 1] - t.positions[2 * p + 1]) -
              (t.positions[2 * r] - t.positions[2 * p]) * (t.positions[2 * q + 1] - t.positions[2 * p + 1]),
          ) / 2;
      }
      return a;
    };
    const full = fills.triangles(0);
    const tol = 0.5 / (512 * 2 ** 12); // half a pixel at zoom 12
    const coarse = fills.triangles(tol);
    expect(fills.triangles(tol)).toBe(coarse); // cached
    expect(coarse.indices.length).toBeLessThan(full.indices.length / 5);
    expect(Math.abs(areaOf(coarse, 0) - areaOf(full, 0)) / areaOf(full, 0)).toBeLessThan(0.01);
    expect(areaOf(coarse, 1)).toBeGreaterThan(0); // the tiny area keeps a triangle
  });

  it('colours: CSS rgba → premultiplied bytes', () => {
    expect(premultipliedRgba('rgba(235, 238, 242, 0.35)')).toEqual([82, 83, 85, 89]);
    expect(premultipliedRgba('rgb(10, 20, 30)')).toEqual([10, 20, 30, 255]);
    expect(premultipliedRgba('not a colour')).toEqual([0, 0, 0, 0]);
  });
});
