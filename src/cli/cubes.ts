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
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs as nodeParseArgs } from 'node:util';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { readBoundariesWithReport } from '../io/boundaries.ts';
import { CrimeIngest } from '../io/crimeIngest.ts';
import { fillProjection } from '../core/bng.ts';
import { WardIndex } from '../analysis/wardIndex.ts';
import { cellCounts, wardCounts, type CellCountRows, type WardCountRows } from '../analysis/cubeCounts.ts';
import { formatMonth } from '../core/months.ts';
import type { RejectReason, WardSet } from '../core/types.ts';
import { crimeSources, expand, InputError, type CrimeSource } from './inputs.ts';
import { CUBES_USAGE } from './usage.ts';
import { repeatMulti } from './args.ts';

const STREET = /(?:^|[/\\:])(\d{4}-\d{2})-([a-z0-9-]+?)-street\.csv(?:\.gz)?$/i;

interface Partition {
  force: string;
  fileMonth: string;
  sources: CrimeSource[];
}

/** What partitions/<force>/<month>.json holds. */
interface PartitionRecord {
  force: string;
  fileMonth: string;
  sources: { name: string; size: number }[];
  rowsRead: number;
  used: number;
  rejected: Partial<Record<RejectReason, number>>;
  wardRows: number;
  cellRows: number;
}

interface CubeOptions {
  wards: string[];
  crimes: string[];
  out: string;
  memoryLimit: string;
  cells: number[];
  force: boolean;
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
    help: v.help === true,
  };
  if (o.help) return o;
  if (!o.wards.length) throw new InputError('--wards FILE is required');
  if (!o.crimes.length) throw new InputError('--crimes FILE_OR_DIR is required');
  if (!o.out) throw new InputError('--out DIR is required');
  if (o.cells.some((c) => !(Number.isInteger(c) && c >= 5 && c <= 10_000))) throw new InputError(`--cells expects whole metres from 5 to 10000, got "${v.cells}"`);
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(o.memoryLimit)) throw new InputError(`--memory-limit expects a size such as 1GB, got "${o.memoryLimit}"`);
  return o;
}

/** The police.uk street files grouped by force and file month. */
function partitions(sources: readonly CrimeSource[]): Partition[] {
  const byKey = new Map<string, Partition>();
  for (const s of sources) {
    const m = STREET.exec(s.name);
    if (!m || s.kind !== 'stream') throw new InputError(`${s.name}: cubes reads police.uk street files named YYYY-MM-<force>-street.csv (or .csv.gz, or inside the download's zip)`);
    const key = `${m[2].toLowerCase()}/${m[1]}`;
    const p = byKey.get(key) ?? { force: m[2].toLowerCase(), fileMonth: m[1], sources: [] };
    p.sources.push(s);
    byKey.set(key, p);
  }
  return [...byKey.values()].sort((a, b) => a.force.localeCompare(b.force) || a.fileMonth.localeCompare(b.fileMonth));
}

/**
 * Rows of computed partitions staged as CSV text and written to Parquet by DuckDB in batches
 * (one COPY … PARTITION_BY per batch: a COPY per partition, or a native call per value through
 * the appender, cost more than counting). Partition records are written after their batch.
 */
class Staging {
  private wards: string[] = [];
  private cells: string[] = [];
  private pending: { file: string; rec: PartitionRecord }[] = [];
  private n = 0;

  constructor(
    private readonly con: DuckDBConnection,
    private readonly out: string,
    private readonly dir: string,
  ) {}

  add(p: Partition, wards: WardSet, categories: readonly string[], w: WardCountRows, c: CellCountRows, rec: PartitionRecord, recFile: string): void {
    const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const tail = `,${q(p.force)},${q(p.fileMonth)}`;
    for (let i = 0; i < w.length; i++) this.wards.push(`${q(wards.codes[w.ward[i]])},${formatMonth(w.month[i])},${q(categories[w.category[i]])},${w.count[i]}${tail}`);
    for (let i = 0; i < c.length; i++)
      this.cells.push(`${c.cell[i]},${c.x0[i]},${c.y0[i]},${q(c.ward[i] >= 0 ? wards.codes[c.ward[i]] : '')},${formatMonth(c.month[i])},${q(categories[c.category[i]])},${c.count[i]}${tail}`);
    this.pending.push({ file: recFile, rec });
    this.n += w.length + c.length;
  }

  /** Deletes the staging folder. */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Rows staged; flush past a few million. */
  get size(): number {
    return this.n;
  }

  async flush(): Promise<void> {
    if (!this.pending.length) return;
    const copy = async (kind: string, lines: string[], columns: string) => {
      if (!lines.length) return;
      const csv = join(this.dir, `${kind}.csv`);
      mkdirSync(join(this.out, kind), { recursive: true });
      writeFileSync(csv, lines.join('\n') + '\n');
      const sql = (s: string) => s.replace(/'/g, "''");
      await this.con.run(
        `COPY (SELECT * FROM read_csv('${sql(csv)}', header = false, quote = '"', escape = '"', columns = ${columns})) ` +
          `TO '${sql(join(this.out, kind))}' (FORMAT parquet, PARTITION_BY (force, file_month), OVERWRITE_OR_IGNORE true, FILENAME_PATTERN 'part{i}')`,
      );
    };
    await copy('wards', this.wards, "{'ward_code': 'VARCHAR', 'month': 'VARCHAR', 'category': 'VARCHAR', 'count': 'UINTEGER', 'force': 'VARCHAR', 'file_month': 'VARCHAR'}");
    await copy('cells', this.cells, "{'cell_m': 'USMALLINT', 'x0': 'INTEGER', 'y0': 'INTEGER', 'ward_code': 'VARCHAR', 'month': 'VARCHAR', 'category': 'VARCHAR', 'count': 'UINTEGER', 'force': 'VARCHAR', 'file_month': 'VARCHAR'}");
    for (const { file, rec } of this.pending) {
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, JSON.stringify(rec, null, 2) + '\n');
    }
    this.wards = [];
    this.cells = [];
    this.pending = [];
    this.n = 0;
  }
}

/** Rows staged before DuckDB writes them out. */
const FLUSH_ROWS = 4_000_000;

/** Source bytes read in one ingest before the batch is counted (about 2 M police.uk rows). */
const BATCH_BYTES = 450 * 1024 ** 2;

/**
 * Reads a batch of partitions in ONE ingest (points shared by the batch are projected once, no
 * per-partition set-up), then counts each partition's rows into the staging. The result equals
 * reading each partition alone: the duplicate-row rule applies within a partition (its files of
 * one force and month; startDuplicateScope). police.uk rows carry their month and force, so rows
 * of different partitions are never byte-identical and this equals the single-session rule.
 */
async function cubeBatch(staging: Staging, batch: { p: Partition; recFile: string }[], wards: WardSet, index: WardIndex, o: CubeOptions, now: Date): Promise<PartitionRecord[]> {
  const ingest = new CrimeIngest({ now });
  const partOfFile = new Map<string, number>();
  batch.forEach(({ p }, k) => {
    for (const s of p.sources) partOfFile.set(s.name, k);
  });
  for (const { p } of batch) {
    ingest.startDuplicateScope();
    for (const s of p.sources) {
      ingest.beginFile(s.name, s.size);
      try {
        for await (const c of s.chunks()) ingest.pushChunk(c);
        ingest.endFile();
      } catch (e) {
        ingest.abortFile(e);
        throw new InputError(`${s.name}: ${(e as Error).message}`);
      }
    }
  }
  const { table, report } = ingest.finish();
  fillProjection(table);
  const wardOfRow = index.assign(table.x, table.y);
  // Rows of each partition (counting sort by the partition of the row's source file).
  const partOfSource = table.sources.map((name) => partOfFile.get(name) ?? -1);
  const sizes = new Uint32Array(batch.length + 1);
  for (let i = 0; i < table.length; i++) sizes[partOfSource[table.source[i]] + 1]++;
  const starts = new Uint32Array(batch.length + 1);
  for (let k = 1; k <= batch.length; k++) starts[k] = starts[k - 1] + sizes[k];
  const order = new Uint32Array(table.length);
  const fill = starts.slice();
  for (let i = 0; i < table.length; i++) order[fill[partOfSource[table.source[i]]]++] = i;
  return batch.map(({ p, recFile }, k) => {
    const rows = order.subarray(starts[k], starts[k] + sizes[k + 1]);
    const w = wardCounts(table, wardOfRow, rows);
    const c = cellCounts(table, wardOfRow, o.cells, rows);
    let outside = 0;
    for (const i of rows) if (wardOfRow[i] < 0) outside++;
    const rec: PartitionRecord = { force: p.force, fileMonth: p.fileMonth, sources: p.sources.map((s) => ({ name: s.name, size: s.size })), rowsRead: 0, used: -outside, rejected: {}, wardRows: w.length, cellRows: c.length };
    for (const f of report.files) {
      if (partOfFile.get(f.file) !== k) continue;
      rec.rowsRead += f.rowsRead;
      rec.used += f.accepted;
      for (const [reason, n] of Object.entries(f.rejected) as [RejectReason, number][]) rec.rejected[reason] = (rec.rejected[reason] ?? 0) + n;
    }
    if (outside) rec.rejected['outside-wards'] = (rec.rejected['outside-wards'] ?? 0) + outside;
    staging.add(p, wards, table.categories, w, c, rec, recFile);
    return rec;
  });
}

function sameSources(a: PartitionRecord, p: Partition): boolean {
  return a.sources.length === p.sources.length && a.sources.every((s, i) => s.name === p.sources[i].name && s.size === p.sources[i].size);
}

/** The manifest written beside the partitions: layout, boundaries, cells, and the totals of every partition's accounting. */
function manifestOf(o: CubeOptions, wards: WardSet, records: PartitionRecord[], computed: number, skipped: ReturnType<typeof crimeSources>['skipped']) {
  const totals = { rowsRead: 0, used: 0, rejected: {} as Partial<Record<RejectReason, number>> };
  for (const r of records) {
    totals.rowsRead += r.rowsRead;
    totals.used += r.used;
    for (const [reason, n] of Object.entries(r.rejected) as [RejectReason, number][]) totals.rejected[reason] = (totals.rejected[reason] ?? 0) + n;
  }
  const manifest = {
    tool: 'hotspot-atlas cubes',
    layout: { wards: 'wards/force=*/file_month=*/*.parquet', cells: 'cells/force=*/file_month=*/*.parquet', cellCorner: 'south-west, BNG metres (EPSG:27700)' },
    boundaries: { files: o.wards, count: wards.count, vintage: wards.meta.vintage, codeField: wards.meta.codeField, authorities: wards.meta.authorities },
    cells: o.cells,
    partitions: records.length,
    computedThisRun: computed,
    skippedFiles: Object.fromEntries(skipped),
    totals,
  };
  return { manifest, totals };
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
    const index = WardIndex.build(wards);
    const { sources, skipped } = crimeSources(o.crimes);
    const parts = partitions(sources);
    if (!parts.length) throw new InputError(`${o.crimes.join(', ')}: no police.uk street files found`);
    const db = await DuckDBInstance.create(':memory:', { memory_limit: o.memoryLimit, threads: '1' });
    const con = await db.connect();
    const staging = new Staging(con, o.out, mkdtempSync(join(tmpdir(), 'hotspot-cubes-')));
    const recordOf = new Map<Partition, PartitionRecord>();
    let computed = 0;
    let rows = 0;
    let batch: { p: Partition; recFile: string }[] = [];
    let batchBytes = 0;
    const runBatch = async () => {
      if (!batch.length) return;
      const done = await cubeBatch(staging, batch, wards, index, o, now);
      computed += done.length;
      done.forEach((r, k) => {
        rows += r.rowsRead;
        recordOf.set(batch[k].p, r);
      });
      const last = batch[batch.length - 1].p;
      process.stderr.write(`cubes: ${recordOf.size}/${parts.length} partitions (to ${last.force} ${last.fileMonth}), ${rows.toLocaleString('en-GB')} rows read\n`);
      batch = [];
      batchBytes = 0;
      if (staging.size > FLUSH_ROWS) await staging.flush();
    };
    for (const p of parts) {
      const recFile = join(o.out, 'partitions', p.force, `${p.fileMonth}.json`);
      const old = !o.force && existsSync(recFile) ? (JSON.parse(readFileSync(recFile, 'utf8')) as PartitionRecord) : null;
      if (old && sameSources(old, p) && existsSync(join(o.out, 'wards', `force=${p.force}`, `file_month=${p.fileMonth}`))) {
        recordOf.set(p, old);
        continue;
      }
      batch.push({ p, recFile });
      batchBytes += p.sources.reduce((a, s) => a + s.size, 0);
      if (batchBytes >= BATCH_BYTES) await runBatch();
    }
    await runBatch();
    const records = parts.map((p) => recordOf.get(p) as PartitionRecord);
    await staging.flush();
    staging.remove();
    con.closeSync();
    const { manifest, totals } = manifestOf(o, wards, records, computed, skipped);
    mkdirSync(o.out, { recursive: true });
    writeFileSync(join(o.out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    process.stderr.write(`cubes: ${records.length} partitions (${computed} computed), ${totals.rowsRead.toLocaleString('en-GB')} rows read, ${totals.used.toLocaleString('en-GB')} in the wards, in ${((performance.now() - t0) / 1000).toFixed(1)} s; peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`cubes: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
