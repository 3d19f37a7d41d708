/**
 * Point → ward assignment with an edge grid.
 *
 * A uniform grid of square cells covers the wards' extent. Every cell touched by a ward
 * edge keeps a short candidate list of wards for an exact ray-casting test; every other
 * cell lies wholly inside one ward (or none) and maps straight to it. The ward of an
 * edge-free cell comes from one horizontal sweep per grid row, so building costs about
 * O(edges + cells) and never tests a point against all polygons.
 *
 * Membership rule (even–odd over all of a ward's rings, so holes and multipolygon parts
 * need no special case) — half-open ray casting towards +x:
 *   an edge (xi, yi)–(xj, yj) counts when (yi > y) !== (yj > y) and its crossing x is
 *   strictly greater than the point's x. The crossing is computed with the edge oriented
 *   from its lower to its upper end, so two wards sharing an edge compute bit-identical
 *   crossings and a point exactly on a shared edge belongs to exactly one of them:
 *   - on a north–south shared edge → the ward to the EAST;
 *   - on an east–west shared edge → the ward to the NORTH;
 *   - on a vertex shared by four wards → the NORTH-EAST one.
 *   On the outer boundary of the whole set the same rule applies: points on a west or
 *   south boundary are inside, points on an east or north boundary are outside.
 * If wards overlap (bad data), the lowest ward index containing the point wins.
 */
import type { WardSet } from '../core/types.ts';
import { uniquePoints } from '../core/uniquePoints.ts';

/** Padding (in cell units) when marking the cells an edge touches: marking too many cells is only slower. */
const EPS = 1e-7;

export class WardIndex {
  readonly count: number;
  private readonly coords: Float64Array;
  private readonly ringOffsets: Uint32Array;
  private readonly wardRings: Uint32Array;
  /** Grid origin, cell size (metres) and dimensions. */
  readonly minX: number;
  readonly minY: number;
  readonly cell: number;
  readonly nx: number;
  readonly ny: number;
  /** Per cell: ward ≥ 0, -1 outside every ward, ≤ -2 candidate list k = -2 - value. */
  readonly cellWard: Int32Array;
  readonly candStart: Uint32Array;
  readonly candWards: Int32Array;

  private constructor(
    wards: WardSet,
    grid: { minX: number; minY: number; cell: number; nx: number; ny: number },
    cellWard: Int32Array,
    candStart: Uint32Array,
    candWards: Int32Array,
  ) {
    this.count = wards.count;
    this.coords = wards.coords;
    this.ringOffsets = wards.ringOffsets;
    this.wardRings = wards.wardRings;
    this.minX = grid.minX;
    this.minY = grid.minY;
    this.cell = grid.cell;
    this.nx = grid.nx;
    this.ny = grid.ny;
    this.cellWard = cellWard;
    this.candStart = candStart;
    this.candWards = candWards;
  }

  /** Fraction of cells that need an exact test (for diagnostics and benchmarks). */
  get edgeCellFraction(): number {
    return (this.candStart.length - 1) / this.cellWard.length;
  }

  /**
   * @param cellsPerVertex grid cells per ward vertex (default 2, capped at 2²¹ cells):
   *   more cells → fewer exact tests, more memory.
   */
  static build(wards: WardSet, cellsPerVertex = 2): WardIndex {
    const { coords, count } = wards;
    const nv = coords.length / 2;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < coords.length; i += 2) {
      const x = coords[i];
      const y = coords[i + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    if (!(maxX >= minX && maxY >= minY)) {
      const grid = { minX: 0, minY: 0, cell: 1, nx: 1, ny: 1 };
      return new WardIndex(wards, grid, new Int32Array(1).fill(-1), new Uint32Array(1), new Int32Array(0));
    }
    const w = Math.max(maxX - minX, 1e-9);
    const h = Math.max(maxY - minY, 1e-9);
    const target = Math.min(1 << 21, Math.max(1024, Math.round(nv * cellsPerVertex)));
    const cell = Math.sqrt((w * h) / target) || Math.max(w, h);
    const nx = Math.max(1, Math.ceil(w / cell));
    const ny = Math.max(1, Math.ceil(h / cell));

    const g: Lattice = { minX, minY, cell, nx, ny };
    const edges = edgeCells(wards, g);
    const rows = rowCrossings(wards, g);
    const { cellWard, candStartList, candList } = sweepRows(count, g, edges, rows);
    return new WardIndex(
      wards,
      { minX, minY, cell, nx, ny },
      cellWard,
      Uint32Array.from(candStartList),
      Int32Array.from(candList),
    );
  }

  /** Exact even–odd test of one ward, half-open ray casting (see the file comment). */
  contains(ward: number, px: number, py: number): boolean {
    const { coords, ringOffsets, wardRings } = this;
    let inside = false;
    for (let r = wardRings[ward]; r < wardRings[ward + 1]; r++) {
      const s = ringOffsets[r];
      const e = ringOffsets[r + 1];
      for (let i = s, j = e - 1; i < e; j = i++) {
        const yi = coords[2 * i + 1];
        const yj = coords[2 * j + 1];
        if (yi > py !== yj > py) {
          const xi = coords[2 * i];
          const xj = coords[2 * j];
          // orient lower → upper so neighbours sharing this edge get the identical crossing
          const xc = yi < yj ? xi + ((py - yi) * (xj - xi)) / (yj - yi) : xj + ((py - yj) * (xi - xj)) / (yi - yj);
          if (xc > px) inside = !inside;
        }
      }
    }
    return inside;
  }

  private cellOf(x: number, y: number): number {
    const fx = (x - this.minX) / this.cell;
    const fy = (y - this.minY) / this.cell;
    if (!(fx >= 0 && fy >= 0 && fx <= this.nx && fy <= this.ny)) return -1; // also NaN
    const c = Math.min(this.nx - 1, Math.floor(fx));
    const r = Math.min(this.ny - 1, Math.floor(fy));
    return r * this.nx + c;
  }

  private exact(v: number, x: number, y: number): number {
    const k = -2 - v;
    for (let q = this.candStart[k]; q < this.candStart[k + 1]; q++) {
      const wd = this.candWards[q];
      if (this.contains(wd, x, y)) return wd;
    }
    return -1;
  }

  /** Ward index containing (x, y) in BNG metres, or -1 outside every ward (also for NaN). */
  wardAt(x: number, y: number): number {
    const id = this.cellOf(x, y);
    if (id < 0) return -1;
    const v = this.cellWard[id];
    return v >= -1 ? v : this.exact(v, x, y);
  }

  /**
   * Ward of every point (-1 outside / NaN). Points in edge-free cells are a lookup; the rest
   * are deduplicated on exact coordinates and tested once per distinct location.
   */
  assign(x: Float64Array, y: Float64Array, out?: Int32Array): Int32Array {
    const n = x.length;
    const res = out ?? new Int32Array(n);
    if (res.length < n || y.length !== n) throw new RangeError('WardIndex.assign: column lengths differ');
    const pending = new Int32Array(n);
    let np = 0;
    for (let i = 0; i < n; i++) {
      const id = this.cellOf(x[i], y[i]);
      if (id < 0) {
        res[i] = -1;
        continue;
      }
      const v = this.cellWard[id];
      if (v >= -1) res[i] = v;
      else pending[np++] = i;
    }
    if (np === 0) return res;
    const u = uniquePoints(x, y, pending.subarray(0, np));
    const wu = new Int32Array(u.count);
    for (let k = 0; k < u.count; k++) {
      const px = u.ux[k];
      const py = u.uy[k];
      wu[k] = this.exact(this.cellWard[this.cellOf(px, py)], px, py);
    }
    for (let q = 0; q < np; q++) {
      const i = pending[q];
      res[i] = wu[u.index[i]];
    }
    return res;
  }
}

/** The index's grid: origin, cell size (metres) and dimensions. */
interface Lattice {
  minX: number;
  minY: number;
  cell: number;
  nx: number;
  ny: number;
}

/** Step 1 of WardIndex.build: the cells touched by each ward's edges (padded supercover), with their distinct wards grouped by cell. */
function edgeCells(wards: WardSet, g: Lattice): { cellStart: Uint32Array; cellWardsRaw: Int32Array } {
  const { coords, ringOffsets, wardRings, count } = wards;
  const { minX, minY, cell, nx, ny } = g;
  const ncell = nx * ny;
  // (cell, ward) pairs, conservative (padded) supercover.
  let pc = new Int32Array(1 << 16);
  let pw = new Int32Array(1 << 16);
  let np = 0;
  const push = (c: number, ward: number): void => {
    if (np === pc.length) {
      const a = new Int32Array(np * 2);
      a.set(pc);
      pc = a;
      const b = new Int32Array(np * 2);
      b.set(pw);
      pw = b;
    }
    pc[np] = c;
    pw[np++] = ward;
  };
  for (let wd = 0; wd < count; wd++) {
    for (let r = wardRings[wd]; r < wardRings[wd + 1]; r++) {
      const s = ringOffsets[r];
      const e = ringOffsets[r + 1];
      let last = -1;
      for (let i = s; i < e; i++) {
        const j = i + 1 < e ? i + 1 : s;
        const x0 = (coords[2 * i] - minX) / cell;
        const y0 = (coords[2 * i + 1] - minY) / cell;
        const x1 = (coords[2 * j] - minX) / cell;
        const y1 = (coords[2 * j + 1] - minY) / cell;
        const lx = Math.min(x0, x1);
        const hx = Math.max(x0, x1);
        const c0 = Math.max(0, Math.floor(lx - EPS));
        const c1 = Math.min(nx - 1, Math.floor(hx + EPS));
        for (let c = c0; c <= c1; c++) {
          let ya: number;
          let yb: number;
          if (hx - lx < 1e-12) {
            ya = y0;
            yb = y1;
          } else {
            const t0 = (Math.max(c, lx) - x0) / (x1 - x0);
            const t1 = (Math.min(c + 1, hx) - x0) / (x1 - x0);
            ya = y0 + t0 * (y1 - y0);
            yb = y0 + t1 * (y1 - y0);
          }
          const r0 = Math.max(0, Math.floor(Math.min(ya, yb) - EPS));
          const r1 = Math.min(ny - 1, Math.floor(Math.max(ya, yb) + EPS));
          for (let rr = r0; rr <= r1; rr++) {
            const id = rr * nx + c;
            if (id !== last) push(id, wd);
            last = id;
          }
        }
      }
    }
  }
  // Group pairs by cell (counting sort), distinct wards per cell.
  const cellStart = new Uint32Array(ncell + 1);
  for (let k = 0; k < np; k++) cellStart[pc[k] + 1]++;
  for (let c = 0; c < ncell; c++) cellStart[c + 1] += cellStart[c];
  const fill = cellStart.slice(0, ncell);
  const cellWardsRaw = new Int32Array(np);
  for (let k = 0; k < np; k++) cellWardsRaw[fill[pc[k]]++] = pw[k];
  return { cellStart, cellWardsRaw };
}

/** Step 2 of WardIndex.build: crossings of each row's centre line with all edges, grouped by row. */
function rowCrossings(wards: WardSet, g: Lattice): { rowCount: Uint32Array; crossX: Float64Array; crossW: Int32Array } {
  const { coords, ringOffsets, wardRings, count } = wards;
  const { minY, cell, ny } = g;
  const rowCount = new Uint32Array(ny + 1);
  const forEachRowCrossing = (emit: (row: number, xc: number, ward: number) => void): void => {
    for (let wd = 0; wd < count; wd++) {
      for (let r = wardRings[wd]; r < wardRings[wd + 1]; r++) {
        const s = ringOffsets[r];
        const e = ringOffsets[r + 1];
        for (let i = s; i < e; i++) {
          const j = i + 1 < e ? i + 1 : s;
          let xa = coords[2 * i];
          let ya = coords[2 * i + 1];
          let xb = coords[2 * j];
          let yb = coords[2 * j + 1];
          if (ya === yb) continue;
          if (ya > yb) {
            [xa, xb] = [xb, xa];
            [ya, yb] = [yb, ya];
          }
          // rows whose centre yc satisfies ya <= yc < yb (the half-open crossing rule)
          const rLo = Math.max(0, Math.ceil((ya - minY) / cell - 0.5) - 1);
          const rHi = Math.min(ny - 1, Math.floor((yb - minY) / cell - 0.5) + 1);
          for (let rr = rLo; rr <= rHi; rr++) {
            const yc = minY + (rr + 0.5) * cell;
            if (ya > yc !== yb > yc) emit(rr, xa + ((yc - ya) * (xb - xa)) / (yb - ya), wd);
          }
        }
      }
    }
  };
  forEachRowCrossing((row) => rowCount[row + 1]++);
  for (let r = 0; r < ny; r++) rowCount[r + 1] += rowCount[r];
  const nCross = rowCount[ny];
  const crossX = new Float64Array(nCross);
  const crossW = new Int32Array(nCross);
  const rowFill = rowCount.slice(0, ny);
  forEachRowCrossing((row, xc, wd) => {
    const k = rowFill[row]++;
    crossX[k] = xc;
    crossW[k] = wd;
  });
  return { rowCount, crossX, crossW };
}

/**
 * Step 3 of WardIndex.build: sweep each row left to right, tracking which wards have odd
 * parity at each cell centre; edge-free cells get their ward, edge cells a candidate list.
 */
function sweepRows(
  count: number,
  g: Lattice,
  edges: { cellStart: Uint32Array; cellWardsRaw: Int32Array },
  rows: { rowCount: Uint32Array; crossX: Float64Array; crossW: Int32Array },
): { cellWard: Int32Array; candStartList: number[]; candList: number[] } {
  const { minX, cell, nx, ny } = g;
  const { cellStart, cellWardsRaw } = edges;
  const { rowCount, crossX } = rows;
  const crossW = rows.crossW;
  const ncell = nx * ny;
  const cellWard = new Int32Array(ncell);
  const candStartList: number[] = [0];
  const candList: number[] = [];
  const parity = new Uint8Array(count);
  const odd: number[] = [];
  const mark = new Int32Array(count).fill(-1);
  let order = new Uint32Array(16);
  for (let r = 0; r < ny; r++) {
    const s = rowCount[r];
    const e = rowCount[r + 1];
    const m = e - s;
    if (order.length < m) order = new Uint32Array(m * 2);
    const ord = order.subarray(0, m);
    for (let k = 0; k < m; k++) ord[k] = s + k;
    ord.sort((a, b) => crossX[a] - crossX[b]);
    let p = 0;
    for (let c = 0; c < nx; c++) {
      const xc = minX + (c + 0.5) * cell;
      // Crossings at or left of the centre flip parity (total per ring is even, so
      // parity of crossings to the left equals parity of crossings strictly to the right).
      while (p < m && crossX[ord[p]] <= xc) {
        const wd = crossW[ord[p++]];
        parity[wd] ^= 1;
        if (parity[wd]) odd.push(wd);
        else odd.splice(odd.indexOf(wd), 1);
      }
      const id = r * nx + c;
      const a = cellStart[id];
      const b = cellStart[id + 1];
      if (a === b) {
        let best = -1;
        for (const wd of odd) if (best < 0 || wd < best) best = wd;
        cellWard[id] = best;
      } else {
        const k = candStartList.length - 1;
        const base = candList.length;
        for (let q = a; q < b; q++) {
          const wd = cellWardsRaw[q];
          if (mark[wd] !== id) {
            mark[wd] = id;
            candList.push(wd);
          }
        }
        for (const wd of odd) {
          if (mark[wd] !== id) {
            mark[wd] = id;
            candList.push(wd);
          }
        }
        // ascending, so overlapping wards resolve to the lowest index as in edge-free cells
        const part = candList.slice(base).sort((u, v) => u - v);
        for (let q = 0; q < part.length; q++) candList[base + q] = part[q];
        candStartList.push(candList.length);
        cellWard[id] = -2 - k;
      }
    }
    for (const wd of odd) parity[wd] = 0;
    odd.length = 0;
  }
  return { cellWard, candStartList, candList };
}
