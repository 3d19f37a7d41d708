import { describe, expect, it } from 'vitest';
import { CentreWards } from '../../src/analysis/centreWards.ts';

// Wards as a chequerboard of 170 m squares, so that neighbouring cells often differ.
const wardAt = (x: number, y: number): number =>
  x < 1000 || y < 2000 || x > 3000 || y > 3500 ? -1 : Math.floor(x / 170) * 100 + Math.floor(y / 170);

describe('CentreWards (ward of each lattice cell centre, kept between grids)', () => {
  it('answers as the look-up for the centres of grids with different edges on the same lattice', () => {
    let calls = 0;
    const counted = (x: number, y: number) => {
      calls++;
      return wardAt(x, y);
    };
    const cell = 50;
    const lattice = CentreWards.around([1000, 2000, 3000, 3500], cell, counted)!;
    // Two grids on the 50 m lattice with different corners (as for two bandwidths), and one
    // reaching past the lattice's rectangle.
    const grids = [
      { x0: 800, y0: 1900, nx: 50, ny: 40 },
      { x0: 650, y0: 1750, nx: 60, ny: 50 },
      { x0: -500, y0: 1000, nx: 100, ny: 80 },
    ];
    for (const g of grids)
      for (let r = 0; r < g.ny; r++)
        for (let c = 0; c < g.nx; c++) {
          const x = g.x0 + (c + 0.5) * cell;
          const y = g.y0 + (r + 0.5) * cell;
          expect([x, y, lattice.at(x, y)]).toEqual([x, y, wardAt(x, y)]);
        }
    // Each cell inside the rectangle is looked up once: another pass over them costs nothing.
    const before = calls;
    for (let r = 0; r < 30; r++)
      for (let c = 0; c < 40; c++) lattice.at(1000 + (c + 0.5) * cell, 2000 + (r + 0.5) * cell);
    expect(calls).toBe(before);
    // Outside it, every call is a look-up.
    lattice.at(-475, 1025);
    expect(calls).toBe(before + 1);
  });

  it('is not made when it would be too big', () => {
    expect(CentreWards.around([0, 0, 100_000, 100_000], 10, wardAt, 1_000_000)).toBeNull();
    expect(CentreWards.around([0, 0, 100_000, 100_000], 100, wardAt, 1_100_000)).not.toBeNull();
  });
});
