/** Helpers for the ingestion tests: inline fixtures as bytes, ingest in one call. */
import { CrimeIngest, type IngestOptions } from '../../src/io/crimeIngest.ts';

export const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
export const NOW = new Date(2019, 0, 15); // "today" = 2019-01 in every test

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A police.uk street row. */
export function row(
  o: {
    id?: string;
    month?: string;
    lon?: string;
    lat?: string;
    loc?: string;
    lsoa?: string;
    type?: string;
    force?: string;
  } = {},
): string {
  const f = o.force ?? 'Metropolitan Police Service';
  return [
    o.id ?? 'abc',
    o.month ?? '2018-05',
    f,
    f,
    o.lon ?? '-0.100000',
    o.lat ?? '51.500000',
    o.loc ?? 'On or near High Road',
    o.lsoa ?? 'E01000001',
    'Haringey 001A',
    o.type ?? 'Burglary',
    'Under investigation',
    '',
  ].join(',');
}

export function ingestOne(name: string, text: string | Uint8Array, options: IngestOptions = {}) {
  const ing = new CrimeIngest({ now: NOW });
  const file = ing.addFile(name, typeof text === 'string' ? utf8(text) : text, options);
  return { ing, file, ...ing.finish() };
}

/** Sum of the rejections of a report. */
export function sumRejected(r: { rejected: Partial<Record<string, number>> }): number {
  return Object.values(r.rejected).reduce((a: number, b) => a + (b ?? 0), 0);
}
