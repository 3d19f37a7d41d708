/**
 * Hotspot areas: polygons where a density surface reaches a threshold, with the crimes inside.
 *
 * Thresholds (Home Office Crime Reduction toolkit, "Defining hot spot thresholds"): multiples of
 * the MEAN OF THE NON-ZERO CELLS (1×, 2×, 3× …); DEFAULT_THRESHOLD is 2× (cells at least twice
 * the average density of the places that have any crime at all). Alternative: the top X% of the
 * non-zero cells by density.
 *
 * Polygons come from marching squares on the computed grid (d3-contour `contours()`, never
 * `contourDensity()`, which re-estimates with a box blur). d3-contour places value index i at
 * coordinate i + 0.5 (its linear interpolation puts a crossing at x + d − 0.5), i.e. at the cell
 * CENTRE when a unit of d3 space is one cell: so BNG = (x0 + gx·cell, y0 + gy·cell) with no extra
 * half-cell shift, and no y flip (d3 row j = our row j, row 0 = south). Cells beyond the grid
 * count as below the threshold, so polygons always close. Rings are reoriented to RFC 7946
 * (exterior counter-clockwise, holes clockwise) and projected to WGS84 with `toLonLat`.
 * Each part of the contour MultiPolygon (exterior + its holes) is one hotspot.
 */
import { contours } from 'd3';
import type { Feature, Polygon } from 'geojson';
import type { GridSpec } from '../kde/grid.ts';
import { BandedPolygon, ringBbox, signedArea, type Ring } from './polygon.ts';

export type ThresholdRule = { kind: 'mean-multiple'; k: number } | { kind: 'top-percent'; percent: number };

export const DEFAULT_THRESHOLD: ThresholdRule = { kind: 'mean-multiple', k: 2 };

/** Density threshold for a rule over the non-zero finite cells (Infinity when there are none). */
export function hotspotThreshold(values: ArrayLike<number>, rule: ThresholdRule): number {
  const nz: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > 0 && Number.isFinite(v)) nz.push(v);
  }
  if (nz.length === 0) return Infinity;
  if (rule.kind === 'mean-multiple') {
    let s = 0;
    for (const v of nz) s += v;
    return (rule.k * s) / nz.length;
  }
  nz.sort((a, b) => b - a);
  const take = Math.max(1, Math.ceil((rule.percent / 100) * nz.length));
  return nz[Math.min(take, nz.length) - 1];
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
}

export interface Hotspot {
  id: string;
  /** 1 = most crimes. */
  rank: number;
  /** Crimes (rows) inside the polygon, and their share of all rows considered. */
  count: number;
  share: number;
  areaKm2: number;
  /** Highest cell density inside (same unit as the surface). */
  peak: number;
  /** Ward indexes touched by the polygon's cells or vertices (sorted). */
  wards: number[];
  /** Most frequent street inside, "On or near " removed ('' when no names). */
  label: string;
  /** Top 3 crime types inside, most frequent first. */
  categories: { name: string; count: number }[];
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
  /** Drop polygons smaller than this (km²; default 0). */
  minAreaKm2?: number;
}

export function hotspotAreas(
  surface: { values: Float64Array; grid: GridSpec },
  points: HotspotPoints,
  opts: HotspotOptions,
): { threshold: number; hotspots: Hotspot[]; total: number } {
  const { values, grid } = surface;
  const t = typeof opts.threshold === 'number' ? opts.threshold : hotspotThreshold(values, opts.threshold ?? DEFAULT_THRESHOLD);
  const total = points.index ? points.index.length : points.x.length;
  if (!Number.isFinite(t)) return { threshold: t, hotspots: [], total };
  const mp = contours().size([grid.nx, grid.ny]).thresholds([t])(Array.from(values))[0];
  const toBng = (ring: number[][]): Ring => ring.map(([gx, gy]) => [grid.x0 + gx * grid.cell, grid.y0 + gy * grid.cell]);
  const polys: { rings: Ring[]; areaKm2: number; bbox: [number, number, number, number] }[] = [];
  for (const poly of mp.coordinates) {
    const rings = poly.map(toBng);
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
    if (areaKm2 < (opts.minAreaKm2 ?? 0)) continue;
    polys.push({ rings, areaKm2, bbox: ringBbox(rings[0]) });
  }
  const banded = polys.map((p) => new BandedPolygon(p.rings, grid.y0, grid.cell, grid.ny));
  const stats = pointsInPolygons(polys, banded, grid, points);
  const found = polys.map((p, i) => describe(p.rings, p.areaKm2, values, grid, points, total, opts, stats[i], banded[i]));
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
  cat: Map<number, number>;
  loc: Map<number, number>;
}

/**
 * Crimes inside each polygon in ONE pass over the points: every grid cell lists the
 * polygons whose bounding box covers it, so a point is ray-cast only against those few
 * (the polygons are disjoint, so the first hit owns the point). Cost O(n + Σ bbox cells),
 * not O(n × polygons).
 */
function pointsInPolygons(
  polys: readonly { rings: Ring[]; bbox: [number, number, number, number] }[],
  banded: readonly BandedPolygon[],
  grid: GridSpec,
  points: HotspotPoints,
): PolygonStats[] {
  const stats: PolygonStats[] = polys.map(() => ({ count: 0, cat: new Map(), loc: new Map() }));
  const m = grid.nx * grid.ny;
  const head = new Int32Array(m).fill(-1);
  const nextOf: number[] = [];
  const polyOf: number[] = [];
  polys.forEach((p, pi) => {
    const [minX, minY, maxX, maxY] = p.bbox;
    const c0 = Math.max(0, Math.floor((minX - grid.x0) / grid.cell));
    const c1 = Math.min(grid.nx - 1, Math.floor((maxX - grid.x0) / grid.cell));
    const r0 = Math.max(0, Math.floor((minY - grid.y0) / grid.cell));
    const r1 = Math.min(grid.ny - 1, Math.floor((maxY - grid.y0) / grid.cell));
    for (let r = r0; r <= r1; r++)
      for (let c = c0; c <= c1; c++) {
        const cell = r * grid.nx + c;
        polyOf.push(pi);
        nextOf.push(head[cell]);
        head[cell] = polyOf.length - 1;
      }
  });
  const { x, y, index } = points;
  const n = index ? index.length : x.length;
  const inv = 1 / grid.cell;
  for (let k = 0; k < n; k++) {
    const i = index ? index[k] : k;
    const px = x[i];
    const py = y[i];
    const c = Math.floor((px - grid.x0) * inv);
    const r = Math.floor((py - grid.y0) * inv);
    if (!(c >= 0 && c < grid.nx && r >= 0 && r < grid.ny)) continue;
    for (let e = head[r * grid.nx + c]; e >= 0; e = nextOf[e]) {
      const pi = polyOf[e];
      const [minX, minY, maxX, maxY] = polys[pi].bbox;
      if (px < minX || px > maxX || py < minY || py > maxY || !banded[pi].contains(px, py)) continue;
      const st = stats[pi];
      st.count++;
      if (points.category) st.cat.set(points.category[i], (st.cat.get(points.category[i]) ?? 0) + 1);
      if (points.location) st.loc.set(points.location[i], (st.loc.get(points.location[i]) ?? 0) + 1);
      break;
    }
  }
  return stats;
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
  banded: BandedPolygon,
): Omit<Hotspot, 'id' | 'rank'> {
  const [minX, minY, maxX, maxY] = ringBbox(rings[0]);
  const { count, cat, loc } = stats;
  // Cells whose centre is inside: peak density, and wards.
  const wards = new Set<number>();
  let peak = 0;
  const c0 = Math.max(0, Math.floor((minX - grid.x0) / grid.cell));
  const c1 = Math.min(grid.nx - 1, Math.ceil((maxX - grid.x0) / grid.cell));
  const r0 = Math.max(0, Math.floor((minY - grid.y0) / grid.cell));
  const r1 = Math.min(grid.ny - 1, Math.ceil((maxY - grid.y0) / grid.cell));
  for (let row = r0; row <= r1; row++) {
    const cy = grid.y0 + (row + 0.5) * grid.cell;
    for (let col = c0; col <= c1; col++) {
      const cx = grid.x0 + (col + 0.5) * grid.cell;
      if (!banded.contains(cx, cy)) continue;
      const v = values[row * grid.nx + col];
      if (v > peak) peak = v;
      if (opts.wardAt) {
        const w = opts.wardAt(cx, cy);
        if (w >= 0) wards.add(w);
      }
    }
  }
  if (opts.wardAt) {
    for (const ring of rings) for (const [vx, vy] of ring) {
      const w = opts.wardAt(vx, vy);
      if (w >= 0) wards.add(w);
    }
  }
  // Label: most frequent non-empty street, "On or near " removed; ties alphabetical.
  // police.uk also snaps crimes to map points named after a kind of place ("On or near
  // Supermarket", "Parking Area"); those say nothing about where the hotspot is, so a real
  // street name wins over them and they are used only when nothing else is there.
  const streets = new Map<string, number>();
  const generic = new Map<string, number>();
  if (points.locations) {
    for (const [li, c] of loc) {
      const name = streetName(points.locations[li] ?? '');
      if (!name) continue;
      const m = isGenericPlaceName(name) ? generic : streets;
      m.set(name, (m.get(name) ?? 0) + c);
    }
  }
  const byCount = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
  const label = [...streets].sort(byCount)[0]?.[0] ?? [...generic].sort(byCount)[0]?.[0] ?? '';
  const categories = [...cat]
    .map(([ci, c]) => ({ name: points.categories?.[ci] ?? String(ci), count: c }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1))
    .slice(0, 3);
  const share = total > 0 ? count / total : 0;
  const feature: Feature<Polygon> = {
    type: 'Feature',
    properties: { count, share, areaKm2, peak, label },
    geometry: { type: 'Polygon', coordinates: rings.map((ring) => ring.map(([rx, ry]) => opts.toLonLat(rx, ry))) },
  };
  return { count, share, areaKm2, peak, wards: [...wards].sort((a, b) => a - b), label, categories, rings, feature };
}

/** "On or near High Road" → "High Road". */
export function streetName(location: string): string {
  return location.replace(/^\s*on or near\s+/i, '').trim();
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
