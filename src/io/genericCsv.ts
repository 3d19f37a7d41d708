/**
 * Any other delimited crime file, read through a column mapping (column names as in the
 * header, matched case- and space-insensitively). The mapping is required (suggestMapping
 * proposes one for the user to confirm); without it the file is refused with the suggestion. The delimiter (comma, semicolon, tab,
 * pipe) is detected from the header line; quoting is RFC 4180 (csvRecords.ts).
 *
 * Conventions:
 * - Coordinates: `lon` + `lat` (degrees; swapped columns and BNG values in them are
 *   repaired as for police.uk, see coordinates.ts), or `easting` + `northing` (BNG metres).
 *   When both pairs are mapped, lon/lat is used unless both are blank in the row.
 * - Month: `date` or `month`, any form parseMonth reads (YYYY-MM, YYYY-MM-DD, DD/MM/YYYY…).
 * - Category: free text, never rejected; a police.uk name in any case is written the
 *   police.uk way; blank → 'Uncategorised'.
 * - Weight: blank → 1; a finite number ≥ 0 → itself; anything else (negative, text) →
 *   'malformed-row' (a harm score we cannot read must not silently count as 1).
 * - id (optional): a non-blank id already loaded from any generic file → 'duplicate-id'.
 * - Order of checks: malformed-row (field count, weight), duplicate-row, duplicate-id,
 *   coordinates, month. Force and LSOA are ''.
 */
import { canonicalCategory } from '../core/categories.ts';
import { parseMonth } from '../core/months.ts';
import {
  COORD_BNG,
  COORD_INVALID,
  COORD_NULL_ISLAND,
  COORD_OK,
  COORD_SWAPPED,
  classifyEastingNorthing,
  classifyLonLat,
} from './coordinates.ts';
import { CsvRecordReader } from './csvRecords.ts';
import { parseDecimalText } from './byteNumbers.ts';
import { hashRow } from './rowHashSet.ts';
import { decodeSlice } from './textDecode.ts';
import { IngestError } from './ingestError.ts';
import { normaliseHeaderName } from './policeUkCsv.ts';
import type { FileAccount } from './fileAccount.ts';
import type { IngestContext } from './ingestContext.ts';
import type { RejectReason } from '../core/types.ts';

/** Column names (as in the header) for each role. */
export interface ColumnMapping {
  lon?: string;
  lat?: string;
  easting?: string;
  northing?: string;
  date?: string;
  month?: string;
  category?: string;
  weight?: string;
  location?: string;
  id?: string;
}

export const UNCATEGORISED = 'Uncategorised';

/** Normalised header names tried for each role, best first. */
const GUESSES: Record<keyof ColumnMapping, string[]> = {
  lon: ['longitude', 'lon', 'long', 'lng', 'x', 'xcoord', 'wgs84longitude'],
  lat: ['latitude', 'lat', 'y', 'ycoord', 'wgs84latitude'],
  easting: ['easting', 'eastings', 'east', 'bngeasting', 'xbng', 'gridx'],
  northing: ['northing', 'northings', 'north', 'bngnorthing', 'ybng', 'gridy'],
  month: ['month', 'yearmonth', 'period'],
  date: [
    'date',
    'occurred',
    'occurreddate',
    'dateoccurred',
    'occurrencedate',
    'offencedate',
    'crimedate',
    'committeddate',
    'incidentdate',
    'reporteddate',
    'datetime',
    'recordeddate',
    'occurred_on',
  ],
  category: [
    'crimetype',
    'category',
    'offence',
    'offencetype',
    'offencecategory',
    'offencegroup',
    'crimecategory',
    'majorcategory',
    'classification',
    'type',
  ],
  weight: ['weight', 'harm', 'harmscore', 'harmindex', 'crimeharm', 'chi', 'score'],
  location: ['location', 'street', 'streetname', 'address', 'place'],
  id: ['id', 'crimeid', 'reference', 'crimereference', 'crimeref', 'urn', 'incidentid', 'recordid'],
};

/** Guess a mapping from header names (unmatched roles are left out). */
export function suggestMapping(headerFields: readonly string[]): ColumnMapping {
  const norm = headerFields.map(normaliseHeaderName);
  const used = new Set<number>();
  const out: ColumnMapping = {};
  for (const role of Object.keys(GUESSES) as (keyof ColumnMapping)[]) {
    for (const g of GUESSES[role]) {
      const i = norm.findIndex((n, k) => n === g && !used.has(k));
      if (i >= 0) {
        out[role] = headerFields[i];
        used.add(i);
        break;
      }
    }
  }
  if (out.month && out.date) delete out.date;
  return out;
}

type Cols = Record<keyof ColumnMapping, number>;

export class GenericCsvParser {
  private readonly reader: CsvRecordReader;
  private cols = -1;
  private c: Cols | null = null;
  private readonly hash = new Uint32Array(2);

  constructor(
    private readonly ctx: IngestContext,
    private readonly acc: FileAccount,
    private readonly fileId: number,
    private readonly source: number,
    private readonly mapping?: ColumnMapping,
  ) {
    this.reader = new CsvRecordReader((fb, st, en, nf, rb, rs, re, line) => {
      if (this.cols < 0) this.header(fb, st, en, nf, line);
      else this.row(fb, st, en, nf, rb, rs, re, line);
    }, 0);
  }

  push(chunk: Uint8Array): void {
    this.reader.push(chunk);
  }

  end(): void {
    this.reader.end();
    if (this.cols < 0) throw new IngestError(this.acc.file, 0, 'no header line (empty file?)');
  }

  /** The mapping in use (given or guessed), once the header has been read. */
  usedMapping: ColumnMapping | null = null;

  private text(fb: Uint8Array, s: number, e: number): string {
    const d = decodeSlice(fb, s, e);
    if (d.encoding === 'windows-1252') this.acc.encoding = 'windows-1252';
    return d.text.trim();
  }

  private header(fb: Uint8Array, st: Int32Array, en: Int32Array, nf: number, line: number): void {
    const file = this.acc.file;
    if (nf < 2 || nf > st.length) throw new IngestError(file, line, 'not a CSV file: no delimited header line');
    const names: string[] = [];
    for (let k = 0; k < nf; k++) names.push(this.text(fb, st[k], en[k]));
    if (!this.mapping) {
      // No silent guessing: a mis-guessed column would quietly change the analysis.
      const guess = Object.entries(suggestMapping(names)).map(([k, v]) => `${k} = "${v}"`);
      throw new IngestError(
        file,
        line,
        `header not recognised as a police.uk street-level crime file; to load it as a generic CSV give a column mapping${guess.length ? ` (suggested: ${guess.join(', ')})` : ''}`,
      );
    }
    const mapping = this.mapping;
    const norm = names.map(normaliseHeaderName);
    const c = {} as Cols;
    for (const role of Object.keys(GUESSES) as (keyof ColumnMapping)[]) {
      const want = mapping[role];
      c[role] = -1;
      if (want === undefined || want === '') continue;
      const i = norm.indexOf(normaliseHeaderName(want));
      if (i < 0)
        throw new IngestError(
          file,
          line,
          `column "${want}" (mapped to ${role}) is not in the header (${names.join(', ')})`,
        );
      c[role] = i;
    }
    const hint = `; header is ${names.join(', ')} — give a column mapping`;
    if (!((c.lon >= 0 && c.lat >= 0) || (c.easting >= 0 && c.northing >= 0)))
      throw new IngestError(
        file,
        line,
        `header not recognised: no longitude/latitude or easting/northing columns${hint}`,
      );
    if (c.date < 0 && c.month < 0)
      throw new IngestError(file, line, `header not recognised: no date or month column${hint}`);
    this.usedMapping = mapping;
    this.c = c;
    this.cols = nf;
  }

  private row(
    fb: Uint8Array,
    st: Int32Array,
    en: Int32Array,
    nf: number,
    rb: Uint8Array,
    rs: number,
    re: number,
    line: number,
  ): void {
    const acc = this.acc;
    const ctx = this.ctx;
    const c = this.c as Cols;
    acc.rowsRead++;
    const reject = (r: RejectReason) => acc.reject(r, line);
    if (nf !== this.cols) return reject('malformed-row');
    const field = (i: number) => (i >= 0 ? this.text(fb, st[i], en[i]) : '');
    let weight = 1;
    const w = field(c.weight);
    if (w !== '') {
      weight = parseDecimalText(w);
      if (!(weight >= 0) || !Number.isFinite(weight)) return reject('malformed-row');
    }
    const h = this.hash;
    hashRow(rb, rs, re, h);
    if (ctx.rowHashes.holder(h[0], h[1], this.fileId) !== this.fileId) return reject('duplicate-row');
    const id = field(c.id);
    if (id !== '') {
      if (ctx.genericIds.has(id)) return reject('duplicate-id');
      ctx.genericIds.add(id);
      ctx.fileIds.push([ctx.genericIds, id]);
    }
    let lon = NaN,
      lat = NaN,
      x = NaN,
      y = NaN;
    const los = field(c.lon),
      las = field(c.lat);
    if (los !== '' || las !== '' || c.easting < 0) {
      if (los === '' && las === '') return reject('no-coordinates');
      if (los === '' || las === '') return reject('invalid-coordinates');
      lon = parseDecimalText(los);
      lat = parseDecimalText(las);
      const kind = classifyLonLat(lon, lat);
      if (kind === COORD_INVALID) return reject('invalid-coordinates');
      if (kind === COORD_NULL_ISLAND) return reject('null-island');
      if (kind === COORD_SWAPPED) {
        if (acc.swapped++ === 0) acc.swappedFirst = line;
        [lon, lat] = [lat, lon];
      } else if (kind === COORD_BNG) {
        if (acc.bngInLonLat++ === 0) acc.bngFirst = line;
        [x, y, lon, lat] = [lon, lat, NaN, NaN];
      }
    } else {
      const es = field(c.easting),
        ns = field(c.northing);
      if (es === '' && ns === '') return reject('no-coordinates');
      if (es === '' || ns === '') return reject('invalid-coordinates');
      x = parseDecimalText(es);
      y = parseDecimalText(ns);
      const kind = classifyEastingNorthing(x, y);
      if (kind === COORD_NULL_ISLAND) return reject('null-island');
      if (kind !== COORD_OK) return reject('invalid-coordinates');
    }
    const month = parseMonth(field(c.date >= 0 ? c.date : c.month));
    if (month < 0) return reject('bad-month');
    if (month > ctx.nowMonth) return reject('future-month');
    const ct = field(c.category);
    const b = ctx.builder;
    const cat = b.categories.intern(ct === '' ? UNCATEGORISED : (canonicalCategory(ct) ?? ct));
    const loc = b.locations.intern(field(c.location));
    b.push(lon, lat, x, y, month, cat, weight, loc, 0, 0, this.source, line);
    acc.accept(month);
  }
}
