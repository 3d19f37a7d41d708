/**
 * Growable columnar builder for CrimeTable. Parsers push one row at a time into
 * typed arrays (doubling capacity), strings are interned into dictionaries.
 * `finish()` returns exact-length arrays ready to transfer.
 */
import type { CrimeTable } from '../core/types.ts';

type Num = Float64Array | Float32Array | Uint16Array | Uint32Array;

function grow<T extends Num>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

/** A string dictionary: value → index. Index 0 is always '' (none). */
export class Dictionary {
  readonly values: string[] = [''];
  private readonly index = new Map<string, number>([['', 0]]);

  constructor(initial: readonly string[] = []) {
    for (const v of initial) this.intern(v);
  }

  intern(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      // Copy the string so a sliced substring does not pin a whole file in memory (V8).
      const own = (' ' + value).slice(1);
      this.values.push(own);
      this.index.set(own, i);
    }
    return i;
  }

  get(value: string): number | undefined {
    return this.index.get(value);
  }
}

export class CrimeTableBuilder {
  length = 0;
  private cap: number;
  lon: Float64Array;
  lat: Float64Array;
  x: Float64Array;
  y: Float64Array;
  month: Uint16Array;
  category: Uint16Array;
  weight: Float32Array;
  location: Uint32Array;
  lsoa: Uint32Array;
  force: Uint16Array;
  source: Uint16Array;
  line: Uint32Array;
  readonly categories: Dictionary;
  readonly locations = new Dictionary();
  readonly lsoas = new Dictionary();
  readonly forces = new Dictionary();
  readonly sources = new Dictionary();

  constructor(capacity = 1024, categories: readonly string[] = []) {
    this.cap = Math.max(16, capacity);
    this.lon = new Float64Array(this.cap);
    this.lat = new Float64Array(this.cap);
    this.x = new Float64Array(this.cap).fill(NaN);
    this.y = new Float64Array(this.cap).fill(NaN);
    this.month = new Uint16Array(this.cap);
    this.category = new Uint16Array(this.cap);
    this.weight = new Float32Array(this.cap);
    this.location = new Uint32Array(this.cap);
    this.lsoa = new Uint32Array(this.cap);
    this.force = new Uint16Array(this.cap);
    this.source = new Uint16Array(this.cap);
    this.line = new Uint32Array(this.cap);
    this.categories = new Dictionary(categories);
  }

  private ensure(): void {
    if (this.length < this.cap) return;
    // 1.5×, not 2×: ten million rows one by one end in a 11.5-million-row builder, not 16.8 (a
    // third more copying, a third less memory held).
    this.resize(Math.max(16, Math.ceil(this.cap * 1.5)));
  }

  /**
   * Room for at least `rows` rows (`exactly`: that many, for a caller that knows). Grows once, to the larger of `rows` and 1.5 × the capacity,
   * so appending whole files (appendRows) costs amortised O(1) a row while holding at most half
   * again the rows (doubling, as push does, can hold twice).
   */
  reserve(rows: number, exactly = false): void {
    if (rows > this.cap) this.resize(exactly ? rows : Math.max(16, rows, Math.ceil(this.cap * 1.5)));
  }

  private resize(cap: number): void {
    this.lon = grow(this.lon, cap);
    this.lat = grow(this.lat, cap);
    const x = new Float64Array(cap).fill(NaN);
    x.set(this.x.subarray(0, this.length));
    this.x = x;
    const y = new Float64Array(cap).fill(NaN);
    y.set(this.y.subarray(0, this.length));
    this.y = y;
    this.month = grow(this.month, cap);
    this.category = grow(this.category, cap);
    this.weight = grow(this.weight, cap);
    this.location = grow(this.location, cap);
    this.lsoa = grow(this.lsoa, cap);
    this.force = grow(this.force, cap);
    this.source = grow(this.source, cap);
    this.line = grow(this.line, cap);
    this.cap = cap;
  }

  /**
   * Append every row of `t`, its dictionary indexes mapped to this builder's (`map.category[i]`
   * is this builder's index of `t.categories[i]`, and so on) and its source set to `source`:
   * what pushing its rows one by one gives, in column copies.
   */
  appendRows(
    t: CrimeTable,
    map: {
      category: ArrayLike<number>;
      location: ArrayLike<number>;
      lsoa: ArrayLike<number>;
      force: ArrayLike<number>;
    },
    source: number,
  ): void {
    const n = t.length;
    const at = this.length;
    this.reserve(at + n);
    this.lon.set(t.lon.subarray(0, n), at);
    this.lat.set(t.lat.subarray(0, n), at);
    this.x.set(t.x.subarray(0, n), at);
    this.y.set(t.y.subarray(0, n), at);
    this.month.set(t.month.subarray(0, n), at);
    this.weight.set(t.weight.subarray(0, n), at);
    this.line.set(t.line.subarray(0, n), at);
    this.source.fill(source, at, at + n);
    remap(this.category, at, t.category, n, map.category);
    remap(this.location, at, t.location, n, map.location);
    remap(this.lsoa, at, t.lsoa, n, map.lsoa);
    remap(this.force, at, t.force, n, map.force);
    this.length = at + n;
  }

  /**
   * Append a row. Pass lon/lat (WGS84) and/or x/y (BNG, NaN when not known);
   * dictionary indexes come from this builder's dictionaries.
   */
  push(
    lon: number,
    lat: number,
    x: number,
    y: number,
    month: number,
    category: number,
    weight: number,
    location: number,
    lsoa: number,
    force: number,
    source: number,
    line: number,
  ): number {
    this.ensure();
    const i = this.length++;
    this.lon[i] = lon;
    this.lat[i] = lat;
    this.x[i] = x;
    this.y[i] = y;
    this.month[i] = month;
    this.category[i] = category;
    this.weight[i] = weight;
    this.location[i] = location;
    this.lsoa[i] = lsoa;
    this.force[i] = force;
    this.source[i] = source;
    this.line[i] = line;
    return i;
  }

  /**
   * The rows so far as a table of exact-length columns, which the builder keeps as its own
   * (its capacity becomes its length): a column is copied only while it is longer than the
   * rows, one column at a time, so a ten-million-row table is never held twice. Later pushes
   * never change the table: a push past the capacity grows into new arrays first, and a file
   * dropped part-way only rewinds to a length at or after this one. Transferring the table's
   * buffers detaches the builder's: only a builder that is then dropped (a part read in a
   * thread) may be finished for transfer.
   */
  finish(): CrimeTable {
    const n = this.length;
    if (this.cap > n) {
      this.lon = this.lon.slice(0, n);
      this.lat = this.lat.slice(0, n);
      this.x = this.x.slice(0, n);
      this.y = this.y.slice(0, n);
      this.month = this.month.slice(0, n);
      this.category = this.category.slice(0, n);
      this.weight = this.weight.slice(0, n);
      this.location = this.location.slice(0, n);
      this.lsoa = this.lsoa.slice(0, n);
      this.force = this.force.slice(0, n);
      this.source = this.source.slice(0, n);
      this.line = this.line.slice(0, n);
      this.cap = n;
    }
    return {
      length: n,
      lon: this.lon,
      lat: this.lat,
      x: this.x,
      y: this.y,
      month: this.month,
      category: this.category,
      weight: this.weight,
      location: this.location,
      lsoa: this.lsoa,
      force: this.force,
      source: this.source,
      line: this.line,
      categories: this.categories.values.slice(),
      locations: this.locations.values.slice(),
      lsoas: this.lsoas.values.slice(),
      forces: this.forces.values.slice(),
      sources: this.sources.values.slice(),
    };
  }
}

/** dst[at + i] = map[src[i]] for i < n. */
function remap(
  dst: Uint16Array | Uint32Array,
  at: number,
  src: Uint16Array | Uint32Array,
  n: number,
  map: ArrayLike<number>,
): void {
  for (let i = 0; i < n; i++) dst[at + i] = map[src[i]];
}

/** Concatenate tables (re-interning dictionaries). Used when files are loaded one after another. */
export function concatTables(tables: readonly CrimeTable[]): CrimeTable {
  const total = tables.reduce((s, t) => s + t.length, 0);
  const b = new CrimeTableBuilder(total);
  for (const t of tables) {
    const cat = t.categories.map((c) => b.categories.intern(c));
    const loc = t.locations.map((c) => b.locations.intern(c));
    const ls = t.lsoas.map((c) => b.lsoas.intern(c));
    const fo = t.forces.map((c) => b.forces.intern(c));
    const so = t.sources.map((c) => b.sources.intern(c));
    const at = b.length;
    b.appendRows(t, { category: cat, location: loc, lsoa: ls, force: fo }, 0);
    for (let i = 0; i < t.length; i++) b.source[at + i] = so[t.source[i]];
  }
  return b.finish();
}
