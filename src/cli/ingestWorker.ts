/**
 * A worker thread of the CLI (parallel.ts): reads the police.uk street CSVs it is sent, one at a
 * time, each into a part (io/ingestPart.ts) with its points projected to British National Grid,
 * and posts it back with its columns transferred. A file that is not a police.uk street CSV, or
 * that fails, comes back as `part: null`: the main thread then reads it in place, so what it says
 * about the file is what a single thread says.
 *
 * The same thread also counts batches of cube partitions for `cubes` (cubeBatch.ts), after a
 * 'cube-init' message naming the ward files it assigns to.
 */
import { parentPort } from 'node:worker_threads';
import { CrimeIngest } from '../io/crimeIngest.ts';
import { fillProjection } from '../core/bng.ts';
import { fileRangeChunks, openChunks, type SourceDesc } from './inputs.ts';
import { readRestPart, restHeader } from '../io/restPart.ts';
import { open } from 'node:fs/promises';
import { MAX_RECORD } from '../io/csvRecords.ts';
import type { IngestedPart } from '../io/ingestPart.ts';
import { emptyResult, resultBuffers, type BatchResult, type PartitionSpec } from './cubeBatch.ts';

export interface PartJob {
  index: number;
  name: string;
  desc: SourceDesc;
  /** The session's "today" (ms since 1970), for future-month rejection. */
  now: number;
  /**
   * Read only the rest of the (uncompressed) file, from this byte offset, a line start, on:
   * its header line then those bytes (io/restPart.ts); the main thread reads up to it.
   */
  restFrom?: number;
}

export interface PartDone {
  index: number;
  part: IngestedPart | null;
}

/** The rest of one file (job.restFrom), its points projected. */
async function readRest(job: PartJob, path: string, from: number): Promise<IngestedPart | null> {
  const fh = await open(path, 'r');
  const head = new Uint8Array(MAX_RECORD + 4);
  let got = 0;
  try {
    got = (await fh.read(head, 0, head.length, 0)).bytesRead;
  } finally {
    await fh.close();
  }
  const header = restHeader(head.subarray(0, got));
  if (!header || header.length > from) return null;
  const part = await readRestPart(job.name, header, fileRangeChunks(path, from, Infinity), new Date(job.now));
  if (part) fillProjection(part.table);
  return part;
}

async function read(job: PartJob): Promise<IngestedPart | null> {
  if (job.restFrom !== undefined)
    return job.desc.type === 'file' && !job.desc.gz
      ? readRest(job, job.desc.path, job.restFrom).catch(() => null)
      : null;
  const ingest = new CrimeIngest({ now: new Date(job.now), recordKeys: true });
  try {
    ingest.beginFile(job.name, 0);
    for await (const chunk of openChunks(job.desc)) ingest.pushChunk(chunk);
    ingest.endFile();
  } catch {
    return null;
  }
  const part = ingest.part();
  if (part) fillProjection(part.table);
  return part;
}

function transferables(p: IngestedPart): ArrayBuffer[] {
  const t = p.table;
  return [
    t.lon,
    t.lat,
    t.x,
    t.y,
    t.month,
    t.category,
    t.weight,
    t.location,
    t.lsoa,
    t.force,
    t.source,
    t.line,
    p.keys,
  ].map((a) => a.buffer as ArrayBuffer);
}

/** `cubes` in threads (cubes.ts): the ward set to assign to, once, then batches of partitions. */
export interface CubeInit {
  kind: 'cube-init';
  wards: string[];
  cells: number[];
  now: number;
}
export interface CubeJob {
  kind: 'cube-batch';
  id: number;
  batch: PartitionSpec[];
}
export interface CubeDone {
  id: number;
  result: BatchResult;
}

// The engine for cubes is loaded only by a thread that counts cubes.
let cubeSetup: Promise<(job: CubeJob) => Promise<BatchResult>> | null = null;

async function setUpCubes(init: CubeInit): Promise<(job: CubeJob) => Promise<BatchResult>> {
  const [{ readFileSync }, { readBoundariesWithReport }, { WardIndex }, { countBatch }] = await Promise.all([
    import('node:fs'),
    import('../io/boundaries.ts'),
    import('../analysis/wardIndex.ts'),
    import('./cubeBatch.ts'),
  ]);
  const { wards } = readBoundariesWithReport(
    init.wards.map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(f)) })),
  );
  const index = WardIndex.build(wards);
  return (job) => countBatch(job.batch, index, wards.codes, init.cells, new Date(init.now));
}

parentPort?.on('message', (msg: PartJob | CubeInit | CubeJob) => {
  if ('kind' in msg) {
    if (msg.kind === 'cube-init') cubeSetup = setUpCubes(msg);
    else
      void (cubeSetup as NonNullable<typeof cubeSetup>)
        .then((count) => count(msg))
        .catch((e: unknown): BatchResult => emptyResult(e instanceof Error ? e.message : String(e)))
        .then((result) => parentPort?.postMessage({ id: msg.id, result } satisfies CubeDone, resultBuffers(result)));
    return;
  }
  const job = msg;
  void read(job).then((part) => {
    const done: PartDone = { index: job.index, part };
    parentPort?.postMessage(done, part ? transferables(part) : []);
  });
});
