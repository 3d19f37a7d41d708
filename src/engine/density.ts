/**
 * The density, hotspots and stability stages of a run (session.ts run()): pure functions of
 * the loaded data, the selection and the density parameters. The products they reuse between
 * runs (bins, merged points, centre-ward lattice, study mask, unprojector, unique points) come
 * from the derivation graph (derived.ts), which computes each once per key.
 *
 * Conventions: BNG metres (EPSG:27700); the grid covers the wards' extent plus the bandwidth;
 * density in crimes (or harm-weighted crimes) per km², per month when `perMonth`; the hotspot
 * threshold is converted once (params.ts thresholdRule) and applied to both periods alike.
 */
import { unprojectPointBng } from '../core/bng.ts';
import type { CrimeTable, WardSet } from '../core/types.ts';
import type { WardIndex } from '../analysis/wardIndex.ts';
import { kde } from '../analysis/kde/kde.ts';
import { gridForExtent, type GridSpec } from '../analysis/kde/grid.ts';
import {
  arcgisPreset,
  practitionerPreset,
  scottPreset,
  sfhotspotPreset,
  type BandwidthPreset,
} from '../analysis/kde/bandwidth.ts';
import { hotspotAreas, hotspotThreshold, type Hotspot } from '../analysis/hotspots/areas.ts';
import { cellsAbove, hotspotStabilityOfRows } from '../analysis/hotspots/change.ts';
import type { KdeParams, KdeResult, StabilityResult } from '../analysis/sessionTypes.ts';
import type { DerivedProducts, Selection } from './derived.ts';
import { wardsBbox } from './geometry.ts';
import { areaParams, thresholdRule } from './params.ts';
import { bandwidthOrigin } from '../analysis/phrasing.ts';

/** What the density stages read: the loaded data with its ward assignment, and the graph for reused products. */
export interface DensityInputs {
  table: CrimeTable;
  wards: WardSet;
  index: WardIndex;
  wardOfRow: Int32Array;
  graph: DerivedProducts;
}

/** A density surface: the result for the page (less its hotspot threshold) and the float64 values. */
export interface Surface {
  result: Omit<KdeResult, 'threshold'>;
  values: Float64Array;
}

/**
 * The kernel density surface of the selected rows, or null when no bandwidth can be had (a
 * rule on fewer than two points). Auto cell sizes are rounded to two significant figures
 * (99.84 m → 100 m) so that the grid lines fall on round BNG coordinates.
 */
export function densityStage(d: DensityInputs, kp: KdeParams, sel: Selection): Surface | null {
  const t = d.table;
  const preset = presetFor(kp, t, sel);
  let bandwidth = typeof kp.bandwidth === 'number' ? kp.bandwidth : preset ? preset.bandwidth : NaN;
  if (kp.kernel === 'gaussian' && preset && preset.kernel !== 'gaussian' && typeof kp.bandwidth !== 'number')
    bandwidth = bandwidth / Math.sqrt(8);
  if (!(bandwidth > 0)) return null;
  // Guard against a degenerate rule result (e.g. all points on one map point).
  bandwidth = Math.max(bandwidth, 10);
  const cell = kp.cell === 'auto' ? roundCell(preset ? preset.cell : bandwidth / 5) : kp.cell;
  const { grid, warnings } = gridForExtent(wardsBbox(d.wards), cell, bandwidth);
  const r = surfaceOf(d, kp, bandwidth, grid, sel);
  const corner = (x: number, y: number) => unprojectPointBng(x, y);
  const x1 = grid.x0 + grid.nx * grid.cell;
  const y1 = grid.y0 + grid.ny * grid.cell;
  const result: Surface['result'] = {
    grid,
    values: Float32Array.from(r.values),
    max: r.max,
    kernel: kp.kernel,
    bandwidthMetres: bandwidth,
    bandwidthSource:
      typeof kp.bandwidth === 'number'
        ? bandwidthOrigin({ kind: 'fixed' })
        : preset
          ? bandwidthOrigin({ kind: 'rule', label: preset.label, source: preset.source })
          : '',
    cellMetres: cell,
    method: r.method,
    unit: `${kp.weighted ? 'harm-weighted crimes' : 'crimes'} per km²${kp.perMonth ? ' per month' : ''}`,
    corners: [corner(grid.x0, grid.y0), corner(x1, grid.y0), corner(x1, y1), corner(grid.x0, y1)],
    warnings: warnings.map((w) => w.message),
  };
  return { result, values: r.values };
}

/** kde over the selected rows on `grid`; bins and merged points come from the graph only if kde picks a method that needs them. */
function surfaceOf(d: DensityInputs, kp: KdeParams, bandwidth: number, grid: GridSpec, sel: Selection) {
  const t = d.table;
  const weighted = kp.weighted === true;
  const months = kp.perMonth ? sel.to - sel.from + 1 : 1;
  return kde(t.x, t.y, weighted ? t.weight : null, {
    kernel: kp.kernel,
    bandwidth,
    grid,
    months,
    index: sel.rows,
    binned: () => d.graph.binned(t, sel.rows, grid.cell, weighted),
    merged: () => d.graph.mergedPoints(t, sel.rows, weighted),
  });
}

/**
 * Hotspot areas of a surface: the cells over the threshold traced into areas, with their
 * crimes (and the comparison window's crimes in the same areas when `compare` is given).
 */
export function hotspotsStage(
  d: DensityInputs,
  kp: KdeParams,
  s: Surface,
  sel: Selection,
  compare: Selection | null,
): { threshold: number; hotspots: Hotspot[] } {
  const t = d.table;
  const grid = s.result.grid;
  const index = d.index;
  return hotspotAreas(
    { values: s.values, grid },
    {
      x: t.x,
      y: t.y,
      index: sel.rows,
      category: t.category,
      categories: t.categories,
      location: t.location,
      locations: t.locations,
      compareIndex: compare?.rows ?? null,
      unique: d.graph.uniquePoints(t),
      wardOfRow: d.wardOfRow,
    },
    {
      threshold: thresholdRule(kp.threshold),
      toLonLat: d.graph.unprojector(d.wards, grid),
      // Outline vertices: compact areas' are cell corners, kept between runs (CornerWards).
      wardAt: d.graph.cornerWards(index, d.wards, grid.cell),
      wardAtCentre: d.graph.centreWards(index, d.wards, grid.cell),
      ...areaParams(kp),
    },
  );
}

/** Stability of the hotspots: period 1 = the comparison window, period 2 = the window; same grid and bandwidth. */
export function stabilityStage(
  d: DensityInputs,
  kp: KdeParams,
  cur: Surface & { threshold: number },
  sel: Selection,
  prev: Selection,
): StabilityResult {
  const t = d.table;
  const grid = cur.result.grid;
  const earlier = surfaceOf(d, kp, cur.result.bandwidthMetres, grid, prev).values;
  const h1 = cellsAbove(earlier, hotspotThreshold(earlier, thresholdRule(kp.threshold)));
  const h2 = cellsAbove(cur.values, cur.threshold);
  const mask = d.graph.studyMask(d.index, d.wards, grid);
  const st = hotspotStabilityOfRows(
    h1,
    h2,
    { x: t.x, y: t.y, rows1: prev.rows, rows2: sel.rows },
    grid,
    (grid.cell / 1000) ** 2,
    {
      N1: prev.rows.length,
      N2: sel.rows.length,
      studyAreaKm2: d.graph.studyAreaKm2(d.wards),
      mask,
    },
  );
  // The largest rise and fall of density between the periods (changeSurfaces' difference,
  // without keeping the surfaces).
  let maxIncrease = 0;
  let maxDecrease = 0;
  const later = cur.values;
  for (let q = 0; q < later.length; q++) {
    const diff = later[q] - earlier[q];
    if (diff > maxIncrease) maxIncrease = diff;
    if (diff < maxDecrease) maxDecrease = diff;
  }
  return {
    previousWindow: [prev.from, prev.to],
    pai1: st.pai1,
    pai2: st.pai2,
    rri: st.rri,
    jaccard: st.jaccard,
    entered: st.entered,
    left: st.left,
    stayed: st.stayed,
    maxIncrease,
    maxDecrease: -maxDecrease,
  };
}

/** The bandwidth rule's preset (bandwidth.ts), or null for a fixed bandwidth or a rule on fewer than two points. */
function presetFor(kp: KdeParams, t: CrimeTable, sel: Selection): BandwidthPreset | null {
  if (sel.rows.length < 2 && typeof kp.bandwidth !== 'number') return null;
  switch (kp.bandwidth) {
    case 'sfhotspot':
      return sfhotspotPreset(t.x, t.y, sel.rows);
    case 'arcgis':
      return arcgisPreset(t.x, t.y, null, sel.rows);
    case 'scott':
      return scottPreset(t.x, t.y, sel.rows);
    case 'practitioner':
      return practitionerPreset();
    default:
      return null;
  }
}

function roundCell(c: number): number {
  if (!(c > 0)) return 50;
  const p = Math.pow(10, Math.floor(Math.log10(c)) - 1);
  return Math.max(5, Math.round(c / p) * p);
}
