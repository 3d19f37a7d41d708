/**
 * The outline of a set of grid cells: the boundary of the union of the cells' squares, as rings
 * in d3-contour's grid coordinates (cell (i, j) covers [i, i + 1] × [j, j + 1], its centre at
 * (i + 0.5, j + 0.5), as in contour.ts), so the outline's area is exactly the number of cells.
 *
 * Each cell edge with a cell of the set on one side and none on the other is an edge of the
 * outline, directed with the set on its left (exterior rings counter-clockwise, holes
 * clockwise, in x east / y north). Edges are joined end to start. Where two cells of the set
 * meet only at a corner (and two cells outside at the other corner), the walk turns left, i.e.
 * it goes round the cell it came along: diagonal neighbours are kept apart, as d3's saddle rule
 * does, so a 4-connected set has one exterior ring. Collinear vertices are dropped.
 */

/** Rings of the cells `inSet(i, j)` within the box [i0, i1] × [j0, j1]: exterior first, then holes. */
export function cellOutline(
  inSet: (i: number, j: number) => boolean,
  i0: number,
  j0: number,
  i1: number,
  j1: number,
): number[][][] {
  const w = i1 - i0 + 3;
  const mask = new Uint8Array(w * (j1 - j0 + 3));
  for (let j = j0; j <= j1; j++)
    for (let i = i0; i <= i1; i++) if (inSet(i, j)) mask[(j - j0 + 1) * w + (i - i0 + 1)] = 1;
  return maskOutline(mask, i0, j0, i1, j1);
}

/**
 * cellOutline of the cells marked in `mask`: the box [i0, i1] × [j0, j1] with one spare cell on
 * each side, row by row, (i1 − i0 + 3) × (j1 − j0 + 3) entries; cell (i, j) at
 * (j − j0 + 1) · (i1 − i0 + 3) + (i − i0 + 1), 1 when in the set (the spare cells 0).
 * Typed arrays only: a vertex (x, y) has the same index as cell (x, y), and at most two
 * outgoing edges (a corner where diagonal cells meet).
 */
export function maskOutline(mask: Uint8Array, i0: number, j0: number, i1: number, j1: number): number[][][] {
  const w = i1 - i0 + 3; // vertices i0 … i1 + 1, plus one spare on each side
  const key = (x: number, y: number) => (y - j0 + 1) * w + (x - i0 + 1);
  // Outgoing edges by start vertex: first and second (−1: none); edges in scan order: x, y,
  // dx, dy (at most four per cell). Scratch arrays kept from call to call (an area's outline
  // is made ~2,000 times a London run): out1 / out2 are all −1 between calls.
  let cells = 0;
  for (let k = 0; k < mask.length; k++) cells += mask[k];
  const { out1, out2, edges, used } = scratchFor(mask.length, 4 * cells);
  let n = 0;
  const add = (x: number, y: number, dx: number, dy: number) => {
    const e = n++;
    edges[4 * e] = x;
    edges[4 * e + 1] = y;
    edges[4 * e + 2] = dx;
    edges[4 * e + 3] = dy;
    const k = key(x, y);
    if (out1[k] < 0) out1[k] = e;
    else out2[k] = e;
  };
  for (let j = j0; j <= j1; j++)
    for (let i = i0; i <= i1; i++) {
      const c = key(i, j);
      if (!mask[c]) continue;
      if (!mask[c - w]) add(i, j, 1, 0); // bottom, eastwards
      if (!mask[c + 1]) add(i + 1, j, 0, 1); // right, northwards
      if (!mask[c + w]) add(i + 1, j + 1, -1, 0); // top, westwards
      if (!mask[c - 1]) add(i, j + 1, 0, -1); // left, southwards
    }
  used.fill(0, 0, n);
  const rings: number[][][] = [];
  for (let e0 = 0; e0 < n; e0++) {
    if (used[e0]) continue;
    const ring: number[][] = [];
    let e = e0;
    while (!used[e]) {
      used[e] = 1;
      const x = edges[4 * e];
      const y = edges[4 * e + 1];
      const dx = edges[4 * e + 2];
      const dy = edges[4 * e + 3];
      ring.push([x, y]);
      const k = key(x + dx, y + dy);
      // Of the edges leaving the end not yet used (or the ring's first), prefer the left turn
      // (dx, dy) → (−dy, dx), then straight on, then the right turn.
      let next = -1;
      let best = 3;
      for (let s = 0; s < 2; s++) {
        const c = s === 0 ? out1[k] : out2[k];
        if (c < 0 || (used[c] && c !== e0)) continue;
        const ex = edges[4 * c + 2];
        const ey = edges[4 * c + 3];
        const rank = ex === -dy && ey === dx ? 0 : ex === dx && ey === dy ? 1 : 2;
        if (rank < best) {
          best = rank;
          next = c;
        }
      }
      if (next < 0) break;
      e = next;
      if (e === e0) break;
    }
    rings.push(simplify(ring));
  }
  // Exterior (positive area) first; a 4-connected set has one.
  const area = (r: number[][]) => {
    let a = 0;
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += r[j][0] * r[i][1] - r[i][0] * r[j][1];
    return a / 2;
  };
  rings.sort((a, b) => area(b) - area(a));
  for (let e = 0; e < n; e++) {
    const k = key(edges[4 * e], edges[4 * e + 1]);
    out1[k] = -1;
    out2[k] = -1;
  }
  return rings.map((r) => [...r, [r[0][0], r[0][1]]]);
}

/** maskOutline's scratch arrays, grown as needed: out1 / out2 (−1 between calls) for `vertices`, edges and used for `edges`. */
const scratch = {
  out1: new Int32Array(0),
  out2: new Int32Array(0),
  edges: new Int32Array(0),
  used: new Uint8Array(0),
};
function scratchFor(vertices: number, edges: number): typeof scratch {
  if (scratch.out1.length < vertices) {
    const size = Math.max(vertices, 2 * scratch.out1.length);
    scratch.out1 = new Int32Array(size).fill(-1);
    scratch.out2 = new Int32Array(size).fill(-1);
  }
  if (scratch.used.length < edges) {
    const size = Math.max(edges, 2 * scratch.used.length);
    scratch.edges = new Int32Array(4 * size);
    scratch.used = new Uint8Array(size);
  }
  return scratch;
}

/** Drops the vertices where the ring goes straight on (open ring in, open ring out). */
function simplify(ring: number[][]): number[][] {
  const n = ring.length;
  const out: number[][] = [];
  for (let k = 0; k < n; k++) {
    const [ax, ay] = ring[(k + n - 1) % n];
    const [bx, by] = ring[k];
    const [cx, cy] = ring[(k + 1) % n];
    if ((bx - ax) * (cy - by) - (by - ay) * (cx - bx) !== 0) out.push(ring[k]);
  }
  return out.length >= 3 ? out : ring;
}
