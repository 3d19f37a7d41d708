/**
 * The analysis grid, in British National Grid (EPSG:27700) metres.
 *
 * Conventions (every surface in src/analysis/kde and src/analysis/hotspots uses them):
 * - (x0, y0) is the LOWER-LEFT CORNER of the lower-left cell (not its centre).
 * - Cell (col, row) has its centre at (x0 + (col + 0.5)·cell, y0 + (row + 0.5)·cell).
 * - Values are row-major with ROW 0 = THE SOUTHERN ROW: values[row * nx + col].
 *   (The ESRI ASCII writer flips to north-first; d3-contour needs no flip, see areas.ts.)
 * - Grids made by gridForExtent have x0, y0 at multiples of the cell size, so two
 *   surfaces with the same cell size always line up cell for cell.
 */

export interface GridSpec {
  x0: number;
  y0: number;
  cell: number;
  nx: number;
  ny: number;
}

export type GridIssueCode = 'invalid-input' | 'bandwidth-below-cell' | 'cell-budget' | 'extent-too-large';

export interface GridIssue {
  code: GridIssueCode;
  message: string;
}

/** Thrown when no sensible grid can be made; `code` says why, `message` says what to do. */
export class GridError extends Error {
  readonly code: GridIssueCode;
  constructor(code: GridIssueCode, message: string) {
    super(message);
    this.name = 'GridError';
    this.code = code;
  }
}

export interface GridOptions {
  /** Refuse grids with more cells than this (default 4,000,000 ≈ 2000², ~32 MB per Float64 surface). */
  maxCells?: number;
  /**
   * Refuse extents whose longer side exceeds this many metres (default 200 km). A London
   * borough is ~10–20 km across, all of London ~60 km; a longer side usually means a stray
   * point (e.g. (0, 0) "null island", or a lon/lat pair read as metres) inflated the extent.
   */
  maxExtent?: number;
}

export const DEFAULT_MAX_CELLS = 4_000_000;
export const DEFAULT_MAX_EXTENT = 200_000;

/** Bounding box [minX, minY, maxX, maxY] of the (optionally indexed) finite points; null when none. */
export function extentOf(
  x: Float64Array,
  y: Float64Array,
  index?: Uint32Array | null,
): [number, number, number, number] | null {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  const n = index ? index.length : x.length;
  for (let k = 0; k < n; k++) {
    const i = index ? index[k] : k;
    const px = x[i],
      py = y[i];
    if (!(Number.isFinite(px) && Number.isFinite(py))) continue;
    if (px < minX) minX = px;
    if (px > maxX) maxX = px;
    if (py < minY) minY = py;
    if (py > maxY) maxY = py;
  }
  return minX <= maxX ? [minX, minY, maxX, maxY] : null;
}

/**
 * A grid covering bbox grown by `bandwidth` on every side (so kernels at the edge points
 * are not cut off), snapped outwards to multiples of `cell`.
 * Throws GridError for invalid input, a grid over the cell budget, or an implausibly large
 * extent; returns warnings (not errors) for a bandwidth smaller than a cell.
 */
export function gridForExtent(
  bbox: readonly [number, number, number, number],
  cell: number,
  bandwidth: number,
  opts: GridOptions = {},
): { grid: GridSpec; warnings: GridIssue[] } {
  const maxCells = opts.maxCells ?? DEFAULT_MAX_CELLS;
  const maxExtent = opts.maxExtent ?? DEFAULT_MAX_EXTENT;
  const [minX, minY, maxX, maxY] = bbox;
  if (![minX, minY, maxX, maxY].every(Number.isFinite) || minX > maxX || minY > maxY) {
    throw new GridError('invalid-input', `The extent [${bbox.join(', ')}] is not a valid bounding box.`);
  }
  if (!(cell > 0 && Number.isFinite(cell))) {
    throw new GridError('invalid-input', `The cell size must be a positive number of metres (got ${cell}).`);
  }
  if (!(bandwidth > 0 && Number.isFinite(bandwidth))) {
    throw new GridError('invalid-input', `The bandwidth must be a positive number of metres (got ${bandwidth}).`);
  }
  const span = Math.max(maxX - minX, maxY - minY);
  if (span > maxExtent) {
    throw new GridError(
      'extent-too-large',
      `The points span ${(span / 1000).toFixed(0)} km, more than the ${(maxExtent / 1000).toFixed(0)} km expected for a ` +
        `partnership area. A few stray points (for example at 0,0 or with swapped coordinates) probably inflate the ` +
        `extent: check the data-quality panel, or filter the points to the study area first.`,
    );
  }
  const warnings: GridIssue[] = [];
  if (bandwidth < cell) {
    warnings.push({
      code: 'bandwidth-below-cell',
      message:
        `The bandwidth (${bandwidth} m) is smaller than the cell size (${cell} m): most cells will be zero and the ` +
        `surface will look like scattered dots. Use a bandwidth of at least 2–3 cells.`,
    });
  }
  const x0 = Math.floor((minX - bandwidth) / cell) * cell;
  const y0 = Math.floor((minY - bandwidth) / cell) * cell;
  const nx = Math.max(1, Math.ceil((maxX + bandwidth - x0) / cell));
  const ny = Math.max(1, Math.ceil((maxY + bandwidth - y0) / cell));
  if (nx * ny > maxCells) {
    throw new GridError(
      'cell-budget',
      `A ${cell} m grid over this extent needs ${nx} × ${ny} = ${(nx * ny).toLocaleString('en-GB')} cells, over the ` +
        `budget of ${maxCells.toLocaleString('en-GB')}. Use a larger cell size (at least ` +
        `${Math.ceil(cell * Math.sqrt((nx * ny) / maxCells))} m) or a smaller area.`,
    );
  }
  return { grid: { x0, y0, cell, nx, ny }, warnings };
}

/** Centre of column `col` (easting, metres). */
export function cellCentreX(grid: GridSpec, col: number): number {
  return grid.x0 + (col + 0.5) * grid.cell;
}

/** Centre of row `row` (northing, metres; row 0 = south). */
export function cellCentreY(grid: GridSpec, row: number): number {
  return grid.y0 + (row + 0.5) * grid.cell;
}

/** Index values[row*nx+col] of the cell containing (x, y), or -1 outside the grid. Cells own their lower/left edges. */
export function cellIndexAt(grid: GridSpec, x: number, y: number): number {
  const col = Math.floor((x - grid.x0) / grid.cell);
  const row = Math.floor((y - grid.y0) / grid.cell);
  if (!(col >= 0 && col < grid.nx && row >= 0 && row < grid.ny)) return -1;
  return row * grid.nx + col;
}
