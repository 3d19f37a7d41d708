/**
 * The cube's counts (analysis/cubeCounts.ts) against a naive count written independently here
 * (a Map of text keys, then a sort by the documented order with string comparisons): the same
 * rows, the same counts, in the same order — wards by code, month, category; cells by cell size,
 * code ('' outside first), month, category, x0, y0 — on seeded random rows that cover points on
 * cell edges, negative coordinates, rows outside every ward, several months and categories whose
 * index order is not their string order.
 */
import { describe, expect, it } from 'vitest';
import { cellCounts, cubeOrder, wardCounts } from '../../src/analysis/cubeCounts.ts';
import type { CrimeTable } from '../../src/core/types.ts';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const CODES = ['W09', 'E05000002', 'E05000001', 'S13', 'E05000010'];
const CATEGORIES = ['Vehicle crime', 'Anti-social behaviour', 'Burglary', 'Robbery'];

function table(n: number, seed: number): { t: CrimeTable; wardOfRow: Int32Array } {
  const r = random(seed);
  const t = {
    length: n,
    x: new Float64Array(n),
    y: new Float64Array(n),
    month: new Uint16Array(n),
    category: new Uint16Array(n),
    categories: CATEGORIES,
  } as unknown as CrimeTable;
  const wardOfRow = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    // Whole multiples of 50 m now and then: points on cell edges.
    const onEdge = r() < 0.2;
    t.x[i] = onEdge ? Math.round(r() * 40) * 50 - 500 : r() * 2000 - 500;
    t.y[i] = onEdge ? Math.round(r() * 40) * 50 + 180_000 : r() * 2000 + 180_000;
    if (r() < 0.03) t.x[i] = NaN;
    t.month[i] = 650 + Math.floor(r() * 3);
    t.category[i] = Math.floor(r() * CATEGORIES.length);
    wardOfRow[i] = Math.floor(r() * (CODES.length + 1)) - 1;
  }
  return { t, wardOfRow };
}

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

function naive(t: CrimeTable, wardOfRow: Int32Array, cell: number | null): (string | number)[][] {
  const counts = new Map<string, (string | number)[]>();
  for (let i = 0; i < t.length; i++) {
    const w = wardOfRow[i];
    if (cell === null && w < 0) continue;
    if (cell !== null && !(Number.isFinite(t.x[i]) && Number.isFinite(t.y[i]))) continue;
    const code = w < 0 ? '' : CODES[w];
    const key =
      cell === null
        ? [code, t.month[i], CATEGORIES[t.category[i]]]
        : [
            cell,
            code,
            t.month[i],
            CATEGORIES[t.category[i]],
            Math.floor(t.x[i] / cell) * cell,
            Math.floor(t.y[i] / cell) * cell,
          ];
    const k = key.join('|');
    const row = counts.get(k) ?? [...key, 0];
    row[row.length - 1] = (row[row.length - 1] as number) + 1;
    counts.set(k, row);
  }
  return [...counts.values()].sort((a, b) => {
    for (let j = 0; j < a.length - 1; j++) if (a[j] !== b[j]) return cmp(a[j], b[j]);
    return 0;
  });
}

describe('cube counts', () => {
  const { t, wardOfRow } = table(5000, 7);
  const order = cubeOrder(CODES, CATEGORIES);

  it('ward rows equal a naive count, in code, month, category order', () => {
    const w = wardCounts(t, wardOfRow, order);
    const got = Array.from({ length: w.length }, (_, j) => [
      CODES[w.ward[j]],
      w.month[j],
      CATEGORIES[w.category[j]],
      w.count[j],
    ]);
    expect(got).toEqual(naive(t, wardOfRow, null));
  });

  it('cell rows at 250 m and 50 m equal a naive count, in cell size, code, month, category, x0, y0 order', () => {
    const c = cellCounts(t, wardOfRow, [250, 50], order);
    const got = Array.from({ length: c.length }, (_, j) => [
      c.cell[j],
      c.ward[j] < 0 ? '' : CODES[c.ward[j]],
      c.month[j],
      CATEGORIES[c.category[j]],
      c.x0[j],
      c.y0[j],
      c.count[j],
    ]);
    expect(got).toEqual([...naive(t, wardOfRow, 50), ...naive(t, wardOfRow, 250)]);
    // Conservation: every row with a point is counted once per cell size.
    const withPoint = Array.from(t.x).filter((x) => Number.isFinite(x)).length;
    expect(c.count.reduce((a, n) => a + n, 0)).toBe(2 * withPoint);
  });

  it('a subset of rows counts only those rows', () => {
    const rows = Uint32Array.from({ length: 1000 }, (_, i) => i * 3);
    const w = wardCounts(t, wardOfRow, order, rows);
    const inside = Array.from(rows).filter((i) => wardOfRow[i] >= 0).length;
    expect(w.count.reduce((a, n) => a + n, 0)).toBe(inside);
  });
});
