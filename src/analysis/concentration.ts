/**
 * How concentrated crime is across wards: top-N shares, the Lorenz curve, the Gini
 * coefficient and its generalised form for sparse counts.
 *
 * Conventions:
 * - Gini is the biased (DescTools `Gini(unbiased = FALSE)`) form over counts sorted
 *   ascending x(1) ≤ … ≤ x(n), i from 1:  G = 2 Σ i·x(i) / (n Σx) − (n + 1)/n.
 *   All equal → 0; one ward holds everything → (n − 1)/n.
 * - Generalised Gini (Bernasco & Steenbeek 2017, R `lorenzgini`): with c crimes in n
 *   units and c < n, even the most equal spread leaves n − c units empty, so G is
 *   rescaled: G′ = max(1, n/c)·(G − 1) + 1. When c ≥ n, G′ = G. The paper's unbiased
 *   variant multiplies by min(n, c)/(min(n, c) − 1); it is not used here. For weighted
 *   counts c is the weighted total.
 * - Lorenz curve: units sorted ASCENDING, points (0,0), (k/n, share of crime in the k
 *   lowest units) … (1,1). x = share of wards, y = share of crime.
 * - Top-N: units sorted DESCENDING (the WardRow order), share of crime in the top N.
 * - Undefined statistics (no wards, or no crime) are null, never NaN.
 */
import type { WardRow } from './shares.ts';

function sortedAscending(counts: ArrayLike<number>): Float64Array {
  return Float64Array.from(counts).sort();
}

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/** Biased Gini coefficient of counts; null when there are no units or no crime. */
export function gini(counts: ArrayLike<number>): number | null {
  const x = sortedAscending(counts);
  const n = x.length;
  const total = sum(x);
  if (n === 0 || !(total > 0)) return null;
  let s = 0;
  for (let i = 0; i < n; i++) s += (i + 1) * x[i];
  return (2 * s) / (n * total) - (n + 1) / n;
}

/** Generalised Gini of Bernasco & Steenbeek (2017) for sparse counts; null like gini(). */
export function generalisedGini(counts: ArrayLike<number>): number | null {
  const g = gini(counts);
  if (g === null) return null;
  const n = counts.length;
  const c = sum(counts);
  return Math.max(1, n / c) * (g - 1) + 1;
}

export interface LorenzCurve {
  /** Cumulative share of wards, 0 … 1 (n + 1 points). */
  x: Float64Array;
  /** Cumulative share of crime, 0 … 1, wards taken in ascending order of count. */
  y: Float64Array;
}

/** Lorenz curve points (ascending), or null when there is no crime. */
export function lorenzCurve(counts: ArrayLike<number>): LorenzCurve | null {
  const s = sortedAscending(counts);
  const n = s.length;
  const total = sum(s);
  if (n === 0 || !(total > 0)) return null;
  const x = new Float64Array(n + 1);
  const y = new Float64Array(n + 1);
  let run = 0;
  for (let k = 1; k <= n; k++) {
    run += s[k - 1];
    x[k] = k / n;
    y[k] = run / total;
  }
  x[n] = 1;
  y[n] = 1;
  return { x, y };
}

export interface TopShare {
  n: number;
  /** Share of crime in the top n wards. */
  share: number;
  /** n / number of wards. */
  wardFraction: number;
  names: string[];
}

/** The share held by the top n rows (rows as wardShares returns them: count descending). */
export function topShare(rows: readonly WardRow[], n: number): TopShare {
  const k = Math.max(0, Math.min(Math.floor(n), rows.length));
  return {
    n: k,
    share: k === 0 ? 0 : rows[k - 1].cumulativeShare,
    wardFraction: rows.length === 0 ? 0 : k / rows.length,
    names: rows.slice(0, k).map((r) => r.name),
  };
}

/**
 * Smallest number of wards that together hold at least `target` (default 50%) of the crime;
 * null when there is no crime. Compares counts, not rounded shares.
 */
export function wardsHolding(rows: readonly WardRow[], target = 0.5): number | null {
  let total = 0;
  for (const r of rows) total += r.count;
  if (!(total > 0)) return null;
  let run = 0;
  for (let k = 0; k < rows.length; k++) {
    run += rows[k].count;
    // Small tolerance so 0.1 + 0.2-style float sums do not miss an exact 50%.
    if (run >= target * total * (1 - 1e-12)) return k + 1;
  }
  return rows.length;
}

export interface ConcentrationSummary {
  nWards: number;
  total: number;
  /** Ward names in descending order of count (the top-N names are a prefix). */
  namesDescending: string[];
  /** cumulative[k - 1] = share of crime in the top k wards, k = 1 … nWards. */
  cumulative: Float64Array;
  gini: number | null;
  generalisedGini: number | null;
  lorenz: LorenzCurve | null;
  /** Smallest number of wards holding ≥ 50% of crime. */
  wardsForHalf: number | null;
}

export function concentration(rows: readonly WardRow[]): ConcentrationSummary {
  const counts = rows.map((r) => r.count);
  return {
    nWards: rows.length,
    total: sum(counts),
    namesDescending: rows.map((r) => r.name),
    cumulative: Float64Array.from(rows, (r) => r.cumulativeShare),
    gini: gini(counts),
    generalisedGini: generalisedGini(counts),
    lorenz: lorenzCurve(counts),
    wardsForHalf: wardsHolding(rows, 0.5),
  };
}
