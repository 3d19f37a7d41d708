import { describe, expect, it } from 'vitest';
import { WardIndex } from '../../src/analysis/wardIndex.ts';
import { makeWardSet, square } from './wardSetFixture.ts';

/** Independent reference: loop over every ward, classic ray casting (no grid). Only for tiny fixtures. */
function bruteWard(rings: number[][][][], px: number, py: number): number {
  for (let w = 0; w < rings.length; w++) {
    let inside = false;
    for (const ring of rings[w]) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        let [xa, ya] = ring[j];
        let [xb, yb] = ring[i];
        if (ya > yb) [xa, ya, xb, yb] = [xb, yb, xa, ya];
        if (ya <= py && py < yb && xa + ((py - ya) * (xb - xa)) / (yb - ya) > px) inside = !inside;
      }
    }
    if (inside) return w;
  }
  return -1;
}

/** Seeded PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('WardIndex on hand-made wards', () => {
  // W0 = [0,100]², W1 = [100,200]×[0,100] (east of W0), W2 = [0,100]×[100,200] (north of W0),
  // W3 = [100,200]² (north-east).
  const wards = [[square(0, 0, 100)], [square(100, 0, 100)], [square(0, 100, 100)], [square(100, 100, 100)]];
  const idx = WardIndex.build(makeWardSet(wards));

  it('interior points', () => {
    expect(idx.wardAt(50, 50)).toBe(0);
    expect(idx.wardAt(150, 50)).toBe(1);
    expect(idx.wardAt(50, 150)).toBe(2);
    expect(idx.wardAt(150, 150)).toBe(3);
    expect(idx.wardAt(-1, 50)).toBe(-1);
    expect(idx.wardAt(250, 250)).toBe(-1);
    expect(idx.wardAt(NaN, 50)).toBe(-1);
  });

  it('a point on a north–south shared edge goes to the ward on its east', () => {
    expect(idx.wardAt(100, 50)).toBe(1);
    expect(idx.wardAt(100, 150)).toBe(3);
  });

  it('a point on an east–west shared edge goes to the ward on its north', () => {
    expect(idx.wardAt(50, 100)).toBe(2);
    expect(idx.wardAt(150, 100)).toBe(3);
  });

  it('a vertex shared by four wards goes to the north-east ward', () => {
    expect(idx.wardAt(100, 100)).toBe(3);
  });

  it('outer boundary: west and south edges inside, east and north edges outside', () => {
    expect(idx.wardAt(0, 50)).toBe(0); // west
    expect(idx.wardAt(50, 0)).toBe(0); // south
    expect(idx.wardAt(200, 50)).toBe(-1); // east
    expect(idx.wardAt(50, 200)).toBe(-1); // north
    expect(idx.wardAt(0, 0)).toBe(0); // south-west corner
    expect(idx.wardAt(200, 200)).toBe(-1);
    expect(idx.wardAt(200, 0)).toBe(-1); // south-east corner lies on the east edge
    expect(idx.wardAt(0, 200)).toBe(-1); // north-west corner lies on the north edge
  });

  it('assign() agrees with wardAt() on a lattice including every edge and vertex', () => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let x = -10; x <= 210; x += 5)
      for (let y = -10; y <= 210; y += 5) {
        xs.push(x);
        ys.push(y);
      }
    const X = Float64Array.from(xs);
    const Y = Float64Array.from(ys);
    const got = idx.assign(X, Y);
    for (let i = 0; i < X.length; i++) {
      expect(got[i]).toBe(bruteWard(wards, X[i], Y[i]));
      expect(got[i]).toBe(idx.wardAt(X[i], Y[i]));
    }
  });

  it('a diagonal shared edge puts each on-edge point in exactly one ward', () => {
    // two triangles split by the diagonal (0,0)–(300,100): W0 below-right, W1 above-left
    const tri = [
      [
        [
          [0, 0],
          [300, 0],
          [300, 100],
        ],
      ],
      [
        [
          [0, 0],
          [300, 100],
          [0, 100],
        ],
      ],
    ];
    const t = WardIndex.build(makeWardSet(tri));
    let both = 0;
    for (let k = 1; k < 300; k++) {
      const x = k;
      const y = k / 3; // on (or within rounding of) the diagonal
      const a = t.contains(0, x, y);
      const b = t.contains(1, x, y);
      if (a === b) both++;
      expect(t.wardAt(x, y)).toBe(a ? 0 : 1);
    }
    expect(both).toBe(0);
  });
});

describe('WardIndex: holes, multipolygons, self-intersection', () => {
  it('a ward with a hole, and a second ward filling the hole', () => {
    const outer = square(0, 0, 300);
    const hole = square(100, 100, 100).reverse();
    const wards = [[outer, hole], [square(100, 100, 100)]];
    const idx = WardIndex.build(makeWardSet(wards));
    expect(idx.wardAt(50, 50)).toBe(0);
    expect(idx.wardAt(150, 150)).toBe(1);
    expect(idx.wardAt(250, 250)).toBe(0);
    // hole's west edge x=100: the point goes east, into the island ward
    expect(idx.wardAt(100, 150)).toBe(1);
    // hole's east edge x=200: east of it is ward 0 again
    expect(idx.wardAt(200, 150)).toBe(0);
    const onlyHole = WardIndex.build(makeWardSet([[outer, hole]]));
    expect(onlyHole.wardAt(150, 150)).toBe(-1);
  });

  it('a multipolygon ward with two separate parts', () => {
    const wards = [[square(0, 0, 10), square(1000, 1000, 10)], [square(500, 500, 10)]];
    const idx = WardIndex.build(makeWardSet(wards));
    expect(idx.wardAt(5, 5)).toBe(0);
    expect(idx.wardAt(1005, 1005)).toBe(0);
    expect(idx.wardAt(505, 505)).toBe(1);
    expect(idx.wardAt(700, 700)).toBe(-1);
  });

  it('a self-intersecting bow-tie follows the even–odd rule', () => {
    const bow = [
      [0, 0],
      [100, 100],
      [100, 0],
      [0, 100],
    ];
    const idx = WardIndex.build(makeWardSet([[bow]]));
    expect(idx.wardAt(10, 50)).toBe(0); // left lobe
    expect(idx.wardAt(90, 50)).toBe(0); // right lobe
    expect(idx.wardAt(50, 10)).toBe(-1); // below the crossing
    expect(idx.wardAt(50, 90)).toBe(-1);
  });
});

describe('WardIndex against brute force on a jittered partition', () => {
  // 12×9 quadrilateral wards from a jittered lattice: neighbours share identical edges.
  const r = rng(7);
  const nx = 12;
  const ny = 9;
  const vx: number[][] = [];
  const vy: number[][] = [];
  for (let i = 0; i <= nx; i++) {
    vx.push([]);
    vy.push([]);
    for (let j = 0; j <= ny; j++) {
      const edge = i === 0 || j === 0 || i === nx || j === ny;
      vx[i].push(i * 1000 + (edge ? 0 : (r() - 0.5) * 600));
      vy[i].push(j * 1000 + (edge ? 0 : (r() - 0.5) * 600));
    }
  }
  const wards: number[][][][] = [];
  for (let i = 0; i < nx; i++)
    for (let j = 0; j < ny; j++) {
      // densify each edge a little so cells hold several vertices
      const corners = [
        [i, j],
        [i + 1, j],
        [i + 1, j + 1],
        [i, j + 1],
      ];
      const ring: number[][] = [];
      for (let k = 0; k < 4; k++) {
        const [a, b] = corners[k];
        const [c, d] = corners[(k + 1) % 4];
        for (let t = 0; t < 5; t++)
          ring.push([vx[a][b] + ((vx[c][d] - vx[a][b]) * t) / 5, vy[a][b] + ((vy[c][d] - vy[a][b]) * t) / 5]);
      }
      wards.push([ring]);
    }
  const idx = WardIndex.build(makeWardSet(wards), 4);

  it('random points, vertices and edge points agree with a loop over all wards', () => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let k = 0; k < 10000; k++) {
      xs.push(-500 + r() * 13000);
      ys.push(-500 + r() * 10000);
    }
    for (const w of wards)
      for (const [x, y] of w[0]) {
        xs.push(x); // every vertex
        ys.push(y);
      }
    const X = Float64Array.from(xs);
    const Y = Float64Array.from(ys);
    const got = idx.assign(X, Y);
    let bad = 0;
    let inside = 0;
    for (let i = 0; i < X.length; i++) {
      const b = bruteWard(wards, X[i], Y[i]);
      if (b >= 0) inside++;
      if (got[i] !== b) bad++;
    }
    expect(bad).toBe(0);
    expect(inside).toBeGreaterThan(7500);
    expect(idx.edgeCellFraction).toBeGreaterThan(0);
    expect(idx.edgeCellFraction).toBeLessThan(0.7);
  });

  it('every interior point lies in exactly one ward', () => {
    let multi = 0;
    for (let k = 0; k < 5000; k++) {
      const x = 1 + r() * 11998;
      const y = 1 + r() * 8998;
      let c = 0;
      for (let w = 0; w < wards.length; w++) if (idx.contains(w, x, y)) c++;
      if (c !== 1) multi++;
    }
    expect(multi).toBe(0);
  });

  it('duplicated points get the same answer as single ones, NaN gives -1', () => {
    const X = Float64Array.from([5500, 5500, NaN, 5500, 3000]);
    const Y = Float64Array.from([4500, 4500, 4500, NaN, 3000]);
    const got = idx.assign(X, Y);
    expect(got[0]).toBe(got[1]);
    expect(got[0]).toBe(bruteWard(wards, 5500, 4500));
    expect(got[2]).toBe(-1);
    expect(got[3]).toBe(-1);
    expect(got[4]).toBe(bruteWard(wards, 3000, 3000));
  });

  it('an empty ward set assigns nothing', () => {
    const e = WardIndex.build(makeWardSet([]));
    expect(Array.from(e.assign(Float64Array.of(1, 2), Float64Array.of(1, 2)))).toEqual([-1, -1]);
  });
});
