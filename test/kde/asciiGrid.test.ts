/**
 * toAsciiGrid writes every value as String(+v.toFixed(decimals)) (its fast path must agree with
 * toFixed everywhere: near-halves, negatives that round to zero, large and tiny values, NaN).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseAsciiGrid, toAsciiGrid, toAsciiGridBytes } from '../../src/analysis/kde/asciiGrid.ts';

/** The writer as it was: one string per cell through toFixed. */
function reference(values: ArrayLike<number>, nx: number, ny: number, decimals: number, nodata = -9999): string {
  const lines = [
    `ncols ${nx}`,
    `nrows ${ny}`,
    'xllcorner 500000',
    'yllcorner 150000',
    'cellsize 50',
    `NODATA_value ${nodata}`,
  ];
  for (let row = ny - 1; row >= 0; row--) {
    const cells: string[] = [];
    for (let col = 0; col < nx; col++) {
      const v = values[row * nx + col];
      cells.push(Number.isFinite(v) ? String(+v.toFixed(decimals)) : String(nodata));
    }
    lines.push(cells.join(' '));
  }
  return lines.join('\n') + '\n';
}

const grid = (nx: number, ny: number) => ({ x0: 500000, y0: 150000, cell: 50, nx, ny });

/** The first token that differs (short failure messages on a million cells), or null. */
function firstDiff(got: string, want: string): string | null {
  if (got === want) return null;
  const a = got.split(/[ \n]/);
  const b = want.split(/[ \n]/);
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return `token ${i}: ${a[i]} ≠ ${b[i]}`;
  return 'separators differ';
}

describe('toAsciiGrid: each value as String(+v.toFixed(decimals))', () => {
  const special = [
    0,
    -0,
    NaN,
    Infinity,
    -Infinity,
    1,
    -1,
    0.5,
    1e-7,
    -1e-7,
    4e-7,
    5e-7,
    -5e-7,
    6e-7,
    0.0000015,
    0.0000025,
    1.0000005,
    2.0000015,
    123.4567895,
    98875.070933,
    1557.964118,
    999999.9999995,
    1e6,
    1099511.6277765,
    1e9 + 0.5,
    1e12,
    1e15,
    1e21,
    1.5e21,
    -1e21,
    0.1 + 0.2,
    1 / 3,
    2 / 3,
    Number.MIN_VALUE,
    Number.MAX_VALUE,
    12345.6789,
  ];
  // Exact halves at the 6th and 4th decimals, and their neighbours one ulp either side.
  const halves: number[] = [];
  for (let k = 0; k < 2000; k++) {
    for (const d of [1e6, 1e4]) {
      const h = (k * 7919 + 0.5) / d;
      halves.push(h, -h, h * (1 + 2 ** -52), h * (1 - 2 ** -52));
    }
  }
  for (const decimals of [0, 2, 4, 6, 9, 12]) {
    it(`${decimals} decimals: special values, halves and their neighbours`, () => {
      const values = [...special, ...halves];
      const text = toAsciiGrid(values, grid(values.length, 1), { decimals });
      expect(firstDiff(text, reference(values, values.length, 1, decimals))).toBeNull();
    });
  }

  it('random doubles of every magnitude, any sign (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double(), fc.double({ min: -2e6, max: 2e6 }), fc.double({ min: -1, max: 1 })), {
          minLength: 6,
          maxLength: 60,
        }),
        fc.constantFrom(0, 3, 4, 6, 8),
        (vals, decimals) => {
          const nx = 3;
          const ny = Math.floor(vals.length / nx);
          const v = vals.slice(0, nx * ny);
          expect(firstDiff(toAsciiGrid(v, grid(nx, ny), { decimals }), reference(v, nx, ny, decimals))).toBeNull();
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('a real-sized surface: the bytes are the text; NODATA kept; read back', () => {
    const nx = 400;
    const ny = 300;
    const values = new Float64Array(nx * ny);
    let s = 7;
    for (let i = 0; i < values.length; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      values[i] = i % 3 === 0 ? 0 : i % 97 === 0 ? NaN : (s / 2 ** 32) ** 3 * 90000;
    }
    const text = toAsciiGrid(values, grid(nx, ny), { decimals: 6 });
    expect(firstDiff(text, reference(values, nx, ny, 6))).toBeNull();
    expect(new TextDecoder().decode(toAsciiGridBytes(values, grid(nx, ny), { decimals: 6 }))).toBe(text);
    expect(toAsciiGrid([], grid(0, 0))).toBe(reference([], 0, 0, 6));
    const back = parseAsciiGrid(text);
    expect(back.values[1]).toBeCloseTo(values[1], 6);
  });
});
