/**
 * police.uk street-level crime CSV (the data.police.uk download and archive format):
 *
 *   Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context
 *
 * Fast path: bytes go straight into the table columns, no strings per row.
 * - CsvRecordReader finds the lines; a line without quotes comes here unsplit and one
 *   fused pass, a 32-bit word at a time, finds the commas (SWAR zero-byte test) and
 *   computes the row's duplicate-detection hash (the same function as hashRow).
 * - Coordinates are parsed from their bytes on every row (byteNumbers.ts). A cache keyed on
 *   the map point ("Longitude,Latitude,Location,LSOA code") was tried and removed: with
 *   ~750k points a year it is far bigger than the CPU caches, and its two or three memory
 *   misses per row cost more than parsing two decimals and two small-table lookups.
 * - Month is parsed from its 7 bytes; Location, LSOA code, force and crime type are looked
 *   up by their bytes in ByteInterner caches; duplicate rows are checked only against
 *   earlier files whose rows could match (rowHashSet.ts).
 * Lines with quotes take the reader's general path (fields unquoted into a scratch buffer,
 * hashRow over the raw bytes); both give identical results.
 *
 * Conventions:
 * - Header names match case- and space-insensitively, in any order; the file must have
 *   Crime ID, Month, Reported by, Longitude, Latitude and Crime type. Rows must have as
 *   many fields as the header, else 'malformed-row'.
 * - Each row gets exactly one outcome, checked in this order: malformed-row, duplicate-row
 *   (byte-identical row already read from ANOTHER file; checked before validation, so a
 *   file loaded twice shows up entirely as duplicates), no-coordinates (both blank),
 *   invalid-coordinates (one blank, unreadable, out of range), null-island, bad-month,
 *   future-month, unknown-category. Swapped lat/lon and BNG in the lon/lat columns are
 *   repaired with a per-file warning (see coordinates.ts).
 * - Crime ID is not used for de-duplication: IDs repeat legitimately within a month.
 * - "Reported by" is the force. Rows keep their 1-based physical line number.
 */
import { COORD_BNG, COORD_INVALID, COORD_NULL_ISLAND, COORD_SWAPPED, classifyLonLat } from './coordinates.ts';
import { CsvRecordReader } from './csvRecords.ts';
import { parseDecimalBytes, parseMonthBytes } from './byteNumbers.ts';
import { H1_SEED, H2_SEED, finishH1, finishH2, hashRow } from './rowHashSet.ts';
import { decodeSlice } from './textDecode.ts';
import { IngestError } from './ingestError.ts';
import { notStreetLevelReason } from './detectFormat.ts';
import type { FileAccount } from './fileAccount.ts';
import type { IngestContext } from './ingestContext.ts';

export const POLICE_UK_HEADER = [
  'Crime ID',
  'Month',
  'Reported by',
  'Falls within',
  'Longitude',
  'Latitude',
  'Location',
  'LSOA code',
  'LSOA name',
  'Crime type',
  'Last outcome category',
  'Context',
] as const;

/** Header name as compared: lower case, no spaces or underscores. */
export function normaliseHeaderName(name: string): string {
  return name.toLowerCase().replace(/[\s_]+/g, '');
}

const REQUIRED = ['crimeid', 'month', 'reportedby', 'longitude', 'latitude', 'crimetype'];

/** Whether header fields are a police.uk street-level crime header. */
export function isPoliceUkHeader(fields: readonly string[]): boolean {
  const names = new Set(fields.map(normaliseHeaderName));
  return REQUIRED.every((r) => names.has(r));
}

/** Month indexes tracked by PoliceUkCsvParser.monthSeen (1970 + 256 years). */
const MONTHS_SEEN = 256 * 12;

export class PoliceUkCsvParser {
  private readonly reader: CsvRecordReader;
  private cols = -1;
  private iMonth = 0;
  private iForce = 0;
  private iLon = 0;
  private iLat = 0;
  private iLoc = -1;
  private iLsoa = -1;
  private iCat = 0;
  /** Months already passed to acc.accept (month indexes below MONTHS_SEEN). */
  private readonly monthSeen = new Uint8Array(MONTHS_SEEN);
  private readonly hash = new Uint32Array(2);
  private view: DataView | null = null;
  private viewBuf: Uint8Array | null = null;

  constructor(
    private readonly ctx: IngestContext,
    private readonly acc: FileAccount,
    private readonly fileId: number,
    private readonly source: number,
  ) {
    this.reader = new CsvRecordReader((fb, st, en, nf, rb, rs, re, line) => {
      if (this.cols < 0) this.header(fb, st, en, nf, line);
      else {
        if (nf === this.cols) hashRow(rb, rs, re, this.hash);
        this.row(fb, st, en, nf, this.hash[0], this.hash[1], line);
      }
    }, 44);
    this.reader.lineQuoteSearch = true;
  }

  push(chunk: Uint8Array): void {
    this.reader.push(chunk);
  }

  /**
   * The line number of the next record when the header is read and the bytes pushed so far end
   * at a record boundary (CsvRecordReader.atRecordBoundary), else -1.
   */
  nextRecordLine(): number {
    return this.cols >= 0 && this.reader.atRecordBoundary() ? this.reader.line : -1;
  }

  end(): void {
    this.reader.end();
    if (this.cols < 0) throw new IngestError(this.acc.file, 0, 'no header line (empty file?)');
  }

  private header(fb: Uint8Array, st: Int32Array, en: Int32Array, nf: number, line: number): void {
    const file = this.acc.file;
    if (nf < 0 || nf > st.length) throw new IngestError(file, line, 'not a CSV file: header line unreadable');
    const names: string[] = [];
    for (let k = 0; k < nf; k++) {
      const d = decodeSlice(fb, st[k], en[k]);
      if (d.encoding === 'windows-1252') this.acc.encoding = 'windows-1252';
      names.push(d.text.trim());
    }
    if (!isPoliceUkHeader(names)) {
      const why = notStreetLevelReason(file, names);
      throw new IngestError(
        file,
        line,
        why ??
          `header not recognised as a police.uk street-level crime file (expected "${POLICE_UK_HEADER.join(',')}"; use a column mapping for other CSV files)`,
      );
    }
    const norm = names.map(normaliseHeaderName);
    const at = (n: string) => norm.indexOf(n);
    this.iMonth = at('month');
    this.iForce = at('reportedby');
    this.iLon = at('longitude');
    this.iLat = at('latitude');
    // Street names and LSOA codes are read only when the ingest keeps them (IngestContext.names).
    this.iLoc = this.ctx.names ? at('location') : -1;
    this.iLsoa = this.ctx.names ? at('lsoacode') : -1;
    this.iCat = at('crimetype');
    this.cols = nf;
    this.reader.onLine = (buf, s, limit, l) => this.line(buf, s, limit, l);
  }

  /**
   * LineHandler (csvRecords.ts): find the LF, split at commas and hash, in one pass 4 bytes
   * at a time (SWAR byte tests). Must compute exactly hashRow() (rowHashSet.ts) of the
   * record's bytes, whatever they hold (tabs, lone CRs: test/io/policeUkScanner.test.ts).
   * Returns the LF's position, or -1 (quote, no LF before limit, CR at the limit) to let
   * the reader's general path take the record.
   */
  // eslint-disable-next-line max-lines-per-function -- the hot path of every police.uk row (SWAR scan, split and hash in one pass): one function for speed.
  private line(buf: Uint8Array, s: number, limit: number, line: number): number {
    let dv = this.view;
    if (buf !== this.viewBuf || dv === null) {
      dv = this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      this.viewBuf = buf;
    }
    const st = this.reader.starts;
    const en = this.reader.ends;
    const maxF = st.length;
    let h1 = H1_SEED;
    let h2 = H2_SEED;
    let nf = 0;
    let fs = s;
    let i = s;
    for (const end4 = limit - 3; i < end4; i += 4) {
      const w = dv.getInt32(i, true);
      // Any byte < 0x0e (LF, CR, other controls) or a quote: finish this line byte by byte.
      const q = w ^ 0x22222222;
      if ((((w - 0x0e0e0e0e) & ~w) | ((q - 0x01010101) & ~q)) & 0x80808080) break;
      h1 ^= Math.imul(w, 0xcc9e2d51);
      h1 = (h1 << 13) | (h1 >>> 19);
      h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
      h2 = Math.imul(h2 ^ w, 0x5bd1e995);
      h2 ^= h2 >>> 15;
      // High bit of each byte that equals ',' (exact: no borrow between bytes).
      const x = w ^ 0x2c2c2c2c;
      let t = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f);
      while (t !== 0) {
        const p = i + ((31 - Math.clz32(t & -t)) >> 3);
        if (nf < maxF) {
          st[nf] = fs;
          en[nf] = p;
        }
        nf++;
        fs = p + 1;
        t &= t - 1;
      }
    }
    // The word at i holds a byte < 0x0e or a quote (or the limit is near): find the line end
    // byte by byte, then hash the rest of the line as hashRow does (words, then the tail).
    let lf = -1;
    let re = -1;
    for (let j = i; j < limit; j++) {
      const c = buf[j];
      if (c === 10) {
        lf = re = j;
        break;
      }
      if (c === 34) return -1;
      if (c === 13) {
        if (j + 1 >= limit) return -1;
        if (buf[j + 1] === 10) {
          re = j;
          lf = j + 1;
          break;
        }
      }
      if (c === 44) {
        if (nf < maxF) {
          st[nf] = fs;
          en[nf] = j;
        }
        nf++;
        fs = j + 1;
      }
    }
    if (lf < 0) return -1;
    for (const end4 = re - 3; i < end4; i += 4) {
      const w = dv.getInt32(i, true);
      h1 ^= Math.imul(w, 0xcc9e2d51);
      h1 = (h1 << 13) | (h1 >>> 19);
      h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
      h2 = Math.imul(h2 ^ w, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    for (; i < re; i++) {
      const c = buf[i];
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    if (re === s) return lf; // empty line
    if (nf < maxF) {
      st[nf] = fs;
      en[nf] = re;
    }
    nf++;
    this.row(buf, st, en, nf, finishH1(h1 ^ (re - s)), finishH2(h2), line);
    return lf;
  }

  /** One record; (h1, h2) = hashRow of its raw bytes. */
  private row(fb: Uint8Array, st: Int32Array, en: Int32Array, nf: number, h1: number, h2: number, line: number): void {
    const acc = this.acc;
    const ctx = this.ctx;
    acc.rowsRead++;
    if (nf !== this.cols) return acc.reject('malformed-row', line);
    const month = parseMonthBytes(fb, st[this.iMonth], en[this.iMonth]);
    // Bucket = the month read from this row's own bytes: rows of months no earlier file had are not probed.
    if (ctx.rowHashes.seenElsewhere(h1, h2, this.fileId, this.iMonth, month >= 0 && month < 0xfffff ? month + 1 : 0))
      return acc.reject('duplicate-row', line);

    const los = st[this.iLon],
      loe = en[this.iLon],
      las = st[this.iLat],
      lae = en[this.iLat];
    if (los === loe || las === lae)
      return acc.reject(los === loe && las === lae ? 'no-coordinates' : 'invalid-coordinates', line);
    let lon = parseDecimalBytes(fb, los, loe);
    let lat = parseDecimalBytes(fb, las, lae);
    let x = NaN;
    let y = NaN;
    const kind = classifyLonLat(lon, lat);
    if (kind !== 0) {
      if (kind === COORD_INVALID) return acc.reject('invalid-coordinates', line);
      if (kind === COORD_NULL_ISLAND) return acc.reject('null-island', line);
      if (kind === COORD_SWAPPED) {
        if (acc.swapped++ === 0) acc.swappedFirst = line;
        const t = lon;
        lon = lat;
        lat = t;
      } else if (kind === COORD_BNG) {
        if (acc.bngInLonLat++ === 0) acc.bngFirst = line;
        x = lon;
        y = lat;
        lon = NaN;
        lat = NaN;
      }
    }
    if (month < 0) return acc.reject('bad-month', line);
    if (month > ctx.nowMonth) return acc.reject('future-month', line);
    const cat = ctx.policeCategories.get(fb, st[this.iCat], en[this.iCat]);
    if (cat < 0) {
      if (acc.unknownCategories.size < 5) acc.unknownCategories.add(decodeSlice(fb, st[this.iCat], en[this.iCat]).text);
      return acc.reject('unknown-category', line);
    }
    const loc = this.iLoc >= 0 ? ctx.locations.get(fb, st[this.iLoc], en[this.iLoc]) : 0;
    const lsoa = this.iLsoa >= 0 ? ctx.lsoas.get(fb, st[this.iLsoa], en[this.iLsoa]) : 0;
    const force = ctx.forces.get(fb, st[this.iForce], en[this.iForce]);
    ctx.builder.push(lon, lat, x, y, month, cat, 1, loc, lsoa, force, this.source, line);
    // acc.accept(month), with the month set touched once per distinct month.
    if (month < MONTHS_SEEN && this.monthSeen[month] === 1) acc.accepted++;
    else {
      acc.accept(month);
      if (month < MONTHS_SEEN) this.monthSeen[month] = 1;
    }
  }
}
