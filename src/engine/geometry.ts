/** Small planar helpers of the engine (BNG metres). */
import type { WardSet } from '../core/types.ts';

export type Box = [number, number, number, number];

/** The wards' extent [minX, minY, maxX, maxY]. */
export function wardsBbox(w: WardSet): Box {
  let a = Infinity;
  let b = Infinity;
  let c = -Infinity;
  let d = -Infinity;
  for (let i = 0; i < w.count; i++) {
    a = Math.min(a, w.bbox[4 * i]);
    b = Math.min(b, w.bbox[4 * i + 1]);
    c = Math.max(c, w.bbox[4 * i + 2]);
    d = Math.max(d, w.bbox[4 * i + 3]);
  }
  return [a, b, c, d];
}

/** Area centroid of a closed ring of [x, y] pairs (its first point when the area is ~0). */
export function ringCentroid(ring: readonly [number, number][]): [number, number] {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    a += f;
    cx += (ring[j][0] + ring[i][0]) * f;
    cy += (ring[j][1] + ring[i][1]) * f;
  }
  if (Math.abs(a) < 1e-9) return ring[0];
  return [cx / (3 * a), cy / (3 * a)];
}
