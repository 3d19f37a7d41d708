/**
 * The kernel sampled at whole-cell offsets (a "stencil"), and convolution of binned weights with it.
 */
import type { Kernel } from './kernels.ts';

export interface Stencil {
  /** Half-width in cells: taps cover offsets −radius…radius on each axis. */
  radius: number;
  /** (2·radius + 1)² taps, row-major (dy outer, dx inner), SUMMING TO EXACTLY 1. */
  taps: Float64Array;
  /** Σ of the raw samples K(d)·cell² before renormalisation (1 would mean the sampled kernel was already mass-exact). */
  rawMass: number;
}

/**
 * Kernel sampled at the offsets between cell centres, then RENORMALISED TO SUM 1: on a coarse
 * grid (h of a few cells) the sampled kernel's sum·cell² differs from ∫K = 1 by up to a few
 * per cent, and renormalising makes the binned estimate conserve mass exactly
 * (Σ values · cell area = Σ w for points away from the edges).
 *
 * `correctBinning` subtracts (cell²/12)·∇²K from each tap before renormalising. Linear binning
 * then sampling at cell centres is, averaged over where points fall within a cell, the kernel
 * blurred by a triangle of variance cell²/6 per axis, i.e. K + (cell²/12)·∇²K + O(cell⁴); the
 * subtraction cancels that leading term, which otherwise flattens peaks by ≈ cell²/(6 s²) for a
 * hotspot of per-axis spread s (17% for a lone point at h = 2 cells). Not applied to the uniform
 * kernel (its Laplacian is a ring at the edge).
 */
export function kernelStencil(kernel: Kernel, cell: number, correctBinning = true): Stencil {
  const radius = Math.max(0, Math.ceil(kernel.support / cell - 1e-9));
  const side = 2 * radius + 1;
  const taps = new Float64Array(side * side);
  const corr = correctBinning && kernel.name !== 'uniform' ? (cell * cell) / 12 : 0;
  const cell2 = cell * cell;
  let raw = 0;
  let sum = 0;
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) {
      const d2 = (dx * dx + dy * dy) * cell2;
      const p = kernel.profile(d2);
      raw += p;
      let v = p;
      // Clamped at 0: near the rim the correction would go negative; a non-negative stencil
      // keeps every density ≥ 0 and, renormalised, still conserves mass exactly.
      if (corr !== 0 && p > 0) v = Math.max(0, p - corr * kernel.laplacian(d2));
      taps[(dy + radius) * side + dx + radius] = v;
      sum += v;
    }
  }
  if (sum <= 0) {
    // Kernel narrower than half a cell: everything lands on the centre tap.
    taps.fill(0);
    taps[radius * side + radius] = 1;
    sum = 1;
  } else {
    for (let q = 0; q < taps.length; q++) taps[q] /= sum;
  }
  return { radius, taps, rawMass: raw * kernel.constant * cell2 };
}

/**
 * For each stencil row ty (0…2r), the first and last column holding a non-zero tap (lo > hi for
 * an all-zero row). A compact kernel fills only the disc of its support, about π/4 of the
 * (2r + 1)² square, so scattering just those spans does about half the work for the same sums
 * (skipped taps are exactly 0, and adding w·0 changes nothing).
 */
export function stencilSpans(stencil: Stencil): { lo: Int32Array; hi: Int32Array; taps: number } {
  const side = 2 * stencil.radius + 1;
  const lo = new Int32Array(side).fill(side);
  const hi = new Int32Array(side).fill(-1);
  let taps = 0;
  for (let ty = 0; ty < side; ty++) {
    for (let tx = 0; tx < side; tx++) {
      if (stencil.taps[ty * side + tx] === 0) continue;
      if (lo[ty] === side) lo[ty] = tx;
      hi[ty] = tx;
    }
    if (hi[ty] >= lo[ty]) taps += hi[ty] - lo[ty] + 1;
  }
  return { lo, hi, taps };
}

/**
 * out[row·nx + col] = Σ bins[...] · taps[...], scattering each NON-EMPTY bin (cheap for sparse
 * data) through the non-zero span of each stencil row (stencilSpans). `bins` is bx × by with
 * `pad` cells of padding around the nx × ny output grid.
 */
export function convolveStencil(
  bins: Float64Array,
  bx: number,
  by: number,
  pad: number,
  stencil: Stencil,
  nx: number,
  ny: number,
): Float64Array {
  const out = new Float64Array(nx * ny);
  const { radius: r, taps } = stencil;
  const side = 2 * r + 1;
  const { lo, hi } = stencilSpans(stencil);
  for (let bj = 0; bj < by; bj++) {
    const row0 = bj - pad - r; // output row under tap dy = −r
    const dyLo = Math.max(0, -row0);
    const dyHi = Math.min(side - 1, ny - 1 - row0);
    if (dyLo > dyHi) continue;
    for (let bi = 0; bi < bx; bi++) {
      const w = bins[bj * bx + bi];
      if (w === 0) continue;
      const col0 = bi - pad - r;
      const dxLo = Math.max(0, -col0);
      const dxHi = Math.min(side - 1, nx - 1 - col0);
      if (dxLo > dxHi) continue;
      for (let ty = dyLo; ty <= dyHi; ty++) {
        const a = lo[ty] > dxLo ? lo[ty] : dxLo;
        const b = hi[ty] < dxHi ? hi[ty] : dxHi;
        const o = (row0 + ty) * nx + col0;
        const t = ty * side;
        for (let tx = a; tx <= b; tx++) out[o + tx] += w * taps[t + tx];
      }
    }
  }
  return out;
}
