import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import {
  AreaOutlines,
  AreaPicker,
  mercator,
  outlineSegments,
  simplifyRing,
} from '../../src/app/map/outlineGeometry.ts';

const square = (x: number, y: number, d: number, hole?: number): Feature<Polygon> => ({
  type: 'Feature',
  properties: {},
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + d, y],
        [x + d, y + d],
        [x, y + d],
        [x, y],
      ],
      ...(hole
        ? [
            [
              [x + hole, y + hole],
              [x + hole, y + d - hole],
              [x + d - hole, y + d - hole],
              [x + d - hole, y + hole],
              [x + hole, y + hole],
            ],
          ]
        : []),
    ],
  },
});

describe('mercator', () => {
  it('puts (0, 0) at the centre, the antimeridian at the edges, and north up (y falls with latitude)', () => {
    expect(mercator(0, 0)).toEqual([0.5, 0.5]);
    expect(mercator(-180, 0)[0]).toBe(0);
    expect(mercator(180, 0)[0]).toBe(1);
    // The square world ends at ±85.0511° (y = 0 at the top).
    expect(mercator(0, 85.0511287798)[1]).toBeCloseTo(0, 9);
    expect(mercator(0, 51.5)[1]).toBeLessThan(0.5);
    // Closed form y = (1 − ln(tan φ + sec φ)/π) / 2.
    const phi = (51.5 * Math.PI) / 180;
    expect(mercator(-0.1, 51.5)[1]).toBeCloseTo((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2, 14);
  });
});

describe('outlineSegments', () => {
  const fc: FeatureCollection = {
    type: 'FeatureCollection',
    features: [square(-0.1, 51.5, 0.01, 0.003), square(-0.2, 51.6, 0.002)],
  };

  it('has one segment per ring edge, grouped by area, relative to a float64 origin', () => {
    const o = outlineSegments(fc);
    // 4 + 4 edges for the square with a hole, 4 for the small one.
    expect(Array.from(o.areaStart)).toEqual([0, 8, 12]);
    expect(o.segments.length).toBe(12 * 4);
    // Each segment's start + origin is the mercator of a ring vertex (float32 relative error only).
    const ring = fc.features[0].geometry.type === 'Polygon' ? fc.features[0].geometry.coordinates[0] : [];
    for (let i = 0; i < 4; i++) {
      const [mx, my] = mercator(ring[i][0], ring[i][1]);
      expect(Math.abs(o.segments[4 * i] + o.origin[0] - mx)).toBeLessThan(1e-10);
      expect(Math.abs(o.segments[4 * i + 1] + o.origin[1] - my)).toBeLessThan(1e-10);
      // Consecutive: each segment ends where the next begins; the last closes the ring.
      const [ex, ey] = mercator(ring[i + 1][0], ring[i + 1][1]);
      expect(Math.abs(o.segments[4 * i + 2] + o.origin[0] - ex)).toBeLessThan(1e-10);
      expect(Math.abs(o.segments[4 * i + 3] + o.origin[1] - ey)).toBeLessThan(1e-10);
    }
  });

  it('closes unclosed rings, skips zero-length edges and geometry that is not a polygon', () => {
    const open: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {},
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 0],
                [1, 1],
              ],
            ],
          },
        },
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [0, 0] } },
      ],
    };
    const o = outlineSegments(open);
    expect(Array.from(o.areaStart)).toEqual([0, 3, 3]);
    expect(outlineSegments({ type: 'FeatureCollection', features: [] }).segments.length).toBe(0);
  });
});

/** Distance from (px, py) to the segment a–b. */
function segDist(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax,
    dy = by - ay;
  const l2 = dx * dx + dy * dy;
  const t = l2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / l2)) : 0;
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

describe('simplifyRing (Douglas–Peucker, closed rings)', () => {
  // A wobbly circle: 400 vertices, radius 1, ripples of 0.01.
  const k = 401;
  const ring = new Float64Array(k * 2);
  for (let i = 0; i < k; i++) {
    const a = (2 * Math.PI * i) / (k - 1);
    const r = 1 + 0.01 * Math.sin(37 * a);
    ring[2 * i] = r * Math.cos(a);
    ring[2 * i + 1] = r * Math.sin(a);
  }

  it('keeps every dropped vertex within the tolerance of the kept outline, with far fewer vertices', () => {
    for (const tol of [0.001, 0.02, 0.1]) {
      const keep = simplifyRing(ring, tol);
      const kept = [...keep.keys()].filter((i) => keep[i]);
      expect(kept[0]).toBe(0);
      expect(kept[kept.length - 1]).toBe(k - 1);
      for (let e = 0; e + 1 < kept.length; e++)
        for (let i = kept[e] + 1; i < kept[e + 1]; i++)
          expect(
            segDist(
              ring[2 * i],
              ring[2 * i + 1],
              ring[2 * kept[e]],
              ring[2 * kept[e] + 1],
              ring[2 * kept[e + 1]],
              ring[2 * kept[e + 1] + 1],
            ),
          ).toBeLessThanOrEqual(tol);
      if (tol >= 0.02) expect(kept.length).toBeLessThan(k / 4);
    }
  });

  it('never shrinks a ring below a triangle, however small against the tolerance', () => {
    const keep = simplifyRing(ring, 10);
    expect(keep.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(4); // three corners + the closing vertex
  });

  it('AreaOutlines: tolerance 0 gives every edge; a tolerance gives fewer, grouped by area', () => {
    const fc: FeatureCollection = {
      type: 'FeatureCollection',
      features: [square(-0.1, 51.5, 0.01, 0.003), square(-0.2, 51.6, 0.002)],
    };
    const o = new AreaOutlines(fc);
    expect(Array.from(o.segments(0).segments)).toEqual(Array.from(outlineSegments(fc).segments));
    expect(o.segments(0)).toBe(o.segments(0)); // cached
    // Squares keep their corners at any small tolerance; a huge one still leaves triangles.
    expect(Array.from(o.segments(1e-9).areaStart)).toEqual([0, 8, 12]);
    const coarse = o.segments(1);
    expect(coarse.areaStart[1]).toBeGreaterThanOrEqual(3);
    expect(coarse.areaStart[2] - coarse.areaStart[1]).toBe(3);
  });
});

describe('AreaPicker', () => {
  it('finds the area under a point, not inside a hole, against a brute-force ray cast', () => {
    const features = [square(0, 0, 10, 3), square(20, 0, 5), square(12, 12, 2)];
    const picker = new AreaPicker({ type: 'FeatureCollection', features });
    expect(picker.at(1, 1)).toBe(0);
    expect(picker.at(5, 5)).toBe(-1); // in the hole
    expect(picker.at(22, 2)).toBe(1);
    expect(picker.at(13, 13)).toBe(2);
    expect(picker.at(15, 1)).toBe(-1);
    // Brute force over a lattice of points.
    const brute = (x: number, y: number): number => {
      for (let f = 0; f < features.length; f++) {
        let inside = false;
        for (const ring of features[f].geometry.coordinates)
          for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
            const [xi, yi] = ring[i];
            const [xj, yj] = ring[j];
            if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
          }
        if (inside) return f;
      }
      return -1;
    };
    let hits = 0;
    for (let x = -1.05; x < 27; x += 0.7)
      for (let y = -1.05; y < 16; y += 0.7) {
        const b = brute(x, y);
        if (b >= 0) hits++;
        expect(picker.at(x, y)).toBe(b);
      }
    expect(hits).toBeGreaterThan(100);
    expect(new AreaPicker({ type: 'FeatureCollection', features: [] }).at(0, 0)).toBe(-1);
  });
});
