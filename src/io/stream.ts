/**
 * Reading File objects inside the worker: which files stream into the crime ingest
 * (police.uk street CSV and generic CSV, uncompressed) and which are read whole
 * (boundaries, population, places, registers, police.uk API JSON, gzip), and the chunks
 * of a Blob as an async iterable. No DOM: used by src/worker/analysis.worker.ts.
 */
import { detectFormat, SNIFF_BYTES } from './detectFormat.ts';

const SHAPEFILE_PART = /\.(shp|shx|dbf|prj|cpg|qix|sbn|sbx|xml|zip)$/i;

/** Bytes to read before deciding how to load a file. */
export const HEAD_BYTES = SNIFF_BYTES;

/** gzip's magic bytes (RFC 1952), whatever follows and however few bytes were read (isGzip wants a whole header). */
const gzipMagic = (head: Uint8Array) => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/**
 * True when a file with this name and first bytes should be streamed as crimes. Never for gzip
 * (judged by the bytes, not the name: a ".csv.gz" saved already decompressed is a plain CSV):
 * the stream would parse compressed bytes as CSV; gzip files are read whole and the session
 * gunzips them (maybeGunzip).
 */
export function shouldStream(name: string, head: Uint8Array): boolean {
  const base = name.split(/[\\/]/).pop() ?? name;
  if (SHAPEFILE_PART.test(base) || gzipMagic(head)) return false;
  const kind = detectFormat(base, head.subarray(0, SNIFF_BYTES));
  return kind === 'police-uk-csv' || kind === 'generic-csv';
}

/** The bytes of a Blob (File) as chunks, without holding the whole file. */
export async function* blobChunks(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
