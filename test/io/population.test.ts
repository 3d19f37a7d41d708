/**
 * Population tables with a Year column: the load-time message names the table's years and how
 * the year is chosen (the year of the analysis window's end), never a year that will not be used;
 * populationYearNote words the year actually used for the provenance.
 */
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AnalysisSession } from '../../src/analysis/session.ts';
import { monthIndex } from '../../src/core/months.ts';
import { populationYearNote, readPopulationWithReport } from '../../src/io/population.ts';
import { dataPath, describeData, readData, sessionFile, walk } from '../helpers/sharedData.ts';

const TABLE =
  'Code,Year,Population\nE1,2011,100\nE1,2018,118\nE1,2026,126\nE1,2050,150\nE2,2011,200\nE2,2018,218\nE2,2026,226\nE2,2050,250\n';

describe('population year', () => {
  it('the load-time message names the years the table has, not the year read at load', () => {
    const r = readPopulationWithReport(TABLE, { now: new Date(Date.UTC(2026, 5, 1)) });
    expect(r.year).toBe(2026);
    expect(r.years).toEqual({ min: 2011, max: 2050, count: 4 });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).not.toMatch(/population for 2026|2026 used/);
    expect(r.warnings[0]).toBe(
      'population table has 4 years (2011–2050): rates use the year in which the analysis window ends, or the latest year before it (2011 for windows ending earlier)',
    );
  });
  it('a year asked for, a table of one year, a table without years: no message about the year', () => {
    expect(readPopulationWithReport(TABLE, { year: 2018 }).warnings).toEqual([]);
    const one = readPopulationWithReport('Code,Year,Population\nE1,2018,5\n', { now: new Date(Date.UTC(2026, 0, 1)) });
    expect([one.year, one.years, one.warnings]).toEqual([2018, { min: 2018, max: 2018, count: 1 }, []]);
    const none = readPopulationWithReport('code,population\nE1,5\n');
    expect([none.year, none.years, none.warnings]).toEqual([null, null, []]);
    expect(() => readPopulationWithReport('Code,Year,Population\nE1,mid,5\n')).toThrow(/no year in the Year column/);
  });
  it("populationYearNote: the year used, the table's years, the file", () => {
    expect(populationYearNote(2018, { min: 2011, max: 2050, count: 40 })).toBe(
      'population: 2018 figures (the table has 40 years, 2011–2050)',
    );
    expect(populationYearNote(2018, { min: 2011, max: 2050, count: 40 }, 'london_ward_pop.csv')).toBe(
      'population: 2018 figures (the table has 40 years, 2011–2050) from london_ward_pop.csv',
    );
    expect(populationYearNote(2019, { min: 2019, max: 2019, count: 1 }, 'pop.csv')).toBe(
      'population: 2019 figures from pop.csv',
    );
  });
});

const file = sessionFile;

describeData(
  'GLA ward population (2011–2050) with Haringey crimes of 2017–2018',
  'population/london_ward_pop.csv.gz',
  () => {
    it("no message claims the load-time year; rates use the population of the window's last year", () => {
      const s = new AnalysisSession(new Date(Date.UTC(2026, 0, 15)));
      const load = s.addFiles([
        file(dataPath('boundaries/wards-2014-gla-london/derived/haringey_wards_2014_wgs84.geojson')),
        file(dataPath('population/london_ward_pop.csv.gz')),
      ]);
      s.addFiles(walk(dataPath('police-uk/api-json/crimes-street-haringey-wards')).map(file));
      const texts = load.messages.map((m) => m.message);
      expect(texts.some((t) => /2026/.test(t))).toBe(false);
      expect(texts).toContain(
        'population table has 40 years (2011–2050): rates use the year in which the analysis window ends, or the latest year before it (2011 for windows ending earlier)',
      );
      const table = new TextDecoder().decode(gunzipSync(readData('population/london_ward_pop.csv.gz')));
      for (const year of [2017, 2018]) {
        const want = readPopulationWithReport(table, { year }).population;
        const r = s.run({
          filter: { from: monthIndex(year, 1), to: monthIndex(year, 6), categories: null, includeAsb: false },
          compare: null,
          kde: null,
          topN: 5,
        });
        expect(r.wards).toHaveLength(19);
        for (const w of r.wards) expect(w.population).toBe(want.get(w.code));
        expect(r.messages.some((m) => /2026/.test(m.message))).toBe(false);
      }
    });
  },
);
