/**
 * Reads the Parquet files `hotspot-atlas cubes` writes (docs/cubes.md) into columns, in pure
 * JavaScript (hyparquet: no WebAssembly, no code generation, so the page's CSP stays as it is).
 * Works on whole files' bytes (the tests read cubes back with it); the page opens a cube through
 * io/cubeFolder.ts instead, which reads byte ranges and skips partitions and row groups.
 *
 * A ward-cube file holds ward_code, month, category, count; a cell-cube file also cell_m, x0, y0.
 * The Hive partition values (force, file_month) are in the path, not the file: `partitionOf`.
 */
import { parquetReadObjects } from 'hyparquet';
import { parseMonth } from '../core/months.ts';

export interface WardCubeRows {
  length: number;
  wardCode: string[];
  /** Month indexes (analysis/months.ts). */
  month: Uint16Array;
  category: string[];
  count: Uint32Array;
}

export interface CellCubeRows extends WardCubeRows {
  cell: Uint16Array;
  x0: Int32Array;
  y0: Int32Array;
}

/** The Hive partition of a cube file's path: { force, file_month } (empty when absent). */
export function partitionOf(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of path.matchAll(/(?:^|[/\\])([a-z_]+)=([^/\\]+)/g)) out[m[1]] = decodeURIComponent(m[2]);
  return out;
}

function asyncBuffer(bytes: Uint8Array): { byteLength: number; slice: (start: number, end?: number) => ArrayBuffer } {
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { byteLength: buf.byteLength, slice: (s, e) => buf.slice(s, e) };
}

type Row = Record<string, unknown>;

async function rowsOf(name: string, bytes: Uint8Array, columns: string[]): Promise<Row[]> {
  if (bytes.length < 12 || String.fromCharCode(...bytes.subarray(0, 4)) !== 'PAR1')
    throw new Error(`${name}: not a Parquet file`);
  const rows = (await parquetReadObjects({ file: asyncBuffer(bytes), columns })) as Row[];
  for (const c of columns)
    if (rows.length && !(c in rows[0])) throw new Error(`${name}: no column "${c}" (not a hotspot-atlas cube file?)`);
  return rows;
}

function month(name: string, v: unknown): number {
  const m = parseMonth(String(v));
  if (m < 0) throw new Error(`${name}: month "${String(v)}" is not YYYY-MM`);
  return m;
}

/** A ward-cube Parquet file's rows. */
export async function readWardCube(name: string, bytes: Uint8Array): Promise<WardCubeRows> {
  const rows = await rowsOf(name, bytes, ['ward_code', 'month', 'category', 'count']);
  const n = rows.length;
  const out: WardCubeRows = {
    length: n,
    wardCode: new Array<string>(n),
    month: new Uint16Array(n),
    category: new Array<string>(n),
    count: new Uint32Array(n),
  };
  rows.forEach((r, i) => {
    out.wardCode[i] = String(r.ward_code);
    out.month[i] = month(name, r.month);
    out.category[i] = String(r.category);
    out.count[i] = Number(r.count);
  });
  return out;
}

/** A cell-cube Parquet file's rows. */
export async function readCellCube(name: string, bytes: Uint8Array): Promise<CellCubeRows> {
  const rows = await rowsOf(name, bytes, ['cell_m', 'x0', 'y0', 'ward_code', 'month', 'category', 'count']);
  const n = rows.length;
  const out: CellCubeRows = {
    length: n,
    wardCode: new Array<string>(n),
    month: new Uint16Array(n),
    category: new Array<string>(n),
    count: new Uint32Array(n),
    cell: new Uint16Array(n),
    x0: new Int32Array(n),
    y0: new Int32Array(n),
  };
  rows.forEach((r, i) => {
    out.cell[i] = Number(r.cell_m);
    out.x0[i] = Number(r.x0);
    out.y0[i] = Number(r.y0);
    out.wardCode[i] = String(r.ward_code);
    out.month[i] = month(name, r.month);
    out.category[i] = String(r.category);
    out.count[i] = Number(r.count);
  });
  return out;
}
