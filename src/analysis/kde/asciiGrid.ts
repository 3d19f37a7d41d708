/**
 * ESRI ASCII grid (.asc) writer and reader, for handing surfaces to QGIS/ArcGIS.
 * Header: ncols, nrows, xllcorner, yllcorner (LOWER-LEFT CORNER of the lower-left cell, i.e.
 * grid.x0/y0), cellsize, NODATA_value. Data rows run from NORTH to south (the file's first row
 * is our row ny − 1, since our row 0 is the southern row). Non-finite values are written as NODATA.
 */
import type { GridSpec } from './grid.ts';

export function toAsciiGrid(
  values: ArrayLike<number>,
  grid: GridSpec,
  opts: { nodata?: number; decimals?: number } = {},
): string {
  const nodata = opts.nodata ?? -9999;
  const decimals = opts.decimals ?? 6;
  if (values.length !== grid.nx * grid.ny)
    throw new RangeError(`expected ${grid.nx * grid.ny} values, got ${values.length}`);
  const lines = [
    `ncols ${grid.nx}`,
    `nrows ${grid.ny}`,
    `xllcorner ${grid.x0}`,
    `yllcorner ${grid.y0}`,
    `cellsize ${grid.cell}`,
    `NODATA_value ${nodata}`,
  ];
  const cells: string[] = new Array(grid.nx);
  for (let row = grid.ny - 1; row >= 0; row--) {
    for (let col = 0; col < grid.nx; col++) {
      const v = values[row * grid.nx + col];
      cells[col] = Number.isFinite(v) ? String(+v.toFixed(decimals)) : String(nodata);
    }
    lines.push(cells.join(' '));
  }
  return lines.join('\n') + '\n';
}

/** Parse an ESRI ASCII grid back to our convention (row 0 = south; NODATA → NaN). Corner headers only. */
export function parseAsciiGrid(text: string): { values: Float64Array; grid: GridSpec; nodata: number } {
  const tokens = text.split(/\s+/).filter((t) => t !== '');
  const head = new Map<string, number>();
  let p = 0;
  while (p + 1 < tokens.length && /^[a-z_]+$/i.test(tokens[p])) {
    head.set(tokens[p].toLowerCase(), Number(tokens[p + 1]));
    p += 2;
  }
  const nx = head.get('ncols');
  const ny = head.get('nrows');
  const x0 = head.get('xllcorner');
  const y0 = head.get('yllcorner');
  const cell = head.get('cellsize');
  const nodata = head.get('nodata_value') ?? -9999;
  if (nx === undefined || ny === undefined || x0 === undefined || y0 === undefined || cell === undefined) {
    throw new Error('not an ESRI ASCII grid with ncols, nrows, xllcorner, yllcorner, cellsize');
  }
  if (tokens.length - p !== nx * ny) throw new Error(`expected ${nx * ny} values, found ${tokens.length - p}`);
  const values = new Float64Array(nx * ny);
  for (let r = 0; r < ny; r++) {
    const row = ny - 1 - r;
    for (let col = 0; col < nx; col++) {
      const v = Number(tokens[p++]);
      values[row * nx + col] = v === nodata ? NaN : v;
    }
  }
  return { values, grid: { x0, y0, cell, nx, ny }, nodata };
}
