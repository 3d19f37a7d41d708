/**
 * Colour scales: ONE direction everywhere, more = darker (issue 15: the wards were yellow at the
 * lowest class while the density was yellow at its peak). Both are ColorBrewer sequential ramps
 * that ColorBrewer marks colour-blind safe (Brewer & Harrower, colorbrewer2.org), ordered by
 * lightness so that they also read in greyscale print:
 *  - wards: 5 classes of "Blues" (pale blue = fewest, dark blue = most);
 *  - density: "YlOrBr" (pale yellow = low, dark brown = the peak), warmer as well as darker, so
 *    it stands out over the blue wards and never reads as the magenta of a selection (a red
 *    ramp did); cells below DENSITY_FLOOR × max are transparent.
 * Class breaks for the wards are QUANTILES of the wards' values in the current result
 * (5 classes, computed by wardBreaks), so the picture is a pure function of the result
 * and a reload of the same URL draws the same classes. The legend states the breaks.
 */
import { interpolateBlues, interpolateYlOrBr, color as d3color } from 'd3';

export type RGBA = [number, number, number, number];

export const WARD_CLASSES = 5;

function rgb(css: string): [number, number, number] {
  const c = d3color(css)?.rgb();
  return c ? [Math.round(c.r), Math.round(c.g), Math.round(c.b)] : [0, 0, 0];
}

/** Light (low) to dark (high) "Blues": more crime reads darker. */
export const WARD_COLOURS: [number, number, number][] = Array.from({ length: WARD_CLASSES }, (_, i) =>
  rgb(interpolateBlues(0.15 + (i * 0.75) / (WARD_CLASSES - 1))),
);

/** What the legend says about the colours (every scale on the map follows it). */
export const COLOUR_NOTE = 'Darker = more, on every layer (colour-blind-safe ColorBrewer scales)';

/** Quantile breaks (upper bounds of classes 0..n-2) over the values, ignoring nulls. Distinct and ascending. */
export function wardBreaks(values: (number | null)[]): number[] {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return [];
  const out: number[] = [];
  for (let i = 1; i < WARD_CLASSES; i++) {
    const q = v[Math.min(v.length - 1, Math.floor((i * v.length) / WARD_CLASSES))];
    if (!out.length || q > out[out.length - 1]) out.push(q);
  }
  return out;
}

/** Class index of a value for the given breaks (0 = lowest). */
export function classOf(value: number, breaks: number[]): number {
  let i = 0;
  while (i < breaks.length && value >= breaks[i]) i++;
  // Spread the used classes over the full ramp when fewer breaks are distinct.
  return breaks.length ? Math.round((i * (WARD_CLASSES - 1)) / breaks.length) : 0;
}

/** Cells below this fraction of the maximum density are drawn transparent. */
export const DENSITY_FLOOR = 0.1;

export function densityColour(t: number): RGBA {
  // YlOrBr from 0.15 (pale yellow) to 1 (dark brown): more = darker and warmer.
  const [r, g, b] = rgb(interpolateYlOrBr(0.15 + 0.85 * Math.max(0, Math.min(1, t))));
  return [r, g, b, Math.round(120 + 120 * Math.min(1, t * 1.5))];
}

/** Precomputed 256-step lookup of densityColour. */
export const DENSITY_LUT: Uint8ClampedArray = (() => {
  const lut = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) lut.set(densityColour(i / 255), i * 4);
  return lut;
})();

/**
 * Colours the engine grid (row 0 = south) into an image (row 0 = north) for a BitmapLayer.
 * Linear scale from 0 to `max` (crimes per km²).
 */
export function densityImage(values: Float32Array, nx: number, ny: number, max: number): ImageData {
  const data = new Uint8ClampedArray(nx * ny * 4);
  const floor = max * DENSITY_FLOOR;
  for (let r = 0; r < ny; r++) {
    const src = r * nx;
    const dst = (ny - 1 - r) * nx;
    for (let c = 0; c < nx; c++) {
      const v = values[src + c];
      if (!(v > floor) || max <= 0) continue;
      const k = Math.min(255, Math.round((v / max) * 255)) * 4;
      const o = (dst + c) * 4;
      data[o] = DENSITY_LUT[k];
      data[o + 1] = DENSITY_LUT[k + 1];
      data[o + 2] = DENSITY_LUT[k + 2];
      data[o + 3] = DENSITY_LUT[k + 3];
    }
  }
  return new ImageData(data, nx, ny);
}
