/**
 * The page's second input path: an area of a cube (`hotspot-atlas cubes`, docs/cubes.md) instead
 * of crime files. Reads only the partitions needed — the file months asked for, and of those the
 * partitions whose footer statistics (x0/y0 box, ward-code range) can hold a crime of the area —
 * and turns their counts into the session's crime table, so that the ward table, headline,
 * trends, types, density and hotspots are the same code as for crime files.
 *
 * Conventions (README "Opening a cube"):
 * - Counts come from the ward cube (ward × month × category); each counted crime becomes one row
 *   of the table whose ward is the cube's (never re-assigned: the cube was assigned by the engine
 *   when it was built), so the ward table equals the cube's sums exactly.
 * - A row's point is the centre of its cell in the finest cell cube (50 m by default), taken from
 *   the cell rows of the same ward, month and category; a cube whose cells do not add up to its
 *   ward counts is refused. The density is therefore that of crimes moved to cell centres (at
 *   most 35 m for 50 m cells); police.uk points are themselves snapped to map points.
 * - What a cube cannot give: individual crimes and their street names (no crime points layer, no
 *   street names for hotspot areas), duplicate rows across files (counted when the cube was made),
 *   exact ward-edge points (assigned when the cube was made, by the same half-open rule).
 * - Accounting: rows read and rejected by reason come from the partition records of the
 *   partitions read; crimes of those partitions inside the cube's wards but not the chosen area
 *   are counted as 'outside-wards' (outside the chosen wards), so rowsRead = used + Σ rejected.
 */
import { unprojectPointBng } from '../core/bng.ts';
import { formatMonth } from '../core/months.ts';
import type { CrimeTable, IngestReport, RejectReason, WardSet } from '../core/types.ts';
import {
  monthOf,
  readColumns,
  readFooter,
  readJson,
  type CubeFileHandle,
  type CubeFolder,
  type GroupStats,
  type CubeManifest,
  type CubePartition,
  type PartitionRecord,
} from '../io/cubeFolder.ts';

/** File months read when none are asked for: the latest 24 (a year and the year before, for the comparison). */
export const DEFAULT_CUBE_MONTHS = 24;

export interface CubeOpenOptions {
  /** File months to read, inclusive (month indexes); null: the latest `latest`. */
  months?: [number, number] | null;
  /** How many of the cube's latest file months to read when `months` is absent (0: all); default DEFAULT_CUBE_MONTHS. */
  latest?: number;
}

export interface CubeSummary {
  /** File months in the cube, and those read. */
  monthsInCube: [number, number] | null;
  monthsRead: [number, number] | null;
  partitionsInCube: number;
  partitionsRead: number;
  forcesRead: string[];
  cellMetres: number | null;
  /** Cube totals from the manifest (all partitions), when it was dropped. */
  manifestTotals: CubeManifest['totals'] | null;
  boundaryFiles: string[];
  boundaryVintage: string | null;
  /** One line for the provenance. */
  provenance: string;
  /** What a cube cannot give, for the page's notes. */
  limits: string[];
}

export interface CubeTable {
  wards: WardSet;
  table: CrimeTable;
  wardOfRow: Int32Array;
  report: IngestReport;
  summary: CubeSummary;
}

export const CUBE_LIMITS = [
  'Individual crimes are not in a cube: no crime points, street names or map-point counts; each crime is placed at the centre of its grid cell.',
  'Duplicate rows across files were counted when the cube was made, not here.',
  'A crime on a ward edge is in the ward the cube gave it (the same half-open rule as for crime files).',
];

function boxesMeet(a: readonly number[], b: readonly number[]): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** True when some code in `sorted` lies in [lo, hi]. */
function anyCodeIn(sorted: readonly string[], lo: string, hi: string): boolean {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (sorted[m] < lo) a = m + 1;
    else b = m;
  }
  return a < sorted.length && sorted[a] <= hi;
}

/** The wards' box in BNG metres. */
function wardsBox(w: WardSet): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < w.count; i++) {
    b[0] = Math.min(b[0], w.bbox[4 * i]);
    b[1] = Math.min(b[1], w.bbox[4 * i + 1]);
    b[2] = Math.max(b[2], w.bbox[4 * i + 2]);
    b[3] = Math.max(b[3], w.bbox[4 * i + 3]);
  }
  return b;
}

/** The partitions that can hold a crime of the area, with the footers read to decide. */
async function partitionsNeeded(parts: readonly CubePartition[], wards: WardSet): Promise<CubePartition[]> {
  const box = wardsBox(wards);
  const codes = [...wards.codes].sort();
  const keep = await Promise.all(
    parts.map(async (p) => {
      for (const f of p.cells.length ? p.cells : p.wards) {
        const ft = await readFooter(f);
        const meets = !ft.box || boxesMeet(ft.box, box);
        const codesMeet = !ft.wardRange || anyCodeIn(codes, ft.wardRange[0], ft.wardRange[1]);
        if (meets && codesMeet) return true;
      }
      return false;
    }),
  );
  return parts.filter((_, i) => keep[i]);
}

interface Counts {
  /** key `${ward}|${month}|${category}` → count, from the ward cube. */
  wards: Map<string, number>;
  /** the same key → cell centres (x, y, n) from the finest cell cube. */
  cells: Map<string, number[]>;
  cellMetres: number | null;
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

async function readPartition(p: CubePartition, wardIndex: Map<string, number>, into: Counts): Promise<void> {
  // A file outside the wards/ and cells/ folders (a single Parquet file) is told by its columns.
  const wardFiles: CubeFileHandle[] = [];
  const cellFiles = [...p.cells];
  for (const f of p.wards) {
    if (/(^|[/\\])wards[/\\]/.test(f.path)) wardFiles.push(f);
    else if ((await readFooter(f)).columns.includes('cell_m')) cellFiles.push(f);
    else wardFiles.push(f);
  }
  const fromCells = !wardFiles.length;
  // Row groups whose ward-code range holds none of the area's wards are skipped (and, for cells, those of coarser cells).
  const codes = [...wardIndex.keys()].sort();
  const wardsIn = (st: GroupStats) =>
    !st.ward_code || anyCodeIn(codes, String(st.ward_code.min), String(st.ward_code.max));
  for (const f of wardFiles) {
    const c = await readColumns(f, ['ward_code', 'month', 'category', 'count'], undefined, wardsIn);
    for (let i = 0; i < c.count.length; i++) {
      const w = wardIndex.get(str(c.ward_code[i]));
      if (w === undefined) continue;
      const m = monthOf(f.path, c.month[i]);
      const key = `${w}|${m}|${str(c.category[i])}`;
      into.wards.set(key, (into.wards.get(key) ?? 0) + Number(c.count[i]));
    }
  }
  for (const f of cellFiles) {
    const { metadata } = await readFooter(f);
    let fileFinest = Infinity;
    for (const rg of metadata.row_groups)
      for (const col of rg.columns) {
        const st = col.meta_data?.statistics;
        const lo = st?.min_value ?? st?.min;
        if (col.meta_data?.path_in_schema[0] === 'cell_m')
          fileFinest = Math.min(fileFinest, lo === undefined || lo === null ? -Infinity : Number(lo));
      }
    const finestOnly = (st: GroupStats) =>
      !st.cell_m || !Number.isFinite(fileFinest) || Number(st.cell_m.min) <= fileFinest;
    const c = await readColumns(
      f,
      ['cell_m', 'x0', 'y0', 'ward_code', 'month', 'category', 'count'],
      metadata,
      (st) => finestOnly(st) && wardsIn(st),
    );
    let finest = Infinity;
    for (let i = 0; i < c.cell_m.length; i++) finest = Math.min(finest, Number(c.cell_m[i]));
    if (into.cellMetres === null) into.cellMetres = finest;
    else if (finest !== into.cellMetres)
      throw new Error(
        `${f.path}: finest cells are ${finest} m, other partitions' ${into.cellMetres} m (cubes of different --cells mixed)`,
      );
    for (let i = 0; i < c.count.length; i++) {
      if (Number(c.cell_m[i]) !== finest) continue;
      const w = wardIndex.get(str(c.ward_code[i]));
      if (w === undefined) continue;
      const key = `${w}|${monthOf(f.path, c.month[i])}|${str(c.category[i])}`;
      let list = into.cells.get(key);
      if (!list) into.cells.set(key, (list = []));
      list.push(Number(c.x0[i]) + finest / 2, Number(c.y0[i]) + finest / 2, Number(c.count[i]));
      // Only cells (a single cell-cube file): the ward counts are the finest cells' sums.
      if (fromCells) into.wards.set(key, (into.wards.get(key) ?? 0) + Number(c.count[i]));
    }
  }
}

/** Crime rows from the counts: one per counted crime, at its cell's centre (NaN without cells). */
function buildTable(
  counts: Counts,
  forceOf: (key: string) => number,
  forces: string[],
  sources: string[],
): { table: CrimeTable; wardOfRow: Int32Array } {
  const keys = [...counts.wards.keys()].sort();
  let n = 0;
  for (const k of keys) n += counts.wards.get(k) as number;
  const categories = [''];
  const catIndex = new Map<string, number>([['', 0]]);
  const t: CrimeTable = {
    length: n,
    lon: new Float64Array(n),
    lat: new Float64Array(n),
    x: new Float64Array(n),
    y: new Float64Array(n),
    month: new Uint16Array(n),
    category: new Uint16Array(n),
    weight: new Float32Array(n).fill(1),
    location: new Uint32Array(n),
    lsoa: new Uint32Array(n),
    force: new Uint16Array(n),
    source: new Uint16Array(n),
    line: new Uint32Array(n),
    categories,
    locations: [''],
    lsoas: [''],
    forces,
    sources,
  };
  const wardOfRow = new Int32Array(n);
  const lonLat = new Map<string, [number, number]>();
  let i = 0;
  for (const key of keys) {
    const [w, m, cat] = key.split('|');
    let c = catIndex.get(cat);
    if (c === undefined) {
      c = categories.length;
      categories.push(cat);
      catIndex.set(cat, c);
    }
    const total = counts.wards.get(key) as number;
    const cells = counts.cells.get(key) ?? [];
    let inCells = 0;
    for (let j = 2; j < cells.length; j += 3) inCells += cells[j];
    if (counts.cellMetres !== null && inCells !== total)
      throw new Error(
        `the cube does not add up: ward ${w} (${formatMonth(Number(m))}, ${cat}) has ${total} crimes in the ward cube and ${inCells} in the cell cube; rebuild it with hotspot-atlas cubes --force`,
      );
    const f = forceOf(key);
    const start = i;
    for (let j = 0; j < cells.length; j += 3) {
      const x = cells[j];
      const y = cells[j + 1];
      const pk = `${x},${y}`;
      let ll = lonLat.get(pk);
      if (!ll) lonLat.set(pk, (ll = unprojectPointBng(x, y)));
      for (let r = 0; r < cells[j + 2]; r++, i++) {
        t.x[i] = x;
        t.y[i] = y;
        t.lon[i] = ll[0];
        t.lat[i] = ll[1];
      }
    }
    for (; i < start + total; i++) t.x[i] = t.y[i] = t.lon[i] = t.lat[i] = NaN;
    t.month.fill(Number(m), start, i);
    t.category.fill(c, start, i);
    t.force.fill(f, start, i);
    wardOfRow.fill(Number(w), start, i);
  }
  return { table: t, wardOfRow };
}

/** Accounting of the partitions read (their records), with the crimes outside the chosen wards moved to 'outside-wards'. */
function accounting(records: (PartitionRecord | null)[], used: number): IngestReport {
  const rejected: Partial<Record<RejectReason, number>> = {};
  let rowsRead = 0;
  let inCubeWards = 0;
  for (const r of records) {
    if (!r) continue;
    rowsRead += r.rowsRead;
    inCubeWards += r.used;
    for (const [k, v] of Object.entries(r.rejected) as [RejectReason, number][]) rejected[k] = (rejected[k] ?? 0) + v;
  }
  if (records.some((r) => !r)) {
    // Partitions without their records (a single Parquet file, or a folder without partitions/): only the crimes counted are known.
    const message =
      "the cube's partition records (partitions/<force>/<month>.json) were not all dropped: the rows read and rejected when it was made are not known here, only the crimes counted in the chosen wards";
    return {
      rowsRead: used,
      used,
      rejected: {},
      files: [],
      messages: [{ level: 'warning', file: '', line: 0, message }],
    };
  }
  const outside = inCubeWards - used;
  if (outside > 0) rejected['outside-wards'] = (rejected['outside-wards'] ?? 0) + outside;
  return { rowsRead, used, rejected, files: [], messages: [] };
}

const plural = (n: number, w: string) => `${n.toLocaleString('en-GB')} ${w}${n === 1 ? '' : 's'}`;
const base = (p: string) => p.split(/[/\\]/).pop() ?? p;

/** The cube's file months, and its partitions in the months asked for (default: the latest DEFAULT_CUBE_MONTHS). */
function partitionsInWindow(
  folder: CubeFolder,
  options: CubeOpenOptions,
): { inCube: [number, number] | null; inWindow: CubeFolder['partitions'] } {
  const fileMonths = folder.partitions
    .map((p) => (p.fileMonth ? monthOf(p.fileMonth, p.fileMonth) : -1))
    .filter((m) => m >= 0);
  const inCube: [number, number] | null = fileMonths.length ? [Math.min(...fileMonths), Math.max(...fileMonths)] : null;
  const latest = options.latest ?? DEFAULT_CUBE_MONTHS;
  const want: [number, number] | null =
    options.months ??
    (inCube ? [latest > 0 ? Math.max(inCube[0], inCube[1] - latest + 1) : inCube[0], inCube[1]] : null);
  const inWindow = folder.partitions.filter(
    (p) =>
      !p.fileMonth ||
      !want ||
      (monthOf(p.fileMonth, p.fileMonth) >= want[0] && monthOf(p.fileMonth, p.fileMonth) <= want[1]),
  );
  return { inCube, inWindow };
}

/** Opens the area `wards` (a WardSet of the chosen wards) of a cube: the table, the accounting and what was read. */
export async function openCubeArea(
  folder: CubeFolder,
  wards: WardSet,
  options: CubeOpenOptions = {},
): Promise<CubeTable> {
  if (!folder.partitions.length) throw new Error('no Parquet file of a cube was found in what was dropped');
  const manifest = folder.manifest ? await readJson<CubeManifest>(folder.manifest) : null;
  const { inCube, inWindow } = partitionsInWindow(folder, options);
  const needed = await partitionsNeeded(inWindow, wards);
  const wardIndex = new Map(wards.codes.map((c, i) => [c, i]));
  const counts: Counts = { wards: new Map(), cells: new Map(), cellMetres: null };
  const forces = [''];
  const forceIdx = new Map<string, number>();
  // Rows of a key may come from several forces (BTP and the territorial force): the key's first force is kept.
  const keyForce = new Map<string, number>();
  for (const p of needed) {
    const before = new Set(counts.wards.keys());
    await readPartition(p, wardIndex, counts);
    let fi = forceIdx.get(p.force);
    if (fi === undefined) forceIdx.set(p.force, (fi = forces.push(p.force) - 1));
    for (const k of counts.wards.keys()) if (!before.has(k)) keyForce.set(k, fi);
  }
  const records = await Promise.all(
    needed.map((p) => (p.record ? readJson<PartitionRecord>(p.record) : Promise.resolve(null))),
  );
  const { table, wardOfRow } = buildTable(
    counts,
    (k) => keyForce.get(k) ?? 0,
    forces,
    needed.map((p) => `${p.force}/${p.fileMonth}`),
  );
  const report = accounting(records, table.length);
  const read = needed
    .map((p) => p.fileMonth)
    .filter(Boolean)
    .sort();
  const monthsRead: [number, number] | null = read.length
    ? [monthOf(read[0], read[0]), monthOf(read[read.length - 1], read[read.length - 1])]
    : null;
  const forcesRead = [...forceIdx.keys()].filter(Boolean);
  const boundaryFiles = (manifest?.boundaries?.files ?? []).map(base);
  const vintage = manifest?.boundaries?.vintage ?? null;
  const parts = [
    `From a cube: ${plural(needed.length, 'partition')} read of ${folder.partitions.length}${forcesRead.length ? ` (${forcesRead.join(', ')})` : ''}`,
    monthsRead
      ? `file months ${formatMonth(monthsRead[0])} to ${formatMonth(monthsRead[1])}${inCube ? ` (the cube: ${formatMonth(inCube[0])} to ${formatMonth(inCube[1])})` : ''}`
      : '',
    counts.cellMetres ? `points at the centres of its ${counts.cellMetres} m cells` : 'no cell cube: no density',
    boundaryFiles.length ? `made with ${boundaryFiles.join(', ')}${vintage ? ` (${vintage} boundaries)` : ''}` : '',
    manifest?.totals
      ? `the whole cube: ${plural(manifest.totals.rowsRead, 'row')} read, ${manifest.totals.used.toLocaleString('en-GB')} used`
      : 'no manifest.json',
  ].filter(Boolean);
  return {
    wards,
    table,
    wardOfRow,
    report,
    summary: {
      monthsInCube: inCube,
      monthsRead,
      partitionsInCube: folder.partitions.length,
      partitionsRead: needed.length,
      forcesRead,
      cellMetres: counts.cellMetres,
      manifestTotals: manifest?.totals ?? null,
      boundaryFiles,
      boundaryVintage: vintage,
      provenance: parts.join(', '),
      limits: CUBE_LIMITS,
    },
  };
}
