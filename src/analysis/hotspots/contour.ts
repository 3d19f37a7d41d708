/**
 * The threshold contour of a grid, as d3-contour draws it over the whole grid, but traced piece
 * by piece: d3's marching squares visits every square of the grid, a million and more for
 * London at 50 m, while the areas above a hotspot threshold cover a small part of it.
 *
 * The nodes at or above the threshold fall into 8-connected sets. A square with a corner in one
 * set has no corner in another (its four corners are neighbours of each other), so every contour
 * segment belongs to exactly one set, and so does every ring. Each set is contoured on its own
 * bounding box plus one node on each side, with the nodes of other sets in that box lowered
 * below the threshold. The segments and their interpolated crossings come from the same node
 * values as on the whole grid: a crossing lies on an edge between a node of the set and a node
 * below the threshold, and a lowered node is never next to the set. The box's outer nodes are
 * below the threshold (or the box is cut by the grid's own edge, as on the whole grid), so the
 * rings close the same way. A ring of the set that encloses another set (a hole with an island)
 * is traced around the lowered island, which is traced in its own box.
 *
 * Each box is traced by isoPolygons below: d3-contour's marching squares (the same case table,
 * saddles split the same way, the grid padded with nodes below the threshold), its linear
 * interpolation of the crossings and its rule for holes, but rings are joined through a
 * typed-array map from each segment's start to its end. d3 joins fragments in sparse arrays with
 * `delete`, `unshift` and `concat`, which cost two thirds of the time at London scale (1,641
 * areas: 65–110 ms).
 *
 * Output: the polygons of d3-contour's MultiPolygon (rings in d3's grid coordinates: value index
 * i at i + 0.5; closed, exterior rings counter-clockwise in those coordinates as in d3), set by
 * set in scan order; a ring may start at another of its vertices than d3's, and a set's
 * polygons may come in another order. test/kde/contour.test.ts compares them with d3 on the
 * whole grid.
 */

export function thresholdPolygons(
  values: ArrayLike<number>,
  nx: number,
  ny: number,
  threshold: number,
): number[][][][] {
  return thresholdContour(values, nx, ny, threshold).polygons;
}

export interface ThresholdContour {
  /** As thresholdPolygons. */
  polygons: number[][][][];
  /** The 8-connected set of each node at or above the threshold (sets numbered in scan order), −1 below it. */
  setOf: Int32Array;
  /**
   * polygons[setStart[s] … setStart[s + 1]) are set s's. When a set has exactly one polygon,
   * every node of the set lies in it: d3 draws one polygon around each 4-connected group of
   * nodes at or above the threshold (its saddle rule keeps diagonal neighbours apart), so one
   * polygon means one group.
   */
  setStart: Int32Array;
}

/** thresholdPolygons, with the set of every node and the polygons of every set (see ThresholdContour). */
export function thresholdContour(
  values: ArrayLike<number>,
  nx: number,
  ny: number,
  threshold: number,
): ThresholdContour {
  const m = nx * ny;
  const set = new Int32Array(m).fill(-1);
  const stack = new Int32Array(m);
  const out: number[][][][] = [];
  const setStart: number[] = [0];
  const scratch = new Float64Array(m); // each set's box, reused (d3 only reads w·h values)
  const links = new Links();
  let sets = 0;
  for (let q = 0; q < m; q++) {
    if (set[q] >= 0 || !(values[q] >= threshold)) continue;
    const id = sets++;
    // 8-connected flood fill from q; its bounding box.
    let sp = 0;
    stack[sp++] = q;
    set[q] = id;
    let i0 = nx,
      i1 = -1,
      j0 = ny,
      j1 = -1;
    while (sp > 0) {
      const u = stack[--sp];
      const ui = u % nx;
      const uj = (u - ui) / nx;
      if (ui < i0) i0 = ui;
      if (ui > i1) i1 = ui;
      if (uj < j0) j0 = uj;
      if (uj > j1) j1 = uj;
      for (let dj = -1; dj <= 1; dj++) {
        const vj = uj + dj;
        if (vj < 0 || vj >= ny) continue;
        for (let di = -1; di <= 1; di++) {
          const vi = ui + di;
          if (vi < 0 || vi >= nx) continue;
          const v = vj * nx + vi;
          if (set[v] < 0 && values[v] >= threshold) {
            set[v] = id;
            stack[sp++] = v;
          }
        }
      }
    }
    // The box and one node around it, within the grid.
    const a0 = Math.max(0, i0 - 1);
    const a1 = Math.min(nx - 1, i1 + 1);
    const b0 = Math.max(0, j0 - 1);
    const b1 = Math.min(ny - 1, j1 + 1);
    const w = a1 - a0 + 1;
    const h = b1 - b0 + 1;
    const crop = scratch.subarray(0, w * h);
    for (let j = 0; j < h; j++) {
      const row = (b0 + j) * nx + a0;
      for (let i = 0; i < w; i++) {
        const v = values[row + i];
        // Another set's node: lowered below the threshold (it is never next to this set).
        crop[j * w + i] = v >= threshold && set[row + i] !== id ? -Infinity : v;
      }
    }
    for (const poly of isoPolygons(crop, w, h, threshold, links)) {
      for (const ring of poly)
        for (const p of ring) {
          p[0] += a0;
          p[1] += b0;
        }
      out.push(poly);
    }
    setStart.push(out.length);
  }
  return { polygons: out, setOf: set, setStart: Int32Array.from(setStart) };
}

/**
 * Marching squares: the segments of square (x, y) (corners: nodes (x, y + 1) → bit 0,
 * (x + 1, y + 1) → bit 1, (x + 1, y) → bit 2, (x, y) → bit 3; a bit is set when the node is at
 * or above the threshold), as start and end points in half-node units relative to the square
 * (d3-contour's table: saddles 5 and 10 keep the two high corners apart).
 */
const CASES: number[][][][] = [
  [],
  [
    [
      [1.0, 1.5],
      [0.5, 1.0],
    ],
  ],
  [
    [
      [1.5, 1.0],
      [1.0, 1.5],
    ],
  ],
  [
    [
      [1.5, 1.0],
      [0.5, 1.0],
    ],
  ],
  [
    [
      [1.0, 0.5],
      [1.5, 1.0],
    ],
  ],
  [
    [
      [1.0, 1.5],
      [0.5, 1.0],
    ],
    [
      [1.0, 0.5],
      [1.5, 1.0],
    ],
  ],
  [
    [
      [1.0, 0.5],
      [1.0, 1.5],
    ],
  ],
  [
    [
      [1.0, 0.5],
      [0.5, 1.0],
    ],
  ],
  [
    [
      [0.5, 1.0],
      [1.0, 0.5],
    ],
  ],
  [
    [
      [1.0, 1.5],
      [1.0, 0.5],
    ],
  ],
  [
    [
      [0.5, 1.0],
      [1.0, 0.5],
    ],
    [
      [1.5, 1.0],
      [1.0, 1.5],
    ],
  ],
  [
    [
      [1.5, 1.0],
      [1.0, 0.5],
    ],
  ],
  [
    [
      [0.5, 1.0],
      [1.5, 1.0],
    ],
  ],
  [
    [
      [1.0, 1.5],
      [1.5, 1.0],
    ],
  ],
  [
    [
      [0.5, 1.0],
      [1.0, 1.5],
    ],
  ],
  [],
];

/**
 * Segment ends by point key, reused from box to box: key = 2x + 2y·2(w + 1) for a point (x, y)
 * of half-integer coordinates in [0, w] × [0, h]; next[key] = the key of the point the segment
 * starting there ends at (−1: none).
 */
class Links {
  next = new Int32Array(0);
  starts: number[] = [];

  reset(size: number): void {
    if (this.next.length < size) this.next = new Int32Array(size).fill(-1);
    for (const k of this.starts) this.next[k] = -1;
    this.starts.length = 0;
  }
}

/** d3-contour's smooth1: the crossing between two nodes, as an offset on the edge. */
function smooth1(x: number, v0: number, v1: number, value: number): number {
  const a = value - v0;
  const b = v1 - v0;
  const d = isFinite(a) || isFinite(b) ? a / b : Math.sign(a) / Math.sign(b);
  return isNaN(d) ? x : x + d - 0.5;
}

const valid = (v: number): number => (isNaN(v) ? -Infinity : v);

/** Twice the signed area of a ring (d3-contour's sign convention: > 0 for an exterior ring). */
function area2(ring: number[][]): number {
  const n = ring.length;
  let a = ring[n - 1][1] * ring[0][0] - ring[n - 1][0] * ring[0][1];
  for (let i = 1; i < n; i++) a += ring[i - 1][1] * ring[i][0] - ring[i - 1][0] * ring[i][1];
  return a;
}

/** d3-contour's ringContains: 1 inside, −1 outside, 0 on the boundary. */
function ringContains(ring: number[][], x: number, y: number): number {
  let c = -1;
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
    const xi = ring[i][0],
      yi = ring[i][1],
      xj = ring[j][0],
      yj = ring[j][1];
    const collinear = (xj - xi) * (y - yi) === (x - xi) * (yj - yi);
    if (collinear) {
      const k = xi === xj ? 1 : 0;
      const p = k ? yi : xi,
        q = k ? y : x,
        r = k ? yj : xj;
      if ((p <= q && q <= r) || (r <= q && q <= p)) return 0;
    }
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = -c;
  }
  return c;
}

/** The threshold polygons of a w × h grid, as d3-contour's contour(values, threshold).coordinates (see the header). */
// eslint-disable-next-line max-lines-per-function -- d3-contour's marching squares kept as one pass (its case table, ring stitching and hole nesting read together; a hot loop over every cell)
function isoPolygons(values: ArrayLike<number>, w: number, h: number, t: number, links: Links): number[][][][] {
  const stride = 2 * (w + 1);
  links.reset(stride * (2 * h + 1) + 1);
  const { next, starts } = links;
  const above = (k: number) => values[k] >= t;
  const add = (c: number, x: number, y: number) => {
    for (const [s, e] of CASES[c]) {
      const ks = 2 * (s[0] + x) + 2 * (s[1] + y) * stride;
      const ke = 2 * (e[0] + x) + 2 * (e[1] + y) * stride;
      next[ks] = ke;
      starts.push(ks);
    }
  };
  // d3's walk: the grid padded with nodes below the threshold (x, y from −1).
  let t0: number, t1: number, t2: number, t3: number;
  let y = -1;
  t1 = above(0) ? 1 : 0;
  add(t1 << 1, -1, -1);
  for (let x = 0; x < w - 1; x++) {
    t0 = t1;
    t1 = above(x + 1) ? 1 : 0;
    add(t0 | (t1 << 1), x, -1);
  }
  add(t1, w - 1, -1);
  for (y = 0; y < h - 1; y++) {
    t1 = above(y * w + w) ? 1 : 0;
    t2 = above(y * w) ? 1 : 0;
    add((t1 << 1) | (t2 << 2), -1, y);
    for (let x = 0; x < w - 1; x++) {
      t0 = t1;
      t1 = above(y * w + w + x + 1) ? 1 : 0;
      t3 = t2;
      t2 = above(y * w + x + 1) ? 1 : 0;
      add(t0 | (t1 << 1) | (t2 << 2) | (t3 << 3), x, y);
    }
    add(t1 | (t2 << 3), w - 1, y);
  }
  t2 = above(y * w) ? 1 : 0;
  add(t2 << 2, -1, y);
  for (let x = 0; x < w - 1; x++) {
    t3 = t2;
    t2 = above(y * w + x + 1) ? 1 : 0;
    add((t2 << 2) | (t3 << 3), x, y);
  }
  add(t2 << 3, w - 1, y);

  // Rings: follow each unvisited segment until it comes back; smooth as d3 does.
  const polygons: number[][][][] = [];
  const holes: number[][][] = [];
  for (const k0 of starts) {
    if (next[k0] < 0) continue;
    const ring: number[][] = [];
    let k = k0;
    do {
      const kx = k % stride;
      ring.push([kx / 2, (k - kx) / stride / 2]);
      const n = next[k];
      next[k] = -1 - n - 1; // visited (kept negative, restored to −1 by reset)
      k = n;
    } while (k !== k0 && k >= 0);
    ring.push([ring[0][0], ring[0][1]]);
    for (const p of ring) {
      const px = p[0],
        py = p[1];
      const xt = px | 0,
        yt = py | 0;
      const v1 = valid(values[yt * w + xt]);
      if (px > 0 && px < w && xt === px) p[0] = smooth1(px, valid(values[yt * w + xt - 1]), v1, t);
      if (py > 0 && py < h && yt === py) p[1] = smooth1(py, valid(values[(yt - 1) * w + xt]), v1, t);
    }
    if (area2(ring) > 0) polygons.push([ring]);
    else holes.push(ring);
  }
  for (const hole of holes) {
    for (const poly of polygons) {
      let c = 0;
      for (const [hx, hy] of hole) if ((c = ringContains(poly[0], hx, hy))) break;
      if (c !== -1) {
        poly.push(hole);
        break;
      }
    }
  }
  return polygons;
}
