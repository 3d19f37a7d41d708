/**
 * The CLI's crime files read on every core: police.uk street CSVs are parsed and projected in
 * worker threads (ingestWorker.ts), one file per job, while the main thread absorbs the parts IN
 * FILE ORDER into the session (AnalysisSession.absorbCrimePart), so the table, its dictionaries,
 * the accounting and the messages are exactly those of one thread (tested). A part that cannot
 * be absorbed (a row duplicates one of an earlier file), a file the threads do not read (not a
 * police.uk street CSV, or a CSV read through --columns) and a file that failed are read in
 * place, in order, by the main thread. Ward assignment runs once over the whole table in the
 * main thread (about 30 ms per million rows). At most `threads` parts wait to be absorbed,
 * so memory follows the rows kept, not the number of files.
 */
import { Worker } from 'node:worker_threads';
import type { AnalysisSession } from '../analysis/session.ts';
import type { IngestedPart } from '../io/ingestPart.ts';
import type { CrimeSource } from './inputs.ts';
import type { PartDone, PartJob } from './ingestWorker.ts';

/**
 * A worker running the built script beside the bundle's entry (bin.ts names it), or, when the
 * CLI runs from source (tsx, as the tests do), the TypeScript source through tsx's loader.
 */
export function newWorker(): Worker {
  const built = (globalThis as { __HOTSPOT_INGEST_WORKER__?: string }).__HOTSPOT_INGEST_WORKER__;
  if (built) return new Worker(new URL(built));
  return new Worker(new URL('./ingestWorkerDev.mjs', import.meta.url));
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export interface ParallelStats {
  /** Files parsed in threads and absorbed. */
  absorbed: number;
  /** Files read in place by the main thread. */
  inPlace: number;
}

/**
 * Reads the streamed sources (kind 'stream') into the session, in order: in `threads` worker
 * threads where they can be, in place (`readInPlace`) otherwise. `now` is the session's "today".
 */
export async function readInParallel(
  session: AnalysisSession,
  sources: readonly CrimeSource[],
  opts: { threads: number; now: number; inThreads: (s: CrimeSource) => boolean },
  readInPlace: (s: CrimeSource) => Promise<void>,
): Promise<ParallelStats> {
  const stats: ParallelStats = { absorbed: 0, inPlace: 0 };
  const queue = sources.flatMap((s, i) => (s.kind === 'stream' && opts.inThreads(s) ? [i] : []));
  const results = new Map(queue.map((i) => [i, deferred<IngestedPart | null>()]));
  const maxAhead = opts.threads;
  // Bytes to read (0 when a .gz's size is only a guess: a hint too large would be memory held).
  const guessed = queue.some((i) => {
    const d = sources[i].desc;
    return d.type === 'file' && d.gz;
  });
  const totalBytes = guessed ? 0 : queue.reduce((s, i) => s + sources[i].size, 0);
  let next = 0;
  let taken = 0;
  const wake: (() => void)[] = [];
  const workers = queue.length ? Array.from({ length: Math.min(opts.threads, queue.length) }, newWorker) : [];

  async function feed(w: Worker): Promise<void> {
    for (;;) {
      while (next < queue.length && next - taken >= maxAhead) await new Promise<void>((r) => wake.push(r));
      if (next >= queue.length) return;
      const i = queue[next++];
      const job: PartJob = { index: i, name: sources[i].name, desc: sources[i].desc, now: opts.now };
      // A thread that fails or stops leaves its file to the main thread (and takes no more).
      let dead = false;
      const done = await new Promise<PartDone>((resolve) => {
        const onError = () => {
          dead = true;
          resolve({ index: i, part: null });
        };
        w.once('error', onError);
        w.once('exit', onError);
        w.once('message', (m: PartDone) => {
          w.off('error', onError);
          w.off('exit', onError);
          resolve(m);
        });
        w.postMessage(job);
      });
      (results.get(i) as Deferred<IngestedPart | null>).resolve(done.part);
      if (dead) return;
    }
  }

  // When every thread has stopped, files no thread took are read in place.
  const feeding = Promise.all(workers.map(feed)).then(() => {
    for (const d of results.values()) d.resolve(null);
  });
  try {
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i];
      if (s.kind !== 'stream') continue;
      const r = results.get(i);
      if (r) {
        const part = await r.promise;
        // Forget the settled promise: it holds the part (72 MB a million rows) until dropped.
        results.delete(i);
        taken++;
        wake.splice(0).forEach((f) => f());
        // The rows still to come, estimated from the bytes left at this part's bytes per row:
        // the table then grows once to about its final size (not by half again each time,
        // holding the old and the new columns at once: 940 MB at ten million rows).
        const toCome =
          part && taken === 1 && totalBytes > 0 && part.report.bytes > 0
            ? Math.ceil(((totalBytes - part.report.bytes) * part.table.length) / part.report.bytes)
            : 0;
        if (part && session.absorbCrimePart(part, toCome)) {
          stats.absorbed++;
          continue;
        }
      }
      await readInPlace(s);
      stats.inPlace++;
    }
    await feeding;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return stats;
}
