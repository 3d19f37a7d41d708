/**
 * The counts cube: crimes per ward × category × month, built once per load so that
 * any filter (month range, set of categories) is a sum over the cube instead of a
 * re-scan of the rows.
 *
 * Conventions:
 * - counts[(ward * nCategories + category) * nMonths + (month - month0)].
 * - A count is Σ weight over the rows in the cell (weight 1 when no weights are given),
 *   so harm-weighted analyses use the same code path.
 * - Rows with ward -1 (outside every ward) are kept in `outside` [category][month] so
 *   the data-quality panel can report them; they are never part of ward shares.
 * - Rows whose month is MONTH_NONE are skipped (the ingest has already counted them).
 * - month0/nMonths span the months present; an empty cube has nMonths = 0.
 */
import { MONTH_NONE } from '../core/months.ts';

export interface CountCube {
  nWards: number;
  nCategories: number;
  /** Month index (months.ts) of the first month slot. */
  month0: number;
  nMonths: number;
  /** [ward][category][month], see the module comment. */
  counts: Float64Array;
  /** [category][month] for rows outside every ward. */
  outside: Float64Array;
}

export function buildCube(
  wardOfRow: Int32Array,
  month: Uint16Array,
  category: Uint16Array,
  weight: Float32Array | null,
  nWards: number,
  nCategories: number,
): CountCube {
  const n = wardOfRow.length;
  if (month.length !== n || category.length !== n || (weight !== null && weight.length !== n)) {
    throw new RangeError('buildCube: column lengths differ');
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const m = month[i];
    if (m === MONTH_NONE) continue;
    if (m < lo) lo = m;
    if (m > hi) hi = m;
  }
  const month0 = n > 0 && lo <= hi ? lo : 0;
  const nMonths = lo <= hi ? hi - lo + 1 : 0;
  const counts = new Float64Array(nWards * nCategories * nMonths);
  const outside = new Float64Array(nCategories * nMonths);
  for (let i = 0; i < n; i++) {
    const m = month[i];
    if (m === MONTH_NONE) continue;
    const c = category[i];
    if (c >= nCategories) throw new RangeError(`buildCube: row ${i} has category ${c} ≥ nCategories ${nCategories}`);
    const w = wardOfRow[i];
    if (w >= nWards) throw new RangeError(`buildCube: row ${i} has ward ${w} ≥ nWards ${nWards}`);
    const v = weight === null ? 1 : weight[i];
    if (w < 0) outside[c * nMonths + (m - month0)] += v;
    else counts[(w * nCategories + c) * nMonths + (m - month0)] += v;
  }
  return { nWards, nCategories, month0, nMonths, counts, outside };
}

/** Offsets [lo, hi] of the inclusive month range clipped to the cube; lo > hi when they do not meet. */
export function monthSlots(cube: CountCube, from: number, to: number): [number, number] {
  return [Math.max(0, from - cube.month0), Math.min(cube.nMonths - 1, to - cube.month0)];
}

function checkMask(cube: CountCube, mask: Uint8Array): void {
  if (mask.length !== cube.nCategories)
    throw new RangeError(`category mask has ${mask.length} entries, cube has ${cube.nCategories} categories`);
}

/** Per-ward count over the selected categories and months [from, to] (inclusive). */
export function wardTotals(cube: CountCube, mask: Uint8Array, from: number, to: number): Float64Array {
  checkMask(cube, mask);
  const { nWards, nCategories, nMonths, counts } = cube;
  const out = new Float64Array(nWards);
  const [lo, hi] = monthSlots(cube, from, to);
  if (lo > hi) return out;
  for (let w = 0; w < nWards; w++) {
    let s = 0;
    for (let c = 0; c < nCategories; c++) {
      if (!mask[c]) continue;
      const base = (w * nCategories + c) * nMonths;
      for (let m = base + lo, end = base + hi; m <= end; m++) s += counts[m];
    }
    out[w] = s;
  }
  return out;
}

/** Borough total: the count inside all wards for the selection. */
export function boroughTotal(cube: CountCube, mask: Uint8Array, from: number, to: number): number {
  let s = 0;
  for (const v of wardTotals(cube, mask, from, to)) s += v;
  return s;
}

/** Count outside every ward for the selection (for the data-quality panel). */
export function outsideTotal(cube: CountCube, mask: Uint8Array, from: number, to: number): number {
  checkMask(cube, mask);
  const [lo, hi] = monthSlots(cube, from, to);
  let s = 0;
  for (let c = 0; c < cube.nCategories; c++) {
    if (!mask[c]) continue;
    for (let m = lo; m <= hi; m++) s += cube.outside[c * cube.nMonths + m];
  }
  return s;
}

/**
 * Per category × month totals over all wards, [category][month] over the cube's whole
 * month span (the trend chart). `includeOutside` adds the rows outside every ward.
 */
export function categoryMonthTotals(cube: CountCube, includeOutside = false): Float64Array {
  const { nWards, nCategories, nMonths, counts } = cube;
  const out = includeOutside ? cube.outside.slice() : new Float64Array(nCategories * nMonths);
  for (let w = 0; w < nWards; w++) {
    const base = w * nCategories * nMonths;
    for (let k = 0; k < nCategories * nMonths; k++) out[k] += counts[base + k];
  }
  return out;
}

/** Monthly series over the cube's month span for the selected categories, inside the wards. */
export function monthlySeries(cube: CountCube, mask: Uint8Array, includeOutside = false): Float64Array {
  checkMask(cube, mask);
  const totals = categoryMonthTotals(cube, includeOutside);
  const out = new Float64Array(cube.nMonths);
  for (let c = 0; c < cube.nCategories; c++) {
    if (!mask[c]) continue;
    for (let m = 0; m < cube.nMonths; m++) out[m] += totals[c * cube.nMonths + m];
  }
  return out;
}

/**
 * True when the cube's month span covers all of [from, to]. A comparison against a period
 * the data do not cover would read as "new: 0 → n" everywhere, so callers check this first.
 * (Months inside the span with no rows at all cannot be told apart from a quiet month here.)
 */
export function coversMonths(cube: CountCube, from: number, to: number): boolean {
  return cube.nMonths > 0 && from <= to && from >= cube.month0 && to <= cube.month0 + cube.nMonths - 1;
}
