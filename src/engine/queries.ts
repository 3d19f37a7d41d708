/**
 * Queries beside a run (AnalysisSession.points, giStar, asciiGrid, patrolAreas): pure
 * functions of the loaded data and a selection, for the map's points layer and the CLI's
 * exports. BNG metres in, WGS84 out where the result is drawn.
 */
import { hotspotName } from '../analysis/hotspots/naming.ts';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { unprojectPointBng } from '../core/bng.ts';
import type { CrimeTable, WardSet } from '../core/types.ts';
import type { WardIndex } from '../analysis/wardIndex.ts';
import { gridForExtent } from '../analysis/kde/grid.ts';
import { countGrid } from '../analysis/kde/bin.ts';
import { toAsciiGrid } from '../analysis/kde/asciiGrid.ts';
import { giStar } from '../analysis/hotspots/gistar.ts';
import { patrolAreas, type PatrolRow } from '../analysis/hotspots/patrol.ts';
import type { AnalysisResult, KdeParams } from '../analysis/sessionTypes.ts';
import type { Selection } from './derived.ts';
import { densityStage, type DensityInputs } from './density.ts';
import { wardsBbox } from './geometry.ts';

export interface GiStarResult {
  cellMetres: number;
  cells: number;
  counts: Record<string, number>;
  geojson: FeatureCollection<Polygon>;
}

const GI_LABELS = [
  'cold spot, 99% confidence',
  'cold spot, 95% confidence',
  'cold spot, 90% confidence',
  '',
  'hot spot, 90% confidence',
  'hot spot, 95% confidence',
  'hot spot, 99% confidence',
];

/** Selected points as WGS84 Float32 pairs with their category, for drawing. */
export function pointsOf(
  t: CrimeTable,
  sel: Selection,
): { lonLat: Float32Array; category: Uint16Array; categories: string[] } {
  const lonLat = new Float32Array(sel.rows.length * 2);
  const category = new Uint16Array(sel.rows.length);
  for (let k = 0; k < sel.rows.length; k++) {
    const i = sel.rows[k];
    lonLat[2 * k] = t.lon[i];
    lonLat[2 * k + 1] = t.lat[i];
    category[k] = t.category[i];
  }
  return { lonLat, category, categories: t.categories };
}

/**
 * Getis-Ord Gi* on crime counts in square cells of `cellMetres` over the wards (study
 * area = cells whose centre lies in a ward), for the selected rows. Significant cells come
 * back as WGS84 square polygons with z, p and class.
 */
export function giStarOf(
  t: CrimeTable,
  wards: WardSet,
  index: WardIndex,
  sel: Selection,
  cellMetres: number,
  fdr: boolean,
): GiStarResult {
  const { grid } = gridForExtent(wardsBbox(wards), cellMetres, cellMetres);
  const counts = countGrid(t.x, t.y, null, grid, sel.rows).counts;
  const mask = new Uint8Array(grid.nx * grid.ny);
  let cells = 0;
  for (let r = 0; r < grid.ny; r++)
    for (let c = 0; c < grid.nx; c++) {
      const inside = index.wardAt(grid.x0 + (c + 0.5) * grid.cell, grid.y0 + (r + 0.5) * grid.cell) >= 0;
      mask[r * grid.nx + c] = inside ? 1 : 0;
      if (inside) cells++;
    }
  const g = giStar(counts, grid.nx, grid.ny, { mask, fdr });
  const tally: Record<string, number> = {};
  const features: Feature<Polygon>[] = [];
  for (let i = 0; i < g.classes.length; i++) {
    const k = g.classes[i];
    if (!k) continue;
    const label = GI_LABELS[k + 3];
    tally[label] = (tally[label] ?? 0) + 1;
    const c = i % grid.nx;
    const r = (i - c) / grid.nx;
    const x0 = grid.x0 + c * grid.cell;
    const y0 = grid.y0 + r * grid.cell;
    const ring = [
      [x0, y0],
      [x0 + grid.cell, y0],
      [x0 + grid.cell, y0 + grid.cell],
      [x0, y0 + grid.cell],
      [x0, y0],
    ].map(([x, y]) => unprojectPointBng(x, y));
    features.push({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [ring] },
      properties: { count: counts[i], z: g.z[i], p: g.p[i], class: k, label },
    });
  }
  return { cellMetres, cells, counts: tally, geojson: { type: 'FeatureCollection', features } };
}

/** The density surface alone (no ward table, comparison or linking) as an ESRI ASCII grid (EPSG:27700, rows north to south). */
export function asciiGridOf(d: DensityInputs, kp: KdeParams, sel: Selection): string | null {
  const s = densityStage(d, kp, sel);
  return s ? toAsciiGrid(s.values, s.result.grid, { decimals: 6 }) : null;
}

/** Top-k hotspot areas of a run as patrol areas with running share of crime, share of area and PAI. */
export function patrolAreasOf(
  r: AnalysisResult,
  studyKm2: number,
  k: number,
): { rows: PatrolRow[]; geojson: FeatureCollection<Polygon> } {
  const features = r.hotspotGeojson.features as Feature<Polygon>[];
  const places = r.hotspots.map((h, i) => ({
    id: h.id,
    label: hotspotName(h),
    count: h.count,
    areaKm2: h.areaKm2,
    feature: features[i],
  }));
  return patrolAreas(places, r.totalInWards, studyKm2, k);
}
