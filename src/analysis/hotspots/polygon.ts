/**
 * Small planar polygon helpers (BNG metres). A polygon is [exterior, ...holes]; a ring is a
 * list of [x, y] pairs, closed (first = last) or not — both are handled.
 */

import type { GridSpec } from '../kde/grid.ts';

export type Ring = [number, number][];

/** Even–odd ray casting over one ring (points exactly on an edge may go either way). */
export function inRing(ring: Ring, x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the exterior and outside every hole. */
export function inPolygon(polygon: Ring[], x: number, y: number): boolean {
  if (!inRing(polygon[0], x, y)) return false;
  for (let h = 1; h < polygon.length; h++) if (inRing(polygon[h], x, y)) return false;
  return true;
}

/** Signed shoelace area: positive for counter-clockwise rings (x east, y north). */
export function signedArea(ring: Ring): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return a / 2;
}

/** [minX, minY, maxX, maxY] of a ring. */
export function ringBbox(ring: Ring): [number, number, number, number] {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const [x, y] of ring) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

/**
 * A polygon ([exterior, ...holes]) with its edges bucketed by horizontal band of the grid
 * rows, so that an even–odd ray cast looks only at the edges crossing the point's band.
 * Marching-squares outlines of a big surface can have tens of thousands of vertices; a
 * plain ray cast over all of them for every point and cell is what made hotspot counting
 * slow. Same rule as inPolygon (half-open in y, crossing strictly to the east).
 */
export class BandedPolygon {
  private readonly start: Int32Array; // CSR offsets per band from `first` (length used bands + 1)
  private readonly edges: Float64Array; // x1, y1, x2, y2 per entry
  /** First band with an edge; bands below it and from first + start.length − 1 up hold none. */
  private readonly first: number;

  constructor(
    rings: readonly Ring[],
    private readonly y0: number,
    private readonly band: number,
    bands: number,
  ) {
    const bandOf = (yv: number) => Math.floor((yv - y0) / band);
    // Only the bands the polygon spans get offsets (a hotspot spans a few of a London grid's
    // thousand rows, and there are thousands of hotspots).
    let minY = Infinity;
    let maxY = -Infinity;
    for (const ring of rings)
      for (const p of ring) {
        if (p[1] < minY) minY = p[1];
        if (p[1] > maxY) maxY = p[1];
      }
    const first = minY <= maxY ? Math.max(0, bandOf(minY)) : 0;
    const last = minY <= maxY ? Math.min(bands - 1, bandOf(maxY)) : -1;
    const used = Math.max(0, last - first + 1);
    const counts = new Int32Array(used + 1);
    for (const ring of rings)
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const ya = ring[i][1];
        const yb = ring[j][1];
        if (ya === yb) continue; // horizontal edges never count
        const lo = Math.max(first, bandOf(Math.min(ya, yb)));
        const hi = Math.min(last, bandOf(Math.max(ya, yb)));
        for (let b = lo; b <= hi; b++) counts[b - first + 1]++;
      }
    for (let b = 0; b < used; b++) counts[b + 1] += counts[b];
    this.first = first;
    this.start = counts;
    this.edges = new Float64Array(counts[used] * 4);
    const fill = counts.slice(0, used);
    for (const ring of rings)
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const ya = ring[i][1];
        const yb = ring[j][1];
        if (ya === yb) continue;
        const lo = Math.max(first, bandOf(Math.min(ya, yb)));
        const hi = Math.min(last, bandOf(Math.max(ya, yb)));
        for (let b = lo; b <= hi; b++) {
          const o = 4 * fill[b - first]++;
          this.edges[o] = ring[i][0];
          this.edges[o + 1] = ya;
          this.edges[o + 2] = ring[j][0];
          this.edges[o + 3] = yb;
        }
      }
  }

  contains(x: number, y: number): boolean {
    const b = Math.floor((y - this.y0) / this.band) - this.first;
    if (b < 0 || b >= this.start.length - 1) return false;
    const e = this.edges;
    let inside = false;
    for (let k = this.start[b], end = this.start[b + 1]; k < end; k++) {
      const o = 4 * k;
      const xi = e[o];
      const yi = e[o + 1];
      const xj = e[o + 2];
      const yj = e[o + 3];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }
}

/** BNG ring of d3 grid coordinates (value index i at i + 0.5 = the cell centre), closed, oriented RFC 7946 (see areas.ts's header). */
export function gridRingsToBng(poly: number[][][], grid: GridSpec): Ring[] {
  const rings: Ring[] = poly.map((ring) =>
    ring.map(([gx, gy]) => [grid.x0 + gx * grid.cell, grid.y0 + gy * grid.cell]),
  );
  for (let r = 0; r < rings.length; r++) {
    const a = signedArea(rings[r]);
    if ((r === 0 && a < 0) || (r > 0 && a > 0)) rings[r].reverse();
    const f = rings[r][0];
    const l = rings[r][rings[r].length - 1];
    if (f[0] !== l[0] || f[1] !== l[1]) rings[r].push([f[0], f[1]]);
  }
  return rings;
}

/** Exterior minus holes, km². */
export function ringsAreaKm2(rings: Ring[]): number {
  let area = signedArea(rings[0]);
  for (let r = 1; r < rings.length; r++) area += signedArea(rings[r]);
  return area / 1e6;
}
