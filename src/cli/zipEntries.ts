/**
 * The entries of a zip archive on disk, each as a stream of its inflated bytes, without reading
 * the archive whole: police.uk's download page gives one zip of YYYY-MM/ folders (street,
 * outcomes and stop-and-search CSVs of each force), about 1.5 GB for a national year.
 *
 * Reads the central directory (at the end of the file; ZIP64 sizes and offsets when present),
 * then each wanted entry's bytes through node:zlib (raw DEFLATE, or stored), checking the CRC-32
 * and the size the directory gives; a mismatch is an error naming the archive and the entry.
 * Node-only (fs, zlib): used by the CLI.
 */
import { closeSync, createReadStream, openSync, readSync, fstatSync } from 'node:fs';
import { crc32, createInflateRaw } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** Inflated size in bytes. */
  size: number;
  compressedSize: number;
  method: number;
  crc: number;
  /** Offset of the entry's local header. */
  offset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function readAt(fd: number, pos: number, len: number): Buffer {
  const b = Buffer.alloc(len);
  const n = readSync(fd, b, 0, len, pos);
  return n === len ? b : b.subarray(0, n);
}

/** The archive's entries (files only, in directory order). Throws with the archive's name on a malformed archive. */
export function zipEntries(path: string): ZipEntry[] {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const tailLen = Math.min(size, 65_557);
    const tail = readAt(fd, size - tailLen, tailLen);
    let e = -1;
    for (let i = tail.length - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === EOCD) {
        e = i;
        break;
      }
    if (e < 0) throw new Error(`${path}: not a zip archive (no end of central directory)`);
    let count = tail.readUInt16LE(e + 10);
    let dirSize = tail.readUInt32LE(e + 12);
    let dirOffset = tail.readUInt32LE(e + 16);
    if (e >= 20 && tail.readUInt32LE(e - 20) === ZIP64_LOCATOR) {
      const z = readAt(fd, Number(tail.readBigUInt64LE(e - 20 + 8)), 56);
      if (z.readUInt32LE(0) !== ZIP64_EOCD) throw new Error(`${path}: malformed ZIP64 directory`);
      count = Number(z.readBigUInt64LE(32));
      dirSize = Number(z.readBigUInt64LE(40));
      dirOffset = Number(z.readBigUInt64LE(48));
    }
    const dir = readAt(fd, dirOffset, dirSize);
    const out: ZipEntry[] = [];
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL)
        throw new Error(`${path}: malformed central directory at entry ${k + 1}`);
      const method = dir.readUInt16LE(p + 10);
      const crc = dir.readUInt32LE(p + 16);
      let compressedSize = dir.readUInt32LE(p + 20);
      let usize = dir.readUInt32LE(p + 24);
      const nameLen = dir.readUInt16LE(p + 28);
      const extraLen = dir.readUInt16LE(p + 30);
      const commentLen = dir.readUInt16LE(p + 32);
      let offset = dir.readUInt32LE(p + 42);
      const name = dir.toString('utf8', p + 46, p + 46 + nameLen);
      // ZIP64 extra field: the 64-bit values of the fields that read 0xFFFFFFFF, in this order.
      let x = p + 46 + nameLen;
      const xEnd = x + extraLen;
      while (x + 4 <= xEnd) {
        const id = dir.readUInt16LE(x);
        const len = dir.readUInt16LE(x + 2);
        if (id === 1) {
          let q = x + 4;
          if (usize === 0xffffffff) {
            usize = Number(dir.readBigUInt64LE(q));
            q += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = Number(dir.readBigUInt64LE(q));
            q += 8;
          }
          if (offset === 0xffffffff) offset = Number(dir.readBigUInt64LE(q));
        }
        x += 4 + len;
      }
      if (!name.endsWith('/')) out.push({ name, size: usize, compressedSize, method, crc, offset });
      p = xEnd + commentLen;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/** An entry's inflated bytes as chunks; the CRC-32 and size are checked at the end. */
export async function* zipEntryChunks(path: string, entry: ZipEntry): AsyncGenerator<Uint8Array> {
  if (entry.method !== 0 && entry.method !== 8)
    throw new Error(
      `${path}: ${entry.name} uses compression method ${entry.method} (only stored and DEFLATE are read)`,
    );
  const fd = openSync(path, 'r');
  let start: number;
  try {
    const h = readAt(fd, entry.offset, 30);
    if (h.length < 30 || h.readUInt32LE(0) !== LOCAL) throw new Error(`${path}: ${entry.name}: malformed local header`);
    start = entry.offset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
  } finally {
    closeSync(fd);
  }
  const raw =
    entry.compressedSize > 0
      ? createReadStream(path, { start, end: start + entry.compressedSize - 1, highWaterMark: 1 << 20 })
      : null;
  const source = raw === null ? [] : entry.method === 8 ? raw.pipe(createInflateRaw({ chunkSize: 1 << 20 })) : raw;
  let crc = 0;
  let n = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    crc = crc32(chunk, crc);
    n += chunk.length;
    yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
  }
  if (n !== entry.size || crc >>> 0 !== entry.crc >>> 0)
    throw new Error(`${path}: ${entry.name} is damaged (CRC or size does not match the archive's directory)`);
}
