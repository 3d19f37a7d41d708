import { describe, expect, it } from 'vitest';
import {
  arcgisPreset,
  bandwidthNrd,
  practitionerPreset,
  quantile7,
  sampleSd,
  scottPreset,
  sfhotspotPreset,
} from '../../src/analysis/kde/bandwidth.ts';
import { parseAsciiGrid, toAsciiGrid } from '../../src/analysis/kde/asciiGrid.ts';

// Tiny sample: x = 1 2 3 4 10, y = 2 4 6 8 10 (n = 5).
const x = Float64Array.of(1, 2, 3, 4, 10);
const y = Float64Array.of(2, 4, 6, 8, 10);

describe('bandwidth presets against hand-computed values', () => {
  it('MASS::bandwidth.nrd with type-7 quartiles', () => {
    // x: mean 4, Σ(dev²) = 9+4+1+0+36 = 50, var = 50/4 = 12.5, sd = 3.5355.
    expect(sampleSd(x)).toBeCloseTo(Math.sqrt(12.5), 12);
    // type 7: h = (n−1)p = 1 → q25 = x(2) = 2; h = 3 → q75 = x(4) = 4; IQR = 2.
    expect(quantile7(x, 0.25)).toBe(2);
    expect(quantile7(x, 0.75)).toBe(4);
    expect(quantile7(Float64Array.of(1, 2, 3, 4), 0.5)).toBe(2.5); // h = 1.5 → 2 + 0.5·(3−2)
    // min(3.5355, 2/1.34 = 1.49254) = 1.49254; 4·1.06·1.49254·5^(−0.2) = 4.24·1.49254·0.724780 = 4.58667
    expect(bandwidthNrd(x)).toBeCloseTo(4.586665, 5);
    // y: sd = √10 = 3.1623, IQR = 8 − 4 = 4 → 2.98507 < sd; 4.24·2.98507·0.724780 = 9.17333
    expect(bandwidthNrd(y)).toBeCloseTo(9.173331, 5);
  });
  it('sfhotspot: mean of the two nrd values; cell floors shorter side/50 to 100 m, else unrounded', () => {
    const p = sfhotspotPreset(x, y);
    expect(p.bandwidth).toBeCloseTo((4.586665 + 9.173331) / 2, 5); // 6.87998
    expect(p.cell).toBeCloseTo(8 / 50, 12); // sides 9 × 8 → 0.16 m (floors to 0 → unrounded)
    expect(p.kernel).toBe('quartic');
    expect(p.source).toMatch(/sfhotspot/);
    // Shorter side 12 345 m → 246.9 → floor(2.469)·100 = 200 m.
    const big = sfhotspotPreset(Float64Array.of(0, 20_000, 5_000), Float64Array.of(0, 12_345, 100));
    expect(big.cell).toBe(200);
  });
  it('ArcGIS spatial Silverman: median distance wins when smaller than the standard distance', () => {
    // Points (0,0) (1,0) (0,1) (−1,0) (10,0): mean centre (2, 0.2).
    // d² = 4.04, 1.04, 4.64, 9.04, 64.04 → SD = √(82.8/5) = 4.0694; Dm = median d = √4.64 = 2.15407.
    // √(1/ln2)·Dm = 1.2011224·2.15407 = 2.58730 < 4.0694 → h = 0.9·2.58730·5^(−0.2) = 1.68770.
    const p = arcgisPreset(Float64Array.of(0, 1, 0, -1, 10), Float64Array.of(0, 0, 1, 0, 0));
    expect(p.bandwidth).toBeCloseTo(1.687698, 5);
    expect(p.cell).toBeCloseTo(1 / 250, 12); // extent 11 × 1 → 1/250
    // Square (0,0) (3,0) (0,4) (3,4): every d = 2.5 → SD = 2.5 < 1.2011·2.5 → h = 0.9·2.5·4^(−0.2) = 1.705181.
    const sq = arcgisPreset(Float64Array.of(0, 3, 0, 3), Float64Array.of(0, 0, 4, 4));
    expect(sq.bandwidth).toBeCloseTo(0.9 * 2.5 * 4 ** -0.2, 10);
    // Weights 3,1,1,1 on the square: n = Σw = 6, mean centre ((3+3)/6, (4+4)/6) = (1, 1.3333).
    const wsq = arcgisPreset(Float64Array.of(0, 3, 0, 3), Float64Array.of(0, 0, 4, 4), Float32Array.of(3, 1, 1, 1));
    // d² = 1+1.7778 = 2.7778, 4+1.7778 = 5.7778, 1+7.1111 = 8.1111, 4+7.1111 = 11.1111
    // SD = √((3·2.7778 + 5.7778 + 8.1111 + 11.1111)/6) = √(33.3333/6) = 2.35702
    // weighted median: the nearest point (d = 1.66667, w = 3) already reaches half of 6 → Dm = 1.66667
    // 1.2011224·1.66667 = 2.00187 < SD → h = 0.9·2.00187·6^(−0.2) = 1.80168·0.698827 = 1.25906
    expect(wsq.bandwidth).toBeCloseTo(1.25906, 4);
  });
  it('Scott: σ = √(sdx·sdy)·n^(−1/6), Gaussian, with the quartic equivalent noted', () => {
    // √(3.53553·3.16228)·5^(−1/6) = 3.34370·0.764724 = 2.55701
    const p = scottPreset(x, y);
    expect(p.bandwidth).toBeCloseTo(2.55701, 5);
    expect(p.kernel).toBe('gaussian');
    expect(p.note).toMatch(/2\.83σ = 7 m/);
  });
  it('practitioner preset is labelled as a rule of thumb', () => {
    const p = practitionerPreset();
    expect([p.bandwidth, p.cell]).toEqual([250, 50]);
    expect(p.source).toMatch(/rule of thumb/);
  });
});

describe('ESRI ASCII grid', () => {
  it('writes lower-left corner headers and rows from north to south, and round-trips', () => {
    const grid = { x0: 530_000, y0: 180_000, cell: 50, nx: 3, ny: 2 };
    // row 0 (south) = 1 2 3, row 1 (north) = 4 NaN 6
    const values = Float64Array.of(1, 2, 3, 4, NaN, 6.123456789);
    const text = toAsciiGrid(values, grid, { decimals: 4 });
    expect(text).toBe(
      'ncols 3\nnrows 2\nxllcorner 530000\nyllcorner 180000\ncellsize 50\nNODATA_value -9999\n4 -9999 6.1235\n1 2 3\n',
    );
    const back = parseAsciiGrid(text);
    expect(back.grid).toEqual(grid);
    expect(Array.from(back.values)).toEqual([1, 2, 3, 4, NaN, 6.1235]);
  });
});
