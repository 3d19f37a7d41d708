/**
 * Compact hotspot areas (src/analysis/hotspots/compact.ts) against truths computed here by brute
 * force from the surface, not from the method: Gaussian bumps with known peaks and saddles.
 */
import { describe, expect, it } from 'vitest';
import { compactCells } from '../../src/analysis/hotspots/compact.ts';
import { cellOutline } from '../../src/analysis/hotspots/cellOutline.ts';
import { cellsByDensity } from '../../src/analysis/hotspots/cellOrder.ts';
import { hotspotAreas } from '../../src/analysis/hotspots/areas.ts';
import type { GridSpec } from '../../src/analysis/kde/grid.ts';

// 100 × 60 cells of 10 m: 1 km × 0.6 km; cell centres at (x0 + 10i + 5, y0 + 10j + 5).
const grid: GridSpec = { x0: 0, y0: 0, cell: 10, nx: 100, ny: 60 };
const CELL_KM2 = 0.0001;
const toLonLat = (x: number, y: number): [number, number] => [x, y];

/** Sum of Gaussian bumps (centres on cell centres, height 1, sigma s metres). */
function bumps(centres: [number, number][], s: number): Float64Array {
  const v = new Float64Array(grid.nx * grid.ny);
  for (let j = 0; j < grid.ny; j++)
    for (let i = 0; i < grid.nx; i++) {
      const cx = 10 * i + 5;
      const cy = 10 * j + 5;
      for (const [x, y] of centres) v[j * grid.nx + i] += Math.exp(-((cx - x) ** 2 + (cy - y) ** 2) / (2 * s * s));
    }
  return v;
}
const cellAt = (x: number, y: number) => ((y - 5) / 10) * grid.nx + (x - 5) / 10;

/** Cells of the 4-connected component of {v ≥ level} holding `seed` (brute-force flood fill). */
function component(v: Float64Array, seed: number, level: number): Set<number> {
  const out = new Set<number>([seed]);
  const stack = [seed];
  while (stack.length) {
    const q = stack.pop() as number;
    const i = q % grid.nx;
    for (const n of [i > 0 ? q - 1 : -1, i < grid.nx - 1 ? q + 1 : -1, q - grid.nx, q + grid.nx]) {
      if (n < 0 || n >= v.length || out.has(n) || !(v[n] >= level)) continue;
      out.add(n);
      stack.push(n);
    }
  }
  return out;
}

const cellsOf = (area: Int32Array, a: number) => new Set([...area.keys()].filter((q) => area[q] === a));

describe('compact hotspot areas', () => {
  it('two bumps far apart: two areas, each around its own peak; with a cap above the region, exactly the threshold sets', () => {
    const v = bumps(
      [
        [255, 305],
        [755, 305],
      ],
      50,
    );
    const t = 0.2;
    const { area, count } = compactCells(v, grid.nx, grid.ny, t, 1e9);
    expect(count).toBe(2);
    // The same cells as the threshold's 4-connected sets around each peak.
    for (const peak of [cellAt(255, 305), cellAt(755, 305)])
      expect(cellsOf(area, area[peak])).toEqual(component(v, peak, t));
    const res = hotspotAreas(
      { values: v, grid },
      { x: Float64Array.of(255, 755, 505), y: Float64Array.of(305, 305, 305) },
      { threshold: t, toLonLat, method: 'compact' },
    );
    expect(res.hotspots.map((h) => h.count)).toEqual([1, 1]); // the point between the bumps is in neither
  });

  it('two bumps close together: one area while the merged set at the saddle fits the cap, split at the saddle when it does not', () => {
    const v = bumps(
      [
        [405, 305],
        [605, 305],
      ],
      80,
    );
    const t = 0.2;
    const p1 = cellAt(405, 305);
    const p2 = cellAt(605, 305);
    // The saddle: by symmetry on the centres' row, the lowest value between the peaks.
    let saddle = Infinity;
    for (let x = 405; x <= 605; x += 10) saddle = Math.min(saddle, v[cellAt(x, 305)]);
    expect(saddle).toBeGreaterThan(t); // one area under the threshold rule
    const merged = component(v, p1, saddle);
    expect(merged.has(p2)).toBe(true);
    const S = merged.size;
    // Cap = S cells: the two peaks' sets meet at the saddle within the cap → one area.
    const one = compactCells(v, grid.nx, grid.ny, t, S);
    expect(one.area[p1]).toBe(one.area[p2]);
    expect(cellsOf(one.area, one.area[p1]).size).toBeLessThanOrEqual(S);
    // Cap = S − 2 cells: the merge would outgrow the cap → two areas, cut at the saddle.
    const two = compactCells(v, grid.nx, grid.ny, t, S - 2);
    expect(two.area[p1]).toBeGreaterThanOrEqual(0);
    expect(two.area[p2]).toBeGreaterThanOrEqual(0);
    expect(two.area[p1]).not.toBe(two.area[p2]);
    const left = cellsOf(two.area, two.area[p1]);
    const right = cellsOf(two.area, two.area[p2]);
    // Each is its peak's side of the saddle (x = 505 is the saddle's column).
    for (const q of left) expect(10 * (q % grid.nx) + 5).toBeLessThanOrEqual(505);
    for (const q of right) expect(10 * (q % grid.nx) + 5).toBeGreaterThanOrEqual(505);
    // Every cell above the saddle on its side is in its area (nothing cut off above the saddle).
    for (const q of merged) if (v[q] > saddle && 10 * (q % grid.nx) + 5 < 505) expect(left.has(q)).toBe(true);
  });

  it('one broad bump and a cap: the area is the cap’s number of highest cells, peak included', () => {
    const v = bumps([[505, 305]], 150);
    const cap = 200; // cells = 0.02 km²
    const { area, count } = compactCells(v, grid.nx, grid.ny, 0.1, cap);
    expect(count).toBe(1);
    const mine = cellsOf(area, 0);
    const top = [...v.keys()].sort((a, b) => v[b] - v[a] || a - b).slice(0, mine.size);
    expect(mine.size).toBeLessThanOrEqual(cap);
    expect(mine.size).toBeGreaterThan(cap - 10); // stops at the cap, not far below it (ties come in symmetric groups)
    expect(mine).toEqual(new Set(top));
    expect(mine.has(cellAt(505, 305))).toBe(true);
  });

  it('respects the cap in km², keeps areas disjoint and counts each crime at most once (brute-force point in polygon)', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const centres: [number, number][] = Array.from({ length: 12 }, () => [
      15 + 10 * Math.floor(rnd() * 97),
      15 + 10 * Math.floor(rnd() * 57),
    ]);
    const v = bumps(centres, 40);
    const n = 4000;
    const x = Float64Array.from({ length: n }, () => rnd() * 1000);
    const y = Float64Array.from({ length: n }, () => rnd() * 600);
    for (const maxAreaKm2 of [0.005, 0.02, 1]) {
      const res = hotspotAreas(
        { values: v, grid },
        { x, y },
        { threshold: 0.3, toLonLat, method: 'compact', maxAreaKm2 },
      );
      expect(res.hotspots.length).toBeGreaterThan(0);
      let sum = 0;
      const seen = new Int32Array(n).fill(-1);
      for (const h of res.hotspots) {
        expect(h.areaKm2).toBeLessThanOrEqual(maxAreaKm2);
        // Outlined along cell edges: a whole number of 10 m cells.
        expect(Math.abs(h.areaKm2 / CELL_KM2 - Math.round(h.areaKm2 / CELL_KM2))).toBeLessThan(1e-6);
        let brute = 0;
        for (let k = 0; k < n; k++) {
          if (!inPolygonBrute(h.rings, x[k], y[k])) continue;
          brute++;
          expect(seen[k]).toBe(-1); // in no other area
          seen[k] = h.rank;
        }
        expect(h.count).toBe(brute);
        sum += h.count;
      }
      expect(sum).toBeLessThanOrEqual(n);
    }
    // A smaller cap never makes fewer areas here, and area 1 never larger.
    const small = hotspotAreas(
      { values: v, grid },
      { x, y },
      { threshold: 0.3, toLonLat, method: 'compact', maxAreaKm2: 0.005 },
    );
    const whole = hotspotAreas({ values: v, grid }, { x, y }, { threshold: 0.3, toLonLat, method: 'threshold' });
    expect(small.hotspots.length).toBeGreaterThanOrEqual(whole.hotspots.length);
    expect(Math.max(...small.hotspots.map((h) => h.areaKm2))).toBeLessThanOrEqual(0.005);
    expect(Math.max(...whole.hotspots.map((h) => h.areaKm2))).toBeGreaterThan(0.005);
  });
});

describe('sweep order (cellOrder.ts radix sort)', () => {
  it('is the comparator sort: densest first, ties by lower index, −0 = +0, NaN and +Infinity never taken', () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    // Few distinct values (many ties), both signs, tiny and huge magnitudes, and the special values.
    const pool = [0, -0, 1e-310, -1e-310, 5e-324, 0.1, 0.30000000000000004, 0.3, 1, 2, 1e300, -1, -2.5, -1e300];
    const specials = [NaN, Infinity, -Infinity];
    for (const t of [-Infinity, -2, 0, 0.3, 1]) {
      const v = Float64Array.from({ length: 5000 }, () =>
        rnd() < 0.02
          ? specials[Math.floor(rnd() * 3)]
          : rnd() < 0.5
            ? pool[Math.floor(rnd() * pool.length)]
            : rnd() * 4 - 2,
      );
      const want = [...v.keys()].filter((q) => v[q] >= t && v[q] < Infinity);
      want.sort((a, b) => v[b] - v[a] || a - b);
      expect([...cellsByDensity(v, t)]).toEqual(want);
    }
  });

  it('compact areas are those of the plain sweep (a reference written with a comparator sort and Sets) on surfaces with ties', () => {
    let seed = 5;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 6; trial++) {
      // Values rounded to a few levels: plateaus and equal saddles.
      const v = bumps(
        Array.from({ length: 8 }, () => [5 + 10 * Math.floor(rnd() * 100), 5 + 10 * Math.floor(rnd() * 60)]),
        30 + 20 * trial,
      ).map((x) => Math.round(x * 8) / 8);
      for (const cap of [1, 30, 300, 1e9]) {
        const got = compactCells(v, grid.nx, grid.ny, 0.25, cap);
        expect([...got.area]).toEqual(referenceCells(v, 0.25, cap));
      }
    }
  });
});

/** compactCells as first written (compact.ts's header): a sorted list, a Map of roots, no typed tricks. */
function referenceCells(v: Float64Array, t: number, cap: number): number[] {
  const { nx } = grid;
  const order = [...v.keys()].filter((q) => v[q] >= t && v[q] < Infinity).sort((a, b) => v[b] - v[a] || a - b);
  const areaOf = new Map<number, number>(); // cell → area id (union by relabelling)
  const cells = new Map<number, Set<number>>();
  const closed = new Set<number>();
  const leftOut = new Set<number>();
  let next = 0;
  for (const q of order) {
    const i = q % nx;
    const nbs = [i > 0 ? q - 1 : -1, i < nx - 1 ? q + 1 : -1, q - nx, q + nx].filter((n) => n >= 0 && n < v.length);
    const ids: number[] = [];
    let blocked = false;
    for (const n of nbs) {
      if (leftOut.has(n)) blocked = true;
      const a = areaOf.get(n);
      if (a === undefined) continue;
      if (closed.has(a)) blocked = true;
      if (!ids.includes(a)) ids.push(a);
    }
    const total = 1 + ids.reduce((s, a) => s + (cells.get(a) as Set<number>).size, 0);
    if (blocked || total > cap) {
      leftOut.add(q);
      for (const a of ids) closed.add(a);
      continue;
    }
    const a = ids.length ? ids[0] : next++;
    if (!cells.has(a)) cells.set(a, new Set());
    for (const b of ids.slice(1))
      for (const c of cells.get(b) as Set<number>) {
        areaOf.set(c, a);
        (cells.get(a) as Set<number>).add(c);
      }
    for (const b of ids.slice(1)) cells.delete(b);
    areaOf.set(q, a);
    (cells.get(a) as Set<number>).add(q);
  }
  // Areas numbered by their peak (first cell in sweep order).
  const number = new Map<number, number>();
  const out = new Array<number>(v.length).fill(-1);
  for (const q of order) {
    const a = areaOf.get(q);
    if (a === undefined) continue;
    if (!number.has(a)) number.set(a, number.size);
    out[q] = number.get(a) as number;
  }
  return out;
}

describe('cell outlines', () => {
  it('enclose exactly the cells of a set: area = number of cells, points inside = points in its cells (holes, diagonal corners)', () => {
    let seed = 3;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    let holesSeen = 0;
    for (let trial = 0; trial < 20; trial++) {
      // A random blob: 4-connected growth from the centre of a 12 × 12 box, some cells then removed inside (holes).
      const inSet = new Set<number>([6 * 12 + 6]);
      const target = 20 + Math.floor(rnd() * 60);
      while (inSet.size < target) {
        const cells = [...inSet];
        const q = cells[Math.floor(rnd() * cells.length)];
        const [i, j] = [q % 12, Math.floor(q / 12)];
        const [di, dj] = [
          [1, 0],
          [-1, 0],
          [0, 1],
          [0, -1],
        ][Math.floor(rnd() * 4)];
        if (i + di >= 1 && i + di <= 10 && j + dj >= 1 && j + dj <= 10) inSet.add((j + dj) * 12 + i + di);
      }
      // Holes: cells whose four neighbours are in the set, taken out (the set stays 4-connected).
      let holes = 0;
      for (const q of [...inSet]) {
        if (rnd() < 0.3 && [q - 1, q + 1, q - 12, q + 12].every((n) => inSet.has(n))) {
          inSet.delete(q);
          holes++;
        }
      }
      holesSeen += holes;
      const has = (i: number, j: number) => inSet.has(j * 12 + i);
      const rings = cellOutline(has, 0, 0, 11, 11) as [number, number][][];
      let area = 0;
      for (const r of rings)
        for (let a = 0, b = r.length - 1; a < r.length; b = a++) area += (r[b][0] * r[a][1] - r[a][0] * r[b][1]) / 2;
      expect(area).toBe(inSet.size);
      for (let k = 0; k < 400; k++) {
        const px = 0.001 + rnd() * 11.998;
        const py = 0.001 + rnd() * 11.998;
        if (Math.abs(px - Math.round(px)) < 1e-6 || Math.abs(py - Math.round(py)) < 1e-6) continue;
        let inside = false;
        for (const r of rings) if (inRingBrute(r, px, py)) inside = !inside;
        expect(inside).toBe(has(Math.floor(px), Math.floor(py)));
      }
    }
    expect(holesSeen).toBeGreaterThan(0);
  });
});

function inRingBrute(ring: [number, number][], px: number, py: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function inPolygonBrute(rings: [number, number][][], px: number, py: number): boolean {
  return inRingBrute(rings[0], px, py) && !rings.slice(1).some((r) => inRingBrute(r, px, py));
}
