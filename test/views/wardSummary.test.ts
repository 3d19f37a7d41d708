import { describe, expect, it } from 'vitest';
import {
  isSensitiveFilter,
  ordinal,
  publicCount,
  rankPhrase,
  wardSummary,
  type SummaryWard,
} from '../../src/analysis/wardSummary.ts';
import { monthIndex } from '../../src/core/months.ts';

const y2017: [number, number] = [monthIndex(2017, 1), monthIndex(2017, 12)];
const y2016: [number, number] = [monthIndex(2016, 1), monthIndex(2016, 12)];

/** 19 wards: Noel Park highest with 3,024 = 11% of 27,500. */
function wards(noelPrev: number | null, noelZ: number | null): SummaryWard[] {
  const out: SummaryWard[] = [
    { code: 'E05000275', name: 'Noel Park', count: 3024, previous: noelPrev, poissonZ: noelZ },
  ];
  const rest = 27500 - 3024;
  for (let i = 0; i < 18; i++) {
    const count = i === 17 ? rest - 1300 * 17 : 1300;
    out.push({ code: `E0500${i}`, name: `Ward ${i}`, count, previous: null, poissonZ: null });
  }
  return out;
}

describe('wardSummary', () => {
  it('reads the seed example exactly', () => {
    const z = 2 * (Math.sqrt(3024) - Math.sqrt(3236));
    expect(
      wardSummary({ code: 'E05000275', wards: wards(3236, z), area: 'Haringey', period: y2017, compare: y2016 }),
    ).toBe(
      "Noel Park recorded 3,024 crimes in 2017, 11% of Haringey's, the highest of 19 wards; 212 fewer than in 2016.",
    );
  });
  it('omits the comparison clause when the previous period is not loaded', () => {
    expect(
      wardSummary({ code: 'E05000275', wards: wards(null, null), area: 'Haringey', period: y2017, compare: null }),
    ).toBe("Noel Park recorded 3,024 crimes in 2017, 11% of Haringey's, the highest of 19 wards.");
  });
  it('says "about the same" when |z| < 1.96', () => {
    const z = 2 * (Math.sqrt(3024) - Math.sqrt(3000));
    expect(
      wardSummary({ code: 'E05000275', wards: wards(3000, z), area: 'Haringey', period: y2017, compare: y2016 }),
    ).toBe(
      "Noel Park recorded 3,024 crimes in 2017, 11% of Haringey's, the highest of 19 wards; about the same as in 2016.",
    );
  });
  it('ranks 3rd highest, joint and lowest, and more than', () => {
    const ws: SummaryWard[] = [
      { code: 'A', name: 'Alpha', count: 50, previous: null, poissonZ: null },
      { code: 'B', name: 'Bravo', count: 40, previous: null, poissonZ: null },
      { code: 'C', name: 'Charlie', count: 30, previous: 10, poissonZ: 2 * (Math.sqrt(30) - Math.sqrt(10)) },
      { code: 'D', name: 'Delta', count: 20, previous: null, poissonZ: null },
      { code: 'E', name: 'Echo', count: 20, previous: null, poissonZ: null },
      { code: 'F', name: 'Foxtrot', count: 5, previous: null, poissonZ: null },
    ];
    const q: [number, number] = [monthIndex(2018, 4), monthIndex(2018, 6)];
    const p: [number, number] = [monthIndex(2018, 1), monthIndex(2018, 3)];
    expect(wardSummary({ code: 'C', wards: ws, area: null, period: q, compare: p })).toBe(
      "Charlie recorded 30 crimes between April 2018 and June 2018, 18% of the area's, the 3rd highest of 6 wards; 20 more than between January 2018 and March 2018.",
    );
    expect(
      wardSummary({ code: 'D', wards: ws, area: 'Haringey', period: y2017, compare: null, what: 'burglary' }),
    ).toBe("Delta recorded 20 crimes (burglary) in 2017, 12% of Haringey's, the joint 4th highest of 6 wards.");
    expect(wardSummary({ code: 'F', wards: ws, area: 'Haringey', period: y2017, compare: null })).toBe(
      "Foxtrot recorded 5 crimes in 2017, 3% of Haringey's, the lowest of 6 wards.",
    );
    expect(rankPhrase(1, [1, 1, 0])).toBe('the joint highest');
  });
  it('no crimes, and public-mode suppression of a sensitive count', () => {
    const ws: SummaryWard[] = [
      { code: 'A', name: 'Alpha', count: 0, previous: 0, poissonZ: 0 },
      { code: 'B', name: 'Bravo', count: 7, previous: 30, poissonZ: 2 * (Math.sqrt(7) - Math.sqrt(30)) },
      { code: 'C', name: 'Charlie', count: 2, previous: null, poissonZ: null },
    ];
    expect(wardSummary({ code: 'A', wards: ws, area: 'Haringey', period: y2017, compare: y2016 })).toBe(
      'Alpha recorded no crimes in 2017; about the same as in 2016.',
    );
    const pub = { public: true, threshold: 10 };
    expect(
      wardSummary({
        code: 'B',
        wards: ws,
        area: 'Haringey',
        period: y2017,
        compare: y2016,
        what: 'violence and sexual offences',
        sensitive: true,
        publicMode: pub,
      }),
    ).toBe('Bravo recorded fewer than 10 crimes (violence and sexual offences) in 2017; fewer than in 2016.');
    expect(
      wardSummary({
        code: 'B',
        wards: ws,
        area: 'Haringey',
        period: y2017,
        compare: null,
        what: 'burglary',
        publicMode: pub,
      }),
    ).toBe("Bravo recorded 7 crimes (burglary) in 2017, 78% of Haringey's, the highest of 3 wards.");
    expect(wardSummary({ code: 'C', wards: ws, area: 'Haringey', period: y2017, compare: null, publicMode: pub })).toBe(
      'Charlie recorded fewer than 3 crimes in 2017.',
    );
    expect(wardSummary({ code: 'C', wards: ws, area: 'Haringey', period: y2017, compare: null })).toBe(
      "Charlie recorded 2 crimes in 2017, 22% of Haringey's, the 2nd highest of 3 wards.",
    );
  });
  it('ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '101st',
      '111th',
    ]);
  });
});

describe('public-mode suppression rule', () => {
  const pub = { public: true };
  it('sensitive categories below the threshold read "fewer than 10"', () => {
    expect(publicCount(9, true, pub)).toEqual({ text: 'fewer than 10', suppressed: true });
    expect(publicCount(1, true, pub)).toEqual({ text: 'fewer than 10', suppressed: true });
    expect(publicCount(10, true, pub)).toEqual({ text: '10', suppressed: false });
    expect(publicCount(4, true, { public: true, threshold: 5 })).toEqual({ text: 'fewer than 5', suppressed: true });
    expect(publicCount(1234, true, pub)).toEqual({ text: '1,234', suppressed: false });
  });
  it('any category: 1 or 2 read "fewer than 3"; 0 and 3+ are shown', () => {
    expect(publicCount(1, false, pub).text).toBe('fewer than 3');
    expect(publicCount(2, false, pub).text).toBe('fewer than 3');
    expect(publicCount(3, false, pub).text).toBe('3');
    expect(publicCount(0, true, pub).text).toBe('0');
  });
  it('nothing is suppressed outside public mode', () => {
    expect(publicCount(1, true, { public: false }).text).toBe('1');
  });
  it('a filter is sensitive only when every type it selects is', () => {
    expect(isSensitiveFilter(['Violence and sexual offences'])).toBe(true);
    expect(isSensitiveFilter(['violence'])).toBe(false);
    expect(isSensitiveFilter(['Burglary', 'Violence and sexual offences'])).toBe(false);
    expect(isSensitiveFilter(null)).toBe(false);
  });
});
