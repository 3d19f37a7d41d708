/**
 * The one memo helper of the engine: a derived product kept for its last `size` distinct
 * inputs, most recently used first. Each product declares its inputs as a key and how two keys
 * match (identity of the arrays and objects they were derived from, plus the numbers that
 * change the result); nothing is ever invalidated by hand: a new input simply misses, and the
 * oldest entry falls out. `clear()` only frees memory early (e.g. when a new crime table
 * replaces the old one, entries keyed on the old table can never match again).
 */
export class Memo<K, V> {
  private entries: { key: K; value: V }[] = [];
  /** Whether the last get() found its entry (for the session's binning statistics). */
  lastHit = false;

  constructor(
    private readonly compute: (key: K) => V,
    /** True when an entry made for `kept` (whose value is `value`) answers `key`. */
    private readonly matches: (kept: K, key: K, value: V) => boolean,
    private readonly size = 1,
  ) {}

  get(key: K): V {
    const k = this.entries.findIndex((e) => this.matches(e.key, key, e.value));
    this.lastHit = k >= 0;
    if (k >= 0) {
      const [e] = this.entries.splice(k, 1);
      this.entries.unshift(e);
      return e.value;
    }
    const value = this.compute(key);
    this.entries.unshift({ key, value });
    if (this.entries.length > this.size) this.entries.length = this.size;
    return value;
  }

  clear(): void {
    this.entries = [];
  }
}

/** Memo on the identity of a single input (a table, a ward index, an assignment…). */
export function byIdentity<K, V>(compute: (key: K) => V): Memo<K, V> {
  return new Memo(compute, (a, b) => a === b, 1);
}
