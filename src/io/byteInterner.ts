/**
 * Byte string → dictionary index cache. The police.uk fast path looks up Location, LSOA
 * code, force and crime type by their raw bytes (word-at-a-time FNV-style hash, then a
 * byte compare), so a string is decoded and interned once per distinct value, not once
 * per row. Open addressing with linear probing; each slot is 4 consecutive Int32s
 * (hash, pool offset, meta, value) so a probe touches one cache line; keys are copied
 * into one byte pool. meta = 0 for an empty slot, else (length + 1) * 2 + (decoded as
 * Windows-1252 ? 1 : 0).
 */
import { decodeSlice } from './textDecode.ts';

export class ByteInterner {
  private mask: number;
  private slots: Int32Array;
  private pool = new Uint8Array(1 << 16);
  private poolLen = 0;
  /** Slot index (×4) of the last value returned, -1 = none: sorted files repeat values. */
  private last = -1;
  size = 0;
  /** Set when a looked-up value had been decoded as Windows-1252; the caller resets it. */
  sawWindows1252 = false;

  /** resolve: decoded text → value stored (e.g. a dictionary index, or -1 for "unknown"). */
  constructor(
    private readonly resolve: (text: string) => number,
    capacity = 1024,
  ) {
    const cap = 1 << Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.mask = cap - 1;
    this.slots = new Int32Array(cap * 4);
  }

  /** Value for bytes buf[s, e). */
  get(buf: Uint8Array, s: number, e: number): number {
    const len = e - s;
    const slots = this.slots;
    const last = this.last;
    if (last >= 0 && slots[last + 2] >> 1 === len + 1 && this.same(slots[last + 1], buf, s, len)) {
      if ((slots[last + 2] & 1) === 1) this.sawWindows1252 = true;
      return slots[last + 3];
    }
    let h = 0x811c9dc5 ^ len;
    let i = s;
    for (const end4 = e - 3; i < end4; i += 4) h = Math.imul(h ^ (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24)), 0x01000193);
    for (; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 13;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const k = slot << 2;
      const meta = slots[k + 2];
      if (meta === 0) break;
      if (slots[k] === h && meta >> 1 === len + 1 && this.same(slots[k + 1], buf, s, len)) {
        if ((meta & 1) === 1) this.sawWindows1252 = true;
        this.last = k;
        return slots[k + 3];
      }
      slot = (slot + 1) & mask;
    }
    const { text, encoding } = decodeSlice(buf, s, e);
    const value = this.resolve(text);
    const flag = encoding === 'windows-1252' ? 1 : 0;
    if (flag) this.sawWindows1252 = true;
    if (this.poolLen + len > this.pool.length) {
      const p = new Uint8Array(Math.max(this.pool.length * 2, this.poolLen + len));
      p.set(this.pool.subarray(0, this.poolLen));
      this.pool = p;
    }
    this.pool.set(buf.subarray(s, e), this.poolLen);
    const k = slot << 2;
    slots[k] = h;
    slots[k + 1] = this.poolLen;
    slots[k + 2] = (len + 1) * 2 + flag;
    slots[k + 3] = value;
    this.poolLen += len;
    this.last = k;
    if (++this.size * 2 > mask) this.rehash();
    return value;
  }

  private same(off: number, buf: Uint8Array, s: number, len: number): boolean {
    const pool = this.pool;
    for (let k = 0; k < len; k++) if (pool[off + k] !== buf[s + k]) return false;
    return true;
  }

  private rehash(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    const mask = cap - 1;
    const slots = new Int32Array(cap * 4);
    for (let k = 0; k < old.length; k += 4) {
      if (old[k + 2] === 0) continue;
      let slot = old[k] & mask;
      while (slots[(slot << 2) + 2] !== 0) slot = (slot + 1) & mask;
      slots.set(old.subarray(k, k + 4), slot << 2);
    }
    this.mask = mask;
    this.slots = slots;
    this.last = -1;
  }
}
