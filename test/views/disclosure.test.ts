import { describe, expect, it } from 'vitest';
import { figure, protectGroup, type Figure } from '../../src/analysis/disclosure.ts';

const pub = { public: true, sensitiveMin: 10 };
const states = (fs: Figure[]) =>
  fs.map((f) => (f.state === 'shown' ? f.value : f.state === 'small' ? `<${f.limit}` : 'x'));
/** What a reader can work out from a group and its shown total: the hidden sum and how many cells share it. */
function hiddenSum(values: number[], fs: Figure[]): { sum: number; cells: number } {
  const total = values.reduce((a, b) => a + b, 0);
  const shown = fs.filter((f) => f.state === 'shown').reduce((a, f) => a + f.value, 0);
  return { sum: total - shown, cells: fs.filter((f) => f.state !== 'shown').length };
}

describe('disclosure rule', () => {
  it('primary: 1 and 2 read "fewer than 3"; sensitive counts below the minimum read "fewer than 10"; 0 is shown', () => {
    expect(figure(1, false, pub).text).toBe('fewer than 3');
    expect(figure(2, false, pub).text).toBe('fewer than 3');
    expect(figure(3, false, pub).text).toBe('3');
    expect(figure(9, true, pub).text).toBe('fewer than 10');
    expect(figure(10, true, pub).text).toBe('10');
    expect(figure(0, true, pub).text).toBe('0');
    expect(figure(1, false, { public: false }).text).toBe('1');
    // A minimum under 3 still hides 1 and 2.
    expect(figure(2, true, { public: true, sensitiveMin: 2 }).text).toBe('fewer than 3');
  });

  it('secondary: a single hidden cell is never recoverable from the total', () => {
    const v = [40, 12, 1, 30];
    const g = protectGroup(
      v.map((value) => ({ value, sensitive: false })),
      pub,
    );
    expect(g.safe).toBe(true);
    expect(states(g.cells)).toEqual([40, 'x', '<3', 30]);
    const h = hiddenSum(v, g.cells);
    expect(h.cells).toBeGreaterThanOrEqual(2);
    expect(h.sum).toBeGreaterThanOrEqual(3);
  });

  it('secondary: hidden cells are added until their sum reaches the largest limit', () => {
    const v = [1, 1, 5, 6, 50];
    const g = protectGroup(
      v.map((value) => ({ value, sensitive: false })),
      pub,
    );
    expect(states(g.cells)).toEqual(['<3', '<3', 'x', 6, 50]);
    const sens = protectGroup(
      [
        { value: 4, sensitive: true },
        { value: 3, sensitive: false },
        { value: 5, sensitive: false },
        { value: 100, sensitive: false },
      ],
      pub,
    );
    expect(states(sens.cells)).toEqual(['<10', 'x', 'x', 100]);
    expect(4 + 3 + 5).toBeGreaterThanOrEqual(10);
  });

  it('zeros stay shown, and a group that cannot be protected says so', () => {
    const g = protectGroup(
      [
        { value: 0, sensitive: false },
        { value: 4, sensitive: true },
        { value: 0, sensitive: false },
      ],
      pub,
    );
    expect(g.safe).toBe(false);
    const ok = protectGroup(
      [
        { value: 0, sensitive: false },
        { value: 7, sensitive: false },
      ],
      pub,
    );
    expect(ok).toEqual({ cells: [figure(0, false, pub), figure(7, false, pub)], safe: true });
  });

  it('property: for random groups, no hidden cell is recoverable (≥ 2 hidden, hidden sum ≥ the largest limit) or the group is unsafe', () => {
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let k = 0; k < 2000; k++) {
      const n = 1 + Math.floor(rnd() * 12);
      const cells = Array.from({ length: n }, () => ({
        value: rnd() < 0.3 ? Math.floor(rnd() * 3) : Math.floor(rnd() * 40),
        sensitive: rnd() < 0.3,
      }));
      const g = protectGroup(cells, pub);
      const hidden = g.cells.filter((f) => f.state !== 'shown');
      for (const [i, f] of g.cells.entries())
        if (f.state === 'shown' && f.value > 0) expect(f.value >= f.limit, `${i}`).toBe(true);
      if (!hidden.length || !g.safe) continue;
      expect(hidden.length).toBeGreaterThanOrEqual(2);
      expect(hidden.reduce((a, f) => a + f.value, 0)).toBeGreaterThanOrEqual(Math.max(...hidden.map((f) => f.limit)));
    }
  });
});
