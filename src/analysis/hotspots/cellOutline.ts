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
  const w = i1 - i0 + 3; // vertices i0 … i1 + 1, plus one spare on each side
  const key = (x: number, y: number) => (y - j0 + 1) * w + (x - i0 + 1);
  // Outgoing edges by start vertex: at most two (a corner where diagonal cells meet).
  const out = new Map<number, number[]>(); // start key → [dx, dy, endX, endY, ...]
  const edges: number[][] = [];
  const add = (x: number, y: number, dx: number, dy: number) => {
    const e = [x, y, dx, dy];
    edges.push(e);
    const k = key(x, y);
    const list = out.get(k);
    if (list) list.push(edges.length - 1);
    else out.set(k, [edges.length - 1]);
  };
  const has = (i: number, j: number) => i >= i0 && i <= i1 && j >= j0 && j <= j1 && inSet(i, j);
  for (let j = j0; j <= j1; j++)
    for (let i = i0; i <= i1; i++) {
      if (!inSet(i, j)) continue;
      if (!has(i, j - 1)) add(i, j, 1, 0); // bottom, eastwards
      if (!has(i + 1, j)) add(i + 1, j, 0, 1); // right, northwards
      if (!has(i, j + 1)) add(i + 1, j + 1, -1, 0); // top, westwards
      if (!has(i - 1, j)) add(i, j + 1, 0, -1); // left, southwards
    }
  const used = new Uint8Array(edges.length);
  const rings: number[][][] = [];
  for (let e0 = 0; e0 < edges.length; e0++) {
    if (used[e0]) continue;
    const ring: number[][] = [];
    let e = e0;
    while (!used[e]) {
      used[e] = 1;
      const [x, y, dx, dy] = edges[e];
      ring.push([x, y]);
      const nx = x + dx;
      const ny = y + dy;
      const next = (out.get(key(nx, ny)) ?? []).filter((k) => !used[k] || k === e0);
      if (next.length === 0) break;
      // Prefer the left turn (dx, dy) → (−dy, dx), then straight on, then the right turn.
      const rank = (k: number) => {
        const [, , ex, ey] = edges[k];
        return ex === -dy && ey === dx ? 0 : ex === dx && ey === dy ? 1 : 2;
      };
      next.sort((a, b) => rank(a) - rank(b));
      e = next[0];
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
  return rings.map((r) => [...r, [r[0][0], r[0][1]]]);
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
