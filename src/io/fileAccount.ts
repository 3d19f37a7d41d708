/**
 * Per-file accounting shared by the three crime parsers: every row read is counted as
 * accepted or under exactly one reject reason, so rowsRead === accepted + Σ rejected.
 */
import type { FileReport, IngestMessage, RejectReason } from '../core/types.ts';
import type { TextEncoding } from './textDecode.ts';

/** How many example line numbers are kept per reason. */
export const EXAMPLES_PER_REASON = 5;

export type CrimeFormat = FileReport['format'];

/** What a FileAccount knows beyond its FileReport (to merge a file's rest read elsewhere). */
export interface AccountExtras {
  swapped: number;
  swappedFirst: number;
  bngInLonLat: number;
  bngFirst: number;
  unknownCategories: string[];
}

export class FileAccount {
  rowsRead = 0;
  accepted = 0;
  readonly rejected: Partial<Record<RejectReason, number>> = {};
  readonly examples: Partial<Record<RejectReason, number[]>> = {};
  private readonly months = new Set<number>();
  encoding: TextEncoding = 'utf-8';
  /** Rows whose lon/lat columns were swapped back, and rows read as BNG from lon/lat columns. */
  swapped = 0;
  swappedFirst = 0;
  bngInLonLat = 0;
  bngFirst = 0;
  /** Distinct unrecognised crime types (first few), for the message. */
  readonly unknownCategories = new Set<string>();
  readonly messages: IngestMessage[] = [];

  constructor(
    readonly file: string,
    readonly format: CrimeFormat,
    public bytes: number,
  ) {}

  reject(reason: RejectReason, line: number): void {
    this.rejected[reason] = (this.rejected[reason] ?? 0) + 1;
    const ex = (this.examples[reason] ??= []);
    if (ex.length < EXAMPLES_PER_REASON) ex.push(line);
  }

  accept(month: number): void {
    this.accepted++;
    this.months.add(month);
  }

  message(level: IngestMessage['level'], line: number, message: string): void {
    this.messages.push({ level, file: this.file, line, message });
  }

  extras(): AccountExtras {
    return {
      swapped: this.swapped,
      swappedFirst: this.swappedFirst,
      bngInLonLat: this.bngInLonLat,
      bngFirst: this.bngFirst,
      unknownCategories: [...this.unknownCategories],
    };
  }

  /**
   * Adds the account of the rest of this file, read by another account (`r`, `x`) whose line
   * numbers are `lineOffset` less than this file's: what this account would hold had it read
   * those rows itself (counts summed, reasons and examples in first-seen order, the first
   * few examples and unknown crime types kept, first lines of the first file-wide patterns).
   */
  absorbRest(r: FileReport, x: AccountExtras, lineOffset: number): void {
    this.rowsRead += r.rowsRead;
    this.accepted += r.accepted;
    for (const [reason, n] of Object.entries(r.rejected) as [RejectReason, number][])
      this.rejected[reason] = (this.rejected[reason] ?? 0) + n;
    for (const [reason, lines] of Object.entries(r.examples) as [RejectReason, number[]][]) {
      const ex = (this.examples[reason] ??= []);
      for (const l of lines) if (ex.length < EXAMPLES_PER_REASON) ex.push(l + lineOffset);
    }
    for (const m of r.months) this.months.add(m);
    if (r.encoding === 'windows-1252') this.encoding = 'windows-1252';
    if (x.swapped > 0 && this.swapped === 0) this.swappedFirst = x.swappedFirst + lineOffset;
    this.swapped += x.swapped;
    if (x.bngInLonLat > 0 && this.bngInLonLat === 0) this.bngFirst = x.bngFirst + lineOffset;
    this.bngInLonLat += x.bngInLonLat;
    for (const c of x.unknownCategories) if (this.unknownCategories.size < 5) this.unknownCategories.add(c);
  }

  /** Warnings about whole-file patterns, added once the file is read. */
  private summarise(): void {
    if (this.swapped > 0)
      this.message(
        'warning',
        this.swappedFirst,
        `${this.swapped} row(s) had latitude and longitude swapped (UK latitude in the Longitude column); swapped back`,
      );
    if (this.bngInLonLat > 0)
      this.message(
        'warning',
        this.bngFirst,
        `${this.bngInLonLat} row(s) had British National Grid easting/northing in the Longitude/Latitude columns; read as BNG metres`,
      );
    const count = (r: RejectReason) => this.rejected[r] ?? 0;
    const first = (r: RejectReason) => this.examples[r]?.[0] ?? 0;
    if (count('malformed-row') > 0)
      this.message('warning', first('malformed-row'), `${count('malformed-row')} malformed row(s) skipped`);
    if (count('unknown-category') > 0)
      this.message(
        'warning',
        first('unknown-category'),
        `${count('unknown-category')} row(s) with unrecognised crime type: ${[...this.unknownCategories].map((c) => JSON.stringify(c)).join(', ')}`,
      );
    if (count('future-month') > 0)
      this.message('warning', first('future-month'), `${count('future-month')} row(s) dated after the current month`);
    if (count('duplicate-row') > 0)
      this.message(
        'info',
        first('duplicate-row'),
        `${count('duplicate-row')} row(s) identical to rows already loaded from another file (overlapping extracts?) skipped`,
      );
    if (count('duplicate-id') > 0)
      this.message(
        'info',
        first('duplicate-id'),
        `${count('duplicate-id')} record(s) with an id already loaded skipped`,
      );
    if (this.rowsRead === 0) this.message('warning', 0, 'no data rows');
  }

  report(): FileReport {
    this.summarise();
    return {
      file: this.file,
      format: this.format,
      bytes: this.bytes,
      rowsRead: this.rowsRead,
      accepted: this.accepted,
      rejected: { ...this.rejected },
      examples: Object.fromEntries(Object.entries(this.examples).map(([k, v]) => [k, v.slice()])),
      months: [...this.months].sort((a, b) => a - b),
      encoding: this.encoding,
    };
  }
}
