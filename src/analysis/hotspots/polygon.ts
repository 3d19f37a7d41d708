/**
 * Small planar polygon helpers (BNG metres). A polygon is [exterior, ...holes]; a ring is a
 * list of [x, y] pairs, closed (first = last) or not — both are handled.
 */

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
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
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
  private readonly start: Int32Array; // CSR offsets per band (length bands + 1)
  private readonly edges: Float64Array; // x1, y1, x2, y2 per entry

  constructor(
    rings: readonly Ring[],
    private readonly y0: number,
    private readonly band: number,
    private readonly bands: number,
  ) {
    const counts = new Int32Array(bands + 1);
    const span = (ya: number, yb: number): [number, number] => {
      const lo = Math.max(0, Math.floor((Math.min(ya, yb) - y0) / band));
      const hi = Math.min(bands - 1, Math.floor((Math.max(ya, yb) - y0) / band));
      return [lo, hi];
    };
    for (const ring of rings)
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        if (ring[i][1] === ring[j][1]) continue; // horizontal edges never count
        const [lo, hi] = span(ring[i][1], ring[j][1]);
        for (let b = lo; b <= hi; b++) counts[b + 1]++;
      }
    for (let b = 0; b < bands; b++) counts[b + 1] += counts[b];
    this.start = counts;
    this.edges = new Float64Array(counts[bands] * 4);
    const fill = counts.slice(0, bands);
    for (const ring of rings)
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        if (ring[i][1] === ring[j][1]) continue;
        const [lo, hi] = span(ring[i][1], ring[j][1]);
        for (let b = lo; b <= hi; b++) {
          const o = 4 * fill[b]++;
          this.edges[o] = ring[i][0];
          this.edges[o + 1] = ring[i][1];
          this.edges[o + 2] = ring[j][0];
          this.edges[o + 3] = ring[j][1];
        }
      }
  }

  contains(x: number, y: number): boolean {
    const b = Math.floor((y - this.y0) / this.band);
    if (b < 0 || b >= this.bands) return false;
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
