/**
 * A cube that `hotspot-atlas cubes` wrote (docs/cubes.md), as the page receives it: a dropped or
 * picked folder (files named by their path inside it) or a single Parquet file, plus
 * manifest.json and the partition records when present. Pure: files are handles that read a
 * byte range, so only the partitions needed are read, and of the others only the footer.
 *
 * Layout (Hive): wards/force=F/file_month=M/part*.parquet, cells/force=F/file_month=M/part*.parquet,
 * partitions/F/M.json, manifest.json. A single Parquet file outside that layout is one partition
 * whose force and file month are unknown ('' and '').
 */
import { parquetMetadataAsync, parquetRead, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { parseMonth } from '../core/months.ts';
import type { RejectReason } from '../core/types.ts';

/** A file of the cube: its path inside the dropped folder (or its name), size, and a range reader. */
export interface CubeFileHandle {
  path: string;
  size: number;
  read(start: number, end: number): Promise<ArrayBuffer>;
}

export interface CubeManifest {
  tool?: string;
  boundaries?: {
    files?: string[];
    count?: number;
    vintage?: string | null;
    codeField?: string;
    authorities?: { name: string; wards: number }[];
  };
  cells?: number[];
  partitions?: number;
  skippedFiles?: Record<string, number>;
  totals?: { rowsRead: number; used: number; rejected: Partial<Record<RejectReason, number>> };
}

/** partitions/F/M.json. */
export interface PartitionRecord {
  force: string;
  fileMonth: string;
  sources: { name: string; size: number }[];
  rowsRead: number;
  used: number;
  rejected: Partial<Record<RejectReason, number>>;
}

export interface CubePartition {
  force: string;
  /** The police.uk file month (YYYY-MM), '' for a single file outside the layout. */
  fileMonth: string;
  wards: CubeFileHandle[];
  cells: CubeFileHandle[];
  record: CubeFileHandle | null;
}

export interface CubeFolder {
  manifest: CubeFileHandle | null;
  partitions: CubePartition[];
}

const PARQUET = /\.parquet$/i;

/** True for a file that belongs to a cube (a Parquet file, or a cube folder's manifest or partition record). */
export function isCubePath(path: string): boolean {
  return PARQUET.test(path) || /(^|[/\\])partitions[/\\][^/\\]+[/\\]\d{4}-\d{2}\.json$/i.test(path);
}

/** True when the files hold a cube: at least one Parquet file. A manifest.json alone is a JSON like any other. */
export function holdsCube(paths: readonly string[]): boolean {
  return paths.some((p) => PARQUET.test(p));
}

/** True for the cube's manifest.json (beside Parquet files). */
export function isManifestPath(path: string): boolean {
  return /(^|[/\\])manifest\.json$/i.test(path);
}

/** Hive partition values in a path (force=…/file_month=…). */
function hive(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of path.matchAll(/(?:^|[/\\])([a-z_]+)=([^/\\]+)/g)) out[m[1]] = decodeURIComponent(m[2]);
  return out;
}

/** The cube's files grouped by partition (force, file month); kind from the folder (wards/ or cells/), else from the file's columns later. */
export function indexCube(files: readonly CubeFileHandle[]): CubeFolder {
  const parts = new Map<string, CubePartition>();
  const part = (force: string, fileMonth: string) => {
    const key = `${force}/${fileMonth}`;
    let p = parts.get(key);
    if (!p) parts.set(key, (p = { force, fileMonth, wards: [], cells: [], record: null }));
    return p;
  };
  let manifest: CubeFileHandle | null = null;
  for (const f of files) {
    if (isManifestPath(f.path)) {
      manifest = f;
      continue;
    }
    const rec = /(?:^|[/\\])partitions[/\\]([^/\\]+)[/\\](\d{4}-\d{2})\.json$/i.exec(f.path);
    if (rec) {
      part(rec[1], rec[2]).record = f;
      continue;
    }
    if (!PARQUET.test(f.path)) continue;
    const h = hive(f.path);
    const p = part(h.force ?? '', h.file_month ?? '');
    if (/(^|[/\\])cells[/\\]/.test(f.path)) p.cells.push(f);
    else p.wards.push(f);
  }
  const partitions = [...parts.values()].filter((p) => p.wards.length || p.cells.length);
  partitions.sort((a, b) => a.force.localeCompare(b.force) || a.fileMonth.localeCompare(b.fileMonth));
  return { manifest, partitions };
}

export async function readJson<T>(f: CubeFileHandle): Promise<T> {
  const text = new TextDecoder().decode(await f.read(0, f.size));
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new Error(`${f.path}: not JSON (${(e as Error).message})`);
  }
}

function asyncBuffer(f: CubeFileHandle): AsyncBuffer {
  return { byteLength: f.size, slice: (s: number, e?: number) => f.read(s, e ?? f.size) };
}

/** A file's footer: its columns, and min/max statistics of x0, y0 and ward_code over every row group (null when absent). */
export interface CubeFileFooter {
  columns: string[];
  rows: number;
  /** x0, y0 of the cells' south-west corners: [min x0, min y0, max x0 + largest cell, max y0 + largest cell]. */
  box: [number, number, number, number] | null;
  wardRange: [string, string] | null;
  metadata: FileMetaData;
}

/** Footers already read, by file handle (a cube is opened area after area from the same handles). */
const footers = new WeakMap<CubeFileHandle, Promise<CubeFileFooter>>();

/** A file's footer (read once per handle). */
export function readFooter(f: CubeFileHandle): Promise<CubeFileFooter> {
  let p = footers.get(f);
  if (!p) {
    p = readFooterOnce(f);
    footers.set(f, p);
    p.catch(() => footers.delete(f));
  }
  return p;
}

async function readFooterOnce(f: CubeFileHandle): Promise<CubeFileFooter> {
  if (f.size < 12) throw new Error(`${f.path}: not a Parquet file`);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(asyncBuffer(f));
  } catch (e) {
    throw new Error(`${f.path}: not a Parquet file (${(e as Error).message})`);
  }
  const columns = metadata.schema.slice(1).map((s) => s.name);
  let box: [number, number, number, number] | null = [Infinity, Infinity, -Infinity, -Infinity];
  let wardRange: [string, string] | null = null;
  let wardStats = true;
  let cellMax = 0;
  for (const rg of metadata.row_groups)
    for (const c of rg.columns) {
      const name = c.meta_data?.path_in_schema[0];
      const st = c.meta_data?.statistics;
      const lo = st?.min_value ?? st?.min;
      const hi = st?.max_value ?? st?.max;
      if (name === 'cell_m') cellMax = hi === undefined ? 10_000 : Math.max(cellMax, Number(hi));
      else if (name === 'x0' || name === 'y0') {
        if (lo === undefined || hi === undefined || box === null) box = null;
        else {
          const k = name === 'x0' ? 0 : 1;
          box[k] = Math.min(box[k], Number(lo));
          box[k + 2] = Math.max(box[k + 2], Number(hi));
        }
      } else if (name === 'ward_code') {
        if (lo === undefined || hi === undefined || lo === null || hi === null) wardStats = false;
        else {
          const r = wardRange as [string, string] | null;
          wardRange = r
            ? [String(lo) < r[0] ? String(lo) : r[0], String(hi) > r[1] ? String(hi) : r[1]]
            : [String(lo), String(hi)];
        }
      }
    }
  if (!columns.includes('x0') || (box && !(box[0] <= box[2]))) box = null;
  if (box) box = [box[0], box[1], box[2] + (cellMax || 10_000), box[3] + (cellMax || 10_000)];
  return { columns, rows: Number(metadata.num_rows), box, wardRange: wardStats ? wardRange : null, metadata };
}

/** A row group's min/max statistics by column (absent when the file has none). */
export type GroupStats = Record<string, { min: unknown; max: unknown } | undefined>;

function groupStats(rg: FileMetaData['row_groups'][number]): GroupStats {
  const out: GroupStats = {};
  for (const c of rg.columns) {
    const st = c.meta_data?.statistics;
    const name = c.meta_data?.path_in_schema[0];
    const min = st?.min_value ?? st?.min;
    const max = st?.max_value ?? st?.max;
    if (name && min !== undefined && max !== undefined && min !== null && max !== null) out[name] = { min, max };
  }
  return out;
}

/**
 * Column arrays of a file, in row order: of the row groups `keep` accepts on their statistics
 * (default all), so that a reader skips the groups of other wards and cell sizes without decoding
 * them (the CLI writes rows sorted, in row groups of 8,192). hyparquet's column chunks are cut to
 * each group's rows and concatenated.
 */
export async function readColumns(
  f: CubeFileHandle,
  columns: string[],
  metadata?: FileMetaData,
  keep?: (stats: GroupStats) => boolean,
): Promise<Record<string, ArrayLike<unknown>>> {
  const md = metadata ?? (await readFooter(f)).metadata;
  const ranges: [number, number][] = [];
  let start = 0;
  for (const rg of md.row_groups) {
    const n = Number(rg.num_rows);
    if (!keep || keep(groupStats(rg))) {
      const last = ranges[ranges.length - 1];
      if (last && last[1] === start) last[1] = start + n;
      else ranges.push([start, start + n]);
    }
    start += n;
  }
  const pieces = new Map<string, ArrayLike<unknown>[]>(columns.map((c) => [c, []]));
  for (const [a, b] of ranges) {
    const got = new Map<string, { rowStart: number; data: ArrayLike<unknown> }[]>(columns.map((c) => [c, []]));
    await parquetRead({
      file: asyncBuffer(f),
      metadata: md,
      columns,
      rowStart: a,
      rowEnd: b,
      onChunk: (c) => got.get(c.columnName)?.push({ rowStart: c.rowStart, data: c.columnData as ArrayLike<unknown> }),
    });
    for (const [name, list] of got) {
      list.sort((x, y) => x.rowStart - y.rowStart);
      for (const l of list) {
        const from = Math.max(a, l.rowStart);
        const to = Math.min(b, l.rowStart + l.data.length);
        // A slice (a copy of the range, typed or not), not an element-by-element copy.
        if (to > from) pieces.get(name)?.push((l.data as unknown[]).slice(from - l.rowStart, to - l.rowStart));
      }
    }
  }
  const out: Record<string, ArrayLike<unknown>> = {};
  for (const [name, list] of pieces) {
    if (list.length === 1) out[name] = list[0];
    else {
      const all: unknown[] = [];
      for (const l of list) for (let i = 0; i < l.length; i++) all.push(l[i]);
      out[name] = all;
    }
  }
  return out;
}

/** A month column's value as a month index; throws naming the file when it is not YYYY-MM. */
export function monthOf(path: string, v: unknown): number {
  const m = parseMonth(String(v));
  if (m < 0) throw new Error(`${path}: month "${String(v)}" is not YYYY-MM`);
  return m;
}
