import { describe, expect, it } from 'vitest';
import { CentreWards, CornerWards } from '../../src/analysis/centreWards.ts';

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

describe('CornerWards (ward of each lattice corner: compact outlines’ vertices, kept between runs)', () => {
  it('answers as the look-up for corners, points off the corners and points outside, and looks each corner up once', () => {
    // A look-up that tells every point apart (a kept answer given for another point would show).
    const exact = (x: number, y: number) => Math.floor(Math.abs(x * 1009 + y * 7.3) * 1e6) % 100003;
    const asked = new Map<string, number>();
    const counted = (x: number, y: number) => {
      asked.set(`${x},${y}`, (asked.get(`${x},${y}`) ?? 0) + 1);
      return exact(x, y);
    };
    for (const cell of [50, 12.5, 1.1]) {
      asked.clear();
      const lattice = CornerWards.around([1000, 2000, 3000, 3500], cell, counted)!;
      const points: [number, number][] = [];
      // Corners as the outlines make them (x0 + i · cell on a grid whose x0 is a multiple of the
      // cell), corners again, cell centres (off the corners) and corners beyond the rectangle.
      for (let k = 0; k < 2; k++)
        for (let j = -3; j < 40; j += 3)
          for (let i = -3; i < 50; i += 4) {
            points.push([Math.floor(990 / cell) * cell + i * cell, Math.floor(1990 / cell) * cell + j * cell]);
            points.push([1000 + (i + 0.5) * cell, 2000 + (j + 0.37) * cell]);
            // Next to a corner (the same corner when rounded).
            points.push([
              Math.floor(990 / cell) * cell + (i + 0.2) * cell,
              Math.floor(1990 / cell) * cell + (j - 0.1) * cell,
            ]);
          }
      points.push([1e6, 1e6], [-4000, 2000]);
      for (const [x, y] of points) expect(lattice.at(x, y)).toBe(exact(x, y));
      // Whole-metre corners on a 50 m or 12.5 m lattice are exact doubles: each looked up once.
      if (cell !== 1.1)
        for (const [p, n] of asked) {
          const [x, y] = p.split(',').map(Number);
          if (
            Number.isInteger(x / cell) &&
            Number.isInteger(y / cell) &&
            x >= 1000 &&
            x <= 3000 &&
            y >= 2000 &&
            y <= 3500
          )
            expect(n).toBe(1);
        }
    }
  });
});
