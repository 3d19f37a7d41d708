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
