/**
 * Cross-file duplicate-row detection. A row is keyed by two independent 32-bit hashes of
 * its raw bytes (line terminator excluded): FNV-1a and a multiply–rotate hash, i.e. 64
 * bits, so a false match among 10 million rows has odds of about 3 in a million.
 * Each key remembers the first file that held it: a row is a duplicate when the key is
 * already held by ANOTHER file (identical rows within one file are legitimate in
 * police.uk extracts and are kept).
 */

/**
 * Two 32-bit hashes of bytes[s, e), returned through `out` (no allocation). Reads four
 * bytes per step (little-endian word), Murmur3-style mixing in two independent lanes.
 */
export function hashRow(buf: Uint8Array, s: number, e: number, out: Uint32Array): void {
  let h1 = 0x811c9dc5 ^ (e - s);
  let h2 = 0x9747b28c;
  let i = s;
  for (const end4 = e - 3; i < end4; i += 4) {
    let k = buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
    h2 = Math.imul(h2 ^ k, 0x5bd1e995);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h1 ^= Math.imul(k, 0x1b873593);
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
  }
  for (; i < e; i++) {
    h1 = Math.imul(h1 ^ buf[i], 0x01000193);
    h2 = Math.imul(h2 ^ buf[i], 0x5bd1e995);
  }
  // Final avalanche (Murmur3 fmix32) so that nearby rows spread over the table.
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  h2 ^= h2 >>> 15;
  h2 = Math.imul(h2, 0x2c1b3c6d);
  h2 ^= h2 >>> 12;
  out[0] = h1 >>> 0;
  out[1] = h2 >>> 0;
}

export class RowHashSet {
  private mask: number;
  private k1: Uint32Array;
  private k2: Uint32Array;
  private owner: Int32Array; // -1 = empty
  size = 0;

  constructor(capacity = 1 << 14) {
    const cap = 1 << Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.mask = cap - 1;
    this.k1 = new Uint32Array(cap);
    this.k2 = new Uint32Array(cap);
    this.owner = new Int32Array(cap).fill(-1);
  }

  /** The file that first held key (h1, h2); records `file` as its holder when new. */
  holder(h1: number, h2: number, file: number): number {
    const owner = this.owner;
    let slot = (h1 ^ Math.imul(h2, 0x9e3779b1)) & this.mask;
    for (;;) {
      const o = owner[slot];
      if (o < 0) break;
      if (this.k1[slot] === h1 && this.k2[slot] === h2) return o;
      slot = (slot + 1) & this.mask;
    }
    this.k1[slot] = h1;
    this.k2[slot] = h2;
    owner[slot] = file;
    if (++this.size * 2 > this.mask) this.rehash();
    return file;
  }

  private rehash(): void {
    const { k1, k2, owner } = this;
    const cap = (this.mask + 1) * 2;
    this.mask = cap - 1;
    this.k1 = new Uint32Array(cap);
    this.k2 = new Uint32Array(cap);
    this.owner = new Int32Array(cap).fill(-1);
    for (let i = 0; i < owner.length; i++) {
      if (owner[i] < 0) continue;
      let slot = (k1[i] ^ Math.imul(k2[i], 0x9e3779b1)) & this.mask;
      while (this.owner[slot] >= 0) slot = (slot + 1) & this.mask;
      this.k1[slot] = k1[i];
      this.k2[slot] = k2[i];
      this.owner[slot] = owner[i];
    }
  }
}
