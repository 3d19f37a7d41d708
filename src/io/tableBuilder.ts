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
    const cap = this.cap * 2;
    this.lon = grow(this.lon, cap);
    this.lat = grow(this.lat, cap);
    const x = new Float64Array(cap).fill(NaN);
    x.set(this.x);
    this.x = x;
    const y = new Float64Array(cap).fill(NaN);
    y.set(this.y);
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

  finish(): CrimeTable {
    const n = this.length;
    return {
      length: n,
      lon: this.lon.slice(0, n),
      lat: this.lat.slice(0, n),
      x: this.x.slice(0, n),
      y: this.y.slice(0, n),
      month: this.month.slice(0, n),
      category: this.category.slice(0, n),
      weight: this.weight.slice(0, n),
      location: this.location.slice(0, n),
      lsoa: this.lsoa.slice(0, n),
      force: this.force.slice(0, n),
      source: this.source.slice(0, n),
      line: this.line.slice(0, n),
      categories: this.categories.values.slice(),
      locations: this.locations.values.slice(),
      lsoas: this.lsoas.values.slice(),
      forces: this.forces.values.slice(),
      sources: this.sources.values.slice(),
    };
  }
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
    for (let i = 0; i < t.length; i++) {
      b.push(t.lon[i], t.lat[i], t.x[i], t.y[i], t.month[i], cat[t.category[i]], t.weight[i], loc[t.location[i]], ls[t.lsoa[i]], fo[t.force[i]], so[t.source[i]], t.line[i]);
    }
  }
  return b.finish();
}
