/**
 * police.uk map-point cache. police.uk snaps every crime to one of ~750k anonymous map
 * points, and a map point always comes with the same Location and LSOA, so the bytes
 * "Longitude,Latitude,Location,LSOA code" of a row repeat exactly, ~10 times each in a
 * London year. This cache keys on those bytes and keeps what the row logic derives from
 * them: the parsed and classified coordinates (coordinates.ts), and the Location / LSOA
 * dictionary indexes once a row with that point has been accepted. Everything stored is a
 * function of the key bytes alone, so results are identical to parsing every row.
 *
 * Layout (the cache is far bigger than the CPU caches and rows come in any order, so a
 * lookup is dominated by memory misses; this keeps it to about two):
 * - slots: open addressing with linear probing, 2 Int32s per slot (hash, entry + 1).
 * - entries, in one arena: 9 doubles (the P_* fields, then the key length) followed by
 *   the key bytes, so the key comparison and the record read touch the same cache lines.
 * - The hash covers only the coordinate bytes (the part that tells map points apart) and
 *   the key length; the whole key is compared on a hash match, so lookups are exact.
 */

/** Point outcomes, beyond coordinates.ts's COORD_* kinds (0 ok … 4 null island). */
export const POINT_NO_COORDINATES = 5;
export const POINT_ONE_BLANK = 6;

/** Fields of a point's record rec[r + P_*] (r = entry index from find/add). */
export const P_LON = 0;
export const P_LAT = 1;
export const P_X = 2;
export const P_Y = 3;
/** COORD_* kind or POINT_*. */
export const P_KIND = 4;
/** 1 when the key has a byte ≥ 0x80: its strings are looked up every time (encoding flags). */
export const P_HIGH = 5;
/** Dictionary indexes, -1 until a row with this point is accepted. */
export const P_LOCATION = 6;
export const P_LSOA = 7;
/** Key length in bytes; the key follows at byte 8 × (r + HEAD). */
const P_LEN = 8;
const HEAD = 9;

function viewOf(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

export class MapPointCache {
  /** Number of points. */
  count = 0;
  /** Entry records (see P_*); replaced when the arena grows, so read it after find/add. */
  rec: Float64Array;
  private bytes: Uint8Array;
  private bytesView: DataView;
  /** Arena use, in doubles. */
  private used = 0;
  private mask: number;
  private slots: Int32Array;
  private buf: Uint8Array | null = null;
  private view: DataView;
  private missHash = 0;
  private missSlot = 0;

  constructor(capacity = 1 << 14) {
    const cap = 1 << Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.mask = cap - 1;
    this.slots = new Int32Array(cap * 2);
    this.rec = new Float64Array(16 * 1024);
    this.bytes = new Uint8Array(this.rec.buffer);
    this.bytesView = this.view = viewOf(this.bytes);
  }

  /**
   * Entry index r of the point whose key is buf[ks, ke), hashed over buf[ks, he) (he ≤ ke:
   * the end of the coordinates), or -1 when new (then add() must follow at once).
   */
  find(buf: Uint8Array, ks: number, he: number, ke: number): number {
    let dv = this.view;
    if (buf !== this.buf) {
      this.buf = buf;
      dv = this.view = viewOf(buf);
    }
    const len = ke - ks;
    let h = 0x811c9dc5 ^ len;
    let i = ks;
    for (const end4 = he - 3; i < end4; i += 4) {
      h = Math.imul(h ^ dv.getInt32(i, true), 0x01000193);
      h = (h << 11) | (h >>> 21);
    }
    for (; i < he; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 13;
    const slots = this.slots;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const k = slot << 1;
      const e = slots[k + 1];
      if (e === 0) break;
      if (slots[k] === h) {
        const r = e - 1;
        if (this.rec[r + P_LEN] === len && this.same(8 * (r + HEAD), buf, dv, ks, len)) return r;
      }
      slot = (slot + 1) & mask;
    }
    this.missHash = h;
    this.missSlot = slot;
    return -1;
  }

  /** Add the key buf[ks, ke) that find() just missed; returns its entry index r (fields to be filled by the caller). */
  add(buf: Uint8Array, ks: number, ke: number): number {
    const len = ke - ks;
    const size = HEAD + ((len + 7) >> 3);
    if (this.used + size > this.rec.length) this.grow(this.used + size);
    const r = this.used;
    this.used += size;
    const rec = this.rec;
    rec[r + P_LOCATION] = -1;
    rec[r + P_LSOA] = -1;
    rec[r + P_LEN] = len;
    this.bytes.set(buf.subarray(ks, ke), 8 * (r + HEAD));
    const k = this.missSlot << 1;
    this.slots[k] = this.missHash;
    this.slots[k + 1] = r + 1;
    if (++this.count * 2 > this.mask) this.rehash();
    return r;
  }

  private same(off: number, buf: Uint8Array, dv: DataView, s: number, len: number): boolean {
    const pv = this.bytesView;
    let k = 0;
    for (const end4 = len - 3; k < end4; k += 4) if (pv.getInt32(off + k, true) !== dv.getInt32(s + k, true)) return false;
    const pool = this.bytes;
    for (; k < len; k++) if (pool[off + k] !== buf[s + k]) return false;
    return true;
  }

  private grow(need: number): void {
    const rec = new Float64Array(Math.max(this.rec.length * 2, need));
    rec.set(this.rec.subarray(0, this.used));
    this.rec = rec;
    this.bytes = new Uint8Array(rec.buffer);
    this.bytesView = viewOf(this.bytes);
  }

  private rehash(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    const mask = cap - 1;
    const slots = new Int32Array(cap * 2);
    for (let k = 0; k < old.length; k += 2) {
      if (old[k + 1] === 0) continue;
      let slot = old[k] & mask;
      while (slots[(slot << 1) + 1] !== 0) slot = (slot + 1) & mask;
      slots[slot << 1] = old[k];
      slots[(slot << 1) + 1] = old[k + 1];
    }
    this.mask = mask;
    this.slots = slots;
  }
}
