/**
 * Linear binning onto a cell LATTICE kept apart from the output grid, so that points can be
 * binned ONCE and the bins re-used for every bandwidth and kernel: the output grid (extent + h,
 * padded by the kernel radius) changes with the bandwidth, the bins of the points do not.
 *
 * Conventions (grid.ts for the grids themselves):
 * - A lattice of cell c with phase origin (ox, oy) has bin centres at
 *   (ox + (i + 0.5)·c, oy + (j + 0.5)·c) for all integers i, j. (ox, oy) = (0, 0) is the
 *   BNG-ALIGNED lattice; every grid from gridForExtent lies on it (x0, y0 are multiples of c), so
 *   grid cell (col, row) is lattice bin (x0/c + col, y0/c + row) and every such grid, whatever
 *   the bandwidth, is an integer-offset window of one lattice.
 * - LatticeBins hold the rectangle i0 ≤ i < i0 + nx, j0 ≤ j < j0 + ny of a lattice, row-major,
 *   ROW 0 = SOUTH: bins[(j − j0)·nx + (i − i0)].
 * - Linear ("cloud-in-cell") binning splits each point's weight bilinearly between the four bin
 *   centres around it (keeps its mass and centre of mass). The bin index and the fractions come
 *   from the point and the phase origin ONLY — u = (x − ox)/c − 0.5, i = ⌊u⌋, f = u − i — never
 *   from the rectangle, so a point gives bit-identical parts in any rectangle: a window cut from
 *   a large lattice (windowBins) holds exactly the bins that binning straight onto the window
 *   would (linearBin). Parts falling outside the rectangle are dropped and counted in `dropped`.
 * - Points with non-finite coordinates are skipped (not counted in total).
 */
import type { Bins } from './bin.ts';
import { DEFAULT_MAX_CELLS, extentOf, type GridSpec } from './grid.ts';

/** A rectangle of the lattice of cell `cell` and phase origin (ox, oy); see the conventions above. */
export interface LatticeRect {
  cell: number;
  ox: number;
  oy: number;
  i0: number;
  j0: number;
  nx: number;
  ny: number;
}

export interface LatticeBins extends LatticeRect {
  /** Binned weight, nx × ny, row 0 = south. */
  bins: Float64Array;
  /** Σ weight of the points with finite coordinates, and the part of it that fell off the rectangle. */
  total: number;
  dropped: number;
  /** Rows considered (index length, or x.length without an index), finite or not: a cheap check that bins and points go together. */
  rows: number;
  /** Whether a weight column was applied (false: every point weighs 1). */
  weighted: boolean;
}

/**
 * The BNG-aligned lattice rectangle holding every bilinear part of the (indexed) finite points,
 * or null when that would take more than `maxCells` bins (e.g. a stray point far away).
 * An empty rectangle (nx = ny = 0) when there is no finite point.
 */
export function latticeForPoints(
  x: Float64Array,
  y: Float64Array,
  cell: number,
  index?: Uint32Array | null,
  maxCells = DEFAULT_MAX_CELLS,
): LatticeRect | null {
  if (!(cell > 0 && Number.isFinite(cell)))
    throw new RangeError(`cell must be a positive number of metres, got ${cell}`);
  const e = extentOf(x, y, index);
  if (!e) return { cell, ox: 0, oy: 0, i0: 0, j0: 0, nx: 0, ny: 0 };
  const inv = 1 / cell;
  // The same expressions as binOnLattice: rounding is monotonic, so every point's ⌊u⌋ lies in
  // [⌊u(min)⌋, ⌊u(max)⌋] and its upper neighbour at most one further.
  const i0 = Math.floor(e[0] * inv - 0.5);
  const j0 = Math.floor(e[1] * inv - 0.5);
  const nx = Math.floor(e[2] * inv - 0.5) - i0 + 2;
  const ny = Math.floor(e[3] * inv - 0.5) - j0 + 2;
  if (nx * ny > maxCells) return null;
  return { cell, ox: 0, oy: 0, i0, j0, nx, ny };
}

/**
 * The rectangle covering `grid` grown by `pad` cells on every side: on the BNG-aligned lattice
 * when grid.x0 and grid.y0 are multiples of the cell (to 1e-9 of a cell, as every grid from
 * gridForExtent), else on a lattice with its phase origin at the grid's corner.
 */
export function latticeForGrid(grid: GridSpec, pad: number): LatticeRect {
  const a = grid.x0 / grid.cell;
  const b = grid.y0 / grid.cell;
  const ia = Math.round(a);
  const ib = Math.round(b);
  const aligned =
    Math.abs(a - ia) <= 1e-9 * Math.max(1, Math.abs(a)) && Math.abs(b - ib) <= 1e-9 * Math.max(1, Math.abs(b));
  return aligned
    ? { cell: grid.cell, ox: 0, oy: 0, i0: ia - pad, j0: ib - pad, nx: grid.nx + 2 * pad, ny: grid.ny + 2 * pad }
    : { cell: grid.cell, ox: grid.x0, oy: grid.y0, i0: -pad, j0: -pad, nx: grid.nx + 2 * pad, ny: grid.ny + 2 * pad };
}

/** Linear binning of the (indexed) points onto the lattice rectangle `rect`. O(n + bins). */
export function binOnLattice(
  x: Float64Array,
  y: Float64Array,
  weight: Float32Array | null,
  rect: LatticeRect,
  index?: Uint32Array | null,
): LatticeBins {
  const { cell, ox, oy, i0, j0, nx: bx, ny: by } = rect;
  const bins = new Float64Array(bx * by);
  const inv = 1 / cell;
  const n = index ? index.length : x.length;
  let total = 0;
  let dropped = 0;
  for (let k = 0; k < n; k++) {
    const p = index ? index[k] : k;
    const u = (x[p] - ox) * inv - 0.5;
    const v = (y[p] - oy) * inv - 0.5;
    if (!(Number.isFinite(u) && Number.isFinite(v))) continue;
    const w = weight ? weight[p] : 1;
    total += w;
    const iu = Math.floor(u);
    const jv = Math.floor(v);
    const fx = u - iu;
    const fy = v - jv;
    const i = iu - i0;
    const j = jv - j0;
    if (i >= 0 && j >= 0 && i + 1 < bx && j + 1 < by) {
      const o = j * bx + i;
      const wy0 = w * (1 - fy);
      const wy1 = w * fy;
      bins[o] += wy0 * (1 - fx);
      bins[o + 1] += wy0 * fx;
      bins[o + bx] += wy1 * (1 - fx);
      bins[o + bx + 1] += wy1 * fx;
    } else {
      // Near or beyond the rectangle's edge: add the corners that exist, count the rest as dropped.
      for (let c = 0; c < 4; c++) {
        const ii = i + (c & 1);
        const jj = j + (c >> 1);
        // Same products, in the same order, as above: a point's parts are bit-identical either way.
        const part = (c >> 1 ? w * fy : w * (1 - fy)) * (c & 1 ? fx : 1 - fx);
        if (ii >= 0 && jj >= 0 && ii < bx && jj < by) bins[jj * bx + ii] += part;
        else dropped += part;
      }
    }
  }
  return { ...rect, bins, total, dropped, rows: n, weighted: weight !== null };
}

/**
 * Bin the points once for re-use with any bandwidth and kernel on grids of this cell size
 * (BNG-aligned lattice over the points' extent), or null when that lattice would exceed
 * `maxCells` bins. Pass the result (or a function returning it) as KdeOptions.binned.
 */
export function binPoints(
  x: Float64Array,
  y: Float64Array,
  weight: Float32Array | null,
  cell: number,
  index?: Uint32Array | null,
  maxCells = DEFAULT_MAX_CELLS,
): LatticeBins | null {
  const rect = latticeForPoints(x, y, cell, index, maxCells);
  return rect ? binOnLattice(x, y, weight, rect, index) : null;
}

/**
 * The bins of `grid` padded by `pad` cells (the contract of linearBin in bin.ts), cut from
 * lattice bins: bins outside the padded grid are dropped (added to `dropped`), bins the lattice
 * does not cover are zero. Equal to binning the same points straight onto the padded grid, bin
 * for bin, when the lattice holds every part of the points that falls inside the padded grid
 * (always so for bins from binPoints). Throws when the grid is not on the bins' lattice.
 */
export function windowBins(lb: LatticeBins, grid: GridSpec, pad: number): Bins {
  const w = latticeForGrid(grid, pad);
  if (w.cell !== lb.cell || w.ox !== lb.ox || w.oy !== lb.oy) {
    throw new RangeError(
      `grid (cell ${grid.cell} m, corner ${grid.x0}, ${grid.y0}) is not on the lattice of the bins (cell ${lb.cell} m, origin ${lb.ox}, ${lb.oy})`,
    );
  }
  const { nx: bx, ny: by } = w;
  let bins: Float64Array;
  let dropped = lb.dropped;
  if (w.i0 === lb.i0 && w.j0 === lb.j0 && bx === lb.nx && by === lb.ny) {
    bins = lb.bins.slice();
  } else {
    bins = new Float64Array(bx * by);
    // Overlap in lattice indices: columns [a, b), rows [c, d).
    const a = Math.max(w.i0, lb.i0);
    const b = Math.min(w.i0 + bx, lb.i0 + lb.nx);
    const c = Math.max(w.j0, lb.j0);
    const d = Math.min(w.j0 + by, lb.j0 + lb.ny);
    for (let j = lb.j0; j < lb.j0 + lb.ny; j++) {
      const src = (j - lb.j0) * lb.nx;
      if (j < c || j >= d || a >= b) {
        for (let q = src; q < src + lb.nx; q++) dropped += lb.bins[q];
        continue;
      }
      for (let q = src; q < src + (a - lb.i0); q++) dropped += lb.bins[q];
      for (let q = src + (b - lb.i0); q < src + lb.nx; q++) dropped += lb.bins[q];
      bins.set(lb.bins.subarray(src + (a - lb.i0), src + (b - lb.i0)), (j - w.j0) * bx + (a - w.i0));
    }
  }
  return { bins, bx, by, pad, total: lb.total, dropped, nonEmpty: countNonZero(bins) };
}

/** Number of non-zero bins (drives the stencil-vs-FFT choice). */
export function countNonZero(bins: Float64Array): number {
  let n = 0;
  for (let q = 0; q < bins.length; q++) if (bins[q] !== 0) n++;
  return n;
}
