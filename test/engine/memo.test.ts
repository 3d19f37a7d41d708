/** The engine's one memo helper (src/engine/memo.ts). */
import { describe, expect, it } from 'vitest';
import { byIdentity, Memo } from '../../src/engine/memo.ts';

describe('Memo', () => {
  it('computes once per key, keeps the last `size` keys, most recently used first', () => {
    const calls: number[] = [];
    const m = new Memo(
      (k: number) => (calls.push(k), k * 10),
      (a, b) => a === b,
      2,
    );
    expect([m.get(1), m.get(2), m.get(1)]).toEqual([10, 20, 10]);
    expect(m.lastHit).toBe(true);
    m.get(3); // evicts 2, the least recently used
    m.get(1);
    expect(m.lastHit).toBe(true);
    m.get(2);
    expect(m.lastHit).toBe(false);
    expect(calls).toEqual([1, 2, 3, 2]);
  });
  it('a match may depend on the kept value (a box that covers the asked extent)', () => {
    const m = new Memo(
      (k: { lo: number; hi: number }) => ({ lo: k.lo - 10, hi: k.hi + 10 }),
      (_a, b, v) => b.lo >= v.lo && b.hi <= v.hi,
    );
    const first = m.get({ lo: 0, hi: 5 });
    expect(m.get({ lo: -5, hi: 12 })).toBe(first);
    expect(m.get({ lo: -11, hi: 0 })).not.toBe(first);
  });
  it('byIdentity: the same object hits, an equal copy misses; clear() forgets', () => {
    const a = new Float64Array([1, 2]);
    let n = 0;
    const m = byIdentity((x: Float64Array) => (n++, x.length));
    m.get(a);
    m.get(a);
    m.get(a.slice());
    expect(n).toBe(2);
    m.clear();
    m.get(a);
    expect(n).toBe(3);
  });
});
