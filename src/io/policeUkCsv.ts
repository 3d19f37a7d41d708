/**
 * police.uk street-level crime CSV (the data.police.uk download and archive format):
 *
 *   Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context
 *
 * Fast path: bytes go straight into the table columns (CsvRecordReader splits lines
 * without strings; numbers and months are parsed from bytes; Location, LSOA code, force and
 * crime type are looked up by their bytes in ByteInterner caches).
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
import { hashRow } from './rowHashSet.ts';
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
  private readonly hash = new Uint32Array(2);

  constructor(
    private readonly ctx: IngestContext,
    private readonly acc: FileAccount,
    private readonly fileId: number,
    private readonly source: number,
  ) {
    this.reader = new CsvRecordReader((fb, st, en, nf, rb, rs, re, line) => {
      if (this.cols < 0) this.header(fb, st, en, nf, line);
      else this.row(fb, st, en, nf, rb, rs, re, line);
    }, 44);
  }

  push(chunk: Uint8Array): void {
    this.reader.push(chunk);
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
      throw new IngestError(file, line, why ?? `header not recognised as a police.uk street-level crime file (expected "${POLICE_UK_HEADER.join(',')}"; use a column mapping for other CSV files)`);
    }
    const norm = names.map(normaliseHeaderName);
    const at = (n: string) => norm.indexOf(n);
    this.iMonth = at('month');
    this.iForce = at('reportedby');
    this.iLon = at('longitude');
    this.iLat = at('latitude');
    this.iLoc = at('location');
    this.iLsoa = at('lsoacode');
    this.iCat = at('crimetype');
    this.cols = nf;
  }

  private row(fb: Uint8Array, st: Int32Array, en: Int32Array, nf: number, rb: Uint8Array, rs: number, re: number, line: number): void {
    const acc = this.acc;
    const ctx = this.ctx;
    acc.rowsRead++;
    if (nf !== this.cols) return acc.reject('malformed-row', line);
    const h = this.hash;
    hashRow(rb, rs, re, h);
    if (ctx.rowHashes.holder(h[0], h[1], this.fileId) !== this.fileId) return acc.reject('duplicate-row', line);

    const los = st[this.iLon], loe = en[this.iLon], las = st[this.iLat], lae = en[this.iLat];
    if (los === loe || las === lae) return acc.reject(los === loe && las === lae ? 'no-coordinates' : 'invalid-coordinates', line);
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
    const month = parseMonthBytes(fb, st[this.iMonth], en[this.iMonth]);
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
    acc.accept(month);
  }
}
