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
 *
 * Row order is the order the cube files are written in (docs/cubes.md), so that DuckDB writes
 * them without sorting: wards by ward code, month, category; cells by cell size, ward code
 * (outside first: ''), month, category, x0, y0. Codes and categories compare as strings in
 * code-unit order (`CubeOrder`), which is DuckDB's byte order for the ASCII codes and
 * police.uk's category names; month indexes ascend as their YYYY-MM text does.
 *
 * Counting is a sort, not a hash: each row's key is packed into one float64 (exact below 2^53),
 * the keys are sorted as a Float64Array and equal keys run-length counted.
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

/**
 * String order of the ward codes and of a table's categories: `wardRank[w + 1]` is ward w's
 * place among the codes sorted, after '' (outside every ward, rank 0); `categoryRank[c]` is
 * category c's place among the table's categories sorted.
 */
export interface CubeOrder {
  wardRank: Int32Array;
  categoryRank: Uint16Array;
}

/** The places of `names` when sorted in code-unit order. */
function ranks(names: readonly string[]): number[] {
  const order = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : a - b));
  const rank = new Array<number>(names.length);
  order.forEach((i, r) => (rank[i] = r));
  return rank;
}

/** The cube order of a ward set's codes and a table's categories. */
export function cubeOrder(codes: readonly string[], categories: readonly string[]): CubeOrder {
  return {
    wardRank: Int32Array.from([0, ...ranks(codes).map((r) => r + 1)]),
    categoryRank: Uint16Array.from(ranks(categories)),
  };
}

/** All rows of a table, for the functions below when no subset is given. */
function allRows(n: number): Uint32Array {
  const r = new Uint32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}

/** Inverse of a rank array: the item at each rank. */
function byRank(rank: ArrayLike<number>): Int32Array {
  const out = new Int32Array(rank.length);
  for (let i = 0; i < rank.length; i++) out[rank[i]] = i;
  return out;
}

/** Run-length counts of sorted keys: the distinct keys and how many of each. */
function runs(keys: Float64Array): { keys: Float64Array; counts: Uint32Array } {
  keys.sort();
  let n = 0;
  for (let i = 0; i < keys.length; i++) if (i === 0 || keys[i] !== keys[i - 1]) n++;
  const out = { keys: new Float64Array(n), counts: new Uint32Array(n) };
  let j = -1;
  for (let i = 0; i < keys.length; i++) {
    if (i === 0 || keys[i] !== keys[i - 1]) out.keys[++j] = keys[i];
    out.counts[j]++;
  }
  return out;
}

/** Categories a key can hold. */
const N_CAT = 256;

/** The first month of the rows and how many months they span. */
function monthSpan(t: CrimeTable, rows: Uint32Array): { first: number; span: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const i of rows) {
    lo = Math.min(lo, t.month[i]);
    hi = Math.max(hi, t.month[i]);
  }
  return rows.length ? { first: lo, span: hi - lo + 1 } : { first: 0, span: 1 };
}

/** The group key (ward rank, month, category rank) of row i, below (wards + 1) · span · 256. */
function groupKey(t: CrimeTable, w: number, i: number, o: CubeOrder, first: number, span: number): number {
  const c = t.category[i];
  if (c >= N_CAT) throw new RangeError(`cube counts: more than ${N_CAT} categories`);
  return (o.wardRank[w + 1] * span + (t.month[i] - first)) * N_CAT + o.categoryRank[c];
}

/** Cells per side of the lattice, and the offset that keeps indexes of points west or south of the grid's origin positive. */
const SPAN = 40_000;
const OFFSET = 5_000;
/** Cell keys: SPAN² < 2^31, so a group's rank times 2^31 plus the cell stays exact while the rank is below 2^22. */
const CELL_KEYS = 2 ** 31;
const MAX_GROUPS = 2 ** 22;

/** The (ward, month, category) groups of the rows, sorted, with their sizes, and each row's group by rank. */
function groupsOf(t: CrimeTable, wardOfRow: Int32Array, rows: Uint32Array, order: CubeOrder) {
  const month = monthSpan(t, rows);
  const key = new Float64Array(rows.length);
  for (let j = 0; j < rows.length; j++)
    key[j] = groupKey(t, wardOfRow[rows[j]], rows[j], order, month.first, month.span);
  const groups = runs(key.slice());
  if (groups.keys.length > MAX_GROUPS)
    throw new RangeError(`cube counts: more than ${MAX_GROUPS} groups in one partition`);
  const rankOf = new Map<number, number>();
  groups.keys.forEach((g, r) => rankOf.set(g, r));
  const rowGroup = new Int32Array(rows.length);
  for (let j = 0; j < rows.length; j++) rowGroup[j] = rankOf.get(key[j]) as number;
  const wardAt = byRank(order.wardRank);
  const catAt = byRank(order.categoryRank);
  /** Group g's ward index (−1: outside), month index and category index. */
  const decode = (g: number) => {
    const k = groups.keys[g];
    const wm = Math.floor(k / N_CAT);
    return {
      ward: wardAt[Math.floor(wm / month.span)] - 1,
      month: month.first + (wm % month.span),
      category: catAt[k % N_CAT],
    };
  };
  return { groups, rowGroup, decode };
}

/**
 * A partition's counts (`rows`: a subset of the table, default all), in cube order: crimes per
 * (ward, month, category) of the rows inside a ward, and per (ward or −1, month, category, cell)
 * at each cell size (ascending) of the rows with a projected point.
 */
export function partitionCounts(
  t: CrimeTable,
  wardOfRow: Int32Array,
  cells: readonly number[],
  order: CubeOrder,
  rows: Uint32Array = allRows(t.length),
): { wards: WardCountRows; cells: CellCountRows } {
  const { groups, rowGroup, decode } = groupsOf(t, wardOfRow, rows, order);
  // Ward rows: the groups of a ward (rank 0, outside, sorts first).
  let inside = 0;
  while (inside < groups.keys.length && decode(inside).ward < 0) inside++;
  const nw = groups.keys.length - inside;
  const wards: WardCountRows = {
    ward: new Int32Array(nw),
    month: new Uint16Array(nw),
    category: new Uint16Array(nw),
    count: groups.counts.slice(inside),
    length: nw,
  };
  for (let j = 0; j < nw; j++) {
    const d = decode(inside + j);
    wards.ward[j] = d.ward;
    wards.month[j] = d.month;
    wards.category[j] = d.category;
  }
  const sizes = [...new Set(cells)].sort((a, b) => a - b);
  const parts = sizes.map((cell) => ({ cell, ...cellRuns(t, cell, rows, rowGroup) }));
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
    for (let k = 0; k < p.keys.length; k++, j++) {
      const key = p.keys[k];
      const idx = key % CELL_KEYS;
      const d = decode(Math.floor(key / CELL_KEYS));
      out.x0[j] = (Math.floor(idx / SPAN) - OFFSET) * p.cell;
      out.y0[j] = ((idx % SPAN) - OFFSET) * p.cell;
      out.cell[j] = p.cell;
      out.count[j] = p.counts[k];
      out.ward[j] = d.ward;
      out.month[j] = d.month;
      out.category[j] = d.category;
    }
  return { wards, cells: out };
}

/** One cell size's sorted keys (group rank · 2^31 + cell) of the rows with a point, with counts. */
function cellRuns(t: CrimeTable, cell: number, rows: Uint32Array, rowGroup: Int32Array) {
  const keys = new Float64Array(rows.length);
  let n = 0;
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j];
    const x = t.x[i];
    const y = t.y[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const cx = Math.floor(x / cell) + OFFSET;
    const cy = Math.floor(y / cell) + OFFSET;
    if (cx < 0 || cy < 0 || cx >= SPAN || cy >= SPAN)
      throw new RangeError(`cell counts: point ${x}, ${y} is outside the key lattice`);
    keys[n++] = rowGroup[j] * CELL_KEYS + cx * SPAN + cy;
  }
  return runs(keys.subarray(0, n));
}

/** Crimes per (ward, month, category) of the rows inside a ward, in cube order (partitionCounts). */
export function wardCounts(t: CrimeTable, wardOfRow: Int32Array, order: CubeOrder, rows?: Uint32Array): WardCountRows {
  return partitionCounts(t, wardOfRow, [], order, rows).wards;
}

/** Crimes per (ward or −1, month, category, cell) at each cell size, in cube order (partitionCounts). */
export function cellCounts(
  t: CrimeTable,
  wardOfRow: Int32Array,
  cells: readonly number[],
  order: CubeOrder,
  rows?: Uint32Array,
): CellCountRows {
  return partitionCounts(t, wardOfRow, cells, order, rows).cells;
}
