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
 */
import { thresholdContour, type ThresholdContour } from './contour.ts';
import Flatbush from 'flatbush';
import type { Feature, Polygon } from 'geojson';
import type { GridSpec } from '../kde/grid.ts';
import { BandedPolygon, ringBbox, signedArea, type Ring } from './polygon.ts';
import { uniquePoints, type UniquePoints } from '../../core/uniquePoints.ts';

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
  /** Most frequent street inside, "On or near " removed ('' when no names). */
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
  const t = typeof opts.threshold === 'number' ? opts.threshold : hotspotThreshold(values, opts.threshold ?? DEFAULT_THRESHOLD);
  const total = points.index ? points.index.length : points.x.length;
  if (!Number.isFinite(t)) return { threshold: t, hotspots: [], total };
  const toBng = (ring: number[][]): Ring => ring.map(([gx, gy]) => [grid.x0 + gx * grid.cell, grid.y0 + gy * grid.cell]);
  const polys: { rings: Ring[]; areaKm2: number; bbox: [number, number, number, number] }[] = [];
  // Half a cell at least (less 1e-9 of it, so that a ring of exactly half a cell, e.g. the
  // diamond around a lone cell at twice the threshold, is kept whatever the rounding).
  const minAreaKm2 = Math.max(opts.minAreaKm2 ?? 0, 0.5 * (grid.cell / 1000) ** 2 * (1 - 1e-9));
  // d3-contour's polygons, traced area by area (contour.ts: the same rings as over the whole grid).
  const contour = thresholdContour(values, grid.nx, grid.ny, t);
  /** Index in `polys` of each contour polygon (−1: dropped as smaller than minAreaKm2). */
  const kept = new Int32Array(contour.polygons.length).fill(-1);
  for (let ci = 0; ci < contour.polygons.length; ci++) {
    const rings = contour.polygons[ci].map(toBng);
    for (let r = 0; r < rings.length; r++) {
      const a = signedArea(rings[r]);
      if ((r === 0 && a < 0) || (r > 0 && a > 0)) rings[r].reverse();
      const f = rings[r][0];
      const l = rings[r][rings[r].length - 1];
      if (f[0] !== l[0] || f[1] !== l[1]) rings[r].push([f[0], f[1]]);
    }
    let area = signedArea(rings[0]);
    for (let r = 1; r < rings.length; r++) area += signedArea(rings[r]);
    const areaKm2 = area / 1e6;
    if (areaKm2 < minAreaKm2) continue;
    kept[ci] = polys.length;
    polys.push({ rings, areaKm2, bbox: ringBbox(rings[0]) });
  }
  const banded = polys.map((p) => new BandedPolygon(p.rings, grid.y0, grid.cell, grid.ny));
  const stats = pointsInPolygons(polys, banded, grid, points, values, t, contour, kept);
  // Areas without a crime of the window are not listed (see above).
  const found = polys.flatMap((p, i) => (stats[i].count > 0 ? [describe(p.rings, p.areaKm2, values, grid, points, total, opts, stats[i])] : []));
  found.sort((a, b) => b.count - a.count || b.peak - a.peak);
  const hotspots = found.map((h, i) => {
    const id = `H${i + 1}`;
    const props = h.feature.properties ?? {};
    Object.assign(props, { id, rank: i + 1 });
    return { ...h, id, rank: i + 1 };
  });
  return { threshold: t, hotspots, total };
}

interface PolygonStats {
  count: number;
  /** Points of compareIndex inside (null without compareIndex). */
  previous: number | null;
  cat: Map<number, number>;
  /** Most frequent street name inside ('' when none; see bestName). */
  label: string;
  /** Grid cells (row · nx + col) whose centre is inside the polygon. */
  cells: Int32Array;
  /** Crimes inside by ward index (empty without points.wardOfRow). */
  wardTally: Map<number, number>;
}

/** Marching squares between four cell centres: classification of each square (see pointsInPolygons). */
const SQUARE_MIXED = -2;
const SQUARE_OUTSIDE = -1;

/**
 * Crimes inside each polygon in ONE pass over the points, and the grid cells inside each.
 *
 * Cells: a cell centre is a grid node of the contour (d3-contour's value position), and a node
 * is inside a polygon exactly when its value reaches the threshold (contours cross only the
 * edges between a node below and a node at or above it). Two such nodes side by side are
 * joined by an edge no contour crosses, so each 4-connected set of them lies in one polygon.
 * The contour's 8-connected sets that have one polygon give it all their nodes; in the others
 * the 4-connected sets are flood-filled and ONE ray cast per set (at its highest node, well
 * inside) names the polygon.
 *
 * Points: most are settled without a ray cast. The contour runs through the squares whose four
 * corners (cell centres) straddle the threshold; a square with all four corners at or above it
 * lies wholly inside the polygon of its corners, and one with all four below lies wholly
 * outside every polygon (marching squares only draws lines in mixed squares). Only the points
 * in mixed squares, and within half a cell of the grid's edge, are ray-cast, once per distinct
 * coordinate pair (uniquePoints.ts), and only against the polygons of their square's corners
 * (see the loop below).
 * Cost O(n + cells); the answer is the ray cast's for every point and cell.
 */
function pointsInPolygons(
  polys: readonly { rings: Ring[]; bbox: [number, number, number, number] }[],
  banded: readonly BandedPolygon[],
  grid: GridSpec,
  points: HotspotPoints,
  values: ArrayLike<number>,
  threshold: number,
  contour: ThresholdContour,
  kept: Int32Array,
): PolygonStats[] {
  const { nx, ny, cell, x0, y0 } = grid;
  /** Is (px, py) inside polygon pi (bounding box, then the banded ray cast)? */
  const inside = (pi: number, px: number, py: number): boolean => {
    const [minX, minY, maxX, maxY] = polys[pi].bbox;
    return px >= minX && px <= maxX && py >= minY && py <= maxY && banded[pi].contains(px, py);
  };
  // Bounding boxes of the polygons in an R-tree, for the one ray cast per set of cells.
  const tree = polys.length ? new Flatbush(polys.length) : null;
  for (const p of polys) tree?.add(p.bbox[0], p.bbox[1], p.bbox[2], p.bbox[3]);
  tree?.finish();
  /** The polygon containing (px, py), or -1. */
  const castRay = (px: number, py: number): number => {
    if (!tree) return -1;
    let hit = -1;
    tree.search(px, py, px, py, (pi) => {
      if (hit < 0 && inside(pi, px, py)) hit = pi;
      return false;
    });
    return hit;
  };

  // Nodes (cell centres) at or above the threshold: their polygon. A contour set with one
  // polygon owns all its nodes (ThresholdContour.setStart). The nodes of sets with several
  // polygons are flood-filled in 4-connected groups, and ONE ray cast per group (at its highest
  // node, well inside) names its polygon.
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
  /** Cells of each polygon: counted here, then listed in scan order (counting sort, below). */
  const cellStart = new Int32Array(polys.length + 1);
  for (let q = 0; q < m; q++) {
    const s = setOf[q];
    const o = s < 0 ? -1 : setPolygon[s];
    nodeOwner[q] = o;
    if (o >= 0) cellStart[o + 1]++;
    else if (o === UNSEEN) unseen.push(q);
  }
  if (unseen.length > 0) {
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
        if (ui > 0 && nodeOwner[u - 1] === UNSEEN) { nodeOwner[u - 1] = QUEUED; stack[sp++] = u - 1; }
        if (ui < nx - 1 && nodeOwner[u + 1] === UNSEEN) { nodeOwner[u + 1] = QUEUED; stack[sp++] = u + 1; }
        if (u >= nx && nodeOwner[u - nx] === UNSEEN) { nodeOwner[u - nx] = QUEUED; stack[sp++] = u - nx; }
        if (u + nx < m && nodeOwner[u + nx] === UNSEEN) { nodeOwner[u + nx] = QUEUED; stack[sp++] = u + nx; }
      }
      const ti = top % nx;
      // -1 when the polygon was dropped (minAreaKm2): outside every kept polygon.
      const label = castRay(x0 + (ti + 0.5) * cell, y0 + ((top - ti) / nx + 0.5) * cell);
      for (const u of group) nodeOwner[u] = label;
      if (label >= 0) cellStart[label + 1] += group.length;
    }
  }

  // Squares: square (i, j) has corners at cell centres (i, j), (i+1, j), (i, j+1), (i+1, j+1).
  // Classified on demand (a polygon ≥ 0 when all four corners are at or above the threshold,
  // SQUARE_MIXED when some are, SQUARE_OUTSIDE when none): only the squares that hold points
  // are ever looked at.
  const sx = nx - 1;
  const sy = ny - 1;
  const squareAt = (i: number, j: number): number => {
    const o = j * nx + i;
    const a = values[o] >= threshold;
    const b = values[o + 1] >= threshold;
    const c = values[o + nx] >= threshold;
    const d = values[o + nx + 1] >= threshold;
    return a && b && c && d ? nodeOwner[o] : a || b || c || d ? SQUARE_MIXED : SQUARE_OUTSIDE;
  };

  const { x, y } = points;
  const inv = 1 / cell;
  const x1 = x0 + nx * cell;
  const y1 = y0 + ny * cell;
  /**
   * The polygon holding (px, py), or -1. Points in a square with all four corners on one side
   * are settled by the square; the rest (mixed squares, and the half cell between the outer
   * cell centres and the grid's edge) are ray-cast. Marching squares splits a square into
   * regions that each hold a corner, so a point inside a polygon is inside the polygon of one
   * of its square's corners at or above the threshold: those (usually one) are the only
   * candidates. Beyond the grid's edge nothing is inside (contours stay within it).
   */
  const classify = (px: number, py: number): number => {
    const i = Math.floor((px - x0) * inv - 0.5);
    const j = Math.floor((py - y0) * inv - 0.5);
    if (i >= 0 && i < sx && j >= 0 && j < sy) {
      const sq = squareAt(i, j);
      if (sq !== SQUARE_MIXED) return sq; // a polygon ≥ 0, or -1 outside
    } else if (!(px >= x0 && px <= x1 && py >= y0 && py <= y1)) return -1;
    let tried = -1;
    for (let dj = 0; dj <= 1; dj++)
      for (let di = 0; di <= 1; di++) {
        const ci = i + di;
        const cj = j + dj;
        if (ci < 0 || ci >= nx || cj < 0 || cj >= ny) continue;
        const pi = nodeOwner[cj * nx + ci];
        if (pi < 0 || pi === tried) continue;
        tried = pi;
        if (inside(pi, px, py)) return pi;
      }
    return -1;
  };
  const given = points.unique && points.unique.index.length === x.length ? points.unique : null;
  // Each distinct point classified once, in the order given (south to north from the session:
  // the surface is then read row by row), before any row looks its answer up.
  let uOwner: Int32Array | null = null;
  if (given) {
    uOwner = new Int32Array(given.count);
    for (let u = 0; u < given.count; u++) uOwner[u] = classify(given.ux[u], given.uy[u]);
  }
  /** The polygon holding each listed point (-1: none), for the points of `rows` (all when null). */
  const ownersOf = (rows: Uint32Array | null | undefined): Int32Array => {
    const n = rows ? rows.length : x.length;
    const owner = new Int32Array(n);
    if (given && uOwner) {
      const uIndex = given.index;
      for (let k = 0; k < n; k++) {
        const u = uIndex[rows ? rows[k] : k];
        owner[k] = u < 0 ? -1 : uOwner[u]; // u < 0: a NaN coordinate
      }
      return owner;
    }
    // Without the distinct points: squares settle most points; the rest are ray-cast once per
    // distinct coordinate pair among them.
    const castK: number[] = [];
    for (let k = 0; k < n; k++) {
      const p = rows ? rows[k] : k;
      const px = x[p];
      const py = y[p];
      const i = Math.floor((px - x0) * inv - 0.5);
      const j = Math.floor((py - y0) * inv - 0.5);
      if (i >= 0 && i < sx && j >= 0 && j < sy) {
        const sq = squareAt(i, j);
        if (sq === SQUARE_MIXED) castK.push(k);
        else owner[k] = sq;
      } else if (px >= x0 && px <= x1 && py >= y0 && py <= y1) castK.push(k);
      else owner[k] = -1;
    }
    if (castK.length) {
      const cast = Uint32Array.from(castK, (k) => (rows ? rows[k] : k));
      const u = uniquePoints(x, y, cast);
      const uOwner = new Int32Array(u.count);
      for (let q = 0; q < u.count; q++) uOwner[q] = classify(u.ux[q], u.uy[q]);
      for (let e = 0; e < castK.length; e++) {
        const ui = u.index[cast[e]];
        owner[castK[e]] = ui >= 0 ? uOwner[ui] : -1; // -1: a NaN coordinate
      }
    }
    return owner;
  };
  const index = points.index;
  const n = index ? index.length : x.length;
  const owner = ownersOf(index);
  let previous: Int32Array | null = null;
  if (points.compareIndex) {
    previous = new Int32Array(polys.length);
    for (const pi of ownersOf(points.compareIndex)) if (pi >= 0) previous[pi]++;
  }

  // Tally by polygon with typed counters (categories) and a scratch array over location ids.
  const nameTally = points.location && points.locations ? new Int32Array(points.locations.length) : null;
  const category = points.category;
  let nCat = points.categories ? points.categories.length : 0;
  if (category && !points.categories) for (let k = 0; k < n; k++) nCat = Math.max(nCat, category[index ? index[k] : k] + 1);
  const catCounts = category ? new Float64Array(polys.length * nCat) : null;
  const counts = new Int32Array(polys.length);
  const wardOfRow = points.wardOfRow ?? null;
  const wardTally = polys.map(() => new Map<number, number>());
  for (let k = 0; k < n; k++) {
    const pi = owner[k];
    if (pi < 0) continue;
    counts[pi]++;
    if (catCounts && category) catCounts[pi * nCat + category[index ? index[k] : k]]++;
    if (wardOfRow) {
      const w = wardOfRow[index ? index[k] : k];
      if (w >= 0) wardTally[pi].set(w, (wardTally[pi].get(w) ?? 0) + 1);
    }
  }
  // Street-name ids of each polygon's points, grouped by polygon (counting sort), for the label
  // tallies: read in row order here, then tallied polygon by polygon from one contiguous run.
  const start = new Int32Array(polys.length + 1);
  for (let pi = 0; pi < polys.length; pi++) start[pi + 1] = start[pi] + counts[pi];
  const fill = start.slice(0, polys.length);
  const namesOf = new Int32Array(start[polys.length]);
  const names = nameTally && points.location && points.locations ? streetNames(points.locations) : null;
  if (names && points.location) {
    const rowName = names.ofRows(points.location);
    for (let k = 0; k < n; k++) if (owner[k] >= 0) namesOf[fill[owner[k]]++] = rowName[index ? index[k] : k];
  }
  // Cells of each polygon, in scan order.
  for (let pi = 0; pi < polys.length; pi++) cellStart[pi + 1] += cellStart[pi];
  const cellFill = cellStart.slice(0, polys.length);
  const cellsOf = new Int32Array(cellStart[polys.length]);
  for (let q = 0; q < m; q++) if (nodeOwner[q] >= 0) cellsOf[cellFill[nodeOwner[q]]++] = q;
  return polys.map((_, pi) => {
    const cat = new Map<number, number>();
    if (catCounts) for (let c = 0; c < nCat; c++) if (catCounts[pi * nCat + c] > 0) cat.set(c, catCounts[pi * nCat + c]);
    // Label: the most frequent street name of the area's crimes (street names interned per
    // table, so names shared by several map points add up; tallied in a typed scratch array).
    let label = '';
    if (nameTally && names) {
      const touched: number[] = [];
      for (let e = start[pi]; e < start[pi + 1]; e++) {
        const id = namesOf[e];
        if (id < 0) continue;
        if (nameTally[id]++ === 0) touched.push(id);
      }
      label = bestName(touched, nameTally, names);
      for (const id of touched) nameTally[id] = 0;
    }
    return { count: counts[pi], previous: previous ? previous[pi] : null, cat, label, cells: cellsOf.subarray(cellStart[pi], cellStart[pi + 1]), wardTally: wardTally[pi] };
  });
}

function describe(
  rings: Ring[],
  areaKm2: number,
  values: Float64Array,
  grid: GridSpec,
  points: HotspotPoints,
  total: number,
  opts: HotspotOptions,
  stats: PolygonStats,
): Omit<Hotspot, 'id' | 'rank'> {
  const { count, previous, cat, label, cells, wardTally } = stats;
  // Cells whose centre is inside: peak density, and wards.
  const wards = new Set<number>();
  const wardAtCentre = opts.wardAtCentre ?? opts.wardAt;
  let peak = 0;
  // Neighbouring cells and vertices are mostly in the same ward: the set is only touched when
  // the ward changes.
  let last = -1;
  for (const q of cells) {
    const v = values[q];
    if (v > peak) peak = v;
    if (wardAtCentre) {
      const col = q % grid.nx;
      const w = wardAtCentre(grid.x0 + (col + 0.5) * grid.cell, grid.y0 + ((q - col) / grid.nx + 0.5) * grid.cell);
      if (w !== last && w >= 0) wards.add(w);
      last = w;
    }
  }
  if (opts.wardAt) {
    for (const ring of rings) for (const [vx, vy] of ring) {
      const w = opts.wardAt(vx, vy);
      if (w !== last && w >= 0) wards.add(w);
      last = w;
    }
  }
  const allCategories = [...cat]
    .map(([ci, c]) => ({ name: points.categories?.[ci] ?? String(ci), count: c }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
  const categories = allCategories.slice(0, 3);
  const categoryCounts: Record<string, number> = {};
  for (const c of allCategories) categoryCounts[c.name] = c.count;
  const wardCounts: Record<number, number> = {};
  for (const [w, c] of [...wardTally].sort((a, b) => a[0] - b[0])) wardCounts[w] = c;
  const share = total > 0 ? count / total : 0;
  const feature: Feature<Polygon> = {
    type: 'Feature',
    properties: { count, share, areaKm2, peak, label },
    geometry: { type: 'Polygon', coordinates: rings.map((ring) => ring.map(([rx, ry]) => opts.toLonLat(rx, ry))) },
  };
  return { count, share, previousCount: previous, areaKm2, peak, wards: [...wards].sort((a, b) => a - b), label, categories, categoryCounts, wardCounts, rings, feature };
}

/**
 * Street names of location ids, interned per locations list (a table's list lives as long as the
 * table): the same names recur in every run and area, and several map points share a street.
 * Filled on first use of each location id.
 */
class StreetNames {
  private readonly ids: Int32Array;
  private readonly byName = new Map<string, number>();
  readonly names: string[] = [];
  readonly generic: boolean[] = [];

  constructor(private readonly locations: readonly string[]) {
    this.ids = new Int32Array(locations.length).fill(-2);
  }

  /** Name id of location li, or -1 when it names no street. */
  idOf(li: number): number {
    let id = this.ids[li];
    if (id !== -2) return id;
    const name = streetName(this.locations[li] ?? '');
    if (!name) id = -1;
    else {
      const known = this.byName.get(name);
      if (known !== undefined) id = known;
      else {
        id = this.names.length;
        this.names.push(name);
        this.generic.push(isGenericPlaceName(name));
        this.byName.set(name, id);
      }
    }
    this.ids[li] = id;
    return id;
  }

  private rows: { location: Uint32Array; names: Int32Array } | null = null;

  /** Name id of each row's location (-1: no street), kept for the last location column asked for. */
  ofRows(location: Uint32Array): Int32Array {
    if (this.rows?.location !== location) {
      const out = new Int32Array(location.length);
      for (let i = 0; i < location.length; i++) out[i] = this.idOf(location[i]);
      this.rows = { location, names: out };
    }
    return this.rows.names;
  }
}

const streetCache = new WeakMap<readonly string[], StreetNames>();
function streetNames(locations: readonly string[]): StreetNames {
  let s = streetCache.get(locations);
  if (!s) streetCache.set(locations, (s = new StreetNames(locations)));
  return s;
}

/**
 * The label of an area: its most frequent street name, "On or near " removed; ties
 * alphabetical. police.uk also snaps crimes to map points named after a kind of place ("On or
 * near Supermarket", "Parking Area"); those say nothing about where the hotspot is, so a real
 * street name wins over them and they are used only when nothing else is there.
 */
function bestName(ids: readonly number[], tally: Int32Array, names: StreetNames): string {
  let best = -1;
  let bestGeneric = -1;
  const better = (a: number, b: number) => b < 0 || tally[a] > tally[b] || (tally[a] === tally[b] && names.names[a] < names.names[b]);
  for (const id of ids) {
    if (names.generic[id]) {
      if (better(id, bestGeneric)) bestGeneric = id;
    } else if (better(id, best)) best = id;
  }
  const id = best >= 0 ? best : bestGeneric;
  return id >= 0 ? names.names[id] : '';
}

/**
 * "On or near High Road" → "High Road". police.uk title-cases its names letter by letter after
 * an apostrophe ("Regent'S Park Road", "St. John'S Wood Road"): the possessive s is put back in
 * lower case. Its station points read "Seven Sisters (lu Station)": shown as "(LU station)"
 * (and DLR likewise).
 */
export function streetName(location: string): string {
  return location
    .replace(/^\s*on or near\s+/i, '')
    .replace(/(\p{L})['\u2019]S\b/gu, "$1's")
    .replace(/\((lu|dlr)\s+station\)/gi, (_m, line: string) => `(${line.toUpperCase()} station)`)
    .trim();
}

/**
 * police.uk anonymous map points that are named after a kind of place rather than a
 * street: "Parking Area", "Supermarket", "Petrol Station", "Nightclub", "Sports/recreation
 * Area", "Further/higher Educational Building" … They are written with one capital letter
 * and none of the street words below.
 */
const GENERIC_PLACE = /^(parking area|supermarket|petrol station|shopping area|nightclub|sports\/recreation area|further\/higher educational building|hospital|police station|conference\/exhibition centre|theatre\/concert hall|pedestrian subway|bus\/coach station|airport\/airfield\/aerodrome|theme\/adventure park|prison|park\/open space|sports\/recreation ground|place of worship|unknown)$/i;

export function isGenericPlaceName(name: string): boolean {
  return GENERIC_PLACE.test(name.trim());
}
