import { describe, expect, it } from 'vitest';
import {
  concentration,
  generalisedGini,
  gini,
  lorenzCurve,
  topShare,
  wardsHolding,
} from '../../src/analysis/concentration.ts';
import { sharesFromCounts } from '../../src/analysis/shares.ts';

const zeros = (k: number) => new Array<number>(k).fill(0);

describe('gini (biased DescTools form)', () => {
  // Published examples from wsteenbeek/lorenzgini R/gini.R, checked by hand:
  // (5,2,1,0×7): ascending Σ i·x = 8·1 + 9·2 + 10·5 = 76; G = 2·76/(10·8) − 11/10 = 0.8.
  it('lorenzgini example (5,2,1,0×7): G = 0.8, generalised 0.75', () => {
    const c = [5, 2, 1, ...zeros(7)];
    expect(gini(c)).toBeCloseTo(0.8, 12);
    // n = 10 > c = 8: G′ = (10/8)(0.8 − 1) + 1 = 0.75
    expect(generalisedGini(c)).toBeCloseTo(0.75, 12);
  });
  it('lorenzgini example (10,8,2,0×7): G = G′ = 0.78 because crimes ≥ units', () => {
    // Σ i·x = 8·2 + 9·8 + 10·10 = 188; 2·188/200 − 1.1 = 0.78
    const c = [10, 8, 2, ...zeros(7)];
    expect(gini(c)).toBeCloseTo(0.78, 12);
    expect(generalisedGini(c)).toBeCloseTo(0.78, 12);
  });
  it('one unit holds everything: (n − 1)/n (0.9 for 10, 0.99 for 100)', () => {
    expect(gini([10, ...zeros(9)])).toBeCloseTo(0.9, 12);
    expect(gini([10, ...zeros(99)])).toBeCloseTo(0.99, 12);
    expect(gini([0, 0, 7, 0])).toBeCloseTo(0.75, 12);
  });
  it('all equal: 0', () => {
    expect(gini([4, 4, 4, 4])).toBeCloseTo(0, 12);
    expect(generalisedGini([4, 4, 4, 4])).toBeCloseTo(0, 12);
  });
  it('(1,2,3,4) in any order: 0.25 (= mean absolute difference / (2·mean))', () => {
    expect(gini([3, 1, 4, 2])).toBeCloseTo(0.25, 12);
  });
  it('sparse: one crime among 10 wards is as equal as it can be (G′ = 0)', () => {
    expect(gini([1, ...zeros(9)])).toBeCloseTo(0.9, 12);
    expect(generalisedGini([1, ...zeros(9)])).toBeCloseTo(0, 12);
  });
  it('is null without wards or crime', () => {
    expect(gini([])).toBeNull();
    expect(gini([0, 0])).toBeNull();
    expect(generalisedGini([0, 0])).toBeNull();
  });
});

describe('lorenzCurve (ascending, (0,0) … (1,1))', () => {
  it('gives the hand-computed points', () => {
    const l = lorenzCurve([3, 1, 4, 2]);
    expect(l).not.toBeNull();
    expect([...l!.x]).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect([...l!.y].map((v) => +v.toFixed(12))).toEqual([0, 0.1, 0.3, 0.6, 1]);
    expect(lorenzCurve([0, 0])).toBeNull();
  });
});

describe('top-N shares', () => {
  const wards = { codes: ['A', 'B', 'C', 'D', 'E', 'F'], names: ['Ash', 'Beech', 'Cherry', 'Damson', 'Elder', 'Fig'] };
  const rows = sharesFromCounts([10, 30, 5, 25, 20, 10], wards); // total 100

  it('gives every N with the names', () => {
    expect(topShare(rows, 1)).toEqual({ n: 1, share: 0.3, wardFraction: 1 / 6, names: ['Beech'] });
    expect(topShare(rows, 3)).toEqual({ n: 3, share: 0.75, wardFraction: 0.5, names: ['Beech', 'Damson', 'Elder'] });
    expect(topShare(rows, 99).n).toBe(6);
    expect(topShare(rows, 0).share).toBe(0);
  });

  it('finds the smallest number of wards holding ≥ 50%', () => {
    expect(wardsHolding(rows)).toBe(2); // 30 + 25 = 55 ≥ 50
    expect(wardsHolding(rows, 0.55)).toBe(2); // exactly 55%
    expect(wardsHolding(rows, 0.56)).toBe(3);
    expect(wardsHolding(rows, 1)).toBe(6);
    expect(wardsHolding(sharesFromCounts([0, 0, 0, 0, 0, 0], wards))).toBeNull();
  });

  it('summarises', () => {
    const s = concentration(rows);
    expect(s.nWards).toBe(6);
    expect(s.total).toBe(100);
    expect(s.namesDescending).toEqual(['Beech', 'Damson', 'Elder', 'Ash', 'Fig', 'Cherry']);
    expect([...s.cumulative]).toEqual([0.3, 0.55, 0.75, 0.85, 0.95, 1]);
    expect(s.wardsForHalf).toBe(2);
    // ascending 5,10,10,20,25,30: Σ i·x = 5+20+30+80+125+180 = 440; G = 880/600 − 7/6 = 0.3
    expect(s.gini).toBeCloseTo(0.3, 12);
    expect(s.generalisedGini).toBeCloseTo(0.3, 12);
  });
});
