/**
 * Hotspot areas: polygons where a density surface reaches a threshold, with the crimes inside.
 *
 * Thresholds (Home Office Crime Reduction toolkit, "Defining hot spot thresholds"): multiples of
 * the MEAN OF THE NON-ZERO CELLS (1×, 2×, 3× …); DEFAULT_THRESHOLD is 2× (cells at least twice
 * the average density of the places that have any crime at all). Alternative: the top X% of the
 * non-zero cells by density.
 *
 * Polygons come from marching squares on the computed grid (d3-contour `contours()`, run area
 * by area in contour.ts; never `contourDensity()`, which re-estimates with a box blur).
 * d3-contour places value index i at coordinate i + 0.5 (its linear interpolation puts a crossing at x + d − 0.5), i.e. at the cell
 * CENTRE when a unit of d3 space is one cell: so BNG = (x0 + gx·cell, y0 + gy·cell) with no extra
 * half-cell shift, and no y flip (d3 row j = our row j, row 0 = south). Cells beyond the grid
 * count as below the threshold, so polygons always close. Rings are reoriented to RFC 7946
 * (exterior counter-clockwise, holes clockwise) and projected to WGS84 with `toLonLat`.
 * Each part of the contour MultiPolygon (exterior + its holes) is one hotspot.
 *
 * Which areas are listed (see hotspotAreas): only those holding at least one crime of the
 * window and covering at least half a grid cell; the others are traces of the contouring, not
 * places to patrol.
 *
 * Two methods (HotspotOptions.method):
 * - 'compact' (default): the threshold's areas split at their saddles into compact areas of at
 *   most maxAreaKm2 (default 1 km²) around each peak: compact.ts (level-set tree cut).
 * - 'threshold': one area per polygon of the threshold's contour, however large (the rule before
 *   issue 15; a London-wide surface gives a 76 km² area 1).
 * Both count crimes and describe areas the same way (areaPoints.ts) and name them by one rule
 * (naming.ts).
 */
import { thresholdContour } from './contour.ts';
import Flatbush from 'flatbush';
import type { Feature, Polygon } from 'geojson';
import type { GridSpec } from '../kde/grid.ts';
import { BandedPolygon, gridRingsToBng, ringBbox, ringsAreaKm2, type Ring } from './polygon.ts';
import type { UniquePoints } from '../../core/uniquePoints.ts';
import { describeArea, tallyAreas, type AreaPolygon } from './areaPoints.ts';
import { compactAreas, DEFAULT_MAX_AREA_KM2 } from './compact.ts';

export { isGenericPlaceName, streetName } from './naming.ts';
export { DEFAULT_MAX_AREA_KM2 } from './compact.ts';

/** How hotspot areas are drawn: see the header. */
export type AreaMethod = 'compact' | 'threshold';
export const DEFAULT_AREA_METHOD: AreaMethod = 'compact';

export type ThresholdRule = { kind: 'mean-multiple'; k: number } | { kind: 'top-percent'; percent: number };

export const DEFAULT_THRESHOLD: ThresholdRule = { kind: 'mean-multiple', k: 2 };

/** Density threshold for a rule over the non-zero finite cells (Infinity when there are none). */
export function hotspotThreshold(values: ArrayLike<number>, rule: ThresholdRule): number {
  // One pass, no copies for the mean (a London grid has over a million cells).
  let count = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > 0 && v < Infinity) {
      count++;
      sum += v;
    }
  }
  if (count === 0) return Infinity;
  if (rule.kind === 'mean-multiple') return (rule.k * sum) / count;
  const nz = new Float64Array(count);
  for (let i = 0, k = 0; i < values.length; i++) {
    const v = values[i];
    if (v > 0 && v < Infinity) nz[k++] = v;
  }
  nz.sort();
  const take = Math.max(1, Math.ceil((rule.percent / 100) * count));
  return nz[count - Math.min(take, count)];
}

export interface HotspotPoints {
  x: Float64Array;
  y: Float64Array;
  /** Rows to consider (default all). The total for `share` is the number of these rows. */
  index?: Uint32Array | null;
  category?: Uint16Array;
  categories?: string[];
  location?: Uint32Array;
  locations?: string[];
  /**
   * Rows of another period (e.g. the comparison window) to count in each polygon by the same
   * rule as `count` (Hotspot.previousCount); null or absent: not counted.
   */
  compareIndex?: Uint32Array | null;
  /** Ward index of every row (−1 outside): when given, each area's crimes are also counted per ward (Hotspot.wardCounts). */
  wardOfRow?: Int32Array | null;
  /**
   * The distinct coordinate pairs of ALL rows of x / y (uniquePoints(x, y)), when the caller
   * keeps them: each distinct map point is then classified once, and each row only looks up its
   * point's answer (police.uk snaps a million London crimes onto ~100,000 points, so this is a
   * tenth of the scattered grid look-ups). Same answers as without.
   */
  unique?: UniquePoints | null;
}

export interface Hotspot {
  id: string;
  /** 1 = most crimes. */
  rank: number;
  /** Crimes (rows) inside the polygon, and their share of all rows considered. */
  count: number;
  share: number;
  /** Rows of points.compareIndex inside the polygon (null when no compareIndex was given). */
  previousCount: number | null;
  areaKm2: number;
  /** Highest cell density inside (same unit as the surface). */
  peak: number;
  /** Ward indexes touched by the polygon's cells or vertices (sorted). */
  wards: number[];
  /** The area's street (naming.ts: most frequent street of all loaded crimes inside; '' when none). */
  label: string;
  /** Top 3 crime types inside, most frequent first. */
  categories: { name: string; count: number }[];
  /** Every crime type inside with its count (not only the top 3), for the action links' location quotients. */
  categoryCounts: Record<string, number>;
  /** Crimes inside the area by the ward their point is in (ward index → count); empty without points.wardOfRow. */
  wardCounts: Record<number, number>;
  /** BNG rings [exterior, ...holes]. */
  rings: Ring[];
  /** WGS84 polygon, properties: id, rank, count, share, areaKm2, peak, label. */
  feature: Feature<Polygon>;
}

export interface HotspotOptions {
  /** A density value or a rule (default DEFAULT_THRESHOLD). */
  threshold?: number | ThresholdRule;
  toLonLat: (x: number, y: number) => [number, number];
  wardAt?: (x: number, y: number) => number;
  /**
   * The same answer as wardAt for a grid cell's centre (given as x, y), e.g. from a cache of the
   * wards of cell centres kept between runs; default wardAt.
   */
  wardAtCentre?: (x: number, y: number) => number;
  /** Drop polygons smaller than this (km²; default 0). Half a grid cell is the least in any case (see hotspotAreas). */
  minAreaKm2?: number;
  /** 'compact' (default) or 'threshold' (see the header). */
  method?: AreaMethod;
  /** Largest area of the compact method, km² (default DEFAULT_MAX_AREA_KM2 = 1). */
  maxAreaKm2?: number;
}

/**
 * The hotspot areas of a surface at a threshold, with the crimes (rows of `points`) inside each.
 *
 * An area is listed only when
 * - its area (exterior minus holes) is at least half a grid cell's area (0.5 · cell², to rounding;
 *   or opts.minAreaKm2 when that is larger), and
 * - it holds at least one crime of `points` (the window's rows).
 * Marching squares draws a ring around every group of cells at or above the threshold, however
 * little they pass it. A cell barely above the threshold, among cells below it, gets a ring whose
 * crossings sit next to its centre: a sliver of (nearly) 0 km² (with a top-X% rule the threshold
 * is one cell's value, so cells at or just above it are common). And a smoothed surface can pass
 * the threshold where the kernels of crimes around a place overlap (between clusters, at the edge
 * of a bump) with no crime inside. Neither is a place to patrol, so neither is listed: the crimes
 * inside a dropped sliver (within a cell of its centre) count in no area, and `share` keeps the
 * whole window's total as its denominator.
 * Areas are then ranked by count (ties: higher peak first) and numbered H1, H2, … after the
 * dropping, so ranks and ids stay consecutive.
 */
export function hotspotAreas(
  surface: { values: Float64Array; grid: GridSpec },
  points: HotspotPoints,
  opts: HotspotOptions,
): { threshold: number; hotspots: Hotspot[]; total: number } {
  const { values, grid } = surface;
  const t =
    typeof opts.threshold === 'number' ? opts.threshold : hotspotThreshold(values, opts.threshold ?? DEFAULT_THRESHOLD);
  const total = points.index ? points.index.length : points.x.length;
  if (!Number.isFinite(t)) return { threshold: t, hotspots: [], total };
  // Half a cell at least (less 1e-9 of it, so that a ring of exactly half a cell, e.g. the
  // diamond around a lone cell at twice the threshold, is kept whatever the rounding).
  const minAreaKm2 = Math.max(opts.minAreaKm2 ?? 0, 0.5 * (grid.cell / 1000) ** 2 * (1 - 1e-9));
  const { polys, nodeOwner } =
    (opts.method ?? DEFAULT_AREA_METHOD) === 'compact'
      ? compactAreas(values, grid, t, opts.maxAreaKm2 ?? DEFAULT_MAX_AREA_KM2, minAreaKm2)
      : thresholdAreas(values, grid, t, minAreaKm2);
  const stats = tallyAreas(polys, nodeOwner, grid, points, values);
  // Areas without a crime of the window are not listed (see above).
  const found = polys.flatMap((p, i) =>
    stats[i].count > 0 ? [describeArea(p, values, grid, points, total, opts, stats[i])] : [],
  );
  found.sort((a, b) => b.count - a.count || b.peak - a.peak);
  const hotspots = found.map((h, i) => {
    const id = `H${i + 1}`;
    const props = h.feature.properties ?? {};
    Object.assign(props, { id, rank: i + 1 });
    return { ...h, id, rank: i + 1 };
  });
  return { threshold: t, hotspots, total };
}

/** A function giving the polygon of `polys` containing (px, py), or −1. */
function polygonLocator(polys: AreaPolygon[], grid: GridSpec): (px: number, py: number) => number {
  const { ny, cell, y0 } = grid;
  const banded = polys.map((p) => new BandedPolygon(p.rings, y0, cell, ny));
  // Bounding boxes of the polygons in an R-tree, for the one ray cast per set of cells.
  const tree = polys.length ? new Flatbush(polys.length) : null;
  for (const p of polys) tree?.add(p.bbox[0], p.bbox[1], p.bbox[2], p.bbox[3]);
  tree?.finish();
  return (px: number, py: number): number => {
    if (!tree) return -1;
    let hit = -1;
    tree.search(px, py, px, py, (pi) => {
      const [minX, minY, maxX, maxY] = polys[pi].bbox;
      if (hit < 0 && px >= minX && px <= maxX && py >= minY && py <= maxY && banded[pi].contains(px, py)) hit = pi;
      return false;
    });
    return hit;
  };
}

/**
 * The 'threshold' method: one area per polygon of the contour at t (polygons smaller than
 * minAreaKm2 dropped), and the area of every node.
 *
 * Nodes: a cell centre is a grid node of the contour (d3-contour's value position), and a node
 * is inside a polygon exactly when its value reaches the threshold (contours cross only the
 * edges between a node below and a node at or above it). Two such nodes side by side are
 * joined by an edge no contour crosses, so each 4-connected set of them lies in one polygon.
 * The contour's 8-connected sets that have one polygon give it all their nodes; in the others
 * the 4-connected sets are flood-filled and ONE ray cast per set (at its highest node, well
 * inside) names the polygon.
 */
function thresholdAreas(
  values: Float64Array,
  grid: GridSpec,
  t: number,
  minAreaKm2: number,
): { polys: AreaPolygon[]; nodeOwner: Int32Array } {
  const polys: AreaPolygon[] = [];
  // d3-contour's polygons, traced area by area (contour.ts: the same rings as over the whole grid).
  const contour = thresholdContour(values, grid.nx, grid.ny, t);
  /** Index in `polys` of each contour polygon (−1: dropped as smaller than minAreaKm2). */
  const kept = new Int32Array(contour.polygons.length).fill(-1);
  for (let ci = 0; ci < contour.polygons.length; ci++) {
    const rings = gridRingsToBng(contour.polygons[ci], grid);
    const areaKm2 = ringsAreaKm2(rings);
    if (areaKm2 < minAreaKm2) continue;
    kept[ci] = polys.length;
    polys.push({ rings, areaKm2, bbox: ringBbox(rings[0]) });
  }
  const { nx, ny, cell, x0, y0 } = grid;
  const castRay = polygonLocator(polys, grid);
  const m = nx * ny;
  const UNSEEN = -2;
  const QUEUED = -3;
  const { setOf, setStart } = contour;
  const sets = setStart.length - 1;
  /** The polygon (in polys; −1 when dropped) of each set with one polygon; UNSEEN for the others. */
  const setPolygon = new Int32Array(sets);
  for (let s = 0; s < sets; s++) setPolygon[s] = setStart[s + 1] - setStart[s] === 1 ? kept[setStart[s]] : UNSEEN;
  const nodeOwner = new Int32Array(m);
  const unseen: number[] = [];
  for (let q = 0; q < m; q++) {
    const s = setOf[q];
    const o = s < 0 ? -1 : setPolygon[s];
    nodeOwner[q] = o;
    if (o === UNSEEN) unseen.push(q);
  }
  const stack = new Int32Array(unseen.length);
  for (const q of unseen) {
    if (nodeOwner[q] !== UNSEEN) continue;
    const group: number[] = [];
    let sp = 0;
    nodeOwner[q] = QUEUED;
    stack[sp++] = q;
    let top = q;
    while (sp > 0) {
      const u = stack[--sp];
      group.push(u);
      if (values[u] > values[top]) top = u;
      const ui = u % nx;
      if (ui > 0 && nodeOwner[u - 1] === UNSEEN) {
        nodeOwner[u - 1] = QUEUED;
        stack[sp++] = u - 1;
      }
      if (ui < nx - 1 && nodeOwner[u + 1] === UNSEEN) {
        nodeOwner[u + 1] = QUEUED;
        stack[sp++] = u + 1;
      }
      if (u >= nx && nodeOwner[u - nx] === UNSEEN) {
        nodeOwner[u - nx] = QUEUED;
        stack[sp++] = u - nx;
      }
      if (u + nx < m && nodeOwner[u + nx] === UNSEEN) {
        nodeOwner[u + nx] = QUEUED;
        stack[sp++] = u + nx;
      }
    }
    const ti = top % nx;
    // -1 when the polygon was dropped (minAreaKm2): outside every kept polygon.
    const label = castRay(x0 + (ti + 0.5) * cell, y0 + ((top - ti) / nx + 0.5) * cell);
    for (const u of group) nodeOwner[u] = label;
  }
  return { polys, nodeOwner };
}
