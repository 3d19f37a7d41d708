/**
 * 2-D kernels, normalised so that ∫K dA = 1 over the plane (units 1/m² for h in metres).
 *
 * With u = d/h (d = distance, h = bandwidth/radius in metres), zero for u ≥ 1:
 *   quartic (biweight)  K = 3/(π h²) · (1 − u²)²     (QGIS after the 2025 fix, qgis/QGIS#60616:
 *                                                      NOT 116/(5π h²)·15/16; ArcGIS/Silverman eq. 4.5)
 *   Epanechnikov        K = 2/(π h²) · (1 − u²)
 *   triweight           K = 4/(π h²) · (1 − u²)³
 *   uniform (disc)      K = 1/(π h²)
 *   Gaussian            K = 1/(2π σ²) · exp(−d²/(2σ²)), h = σ (the standard deviation, as spatstat),
 *                       TRUNCATED at d = 4σ and renormalised by 1/(1 − e⁻⁸) so it still integrates to 1
 *                       (the cut mass e⁻⁸ ≈ 0.034% is spread back proportionally).
 * Density f(x) = Σ wᵢ K(‖x − xᵢ‖); × 1e6 gives crimes per km².
 */

export type KernelName = 'quartic' | 'epanechnikov' | 'triweight' | 'uniform' | 'gaussian';

export const KERNEL_NAMES: readonly KernelName[] = ['quartic', 'epanechnikov', 'triweight', 'uniform', 'gaussian'];

/** Gaussian truncation radius in standard deviations. */
export const GAUSSIAN_CUTOFF = 4;

export interface Kernel {
  name: KernelName;
  /** The bandwidth in metres (σ for the Gaussian). */
  bandwidth: number;
  /** Radius beyond which K = 0, metres. */
  support: number;
  /** Normalising constant c in K(d) = c · profile(d²), in 1/m². */
  constant: number;
  /** Unnormalised shape as a function of the SQUARED distance d² (m²); 0 at and beyond the support. */
  profile: (d2: number) => number;
  /**
   * 2-D Laplacian ∇²profile (1/m²) inside the support, for the linear-binning bias correction
   * in stencil.ts. The uniform kernel has none (its Laplacian is a ring at the edge).
   */
  laplacian: (d2: number) => number;
}

/** The kernel `name` with bandwidth `h` metres (σ for the Gaussian). */
export function makeKernel(name: KernelName, h: number): Kernel {
  if (!(h > 0 && Number.isFinite(h))) throw new RangeError(`bandwidth must be a positive number of metres, got ${h}`);
  const h2 = h * h;
  switch (name) {
    case 'quartic':
      return {
        name,
        bandwidth: h,
        support: h,
        constant: 3 / (Math.PI * h2),
        profile: (d2) => (d2 < h2 ? (1 - d2 / h2) ** 2 : 0),
        laplacian: (d2) => (d2 < h2 ? (-8 / h2) * (1 - (2 * d2) / h2) : 0),
      };
    case 'epanechnikov':
      return {
        name,
        bandwidth: h,
        support: h,
        constant: 2 / (Math.PI * h2),
        profile: (d2) => (d2 < h2 ? 1 - d2 / h2 : 0),
        laplacian: (d2) => (d2 < h2 ? -4 / h2 : 0),
      };
    case 'triweight':
      return {
        name,
        bandwidth: h,
        support: h,
        constant: 4 / (Math.PI * h2),
        profile: (d2) => (d2 < h2 ? (1 - d2 / h2) ** 3 : 0),
        laplacian: (d2) => {
          const s = d2 / h2;
          return s < 1 ? (-12 / h2) * (1 - s) * (1 - 3 * s) : 0;
        },
      };
    case 'uniform':
      return {
        name,
        bandwidth: h,
        support: h,
        constant: 1 / (Math.PI * h2),
        profile: (d2) => (d2 < h2 ? 1 : 0),
        laplacian: () => 0,
      };
    case 'gaussian': {
      const cut2 = (GAUSSIAN_CUTOFF * h) ** 2;
      const lost = Math.exp(-(GAUSSIAN_CUTOFF ** 2) / 2); // mass beyond 4σ = e^(−8)
      return {
        name,
        bandwidth: h,
        support: GAUSSIAN_CUTOFF * h,
        constant: 1 / (2 * Math.PI * h2 * (1 - lost)),
        profile: (d2) => (d2 < cut2 ? Math.exp(-d2 / (2 * h2)) : 0),
        laplacian: (d2) => (d2 < cut2 ? (d2 / (h2 * h2) - 2 / h2) * Math.exp(-d2 / (2 * h2)) : 0),
      };
    }
    default:
      throw new RangeError(`unknown kernel "${String(name)}"`);
  }
}

/**
 * Quartic radius with the same per-axis variance as a Gaussian of standard deviation σ:
 * the quartic's per-axis SD is h/√8, so h = √8·σ ≈ 2.83σ.
 */
export function quarticRadiusForSigma(sigma: number): number {
  return Math.SQRT2 * 2 * sigma;
}
