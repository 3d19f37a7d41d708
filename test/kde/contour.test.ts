import { describe, expect, it } from 'vitest';
import { contours } from 'd3';
import { thresholdContour, thresholdPolygons } from '../../src/analysis/hotspots/contour.ts';
import { inPolygon, type Ring } from '../../src/analysis/hotspots/polygon.ts';

/** A polygon as text that does not depend on where its rings start: vertices rounded to 1e-9, each ring rotated to its smallest vertex, holes sorted. */
function canonical(poly: number[][][]): string {
  const ring = (r: number[][]) => {
    const pts = r.slice(0, -1).map(([x, y]) => `${x.toFixed(9)},${y.toFixed(9)}`);
    let k = 0;
    for (let i = 1; i < pts.length; i++) if (pts[i] < pts[k]) k = i;
    return [...pts.slice(k), ...pts.slice(0, k)].join(' ');
  };
  const [outer, ...holes] = poly.map(ring);
  return `${outer} | ${holes.sort().join(' | ')}`;
}

function both(values: Float64Array, nx: number, ny: number, t: number): [string[], string[]] {
  const whole = contours()
    .size([nx, ny])
    .thresholds([t])(values as unknown as number[])[0]
    .coordinates.map(canonical)
    .sort();
  const pieces = thresholdPolygons(values, nx, ny, t).map(canonical).sort();
  return [pieces, whole];
}

describe('threshold contour traced set by set', () => {
  it('equals d3-contour over the whole grid on bumpy surfaces with many areas, holes, islands and saddles', () => {
    let seed = 4242;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (const [nx, ny] of [
      [60, 45],
      [37, 80],
      [120, 90],
    ]) {
      const v = new Float64Array(nx * ny);
      for (let r = 0; r < ny; r++)
        for (let c = 0; c < nx; c++)
          v[r * nx + c] = Math.sin(c / 3.1) * Math.cos(r / 4.3) + 0.4 * Math.sin((c * r) / 47) + 0.3 * rnd();
      for (const t of [0.2, 0.5, 0.9]) {
        const [pieces, whole] = both(v, nx, ny, t);
        expect(whole.length).toBeGreaterThan(3);
        expect(pieces).toEqual(whole);
      }
    }
  });

  it('equals d3-contour on hand-made cases: grid edges, a ring with an island in its hole, diagonal saddles, a lone node', () => {
    const nx = 12;
    const ny = 10;
    const v = new Float64Array(nx * ny);
    const set = (c: number, r: number, x: number) => (v[r * nx + c] = x);
    // A ring (hole at its centre) with an island node inside the hole.
    for (let r = 2; r <= 6; r++) for (let c = 2; c <= 6; c++) set(c, r, 3);
    for (let r = 3; r <= 5; r++) for (let c = 3; c <= 5; c++) set(c, r, 0);
    set(4, 4, 5);
    // Diagonal neighbours (a saddle square) at the top right.
    set(9, 8, 2);
    set(10, 9, 4);
    // Along the left and bottom edges of the grid.
    set(0, 0, 2);
    set(1, 0, 2);
    set(0, 9, 6);
    // A lone node.
    set(9, 3, 1.5);
    const [pieces, whole] = both(v, nx, ny, 1);
    expect(whole.length).toBeGreaterThanOrEqual(5);
    expect(pieces).toEqual(whole);
    // Exactly at the threshold counts as inside, as in d3.
    const [p2, w2] = both(v, nx, ny, 3);
    expect(p2).toEqual(w2);
  });

  it('names the 8-connected set of every node; a set with one polygon has all its nodes inside it', () => {
    let seed = 77;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const nx = 70;
    const ny = 55;
    const v = new Float64Array(nx * ny);
    for (let r = 0; r < ny; r++)
      for (let c = 0; c < nx; c++) v[r * nx + c] = Math.sin(c / 2.3) * Math.cos(r / 3.1) + 0.5 * rnd();
    const t = 0.4;
    const { polygons, setOf, setStart } = thresholdContour(v, nx, ny, t);
    expect(polygons).toEqual(thresholdPolygons(v, nx, ny, t));
    const sets = setStart.length - 1;
    expect(setStart[sets]).toBe(polygons.length);
    let single = 0;
    let several = 0;
    for (let q = 0; q < nx * ny; q++) {
      expect(setOf[q] >= 0).toBe(v[q] >= t);
      if (setOf[q] < 0) continue;
      // 8-neighbours at or above the threshold are in the same set.
      const c = q % nx;
      const r = (q - c) / nx;
      for (let dr = -1; dr <= 1; dr++)
        for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr;
          const cc = c + dc;
          if (rr >= 0 && rr < ny && cc >= 0 && cc < nx && v[rr * nx + cc] >= t)
            expect(setOf[rr * nx + cc]).toBe(setOf[q]);
        }
      // A node lies inside exactly one of its set's polygons (value position: index + 0.5), and in
      // no polygon of another set.
      const s = setOf[q];
      const holding: number[] = [];
      for (let p = 0; p < polygons.length; p++) if (inPolygon(polygons[p] as Ring[], c + 0.5, r + 0.5)) holding.push(p);
      expect(holding.length).toBe(1);
      expect(holding[0]).toBeGreaterThanOrEqual(setStart[s]);
      expect(holding[0]).toBeLessThan(setStart[s + 1]);
      if (setStart[s + 1] - setStart[s] === 1) single++;
      else several++;
    }
    expect(single).toBeGreaterThan(50);
    expect(several).toBeGreaterThan(0);
  });

  it('nothing above the threshold: no polygons', () => {
    expect(thresholdPolygons(new Float64Array(20), 5, 4, 1)).toEqual([]);
  });
});
