/**
 * One batch of cube partitions counted: parse → project → assign → count, in ONE ingest (points
 * shared by the batch are projected once, no per-partition set-up), then each partition's rows
 * counted and written as the CSV lines DuckDB stages (cubes.ts). Runs in a worker thread
 * (ingestWorker.ts) or in place; the result is the same either way, and the same whatever the
 * batches: the duplicate-row rule applies within a partition (its files of one force and month;
 * startDuplicateScope), and police.uk rows carry their month and force, so rows of different
 * partitions are never byte-identical and this equals the single-session rule.
 */
import { CrimeIngest } from '../io/crimeIngest.ts';
import { fillProjection } from '../core/bng.ts';
import { formatMonth } from '../core/months.ts';
import type { RejectReason } from '../core/types.ts';
import type { WardIndex } from '../analysis/wardIndex.ts';
import { cellCounts, wardCounts } from '../analysis/cubeCounts.ts';
import { openChunks, type SourceDesc } from './inputs.ts';
import type { PartitionRecord as RecordRead } from '../io/cubeFolder.ts';

/** A partition: the police.uk files of one force and one file month. */
export interface PartitionSpec {
  /** The partition's number in the run (the staging rows name it; cubes.ts joins its force and month). */
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

export interface BatchResult {
  records: PartitionRecord[];
  /**
   * Staging CSV lines, '\n'-terminated: ward, month, category, count, partition — the ward as its
   * index in the ward set (−1: outside every ward), the month as YYYY-MM, the partition as its
   * serial; short lines of numbers for DuckDB to read (cubes.ts joins the codes and names back).
   */
  wardCsv: string;
  /** Staging CSV lines: cell_m, x0, y0, then as wardCsv. */
  cellCsv: string;
  /** A problem reading a file: "name: problem" (the command stops with it). */
  error?: string;
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Reads the batch's files in one ingest; a file that fails ends the batch with its problem. */
async function ingestBatch(batch: readonly PartitionSpec[], now: Date): Promise<CrimeIngest | string> {
  const ingest = new CrimeIngest({ now });
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

/** Counts a batch of partitions into staging CSV text and partition records. */
export async function countBatch(
  batch: readonly PartitionSpec[],
  index: WardIndex,
  cells: readonly number[],
  now: Date,
): Promise<BatchResult> {
  const read = await ingestBatch(batch, now);
  if (typeof read === 'string') return { records: [], wardCsv: '', cellCsv: '', error: read };
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
  const wardLines: string[] = [];
  const cellLines: string[] = [];
  // A category as itself (police.uk's have no comma or quote; others are quoted).
  const cats = table.categories.map((c) => (/[",\r\n]/.test(c) ? q(c) : c));
  const months = new Map<number, string>();
  const month = (m: number) => months.get(m) ?? (months.set(m, formatMonth(m)), months.get(m) as string);
  const records = batch.map((p, k) => {
    const rows = order.subarray(starts[k], starts[k] + sizes[k + 1]);
    const w = wardCounts(table, wardOfRow, rows);
    const c = cellCounts(table, wardOfRow, cells, rows);
    const tail = `,${p.serial}`;
    for (let i = 0; i < w.length; i++)
      wardLines.push(`${w.ward[i]},${month(w.month[i])},${cats[w.category[i]]},${w.count[i]}${tail}`);
    for (let i = 0; i < c.length; i++)
      cellLines.push(
        `${c.cell[i]},${c.x0[i]},${c.y0[i]},${c.ward[i]},${month(c.month[i])},${cats[c.category[i]]},${c.count[i]}${tail}`,
      );
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
  const text = (lines: string[]) => (lines.length ? lines.join('\n') + '\n' : '');
  return { records, wardCsv: text(wardLines), cellCsv: text(cellLines) };
}
