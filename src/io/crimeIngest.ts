/**
 * Crime-record ingestion: many files (police.uk street CSV, police.uk API JSON, generic
 * CSV with a column mapping) streamed into ONE CrimeTable, with the accounting of every
 * row (IngestReport) and duplicate detection across files.
 *
 *   const ingest = new CrimeIngest();
 *   ingest.beginFile(file.name, file.size);
 *   for await (const chunk of file.stream()) ingest.pushChunk(chunk);
 *   ingest.endFile();                       // FileReport; or ingest.addFile(name, bytes)
 *   const { table, report } = ingest.finish();
 *
 * Conventions:
 * - Categories are pre-seeded with POLICE_UK_CATEGORIES, so their indexes are stable
 *   (index 1 = 'Anti-social behaviour' … index 14; index 0 is '').
 * - x/y stay NaN for lon/lat input (projection is a later step); easting/northing input
 *   fills x/y and leaves lon/lat NaN.
 * - report.used counts rows accepted here; ward assignment later moves some to 'outside-wards'.
 * - The result does not depend on how the bytes were chunked.
 * - Whole-file problems throw IngestError (also kept as an 'error' message); the file is
 *   dropped and everything loaded before stays intact. Bad rows are counted, never fatal.
 * - The format is sniffed from the first SNIFF_BYTES bytes (detectFormat) unless given.
 */
import type { CrimeTable, FileReport, IngestMessage, IngestReport, RejectReason } from '../core/types.ts';
import { GenericCsvParser, type ColumnMapping } from './genericCsv.ts';
import { PoliceUkCsvParser } from './policeUkCsv.ts';
import { parseApiJson } from './apiJson.ts';
import { FileAccount, type CrimeFormat } from './fileAccount.ts';
import { IngestError } from './ingestError.ts';
import { concatBytes } from './bytes.ts';
import { SNIFF_BYTES, detectFormat, headerFields, notStreetLevelReason } from './detectFormat.ts';
import { createIngestContext, monthOfDate, takeWindows1252, type IngestContext } from './ingestContext.ts';
import { decodeText } from './textDecode.ts';
import { RecordingRowHashSet, type IngestedPart } from './ingestPart.ts';
import { RowHashSet } from './rowHashSet.ts';

export { IngestError } from './ingestError.ts';
export type { ColumnMapping } from './genericCsv.ts';
export type { CrimeFormat } from './fileAccount.ts';

export interface IngestOptions {
  /** "Today", for future-month rejection (default: the current date). */
  now?: Date;
  /** Column mapping for generic CSV (guessed from the header when absent). */
  mapping?: ColumnMapping;
}

const NOT_CRIME: Record<string, string> = {
  'boundaries-geojson': 'ward boundaries (GeoJSON)',
  'boundaries-topojson': 'ward boundaries (TopoJSON)',
  'shapefile-zip': 'a zipped shapefile (boundaries)',
  'shapefile-part': 'part of a shapefile (boundaries)',
  'population-csv': 'a population table',
  actions: 'an action register',
  places: 'a places layer',
};

interface OpenFile {
  name: string;
  options: IngestOptions;
  format: CrimeFormat | undefined;
  fileId: number;
  source: number;
  startLength: number;
  received: number;
  /** Bytes held until the format is known (first SNIFF_BYTES), then JSON bytes. */
  held: Uint8Array[];
  heldLength: number;
  acc: FileAccount | null;
  csv: PoliceUkCsvParser | GenericCsvParser | null;
}

export class CrimeIngest {
  private readonly ctx: IngestContext;
  private readonly defaultNow: number;
  private readonly files: FileReport[] = [];
  private readonly messages: IngestMessage[] = [];
  private fileCount = 0;
  private cur: OpenFile | null = null;
  /** The account of the last file read (part() sends what its report leaves out). */
  private lastAccount: FileAccount | null = null;

  /**
   * `recordKeys`: read one file to be absorbed elsewhere (ingestPart.ts): its row keys are recorded.
   * `names: false`: police.uk street CSVs' Location and LSOA code are not kept ('' in every row).
   */
  constructor(options: { now?: Date; capacity?: number; recordKeys?: boolean; names?: boolean } = {}) {
    this.ctx = createIngestContext(
      options.now ?? new Date(),
      options.capacity,
      options.recordKeys ? new RecordingRowHashSet() : undefined,
    );
    this.ctx.names = options.names ?? true;
    this.defaultNow = this.ctx.nowMonth;
  }

  /**
   * The one police.uk street CSV this ingest read (constructed with recordKeys), as a part to
   * absorb into another ingest; null when it read anything else, or not exactly one file.
   */
  part(): IngestedPart | null {
    const rec = this.ctx.rowHashes;
    if (
      !(rec instanceof RecordingRowHashSet) ||
      this.files.length !== 1 ||
      this.files[0].format !== 'police-uk-csv' ||
      this.cur
    )
      return null;
    return {
      name: this.files[0].file,
      table: this.ctx.builder.finish(),
      report: this.files[0],
      messages: this.messages.slice(),
      keys: rec.keys.slice(0, 4 * rec.keyCount),
      keyCount: rec.keyCount,
      account: this.lastAccount?.extras(),
    };
  }

  /**
   * Adds a file read elsewhere (ingestPart.ts) as if it were read here now, or returns false,
   * changing nothing, when one of its rows is a duplicate of a row of an earlier file (read the
   * file here instead: the part was read without the earlier files).
   */
  absorb(p: IngestedPart): boolean {
    if (this.cur) throw new Error(`absorb("${p.name}") while "${this.cur.name}" is still open`);
    const fileId = this.fileCount;
    const keys = p.keys;
    for (let k = 0; k < p.keyCount; k++) {
      if (this.ctx.rowHashes.seenElsewhere(keys[4 * k], keys[4 * k + 1], fileId, keys[4 * k + 2], keys[4 * k + 3])) {
        this.ctx.rowHashes.forgetFile(fileId);
        return false;
      }
    }
    this.fileCount++;
    const b = this.ctx.builder;
    const t = p.table;
    // Values in the part's first-seen order: the order reading the file here would intern them.
    const cat = t.categories.map((v) => b.categories.intern(v));
    const loc = t.locations.map((v) => b.locations.intern(v));
    const ls = t.lsoas.map((v) => b.lsoas.intern(v));
    const fo = t.forces.map((v) => b.forces.intern(v));
    const so = b.sources.intern(p.name);
    b.appendRows(t, { category: cat, location: loc, lsoa: ls, force: fo }, so);
    this.files.push(p.report);
    this.messages.push(...p.messages);
    return true;
  }

  /**
   * The rest of the open police.uk street CSV, read elsewhere as a part (ingestPart.ts,
   * readRestPart): the file's header line followed by its bytes from where this ingest's bytes
   * end (p.report.bytes of them), added as if they had been pushed here. Returns false, changing
   * nothing that reading on would not change, when it cannot be: the format is not decided yet
   * (under SNIFF_BYTES pushed) or is not police-uk-csv, the bytes pushed so far do not end at a
   * record boundary (the split fell inside a quoted field), or a row of the rest duplicates a
   * row of an earlier file; push the rest here instead. Call endFile() after.
   */
  absorbRest(p: IngestedPart): boolean {
    const f = this.cur;
    if (!f || !(f.csv instanceof PoliceUkCsvParser) || !f.acc || !p.account) return false;
    if (p.report.format !== 'police-uk-csv') return false;
    const next = f.csv.nextRecordLine();
    if (next < 0) return false;
    const keys = p.keys;
    // Keys of this file are only queued (never probed against each other): replaying some
    // before a refusal changes nothing when the rest is then read here (queued again).
    for (let k = 0; k < p.keyCount; k++)
      if (this.ctx.rowHashes.seenElsewhere(keys[4 * k], keys[4 * k + 1], f.fileId, keys[4 * k + 2], keys[4 * k + 3]))
        return false;
    // The part's rows start on line 2 (after its header, line 1); here the rest starts on `next`.
    const offset = next - 2;
    const t = p.table;
    if (offset !== 0) for (let i = 0; i < t.length; i++) t.line[i] += offset;
    const b = this.ctx.builder;
    const cat = t.categories.map((v) => b.categories.intern(v));
    const loc = t.locations.map((v) => b.locations.intern(v));
    const ls = t.lsoas.map((v) => b.lsoas.intern(v));
    const fo = t.forces.map((v) => b.forces.intern(v));
    // The file ends with these rows: room for exactly them (finish() then copies nothing).
    b.reserve(b.length + t.length, true);
    b.appendRows(t, { category: cat, location: loc, lsoa: ls, force: fo }, f.source);
    f.acc.absorbRest(p.report, p.account, offset);
    f.received += p.report.bytes;
    return true;
  }

  /**
   * Room for `rows` more rows without growing (a caller that knows how many rows are coming,
   * e.g. the CLI from the bytes left to read; finish() trims what is not used).
   */
  expectRows(rows: number): void {
    this.ctx.builder.reserve(this.ctx.builder.length + Math.ceil(rows), true);
  }

  /** Start a file. `format` skips detection; `size` is informational. */
  beginFile(name: string, size: number, format?: CrimeFormat, options: IngestOptions = {}): void {
    if (this.cur) throw new Error(`beginFile("${name}") while "${this.cur.name}" is still open`);
    this.ctx.fileIds.length = 0;
    void size;
    const sources = this.ctx.builder.sources;
    this.cur = {
      name,
      options,
      format,
      fileId: this.fileCount++,
      // The name is interned only when the file succeeds (endFile).
      source: sources.get(name) ?? sources.values.length,
      startLength: this.ctx.builder.length,
      received: 0,
      held: [],
      heldLength: 0,
      acc: null,
      csv: null,
    };
  }

  pushChunk(bytes: Uint8Array): void {
    const f = this.cur;
    if (!f) throw new Error('pushChunk() without beginFile()');
    try {
      f.received += bytes.length;
      if (f.acc === null && f.heldLength === 0 && bytes.length >= SNIFF_BYTES && f.format !== 'police-uk-api-json') {
        // Big first chunk: sniff and parse it in place (the CSV reader copies only its tail).
        f.held.push(bytes);
        f.heldLength = bytes.length;
        this.start(f);
        return;
      }
      if (f.acc === null || f.format === 'police-uk-api-json') {
        // Copy: the caller may reuse its buffer.
        f.held.push(bytes.slice());
        f.heldLength += bytes.length;
        if (f.acc === null && f.heldLength >= SNIFF_BYTES) this.start(f);
        return;
      }
      (f.csv as PoliceUkCsvParser | GenericCsvParser).push(bytes);
    } catch (e) {
      this.abort(f, e);
      throw e;
    }
  }

  endFile(): FileReport {
    const f = this.cur;
    if (!f) throw new Error('endFile() without beginFile()');
    try {
      if (f.received === 0) throw new IngestError(f.name, 0, 'empty file (0 bytes)');
      if (f.acc === null) this.start(f);
      const acc = f.acc as FileAccount;
      if (f.format === 'police-uk-api-json') {
        const { text, encoding } = decodeText(concatBytes(f.held, f.heldLength));
        f.held = [];
        acc.encoding = encoding;
        if (text.trim() === '') throw new IngestError(f.name, 0, 'empty file (only white space)');
        parseApiJson(this.ctx, acc, text, f.source);
      } else {
        (f.csv as PoliceUkCsvParser | GenericCsvParser).end();
      }
      if (takeWindows1252(this.ctx)) acc.encoding = 'windows-1252';
      acc.bytes = f.received;
      this.ctx.builder.sources.intern(f.name);
      const report = acc.report();
      this.lastAccount = acc;
      this.files.push(report);
      this.messages.push(...acc.messages);
      this.cur = null;
      this.ctx.nowMonth = this.defaultNow;
      return report;
    } catch (e) {
      this.abort(f, e);
      throw e;
    }
  }

  /** Drop the file being read (e.g. a size limit was hit part-way): nothing of it stays. */
  abortFile(reason?: unknown): void {
    if (this.cur) this.abort(this.cur, reason);
  }

  /**
   * From now on, a row is a duplicate only of rows read after this call: `cubes` reads many
   * partitions (force-months) in one ingest and keeps the duplicate rule within a partition.
   */
  startDuplicateScope(): void {
    if (this.cur) throw new Error('startDuplicateScope() while a file is open');
    this.ctx.rowHashes = new RowHashSet();
  }

  /** A whole file at once. */
  addFile(name: string, bytes: Uint8Array, options: IngestOptions = {}, format?: CrimeFormat): FileReport {
    this.beginFile(name, bytes.length, format, options);
    if (bytes.length > 0) this.pushChunk(bytes);
    return this.endFile();
  }

  /** The table of every accepted row so far, and the accounting. Files may still be added after. */
  finish(): { table: CrimeTable; report: IngestReport } {
    if (this.cur) throw new Error(`finish() while "${this.cur.name}" is still open`);
    const rejected: Partial<Record<RejectReason, number>> = {};
    let rowsRead = 0;
    let used = 0;
    for (const f of this.files) {
      rowsRead += f.rowsRead;
      used += f.accepted;
      for (const [r, n] of Object.entries(f.rejected) as [RejectReason, number][]) rejected[r] = (rejected[r] ?? 0) + n;
    }
    return {
      table: this.ctx.builder.finish(),
      report: { rowsRead, used, rejected, files: this.files.slice(), messages: this.messages.slice() },
    };
  }

  /** Decide the format from the held bytes and start the parser. */
  private start(f: OpenFile): void {
    const head = concatBytes(f.held, f.heldLength);
    f.held = [];
    f.heldLength = 0;
    const opts = f.options;
    let format = f.format;
    if (format === undefined) {
      const d = detectFormat(f.name, head.subarray(0, SNIFF_BYTES));
      if (d === 'police-uk-csv' || d === 'police-uk-api-json' || d === 'generic-csv') format = d;
      else if (NOT_CRIME[d]) throw new IngestError(f.name, 0, `not a crime file: it looks like ${NOT_CRIME[d]}`);
      else {
        const why = notStreetLevelReason(f.name, headerFields(decodeText(head.subarray(0, SNIFF_BYTES)).text));
        if (why) throw new IngestError(f.name, 1, why);
        if (opts.mapping) format = 'generic-csv';
        else
          throw new IngestError(
            f.name,
            0,
            'not a crime file: not a police.uk street CSV, police.uk API JSON or delimited text',
          );
      }
    }
    f.format = format;
    if (opts.now) this.ctx.nowMonth = monthOfDate(opts.now);
    takeWindows1252(this.ctx);
    const acc = new FileAccount(f.name, format, 0);
    f.acc = acc;
    if (format === 'police-uk-api-json') {
      f.held = [head.slice()]; // may be the caller's buffer
      f.heldLength = head.length;
      return;
    }
    f.csv =
      format === 'police-uk-csv'
        ? new PoliceUkCsvParser(this.ctx, acc, f.fileId, f.source)
        : new GenericCsvParser(this.ctx, acc, f.fileId, f.source, opts.mapping);
    f.csv.push(head);
  }

  private abort(f: OpenFile, e: unknown): void {
    if (e instanceof IngestError)
      this.messages.push({ level: 'error', file: e.file, line: e.line, message: e.problem });
    // Rows of a failed file never stay, and neither do its row hashes or record ids, so
    // the same rows loaded later are not taken for duplicates of a file that is not loaded.
    this.ctx.builder.length = f.startLength;
    this.ctx.rowHashes.forgetFile(f.fileId);
    for (const [set, id] of this.ctx.fileIds) set.delete(id);
    this.ctx.fileIds.length = 0;
    this.ctx.nowMonth = this.defaultNow;
    this.cur = null;
  }
}
