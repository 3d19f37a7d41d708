/**
 * A worker thread of the CLI (parallel.ts): reads the police.uk street CSVs it is sent, one at a
 * time, each into a part (io/ingestPart.ts) with its points projected to British National Grid,
 * and posts it back with its columns transferred. A file that is not a police.uk street CSV, or
 * that fails, comes back as `part: null`: the main thread then reads it in place, so what it says
 * about the file is what a single thread says.
 */
import { parentPort } from 'node:worker_threads';
import { CrimeIngest } from '../io/crimeIngest.ts';
import { fillProjection } from '../core/bng.ts';
import { openChunks, type SourceDesc } from './inputs.ts';
import type { IngestedPart } from '../io/ingestPart.ts';

export interface PartJob {
  index: number;
  name: string;
  desc: SourceDesc;
  /** The session's "today" (ms since 1970), for future-month rejection. */
  now: number;
}

export interface PartDone {
  index: number;
  part: IngestedPart | null;
}

async function read(job: PartJob): Promise<IngestedPart | null> {
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
  return [t.lon, t.lat, t.x, t.y, t.month, t.category, t.weight, t.location, t.lsoa, t.force, t.source, t.line, p.keys].map((a) => a.buffer as ArrayBuffer);
}

parentPort?.on('message', (job: PartJob) => {
  void read(job).then((part) => {
    const done: PartDone = { index: job.index, part };
    parentPort?.postMessage(done, part ? transferables(part) : []);
  });
});
