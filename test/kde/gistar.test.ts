import { describe, expect, it } from 'vitest';
import { giStar } from '../../src/analysis/hotspots/gistar.ts';
import { erfc, normalCdf, twoSidedP } from '../../src/analysis/hotspots/normal.ts';

describe('erfc / normal tails', () => {
  it('matches reference values to ≤ 1e-12 relative', () => {
    // Values from R: 2*pnorm(-x*sqrt(2)) (= erfc(x)), and pnorm.
    const ref: [number, number][] = [
      [0, 1],
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028513],
      [2, 0.004677734981047266],
      [2.5, 0.0004069520174449589],
      [3, 2.209049699858544e-5],
      [5, 1.5374597944280349e-12],
      [-1, 1.8427007929497148],
    ];
    for (const [x, v] of ref) expect(Math.abs(erfc(x) - v) / v).toBeLessThan(1e-12);
    expect(normalCdf(-1.959963984540054)).toBeCloseTo(0.025, 14);
    expect(twoSidedP(2.5758293035489004)).toBeCloseTo(0.01, 14);
    expect(twoSidedP(-1.6448536269514722)).toBeCloseTo(0.1, 14);
  });
});

describe('Getis-Ord Gi*', () => {
  // 4 × 4 counts, row 0 = south:
  //   row 3: 0 0 0 0
  //   row 2: 0 1 0 0
  //   row 1: 0 9 2 0
  //   row 0: 0 0 0 1
  const counts = Float64Array.of(0, 0, 0, 1, 0, 9, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0);
  // n = 16, Σx = 13 → x̄ = 0.8125; Σx² = 1 + 81 + 4 + 1 = 87 → S = √(87/16 − 0.8125²) = √4.77734 = 2.185714.
  it('matches hand-computed z for three cells', () => {
    const g = giStar(counts, 4, 4);
    expect(g.n).toBe(16);
    expect(g.mean).toBe(0.8125);
    expect(g.sd).toBeCloseTo(2.1857135562557137, 13);
    // (row 1, col 1) = 9: 9 neighbours incl. self sum 0+0+0 + 0+9+2 + 0+1+0 = 12, Σw = Σw² = 9
    //   z = (12 − 0.8125·9) / (2.185714·√((16·9 − 81)/15)) = 4.6875 / (2.185714·2.049390) = 1.046462
    expect(g.z[1 * 4 + 1]).toBeCloseTo(1.0464618245271704, 12);
    // (row 0, col 0) = 0, corner: 4 neighbours 0, 0, 0, 9 → sum 9, Σw = 4
    //   z = (9 − 3.25) / (2.185714·√((64 − 16)/15)) = 5.75 / (2.185714·1.788854) = 1.470617
    expect(g.z[0]).toBeCloseTo(1.4706170936517222, 12);
    // (row 3, col 3), corner, all four neighbours 0: z = −3.25 / 3.909923 = −0.831218
    expect(g.z[15]).toBeCloseTo(-0.8312183572814081, 12);
    expect(g.p[15]).toBeCloseTo(2 * 0.20292, 4); // 2Φ(−0.8312) = 2·0.202920
    expect(Array.from(g.classes).every((c) => c === 0)).toBe(true); // none reaches 1.645
  });

  it('agrees with a plain distance-based loop on a random grid with a mask', () => {
    let s = 12345;
    const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const nx = 7,
      ny = 5,
      cell = 100;
    const c = Float64Array.from({ length: nx * ny }, () => Math.floor(rand() * 6) ** 2);
    const mask = Uint8Array.from({ length: nx * ny }, (_, i) => (i % 7 === 3 && i > 10 ? 0 : 1));
    const g = giStar(c, nx, ny, { mask });
    // Independent formulation: study cells as a list of centres; neighbours = centre distance ≤ cell·√2.
    const study = [...Array(nx * ny).keys()].filter((i) => mask[i]);
    const n = study.length;
    const xbar = study.reduce((a, i) => a + c[i], 0) / n;
    const S = Math.sqrt(study.reduce((a, i) => a + c[i] ** 2, 0) / n - xbar ** 2);
    for (const i of [...Array(nx * ny).keys()]) {
      if (!mask[i]) {
        expect(Number.isNaN(g.z[i])).toBe(true);
        expect(g.classes[i]).toBe(0);
        continue;
      }
      const [xi, yi] = [(i % nx) * cell, Math.floor(i / nx) * cell];
      let wx = 0,
        sw = 0,
        sw2 = 0;
      for (const j of study) {
        const d = Math.hypot((j % nx) * cell - xi, Math.floor(j / nx) * cell - yi);
        const w = d <= cell * Math.SQRT2 + 1e-9 ? 1 : 0;
        wx += w * c[j];
        sw += w;
        sw2 += w * w;
      }
      const z = (wx - xbar * sw) / (S * Math.sqrt((n * sw2 - sw * sw) / (n - 1)));
      expect(g.z[i]).toBeCloseTo(z, 11);
    }
  });

  it('classifies a strong hotspot and a cold area; FDR only removes significance', () => {
    const nx = 12,
      ny = 12;
    const c = new Float64Array(nx * ny).fill(3);
    for (const [r, col] of [
      [5, 5],
      [5, 6],
      [6, 5],
      [6, 6],
    ])
      c[r * nx + col] = 40;
    for (let r = 0; r < 3; r++) for (let col = 0; col < 3; col++) c[r * nx + col] = 0;
    const g = giStar(c, nx, ny);
    expect(g.classes[5 * nx + 5]).toBe(3);
    expect(g.z[5 * nx + 5]).toBeGreaterThan(2.576);
    expect(g.classes[1 * nx + 1]).toBeLessThan(0);
    const f = giStar(c, nx, ny, { fdr: true });
    expect(f.fdrThresholds).not.toBeNull();
    let removed = 0;
    for (let i = 0; i < nx * ny; i++) {
      expect(Math.abs(f.classes[i])).toBeLessThanOrEqual(Math.abs(g.classes[i]));
      if (f.classes[i] !== 0) {
        const L = Math.abs(f.classes[i]) - 1;
        expect(f.p[i]).toBeLessThanOrEqual(f.fdrThresholds![L]);
      }
      if (Math.abs(f.classes[i]) < Math.abs(g.classes[i])) removed++;
    }
    expect(f.classes[5 * nx + 5]).toBe(3); // p ~ 1e-40 survives any correction
    expect(removed).toBeGreaterThan(0); // the corrected map is sparser on this grid
  });

  it('undefined z (every cell sees every cell, or all counts equal) gives NaN and no class', () => {
    // 2 × 1 grid [0, 6]: each cell's neighbourhood is both cells, Σw = n = 2 → √((2·2 − 4)/1) = 0.
    const g = giStar(Float64Array.of(0, 6), 2, 1, { fdr: true });
    expect(Array.from(g.z).every(Number.isNaN)).toBe(true);
    expect(Array.from(g.classes)).toEqual([0, 0]);
    expect(g.fdrThresholds).toEqual([-1, -1, -1]);
    // All equal counts: S = 0 → NaN z.
    expect(Number.isNaN(giStar(new Float64Array(9).fill(2), 3, 3).z[4])).toBe(true);
  });
});
