import { describe, expect, it } from 'vitest';
import { contours } from 'd3';
import { thresholdPolygons } from '../../src/analysis/hotspots/contour.ts';

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
  const whole = contours().size([nx, ny]).thresholds([t])(values as unknown as number[])[0].coordinates.map(canonical).sort();
  const pieces = thresholdPolygons(values, nx, ny, t).map(canonical).sort();
  return [pieces, whole];
}

describe('threshold contour traced set by set', () => {
  it('equals d3-contour over the whole grid on bumpy surfaces with many areas, holes, islands and saddles', () => {
    let seed = 4242;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (const [nx, ny] of [[60, 45], [37, 80], [120, 90]]) {
      const v = new Float64Array(nx * ny);
      for (let r = 0; r < ny; r++)
        for (let c = 0; c < nx; c++) v[r * nx + c] = Math.sin(c / 3.1) * Math.cos(r / 4.3) + 0.4 * Math.sin((c * r) / 47) + 0.3 * rnd();
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

  it('nothing above the threshold: no polygons', () => {
    expect(thresholdPolygons(new Float64Array(20), 5, 4, 1)).toEqual([]);
  });
});
