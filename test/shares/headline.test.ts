import { describe, expect, it } from 'vitest';
import {
  areaLabel,
  areaName,
  formatShare,
  headline,
  periodLabel,
  possessive,
  tieAtCutoff,
  wardsOfArea,
  WARD_CONCENTRATION_CAVEAT,
} from '../../src/analysis/headline.ts';
import { filterPhrase } from '../../src/analysis/filter.ts';
import { monthIndex } from '../../src/core/months.ts';
import { sharesFromCounts } from '../../src/analysis/shares.ts';

// 19 wards as in Haringey; the top five hold 41 of 100 crimes, as in the 2013 plan's sentence.
const NAMES = [
  'Noel Park',
  'Tottenham Green',
  'Northumberland Park',
  'Tottenham Hale',
  'Bruce Grove',
  'W6',
  'W7',
  'W8',
  'W9',
  'W10',
  'W11',
  'W12',
  'W13',
  'W14',
  'W15',
  'W16',
  'W17',
  'W18',
  'W19',
];
const COUNTS = [11, 9, 8, 7, 6, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3]; // Σ = 100
const rows = sharesFromCounts(COUNTS, { codes: NAMES.map((_, i) => `X${i}`), names: NAMES });
const ALL = filterPhrase({ categories: null, includeAsb: false });

describe('periodLabel', () => {
  it('names a calendar year, a month, or a range', () => {
    expect(periodLabel(monthIndex(2017, 1), monthIndex(2017, 12))).toBe('in 2017');
    expect(periodLabel(monthIndex(2018, 3), monthIndex(2018, 3))).toBe('in March 2018');
    expect(periodLabel(monthIndex(2017, 1), monthIndex(2018, 6))).toBe('between January 2017 and June 2018');
    expect(periodLabel(monthIndex(2017, 4), monthIndex(2018, 3))).toBe('between April 2017 and March 2018');
    expect(periodLabel(monthIndex(2016, 1), monthIndex(2017, 12))).toBe('between January 2016 and December 2017');
  });
});

describe('headline', () => {
  it("reproduces the plans' sentence form", () => {
    expect(COUNTS.reduce((a, b) => a + b, 0)).toBe(100);
    expect(headline({ rows, what: ALL, period: 'in 2017', area: 'Haringey' })).toBe(
      "41% of crime, excluding anti-social behaviour, in 2017 was recorded in 5 of Haringey's 19 wards: " +
        'Noel Park, Tottenham Green, Northumberland Park, Tottenham Hale and Bruce Grove.',
    );
  });

  it('takes N, the filter wording and a missing area', () => {
    expect(
      headline({
        rows,
        n: 2,
        what: filterPhrase({ categories: ['Burglary'], includeAsb: false }),
        period: 'in March 2018',
        area: null,
      }),
    ).toBe('20% of burglary in March 2018 was recorded in 2 of the 19 loaded wards: Noel Park and Tottenham Green.');
    expect(
      headline({
        rows,
        n: 1,
        what: filterPhrase({ categories: ['property'], includeAsb: false }),
        period: 'in 2017',
        area: 'Haringey',
      }),
    ).toBe(
      "11% of property crime (burglary, robbery, vehicle crime) in 2017 was recorded in 1 of Haringey's 19 wards: Noel Park.",
    );
  });

  it('names the area from the local-authority column: one, several (short form past four), none', () => {
    const auth = (...names: string[]) => names.map((name) => ({ name, wards: 1 }));
    expect(areaName('Liverpool', auth('Liverpool'))).toBe('Liverpool');
    expect(areaName(null, auth('Wirral', 'Knowsley', 'Liverpool', 'Knowsley'))).toEqual({
      authorities: ['Knowsley', 'Liverpool', 'Wirral'],
    });
    expect(areaName(null, auth('Sefton'))).toBe('Sefton');
    expect(areaName(null, [])).toBeNull();
    expect(wardsOfArea('Liverpool', 30)).toBe("Liverpool's 30 wards");
    expect(wardsOfArea({ authorities: ['Knowsley', 'Liverpool', 'Sefton'] }, 111)).toBe(
      'the 111 wards of Knowsley, Liverpool and Sefton',
    );
    expect(wardsOfArea({ authorities: ['Knowsley', 'Liverpool', 'Sefton', 'St Helens', 'Wirral'] }, 111)).toBe(
      'the 111 wards of 5 local authorities (Knowsley, Liverpool, Sefton and 2 more)',
    );
    expect(wardsOfArea(null, 30)).toBe('the 30 loaded wards');
    expect(wardsOfArea(null, 1)).toBe('the 1 loaded ward');
    expect(wardsOfArea('London', 1234)).toBe("London's 1,234 wards");
    expect(areaLabel({ authorities: ['A', 'B'] })).toBe('A and B');
    expect(areaLabel(null)).toBe('the loaded wards');
    expect(
      headline({ rows, n: 2, what: ALL, period: 'in 2017', area: { authorities: ['Knowsley', 'Liverpool'] } }),
    ).toBe(
      '20% of crime, excluding anti-social behaviour, in 2017 was recorded in 2 of the 19 wards of Knowsley and Liverpool: Noel Park and Tottenham Green.',
    );
  });

  it('never names wards with no crime, and says so when there is none', () => {
    const sparse = sharesFromCounts([3, 0, 1, 0], {
      codes: ['a', 'b', 'c', 'd'],
      names: ['Ash', 'Beech', 'Cherry', 'Damson'],
    });
    expect(headline({ rows: sparse, what: ALL, period: 'in 2024', area: 'Hollowfield' })).toBe(
      "100% of crime, excluding anti-social behaviour, in 2024 was recorded in 2 of Hollowfield's 4 wards: Ash and Cherry.",
    );
    const none = sharesFromCounts([0, 0], { codes: ['a', 'b'], names: ['Ash', 'Beech'] });
    expect(
      headline({
        rows: none,
        what: filterPhrase({ categories: ['Drugs'], includeAsb: false }),
        period: 'in 2024',
        area: 'Hollowfield',
      }),
    ).toBe("No drugs in 2024 was recorded in Hollowfield's 2 wards.");
  });

  it('formats shares and possessives plainly', () => {
    expect(formatShare(0.414)).toBe('41%');
    expect(formatShare(0.415)).toBe('42%');
    expect(formatShare(0.004)).toBe('<1%');
    expect(formatShare(0)).toBe('0%');
    expect(possessive('Haringey')).toBe("Haringey's");
    expect(possessive('  ')).toBe("the area's");
  });

  it('reports a tie at the cut-off', () => {
    expect(tieAtCutoff(rows, 5)).toBe(false); // 5th = 6, 6th = 5
    expect(tieAtCutoff(rows, 6)).toBe(true); // 6th and 7th both 5
  });

  it('carries the street-segment caveat', () => {
    expect(WARD_CONCENTRATION_CAVEAT).toMatch(/not comparable with street-segment/);
    expect(WARD_CONCENTRATION_CAVEAT).toMatch(/Weisburd/);
  });
});
