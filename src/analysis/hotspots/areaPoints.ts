/**
 * The crimes inside each hotspot area, and what is said about each area (count, share, types,
 * wards, peak, name), whatever method drew the areas (areas.ts: one threshold; compact.ts:
 * areas split at their saddles).
 *
 * Input: the areas' polygons (BNG rings, disjoint) and `nodeOwner`, the area of every grid node
 * (cell centre) or −1. The methods guarantee what the classification below relies on:
 * marching squares splits a square of four nodes into regions that each hold a corner, so a
 * point inside an area's polygon is inside the polygon of one of its square's corners, and a
 * square whose four corners belong to one area (or to none) lies wholly inside that area
 * (or outside every area).
 */
import type { Feature, Polygon } from 'geojson';
import type { GridSpec } from '../kde/grid.ts';
import { BandedPolygon, type Ring } from './polygon.ts';
import { uniquePoints, type UniquePoints } from '../../core/uniquePoints.ts';
import { mostFrequentStreetsOfPoints, pointStreets } from './pointStreets.ts';
import { mostFrequentStreets, nearestStreets, streetNames } from './naming.ts';
import type { Hotspot, HotspotOptions, HotspotPoints } from './areas.ts';

export interface AreaPolygon {
  rings: Ring[];
  areaKm2: number;
  bbox: [number, number, number, number];
}

export interface PolygonStats {
  count: number;
  /** Points of compareIndex inside (null without compareIndex). */
  previous: number | null;
  cat: Map<number, number>;
  /** The area's street (naming.ts rule 1–2; '' when none). */
  label: string;
  /** Grid cells (row · nx + col) of the area, in scan order. */
  cells: Int32Array;
  /** Crimes inside by ward index (empty without points.wardOfRow). */
  wardTally: Map<number, number>;
}

const SQUARE_MIXED = -2;

/** A function giving the area (index in polys) holding a point, or −1 (see the header). */
function classifier(
  polys: readonly AreaPolygon[],
  nodeOwner: Int32Array,
  grid: GridSpec,
): (px: number, py: number) => number {
  const { nx, ny, cell, x0, y0 } = grid;
  const banded = polys.map((p) => new BandedPolygon(p.rings, y0, cell, ny));
  const inside = (pi: number, px: number, py: number): boolean => {
    const [minX, minY, maxX, maxY] = polys[pi].bbox;
    return px >= minX && px <= maxX && py >= minY && py <= maxY && banded[pi].contains(px, py);
  };
  const inv = 1 / cell;
  const x1 = x0 + nx * cell;
  const y1 = y0 + ny * cell;
  return (px, py) => {
    const i = Math.floor((px - x0) * inv - 0.5);
    const j = Math.floor((py - y0) * inv - 0.5);
    if (i >= 0 && i < nx - 1 && j >= 0 && j < ny - 1) {
      const o = j * nx + i;
      const a = nodeOwner[o];
      const sq = a === nodeOwner[o + 1] && a === nodeOwner[o + nx] && a === nodeOwner[o + nx + 1] ? a : SQUARE_MIXED;
      if (sq !== SQUARE_MIXED) return sq; // an area ≥ 0, or −1 outside
    } else if (!(px >= x0 && px <= x1 && py >= y0 && py <= y1)) return -1;
    // Mixed square, or the half cell between the outer cell centres and the grid's edge:
    // ray-cast against the areas of the square's corners only.
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
}

/** points.unique when it is of these points' columns, else null. */
function givenUnique(points: HotspotPoints): UniquePoints | null {
  return points.unique && points.unique.index.length === points.x.length ? points.unique : null;
}

/** The area holding each distinct point of `given`, classified once a run (kept in `cache`). */
function uniqueOwners(
  given: UniquePoints,
  classify: (px: number, py: number) => number,
  cache: Map<string, Int32Array>,
): Int32Array {
  let uOwner = cache.get('unique');
  if (!uOwner) {
    uOwner = new Int32Array(given.count);
    for (let u = 0; u < given.count; u++) uOwner[u] = classify(given.ux[u], given.uy[u]);
    cache.set('unique', uOwner);
  }
  return uOwner;
}

/**
 * The area holding each of `rows` (all rows when null): each distinct map point classified once
 * (points.unique when given, else the distinct points among the rows).
 */
function owners(
  points: HotspotPoints,
  classify: (px: number, py: number) => number,
  rows: Uint32Array | null | undefined,
  cache: Map<string, Int32Array>,
): Int32Array {
  const { x, y } = points;
  const given = givenUnique(points);
  const n = rows ? rows.length : x.length;
  const owner = new Int32Array(n);
  if (given) {
    const uOwner = uniqueOwners(given, classify, cache);
    for (let k = 0; k < n; k++) {
      const u = given.index[rows ? rows[k] : k];
      owner[k] = u < 0 ? -1 : uOwner[u]; // u < 0: a NaN coordinate
    }
    return owner;
  }
  const u = uniquePoints(x, y, rows ?? undefined);
  const uOwner = new Int32Array(u.count);
  for (let q = 0; q < u.count; q++) uOwner[q] = classify(u.ux[q], u.uy[q]);
  for (let k = 0; k < n; k++) {
    const ui = u.index[rows ? rows[k] : k];
    owner[k] = ui >= 0 ? uOwner[ui] : -1;
  }
  return owner;
}

/** Crimes, comparison crimes, types, wards, cells and street of every area (one pass over the rows). */
export function tallyAreas(
  polys: readonly AreaPolygon[],
  nodeOwner: Int32Array,
  grid: GridSpec,
  points: HotspotPoints,
  values: ArrayLike<number>,
): PolygonStats[] {
  const classify = classifier(polys, nodeOwner, grid);
  const cache = new Map<string, Int32Array>();
  const index = points.index;
  const n = index ? index.length : points.x.length;
  const owner = owners(points, classify, index, cache);
  let previous: Int32Array | null = null;
  if (points.compareIndex) {
    previous = new Int32Array(polys.length);
    for (const pi of owners(points, classify, points.compareIndex, cache)) if (pi >= 0) previous[pi]++;
  }
  const category = points.category;
  let nCat = points.categories ? points.categories.length : 0;
  if (category && !points.categories)
    for (let k = 0; k < n; k++) nCat = Math.max(nCat, category[index ? index[k] : k] + 1);
  const catCounts = category ? new Float64Array(polys.length * nCat) : null;
  const counts = new Int32Array(polys.length);
  for (let k = 0; k < n; k++) {
    const pi = owner[k];
    if (pi < 0) continue;
    counts[pi]++;
    if (catCounts && category) catCounts[pi * nCat + category[index ? index[k] : k]]++;
  }
  const wardTally = points.wardOfRow
    ? wardTallies(owner, index, points.wardOfRow, counts)
    : polys.map(() => new Map<number, number>());
  // Cells of each area, in scan order (counting sort), and each area's highest cell.
  const cellStart = new Int32Array(polys.length + 1);
  const peakOf = new Int32Array(polys.length).fill(-1);
  for (let q = 0; q < nodeOwner.length; q++) {
    const o = nodeOwner[q];
    if (o < 0) continue;
    cellStart[o + 1]++;
    if (peakOf[o] < 0 || values[q] > values[peakOf[o]]) peakOf[o] = q;
  }
  for (let pi = 0; pi < polys.length; pi++) cellStart[pi + 1] += cellStart[pi];
  const cellFill = cellStart.slice(0, polys.length);
  const cellsOf = new Int32Array(cellStart[polys.length]);
  for (let q = 0; q < nodeOwner.length; q++) if (nodeOwner[q] >= 0) cellsOf[cellFill[nodeOwner[q]]++] = q;
  const labels = areaStreets(polys, points, classify, cache, owner, peakOf, grid);
  return polys.map((_, pi) => {
    const cat = new Map<number, number>();
    if (catCounts)
      for (let c = 0; c < nCat; c++) if (catCounts[pi * nCat + c] > 0) cat.set(c, catCounts[pi * nCat + c]);
    return {
      count: counts[pi],
      previous: previous ? previous[pi] : null,
      cat,
      label: labels[pi],
      cells: cellsOf.subarray(cellStart[pi], cellStart[pi + 1]),
      wardTally: wardTally[pi],
    };
  });
}

/**
 * Crimes of each area by ward (ward index → count, wards ascending; rows outside every ward not
 * counted): the rows' wards grouped by area (counting sort on `counts`, the rows of each area),
 * then tallied area by area in a scratch array (a Map update per row cost ~15 ms a London run).
 */
function wardTallies(
  owner: Int32Array,
  index: Uint32Array | null | undefined,
  wardOfRow: Int32Array,
  counts: Int32Array,
): Map<number, number>[] {
  const areas = counts.length;
  const start = new Int32Array(areas + 1);
  for (let pi = 0; pi < areas; pi++) start[pi + 1] = start[pi] + counts[pi];
  const fill = start.slice(0, areas);
  const wardOf = new Int32Array(start[areas]);
  let maxWard = -1;
  for (let k = 0; k < owner.length; k++) {
    const pi = owner[k];
    if (pi < 0) continue;
    const w = wardOfRow[index ? index[k] : k];
    wardOf[fill[pi]++] = w;
    if (w > maxWard) maxWard = w;
  }
  const tally = new Int32Array(maxWard + 1);
  const touched: number[] = [];
  const out: Map<number, number>[] = [];
  for (let pi = 0; pi < areas; pi++) {
    touched.length = 0;
    for (let e = start[pi]; e < start[pi + 1]; e++) {
      const w = wardOf[e];
      if (w < 0) continue;
      if (tally[w]++ === 0) touched.push(w);
    }
    touched.sort((a, b) => a - b);
    const m = new Map<number, number>();
    for (const w of touched) {
      m.set(w, tally[w]);
      tally[w] = 0;
    }
    out.push(m);
  }
  return out;
}

/**
 * The street of every area by naming.ts's rule: the most frequent street among ALL rows of the
 * table inside the area (not only the window's), else the street nearest the area's peak cell.
 */
function areaStreets(
  polys: readonly AreaPolygon[],
  points: HotspotPoints,
  classify: (px: number, py: number) => number,
  cache: Map<string, Int32Array>,
  windowOwner: Int32Array,
  peakOf: Int32Array,
  grid: GridSpec,
): string[] {
  const areas = polys.length;
  if (!points.location || !points.locations) return new Array<string>(areas).fill('');
  const names = streetNames(points.locations);
  const rowName = names.ofRows(points.location);
  const given = givenUnique(points);
  // Every loaded row counts (rule 1): by distinct point when the points are given (pointStreets.ts), else row by row.
  const labels = given
    ? mostFrequentStreetsOfPoints(areas, uniqueOwners(given, classify, cache), pointStreets(given, rowName), names)
    : mostFrequentStreets(
        areas,
        points.index || points.compareIndex ? owners(points, classify, null, cache) : windowOwner,
        null,
        rowName,
        names,
      );
  const nearest = nearestStreets(points.x, points.y, rowName, names, points.unique);
  for (let pi = 0; pi < areas; pi++) {
    if (labels[pi]) continue;
    // The peak cell's centre; an area without a cell of its own (a polygon traced around no
    // node cannot occur, but stay safe) is placed at its box's centre.
    const q = peakOf[pi];
    const col = q % grid.nx;
    const [bx0, by0, bx1, by1] = polys[pi].bbox;
    const cx = q >= 0 ? grid.x0 + (col + 0.5) * grid.cell : (bx0 + bx1) / 2;
    const cy = q >= 0 ? grid.y0 + ((q - col) / grid.nx + 0.5) * grid.cell : (by0 + by1) / 2;
    labels[pi] = nearest.near(cx, cy);
  }
  return labels;
}

/** The Hotspot (without id and rank) of one area. */
export function describeArea(
  p: AreaPolygon,
  values: Float64Array,
  grid: GridSpec,
  points: HotspotPoints,
  total: number,
  opts: HotspotOptions,
  stats: PolygonStats,
): Omit<Hotspot, 'id' | 'rank'> {
  const { rings, areaKm2 } = p;
  const { count, previous, cat, label, cells, wardTally } = stats;
  // Cells of the area: peak density, and wards.
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
    for (const ring of rings)
      for (const [vx, vy] of ring) {
        const w = opts.wardAt(vx, vy);
        if (w !== last && w >= 0) wards.add(w);
        last = w;
      }
  }
  const allCategories = [...cat]
    .map(([ci, c]) => ({ name: points.categories?.[ci] ?? String(ci), count: c }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
  const categories = allCategories.slice(0, 3);
  // In the types' own order (every area adds its keys in one order, so the objects share their
  // shape; an order by count made a new shape for most of London's ~2,000 areas). The order is
  // not read: action links look counts up by type and sum them (whole numbers).
  const categoryCounts: Record<string, number> = {};
  for (const [ci, c] of cat) categoryCounts[points.categories?.[ci] ?? String(ci)] = c;
  const wardCounts: Record<number, number> = {};
  for (const [w, c] of [...wardTally].sort((a, b) => a[0] - b[0])) wardCounts[w] = c;
  const share = total > 0 ? count / total : 0;
  const feature: Feature<Polygon> = {
    type: 'Feature',
    properties: { count, share, areaKm2, peak, label },
    geometry: { type: 'Polygon', coordinates: rings.map((ring) => ring.map(([rx, ry]) => opts.toLonLat(rx, ry))) },
  };
  return {
    count,
    share,
    previousCount: previous,
    areaKm2,
    peak,
    wards: [...wards].sort((a, b) => a - b),
    label,
    categories,
    categoryCounts,
    wardCounts,
    rings,
    feature,
  };
}
