import { describe, expect, it } from 'vitest';
import {
  boroughTotal,
  buildCube,
  categoryMonthTotals,
  coversMonths,
  monthlySeries,
  outsideTotal,
  wardTotals,
} from '../../src/analysis/cube.ts';
import { categoryMask } from '../../src/analysis/filter.ts';
import { MONTH_NONE, monthIndex } from '../../src/core/months.ts';

// Hand-built fixture: 3 wards, 4 categories, months 2024-01 … 2024-03.
const CATS = ['Anti-social behaviour', 'Burglary', 'Robbery', 'Drugs'];
const JAN = monthIndex(2024, 1); // 648
const FEB = JAN + 1;
const MAR = JAN + 2;
const [ASB, BUR, ROB, DRG] = [0, 1, 2, 3];
//            ward  month      category  weight
const ROWS: [number, number, number, number][] = [
  [0, JAN, BUR, 2],
  [0, JAN, BUR, 0.5],
  [0, FEB, ROB, 1],
  [1, MAR, ASB, 4],
  [1, JAN, DRG, 1],
  [2, FEB, BUR, 3],
  [-1, FEB, BUR, 1], // outside every ward
  [2, MAR, ROB, 1.5],
  [1, MONTH_NONE, BUR, 1], // no month: skipped
];
const ward = Int32Array.from(ROWS, (r) => r[0]);
const month = Uint16Array.from(ROWS, (r) => r[1]);
const cat = Uint16Array.from(ROWS, (r) => r[2]);
const weight = Float32Array.from(ROWS, (r) => r[3]);

const allCrime = categoryMask({ categories: null, includeAsb: false }, CATS);
const withAsb = categoryMask({ categories: null, includeAsb: true }, CATS);
const property = categoryMask({ categories: ['property'], includeAsb: false }, CATS);

describe('buildCube', () => {
  const cube = buildCube(ward, month, cat, null, 3, CATS.length);

  it('spans the months present and skips MONTH_NONE', () => {
    expect(cube.month0).toBe(648);
    expect(cube.nMonths).toBe(3);
    expect(cube.counts.length).toBe(3 * 4 * 3);
    expect(cube.counts.reduce((a, b) => a + b, 0)).toBe(7); // 9 rows − 1 outside − 1 no month
  });

  it('lays counts out as [ward][category][month]', () => {
    expect(cube.counts[(0 * 4 + BUR) * 3 + 0]).toBe(2);
    expect(cube.counts[(1 * 4 + ASB) * 3 + 2]).toBe(1);
    expect(cube.counts[(2 * 4 + ROB) * 3 + 2]).toBe(1);
  });

  it('sums any filter over the cube', () => {
    expect([...wardTotals(cube, allCrime, JAN, MAR)]).toEqual([3, 1, 2]);
    expect([...wardTotals(cube, withAsb, JAN, MAR)]).toEqual([3, 2, 2]);
    expect([...wardTotals(cube, property, JAN, MAR)]).toEqual([3, 0, 2]);
    expect([...wardTotals(cube, withAsb, FEB, FEB)]).toEqual([1, 0, 1]);
    expect([...wardTotals(cube, allCrime, FEB, MAR)]).toEqual([1, 0, 2]);
    expect(boroughTotal(cube, allCrime, JAN, MAR)).toBe(6);
    expect(outsideTotal(cube, allCrime, JAN, MAR)).toBe(1);
    expect(outsideTotal(cube, allCrime, MAR, MAR)).toBe(0);
  });

  it('clips month ranges to the data and returns zeros outside it', () => {
    expect([...wardTotals(cube, allCrime, JAN - 12, JAN - 1)]).toEqual([0, 0, 0]);
    expect([...wardTotals(cube, allCrime, JAN - 5, JAN)]).toEqual([2, 1, 0]);
    expect([...wardTotals(cube, allCrime, MAR, MAR + 40)]).toEqual([0, 0, 1]);
    expect(coversMonths(cube, JAN, MAR)).toBe(true);
    expect(coversMonths(cube, JAN - 1, MAR)).toBe(false);
  });

  it('gives per category × month totals for the trend chart', () => {
    const t = categoryMonthTotals(cube);
    expect([...t.subarray(BUR * 3, BUR * 3 + 3)]).toEqual([2, 1, 0]);
    expect([...t.subarray(ROB * 3, ROB * 3 + 3)]).toEqual([0, 1, 1]);
    const withOutside = categoryMonthTotals(cube, true);
    expect([...withOutside.subarray(BUR * 3, BUR * 3 + 3)]).toEqual([2, 2, 0]);
    expect([...monthlySeries(cube, allCrime)]).toEqual([3, 2, 1]);
    expect([...monthlySeries(cube, withAsb)]).toEqual([3, 2, 2]);
  });

  it('sums weights when given (count = Σ weight)', () => {
    const w = buildCube(ward, month, cat, weight, 3, CATS.length);
    expect([...wardTotals(w, allCrime, JAN, MAR)]).toEqual([3.5, 1, 4.5]);
    expect([...wardTotals(w, withAsb, MAR, MAR)]).toEqual([0, 4, 1.5]);
  });

  it('handles an empty table and rejects bad input', () => {
    const e = buildCube(new Int32Array(0), new Uint16Array(0), new Uint16Array(0), null, 2, 4);
    expect(e.nMonths).toBe(0);
    expect([...wardTotals(e, allCrime, JAN, MAR)]).toEqual([0, 0]);
    expect(() => buildCube(Int32Array.of(0), Uint16Array.of(JAN), Uint16Array.of(9), null, 1, 4)).toThrow(RangeError);
    expect(() => buildCube(Int32Array.of(5), Uint16Array.of(JAN), Uint16Array.of(0), null, 1, 4)).toThrow(RangeError);
    expect(() => wardTotals(cube, new Uint8Array(2), JAN, MAR)).toThrow(RangeError);
  });
});
