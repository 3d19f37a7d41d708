/**
 * The counts a cube partition holds (the CLI's `cubes` command writes them to Parquet): crimes
 * by ward × month × category, and by ward × month × category × British National Grid cell at
 * each cell size. Pure: typed arrays in, rows out.
 *
 * Conventions (the same as the session's, so that cube sums equal its figures):
 * - A crime's ward is the engine's assignment (wardIndex.ts, half-open tie rule); crimes outside
 *   every ward are not in the ward rows, and in the cell rows with ward index −1 (the page's
 *   density uses only crimes inside the chosen wards; a cell row keeps its ward for that).
 * - A cell is named by its south-west corner in BNG metres, a multiple of the cell size:
 *   x0 = floor(x / cell) · cell (a point on a cell's west or south edge is in that cell).
 * - Every category is counted, anti-social behaviour included; "all crime" is a filter on read.
 */
import type { CrimeTable } from '../core/types.ts';

export interface WardCountRows {
  ward: Int32Array;
  month: Uint16Array;
  category: Uint16Array;
  count: Uint32Array;
  length: number;
}

export interface CellCountRows extends WardCountRows {
  cell: Uint16Array;
  x0: Int32Array;
  y0: Int32Array;
}

/** All rows of a table, for the functions below when no subset is given. */
function allRows(n: number): Uint32Array {
  const r = new Uint32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}

/** Crimes per (ward, month, category) of the rows (`rows`: a subset, default all) inside a ward, in ward, month, category order. */
export function wardCounts(t: CrimeTable, wardOfRow: Int32Array, rows: Uint32Array = allRows(t.length)): WardCountRows {
  const counts = new Map<number, number>();
  const nCat = 1 << 8;
  const nMonth = 1 << 16;
  for (const i of rows) {
    const w = wardOfRow[i];
    if (w < 0) continue;
    const key = (w * nMonth + t.month[i]) * nCat + t.category[i];
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const keys = [...counts.keys()].sort((a, b) => a - b);
  const out: WardCountRows = {
    ward: new Int32Array(keys.length),
    month: new Uint16Array(keys.length),
    category: new Uint16Array(keys.length),
    count: new Uint32Array(keys.length),
    length: keys.length,
  };
  keys.forEach((k, j) => {
    out.category[j] = k % nCat;
    const wm = Math.floor(k / nCat);
    out.month[j] = wm % nMonth;
    out.ward[j] = Math.floor(wm / nMonth);
    out.count[j] = counts.get(k) as number;
  });
  return out;
}

/** Cells per side of the key lattice, and the offset that keeps indexes of points west or south of the grid's origin positive. */
const SPAN = 40_000;
const OFFSET = 5_000;
/** Wards a key can hold (with −1 for outside): England and Wales have about 8,700. */
const MAX_WARDS = 10_000;

/**
 * Crimes per (ward or −1, month, category, cell) at each cell size, for rows with a projected
 * point; in cell size, month, then key order. Keys are exact integers below 2^53:
 * ((cellIndex · (MAX_WARDS + 1)) + ward + 1) · 64 + category, per month and cell size.
 */
export function cellCounts(
  t: CrimeTable,
  wardOfRow: Int32Array,
  cells: readonly number[],
  rows: Uint32Array = allRows(t.length),
): CellCountRows {
  const parts: { cell: number; month: number; keys: number[]; counts: Map<number, number> }[] = [];
  const months = [...new Set(Array.from(rows, (i) => t.month[i]))].sort((a, b) => a - b);
  for (const cell of cells) {
    for (const month of months) {
      const counts = new Map<number, number>();
      for (const i of rows) {
        if (t.month[i] !== month) continue;
        const x = t.x[i];
        const y = t.y[i];
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        const cx = Math.floor(x / cell) + OFFSET;
        const cy = Math.floor(y / cell) + OFFSET;
        const w = wardOfRow[i];
        if (cx < 0 || cy < 0 || cx >= SPAN || cy >= SPAN || w >= MAX_WARDS || t.category[i] >= 64)
          throw new RangeError(
            `cell counts: point ${x}, ${y}, ward ${w} or category ${t.category[i]} is outside the key lattice`,
          );
        const key = ((cx * SPAN + cy) * (MAX_WARDS + 1) + (w + 1)) * 64 + t.category[i];
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      parts.push({ cell, month, keys: [...counts.keys()].sort((a, b) => a - b), counts });
    }
  }
  const n = parts.reduce((s, p) => s + p.keys.length, 0);
  const out: CellCountRows = {
    cell: new Uint16Array(n),
    x0: new Int32Array(n),
    y0: new Int32Array(n),
    ward: new Int32Array(n),
    month: new Uint16Array(n),
    category: new Uint16Array(n),
    count: new Uint32Array(n),
    length: n,
  };
  let j = 0;
  for (const p of parts)
    for (const k of p.keys) {
      out.category[j] = k % 64;
      const rest = Math.floor(k / 64);
      out.ward[j] = (rest % (MAX_WARDS + 1)) - 1;
      const idx = Math.floor(rest / (MAX_WARDS + 1));
      out.x0[j] = (Math.floor(idx / SPAN) - OFFSET) * p.cell;
      out.y0[j] = ((idx % SPAN) - OFFSET) * p.cell;
      out.cell[j] = p.cell;
      out.month[j] = p.month;
      out.count[j] = p.counts.get(k) as number;
      j++;
    }
  return out;
}
