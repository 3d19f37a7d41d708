import { describe, expect, it } from 'vitest';
import { sharesFromCounts, wardShares } from '../../src/analysis/shares.ts';
import { buildCube } from '../../src/analysis/cube.ts';

const WARDS = { codes: ['X1', 'X2', 'X3', 'X4', 'X5'], names: ['Alder', 'Birch', 'Aspen', 'Cedar', 'Elm'] };
const COUNTS = [5, 3, 3, 0, 9]; // total 20

describe('sharesFromCounts', () => {
  const pop = new Map([
    ['X5', 4500],
    ['X1', 0],
    ['X2', 1500],
    ['X4', 1000],
  ]);
  const rows = sharesFromCounts(COUNTS, WARDS, pop);

  it('sorts by count descending, ties by name', () => {
    expect(rows.map((r) => r.name)).toEqual(['Elm', 'Alder', 'Aspen', 'Birch', 'Cedar']);
    expect(rows.map((r) => r.index)).toEqual([4, 0, 2, 1, 3]);
    expect(rows.map((r) => r.code)).toEqual(['X5', 'X1', 'X3', 'X2', 'X4']);
  });

  it('uses competition ranking 1, 2, 3, 3, 5', () => {
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, 3, 5]);
  });

  it('computes shares and cumulative shares of the crime inside the wards', () => {
    expect(rows.map((r) => r.share)).toEqual([0.45, 0.25, 0.15, 0.15, 0]);
    expect(rows.map((r) => r.cumulativeShare)).toEqual([0.45, 0.7, 0.85, 1, 1]);
  });

  it('gives rates per 1,000 residents, null without a usable population', () => {
    expect(rows.map((r) => r.ratePer1000)).toEqual([2, null, null, 2, 0]);
    expect(rows.map((r) => r.population)).toEqual([4500, 0, null, 1500, 1000]);
    expect(sharesFromCounts(COUNTS, WARDS).every((r) => r.ratePer1000 === null)).toBe(true);
  });

  it('gives zero shares (not NaN) when there is no crime, all rank 1', () => {
    const z = sharesFromCounts([0, 0, 0, 0, 0], WARDS);
    expect(z.map((r) => r.share)).toEqual([0, 0, 0, 0, 0]);
    expect(z.map((r) => r.cumulativeShare)).toEqual([0, 0, 0, 0, 0]);
    expect(z.map((r) => r.rank)).toEqual([1, 1, 1, 1, 1]);
    expect(z.map((r) => r.name)).toEqual(['Alder', 'Aspen', 'Birch', 'Cedar', 'Elm']);
  });

  it('rejects mismatched lengths', () => {
    expect(() => sharesFromCounts([1, 2], WARDS)).toThrow(RangeError);
  });
});

describe('wardShares from the cube', () => {
  it('matches counting the rows directly', () => {
    // ward 0: 2 burglaries in Jan; ward 1: 1 robbery in Feb; ward 2: 1 burglary in Mar (outside window)
    const cube = buildCube(
      Int32Array.of(0, 0, 1, 2),
      Uint16Array.of(648, 648, 649, 650),
      Uint16Array.of(0, 0, 1, 0),
      null,
      3,
      2,
    );
    const rows = wardShares(cube, Uint8Array.of(1, 1), 648, 649, { codes: ['A', 'B', 'C'], names: ['a', 'b', 'c'] });
    expect(rows.map((r) => [r.code, r.count, r.share, r.rank])).toEqual([
      ['A', 2, 2 / 3, 1],
      ['B', 1, 1 / 3, 2],
      ['C', 0, 0, 3],
    ]);
  });

  // Speed lives in `npm run bench`; this checks a London-sized cube sums correctly.
  it('sums a London-sized cube (650 wards × 15 categories × 24 months) to the rows it holds', () => {
    const nW = 650;
    const nC = 15;
    const nRows = 200_000;
    let s = 7;
    const rnd = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const ward = Int32Array.from({ length: nRows }, () => Math.floor(rnd() * nW));
    const month = Uint16Array.from({ length: nRows }, () => 600 + Math.floor(rnd() * 24));
    const cat = Uint16Array.from({ length: nRows }, () => Math.floor(rnd() * nC));
    const cube = buildCube(ward, month, cat, null, nW, nC);
    expect(cube.nMonths).toBe(24);
    const wards = {
      codes: Array.from({ length: nW }, (_, i) => `X${i}`),
      names: Array.from({ length: nW }, (_, i) => `Ward ${i}`),
    };
    const mask = new Uint8Array(nC).fill(1);
    mask[0] = 0;
    const rows = wardShares(cube, mask, 600, 623, wards);
    let expected = 0;
    for (let i = 0; i < nRows; i++) if (cat[i] !== 0) expected++;
    expect(rows.reduce((a, r) => a + r.count, 0)).toBe(expected);
    expect(rows.length).toBe(nW);
    expect(rows[nW - 1].cumulativeShare).toBeCloseTo(1, 12);
  });
});
