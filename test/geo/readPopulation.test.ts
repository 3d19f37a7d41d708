/** Ward population tables (readPopulation): headers, the Year column, missing columns. */
import { describe, expect, it } from 'vitest';
import { readPopulation, readPopulationWithReport } from '../../src/io/population.ts';

describe('readPopulation', () => {
  it('code,population', () => {
    const m = readPopulation('code,population\nE1,100\r\nE2,"1,234"\n');
    expect([...m]).toEqual([
      ['E1', 100],
      ['E2', 1234],
    ]);
  });
  it('other headers, Year column: latest year not after today, or the year asked for', () => {
    const text =
      'Ward_Code,Borough,Year,Population\nE1,H,2016,10\nE1,H,2017,11\nE1,H,2030,99\nE2,H,2017,20\nE2,H,2016,19\n';
    const r = readPopulationWithReport(text, { now: new Date('2017-06-01') });
    expect(r.year).toBe(2017);
    expect([...r.population]).toEqual([
      ['E1', 11],
      ['E2', 20],
    ]);
    expect([r.codeColumn, r.populationColumn]).toEqual(['Ward_Code', 'Population']);
    // The load-time message names the table's years, not a year (the session picks one per window).
    expect(r.warnings[0]).toMatch(/has 3 years \(2016–2030\): rates use the year in which the analysis window ends/);
    expect([...readPopulation(text, { year: 2016 })]).toEqual([
      ['E1', 10],
      ['E2', 19],
    ]);
    expect(() => readPopulation(text, { year: 2000 })).toThrow(/no rows for 2000/);
  });
  it('missing columns are named in the error', () => {
    expect(() => readPopulation('a,b\n1,2\n')).toThrow(/no ward code column \(columns: a, b\)/);
  });
});
