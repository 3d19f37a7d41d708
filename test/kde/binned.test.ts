/**
 * Points binned once (kde/binned.ts) and re-convolved for other bandwidths and kernels must give
 * the same surface as binning afresh, and must really be the bins used.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../bench/generate.ts';
import { gridForExtent, type GridSpec } from '../../src/analysis/kde/grid.ts';
import { kde } from '../../src/analysis/kde/kde.ts';
import { KERNEL_NAMES } from '../../src/analysis/kde/kernels.ts';
import { linearBin } from '../../src/analysis/kde/bin.ts';
import { binPoints, latticeForPoints, windowBins } from '../../src/analysis/kde/binned.ts';

/** Seeded uniform [0, 1) numbers (mulberry32, shared with the benchmark's data generator). */
const rng = mulberry32;

/** 8000 points over 10 km × 8 km of BNG (a third in three tight clusters), integer weights 1–3, one NaN. */
function points(): { x: Float64Array; y: Float64Array; w: Float32Array; index: Uint32Array } {
  const r = rng(11);
  const n = 8000;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3 === 0 ? i % 9 : -1;
    x[i] = c >= 0 ? 531_000 + 700 * (c % 3) + 80 * (r() - 0.5) : 526_000 + 10_000 * r();
    y[i] = c >= 0 ? 181_000 + 500 * (c % 3) + 80 * (r() - 0.5) : 177_000 + 8000 * r();
    w[i] = 1 + Math.floor(3 * r());
  }
  x[17] = NaN;
  // A subset in scrambled order, as a filter's rows would be (but not sorted).
  const index = Uint32Array.from({ length: 6000 }, (_, k) => (k * 7919) % n);
  return { x, y, w, index };
}

/** Index of the first element where a and b differ (or the shorter length), −1 when bit-for-bit equal. A plain loop: toEqual on 10⁵-element arrays is slow. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

describe('binning once, re-convolving for any bandwidth', () => {
  const { x, y, w, index } = points();

  it('gives the same surface as binning afresh, for every kernel, bandwidth and fast method', () => {
    for (const weighted of [false, true]) {
      const weight = weighted ? w : null;
      const cached = binPoints(x, y, weight, 50, index);
      expect(cached).not.toBeNull();
      for (const h of [200, 350, 800]) {
        // The session's grid: the study extent grown by h, cell-aligned; here the extent is
        // smaller than the points' so that some weight falls outside and is dropped.
        const { grid } = gridForExtent([530_000, 180_000, 533_500, 183_000], 50, h);
        for (const kernel of KERNEL_NAMES) {
          for (const method of ['stencil', 'fft'] as const) {
            const fresh = kde(x, y, weight, { kernel, bandwidth: h, grid, method, index });
            const reused = kde(x, y, weight, { kernel, bandwidth: h, grid, method, index, binned: cached });
            expect(fresh.binnedFrom).toBe('points');
            expect(reused.binnedFrom).toBe('supplied');
            expect(reused.method).toBe(method);
            // Bit for bit: the window of the lattice holds exactly the bins of the padded grid.
            expect(firstDifference(reused.values, fresh.values)).toBe(-1);
            expect(reused.totalWeight).toBe(fresh.totalWeight);
            expect(fresh.droppedWeight).toBeGreaterThan(0);
            expect(Math.abs(reused.droppedWeight - fresh.droppedWeight)).toBeLessThan(1e-9 * fresh.totalWeight);
          }
        }
      }
    }
  });

  it('cuts windows from the lattice equal to binning onto the padded grid, wherever the grid lies', () => {
    const lb = binPoints(x, y, w, 40, index);
    expect(lb).not.toBeNull();
    const grids: GridSpec[] = [
      { x0: 530_000, y0: 180_000, cell: 40, nx: 50, ny: 40 }, // inside the points' extent
      { x0: 520_000, y0: 170_000, cell: 40, nx: 600, ny: 500 }, // beyond it on every side
      { x0: 534_000, y0: 183_000, cell: 40, nx: 80, ny: 80 }, // overlapping one corner
      { x0: 600_000, y0: 183_000, cell: 40, nx: 10, ny: 10 }, // far away: everything dropped
    ];
    for (const grid of grids) {
      for (const pad of [0, 3]) {
        const a = windowBins(lb!, grid, pad);
        const b = linearBin(x, y, w, grid, pad, index);
        expect(firstDifference(a.bins, b.bins)).toBe(-1);
        expect([a.bx, a.by, a.pad, a.nonEmpty, a.total]).toEqual([b.bx, b.by, b.pad, b.nonEmpty, b.total]);
        expect(Math.abs(a.dropped - b.dropped)).toBeLessThan(1e-9 * b.total);
      }
    }
    expect(windowBins(lb!, grids[3], 0).dropped).toBeCloseTo(lb!.total, 6);
  });

  it('really uses the supplied bins, and only for the fast methods', () => {
    const { grid } = gridForExtent([530_000, 180_000, 533_500, 183_000], 50, 400);
    const shifted = Float64Array.from(x, (v) => v + 500);
    const other = binPoints(shifted, y, null, 50, index);
    const own = kde(x, y, null, { kernel: 'quartic', bandwidth: 400, grid, method: 'stencil', index });
    const theirs = kde(shifted, y, null, { kernel: 'quartic', bandwidth: 400, grid, method: 'stencil', index });
    // Bins of other points (same rows, same weighting) give the other points' surface: no re-binning happened.
    const used = kde(x, y, null, { kernel: 'quartic', bandwidth: 400, grid, method: 'stencil', index, binned: other });
    expect(firstDifference(used.values, theirs.values)).toBe(-1);
    expect(firstDifference(used.values, own.values)).not.toBe(-1);
    // Exact sums over the points: a bins provider is not even called.
    let calls = 0;
    const ex = kde(x, y, null, {
      kernel: 'quartic',
      bandwidth: 400,
      grid,
      method: 'exact',
      index,
      binned: () => (calls++, other),
    });
    expect(calls).toBe(0);
    expect(ex.binnedFrom).toBeNull();
    // A provider returning null: the points are binned in the call.
    const fallback = kde(x, y, null, {
      kernel: 'quartic',
      bandwidth: 400,
      grid,
      method: 'fft',
      index,
      binned: () => null,
    });
    expect(fallback.binnedFrom).toBe('points');
  });

  it('refuses bins that do not go with the points or the grid', () => {
    const { grid } = gridForExtent([530_000, 180_000, 533_500, 183_000], 50, 400);
    const unweighted = binPoints(x, y, null, 50, index)!;
    expect(() =>
      kde(x, y, w, { kernel: 'quartic', bandwidth: 400, grid, method: 'stencil', index, binned: unweighted }),
    ).toThrow(RangeError);
    expect(() =>
      kde(x, y, null, { kernel: 'quartic', bandwidth: 400, grid, method: 'stencil', binned: unweighted }),
    ).toThrow(RangeError);
    const coarse = binPoints(x, y, null, 100, index)!;
    expect(() =>
      kde(x, y, null, { kernel: 'quartic', bandwidth: 400, grid, method: 'stencil', index, binned: coarse }),
    ).toThrow(/not on the lattice/);
    const offset: GridSpec = { ...grid, x0: grid.x0 + 10 };
    expect(() =>
      kde(x, y, null, {
        kernel: 'quartic',
        bandwidth: 400,
        grid: offset,
        method: 'stencil',
        index,
        binned: unweighted,
      }),
    ).toThrow(/not on the lattice/);
  });

  it('keeps the lattice to the points and within the cell budget', () => {
    const rect = latticeForPoints(x, y, 50, index);
    expect(rect).not.toBeNull();
    // 10 km × 8 km of points at 50 m: about 200 × 160 bins, not the whole of BNG.
    expect(rect!.nx).toBeLessThanOrEqual(10_000 / 50 + 2);
    expect(rect!.ny).toBeLessThanOrEqual(8000 / 50 + 2);
    const lb = binPoints(x, y, w, 50, index)!;
    expect(lb.dropped).toBe(0);
    expect(lb.bins.reduce((a, b) => a + b, 0)).toBeCloseTo(lb.total, 6);
    // A stray point at (0, 0) would need a lattice of 10,700 × 3,700 bins: refused, not allocated.
    const farX = Float64Array.from(x);
    const farY = Float64Array.from(y);
    farX[index[0]] = 0;
    farY[index[0]] = 0;
    expect(binPoints(farX, farY, null, 50, index, 4_000_000)).toBeNull();
    expect(latticeForPoints(new Float64Array(0), new Float64Array(0), 50)).toMatchObject({ nx: 0, ny: 0 });
  });
});
