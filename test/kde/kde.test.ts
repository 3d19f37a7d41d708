import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../bench/generate.ts';
import { gridForExtent, GridError, cellCentreX, cellCentreY, type GridSpec } from '../../src/analysis/kde/grid.ts';
import { kde, mergePoints } from '../../src/analysis/kde/kde.ts';
import { uniquePoints } from '../../src/core/uniquePoints.ts';
import { KERNEL_NAMES, makeKernel, quarticRadiusForSigma } from '../../src/analysis/kde/kernels.ts';
import { fft } from '../../src/analysis/kde/fft.ts';
import { kernelStencil } from '../../src/analysis/kde/stencil.ts';
import { linearBin } from '../../src/analysis/kde/bin.ts';

/** Seeded uniform [0, 1) numbers (mulberry32, shared with the benchmark's data generator). */
const rng = mulberry32;
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(r() + 1e-300)) * Math.cos(2 * Math.PI * r());

/** Clustered points: 6 hotspots (per-axis spread 100–250 m) plus 25% uniform background over 4 km². */
function clustered(n: number, seed: number): { x: Float64Array; y: Float64Array } {
  const r = rng(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const centres = Array.from({ length: 6 }, () => [530500 + r() * 3000, 180500 + r() * 3000, 100 + r() * 150]);
  for (let i = 0; i < n; i++) {
    if (i % 4 === 0) {
      x[i] = 530000 + r() * 4000;
      y[i] = 180000 + r() * 4000;
    } else {
      const c = centres[i % 6];
      x[i] = c[0] + gauss(r) * c[2];
      y[i] = c[1] + gauss(r) * c[2];
    }
  }
  return { x, y };
}

describe('grid', () => {
  it('covers the extent plus the bandwidth, snapped to multiples of the cell', () => {
    const { grid, warnings } = gridForExtent([530_020, 180_070, 531_000, 181_000], 50, 200);
    // 530020 − 200 = 529820 → floor to 50 m: 529800; 531000 + 200 = 531200 → (531200 − 529800)/50 = 28 cells
    expect(grid).toEqual({ x0: 529_800, y0: 179_850, cell: 50, nx: 28, ny: 27 });
    expect(warnings).toEqual([]);
    expect(cellCentreX(grid, 0)).toBe(529_825);
    expect(cellCentreY(grid, 26)).toBe(179_850 + 26.5 * 50);
  });
  it('warns when the bandwidth is below a cell and refuses oversized or outlier-inflated grids', () => {
    expect(gridForExtent([0, 0, 1000, 1000], 100, 50).warnings.map((w) => w.code)).toEqual(['bandwidth-below-cell']);
    expect(() => gridForExtent([500_000, 150_000, 560_000, 200_000], 10, 200)).toThrow(GridError);
    try {
      gridForExtent([500_000, 150_000, 560_000, 200_000], 10, 200);
    } catch (e) {
      expect((e as GridError).code).toBe('cell-budget');
      expect((e as Error).message).toMatch(/larger cell size \(at least \d+ m\)/);
    }
    // A point at "null island" pulls a London extent out to 560 km.
    expect(() => gridForExtent([0, 0, 560_000, 200_000], 100, 400)).toThrow(/stray points/);
    expect(() => gridForExtent([0, 0, 1, 1], 0, 400)).toThrow(/cell size/);
  });
});

describe('kernels integrate to 1 (closed form, fine Riemann sum)', () => {
  for (const name of KERNEL_NAMES) {
    it(name, () => {
      const h = 100;
      const k = makeKernel(name, h);
      const step = 0.5;
      let sum = 0;
      for (let u = -k.support; u <= k.support; u += step)
        for (let v = -k.support; v <= k.support; v += step) sum += k.constant * k.profile(u * u + v * v);
      // Midpoint-free Riemann sum on a 0.5 m lattice: error ~ boundary ring (uniform kernel worst, ~1e-3).
      expect(sum * step * step).toBeCloseTo(1, 2);
    });
  }
  it('uses 3/(πh²) for the quartic (not the 116/(5πh²) QGIS typo)', () => {
    expect(makeKernel('quartic', 250).constant).toBe(3 / (Math.PI * 250 * 250));
    expect(quarticRadiusForSigma(100)).toBeCloseTo(282.84, 2);
  });
});

describe('kde exact', () => {
  it('one point reproduces the closed-form quartic at every cell centre, in crimes per km²', () => {
    const grid: GridSpec = { x0: 0, y0: 0, cell: 10, nx: 20, ny: 20 };
    const h = 60;
    const res = kde(Float64Array.of(97), Float64Array.of(103), null, {
      kernel: 'quartic',
      bandwidth: h,
      grid,
      method: 'exact',
    });
    for (let row = 0; row < 20; row++)
      for (let col = 0; col < 20; col++) {
        const d2 = (col * 10 + 5 - 97) ** 2 + (row * 10 + 5 - 103) ** 2;
        const expected = d2 < h * h ? (3 / (Math.PI * h * h)) * (1 - d2 / (h * h)) ** 2 * 1e6 : 0;
        expect(res.values[row * 20 + col]).toBeCloseTo(expected, 9);
      }
    // Row 0 is the SOUTHERN row: the cell at (95..105, 95..105) → row 9, col 9 is the peak.
    let arg = 0;
    for (let q = 0; q < res.values.length; q++) if (res.values[q] > res.values[arg]) arg = q;
    expect(arg).toBe(10 * 20 + 9); // centre (95, 105): d² = 4 + 4 beats (95,95) d² = 4 + 64
  });
  it('divides by months and honours weights and the index subset', () => {
    const grid: GridSpec = { x0: 0, y0: 0, cell: 10, nx: 10, ny: 10 };
    const x = Float64Array.of(50, 50, 1e9);
    const y = Float64Array.of(50, 50, 1e9);
    const w = Float32Array.of(2, 5, 1);
    const all = kde(x, y, w, { kernel: 'epanechnikov', bandwidth: 30, grid, method: 'exact' });
    const sub = kde(x, y, w, {
      kernel: 'epanechnikov',
      bandwidth: 30,
      grid,
      method: 'exact',
      index: Uint32Array.of(1),
      months: 5,
    });
    for (let q = 0; q < 100; q++) expect(sub.values[q] * 5).toBeCloseTo((all.values[q] * 5) / 7, 9);
    expect(all.totalWeight).toBe(8);
  });
});

describe('kde fast methods', () => {
  const { x, y } = clustered(6000, 7);
  const cell = 50;
  for (const ratio of [2, 3, 4, 8, 15]) {
    it(`quartic h = ${ratio} cells: stencil and FFT agree, peak vs exact within ${ratio === 2 ? 5 : ratio === 3 ? 2 : 1}%`, () => {
      const h = ratio * cell;
      const { grid } = gridForExtent([530_000, 180_000, 534_000, 184_000], cell, h);
      const ex = kde(x, y, null, { kernel: 'quartic', bandwidth: h, grid, method: 'exact' });
      const st = kde(x, y, null, { kernel: 'quartic', bandwidth: h, grid, method: 'stencil' });
      const ff = kde(x, y, null, { kernel: 'quartic', bandwidth: h, grid, method: 'fft' });
      let maxDiff = 0;
      let maxErr = 0;
      for (let q = 0; q < ex.values.length; q++) {
        maxDiff = Math.max(maxDiff, Math.abs(st.values[q] - ff.values[q]));
        maxErr = Math.max(maxErr, Math.abs(st.values[q] - ex.values[q]));
      }
      expect(maxDiff / ex.max).toBeLessThan(1e-10);
      // Measured: h = 2 cells −4.6% (linear binning of a kernel only 2 cells wide; 'auto' uses
      // exact there), 3 cells −1.7%, 4 cells −0.7%, 8 cells −0.2%, 15 cells 0.0%.
      const tol = ratio === 2 ? 0.05 : ratio === 3 ? 0.02 : 0.01;
      expect(Math.abs(st.max / ex.max - 1)).toBeLessThan(tol);
      expect(maxErr / ex.max).toBeLessThan(ratio === 2 ? 0.05 : ratio === 3 ? 0.02 : ratio < 8 ? 0.01 : 0.003);
      // Auto is within 1% everywhere (exact for narrow kernels).
      const auto = kde(x, y, null, { kernel: 'quartic', bandwidth: h, grid });
      expect(Math.abs(auto.max / ex.max - 1)).toBeLessThan(0.01);
    });
  }
  it('Gaussian and triweight fast within 1% of exact peak at h = 4 cells', () => {
    for (const kernel of ['gaussian', 'triweight'] as const) {
      const h = kernel === 'gaussian' ? (4 * cell) / 2.83 : 4 * cell;
      const { grid } = gridForExtent([530_000, 180_000, 534_000, 184_000], cell, 4 * cell);
      const ex = kde(x, y, null, { kernel, bandwidth: h, grid, method: 'exact' });
      const ff = kde(x, y, null, { kernel, bandwidth: h, grid, method: 'fft' });
      expect(Math.abs(ff.max / ex.max - 1)).toBeLessThan(0.01);
    }
  });
  it('conserves mass: Σ values × cell area (km²) = Σ w for points away from the edges', () => {
    for (const kernel of KERNEL_NAMES) {
      for (const method of ['exact', 'stencil', 'fft'] as const) {
        const h = kernel === 'gaussian' ? 60 : 230;
        const { grid } = gridForExtent([530_000, 180_000, 534_000, 184_000], cell, kernel === 'gaussian' ? 240 : h);
        const w = new Float32Array(x.length).fill(1.5);
        const res = kde(x, y, w, { kernel, bandwidth: h, grid, method, months: 3 });
        let sum = 0;
        for (const v of res.values) sum += v;
        const mass = (sum * (cell * cell)) / 1e6;
        // All points lie well inside the grid (clusters sit ≥ 500 m in from the 4 km square and the
        // grid adds h), so the whole weight 1.5·n over 3 months must be recovered.
        const expected = (1.5 * x.length) / 3;
        // Exact sampling at cell centres of a 4.6-cell kernel is a Riemann sum (±0.5%); binned methods renormalise.
        expect(Math.abs(mass / expected - 1)).toBeLessThan(method === 'exact' ? 0.01 : 0.002);
      }
    }
  });
  it('binned methods conserve mass to rounding for a point well inside', () => {
    const grid: GridSpec = { x0: 0, y0: 0, cell: 10, nx: 40, ny: 40 };
    for (const method of ['stencil', 'fft'] as const) {
      const res = kde(Float64Array.of(201.3, 155), Float64Array.of(187.9, 230), null, {
        kernel: 'quartic',
        bandwidth: 25,
        grid,
        method,
      });
      let sum = 0;
      for (const v of res.values) sum += v;
      expect((sum * 100) / 1e6).toBeCloseTo(2, 10);
    }
  });
});

describe('building blocks', () => {
  it('FFT matches a direct DFT and inverts', () => {
    const r = rng(3);
    const n = 16;
    const re = Float64Array.from({ length: n }, () => r() - 0.5);
    const im = Float64Array.from({ length: n }, () => r() - 0.5);
    const re0 = re.slice();
    const im0 = im.slice();
    fft(re, im);
    for (let k = 0; k < n; k++) {
      let sr = 0;
      let si = 0;
      for (let t = 0; t < n; t++) {
        const a = (-2 * Math.PI * k * t) / n;
        sr += re0[t] * Math.cos(a) - im0[t] * Math.sin(a);
        si += re0[t] * Math.sin(a) + im0[t] * Math.cos(a);
      }
      expect(re[k]).toBeCloseTo(sr, 12);
      expect(im[k]).toBeCloseTo(si, 12);
    }
    fft(re, im, true);
    for (let t = 0; t < n; t++) expect(re[t]).toBeCloseTo(re0[t], 14);
  });
  it('stencil sums to 1 and is symmetric; linear binning keeps mass and centre of mass', () => {
    const s = kernelStencil(makeKernel('quartic', 20), 10);
    expect(s.radius).toBe(2);
    expect(s.taps.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    expect(s.taps[0 * 5 + 1]).toBe(s.taps[4 * 5 + 3]);
    const grid: GridSpec = { x0: 0, y0: 0, cell: 10, nx: 5, ny: 5 };
    const b = linearBin(Float64Array.of(23), Float64Array.of(31), Float32Array.of(2), grid, 1);
    let m = 0,
      mx = 0,
      my = 0;
    for (let j = 0; j < b.by; j++)
      for (let i = 0; i < b.bx; i++) {
        const w = b.bins[j * b.bx + i];
        m += w;
        mx += w * (grid.x0 + (i - b.pad + 0.5) * 10);
        my += w * (grid.y0 + (j - b.pad + 0.5) * 10);
      }
    expect(m).toBeCloseTo(2, 14);
    expect(mx / m).toBeCloseTo(23, 12);
    expect(my / m).toBeCloseTo(31, 12);
  });
});

describe('exact sum over points merged by map point', () => {
  it('equals the exact sum over the rows, and lets auto choose exact for many rows on few points', () => {
    // 60,000 rows snapped onto 1,500 map points (as police.uk snaps crimes), some rows without
    // coordinates; weighted and unweighted.
    const r = rng(31);
    const pts = clustered(1500, 8);
    const n = 60_000;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const weight = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const p = Math.floor(r() * 1500);
      x[i] = i % 997 === 0 ? NaN : pts.x[p];
      y[i] = pts.y[p];
      weight[i] = 1 + Math.floor(r() * 9);
    }
    const rows = Uint32Array.from({ length: n / 2 }, (_, k) => 2 * k); // every other row
    const distinct = uniquePoints(x, y);
    const { grid } = gridForExtent([530_000, 180_000, 534_000, 184_000], 50, 250);
    for (const w of [null, weight]) {
      const merged = mergePoints(distinct, rows, w);
      // Each distinct point used by the rows once, carrying their summed weight.
      let rowsWeight = 0;
      for (const k of rows) if (!Number.isNaN(x[k])) rowsWeight += w ? w[k] : 1;
      expect(merged.index.length).toBeLessThanOrEqual(1500);
      expect(Array.from(merged.index, (u) => merged.weight[u]).reduce((a, b) => a + b, 0)).toBe(rowsWeight);
      const byRows = kde(x, y, w, { kernel: 'quartic', bandwidth: 250, grid, index: rows, method: 'exact' });
      const byPoints = kde(x, y, w, { kernel: 'quartic', bandwidth: 250, grid, index: rows, method: 'exact', merged });
      expect(byPoints.totalWeight).toBe(byRows.totalWeight);
      for (let q = 0; q < byRows.values.length; q++)
        expect(Math.abs(byPoints.values[q] - byRows.values[q])).toBeLessThanOrEqual(1e-12 * byRows.max);
      // 30,000 rows at R = 5 cells: binned without the merged points, exact with them.
      expect(kde(x, y, w, { kernel: 'quartic', bandwidth: 250, grid, index: rows }).method).toBe('stencil');
      const auto = kde(x, y, w, { kernel: 'quartic', bandwidth: 250, grid, index: rows, merged: () => merged });
      expect(auto.method).toBe('exact');
      expect(Array.from(auto.values)).toEqual(Array.from(byPoints.values));
    }
  });
});
