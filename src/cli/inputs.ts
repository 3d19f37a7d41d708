/**
 * The CLI's crime inputs as police.uk gives them, each as a stream of bytes: files, folders
 * (searched recursively: an unzipped archive is YYYY-MM/ folders), `.gz` files, and the zip
 * archive of months from police.uk's download page. Nothing is read whole but the small JSON
 * files (police.uk API responses), which the engine reads whole anyway.
 *
 * Rules:
 * - Crime files are `.csv`, `.csv.gz`, `.json` and `.json.gz`; inside a zip, `.csv` entries.
 * - police.uk's outcomes and stop-and-search files (…-outcomes.csv, …-stop-and-search.csv), which
 *   the same download holds beside the street files, are skipped and counted (not crimes).
 * - Other files in a folder (READMEs, licences) are skipped and counted.
 * Node-only: used by the CLI.
 */
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { open } from 'node:fs/promises';
import { zipEntries, zipEntryChunks, type ZipEntry } from './zipEntries.ts';
import { concatBytes } from '../io/bytes.ts';

export class InputError extends Error {}

/** Where a crime input's bytes are: a file (gunzipped on the fly when `gz`) or a zip entry. Structured-cloneable (sent to worker threads). */
export type SourceDesc = { type: 'file'; path: string; gz: boolean } | { type: 'zip'; path: string; entry: ZipEntry };

/** One crime input: its name (path, or archive path + entry), bytes on disk or inflated, and its bytes as chunks. */
export interface CrimeSource {
  name: string;
  /** Bytes as read by the engine (inflated size for zip entries; for .gz the compressed size × GZIP_RATIO, an estimate). */
  size: number;
  /** Stream (CSV) or read whole (JSON). */
  kind: 'stream' | 'whole';
  desc: SourceDesc;
  chunks: () => AsyncIterable<Uint8Array>;
}

/** The bytes of a described input as chunks (in any thread). */
export function openChunks(d: SourceDesc): AsyncIterable<Uint8Array> {
  return d.type === 'zip' ? zipEntryChunks(d.path, d.entry) : fileChunks(d.path, d.gz);
}

export interface ExpandedInputs {
  sources: CrimeSource[];
  /** Files left out, by reason ("police.uk outcomes file" → 24). */
  skipped: Map<string, number>;
}

/** Typical compression of police.uk CSVs by gzip: the row-limit projection's size estimate for a .gz. */
export const GZIP_RATIO = 6;

const CRIME = /\.(csv|json)(\.gz)?$/i;
const NOT_CRIMES: [RegExp, string][] = [
  [/-outcomes\.csv(\.gz)?$/i, 'police.uk outcomes files (not crimes)'],
  [/-stop-and-search\.csv(\.gz)?$/i, 'police.uk stop-and-search files (not crimes)'],
];

/** Files under a path, recursively, in name order. */
export function expand(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new InputError(`${path}: no such file or folder`);
  }
  if (!st.isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .filter((f) => !f.startsWith('.'))
    .flatMap((f) => expand(join(path, f)));
}

/**
 * The bytes of a file in chunks of up to 1 MiB. An uncompressed file is read into ONE buffer,
 * reused for every chunk: each consumer (CrimeIngest.pushChunk, addCrimeStream) parses a chunk
 * or copies what it keeps before asking for the next, so a gigabyte read leaves no gigabyte of
 * garbage chunks behind (measured: a worker thread's external memory grew 75 MB a file with a
 * stream's fresh chunks, as its small heap rarely triggers a collection).
 */
async function* fileChunks(path: string, gz: boolean): AsyncGenerator<Uint8Array> {
  if (!gz) {
    yield* fileRangeChunks(path, 0, Infinity);
    return;
  }
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const s = raw.pipe(createGunzip({ chunkSize: 1 << 20 }));
  for await (const c of s as AsyncIterable<Buffer>) yield new Uint8Array(c.buffer, c.byteOffset, c.length);
}

/** Bytes [start, end) of an uncompressed file (to its end when shorter), in chunks as fileChunks. */
export async function* fileRangeChunks(path: string, start: number, end: number): AsyncGenerator<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = new Uint8Array(1 << 20);
    for (let at = start; at < end;) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, end - at), at);
      if (bytesRead === 0) return;
      at += bytesRead;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

function skipReason(name: string): string | null {
  for (const [re, why] of NOT_CRIMES) if (re.test(name)) return why;
  return CRIME.test(name) ? null : 'files that are not .csv or .json (e.g. READMEs)';
}

/** Every crime input under the given paths, zips opened, police.uk's other files skipped and counted. */
export function crimeSources(paths: readonly string[]): ExpandedInputs {
  const sources: CrimeSource[] = [];
  const skipped = new Map<string, number>();
  const skip = (why: string) => skipped.set(why, (skipped.get(why) ?? 0) + 1);
  for (const path of paths.flatMap(expand)) {
    if (/\.zip$/i.test(path)) {
      let entries;
      try {
        entries = zipEntries(path);
      } catch (e) {
        throw new InputError((e as Error).message);
      }
      for (const entry of entries) {
        const why = skipReason(entry.name);
        if (why || !/\.csv$/i.test(entry.name)) {
          skip(why ?? 'files that are not .csv or .json (e.g. READMEs)');
          continue;
        }
        const desc: SourceDesc = { type: 'zip', path, entry };
        sources.push({
          name: `${path}:${entry.name}`,
          size: entry.size,
          kind: 'stream',
          desc,
          chunks: () => openChunks(desc),
        });
      }
      continue;
    }
    const why = skipReason(path);
    if (why) {
      skip(why);
      continue;
    }
    const gz = /\.gz$/i.test(path);
    const size = statSync(path).size * (gz ? GZIP_RATIO : 1);
    // JSON is read whole and as it is on disk (the engine gunzips a .gz read whole).
    const desc: SourceDesc = { type: 'file', path, gz: gz && !/\.json(\.gz)?$/i.test(path) };
    sources.push({
      name: path,
      size,
      kind: /\.json(\.gz)?$/i.test(path) ? 'whole' : 'stream',
      desc,
      chunks: () => openChunks(desc),
    });
  }
  return { sources, skipped };
}

/** A source's bytes whole (small JSON files). */
export async function wholeBytes(s: CrimeSource): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of s.chunks()) parts.push(c.slice());
  return concatBytes(parts);
}
