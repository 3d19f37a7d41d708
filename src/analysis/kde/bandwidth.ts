/**
 * Bandwidth and cell-size presets, each labelled with where the rule comes from so the UI can
 * say so. All distances in metres (BNG). Inputs are point coordinates (optionally a subset).
 */
import type { KernelName } from './kernels.ts';

export interface BandwidthPreset {
  id: 'sfhotspot' | 'arcgis' | 'scott' | 'practitioner';
  label: string;
  /** Where the rule comes from (cite in the UI). */
  source: string;
  kernel: KernelName;
  /** Metres; σ when kernel is 'gaussian'. */
  bandwidth: number;
  cell: number;
  note?: string;
}

function pick(a: Float64Array, index?: Uint32Array | null): Float64Array {
  if (!index) return a;
  const out = new Float64Array(index.length);
  for (let k = 0; k < index.length; k++) out[k] = a[index[k]];
  return out;
}

/** Sample standard deviation (n − 1 denominator, as R's sd()). */
export function sampleSd(v: Float64Array): number {
  const n = v.length;
  if (n < 2) return 0;
  let m = 0;
  for (let i = 0; i < n; i++) m += v[i];
  m /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (v[i] - m) ** 2;
  return Math.sqrt(s / (n - 1));
}

/** Quantile by R's default type 7: h = (n − 1)·p, interpolate between the floor and ceiling order statistics. */
export function quantile7(v: Float64Array, p: number): number {
  const s = Float64Array.from(v).sort();
  const n = s.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

/** MASS::bandwidth.nrd: 4 · 1.06 · min(sd, IQR/1.34) · n^(−1/5) (the quartile IQR by type 7). */
export function bandwidthNrd(v: Float64Array): number {
  const iqr = (quantile7(v, 0.75) - quantile7(v, 0.25)) / 1.34;
  return 4 * 1.06 * Math.min(sampleSd(v), iqr) * v.length ** -0.2;
}

function bboxSides(x: Float64Array, y: Float64Array): [number, number] {
  let minX = Infinity,
    maxX = -Infinity,
    minY = Infinity,
    maxY = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < minX) minX = x[i];
    if (x[i] > maxX) maxX = x[i];
    if (y[i] < minY) minY = y[i];
    if (y[i] > maxY) maxY = y[i];
  }
  return [maxX - minX, maxY - minY];
}

/**
 * sfhotspot (mpjashby/sfhotspot R/bandwidth_nrd.R, R/set_cell_size.R): h = mean of
 * MASS::bandwidth.nrd over x and y (quartic radius); cell = floor((shorter bbox side / 50) / 100) · 100,
 * or shorter side / 50 unrounded when that floors to 0.
 */
export function sfhotspotPreset(xs: Float64Array, ys: Float64Array, index?: Uint32Array | null): BandwidthPreset {
  const x = pick(xs, index);
  const y = pick(ys, index);
  const h = (bandwidthNrd(x) + bandwidthNrd(y)) / 2;
  const short = Math.min(...bboxSides(x, y));
  const rounded = Math.floor(short / 50 / 100) * 100;
  return {
    id: 'sfhotspot',
    label: 'sfhotspot default (normal reference rule)',
    kernel: 'quartic',
    bandwidth: h,
    cell: rounded > 0 ? rounded : short / 50,
    source:
      'R sfhotspot (Ashby): mean over x, y of MASS::bandwidth.nrd = 4·1.06·min(sd, IQR/1.34)·n^(−1/5); cell = shorter side/50 floored to 100 m',
  };
}

/**
 * ArcGIS Kernel Density default ("spatial variant of Silverman's rule"):
 * h = 0.9 · min(SD, √(1/ln 2) · Dm) · n^(−0.2), with the (weighted) mean centre, SD = standard distance
 * √(Σw·d²/Σw), Dm = (weighted) median distance to the mean centre, n = Σw; cell = shorter extent side / 250.
 * Unweighted, Dm is the type-7 median (the average of the middle two for even n); weighted, it is
 * the smallest distance whose cumulative weight reaches half of Σw.
 */
export function arcgisPreset(
  xs: Float64Array,
  ys: Float64Array,
  weight?: Float32Array | null,
  index?: Uint32Array | null,
): BandwidthPreset {
  const x = pick(xs, index);
  const y = pick(ys, index);
  const n = x.length;
  const w = (i: number) => (weight ? weight[index ? index[i] : i] : 1);
  let sw = 0,
    mx = 0,
    my = 0;
  for (let i = 0; i < n; i++) {
    sw += w(i);
    mx += w(i) * x[i];
    my += w(i) * y[i];
  }
  mx /= sw;
  my /= sw;
  const d = new Float64Array(n);
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    d[i] = Math.hypot(x[i] - mx, y[i] - my);
    s2 += w(i) * d[i] * d[i];
  }
  const sd = Math.sqrt(s2 / sw);
  let dm: number;
  if (!weight) {
    dm = quantile7(d, 0.5);
  } else {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[a] - d[b]);
    let c = 0;
    dm = d[order[n - 1]];
    for (const i of order) {
      c += w(i);
      if (c >= sw / 2) {
        dm = d[i];
        break;
      }
    }
  }
  const h = 0.9 * Math.min(sd, Math.sqrt(1 / Math.LN2) * dm) * sw ** -0.2;
  return {
    id: 'arcgis',
    label: 'ArcGIS Kernel Density default (spatial Silverman)',
    kernel: 'quartic',
    bandwidth: h,
    cell: Math.min(...bboxSides(x, y)) / 250,
    source:
      'Esri ArcGIS Pro Kernel Density: 0.9·min(SD, √(1/ln2)·Dm)·n^(−0.2); cell = shorter extent side/250 (formula text from Esri docs, unverified)',
  };
}

/**
 * Scott's rule as spatstat::bw.scott: σ_axis = sd_axis · n^(−1/6) (2-D), combined isotropically as
 * the geometric mean √(σx·σy). Returned as a Gaussian σ; the quartic radius with the same
 * per-axis variance is √8·σ ≈ 2.83σ (in `note`). Cell = σ/4 (so the Gaussian spans ≥ 4 cells per σ).
 */
export function scottPreset(xs: Float64Array, ys: Float64Array, index?: Uint32Array | null): BandwidthPreset {
  const x = pick(xs, index);
  const y = pick(ys, index);
  const f = x.length ** (-1 / 6);
  const sigma = Math.sqrt(sampleSd(x) * f * sampleSd(y) * f);
  return {
    id: 'scott',
    label: "Scott's rule (spatstat bw.scott)",
    kernel: 'gaussian',
    bandwidth: sigma,
    cell: sigma / 4,
    source: 'R spatstat bw.scott: σ = sd·n^(−1/6) per axis (geometric mean of the two axes)',
    note: `equivalent quartic radius ≈ 2.83σ = ${(Math.SQRT2 * 2 * sigma).toFixed(0)} m`,
  };
}

/** Fixed practitioner values: 250 m quartic radius on 50 m cells. */
export function practitionerPreset(bandwidth = 250, cell = 50): BandwidthPreset {
  return {
    id: 'practitioner',
    label: `Fixed ${bandwidth} m radius, ${cell} m cells`,
    kernel: 'quartic',
    bandwidth,
    cell,
    source:
      'Chainey/Ratcliffe practitioner rule of thumb (fixed street-scale radius; agree the value with officers) — a convention, not a derived rule',
  };
}
