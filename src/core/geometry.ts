/**
 * Planar geometry in BNG metres for place ↔ target matching.
 * Rings are flat x,y pairs (Float64Array), closed implicitly; a set of rings is one
 * area under the even–odd rule (holes and multipolygon parts are just more rings).
 */

/** Even–odd point-in-polygon over all rings. */
export function pointInRings(x: number, y: number, rings: readonly Float64Array[]): boolean {
  let inside = false;
  for (const r of rings) {
    const n = r.length >> 1;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = r[2 * i],
        yi = r[2 * i + 1],
        xj = r[2 * j],
        yj = r[2 * j + 1];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

function segDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax,
    dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = ax + t * dx - px,
    ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}

/** Distance from a point to the rings' boundary (metres). */
export function distanceToBoundary(x: number, y: number, rings: readonly Float64Array[]): number {
  let best = Infinity;
  for (const r of rings) {
    const n = r.length >> 1;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const d = segDist2(x, y, r[2 * j], r[2 * j + 1], r[2 * i], r[2 * i + 1]);
      if (d < best) best = d;
    }
  }
  return Math.sqrt(best);
}

/** Distance from a point to an area: 0 inside, else to the nearest edge. */
export function pointToAreaDistance(x: number, y: number, rings: readonly Float64Array[], limit = Infinity): number {
  if (rings.length === 0) return Infinity;
  const gap = bboxGap([x, y, x, y], ringsBbox(rings));
  if (gap > limit) return gap;
  return pointInRings(x, y, rings) ? 0 : distanceToBoundary(x, y, rings);
}

function orient(px: number, py: number, qx: number, qy: number, rx: number, ry: number): number {
  return Math.sign((qx - px) * (ry - py) - (qy - py) * (rx - px));
}

function segmentsCross(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): boolean {
  return (
    orient(ax, ay, bx, by, cx, cy) !== orient(ax, ay, bx, by, dx, dy) &&
    orient(cx, cy, dx, dy, ax, ay) !== orient(cx, cy, dx, dy, bx, by)
  );
}

const bboxCache = new WeakMap<readonly Float64Array[], [number, number, number, number]>();

/** [minX, minY, maxX, maxY] of a set of rings (cached per rings array). */
export function ringsBbox(rings: readonly Float64Array[]): [number, number, number, number] {
  let b = bboxCache.get(rings);
  if (b) return b;
  b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const r of rings)
    for (let i = 0; i < r.length; i += 2) {
      if (r[i] < b[0]) b[0] = r[i];
      if (r[i + 1] < b[1]) b[1] = r[i + 1];
      if (r[i] > b[2]) b[2] = r[i];
      if (r[i + 1] > b[3]) b[3] = r[i + 1];
    }
  bboxCache.set(rings, b);
  return b;
}

/** Gap between two bounding boxes (0 when they overlap): a lower bound of the area distance. */
function bboxGap(a: readonly number[], b: readonly number[]): number {
  const dx = Math.max(0, a[0] - b[2], b[0] - a[2]);
  const dy = Math.max(0, a[1] - b[3], b[1] - a[3]);
  return Math.hypot(dx, dy);
}

/**
 * Distance between two areas: 0 when they overlap or touch, else the gap between edges.
 * With a `limit`, areas whose bounding boxes are already further apart than it return
 * that lower bound at once (callers only ask "within the limit?").
 */
export function areaToAreaDistance(a: readonly Float64Array[], b: readonly Float64Array[], limit = Infinity): number {
  if (a.length === 0 || b.length === 0) return Infinity;
  const gap = bboxGap(ringsBbox(a), ringsBbox(b));
  if (gap > limit) return gap;
  // A vertex of one inside the other, or crossing edges, means overlap.
  for (const r of a) if (r.length >= 2 && pointInRings(r[0], r[1], b)) return 0;
  for (const r of b) if (r.length >= 2 && pointInRings(r[0], r[1], a)) return 0;
  let best = Infinity;
  for (const ra of a) {
    const na = ra.length >> 1;
    for (let i = 0, j = na - 1; i < na; j = i++) {
      for (const rb of b) {
        const nb = rb.length >> 1;
        for (let k = 0, l = nb - 1; k < nb; l = k++) {
          if (
            segmentsCross(
              ra[2 * j],
              ra[2 * j + 1],
              ra[2 * i],
              ra[2 * i + 1],
              rb[2 * l],
              rb[2 * l + 1],
              rb[2 * k],
              rb[2 * k + 1],
            )
          )
            return 0;
        }
      }
      const d = distanceToBoundary(ra[2 * i], ra[2 * i + 1], b);
      if (d < best) best = d;
    }
  }
  for (const rb of b) {
    const nb = rb.length >> 1;
    for (let k = 0; k < nb; k++) {
      const d = distanceToBoundary(rb[2 * k], rb[2 * k + 1], a);
      if (d < best) best = d;
    }
  }
  return best;
}

/** Area-weighted centroid of the rings (even–odd signed areas; falls back to the vertex mean). */
export function ringsCentroid(rings: readonly Float64Array[]): [number, number] {
  let a2 = 0,
    cx = 0,
    cy = 0,
    sx = 0,
    sy = 0,
    n = 0;
  for (const r of rings) {
    const m = r.length >> 1;
    let ra = 0,
      rx = 0,
      ry = 0;
    for (let i = 0, j = m - 1; i < m; j = i++) {
      const cross = r[2 * j] * r[2 * i + 1] - r[2 * i] * r[2 * j + 1];
      ra += cross;
      rx += (r[2 * j] + r[2 * i]) * cross;
      ry += (r[2 * j + 1] + r[2 * i + 1]) * cross;
      sx += r[2 * i];
      sy += r[2 * i + 1];
      n++;
    }
    // Orient every ring by the even–odd nesting: holes subtract.
    const sign = m > 0 && isHole(r, rings) ? -1 : 1;
    const s = Math.sign(ra) * sign;
    a2 += Math.abs(ra) * s;
    cx += rx * Math.sign(ra) * s;
    cy += ry * Math.sign(ra) * s;
  }
  if (Math.abs(a2) < 1e-9) return n > 0 ? [sx / n, sy / n] : [NaN, NaN];
  return [cx / (3 * a2), cy / (3 * a2)];
}

function isHole(r: Float64Array, rings: readonly Float64Array[]): boolean {
  let depth = 0;
  for (const o of rings) if (o !== r && pointInRings(r[0], r[1], [o])) depth++;
  return depth % 2 === 1;
}
