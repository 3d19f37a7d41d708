/**
 * Compact hotspot areas: the threshold's areas split at their saddles, so that every area is a
 * place a team can patrol (at most maxAreaKm2, default 1 km²), around a peak of the surface.
 *
 * Method: a cut of the surface's level-set tree (join tree / "contour tree" of the superlevel
 * sets; Carr, Snoeyink & Axen 2003, "Computing contour trees in all dimensions"), the nested
 * thresholds of hierarchical hotspot methods (CrimeStat's nearest-neighbour hierarchical
 * clustering groups clusters into ever larger ones; here the density surface's own superlevel
 * sets are nested the same way), made with the union–find sweep used for watersheds and
 * persistence:
 * - The cells at or above the hotspot threshold t (the Home Office rule, areas.ts) are taken
 *   from the densest down (ties: lower cell index first). Cells join their 4-neighbours already
 *   taken.
 * - A cell with no taken neighbour is a peak and starts an area.
 * - A cell that joins areas whose cells together (with it) fit within the cap merges them: two
 *   peaks whose saddle is reached before the area outgrows the cap are one hotspot.
 * - Otherwise (the area would outgrow the cap, or two areas would merge into one larger than
 *   the cap) the cell is left out and the areas it touches are closed: each keeps the cells it
 *   has, i.e. it is the superlevel-set component around its peak at its own level (the density
 *   of its lowest cell), cut at its saddle or where it reached the cap. A cell next to a
 *   closed area or a left-out cell is also left out (it lies below a closed area's level on the
 *   same slope), so no area grows into another's foothills.
 * The result: disjoint areas, each a connected set of cells (4-neighbours) holding its peak and
 * every cell around it above its own level, each at most maxAreaKm2; the cells of the
 * threshold's region below every area's level belong to no area (their crimes count in none).
 * With maxAreaKm2 larger than the whole region, the areas are exactly the threshold's 4-connected
 * sets of cells.
 *
 * Outlines: each area is outlined along the edges of its cells (cellOutline.ts): its area is
 * exactly its number of cells × cell², so the cap holds for the outline too, and a crime is in
 * an area exactly when the grid cell it falls in belongs to the area (areas side by side share
 * their edges; a crime on a shared edge counts in one of them, by the ray cast's half-open rule).
 * The threshold method's smooth contours (d3-contour's interpolation) would cut corners and add
 * slivers between areas split at a saddle; square cells say honestly what was computed.
 */
import { maskOutline } from './cellOutline.ts';
import { cellsByDensity } from './cellOrder.ts';
import type { GridSpec } from '../kde/grid.ts';
import { gridRingsToBng, ringBbox, ringsAreaKm2 } from './polygon.ts';
import type { AreaPolygon } from './areaPoints.ts';

export const DEFAULT_MAX_AREA_KM2 = 1;

const LEFT_OUT = -1;

/** Root of sweep position k in the union–find `parent` (k in an area), compressing the path. */
function find(parent: Int32Array, k: number): number {
  let r = k;
  while (parent[r] !== r) r = parent[r];
  while (parent[k] !== r) {
    const n = parent[k];
    parent[k] = r;
    k = n;
  }
  return r;
}

/**
 * The compact areas' cells: for each grid cell, the index of its area (areas numbered in the
 * order of their peaks, densest first), or −1; and the cells taken in the sweep (cellOrder.ts),
 * densest first. Exported for the tests.
 *
 * Typed arrays throughout (no closure or array made per cell). The union–find runs over sweep
 * positions, not grid cells: `rank[q]` is 1 + the position of cell q in the sweep (0 for a
 * cell below the threshold), so a neighbour is already taken exactly when its position is
 * lower, and the union–find's arrays are as long as the cells over the threshold (a tenth of a
 * London grid), not the grid. A cell's at most four distinct neighbouring roots are kept in `roots`.
 */
export function compactCells(
  values: ArrayLike<number>,
  nx: number,
  ny: number,
  t: number,
  maxCells: number,
): { area: Int32Array; count: number; order: Int32Array } {
  const m = nx * ny;
  const order = cellsByDensity(values, t);
  const n = order.length;
  const rank = new Int32Array(m);
  for (let k = 0; k < n; k++) rank[order[k]] = k + 1;
  // Union–find over positions: parent[k] (LEFT_OUT when not in an area); size and closed per root.
  const parent = new Int32Array(n);
  const size = new Int32Array(n);
  const closed = new Uint8Array(n);
  const roots = new Int32Array(4);
  let nRoots = 0;
  let blocked = false;
  let k = 0;
  /** A neighbour v of the cell being taken (position k): its root joins `roots`, or it blocks the cell. */
  const look = (v: number): void => {
    const kv = rank[v] - 1;
    if (kv < 0 || kv >= k) return; // below the threshold, or not taken yet
    if (parent[kv] === LEFT_OUT) {
      blocked = true;
      return;
    }
    const r = find(parent, kv);
    if (closed[r]) blocked = true;
    for (let e = 0; e < nRoots; e++) if (roots[e] === r) return;
    roots[nRoots++] = r;
  };
  for (k = 0; k < n; k++) {
    const q = order[k];
    const i = q % nx;
    nRoots = 0;
    blocked = false;
    if (i > 0) look(q - 1);
    if (i < nx - 1) look(q + 1);
    if (q >= nx) look(q - nx);
    if (q + nx < m) look(q + nx);
    let total = 1;
    for (let e = 0; e < nRoots; e++) total += size[roots[e]];
    if (blocked || total > maxCells) {
      parent[k] = LEFT_OUT;
      for (let e = 0; e < nRoots; e++) closed[roots[e]] = 1;
      continue;
    }
    // A new peak, or the merge of the areas it touches (with it) within the cap.
    const root = nRoots ? roots[0] : k;
    parent[k] = root;
    for (let e = 1; e < nRoots; e++) parent[roots[e]] = root;
    size[root] = total;
  }
  // Areas numbered by their first cell in sweep order (their peak); `size` is reused for each
  // root's area number (stored as −1 − number once given).
  const area = new Int32Array(m).fill(-1);
  let count = 0;
  for (let e = 0; e < n; e++) {
    if (parent[e] === LEFT_OUT) continue;
    const r = find(parent, e);
    if (size[r] >= 0) size[r] = -1 - count++;
    area[order[e]] = -1 - size[r];
  }
  return { area, count, order };
}

/**
 * The compact method for hotspotAreas: outlines (BNG) of the areas of compactCells at least
 * minAreaKm2 large, and the area (index in polys) of every node, −1 outside.
 */
export function compactAreas(
  values: Float64Array,
  grid: GridSpec,
  t: number,
  maxAreaKm2: number,
  minAreaKm2: number,
): { polys: AreaPolygon[]; nodeOwner: Int32Array } {
  const { nx, ny } = grid;
  const cellKm2 = (grid.cell / 1000) ** 2;
  // The largest whole number of cells within the cap (1e-9 of slack for rounding), at least one.
  const maxCells = Math.max(1, Math.floor((maxAreaKm2 / cellKm2) * (1 + 1e-9)));
  const { area, count, order } = compactCells(values, nx, ny, t, maxCells);
  // Each area's box of cells (only the swept cells can be in an area).
  const box = new Int32Array(count * 4);
  for (let a = 0; a < count; a++) box.set([nx, ny, -1, -1], a * 4);
  for (const q of order) {
    const a = area[q];
    if (a < 0) continue;
    const i = q % nx;
    const j = (q - i) / nx;
    const o = a * 4;
    if (i < box[o]) box[o] = i;
    if (j < box[o + 1]) box[o + 1] = j;
    if (i > box[o + 2]) box[o + 2] = i;
    if (j > box[o + 3]) box[o + 3] = j;
  }
  const polys: AreaPolygon[] = [];
  const kept = new Int32Array(count).fill(-1);
  for (let a = 0; a < count; a++) {
    const [i0, j0, i1, j1] = box.subarray(a * 4, a * 4 + 4);
    // The area's cells in its box with a spare cell on each side (maskOutline's layout).
    const w = i1 - i0 + 3;
    const mask = new Uint8Array(w * (j1 - j0 + 3));
    for (let j = j0; j <= j1; j++)
      for (let i = i0, q = j * nx + i0; i <= i1; i++, q++) if (area[q] === a) mask[(j - j0 + 1) * w + (i - i0 + 1)] = 1;
    const poly = maskOutline(mask, i0, j0, i1, j1);
    const rings = gridRingsToBng(poly, grid);
    const areaKm2 = ringsAreaKm2(rings);
    if (areaKm2 < minAreaKm2) continue;
    kept[a] = polys.length;
    polys.push({ rings, areaKm2, bbox: ringBbox(rings[0]) });
  }
  // The owners: `area` renumbered in place to the kept polygons (−1 for the dropped).
  for (const q of order) if (area[q] >= 0) area[q] = kept[area[q]];
  return { polys, nodeOwner: area };
}
