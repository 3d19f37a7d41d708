/**
 * Whether two files' copies of one ward are the same boundary (io/boundaries.ts merges such
 * copies into one ward and refuses two different boundaries under one code). BNG metres.
 */

/**
 * Two files' copies of one ward are the same boundary when, in BNG, they have as many rings
 * and the rings pair up (in any order) so that every vertex of each ring lies within this
 * distance of its partner's edges, both ways. Exports of one ward by different tools differ by
 * rounding: GeoJSON at 6 decimals of a degree moves vertices ~0.1 m and merges vertices closer
 * than that (the GLA 2014 WGS84 export has fewer vertices than its BNG shapefile), and another
 * library's BNG ↔ WGS84 adds a few cm. Vertex-to-edge distance, not vertex-to-vertex, so that
 * merged, dropped or extra collinear vertices do not count as a different boundary; 0.5 m
 * allows for the rounding and is far below any real redrawing of a ward boundary.
 */
export const SAME_BOUNDARY_METRES = 0.5;

/** Squared distance from (px, py) to the segment (ax, ay)–(bx, by). */
function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const l2 = dx * dx + dy * dy;
  const t = l2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / l2)) : 0;
  return (ax + t * dx - px) ** 2 + (ay + t * dy - py) ** 2;
}

function ringBox(r: Float64Array): [number, number, number, number] {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (let i = 0; i < r.length; i += 2) {
    x0 = Math.min(x0, r[i]);
    x1 = Math.max(x1, r[i]);
    y0 = Math.min(y0, r[i + 1]);
    y1 = Math.max(y1, r[i + 1]);
  }
  return [x0, y0, x1, y1];
}

/**
 * Whether every vertex of `a` lies within SAME_BOUNDARY_METRES of an edge of ring `b`. The
 * edges of b go in a grid (each in every cell its box, grown by the tolerance, touches), so a
 * vertex is checked against the few edges of its own cell only.
 */
function verticesNear(a: Float64Array, b: Float64Array): boolean {
  const tol = SAME_BOUNDARY_METRES;
  const m = b.length / 2;
  const [bx0, by0, bx1, by1] = ringBox(b);
  const ox = bx0 - tol;
  const oy = by0 - tol;
  const cell = Math.max(4 * tol, Math.sqrt(((bx1 - bx0) * (by1 - by0)) / m) || 0);
  const nx = Math.floor((bx1 - bx0 + 2 * tol) / cell) + 1;
  const cx = (x: number): number => Math.floor((x - ox) / cell);
  const cy = (y: number): number => Math.floor((y - oy) / cell);
  const grid = new Map<number, number[]>();
  for (let j = 0; j < m; j++) {
    const k = (j + 1) % m;
    for (
      let y = cy(Math.min(b[2 * j + 1], b[2 * k + 1]) - tol);
      y <= cy(Math.max(b[2 * j + 1], b[2 * k + 1]) + tol);
      y++
    )
      for (let x = cx(Math.min(b[2 * j], b[2 * k]) - tol); x <= cx(Math.max(b[2 * j], b[2 * k]) + tol); x++) {
        const list = grid.get(y * nx + x);
        if (list) list.push(j);
        else grid.set(y * nx + x, [j]);
      }
  }
  for (let i = 0; i < a.length; i += 2) {
    const px = a[i];
    const py = a[i + 1];
    const x = cx(px);
    if (x < 0 || x >= nx) return false;
    const near = (grid.get(cy(py) * nx + x) ?? []).some((j) => {
      const k = (j + 1) % m;
      return segmentDistance2(px, py, b[2 * j], b[2 * j + 1], b[2 * k], b[2 * k + 1]) <= tol * tol;
    });
    if (!near) return false;
  }
  return true;
}

/** The largest distance (m) from a vertex of either ring to the other ring, every vertex against every edge: for messages only. */
function ringDistance(a: Float64Array, b: Float64Array): number {
  const one = (p: Float64Array, q: Float64Array): number => {
    const m = q.length / 2;
    let worst = 0;
    for (let i = 0; i < p.length; i += 2) {
      let best = Infinity;
      for (let j = 0; j < m; j++) {
        const k = (j + 1) % m;
        best = Math.min(best, segmentDistance2(p[i], p[i + 1], q[2 * j], q[2 * j + 1], q[2 * k], q[2 * k + 1]));
      }
      worst = Math.max(worst, best);
    }
    return worst;
  };
  return Math.sqrt(Math.max(one(a, b), one(b, a)));
}

/** null when a and b are the same boundary (see SAME_BOUNDARY_METRES), else how they differ. */
export function shapeDifference(a: readonly Float64Array[][], b: readonly Float64Array[][]): string | null {
  const ra = a.flat();
  const rb = b.flat();
  if (ra.length !== rb.length) return `${ra.length} ring${ra.length === 1 ? '' : 's'} against ${rb.length}`;
  const boxes = rb.map(ringBox);
  const used = new Uint8Array(rb.length);
  for (const r of ra) {
    const box = ringBox(r);
    const k = rb.findIndex(
      (q, j) =>
        !used[j] &&
        box.every((v, c) => Math.abs(v - boxes[j][c]) <= SAME_BOUNDARY_METRES) &&
        verticesNear(r, q) &&
        verticesNear(q, r),
    );
    if (k < 0) {
      const far = Math.min(...rb.filter((_, j) => !used[j]).map((q) => ringDistance(r, q)));
      return `vertices up to ${far.toFixed(1)} m from the other file's boundary; ${SAME_BOUNDARY_METRES} m allowed`;
    }
    used[k] = 1;
  }
  return null;
}
