/**
 * gzip (RFC 1952) for files users keep compressed (e.g. the GLA ward population
 * table ships as .csv.gz). Synchronous, on the same DEFLATE decoder as zip.ts (fflate); the
 * trailer's CRC-32 and length (ISIZE, the length mod 2^32) are checked here. One member:
 * bytes after the first member are not read.
 */
import { crc32 } from './crc32.ts';
import { inflateRaw } from './zip.ts';

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 18 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 8;
}

export function gunzip(bytes: Uint8Array, file = 'file'): Uint8Array {
  if (!isGzip(bytes)) throw new Error(`${file}: not a gzip file`);
  const flags = bytes[3];
  let p = 10;
  if (flags & 4) p += 2 + (bytes[p] | (bytes[p + 1] << 8)); // FEXTRA
  if (flags & 8) while (p < bytes.length && bytes[p++] !== 0); // FNAME
  if (flags & 16) while (p < bytes.length && bytes[p++] !== 0); // FCOMMENT
  if (flags & 2) p += 2; // FHCRC
  const n = bytes.length;
  const word = (i: number) => (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24)) >>> 0;
  let out: Uint8Array;
  try {
    out = inflateRaw(bytes.subarray(p, n - 8));
  } catch {
    throw new Error(`${file}: gzip data is truncated or corrupt`);
  }
  if (out.length >>> 0 !== word(n - 4) || crc32(out) !== word(n - 8))
    throw new Error(`${file}: gzip data is truncated or corrupt (length or CRC-32 does not match)`);
  return out;
}

/** The name without ".gz" and the decompressed bytes, or the input unchanged. */
export function maybeGunzip(name: string, bytes: Uint8Array): { name: string; bytes: Uint8Array } {
  if (!isGzip(bytes)) return { name, bytes };
  return { name: name.replace(/\.gz$/i, ''), bytes: gunzip(bytes, name) };
}
