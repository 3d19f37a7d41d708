/**
 * Getis-Ord Gi* on grid counts (as sfhotspot::hotspot_gistar / spdep::localG with self included).
 *
 * Weights: binary, neighbours = cells within cell·√2 of the cell INCLUDING ITSELF (queen + self,
 * up to 9 cells; fewer at the grid edge or the mask edge — no wrap-around, no edge correction).
 * n, x̄ and S are taken over the study cells: all nx·ny cells, or only cells with mask[i] ≠ 0
 * when a mask is given (cells outside the mask are neither scored nor used as neighbours).
 *
 *   Gi* = (Σⱼ wᵢⱼxⱼ − x̄ Σⱼ wᵢⱼ) / ( S · √[(n Σⱼ wᵢⱼ² − (Σⱼ wᵢⱼ)²)/(n−1)] ),
 *   x̄ = Σxⱼ/n, S = √(Σxⱼ²/n − x̄²);  two-sided p = 2Φ(−|z|).
 *
 * Classes (ArcGIS Gi_Bin convention): ±3 = 99% (|z| ≥ 2.576), ±2 = 95% (1.960), ±1 = 90% (1.645),
 * sign of z; 0 = not significant, outside the mask, or undefined (S = 0).
 * With fdr: true (Benjamini–Hochberg, as ArcGIS's FDR option), a cell keeps confidence level L only
 * if its p is also ≤ the BH threshold computed at that level's α (0.01/0.05/0.10) over all study cells.
 */
import { twoSidedP } from './normal.ts';

export interface GiStarResult {
  /** z score per cell (NaN outside the mask or when all counts are equal). */
  z: Float64Array;
  /** Two-sided p per cell (NaN where z is NaN). */
  p: Float64Array;
  /** −3…3 as described above. */
  classes: Int8Array;
  /** Number of study cells n, mean x̄ and S. */
  n: number;
  mean: number;
  sd: number;
  /** BH p thresholds used at α = 0.10, 0.05, 0.01 (or null without FDR). */
  fdrThresholds: [number, number, number] | null;
}

const CRIT = [1.6448536269514722, 1.959963984540054, 2.5758293035489004];
const ALPHA = [0.1, 0.05, 0.01];

export function giStar(
  counts: ArrayLike<number>,
  nx: number,
  ny: number,
  opts: { mask?: Uint8Array | null; fdr?: boolean } = {},
): GiStarResult {
  const mask = opts.mask ?? null;
  const m = nx * ny;
  if (counts.length !== m) throw new RangeError(`expected ${m} counts, got ${counts.length}`);
  let n = 0;
  let sum = 0;
  let sum2 = 0;
  for (let i = 0; i < m; i++) {
    if (mask && mask[i] === 0) continue;
    const c = counts[i];
    n++;
    sum += c;
    sum2 += c * c;
  }
  const mean = n > 0 ? sum / n : NaN;
  const sd = n > 0 ? Math.sqrt(Math.max(0, sum2 / n - mean * mean)) : NaN;
  const z = new Float64Array(m).fill(NaN);
  const p = new Float64Array(m).fill(NaN);
  const classes = new Int8Array(m);
  if (n > 1 && sd > 0) {
    // The denominator depends only on the neighbour count w (1…9): precomputed.
    const den = new Float64Array(10);
    for (let w = 1; w <= 9; w++) den[w] = sd * Math.sqrt((n * w - w * w) / (n - 1));
    // p for a repeated z is looked up, not recomputed: with sparse (e.g. snapped) crime counts
    // most cells share a handful of neighbourhoods (all zero, one crime, …), hence of z values.
    let lastZ = NaN;
    let lastP = NaN;
    for (let row = 0; row < ny; row++) {
      const r0 = row > 0 ? row - 1 : 0;
      const r1 = row < ny - 1 ? row + 1 : ny - 1;
      for (let col = 0; col < nx; col++) {
        const i = row * nx + col;
        if (mask && mask[i] === 0) continue;
        const c0 = col > 0 ? col - 1 : 0;
        const c1 = col < nx - 1 ? col + 1 : nx - 1;
        let wx = 0;
        let w = 0; // Σw = Σw² for binary weights
        for (let r = r0; r <= r1; r++) {
          const o = r * nx;
          for (let c = c0; c <= c1; c++) {
            const j = o + c;
            if (mask && mask[j] === 0) continue;
            wx += counts[j];
            w++;
          }
        }
        const d = den[w];
        const zi = d > 0 ? (wx - mean * w) / d : NaN;
        z[i] = zi;
        if (zi !== lastZ) {
          lastZ = zi;
          lastP = Number.isNaN(zi) ? NaN : twoSidedP(zi);
        }
        p[i] = lastP;
      }
    }
  }
  const fdrThresholds = opts.fdr ? bhThresholds(p, n) : null;
  classify(z, p, fdrThresholds, classes);
  return { z, p, classes, n, mean, sd, fdrThresholds };
}

/**
 * BH at level α: the largest p₍ₖ₎ with p₍ₖ₎ ≤ (k/n)·α. Such a p is ≤ α, and the ranks of the
 * p-values ≤ α are the same among them as among all n, so only those ≤ max α are sorted
 * (typically a small share of the cells; a full sort of a million p-values costs ~100 ms).
 */
function bhThresholds(p: Float64Array, n: number): [number, number, number] {
  const m = p.length;
  const top = Math.max(...ALPHA);
  let k = 0;
  for (let i = 0; i < m; i++) if (p[i] <= top) k++;
  const ps = new Float64Array(k);
  k = 0;
  for (let i = 0; i < m; i++) if (p[i] <= top) ps[k++] = p[i];
  ps.sort(); // typed-array sort: numeric, ascending
  const bh = (alpha: number) => {
    let t = -1; // nothing passes
    for (let j = 0; j < ps.length; j++) if (ps[j] <= ((j + 1) / n) * alpha) t = ps[j];
    return t;
  };
  return [bh(ALPHA[0]), bh(ALPHA[1]), bh(ALPHA[2])];
}

/** Fills `classes` (−3…3) from z, p and the FDR thresholds (null: no FDR). */
function classify(
  z: Float64Array,
  p: Float64Array,
  fdrThresholds: [number, number, number] | null,
  classes: Int8Array,
): void {
  for (let i = 0; i < z.length; i++) {
    const zi = z[i];
    if (Number.isNaN(zi)) continue;
    const a = Math.abs(zi);
    let level = 0;
    for (let L = 2; L >= 0; L--) {
      if (a >= CRIT[L] && (!fdrThresholds || p[i] <= fdrThresholds[L])) {
        level = L + 1;
        break;
      }
    }
    classes[i] = zi > 0 ? level : -level;
  }
}
