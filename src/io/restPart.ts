/**
 * The rest of a big police.uk street CSV read in another thread, so that one file uses two
 * cores: this thread reads the file from its start to a line boundary B, the other reads the
 * header line followed by the bytes from B on (readRestPart), and CrimeIngest.absorbRest adds
 * that part to the open file as if it had been read in place: the same rows in the same order,
 * line numbers, dictionaries, accounting and duplicate rule (test/io/restPart.test.ts). When B
 * is not a record boundary after all (it fell inside a quoted field holding a line break), the
 * part is refused and the rest is read in place.
 */
import { CrimeIngest } from './crimeIngest.ts';
import { MAX_RECORD } from './csvRecords.ts';
import type { IngestedPart } from './ingestPart.ts';

/**
 * The file's first line with its LF, when it can stand alone as the header that a rest is read
 * after: it ends within the first bytes given and MAX_RECORD, holds no quote and is not empty,
 * so a reader takes exactly it as record 1, on line 1. Null otherwise (read the file in place).
 */
export function restHeader(head: Uint8Array): Uint8Array | null {
  const lf = head.indexOf(10);
  if (lf < 0 || lf > MAX_RECORD) return null;
  const line = head.subarray(0, lf + 1);
  if (line.includes(34)) return null;
  // Empty once a BOM and a CR are dropped: the reader would skip it, the header is further on.
  let s = 0;
  if (line.length >= 3 && line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf) s = 3;
  let e = lf;
  if (e > s && line[e - 1] === 13) e--;
  return e > s ? line : null;
}

/**
 * `header` (restHeader) then `rest` (a file's bytes from a line boundary to its end), read as a
 * police.uk street CSV into a part whose rows are numbered from line 2 and whose report.bytes
 * counts the rest's bytes only; null when the bytes are not one (the file is then read in place, which says what is wrong with it).
 */
export async function readRestPart(
  name: string,
  header: Uint8Array,
  rest: AsyncIterable<Uint8Array>,
  now: Date,
): Promise<IngestedPart | null> {
  const ingest = new CrimeIngest({ now, recordKeys: true });
  try {
    ingest.beginFile(name, 0, 'police-uk-csv');
    ingest.pushChunk(header);
    for await (const chunk of rest) ingest.pushChunk(chunk);
    ingest.endFile();
  } catch {
    return null;
  }
  const part = ingest.part();
  // Its bytes are the rest's: what the file read in place counts beyond the bytes pushed there.
  if (part) part.report.bytes -= header.length;
  return part;
}
