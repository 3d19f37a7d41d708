/**
 * What a load says about a file it could not read as is (engine/inputs.ts): the columns guessed
 * for a generic CSV, the column-mapping request, the "not a file this tool reads" message, and
 * errors thrown while reading turned into messages naming the file.
 */
import { IngestError, type ColumnMapping } from '../io/crimeIngest.ts';
import { suggestMapping } from '../io/genericCsv.ts';
import { headerFields, notStreetLevelReason, SNIFF_BYTES } from '../io/detectFormat.ts';
import { decodeText } from '../io/textDecode.ts';
import type { IngestMessage } from '../core/types.ts';
import { GridError } from '../analysis/kde/grid.ts';

/**
 * Columns of a generic crime CSV guessed from its header, or null when the guess lacks
 * coordinates (longitude/latitude or easting/northing) or a date/month column.
 */
export function guessMapping(bytes: Uint8Array): ColumnMapping | null {
  const head = new TextDecoder().decode(bytes.subarray(0, SNIFF_BYTES)).replace(/^\uFEFF/, '');
  const line = head.split(/\r?\n/)[0] ?? '';
  const m = suggestMapping(headerFields(line));
  const coords = (m.lon && m.lat) || (m.easting && m.northing);
  return coords && (m.date || m.month) ? m : null;
}

export function guessedMessage(file: string, mapping: ColumnMapping): IngestMessage {
  const cols = Object.entries(mapping)
    .map(([k, v]) => `${k} = "${v}"`)
    .join(', ');
  return { level: 'info', file, line: 1, message: `read as a generic CSV with the columns ${cols}` };
}

/**
 * A delimited file whose columns were not recognised: not loaded, with its header and a partial
 * guess for the page's column-mapping form (the CLI's --columns does the same).
 */
export function needsMappingMessage(name: string, bytes: Uint8Array): IngestMessage {
  const head = decodeText(bytes.subarray(0, SNIFF_BYTES)).text.replace(/^\uFEFF/, '');
  const header = headerFields(head).filter((f) => f !== '');
  const suggestion = Object.fromEntries(
    Object.entries(suggestMapping(header)).filter(([, v]) => typeof v === 'string'),
  ) as Record<string, string>;
  return {
    level: 'error',
    file: name,
    line: 1,
    code: 'needs-mapping',
    header,
    suggestion,
    message: `the columns were not recognised (${header.slice(0, 12).join(', ')}${header.length > 12 ? ', …' : ''}): say which hold the longitude and latitude (or easting and northing) and the month or date`,
  };
}

/** A file of no kind this tool reads; a police.uk outcomes or stop-and-search file is named as such. */
export function unreadableMessage(name: string, bytes: Uint8Array): IngestMessage {
  const text = decodeText(bytes.subarray(0, SNIFF_BYTES)).text;
  const base = name.split(/[\\/]/).pop() ?? name;
  const why = notStreetLevelReason(base, headerFields(text));
  if (why) return { level: 'error', file: name, line: 0, code: 'not-street-level', message: why };
  return {
    level: 'error',
    file: name,
    line: 0,
    code: 'unreadable',
    message:
      'not a file Hotspot Atlas can read (expected police.uk CSV or JSON, ward boundaries, a population table, places or an action register)',
  };
}

/** Line feeds in a chunk (≈ rows; quoted newlines make it an over-estimate, which is the safe side). */
export function countLines(b: Uint8Array): number {
  let n = 0;
  for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) n++;
  return n;
}

export function megabytes(n: number): string {
  return n >= 1024 ** 3
    ? `${(n / 1024 ** 3).toFixed(1)} GB`
    : `${Math.round(n / 1024 ** 2).toLocaleString('en-GB')} MB`;
}

export function toMessage(e: unknown, file: string): IngestMessage {
  if (e instanceof IngestError) return { level: 'error', file: e.file || file, line: e.line, message: e.problem };
  if (e instanceof GridError) return { level: 'error', file, line: 0, message: e.message };
  const msg = e instanceof Error ? e.message : String(e);
  return { level: 'error', file, line: 0, message: msg };
}
