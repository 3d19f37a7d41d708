/**
 * The counts of computed partitions (cubeBatch.ts) on their way to Parquet: appended to two
 * DuckDB tables as they arrive, and written by one COPY … PARTITION_BY per flush (a COPY per
 * partition costs more than the counting).
 *
 * - Strings go in as ENUM values (ward codes, months, categories, forces, file months): the
 *   appender sets a dictionary index per value, with no string per row. The COPY casts them back
 *   to VARCHAR, so that each row group's statistics give its own range of ward codes (DuckDB
 *   writes an ENUM column's statistics as the whole dictionary's range, which a reader cannot
 *   skip on).
 * - Rows arrive in cube order (analysis/cubeCounts.ts) and DuckDB keeps it (one thread, insertion
 *   order preserved), so nothing is sorted here.
 * - Categories not known when the tables were made (anything beyond police.uk's current and
 *   legacy lists) flush what is staged and remake the tables with the longer list.
 * - Appending yields to the event loop every few chunks, so the worker threads counting the next
 *   batches are kept fed meanwhile.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBDataChunk, type DuckDBAppender, type DuckDBConnection, type DuckDBVector } from '@duckdb/node-api';
import { LEGACY_CATEGORIES, POLICE_UK_CATEGORIES } from '../core/categories.ts';
import { formatMonth } from '../core/months.ts';
import type { CellCountRows, WardCountRows } from '../analysis/cubeCounts.ts';
import type { BatchResult, PartitionRecord } from './cubeBatch.ts';

/**
 * Rows per Parquet row group. Rows are written in cube order (cells by cell size then ward code,
 * wards by ward code), so each row group's statistics name a narrow range of wards and one cell
 * size: a reader that wants one borough's wards at 50 m (the page opening a cube) reads only the
 * row groups whose ward-code range holds them.
 */
const ROW_GROUP_ROWS = 8192;

/** Rows per appended data chunk: DuckDB's vector size. */
const CHUNK = 2048;
/** Chunks appended between yields to the event loop. */
const CHUNKS_PER_YIELD = 16;

const WARD_COLUMNS = 'ward_code ward_e, month month_e, category cat_e, count UINTEGER, force force_e, file_month fm_e';
const CELL_COLUMNS = `cell_m USMALLINT, x0 INTEGER, y0 INTEGER, ${WARD_COLUMNS}`;
const AS_TEXT =
  'ward_code::VARCHAR AS ward_code, month::VARCHAR AS month, category::VARCHAR AS category, count, force::VARCHAR AS force, file_month::VARCHAR AS file_month';

const sqlText = (v: string) => `'${v.replace(/'/g, "''")}'`;
const enumOf = (values: readonly string[]) => `ENUM (${values.map(sqlText).join(', ')})`;

export interface StagingDictionaries {
  /** The ward set's codes (a row's ward index points here). */
  codes: readonly string[];
  /** Each partition's force and file month, by serial. */
  forces: readonly string[];
  fileMonths: readonly string[];
  /** The last month index a row can have (later ones were rejected as future months). */
  lastMonth: number;
}

interface Table {
  name: 'wards' | 'cells';
  chunk: DuckDBDataChunk | null;
}

export class Staging {
  private readonly codes: string[];
  private readonly months: string[];
  private categories: string[] = [...POLICE_UK_CATEGORIES, ...LEGACY_CATEGORIES];
  private pending: { file: string; rec: PartitionRecord }[] = [];
  private n = 0;
  private readonly tables: Table[] = [
    { name: 'wards', chunk: null },
    { name: 'cells', chunk: null },
  ];

  constructor(
    private readonly con: DuckDBConnection,
    private readonly out: string,
    private readonly dict: StagingDictionaries,
  ) {
    this.codes = ['', ...dict.codes];
    this.months = Array.from({ length: dict.lastMonth + 1 }, (_, m) => formatMonth(m));
  }

  /** Makes the ENUM types and the two tables. */
  async open(): Promise<void> {
    const forces = [...new Set(this.dict.forces)];
    const fileMonths = [...new Set(this.dict.fileMonths)];
    await this.con.run(
      `CREATE TYPE ward_e AS ${enumOf(this.codes)}; CREATE TYPE month_e AS ${enumOf(this.months)}; ` +
        `CREATE TYPE cat_e AS ${enumOf(this.categories)}; CREATE TYPE force_e AS ${enumOf(forces)}; ` +
        `CREATE TYPE fm_e AS ${enumOf(fileMonths)}; CREATE TABLE wards (${WARD_COLUMNS}); CREATE TABLE cells (${CELL_COLUMNS})`,
    );
  }

  private async drop(): Promise<void> {
    await this.con.run(
      'DROP TABLE wards; DROP TABLE cells; DROP TYPE ward_e; DROP TYPE month_e; DROP TYPE cat_e; DROP TYPE force_e; DROP TYPE fm_e',
    );
    for (const t of this.tables) t.chunk = null;
  }

  /** Rows staged; flush past a million or so. */
  get size(): number {
    return this.n;
  }

  /** Stages a batch's rows (partition k of the batch has serial `serials[k]`); its records are written after its flush. */
  async add(r: BatchResult, serials: readonly number[], recFiles: readonly string[]): Promise<void> {
    const fresh = r.categories.filter((c) => !this.categories.includes(c));
    if (fresh.length) {
      await this.flush();
      await this.drop();
      this.categories.push(...new Set(fresh));
      await this.open();
    }
    const part = (kind: 'wardRows' | 'cellRows') => {
      const out = new Int32Array(r.records.reduce((a, rec) => a + rec[kind], 0));
      let at = 0;
      r.records.forEach((rec, k) => {
        out.fill(serials[k], at, at + rec[kind]);
        at += rec[kind];
      });
      return out;
    };
    await this.append(this.tables[0], r.wards, part('wardRows'), r.categories);
    await this.append(this.tables[1], r.cells, part('cellRows'), r.categories);
    r.records.forEach((rec, k) => {
      this.pending.push({ file: recFiles[k], rec });
      this.n += rec.wardRows + rec.cellRows;
    });
  }

  /** The table's column values of row i, in its column order. */
  private columns(rows: WardCountRows | CellCountRows, part: Int32Array, categories: readonly string[]) {
    const { codes, months } = this;
    const { forces, fileMonths } = this.dict;
    const month = (i: number) => {
      const m = months[rows.month[i]];
      if (m === undefined) throw new RangeError(`cubes: month ${formatMonth(rows.month[i])} is after the last month`);
      return m;
    };
    const tail: ((i: number) => string | number)[] = [
      (i) => codes[rows.ward[i] + 1],
      month,
      (i) => categories[rows.category[i]],
      (i) => rows.count[i],
      (i) => forces[part[i]],
      (i) => fileMonths[part[i]],
    ];
    if (!('cell' in rows)) return tail;
    return [(i: number) => rows.cell[i], (i: number) => rows.x0[i], (i: number) => rows.y0[i], ...tail];
  }

  private async append(
    t: Table,
    rows: WardCountRows | CellCountRows,
    part: Int32Array,
    categories: readonly string[],
  ): Promise<void> {
    if (!rows.length) return;
    const appender: DuckDBAppender = await this.con.createAppender(t.name);
    const types = Array.from({ length: appender.columnCount }, (_, j) => appender.columnType(j));
    // One chunk re-used for every full chunk: making one converts each ENUM's dictionary.
    t.chunk ??= DuckDBDataChunk.create(types, CHUNK);
    const full = t.chunk;
    const fullVectors = types.map((_, j) => full.getColumnVector(j));
    const columns = this.columns(rows, part, categories);
    for (let at = 0, k = 1; at < rows.length; at += CHUNK, k++) {
      const n = Math.min(CHUNK, rows.length - at);
      const chunk = n === CHUNK ? full : DuckDBDataChunk.create(types, n);
      const vectors: DuckDBVector[] = n === CHUNK ? fullVectors : types.map((_, j) => chunk.getColumnVector(j));
      columns.forEach((value, j) => {
        const v = vectors[j];
        for (let i = 0; i < n; i++) v.setItem(i, value(at + i));
        v.flush();
      });
      appender.appendDataChunk(chunk);
      if (k % CHUNKS_PER_YIELD === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    appender.closeSync();
  }

  /** Writes the staged rows to Parquet (one COPY per table), then the records of their partitions. */
  async flush(): Promise<void> {
    if (!this.pending.length) return;
    for (const { name } of this.tables) {
      const dir = join(this.out, name);
      mkdirSync(dir, { recursive: true });
      const select = name === 'cells' ? `cell_m, x0, y0, ${AS_TEXT}` : AS_TEXT;
      await this.con.run(
        `COPY (SELECT ${select} FROM ${name}) TO ${sqlText(dir)} (FORMAT parquet, PARTITION_BY (force, file_month), ` +
          `OVERWRITE_OR_IGNORE true, FILENAME_PATTERN 'part{i}', ROW_GROUP_SIZE ${ROW_GROUP_ROWS})`,
      );
      // A new table rather than DELETE: an in-memory table keeps deleted rows' storage.
      await this.con.run(
        `DROP TABLE ${name}; CREATE TABLE ${name} (${name === 'cells' ? CELL_COLUMNS : WARD_COLUMNS})`,
      );
    }
    for (const { file, rec } of this.pending) {
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, JSON.stringify(rec, null, 2) + '\n');
    }
    this.pending = [];
    this.n = 0;
  }
}
