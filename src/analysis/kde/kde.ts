/**
 * Kernel density of (weighted) points on a BNG grid, in crimes per km² (per month if asked).
 *
 * values[row·nx + col] (row 0 = south, see grid.ts) = 1e6 · Σᵢ wᵢ K(‖cᵣc − pᵢ‖) / months, with K from
 * kernels.ts (∫K = 1) and c the cell CENTRE. So Σ values · cell area (km²) = Σ w (× 1/months) for
 * points at least one bandwidth inside the grid.
 *
 * Methods:
 * - 'exact': direct sum over points at cell centres. O(n·πR²) for a kernel R cells wide; with
 *   opts.merged, n is the number of distinct map points, each carrying its rows' summed weight.
 * - 'stencil': linear binning (bin.ts), then scatter of each non-empty bin through the
 *   renormalised, binning-corrected kernel stencil (stencil.ts). O(n + bins·πR²): only the
 *   taps inside the kernel's disc are scattered.
 * - 'fft': the same binned grid and stencil, convolved by FFT (convolveFft.ts). O(n + m log m).
 * - 'auto' (default): exact when it is cheap or the kernel is narrow (< 8 cells, where binning
 *   errs most), else the cheaper fast method by a cost model measured on this code (COST below).
 * The two fast methods give the same numbers as each other (to ~1e-12). The fast methods can take
 * the points already binned (opts.binned, from binPoints in binned.ts): a change of bandwidth or
 * kernel then re-convolves without re-binning, with the same numbers bit for bit (the output grid
 * is a window of the bins' lattice; see binned.ts). Against 'exact' at the
 * peak of clustered data the quartic is within ~5% at h = 2 cells, 2% at 3 cells, 1% for
 * h ≥ 4 cells and 0.2% for h ≥ 8 cells (test/kde/kde.test.ts); a lone heavily duplicated
 * point at h of 2–4 cells can be further off, which is why 'auto' prefers exact for narrow kernels.
 */
import { linearBin, type Bins } from './bin.ts';
import { windowBins, type LatticeBins } from './binned.ts';
import { convolveFft } from './convolveFft.ts';
import { nextPow2 } from './fft.ts';
import type { GridSpec } from './grid.ts';
import { makeKernel, type KernelName } from './kernels.ts';
import { convolveStencil, kernelStencil, stencilSpans } from './stencil.ts';

export type KdeMethod = 'exact' | 'stencil' | 'fft';

export interface KdeOptions {
  kernel: KernelName;
  /** Metres; for the Gaussian this is σ (the standard deviation). */
  bandwidth: number;
  grid: GridSpec;
  method?: 'auto' | KdeMethod;
  /** Divide by this many months to report crimes per km² per month (default 1 = over the window). */
  months?: number;
  /** Only these rows of x / y / weight (default: all rows). */
  index?: Uint32Array | null;
  /** Linear-binning bias correction in the fast methods (default true; see stencil.ts). */
  correctBinning?: boolean;
  /**
   * The same points (x, y, weight and index) already binned by binPoints (binned.ts) with the
   * grid's cell size, for the fast methods. A function is called only when a fast method is
   * chosen — 'exact' sums over the points directly and needs no bins — and may return null to
   * have the points binned here. Throws RangeError when the bins do not go with the points
   * (other row count or weighting) or the grid is not on their lattice.
   */
  binned?: LatticeBins | (() => LatticeBins | null) | null;
  /**
   * The same points merged by coordinate (mergePoints): each distinct (x, y) once, carrying the
   * summed weight of its rows. The exact method sums over these instead (the same sum, grouped:
   * values agree to rounding, ~1e-15 relative), and its cost is estimated from their count, not
   * the rows'. police.uk snaps a million London crimes onto ~100,000 map points, so exact
   * becomes cheaper than binning and convolving. A function is called when the method is chosen.
   */
  merged?: MergedPoints | (() => MergedPoints) | null;
}

/** Distinct coordinates and the summed weight of the rows at each (see KdeOptions.merged). */
export interface MergedPoints {
  x: Float64Array;
  y: Float64Array;
  weight: Float64Array;
  /** The entries of x / y / weight to use. */
  index: Uint32Array;
}

/**
 * Merges rows by coordinate: `distinct` numbers each row's (x, y) pair (−1: a NaN coordinate;
 * uniquePoints.ts), and the result lists each pair used by `rows` once with the summed weight
 * (1 a row when unweighted), in the pairs' own order.
 */
export function mergePoints(
  distinct: { ux: Float64Array; uy: Float64Array; index: Int32Array; count: number },
  rows: Uint32Array,
  weight: Float32Array | null,
): MergedPoints {
  const w = new Float64Array(distinct.count);
  const used = new Uint8Array(distinct.count);
  const di = distinct.index;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    const u = di[r];
    if (u < 0) continue;
    w[u] += weight ? weight[r] : 1;
    used[u] = 1;
  }
  let n = 0;
  for (let u = 0; u < distinct.count; u++) n += used[u];
  const index = new Uint32Array(n);
  n = 0;
  for (let u = 0; u < distinct.count; u++) if (used[u]) index[n++] = u;
  return { x: distinct.ux, y: distinct.uy, weight: w, index };
}

export interface KdeResult {
  /** Crimes per km² over the window (or per month when months > 1), row 0 = south. */
  values: Float64Array;
  grid: GridSpec;
  max: number;
  method: KdeMethod;
  kernel: KernelName;
  bandwidth: number;
  /** c in K(d) = c·profile(d²), per m² (e.g. 3/(πh²) for the quartic). */
  kernelConstant: number;
  months: number;
  /** Σ weight of the rows used (finite coordinates), and how much of it fell too far outside the grid to count. */
  totalWeight: number;
  droppedWeight: number;
  /** Kernel half-width in cells. */
  radiusCells: number;
  /** Where the fast methods' bins came from: binned in this call ('points'), given in opts.binned ('supplied'); null for exact. */
  binnedFrom: 'points' | 'supplied' | null;
  /** Wall time of the computation in ms (for the status line). */
  ms: number;
}

/**
 * Relative cost per unit of work, from timings of this code (1M clustered points, 592² and 614²
 * grids, 100 m cells; see the report of issue 3): exact ≈ 3.3× a stencil tap per kernel tap
 * (Gaussian pays an exp), binning per point, FFT per element·log₂(elements) for the whole
 * forward + inverse pass with the half-height real-pair packing. Only the ratios matter.
 * stencilTap is per tap of the whole (2R+1)² square, as estimated before binning; it is kept as
 * measured so that the exact-vs-fast choice (which trades accuracy for narrow kernels) is
 * unchanged. stencilSpanTap is per tap actually scattered now that convolveStencil skips the
 * zero taps outside the kernel's disc (stencilSpans): ≈ 3.2 ns a tap against ≈ 12.5 ns per FFT
 * element·log₂ (1M London points, 61 m and 100 m cells, R = 3–84), used to pick stencil or FFT
 * once the non-empty bins are known (both give the same numbers, so that choice is speed only).
 */
const COST = { exactTap: 3.3, exactTapGaussian: 10, binPoint: 5, stencilTap: 1, stencilSpanTap: 1.15, fftElemLog: 4.5 };
/** Below this many cost units exact is used regardless (a few ms). */
const CHEAP = 5e6;

export function kde(x: Float64Array, y: Float64Array, weight: Float32Array | null, opts: KdeOptions): KdeResult {
  const t0 = performance.now();
  const { grid, bandwidth } = opts;
  const months = opts.months ?? 1;
  if (!(months > 0)) throw new RangeError(`months must be positive, got ${months}`);
  if (!(grid.nx > 0 && grid.ny > 0 && grid.cell > 0)) throw new RangeError('invalid grid');
  const kernel = makeKernel(opts.kernel, bandwidth);
  const R = Math.max(0, Math.ceil(kernel.support / grid.cell - 1e-9));
  const n = opts.index ? opts.index.length : x.length;

  let method: KdeMethod;
  // The choice never depends on whether bins were supplied (binning is costed either way), so
  // supplied bins give the same method, hence the same numbers, as binning here.
  const requested = opts.method ?? 'auto';
  let fftCost = 0;
  // The exact method's points: the merged ones when given (fewer, same sums). Not made when a
  // fast method is asked for.
  const merged =
    requested === 'stencil' || requested === 'fft'
      ? null
      : typeof opts.merged === 'function'
        ? opts.merged()
        : (opts.merged ?? null);
  const nExact = merged ? merged.index.length : n;
  if (requested === 'auto') ({ method, fftCost } = autoMethod(kernel, R, grid, n, nExact));
  else method = requested;

  let values: Float64Array;
  let total = 0;
  let dropped = 0;
  let binnedFrom: KdeResult['binnedFrom'] = null;
  if (method === 'exact') {
    ({ values, total } = merged
      ? exactSum(merged.x, merged.y, merged.weight, grid, kernel.support, kernel.profile, kernel.name, merged.index)
      : exactSum(x, y, weight, grid, kernel.support, kernel.profile, kernel.name, opts.index ?? null));
    const scale = (kernel.constant * 1e6) / months;
    for (let q = 0; q < values.length; q++) values[q] *= scale;
  } else {
    let b: Bins;
    ({ b, binnedFrom } = binsOf(x, y, weight, opts, R, n));
    total = b.total;
    dropped = b.dropped;
    const stencil = kernelStencil(kernel, grid.cell, opts.correctBinning ?? true);
    if (requested === 'auto') {
      const stencilCost = b.nonEmpty * stencilSpans(stencil).taps * COST.stencilSpanTap;
      method = stencilCost <= fftCost - n * COST.binPoint ? 'stencil' : 'fft';
    }
    values =
      method === 'fft'
        ? convolveFft(b.bins, b.bx, b.by, b.pad, stencil, grid.nx, grid.ny)
        : convolveStencil(b.bins, b.bx, b.by, b.pad, stencil, grid.nx, grid.ny);
    const scale = 1e6 / (grid.cell * grid.cell * months);
    for (let q = 0; q < values.length; q++) {
      const v = values[q] * scale;
      // FFT round-off leaves ±1e-12-sized values in empty areas: zero that dust (the stencil
      // itself is non-negative, so nothing real is lost).
      values[q] = v > 1e-9 * scale ? v : 0;
    }
  }
  let max = 0;
  for (let q = 0; q < values.length; q++) if (values[q] > max) max = values[q];
  return {
    values,
    grid,
    max,
    method,
    kernel: kernel.name,
    bandwidth,
    kernelConstant: kernel.constant,
    months,
    totalWeight: total,
    droppedWeight: dropped,
    radiusCells: R,
    binnedFrom,
    ms: performance.now() - t0,
  };
}

/** The points binned on the grid padded by R cells: the bins supplied in opts.binned (checked to go with these points), else binned here. */
function binsOf(
  x: Float64Array,
  y: Float64Array,
  weight: Float32Array | null,
  opts: KdeOptions,
  R: number,
  n: number,
): { b: Bins; binnedFrom: 'points' | 'supplied' } {
  const pre = typeof opts.binned === 'function' ? opts.binned() : (opts.binned ?? null);
  if (!pre) return { b: linearBin(x, y, weight, opts.grid, R, opts.index ?? null), binnedFrom: 'points' };
  if (pre.rows !== n || pre.weighted !== (weight !== null)) {
    throw new RangeError(
      `binned points do not go with these points (${pre.rows} rows, ${pre.weighted ? '' : 'un'}weighted; here ${n} rows, ${weight ? '' : 'un'}weighted)`,
    );
  }
  return { b: windowBins(pre, opts.grid, R), binnedFrom: 'supplied' };
}

/**
 * The method for opts.method 'auto', before binning: exact or stencil by their estimated costs
 * (COST), and the FFT's cost, against which the stencil is weighed again once the non-empty
 * bins are known.
 */
function autoMethod(
  kernel: ReturnType<typeof makeKernel>,
  R: number,
  grid: GridSpec,
  n: number,
  nExact: number,
): { method: KdeMethod; fftCost: number } {
  const taps = Math.PI * (R + 0.5) ** 2;
  const exactCost = nExact * taps * (kernel.name === 'gaussian' ? COST.exactTapGaussian : COST.exactTap);
  const p = nextPow2(grid.nx + 2 * R) * nextPow2(Math.ceil(grid.ny / 2) + 2 * R);
  const fftCost = n * COST.binPoint + p * Math.log2(p) * COST.fftElemLog;
  // Non-empty bins are unknown before binning: guess min(n, cells)/2 (clustered crime data).
  const stencilBest = n * COST.binPoint + (Math.min(n, grid.nx * grid.ny) / 2) * (2 * R + 1) ** 2 * COST.stencilTap;
  const fastCost = Math.min(fftCost, stencilBest);
  // Exact when it is cheap, no dearer than the fast methods, or — for kernels under 8 cells
  // wide, where linear binning errs by 1–3% at the peak of tight clusters and more for a
  // single snap point carrying many crimes — when it costs at most twice the fast estimate.
  const method: KdeMethod =
    exactCost < CHEAP || exactCost <= fastCost || (R < 8 && exactCost <= 2 * fastCost) ? 'exact' : 'stencil';
  return { method, fftCost };
}

/** Σ w·profile(d²) at every cell centre (unscaled). Points outside the grid still reach cells within the support. */
function exactSum(
  x: Float64Array,
  y: Float64Array,
  weight: Float32Array | Float64Array | null,
  grid: GridSpec,
  support: number,
  profile: (d2: number) => number,
  name: KernelName,
  index: Uint32Array | null,
): { values: Float64Array; total: number } {
  const { x0, y0, cell, nx, ny } = grid;
  const values = new Float64Array(nx * ny);
  const s2 = support * support;
  const sc = support / cell;
  const quartic = name === 'quartic';
  const n = index ? index.length : x.length;
  let total = 0;
  for (let k = 0; k < n; k++) {
    const p = index ? index[k] : k;
    const px = x[p],
      py = y[p];
    if (!(Number.isFinite(px) && Number.isFinite(py))) continue;
    const w = weight ? weight[p] : 1;
    total += w;
    const gx = (px - x0) / cell - 0.5; // in cell-centre units
    const gy = (py - y0) / cell - 0.5;
    const c0 = Math.max(0, Math.ceil(gx - sc));
    const c1 = Math.min(nx - 1, Math.floor(gx + sc));
    const r0 = Math.max(0, Math.ceil(gy - sc));
    const r1 = Math.min(ny - 1, Math.floor(gy + sc));
    for (let row = r0; row <= r1; row++) {
      const dy = (row - gy) * cell;
      const dy2 = dy * dy;
      if (dy2 >= s2) continue;
      const o = row * nx;
      // Only the columns of this row within the support (one column more each side against
      // rounding; the d² test below decides, as over the whole box).
      const half = Math.sqrt(s2 - dy2) / cell;
      const ca = Math.max(c0, Math.ceil(gx - half) - 1);
      const cb = Math.min(c1, Math.floor(gx + half) + 1);
      for (let col = ca; col <= cb; col++) {
        const dx = (col - gx) * cell;
        const d2 = dx * dx + dy2;
        if (d2 >= s2) continue;
        if (quartic) {
          const t = 1 - d2 / s2;
          values[o + col] += w * t * t;
        } else {
          values[o + col] += w * profile(d2);
        }
      }
    }
  }
  return { values, total };
}
