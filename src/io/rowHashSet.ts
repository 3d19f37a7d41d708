/**
 * Cross-file duplicate-row detection. A row is keyed by two 32-bit hashes of its raw bytes
 * (line terminator excluded), i.e. 64 bits, so a false match among 10 million rows has odds
 * of about 3 in a million. A row is a duplicate when its key is already held by ANOTHER
 * file (identical rows within one file are legitimate in police.uk extracts and are kept).
 *
 * Cost model (1M rows a year): the rows of the file being read are only appended to a
 * compact pending list (h1, h2, bucket), never probed against each other; they enter the
 * table when a later file needs it. A row is probed only when an earlier file could hold
 * it: rows carry a bucket (for police.uk: the month read from the row's own bytes, so two
 * byte-identical rows always share it), and a bucket no earlier file used is skipped. So
 * the first file, and a year of monthly files, are never probed at all.
 */

/**
 * One 32-bit word of buf at i, little-endian (what DataView.getInt32(i, true) returns).
 */
function word(buf: Uint8Array, i: number): number {
  return buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
}

/** Hash lane step for a 4-byte word (shared by hashRow and the police.uk fused scanner). */
export const H1_SEED = 0x811c9dc5;
export const H2_SEED = 0x9747b28c;

/** Final avalanche of lane 1 (Murmur3 fmix32), as an unsigned 32-bit number. */
export function finishH1(h1: number): number {
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  return h1 >>> 0;
}

/** Final avalanche of lane 2, as an unsigned 32-bit number. */
export function finishH2(h2: number): number {
  h2 ^= h2 >>> 15;
  h2 = Math.imul(h2, 0x2c1b3c6d);
  h2 ^= h2 >>> 12;
  return h2 >>> 0;
}

/**
 * Two 32-bit hashes of bytes[s, e), returned through `out` (no allocation). Four bytes per
 * step (little-endian word) in two lanes, then single bytes. The police.uk scanner
 * (policeUkCsv.ts) computes the same function inline while splitting fields; the two must
 * stay identical (test/io/rowHash.test.ts), because a row read by either parser must
 * match the same row read by the other.
 */
export function hashRow(buf: Uint8Array, s: number, e: number, out: Uint32Array): void {
  let h1 = H1_SEED;
  let h2 = H2_SEED;
  let i = s;
  for (const end4 = e - 3; i < end4; i += 4) {
    const w = word(buf, i);
    h1 ^= Math.imul(w, 0xcc9e2d51);
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    h2 = Math.imul(h2 ^ w, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  for (; i < e; i++) {
    const c = buf[i];
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  out[0] = finishH1(h1 ^ (e - s)); // the length enters last: the fused scanner learns it last
  out[1] = finishH2(h2);
}

/** Bucket for rows whose bucket is unknown (generic CSV): always probed, and always probe. */
export const NO_BUCKET = -1;
const BUCKETS = 1 << 20;

export class RowHashSet {
  private mask: number;
  private k1: Uint32Array;
  private k2: Uint32Array;
  private owner: Int32Array; // -1 = empty
  /** Keys in the table (pending rows not included). */
  size = 0;
  /** Pending rows of file `pendFile`: (h1, h2, bucket) triples. */
  private pend: Int32Array;
  private pendLen = 0;
  private pendFile = -1;
  private pendSpace = -1;
  /** Buckets used by rows in the table; null = none yet. */
  private buckets: Uint8Array | null = null;
  /** Bucket space (e.g. month column) of the rows in the table: -2 none yet, -1 mixed or unknown. */
  private space = -2;

  constructor(capacity = 1 << 14) {
    const cap = 1 << Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.mask = cap - 1;
    this.k1 = new Uint32Array(cap);
    this.k2 = new Uint32Array(cap);
    this.owner = new Int32Array(cap).fill(-1);
    this.pend = new Int32Array(3 * 1024);
  }

  /**
   * The row (h1, h2) of `file`: true when another file already holds it (a duplicate);
   * otherwise it is recorded for `file`. `bucket` (0 ≤ bucket < 2²⁰) must be a function of
   * the row's bytes within `space` (e.g. the month read from column `space`); byte-identical
   * rows read with the same space must get the same bucket. NO_BUCKET: unknown.
   */
  seenElsewhere(h1: number, h2: number, file: number, space: number, bucket: number): boolean {
    if (file !== this.pendFile || (space !== this.pendSpace && this.pendLen > 0)) {
      this.flush();
      this.pendFile = file;
    }
    this.pendSpace = space;
    if (
      this.size > 0 &&
      (bucket < 0 || space < 0 || this.space !== space || (this.buckets as Uint8Array)[bucket] === 1)
    ) {
      const o = this.find(h1, h2);
      if (o >= 0 && o !== file) return true;
    }
    let p = this.pend;
    const k = this.pendLen;
    if (k + 3 > p.length) {
      const q = new Int32Array(p.length * 2);
      q.set(p);
      this.pend = p = q;
    }
    p[k] = h1;
    p[k + 1] = h2;
    p[k + 2] = space < 0 ? NO_BUCKET : bucket;
    this.pendLen = k + 3;
    return false;
  }

  /** Forget every row of `file` (a file dropped part-way must not make later rows duplicates). */
  forgetFile(file: number): void {
    if (this.pendFile === file) {
      this.pendLen = 0;
      this.pendFile = -1;
    }
    const { k1, k2, owner } = this;
    let dropped = 0;
    for (let i = 0; i < owner.length; i++) if (owner[i] === file) dropped++;
    if (!dropped) return;
    this.owner = new Int32Array(owner.length).fill(-1);
    this.k1 = new Uint32Array(owner.length);
    this.k2 = new Uint32Array(owner.length);
    this.size = 0;
    for (let i = 0; i < owner.length; i++) if (owner[i] >= 0 && owner[i] !== file) this.insert(k1[i], k2[i], owner[i]);
  }

  /** The file that first held key (h1, h2); records `file` as its holder when new (generic CSV). */
  holder(h1: number, h2: number, file: number): number {
    if (this.pendLen > 0) this.flush();
    this.pendFile = -1;
    this.space = -1; // rows without a bucket: every later row must be probed
    const o = this.find(h1, h2);
    if (o >= 0) return o;
    this.insert(h1 >>> 0, h2 >>> 0, file);
    return file;
  }

  /** Move the pending rows into the table. */
  private flush(): void {
    const p = this.pend;
    const n = this.pendLen;
    const file = this.pendFile;
    if (n === 0) return;
    if (this.buckets === null) this.buckets = new Uint8Array(BUCKETS);
    const buckets = this.buckets;
    const sp = this.pendSpace;
    this.space = this.space === -2 ? sp : this.space === sp ? sp : -1;
    // Load factor at most 5/8: 10 million rows fit 2^24 slots (201 MB) instead of 2^25 at 1/2,
    // for about one more probe on a miss (linear probing: ½(1 + 1/(1 − α)²) ≈ 3.6 against 2.5).
    while ((this.size + n / 3) * 8 > this.mask * 5) this.rehash();
    for (let k = 0; k < n; k += 3) {
      const b = p[k + 2];
      if (b >= 0) buckets[b] = 1;
      else this.space = -1;
      const h1 = p[k] >>> 0;
      const h2 = p[k + 1] >>> 0;
      if (this.find(h1, h2) < 0) this.insert(h1, h2, file);
    }
    this.pendLen = 0;
    if (p.length > 3 * 65536) this.pend = new Int32Array(3 * 1024);
  }

  private find(h1: number, h2: number): number {
    h1 >>>= 0;
    h2 >>>= 0;
    const owner = this.owner;
    const mask = this.mask;
    let slot = (h1 ^ Math.imul(h2, 0x9e3779b1)) & mask;
    for (;;) {
      const o = owner[slot];
      if (o < 0) return -1;
      if (this.k1[slot] === h1 && this.k2[slot] === h2) return o;
      slot = (slot + 1) & mask;
    }
  }

  private insert(h1: number, h2: number, file: number): void {
    const owner = this.owner;
    let slot = (h1 ^ Math.imul(h2, 0x9e3779b1)) & this.mask;
    while (owner[slot] >= 0) slot = (slot + 1) & this.mask;
    this.k1[slot] = h1;
    this.k2[slot] = h2;
    owner[slot] = file;
    if (++this.size * 8 > this.mask * 5) this.rehash();
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
