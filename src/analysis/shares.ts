/**
 * Ward shares: each ward's count, its share of the crime inside the wards, the running
 * (cumulative) share down the ranking, rank, and rate per 1,000 residents.
 *
 * Conventions:
 * - Rows are sorted by count descending; equal counts are ordered by ward name (English
 *   collation, then code) so the table is stable between runs.
 * - Rank is competition ranking ("1, 2, 2, 4"): equal counts share the better rank.
 * - share = count / total inside the wards (rows outside every ward are not in the
 *   denominator); when the total is 0 every share is 0, not NaN.
 * - cumulativeShare of row k = sum of shares of rows 1..k in this order (so with ties the
 *   name order decides which tied ward is counted first).
 * - ratePer1000 = 1000 · count / population; null when the population is unknown or 0.
 */
import { wardTotals, type CountCube } from './cube.ts';

export interface WardRow {
  code: string;
  name: string;
  /** Ward index in the WardSet. */
  index: number;
  count: number;
  share: number;
  cumulativeShare: number;
  rank: number;
  ratePer1000: number | null;
  population: number | null;
}

export interface WardLabels {
  codes: readonly string[];
  names: readonly string[];
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Shares from per-ward counts (counts[w] for ward index w). */
export function sharesFromCounts(
  counts: ArrayLike<number>,
  wards: WardLabels,
  population?: ReadonlyMap<string, number>,
): WardRow[] {
  const n = counts.length;
  if (wards.codes.length !== n || wards.names.length !== n)
    throw new RangeError(`sharesFromCounts: ${n} counts but ${wards.codes.length} ward codes`);
  let total = 0;
  for (let w = 0; w < n; w++) total += counts[w];
  const order = Array.from({ length: n }, (_, w) => w);
  order.sort(
    (a, b) =>
      counts[b] - counts[a] ||
      collator.compare(wards.names[a], wards.names[b]) ||
      (wards.codes[a] < wards.codes[b] ? -1 : wards.codes[a] > wards.codes[b] ? 1 : a - b),
  );
  const rows: WardRow[] = new Array<WardRow>(n);
  let running = 0;
  for (let k = 0; k < n; k++) {
    const w = order[k];
    const count = counts[w];
    running += count;
    const pop = population?.get(wards.codes[w]);
    const popOk = pop !== undefined && Number.isFinite(pop) && pop > 0;
    rows[k] = {
      code: wards.codes[w],
      name: wards.names[w],
      index: w,
      count,
      share: total > 0 ? count / total : 0,
      // Divide the running count rather than summing shares: the last row is exactly 1.
      cumulativeShare: total > 0 ? running / total : 0,
      rank: k > 0 && count === rows[k - 1].count ? rows[k - 1].rank : k + 1,
      ratePer1000: popOk ? (1000 * count) / pop : null,
      population: pop !== undefined && Number.isFinite(pop) ? pop : null,
    };
  }
  return rows;
}

/** Ward shares for the categories in `mask` and months [from, to] (inclusive), from the cube. */
export function wardShares(
  cube: CountCube,
  mask: Uint8Array,
  from: number,
  to: number,
  wards: WardLabels,
  population?: ReadonlyMap<string, number>,
): WardRow[] {
  return sharesFromCounts(wardTotals(cube, mask, from, to), wards, population);
}
