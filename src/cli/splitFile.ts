/**
 * One big crime file on two cores: when the crimes are ONE uncompressed police.uk street CSV
 * (nothing for parallel.ts to share out), a worker thread reads the rest of the file from a line
 * start about MAIN_SHARE into it (io/restPart.ts) while the main thread reads the wards and then
 * the file up to there; the session adds the worker's part to the file as if read in place
 * (CrimeIngest.absorbRest), or, when it cannot (the line start was inside a quoted field, …),
 * reads the rest itself. Same outputs either way (test/io/restPart.test.ts, test/cli/threads.test.ts).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { IngestedPart } from '../io/ingestPart.ts';
import type { CliOptions } from './args.ts';
import { crimeSources } from './inputs.ts';
import { newWorker } from './parallel.ts';
import type { PartDone, PartJob } from './ingestWorker.ts';

/**
 * Smallest file split (override: HOTSPOT_SPLIT_MIN_BYTES, for tests): below it a thread's
 * start-up (~60 ms) and the part's hand-over cost more than half the parse saves.
 */
const SPLIT_MIN_BYTES = Number(process.env.HOTSPOT_SPLIT_MIN_BYTES ?? 48 * 2 ** 20);
/**
 * Share of the file the main thread reads: less than half, as it also reads the ward
 * boundaries (~0.25 s) while the worker starts reading, and then absorbs the worker's part.
 */
const MAIN_SHARE = 0.45;

export interface RestRead {
  /** The source's name (its path) and the offset of the first byte the worker reads. */
  name: string;
  from: number;
  part: Promise<IngestedPart | null>;
  stop: () => Promise<void>;
}

/** The start of the line after byte `at` of the file at `path`; -1 when no LF follows within 64 KiB. */
function lineStartAfter(path: string, at: number): number {
  const buf = Buffer.alloc(1 << 16);
  const fd = openSync(path, 'r');
  try {
    const n = readSync(fd, buf, 0, buf.length, at);
    const lf = buf.subarray(0, n).indexOf(10);
    return lf < 0 ? -1 : at + lf + 1;
  } finally {
    closeSync(fd);
  }
}

/** Starts the worker reading the rest of the one big crime file, or null when there is no such file (or any doubt). */
export function startRestRead(o: CliOptions, now: number): RestRead | null {
  if (o.columns || (o.threads ?? availableParallelism()) < 2) return null;
  let path: string;
  let size: number;
  try {
    const streamed = crimeSources(o.crimes).sources.filter((s) => s.kind === 'stream');
    const d = streamed.length === 1 ? streamed[0].desc : null;
    if (!d || d.type !== 'file' || d.gz || streamed[0].size < SPLIT_MIN_BYTES) return null;
    path = d.path;
    size = streamed[0].size;
  } catch {
    return null; // reported when the crimes are read
  }
  const from = lineStartAfter(path, Math.floor(size * MAIN_SHARE));
  if (from <= 0 || from >= size) return null;
  const w = newWorker();
  const part = new Promise<IngestedPart | null>((resolve) => {
    w.once('error', () => resolve(null));
    w.once('exit', () => resolve(null));
    w.once('message', (m: PartDone) => resolve(m.part));
  });
  const job: PartJob = { index: 0, name: path, desc: { type: 'file', path, gz: false }, now, restFrom: from };
  w.postMessage(job);
  return { name: path, from, part, stop: async () => void (await w.terminate()) };
}
