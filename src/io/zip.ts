/**
 * Synchronous ZIP reader (stored and deflate members), so boundary files can be read in one
 * synchronous call in Node, the page and a worker alike. Reads the central directory; no
 * ZIP64, no encryption. DEFLATE (RFC 1951) is decoded by fflate (a maintained library);
 * every member's size and CRC-32 are checked against the central directory, since fflate
 * checks neither: a damaged archive is an error naming the member, never wrong numbers.
 */
import { inflateSync } from 'fflate';
import { crc32 } from './crc32.ts';

export interface ZipEntry {
  name: string;
  bytes: Uint8Array;
}

const utf8 = new TextDecoder('utf-8');

/** Every file member of a ZIP archive (directories skipped), decompressed. */
export function readZip(zip: Uint8Array): ZipEntry[] {
  const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // End of central directory: signature 0x06054b50 within the last 65,557 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
    if (dv.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a ZIP file (no end-of-central-directory record)');
  const entries = dv.getUint16(eocd + 10, true);
  let p = dv.getUint32(eocd + 16, true);
  const out: ZipEntry[] = [];
  for (let k = 0; k < entries; k++) {
    if (dv.getUint32(p, true) !== 0x02014b50) throw new Error('corrupt ZIP central directory');
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    const crc = dv.getUint32(p + 16, true);
    const csize = dv.getUint32(p + 20, true);
    const usize = dv.getUint32(p + 24, true);
    const nlen = dv.getUint16(p + 28, true);
    const xlen = dv.getUint16(p + 30, true);
    const clen = dv.getUint16(p + 32, true);
    const local = dv.getUint32(p + 42, true);
    const nameBytes = zip.subarray(p + 46, p + 46 + nlen);
    // bit 11: UTF-8 names; otherwise CP437, which is ASCII for the names that matter here
    const name = utf8.decode(nameBytes);
    p += 46 + nlen + xlen + clen;
    if (name.endsWith('/')) continue;
    if (flags & 1) throw new Error(`ZIP member ${name} is encrypted`);
    if (dv.getUint32(local, true) !== 0x04034b50) throw new Error(`corrupt ZIP local header for ${name}`);
    const start = local + 30 + dv.getUint16(local + 26, true) + dv.getUint16(local + 28, true);
    const data = zip.subarray(start, start + csize);
    let bytes: Uint8Array;
    if (method === 0) bytes = data.slice();
    else if (method === 8) {
      try {
        bytes = inflateRaw(data);
      } catch (e) {
        throw new Error(`ZIP member ${name} is corrupt (${e instanceof Error ? e.message : String(e)})`);
      }
    } else throw new Error(`ZIP member ${name} uses unsupported compression method ${method}`);
    if (bytes.length !== usize || crc32(bytes) !== crc)
      throw new Error(`ZIP member ${name} is corrupt (its size or CRC-32 does not match the archive's directory)`);
    out.push({ name, bytes });
  }
  return out;
}

/** Decompress raw DEFLATE data (fflate); throws on malformed or truncated data. */
export function inflateRaw(src: Uint8Array): Uint8Array {
  return inflateSync(src);
}
