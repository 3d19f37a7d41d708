/**
 * `hotspot-atlas cubes`: police.uk archives (any number of forces and months) to Parquet cubes
 * that add up, through DuckDB embedded (@duckdb/node-api; its binary ships inside the npm
 * package). The heavy step — parse → project → assign → count — is this project's own engine
 * (one assignment rule everywhere), partition by partition; DuckDB writes the Parquet.
 *
 * Layout of OUT (Hive partitioning; `force` and `file_month` come from the police.uk file name
 * YYYY-MM-<force>-street.csv, `month` is each row's own month):
 *   wards/force=<force>/file_month=<YYYY-MM>/part0.parquet  ward_code, month, category, count
 *   cells/force=<force>/file_month=<YYYY-MM>/part0.parquet  cell_m, x0, y0, ward_code ('' outside
 *                                                           every ward), month, category, count
 *   partitions/<force>/<YYYY-MM>.json                       the partition's sources and accounting
 *   manifest.json                                          sources, boundaries, totals by reason
 * A partition whose record names the same source files (name and size) is not computed again
 * (`--force` recomputes all): adding a month computes only that month.
 * Cells are named by their south-west corner in BNG metres (analysis/cubeCounts.ts).
 * Rows are written in cube order (analysis/cubeCounts.ts) in row groups (cubeStaging.ts), so that a
 * reader can skip the row groups of other wards and other cell sizes on their statistics.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs as nodeParseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { DuckDBInstance } from '@duckdb/node-api';
import { Staging } from './cubeStaging.ts';
import { readBoundariesWithReport } from '../io/boundaries.ts';
import { WardIndex } from '../analysis/wardIndex.ts';
import type { RejectReason, WardSet } from '../core/types.ts';
import { crimeSources, expand, InputError, type CrimeSource } from './inputs.ts';
import { CUBES_USAGE } from './usage.ts';
import { repeatMulti } from './args.ts';
import { countBatch, type BatchResult, type PartitionRecord, type PartitionSpec } from './cubeBatch.ts';
import { newWorker } from './parallel.ts';
import type { CubeDone, CubeInit, CubeJob } from './ingestWorker.ts';

const STREET = /(?:^|[/\\:])(\d{4}-\d{2})-([a-z0-9-]+?)-street\.csv(?:\.gz)?$/i;

interface Partition {
  force: string;
  fileMonth: string;
  sources: CrimeSource[];
}

interface CubeOptions {
  wards: string[];
  crimes: string[];
  out: string;
  memoryLimit: string;
  cells: number[];
  force: boolean;
  /** Worker threads counting partitions (null: one per core; 1: none). */
  threads: number | null;
  help: boolean;
}

function parse(argv: readonly string[]): CubeOptions {
  const args = repeatMulti(argv, new Set(['--wards', '--crimes']));
  let v;
  try {
    ({ values: v } = nodeParseArgs({
      args,
      strict: true,
      options: {
        wards: { type: 'string', multiple: true },
        crimes: { type: 'string', multiple: true },
        out: { type: 'string' },
        'memory-limit': { type: 'string' },
        cells: { type: 'string' },
        force: { type: 'boolean' },
        threads: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new InputError(`${(e as Error).message.split('\n')[0]} (see cubes --help)`);
  }
  const o: CubeOptions = {
    wards: v.wards ?? [],
    crimes: v.crimes ?? [],
    out: v.out ?? '',
    memoryLimit: v['memory-limit'] ?? '1GB',
    cells: (v.cells ?? '50,250').split(',').map((c) => Number(c.trim())),
    force: v.force === true,
    threads: v.threads === undefined ? null : Number(v.threads),
    help: v.help === true,
  };
  if (o.help) return o;
  if (!o.wards.length) throw new InputError('--wards FILE is required');
  if (!o.crimes.length) throw new InputError('--crimes FILE_OR_DIR is required');
  if (!o.out) throw new InputError('--out DIR is required');
  if (o.cells.some((c) => !(Number.isInteger(c) && c >= 5 && c <= 10_000)))
    throw new InputError(`--cells expects whole metres from 5 to 10000, got "${v.cells}"`);
  if (o.threads !== null && !(Number.isInteger(o.threads) && o.threads >= 1 && o.threads <= 256))
    throw new InputError(`--threads expects a whole number from 1, got "${v.threads}"`);
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(o.memoryLimit))
    throw new InputError(`--memory-limit expects a size such as 1GB, got "${o.memoryLimit}"`);
  return o;
}

/** The police.uk street files grouped by force and file month. */
function partitions(sources: readonly CrimeSource[]): Partition[] {
  const byKey = new Map<string, Partition>();
  for (const s of sources) {
    const m = STREET.exec(s.name);
    if (!m || s.kind !== 'stream')
      throw new InputError(
        `${s.name}: cubes reads police.uk street files named YYYY-MM-<force>-street.csv (or .csv.gz, or inside the download's zip)`,
      );
    const key = `${m[2].toLowerCase()}/${m[1]}`;
    const p = byKey.get(key) ?? { force: m[2].toLowerCase(), fileMonth: m[1], sources: [] };
    p.sources.push(s);
    byKey.set(key, p);
  }
  return [...byKey.values()].sort((a, b) => a.force.localeCompare(b.force) || a.fileMonth.localeCompare(b.fileMonth));
}

/** Rows staged before DuckDB writes them out. */
const FLUSH_ROWS = 1_000_000;

/**
 * Source bytes read in one ingest before the batch is counted: an eighth of each thread's share
 * (so the threads finish together, and the last batch written after them is small), at least 1 MB and at most 450 MB (about 2 M police.uk rows).
 */
function batchBytes(total: number, threads: number): number {
  return Math.min(450 * 1024 ** 2, Math.max(1024 ** 2, total / (8 * threads)));
}

/**
 * Counts the batches on `threads` worker threads (each builds the ward index once), or here with
 * one, and hands each result to `take` in batch order, so the cube is the same whatever the
 * threads. At most 2 × threads results wait to be taken.
 */
async function countBatches(
  batches: readonly PartitionSpec[][],
  threads: number,
  init: CubeInit,
  wards: WardSet,
  take: (k: number, r: BatchResult) => Promise<void>,
): Promise<void> {
  if (threads <= 1 || batches.length <= 1) {
    const index = batches.length ? WardIndex.build(wards) : null;
    for (let k = 0; k < batches.length; k++)
      await take(k, await countBatch(batches[k], index as WardIndex, wards.codes, init.cells, new Date(init.now)));
    return;
  }
  const workers = Array.from({ length: Math.min(threads, batches.length) }, () => {
    const w = newWorker();
    w.postMessage(init);
    return w;
  });
  const waiting = new Map<number, (r: BatchResult) => void>();
  const results = batches.map((_, k) => new Promise<BatchResult>((resolve) => waiting.set(k, resolve)));
  let next = 0;
  let taken = 0;
  const wake: (() => void)[] = [];
  const feed = async (w: (typeof workers)[number]) => {
    while (next < batches.length) {
      while (next - taken >= 2 * threads) await new Promise<void>((r) => wake.push(r));
      if (next >= batches.length) return;
      const id = next++;
      const r = await new Promise<BatchResult>((resolve, reject) => {
        w.once('message', (m: CubeDone) => resolve(m.result));
        w.once('error', reject);
        w.once('exit', () => reject(new Error('a worker thread stopped')));
        w.postMessage({ kind: 'cube-batch', id, batch: batches[id] } satisfies CubeJob);
      });
      w.removeAllListeners('error');
      w.removeAllListeners('exit');
      (waiting.get(id) as (r: BatchResult) => void)(r);
    }
  };
  const feeding = Promise.all(workers.map(feed));
  try {
    for (let k = 0; k < batches.length; k++) {
      const r = await Promise.race([results[k], feeding.then(() => results[k])]);
      taken++;
      wake.splice(0).forEach((f) => f());
      await take(k, r);
    }
    await feeding;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function sameSources(a: PartitionRecord, p: Partition): boolean {
  return (
    a.sources.length === p.sources.length &&
    a.sources.every((s, i) => s.name === p.sources[i].name && s.size === p.sources[i].size)
  );
}

/** The manifest written beside the partitions: layout, boundaries, cells, and the totals of every partition's accounting. */
function manifestOf(
  o: CubeOptions,
  wards: WardSet,
  records: PartitionRecord[],
  computed: number,
  skipped: ReturnType<typeof crimeSources>['skipped'],
) {
  const totals = { rowsRead: 0, used: 0, rejected: {} as Partial<Record<RejectReason, number>> };
  for (const r of records) {
    totals.rowsRead += r.rowsRead;
    totals.used += r.used;
    for (const [reason, n] of Object.entries(r.rejected) as [RejectReason, number][])
      totals.rejected[reason] = (totals.rejected[reason] ?? 0) + n;
  }
  const manifest = {
    tool: 'hotspot-atlas cubes',
    layout: {
      wards: 'wards/force=*/file_month=*/*.parquet',
      cells: 'cells/force=*/file_month=*/*.parquet',
      cellCorner: 'south-west, BNG metres (EPSG:27700)',
    },
    boundaries: {
      files: o.wards,
      count: wards.count,
      vintage: wards.meta.vintage,
      codeField: wards.meta.codeField,
      authorities: wards.meta.authorities,
    },
    cells: o.cells,
    partitions: records.length,
    computedThisRun: computed,
    skippedFiles: Object.fromEntries(skipped),
    totals,
  };
  return { manifest, totals };
}

interface Planned {
  p: Partition;
  recFile: string;
}

/**
 * The partitions to compute, in batches of about batchBytes() each. A partition already written
 * from the same source files (name and size) is kept: its record goes into `kept`.
 */
function plan(
  parts: readonly Partition[],
  o: CubeOptions,
  threads: number,
  kept: Map<Partition, PartitionRecord>,
): Planned[][] {
  const todo: Planned[] = [];
  for (const p of parts) {
    const recFile = join(o.out, 'partitions', p.force, `${p.fileMonth}.json`);
    const old = !o.force && existsSync(recFile) ? (JSON.parse(readFileSync(recFile, 'utf8')) as PartitionRecord) : null;
    const written = existsSync(join(o.out, 'wards', `force=${p.force}`, `file_month=${p.fileMonth}`));
    if (old && sameSources(old, p) && written) kept.set(p, old);
    else todo.push({ p, recFile });
  }
  const size = (p: Partition) => p.sources.reduce((a, s) => a + s.size, 0);
  const limit = batchBytes(
    todo.reduce((a, t) => a + size(t.p), 0),
    threads,
  );
  const batches: Planned[][] = [];
  let bytes = Infinity;
  for (const t of todo) {
    if (bytes >= limit) {
      batches.push([]);
      bytes = 0;
    }
    batches[batches.length - 1].push(t);
    bytes += size(t.p);
  }
  return batches;
}

export async function cubes(argv: readonly string[]): Promise<number> {
  try {
    const o = parse(argv);
    if (o.help) {
      process.stdout.write(CUBES_USAGE);
      return 0;
    }
    const t0 = performance.now();
    const now = new Date();
    const wardFiles = o.wards.flatMap(expand).map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(f)) }));
    const { wards } = readBoundariesWithReport(wardFiles);
    const { sources, skipped } = crimeSources(o.crimes);
    const parts = partitions(sources);
    if (!parts.length) throw new InputError(`${o.crimes.join(', ')}: no police.uk street files found`);
    const db = await DuckDBInstance.create(':memory:', { memory_limit: o.memoryLimit, threads: '1' });
    const con = await db.connect();
    const staging = new Staging(con, o.out, {
      codes: wards.codes,
      forces: parts.map((p) => p.force),
      fileMonths: parts.map((p) => p.fileMonth),
      // Rows of later months are rejected as future months (a year's margin for clocks).
      lastMonth: now.getUTCFullYear() * 12 - 1970 * 12 + now.getUTCMonth() + 12,
    });
    const recordOf = new Map<Partition, PartitionRecord>();
    let computed = 0;
    let rows = 0;
    const threads = o.threads ?? availableParallelism();
    const batches = plan(parts, o, threads, recordOf);
    await staging.open();
    const serial = new Map(parts.map((p, i) => [p, i]));
    const spec = (b: Planned[]): PartitionSpec[] =>
      b.map(({ p }) => ({
        serial: serial.get(p) as number,
        force: p.force,
        fileMonth: p.fileMonth,
        sources: p.sources.map((s) => ({ name: s.name, size: s.size, desc: s.desc })),
      }));
    const init: CubeInit = { kind: 'cube-init', wards: o.wards.flatMap(expand), cells: o.cells, now: now.getTime() };
    await countBatches(batches.map(spec), threads, init, wards, async (k, r) => {
      if (r.error) throw new InputError(r.error);
      const batch = batches[k];
      await staging.add(
        r,
        batch.map((t) => serial.get(t.p) as number),
        batch.map((t) => t.recFile),
      );
      computed += r.records.length;
      r.records.forEach((rec, j) => {
        rows += rec.rowsRead;
        recordOf.set(batch[j].p, rec);
      });
      const last = batch[batch.length - 1].p;
      process.stderr.write(
        `cubes: ${recordOf.size}/${parts.length} partitions (to ${last.force} ${last.fileMonth}), ${rows.toLocaleString('en-GB')} rows read\n`,
      );
      if (staging.size > FLUSH_ROWS) await staging.flush();
    });
    const records = parts.map((p) => recordOf.get(p) as PartitionRecord);
    await staging.flush();
    con.closeSync();
    const { manifest, totals } = manifestOf(o, wards, records, computed, skipped);
    mkdirSync(o.out, { recursive: true });
    writeFileSync(join(o.out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    process.stderr.write(
      `cubes: ${records.length} partitions (${computed} computed), ${totals.rowsRead.toLocaleString('en-GB')} rows read, ${totals.used.toLocaleString('en-GB')} in the wards, in ${((performance.now() - t0) / 1000).toFixed(1)} s; peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`,
    );
    return 0;
  } catch (e) {
    process.stderr.write(`cubes: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
