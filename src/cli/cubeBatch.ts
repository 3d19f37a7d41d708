/**
 * One batch of cube partitions counted: parse → project → assign → count, in ONE ingest (points
 * shared by the batch are projected once, no per-partition set-up), then each partition's rows
 * counted into sorted columns that DuckDB writes as they come (cubes.ts). Runs in a worker thread
 * (ingestWorker.ts) or in place; the result is the same either way, and the same whatever the
 * batches: the duplicate-row rule applies within a partition (its files of one force and month;
 * startDuplicateScope), and police.uk rows carry their month and force, so rows of different
 * partitions are never byte-identical and this equals the single-session rule.
 */
import { CrimeIngest } from '../io/crimeIngest.ts';
import { fillProjection } from '../core/bng.ts';
import type { RejectReason } from '../core/types.ts';
import type { WardIndex } from '../analysis/wardIndex.ts';
import { cubeOrder, partitionCounts, type CellCountRows, type WardCountRows } from '../analysis/cubeCounts.ts';
import { openChunks, type SourceDesc } from './inputs.ts';
import type { PartitionRecord as RecordRead } from '../io/cubeFolder.ts';

/** A partition: the police.uk files of one force and one file month. */
export interface PartitionSpec {
  /** The partition's number in the run (cubes.ts names its force and month from it). */
  serial: number;
  force: string;
  fileMonth: string;
  sources: { name: string; size: number; desc: SourceDesc }[];
}

/** What partitions/<force>/<month>.json holds: what the page reads (io/cubeFolder.ts), and the rows written. */
export interface PartitionRecord extends RecordRead {
  wardRows: number;
  cellRows: number;
}

/**
 * A batch's counts as columns, partition after partition (partition k's rows follow those of
 * k − 1: its record says how many), each partition's rows in cube order (analysis/cubeCounts.ts),
 * so that DuckDB writes them as they come (cubes.ts). Wards are indexes into the ward set (−1:
 * outside every ward), months month indexes, categories indexes into `categories`.
 */
export interface BatchResult {
  records: PartitionRecord[];
  categories: string[];
  wards: WardCountRows;
  cells: CellCountRows;
  /** A problem reading a file: "name: problem" (the command stops with it). */
  error?: string;
}

/** A result with no rows (a batch that failed). */
export function emptyResult(error: string): BatchResult {
  return { records: [], categories: [], wards: concatWards([]), cells: concatCells([]), error };
}

type Column = Int32Array | Uint16Array | Uint32Array;

/** Columns one after another. */
function concat<A extends Column>(columns: readonly A[], make: (n: number) => A): A {
  const out = make(columns.reduce((a, c) => a + c.length, 0));
  let at = 0;
  for (const c of columns) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function concatWards(parts: readonly WardCountRows[]): WardCountRows {
  return {
    length: parts.reduce((a, p) => a + p.length, 0),
    ward: concat(
      parts.map((p) => p.ward),
      (n) => new Int32Array(n),
    ),
    month: concat(
      parts.map((p) => p.month),
      (n) => new Uint16Array(n),
    ),
    category: concat(
      parts.map((p) => p.category),
      (n) => new Uint16Array(n),
    ),
    count: concat(
      parts.map((p) => p.count),
      (n) => new Uint32Array(n),
    ),
  };
}

function concatCells(parts: readonly CellCountRows[]): CellCountRows {
  return {
    ...concatWards(parts),
    cell: concat(
      parts.map((p) => p.cell),
      (n) => new Uint16Array(n),
    ),
    x0: concat(
      parts.map((p) => p.x0),
      (n) => new Int32Array(n),
    ),
    y0: concat(
      parts.map((p) => p.y0),
      (n) => new Int32Array(n),
    ),
  };
}

/** The buffers of a result, to transfer to the main thread. */
export function resultBuffers(r: BatchResult): ArrayBuffer[] {
  const { wards: w, cells: c } = r;
  return [w.ward, w.month, w.category, w.count, c.ward, c.month, c.category, c.count, c.cell, c.x0, c.y0].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/** Reads the batch's files in one ingest; a file that fails ends the batch with its problem. */
async function ingestBatch(batch: readonly PartitionSpec[], now: Date): Promise<CrimeIngest | string> {
  // Counts need no street names or LSOA codes: not kept (less to intern and hold).
  const ingest = new CrimeIngest({ now, names: false });
  for (const p of batch) {
    ingest.startDuplicateScope();
    for (const s of p.sources) {
      ingest.beginFile(s.name, s.size);
      try {
        for await (const c of openChunks(s.desc)) ingest.pushChunk(c);
        ingest.endFile();
      } catch (e) {
        ingest.abortFile(e);
        return `${s.name}: ${(e as Error).message}`;
      }
    }
  }
  return ingest;
}

/** Counts a batch of partitions into count columns and partition records. */
export async function countBatch(
  batch: readonly PartitionSpec[],
  index: WardIndex,
  codes: readonly string[],
  cells: readonly number[],
  now: Date,
): Promise<BatchResult> {
  const read = await ingestBatch(batch, now);
  if (typeof read === 'string') return emptyResult(read);
  const { table, report } = read.finish();
  fillProjection(table);
  const wardOfRow = index.assign(table.x, table.y);
  const partOfFile = new Map<string, number>();
  batch.forEach((p, k) => {
    for (const s of p.sources) partOfFile.set(s.name, k);
  });
  // Rows of each partition (counting sort by the partition of the row's source file).
  const partOfSource = table.sources.map((name) => partOfFile.get(name) ?? -1);
  const sizes = new Uint32Array(batch.length + 1);
  for (let i = 0; i < table.length; i++) sizes[partOfSource[table.source[i]] + 1]++;
  const starts = new Uint32Array(batch.length + 1);
  for (let k = 1; k <= batch.length; k++) starts[k] = starts[k - 1] + sizes[k];
  const order = new Uint32Array(table.length);
  const fill = starts.slice();
  for (let i = 0; i < table.length; i++) order[fill[partOfSource[table.source[i]]]++] = i;
  const cube = cubeOrder(codes, table.categories);
  const wardParts: WardCountRows[] = [];
  const cellParts: CellCountRows[] = [];
  const records = batch.map((p, k) => {
    const rows = order.subarray(starts[k], starts[k] + sizes[k + 1]);
    const { wards: w, cells: c } = partitionCounts(table, wardOfRow, cells, cube, rows);
    wardParts.push(w);
    cellParts.push(c);
    let outside = 0;
    for (const i of rows) if (wardOfRow[i] < 0) outside++;
    const rec: PartitionRecord = {
      force: p.force,
      fileMonth: p.fileMonth,
      sources: p.sources.map((s) => ({ name: s.name, size: s.size })),
      rowsRead: 0,
      used: -outside,
      rejected: {},
      wardRows: w.length,
      cellRows: c.length,
    };
    for (const f of report.files) {
      if (partOfFile.get(f.file) !== k) continue;
      rec.rowsRead += f.rowsRead;
      rec.used += f.accepted;
      for (const [reason, n] of Object.entries(f.rejected) as [RejectReason, number][])
        rec.rejected[reason] = (rec.rejected[reason] ?? 0) + n;
    }
    if (outside) rec.rejected['outside-wards'] = (rec.rejected['outside-wards'] ?? 0) + outside;
    return rec;
  });
  return {
    records,
    categories: table.categories.slice(),
    wards: concatWards(wardParts),
    cells: concatCells(cellParts),
  };
}
