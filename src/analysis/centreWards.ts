/**
 * The ward of each cell centre of a BNG lattice, looked up on first use and kept.
 *
 * Density grids are windows of the lattice of their cell size (grid.ts: x0, y0 at multiples of
 * the cell), so a change of bandwidth moves a grid's edges but not its cells: one lattice of
 * centre wards serves every grid of that cell size. Cells are filled lazily (only cells that
 * are asked about are looked up). Centres outside the lattice's rectangle are passed to the
 * look-up directly.
 */

/** Largest lattice kept (4 bytes a cell: 16 MB); bigger ones (very small cells over a big area) are not made. */
export const CENTRE_WARDS_MAX_CELLS = 4_000_000;

const UNKNOWN = -2;

/**
 * A rectangle of a BNG lattice (columns c0 … c0 + nc − 1, rows r0 … r0 + nr − 1, `cell` metres
 * apart) whose points' wards are looked up on first use and kept, 4 bytes a point.
 */
abstract class LatticeWards {
  private readonly ward: Int32Array;

  protected constructor(
    protected readonly cell: number,
    protected readonly c0: number,
    protected readonly r0: number,
    private readonly nc: number,
    private readonly nr: number,
    protected readonly lookUp: (x: number, y: number) => number,
  ) {
    this.ward = new Int32Array(nc * nr).fill(UNKNOWN);
  }

  /**
   * The lattice over bbox [minX, minY, maxX, maxY] plus one cell all round and `extra` more
   * columns and rows at the north-east (a rectangle of n cells has n + 1 corners), or null when
   * it would have more than maxCells points.
   */
  protected static box(
    bbox: readonly [number, number, number, number],
    cell: number,
    extra: number,
    maxCells: number,
  ): { c0: number; r0: number; nc: number; nr: number } | null {
    const c0 = Math.floor(bbox[0] / cell) - 1;
    const r0 = Math.floor(bbox[1] / cell) - 1;
    const nc = Math.ceil(bbox[2] / cell) + 1 + extra - c0;
    const nr = Math.ceil(bbox[3] / cell) + 1 + extra - r0;
    return nc > 0 && nr > 0 && nc * nr <= maxCells ? { c0, r0, nc, nr } : null;
  }

  /** The kept ward of lattice point (col, row) of the rectangle, which is (x, y); looked up when outside it. */
  protected kept(col: number, row: number, x: number, y: number): number {
    if (col < 0 || col >= this.nc || row < 0 || row >= this.nr) return this.lookUp(x, y);
    const k = row * this.nc + col;
    let w = this.ward[k];
    if (w === UNKNOWN) w = this.ward[k] = this.lookUp(x, y);
    return w;
  }
}

export class CentreWards extends LatticeWards {
  /** A lattice of the cells over bbox (plus one cell all round), or null when more than maxCells. */
  static around(
    bbox: readonly [number, number, number, number],
    cell: number,
    lookUp: (x: number, y: number) => number,
    maxCells = CENTRE_WARDS_MAX_CELLS,
  ): CentreWards | null {
    const b = LatticeWards.box(bbox, cell, 0, maxCells);
    return b && new CentreWards(cell, b.c0, b.r0, b.nc, b.nr, lookUp);
  }

  /** lookUp(x, y) for the centre (x, y) of a lattice cell, remembered. */
  at(x: number, y: number): number {
    return this.kept(Math.floor(x / this.cell) - this.c0, Math.floor(y / this.cell) - this.r0, x, y);
  }
}

/**
 * The ward of each corner of a BNG lattice, looked up on first use and kept: the vertices of the
 * compact hotspot areas' outlines are cell corners (compact.ts), and a filter change outlines
 * areas at mostly the same places again, each vertex asking the ward index for its ward.
 *
 * Only a point exactly on a corner (x = c · cell and y = r · cell, as doubles) is kept, so every
 * answer is the look-up's own for that very point; any other point (the threshold method's
 * interpolated vertices, a corner outside the rectangle) is passed to the look-up directly.
 */
export class CornerWards extends LatticeWards {
  /** Corners of the cells over bbox (plus one cell all round), or null when more than maxCells. */
  static around(
    bbox: readonly [number, number, number, number],
    cell: number,
    lookUp: (x: number, y: number) => number,
    maxCells = CENTRE_WARDS_MAX_CELLS,
  ): CornerWards | null {
    const b = LatticeWards.box(bbox, cell, 1, maxCells);
    return b && new CornerWards(cell, b.c0, b.r0, b.nc, b.nr, lookUp);
  }

  /** lookUp(x, y), remembered when (x, y) is a corner of the lattice. */
  at(x: number, y: number): number {
    const c = Math.round(x / this.cell);
    const r = Math.round(y / this.cell);
    if (c * this.cell !== x || r * this.cell !== y) return this.lookUp(x, y);
    return this.kept(c - this.c0, r - this.r0, x, y);
  }
}
