import { describe, expect, it } from 'vitest';
import { compareCounts, compareWards, poissonZ, previousPeriod } from '../../src/analysis/compare.ts';
import { monthIndex } from '../../src/core/months.ts';

describe('previousPeriod', () => {
  it('is the equal-length window immediately before', () => {
    expect(previousPeriod(monthIndex(2024, 1), monthIndex(2024, 12))).toEqual({
      from: monthIndex(2023, 1),
      to: monthIndex(2023, 12),
    });
    expect(previousPeriod(monthIndex(2024, 3), monthIndex(2024, 3))).toEqual({
      from: monthIndex(2024, 2),
      to: monthIndex(2024, 2),
    });
    expect(previousPeriod(monthIndex(2024, 2), monthIndex(2024, 4))).toEqual({
      from: monthIndex(2023, 11),
      to: monthIndex(2024, 1),
    });
  });
});

describe('compareCounts', () => {
  it('Poisson z = 2(√C − √P)', () => {
    expect(poissonZ(16, 9)).toBe(2); // 2(4 − 3)
    expect(poissonZ(100, 64)).toBe(4);
    expect(poissonZ(0, 4)).toBe(-4);
  });

  it('up 23% (within normal variation): 123 vs 100', () => {
    const c = compareCounts(123, 100);
    expect(c.difference).toBe(23);
    expect(c.percentChange).toBeCloseTo(23, 12);
    expect(c.z).toBeCloseTo(2 * (Math.sqrt(123) - 10), 12); // 2.18
    expect(c.likelyReal).toBe(true);
    expect(c.wheeler).toBe(false);
    expect(c.direction).toBe('up 23% (likely real change)');
  });

  it('flags |z| ≥ 3 as significant (Wheeler)', () => {
    const c = compareCounts(144, 100); // z = 2(12 − 10) = 4
    expect(c.wheeler).toBe(true);
    expect(c.direction).toBe('up 44% (significant)');
  });

  it('small changes are within normal variation', () => {
    const c = compareCounts(19, 20);
    expect(c.percentChange).toBeCloseTo(-5, 12);
    expect(c.likelyReal).toBe(false);
    expect(c.direction).toBe('down 5% (within normal variation)');
  });

  it('% change is null when the previous count is 0', () => {
    const c = compareCounts(4, 0);
    expect(c.percentChange).toBeNull();
    expect(c.z).toBe(4);
    expect(c.direction).toBe('new: 0 → 4');
    expect(compareCounts(0, 0)).toMatchObject({ percentChange: null, z: 0, direction: 'no change', likelyReal: false });
    expect(compareCounts(7, 7).direction).toBe('no change');
  });

  it('a fall to zero and a sub-1% change', () => {
    expect(compareCounts(0, 4).direction).toBe('down 100% (significant)');
    expect(compareCounts(1001, 1000).direction).toBe('up <1% (within normal variation)');
  });
});

describe('compareWards', () => {
  it('compares each ward and the total', () => {
    const r = compareWards([16, 0, 5], [9, 3, 0], { codes: ['A', 'B', 'C'], names: ['a', 'b', 'c'] });
    expect(r.wards.map((w) => [w.code, w.difference, w.direction])).toEqual([
      ['A', 7, 'up 78% (likely real change)'],
      ['B', -3, 'down 100% (significant)'], // z = 2(0 − √3) = −3.46,
      ['C', 5, 'new: 0 → 5'],
    ]);
    expect(r.total).toMatchObject({ current: 21, previous: 12, difference: 9, percentChange: 75 });
  });
});
