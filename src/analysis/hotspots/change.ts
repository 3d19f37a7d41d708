/**
 * Change between two periods on ONE grid and ONE bandwidth (compute both surfaces with the same
 * GridSpec and kernel options, otherwise the cells do not correspond).
 */

export interface ChangeSurfaces {
  /** later − earlier, per cell (same unit as the surfaces). */
  difference: Float64Array;
  /** later / earlier; NaN where the earlier density is below `minEarlier` (division by ~0 is not a ratio). */
  ratio: Float64Array;
  minEarlier: number;
}

/**
 * Difference and ratio surfaces. `minEarlier` defaults to 1e-6 × the earlier surface's maximum:
 * cells that had essentially no crime before get NaN, not a huge ratio (state this in the UI).
 */
export function changeSurfaces(earlier: Float64Array, later: Float64Array, minEarlier?: number): ChangeSurfaces {
  if (earlier.length !== later.length) throw new RangeError('the two surfaces must be on the same grid');
  let max = 0;
  for (const v of earlier) if (v > max) max = v;
  const floor = minEarlier ?? max * 1e-6;
  const difference = new Float64Array(earlier.length);
  const ratio = new Float64Array(earlier.length);
  for (let i = 0; i < earlier.length; i++) {
    difference[i] = later[i] - earlier[i];
    ratio[i] = earlier[i] > floor && earlier[i] > 0 ? later[i] / earlier[i] : NaN;
  }
  return { difference, ratio, minEarlier: floor };
}

export interface Stability {
  /** Crimes in the period-1 hotspot cells in period 1 (n1) and period 2 (n2), and the totals N1, N2. */
  n1: number;
  n2: number;
  N1: number;
  N2: number;
  /** Selected (period-1 hotspot) area and study area, km². */
  areaKm2: number;
  studyAreaKm2: number;
  /** PAI = (n/N)/(a/A) of the period-1 cells for each period (Chainey, Tompson & Uhlig 2008). */
  pai1: number;
  pai2: number;
  /** RRI = PAI₂/PAI₁ = (n2/N2)/(n1/N1) for the same cells (Levine 2008). */
  rri: number;
  /** |H1 ∩ H2| / |H1 ∪ H2| of the two hotspot-cell sets (1 when both are empty). */
  jaccard: number;
  entered: number;
  left: number;
  stayed: number;
}

/**
 * Stability of hotspot cells between periods. h1/h2: 1 for hotspot cells in each period; c1/c2:
 * crime counts per cell (countGrid) in each period; N1/N2 default to the sums of c1/c2 (pass the
 * study totals if some crimes fall outside the grid). Study area A defaults to the whole grid
 * (or the mask's cells) × cell area.
 */
export function hotspotStability(
  h1: Uint8Array,
  h2: Uint8Array,
  c1: ArrayLike<number>,
  c2: ArrayLike<number>,
  cellKm2: number,
  opts: { N1?: number; N2?: number; studyAreaKm2?: number; mask?: Uint8Array | null } = {},
): Stability {
  const m = h1.length;
  let n1 = 0,
    n2 = 0,
    s1 = 0,
    s2 = 0;
  for (let i = 0; i < m; i++) {
    if (opts.mask && !opts.mask[i]) continue;
    s1 += c1[i];
    s2 += c2[i];
    if (h1[i] !== 0) {
      n1 += c1[i];
      n2 += c2[i];
    }
  }
  return stabilityOf(cellTallies(h1, h2, opts.mask ?? null), { n1, n2, s1, s2 }, cellKm2, opts);
}

/**
 * hotspotStability with each period's crimes given as rows of x / y (their cells found on
 * `grid`) instead of per-cell count grids: the same sums, without two grid-sized arrays and
 * passes for a few thousand crimes. Rows outside the grid count nowhere, as in countGrid.
 */
export function hotspotStabilityOfRows(
  h1: Uint8Array,
  h2: Uint8Array,
  points: { x: Float64Array; y: Float64Array; rows1: Uint32Array; rows2: Uint32Array },
  grid: { x0: number; y0: number; cell: number; nx: number; ny: number },
  cellKm2: number,
  opts: { N1?: number; N2?: number; studyAreaKm2?: number; mask?: Uint8Array | null } = {},
): Stability {
  const { x, y } = points;
  const mask = opts.mask ?? null;
  const inv = 1 / grid.cell;
  /** [crimes in study cells, crimes in period-1 hotspot cells] of `rows`. */
  const tally = (rows: Uint32Array): [number, number] => {
    let all = 0;
    let inH1 = 0;
    for (let k = 0; k < rows.length; k++) {
      const p = rows[k];
      const col = Math.floor((x[p] - grid.x0) * inv);
      const row = Math.floor((y[p] - grid.y0) * inv);
      if (!(col >= 0 && col < grid.nx && row >= 0 && row < grid.ny)) continue;
      const q = row * grid.nx + col;
      if (mask && !mask[q]) continue;
      all++;
      if (h1[q] !== 0) inH1++;
    }
    return [all, inH1];
  };
  const [s1, n1] = tally(points.rows1);
  const [s2, n2] = tally(points.rows2);
  return stabilityOf(cellTallies(h1, h2, mask), { n1, n2, s1, s2 }, cellKm2, opts);
}

/** Study cells, period-1 hotspot cells among them, and how the hotspot cells changed. */
function cellTallies(
  h1: Uint8Array,
  h2: Uint8Array,
  mask: Uint8Array | null,
): { study: number; sel: number; entered: number; left: number; stayed: number } {
  let sel = 0,
    study = 0,
    entered = 0,
    left = 0,
    stayed = 0;
  for (let i = 0; i < h1.length; i++) {
    if (mask && !mask[i]) continue;
    study++;
    const a = h1[i] !== 0;
    const b = h2[i] !== 0;
    if (a) sel++;
    if (a && b) stayed++;
    else if (a) left++;
    else if (b) entered++;
  }
  return { study, sel, entered, left, stayed };
}

function stabilityOf(
  cells: { study: number; sel: number; entered: number; left: number; stayed: number },
  crimes: { n1: number; n2: number; s1: number; s2: number },
  cellKm2: number,
  opts: { N1?: number; N2?: number; studyAreaKm2?: number },
): Stability {
  const { study, sel, entered, left, stayed } = cells;
  const { n1, n2, s1, s2 } = crimes;
  const N1 = opts.N1 ?? s1;
  const N2 = opts.N2 ?? s2;
  const areaKm2 = sel * cellKm2;
  const studyAreaKm2 = opts.studyAreaKm2 ?? study * cellKm2;
  const frac = areaKm2 / studyAreaKm2;
  const pai1 = N1 > 0 && frac > 0 ? n1 / N1 / frac : NaN;
  const pai2 = N2 > 0 && frac > 0 ? n2 / N2 / frac : NaN;
  const union = stayed + entered + left;
  return {
    n1,
    n2,
    N1,
    N2,
    areaKm2,
    studyAreaKm2,
    pai1,
    pai2,
    rri: n1 > 0 && N2 > 0 ? n2 / N2 / (n1 / N1) : NaN,
    jaccard: union === 0 ? 1 : stayed / union,
    entered,
    left,
    stayed,
  };
}

/** 1 where values ≥ threshold (hotspot cells), 0 elsewhere. */
export function cellsAbove(values: ArrayLike<number>, threshold: number): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] >= threshold ? 1 : 0;
  return out;
}
