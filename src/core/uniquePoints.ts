/**
 * Exact-coordinate deduplication of point columns.
 *
 * police.uk snaps every crime to one of ~750k anonymous map points, so 1M crimes sit on
 * far fewer distinct coordinates. Projecting or point-in-polygon testing each distinct pair
 * once and scattering the answer back is the cheapest way to handle them.
 *
 * Keys are the exact doubles (no rounding): two points are the same only when both
 * coordinates compare equal with `===`. Pairs with a NaN coordinate are not entered
 * (their `index` is -1). Open addressing on a power-of-two Int32Array table, hash over
 * the raw IEEE-754 bits.
 */

export interface UniquePoints {
  /** Number of distinct pairs. */
  count: number;
  /** Distinct coordinates, in order of first appearance. */
  ux: Float64Array;
  uy: Float64Array;
  /** For each input point, the index of its distinct pair in ux/uy, or -1 when x or y is NaN. */
  index: Int32Array;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function bitsHash(x: number, y: number): number {
  f64[0] = x;
  let h = Math.imul(u32[0] ^ 0x9e3779b9, 0x85ebca6b) ^ u32[1];
  f64[0] = y;
  h = Math.imul(h ^ u32[0], 0xc2b2ae35) ^ Math.imul(u32[1], 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h;
}

/**
 * Distinct (x, y) pairs of the points listed in `which` (all points when omitted).
 * `index` always has x.length entries; points not listed in `which` get -1.
 */
export function uniquePoints(x: Float64Array, y: Float64Array, which?: Uint32Array | Int32Array): UniquePoints {
  const n = x.length;
  const m = which ? which.length : n;
  let size = 16;
  while (size < m * 2) size *= 2;
  const mask = size - 1;
  const table = new Int32Array(size).fill(-1);
  const ux = new Float64Array(Math.max(m, 1));
  const uy = new Float64Array(Math.max(m, 1));
  const index = new Int32Array(n).fill(-1);
  let count = 0;
  for (let k = 0; k < m; k++) {
    const i = which ? which[k] : k;
    const px = x[i];
    const py = y[i];
    if (px !== px || py !== py) continue; // NaN
    let slot = bitsHash(px, py) & mask;
    for (;;) {
      const u = table[slot];
      if (u === -1) {
        table[slot] = count;
        ux[count] = px;
        uy[count] = py;
        index[i] = count++;
        break;
      }
      if (ux[u] === px && uy[u] === py) {
        index[i] = u;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return { count, ux: ux.subarray(0, count), uy: uy.subarray(0, count), index };
}

/**
 * The same distinct pairs renumbered from south to north (ascending y; bands of `band` units,
 * counting sort, first appearance within a band). Work that visits every distinct point and
 * reads a grid at it (hotspot classification reads four cells of a million-cell surface) then
 * walks the grid row by row instead of jumping across it. `index` is remapped to match.
 */
export function southToNorth(u: UniquePoints, band: number): UniquePoints {
  const { count, ux, uy, index } = u;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let q = 0; q < count; q++) {
    if (uy[q] < minY) minY = uy[q];
    if (uy[q] > maxY) maxY = uy[q];
  }
  if (!(band > 0) || count < 2 || !Number.isFinite(maxY - minY)) return u;
  // At most ~4M bands (a wider band for a tiny `band` over a long extent).
  const width = Math.max(band, (maxY - minY) / 4e6);
  const bands = Math.floor((maxY - minY) / width) + 1;
  const start = new Int32Array(bands + 1);
  const bandOf = new Int32Array(count);
  for (let q = 0; q < count; q++) start[(bandOf[q] = Math.floor((uy[q] - minY) / width)) + 1]++;
  for (let b = 0; b < bands; b++) start[b + 1] += start[b];
  const renumber = new Int32Array(count);
  const sx = new Float64Array(count);
  const sy = new Float64Array(count);
  for (let q = 0; q < count; q++) {
    const to = start[bandOf[q]]++;
    renumber[q] = to;
    sx[to] = ux[q];
    sy[to] = uy[q];
  }
  const remapped = new Int32Array(index.length);
  for (let i = 0; i < index.length; i++) remapped[i] = index[i] < 0 ? -1 : renumber[index[i]];
  return { count, ux: sx, uy: sy, index: remapped };
}
