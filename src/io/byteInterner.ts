/**
 * Byte string → value caches for the police.uk fast path.
 *
 * ByteTable: open addressing with linear probing over byte keys; each slot is 4
 * consecutive Int32s (hash, pool offset, meta, value) so a probe touches one cache line;
 * keys are copied into one byte pool. meta = 0 for an empty slot, else (length + 1) * 2 +
 * flag bit. Keys are hashed and compared a 32-bit word at a time (DataView reads, with
 * single bytes for the tail), so a 60-byte key costs ~15 steps, not 60.
 *
 * ByteInterner: a ByteTable whose value is computed from the decoded text on first sight
 * (Location, LSOA code, force and crime type are looked up by their raw bytes, so a
 * string is decoded and interned once per distinct value, not once per row).
 */
import { decodeSlice } from './textDecode.ts';

/** Hash of bytes[s, e) (word at a time). dv must view buf's bytes (same byteOffset). */
export function hashBytes(buf: Uint8Array, dv: DataView, s: number, e: number): number {
  let h = 0x811c9dc5 ^ (e - s);
  let i = s;
  for (const end4 = e - 3; i < end4; i += 4) {
    h = Math.imul(h ^ dv.getInt32(i, true), 0x01000193);
    h = (h << 11) | (h >>> 21);
  }
  for (; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 13;
  return h;
}

function viewOf(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

export class ByteTable {
  private mask: number;
  private slots: Int32Array;
  private pool = new Uint8Array(1 << 16);
  private poolView = viewOf(this.pool);
  private poolLen = 0;
  /** DataView of the last buffer looked up in (chunks are reused for thousands of rows). */
  private buf: Uint8Array | null = null;
  private view: DataView = this.poolView;
  /** Slot index (×4) of the last key found or added, -1 = none: sorted files repeat values. */
  private last = -1;
  /** Hash of the last missed key (for add). */
  private missHash = 0;
  private missSlot = 0;
  size = 0;
  /** Flag bit of the last key found (set by add). */
  flag = 0;

  constructor(capacity = 1024) {
    const cap = 1 << Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.mask = cap - 1;
    this.slots = new Int32Array(cap * 4);
  }

  /** DataView over buf (cached per buffer). */
  viewFor(buf: Uint8Array): DataView {
    if (buf !== this.buf) {
      this.buf = buf;
      this.view = viewOf(buf);
    }
    return this.view;
  }

  /** Value stored for bytes buf[s, e), or -1 when absent (then add() may follow at once). */
  find(buf: Uint8Array, s: number, e: number, useLast = true): number {
    const len = e - s;
    const slots = this.slots;
    const dv = this.viewFor(buf);
    const last = this.last;
    if (useLast && last >= 0 && slots[last + 2] >> 1 === len + 1 && this.same(slots[last + 1], buf, dv, s, len)) {
      this.flag = slots[last + 2] & 1;
      return slots[last + 3];
    }
    const h = hashBytes(buf, dv, s, e);
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const k = slot << 2;
      const meta = slots[k + 2];
      if (meta === 0) break;
      if (slots[k] === h && meta >> 1 === len + 1 && this.same(slots[k + 1], buf, dv, s, len)) {
        this.flag = meta & 1;
        this.last = k;
        return slots[k + 3];
      }
      slot = (slot + 1) & mask;
    }
    this.missHash = h;
    this.missSlot = slot;
    return -1;
  }

  /** Add bytes buf[s, e) → value (≥ 0); must directly follow a find() of the same bytes that returned -1. */
  add(buf: Uint8Array, s: number, e: number, value: number, flag = 0): void {
    const len = e - s;
    if (this.poolLen + len > this.pool.length) {
      const p = new Uint8Array(Math.max(this.pool.length * 2, this.poolLen + len));
      p.set(this.pool.subarray(0, this.poolLen));
      this.pool = p;
      this.poolView = viewOf(p);
    }
    this.pool.set(buf.subarray(s, e), this.poolLen);
    const slots = this.slots;
    const k = this.missSlot << 2;
    slots[k] = this.missHash;
    slots[k + 1] = this.poolLen;
    slots[k + 2] = (len + 1) * 2 + (flag ? 1 : 0);
    slots[k + 3] = value;
    this.poolLen += len;
    this.last = k;
    this.flag = flag ? 1 : 0;
    if (++this.size * 2 > this.mask) this.rehash();
  }

  private same(off: number, buf: Uint8Array, dv: DataView, s: number, len: number): boolean {
    const pool = this.pool;
    const pv = this.poolView;
    let k = 0;
    for (const end4 = len - 3; k < end4; k += 4)
      if (pv.getInt32(off + k, true) !== dv.getInt32(s + k, true)) return false;
    for (; k < len; k++) if (pool[off + k] !== buf[s + k]) return false;
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

export class ByteInterner {
  private readonly table: ByteTable;
  /** Set when a looked-up value had been decoded as Windows-1252; the caller resets it. */
  sawWindows1252 = false;

  /** resolve: decoded text → value stored (e.g. a dictionary index, or -1 for "unknown"). */
  constructor(
    private readonly resolve: (text: string) => number,
    capacity = 1024,
  ) {
    this.table = new ByteTable(capacity);
  }

  get size(): number {
    return this.table.size;
  }

  /** Value for bytes buf[s, e). */
  get(buf: Uint8Array, s: number, e: number): number {
    const t = this.table;
    // Values are stored +1 so that a resolved -1 ("unknown") is cached too.
    const v = t.find(buf, s, e);
    if (v >= 0) {
      if (t.flag === 1) this.sawWindows1252 = true;
      return v - 1;
    }
    const { text, encoding } = decodeSlice(buf, s, e);
    const value = this.resolve(text);
    const flag = encoding === 'windows-1252' ? 1 : 0;
    if (flag) this.sawWindows1252 = true;
    t.add(buf, s, e, value + 1, flag);
    return value;
  }
}
