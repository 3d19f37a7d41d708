/**
 * Page exports: the files' base name (area and months as YYYY-MM), and the ward CSV that a
 * reader with default options (papaparse header: true) reads as exactly the table, with the
 * provenance in a second, plain-text file.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { AnalysisSession } from '../../src/analysis/session.ts';
import { monthIndex } from '../../src/core/months.ts';
import type { AnalysisParams, AnalysisResult, WardResult } from '../../src/analysis/sessionTypes.ts';
import { csvCell, exportBaseName, wardCsv, wardCsvReadme } from '../../src/app/export/exports.ts';
import { dataPath, describeData, sessionFile, walk } from '../helpers/sharedData.ts';

const HEADER = [
  'rank',
  'ward_code',
  'ward_name',
  'count',
  'share',
  'cumulative_share',
  'population',
  'rate_per_1000',
  'previous',
  'difference',
  'percent_change',
  'poisson_z',
  'direction',
];
const ALL: AnalysisParams = {
  filter: { from: null, to: null, categories: null, includeAsb: false },
  compare: null,
  kde: null,
  topN: 5,
};

/** A complete result (from a session with nothing loaded) with the given parts replaced. */
function resultWith(parts: {
  borough?: string | null;
  window?: [number, number] | null;
  wards?: WardResult[];
  provenance?: string;
}): AnalysisResult {
  const base = new AnalysisSession(new Date(Date.UTC(2024, 0, 1))).run(ALL);
  return {
    ...base,
    wardFile: {
      ...base.wardFile,
      file: 'wards.geojson',
      count: parts.wards?.length ?? 0,
      borough: parts.borough === undefined ? 'Haringey' : parts.borough,
    },
    months: {
      ...base.months,
      window: parts.window === undefined ? [monthIndex(2017, 7), monthIndex(2018, 6)] : parts.window,
    },
    wards: parts.wards ?? [],
    totalInWards: (parts.wards ?? []).reduce((s, w) => s + w.count, 0),
    provenance: parts.provenance ?? base.provenance,
  };
}

const ward = (over: Partial<WardResult>): WardResult => ({
  code: 'E05000001',
  name: 'A',
  index: 0,
  count: 1,
  share: 1,
  cumulativeShare: 1,
  rank: 1,
  ratePer1000: null,
  population: null,
  previous: null,
  difference: null,
  percentChange: null,
  poissonZ: null,
  direction: null,
  ...over,
});

describe('exportBaseName', () => {
  it('area and window as YYYY-MM', () => {
    expect(exportBaseName(resultWith({}))).toBe('Haringey-2017-07_to_2018-06');
    expect(exportBaseName(resultWith({ window: [monthIndex(2018, 6), monthIndex(2018, 6)] }))).toBe('Haringey-2018-06');
    expect(exportBaseName(resultWith({ window: [monthIndex(2017, 12), monthIndex(2018, 1)] }))).toBe(
      'Haringey-2017-12_to_2018-01',
    );
  });
  it('no window: hotspot-atlas; no borough: area', () => {
    expect(exportBaseName(resultWith({ window: null }))).toBe('hotspot-atlas');
    expect(exportBaseName(resultWith({ borough: null }))).toBe('area-2017-07_to_2018-06');
    expect(exportBaseName(resultWith({ borough: ' & ' }))).toBe('area-2017-07_to_2018-06');
  });
  it('keeps only [A-Za-z0-9_-]: other runs become one _, accents dropped, none at the ends', () => {
    const one: [number, number] = [monthIndex(2018, 6), monthIndex(2018, 6)];
    expect(exportBaseName(resultWith({ borough: 'Hammersmith & Fulham', window: one }))).toBe(
      'Hammersmith_Fulham-2018-06',
    );
    expect(exportBaseName(resultWith({ borough: 'Kensington and Chelsea', window: one }))).toBe(
      'Kensington_and_Chelsea-2018-06',
    );
    expect(exportBaseName(resultWith({ borough: 'Hollowfield (synthetic demo)', window: one }))).toBe(
      'Hollowfield_synthetic_demo-2018-06',
    );
    expect(exportBaseName(resultWith({ borough: 'Ynys Môn', window: one }))).toBe('Ynys_Mon-2018-06');
    expect(exportBaseName(resultWith({ borough: '../<script>x', window: one }))).toBe('script_x-2018-06');
    for (const b of ['Stratford-on-Avon', 'a/b\\c:d*e?f"g<h>i|j', 'City of London.'])
      expect(exportBaseName(resultWith({ borough: b, window: one }))).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});

describe('wardCsv', () => {
  it('holds only the table: a default papaparse read gives the header and one row per ward', () => {
    const wards = [
      ward({
        code: 'E05000275',
        name: 'Noel Park',
        count: 12,
        share: 0.6,
        cumulativeShare: 0.6,
        population: 15506,
        ratePer1000: 0.7739,
        previous: 8,
        difference: 4,
        percentChange: 50,
        poissonZ: 1.2718,
        direction: 'up 50% (within normal variation)',
      }),
      ward({ code: 'E05000277', name: "St. Ann's", count: 5, share: 0.25, cumulativeShare: 0.85, rank: 2, index: 1 }),
      // Text from the data: commas, quotes, a line break and would-be formulas.
      ward({
        code: '=HYPERLINK("http://x")',
        name: 'Smith, "Jones"\nRoad',
        count: 2,
        share: 0.1,
        cumulativeShare: 0.95,
        rank: 3,
        index: 2,
      }),
      ward({
        code: '-1+2',
        name: '@SUM(A1)',
        count: 1,
        share: 0.05,
        cumulativeShare: 1,
        rank: 4,
        index: 3,
        poissonZ: -2.5,
        difference: -3,
      }),
    ];
    const csv = wardCsv(resultWith({ wards, provenance: 'Crimes: 3 files · Wards: wards.geojson' }));
    const p = Papa.parse<Record<string, string>>(csv, { header: true });
    expect(p.errors).toEqual([]);
    expect(p.meta.fields).toEqual(HEADER);
    expect(p.data).toHaveLength(wards.length);
    expect(p.data.map((r) => Number(r.count))).toEqual(wards.map((w) => w.count));
    expect(p.data.map((r) => r.ward_name)).toEqual(['Noel Park', "St. Ann's", 'Smith, "Jones"\nRoad', "'@SUM(A1)"]);
    // Formula guard: text cells that begin with = + - @ start with '; numbers are numbers.
    expect(p.data[2].ward_code).toBe(`'=HYPERLINK("http://x")`);
    expect(p.data[3].ward_code).toBe("'-1+2");
    expect(p.data[3].poisson_z).toBe('-2.5');
    expect(p.data[0]).toMatchObject({
      population: '15506',
      rate_per_1000: '0.774',
      previous: '8',
      percent_change: '50',
      direction: 'up 50% (within normal variation)',
    });
    // Nothing but the table: no provenance, no comment line, no trailing empty row.
    expect(csv).not.toMatch(/Crimes: 3 files|^#/m);
    expect(csv.startsWith(HEADER.join(',') + '\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(false);
    expect(Papa.parse(csv).data).toHaveLength(wards.length + 1);
  });
  it('with no wards: the header only', () => {
    const p = Papa.parse<Record<string, string>>(wardCsv(resultWith({ wards: [] })), { header: true });
    expect(p.meta.fields).toEqual(HEADER);
    expect(p.data).toHaveLength(0);
  });
  it('csvCell quotes per RFC 4180 and guards text against formulas', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('+1')).toBe(`"'+1"`);
    expect(csvCell('\t=1')).toBe(`"'\t=1"`);
  });
});

describe('wardCsvReadme', () => {
  it('provenance, months, headline, column meanings and conventions, generated date', () => {
    const r = resultWith({
      wards: [ward({})],
      provenance: 'Crimes: 3 files (100 rows read) · Wards: wards.geojson (1 wards)',
    });
    r.concentration = {
      ...r.concentration,
      headline: '100% of crime in 2018 was recorded in 1 of Haringey’s 1 wards: A.',
    };
    const text = wardCsvReadme(r, new Date(Date.UTC(2026, 1, 3)));
    expect(text).toContain('Crimes: 3 files (100 rows read) · Wards: wards.geojson (1 wards)');
    expect(text).toContain('100% of crime in 2018 was recorded in 1 of Haringey’s 1 wards: A.');
    expect(text).toContain('2017-07 to 2018-06');
    expect(text).toContain('Generated:  2026-02-03');
    for (const col of HEADER) expect(text).toMatch(new RegExp(`^  ${col} `, 'm'));
    expect(text).toMatch(/competition rank/);
    expect(text).toMatch(/share .*inside the wards/);
    expect(text).toMatch(/2018, the year in which the window ends/);
    expect(text).toMatch(/starts with an added '/);
  });
});

const file = sessionFile;

describeData(
  'wardCsv on Haringey (police.uk API, GLA population)',
  'police-uk/api-json/crimes-street-haringey-wards',
  () => {
    it('papaparse header: true gives exactly the 19 wards with their counts', () => {
      const s = new AnalysisSession(new Date(Date.UTC(2026, 0, 1)));
      s.addFiles([
        file(dataPath('boundaries/wards-2014-gla-london/derived/haringey_wards_2014_wgs84.geojson')),
        file(dataPath('population/london_ward_pop.csv.gz')),
      ]);
      s.addFiles(walk(dataPath('police-uk/api-json/crimes-street-haringey-wards')).map(file));
      const r = s.run({
        ...ALL,
        filter: { ...ALL.filter, from: monthIndex(2018, 1), to: monthIndex(2018, 6) },
        compare: 'previous',
      });
      expect(r.wards).toHaveLength(19);
      expect(exportBaseName(r)).toBe('Haringey-2018-01_to_2018-06');
      const p = Papa.parse<Record<string, string>>(wardCsv(r), { header: true });
      expect(p.errors).toEqual([]);
      expect(p.meta.fields).toEqual(HEADER);
      expect(p.data).toHaveLength(r.wards.length);
      expect(p.data.map((x) => Number(x.count))).toEqual(r.wards.map((w) => w.count));
      expect(p.data.map((x) => x.ward_code)).toEqual(r.wards.map((w) => w.code));
      expect(p.data.map((x) => Number(x.previous))).toEqual(r.wards.map((w) => w.previous));
      expect(p.data.every((x) => Number(x.rate_per_1000) > 0)).toBe(true);
      expect(p.data.map((x) => Object.keys(x).length)).toEqual(r.wards.map(() => HEADER.length));
      const readme = wardCsvReadme(r);
      expect(readme).toContain(r.provenance);
      expect(readme).toContain(r.concentration.headline);
      expect(readme).toContain('2018-01 to 2018-06');
    });
  },
);
