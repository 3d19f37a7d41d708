import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { southToNorth, uniquePoints } from '../../src/core/uniquePoints.ts';

/** Points on a coarse lattice (so pairs repeat), some with a NaN coordinate. */
const pointsArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), fc.boolean()), { maxLength: 300 })
  .map((ps) => ({
    x: Float64Array.from(ps, ([a, , nan]) => (nan && a % 7 === 0 ? NaN : a * 17.5)),
    y: Float64Array.from(ps, ([, b]) => 100_000 + b * 13.25),
  }));

describe('uniquePoints / southToNorth', () => {
  it('keeps every distinct pair once, maps each point to its pair, and numbers pairs by ascending band of y', () => {
    fc.assert(
      fc.property(pointsArb, fc.constantFrom(1, 13.25, 50, 1000), ({ x, y }, band) => {
        const u = uniquePoints(x, y);
        const s = southToNorth(u, band);
        expect(s.count).toBe(u.count);
        const key = (a: number, b: number) => `${a},${b}`;
        expect(new Set(Array.from(s.ux, (v, q) => key(v, s.uy[q])))).toEqual(
          new Set(Array.from(u.ux, (v, q) => key(v, u.uy[q]))),
        );
        expect(new Set(Array.from(s.ux, (v, q) => key(v, s.uy[q]))).size).toBe(s.count);
        for (let i = 0; i < x.length; i++) {
          if (Number.isNaN(x[i]) || Number.isNaN(y[i])) {
            expect(s.index[i]).toBe(-1);
            continue;
          }
          expect([s.ux[s.index[i]], s.uy[s.index[i]]]).toEqual([x[i], y[i]]);
        }
        // South to north: bands of `band` from the lowest y, in ascending order.
        let minY = Infinity;
        for (const v of s.uy) minY = Math.min(minY, v);
        for (let q = 1; q < s.count; q++)
          expect(Math.floor((s.uy[q] - minY) / band)).toBeGreaterThanOrEqual(Math.floor((s.uy[q - 1] - minY) / band));
      }),
      { numRuns: 200 },
    );
  });

  it('with band = the lattice step, the pairs come out in ascending y', () => {
    const x = Float64Array.from([5, 1, 5, 2, 9, 1, 3]);
    const y = Float64Array.from([30, 10, 30, 20, 0, 10, 40]);
    const s = southToNorth(uniquePoints(x, y), 10);
    expect(Array.from(s.uy)).toEqual([0, 10, 20, 30, 40]);
    expect(Array.from(s.ux)).toEqual([9, 1, 2, 5, 3]);
    expect(Array.from(s.index)).toEqual([3, 1, 3, 2, 0, 1, 4]);
  });
});
