/**
 * The threshold contour of a grid, as d3-contour draws it over the whole grid, but traced piece
 * by piece: d3's marching squares visits every square of the grid, a million and more for
 * London at 50 m, while the areas above a hotspot threshold cover a small part of it.
 *
 * The nodes at or above the threshold fall into 8-connected sets. A square with a corner in one
 * set has no corner in another (its four corners are neighbours of each other), so every contour
 * segment belongs to exactly one set, and so does every ring. Each set is contoured on its own
 * bounding box plus one node on each side, with the nodes of other sets in that box lowered
 * below the threshold. The segments and their interpolated crossings come from the same node
 * values as on the whole grid: a crossing lies on an edge between a node of the set and a node
 * below the threshold, and a lowered node is never next to the set. The box's outer nodes are
 * below the threshold (or the box is cut by the grid's own edge, as on the whole grid), so the
 * rings close the same way. A ring of the set that encloses another set (a hole with an island)
 * is traced around the lowered island, which is traced in its own box.
 *
 * Output: the polygons of d3-contour's MultiPolygon (rings in d3's grid coordinates: value index
 * i at i + 0.5), set by set in scan order. test/kde/contour.test.ts compares it with d3 on the
 * whole grid.
 */
import { contours } from 'd3';

export function thresholdPolygons(values: ArrayLike<number>, nx: number, ny: number, threshold: number): number[][][][] {
  const m = nx * ny;
  const set = new Int32Array(m).fill(-1);
  const stack = new Int32Array(m);
  const out: number[][][][] = [];
  const scratch = new Float64Array(m); // each set's box, reused (d3 only reads w·h values)
  const contour = contours().size([1, 1]).thresholds([threshold]);
  let sets = 0;
  for (let q = 0; q < m; q++) {
    if (set[q] >= 0 || !(values[q] >= threshold)) continue;
    const id = sets++;
    // 8-connected flood fill from q; its bounding box.
    let sp = 0;
    stack[sp++] = q;
    set[q] = id;
    let i0 = nx, i1 = -1, j0 = ny, j1 = -1;
    while (sp > 0) {
      const u = stack[--sp];
      const ui = u % nx;
      const uj = (u - ui) / nx;
      if (ui < i0) i0 = ui;
      if (ui > i1) i1 = ui;
      if (uj < j0) j0 = uj;
      if (uj > j1) j1 = uj;
      for (let dj = -1; dj <= 1; dj++) {
        const vj = uj + dj;
        if (vj < 0 || vj >= ny) continue;
        for (let di = -1; di <= 1; di++) {
          const vi = ui + di;
          if (vi < 0 || vi >= nx) continue;
          const v = vj * nx + vi;
          if (set[v] < 0 && values[v] >= threshold) {
            set[v] = id;
            stack[sp++] = v;
          }
        }
      }
    }
    // The box and one node around it, within the grid.
    const a0 = Math.max(0, i0 - 1);
    const a1 = Math.min(nx - 1, i1 + 1);
    const b0 = Math.max(0, j0 - 1);
    const b1 = Math.min(ny - 1, j1 + 1);
    const w = a1 - a0 + 1;
    const h = b1 - b0 + 1;
    const crop = scratch.subarray(0, w * h);
    for (let j = 0; j < h; j++) {
      const row = (b0 + j) * nx + a0;
      for (let i = 0; i < w; i++) {
        const v = values[row + i];
        // Another set's node: lowered below the threshold (it is never next to this set).
        crop[j * w + i] = v >= threshold && set[row + i] !== id ? -Infinity : v;
      }
    }
    const mp = contour.size([w, h])(crop as unknown as number[])[0];
    for (const poly of mp.coordinates) {
      for (const ring of poly) for (const p of ring) {
        p[0] += a0;
        p[1] += b0;
      }
      out.push(poly);
    }
  }
  return out;
}
