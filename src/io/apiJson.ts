/**
 * police.uk API `crimes-street` responses: a JSON array of
 * `{category, location_type, location: {latitude, longitude, street: {name}}, month, id, persistent_id, …}`.
 *
 * Conventions:
 * - `category` slugs map through API_SLUGS (violent-crime → Violence and sexual offences);
 *   anything else → 'unknown-category'.
 * - `id` is the dedupe key across every API file loaded (a crime on a boundary road is
 *   returned by the queries of both wards): a repeated id → 'duplicate-id'.
 * - `location_type` 'BTP' → force 'British Transport Police' (kept); otherwise force
 *   'police.uk API' (the response does not name the territorial force).
 * - Latitude/longitude are strings; checks as for CSV (coordinates.ts). Street name → location.
 * - `persistent_id` (the CSV Crime ID) is not stored: the table has no column for it.
 * - Line numbers are 1-based record numbers. Check order: malformed-row (not an object),
 *   duplicate-id, coordinates, month, category.
 */
import { API_SLUGS, canonicalCategory } from '../core/categories.ts';
import { parseMonth } from '../core/months.ts';
import { COORD_BNG, COORD_INVALID, COORD_NULL_ISLAND, COORD_SWAPPED, classifyLonLat } from './coordinates.ts';
import { parseDecimalText } from './byteNumbers.ts';
import { IngestError } from './ingestError.ts';
import type { FileAccount } from './fileAccount.ts';
import type { IngestContext } from './ingestContext.ts';

export const BTP = 'British Transport Police';
export const API_FORCE = 'police.uk API';

/** Offset of the first JSON syntax error in text (text.length when it ends too early). */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const lit = (w: string) => {
    if (text.startsWith(w, i)) i += w.length;
    else fail();
  };
  const str = () => {
    i++;
    while (i < n && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= n) fail();
    i++;
  };
  const num = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (!m) fail();
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (depth: number): void => {
    ws();
    if (i >= n || depth > 512) fail();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') fail();
          str();
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === close) {
          i++;
          return;
        }
        fail();
      }
    } else if (c === '"') str();
    else if (c === 't') lit('true');
    else if (c === 'f') lit('false');
    else if (c === 'n') lit('null');
    else num();
  };
  try {
    value(0);
    ws();
    if (i < n) fail();
  } catch (e) {
    if (typeof e === 'number') return Math.min(e, n);
    throw e;
  }
  return -1;
}

/** 1-based line of an offset. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let k = 0; k < offset && k < text.length; k++) if (text.charCodeAt(k) === 10) line++;
  return line;
}

const coord = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** JSON.parse, with a syntax error said as an IngestError at its line and column. */
function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const off = jsonErrorOffset(text);
    const at = off < 0 ? 0 : off;
    const line = lineOf(text, at);
    const col = at - text.lastIndexOf('\n', at - 1);
    const what = at >= text.length ? 'JSON ends too early (truncated file?)' : `JSON syntax error at column ${col}`;
    throw new IngestError(file, line, `${what} (${(e as Error).message})`);
  }
}

/** Parse one API response (already decoded text) into the context's table. */
export function parseApiJson(ctx: IngestContext, acc: FileAccount, text: string, source: number): void {
  const data = parseJson(acc.file, text);
  if (!Array.isArray(data))
    throw new IngestError(
      acc.file,
      1,
      'JSON is not an array of crimes (expected a police.uk API crimes-street response)',
    );
  const b = ctx.builder;
  const btp = b.forces.intern(BTP);
  const api = b.forces.intern(API_FORCE);
  for (let r = 0; r < data.length; r++) {
    const line = r + 1;
    const rec = data[r] as Record<string, unknown> | null;
    acc.rowsRead++;
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
      acc.reject('malformed-row', line);
      continue;
    }
    const id = typeof rec.id === 'number' || typeof rec.id === 'string' ? String(rec.id) : '';
    if (id !== '') {
      if (ctx.apiIds.has(id)) {
        acc.reject('duplicate-id', line);
        continue;
      }
      ctx.apiIds.add(id);
      ctx.fileIds.push([ctx.apiIds, id]);
    }
    const loc = (typeof rec.location === 'object' && rec.location !== null ? rec.location : {}) as Record<
      string,
      unknown
    >;
    const los = coord(loc.longitude),
      las = coord(loc.latitude);
    if (los === '' || las === '') {
      acc.reject(los === '' && las === '' ? 'no-coordinates' : 'invalid-coordinates', line);
      continue;
    }
    let lon = parseDecimalText(los),
      lat = parseDecimalText(las),
      x = NaN,
      y = NaN;
    const kind = classifyLonLat(lon, lat);
    if (kind === COORD_INVALID || kind === COORD_NULL_ISLAND) {
      acc.reject(kind === COORD_INVALID ? 'invalid-coordinates' : 'null-island', line);
      continue;
    }
    if (kind === COORD_SWAPPED) {
      if (acc.swapped++ === 0) acc.swappedFirst = line;
      [lon, lat] = [lat, lon];
    } else if (kind === COORD_BNG) {
      if (acc.bngInLonLat++ === 0) acc.bngFirst = line;
      [x, y, lon, lat] = [lon, lat, NaN, NaN];
    }
    const month = typeof rec.month === 'string' ? parseMonth(rec.month) : -1;
    if (month < 0) {
      acc.reject('bad-month', line);
      continue;
    }
    if (month > ctx.nowMonth) {
      acc.reject('future-month', line);
      continue;
    }
    const slug = typeof rec.category === 'string' ? rec.category.trim() : '';
    const name = API_SLUGS[slug.toLowerCase()] ?? canonicalCategory(slug);
    if (name === null || name === undefined) {
      if (acc.unknownCategories.size < 5) acc.unknownCategories.add(slug);
      acc.reject('unknown-category', line);
      continue;
    }
    const street = loc.street as Record<string, unknown> | null | undefined;
    const streetName = street && typeof street.name === 'string' ? street.name.trim() : '';
    const force = rec.location_type === 'BTP' ? btp : api;
    b.push(lon, lat, x, y, month, b.categories.intern(name), 1, b.locations.intern(streetName), 0, force, source, line);
    acc.accept(month);
  }
}
