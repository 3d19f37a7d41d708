/**
 * What a user meets in the first minutes, in the engine: a load that gives no analysis says why
 * (diagnosis.ts) and names the files; a CSV whose columns are not recognised waits for a mapping
 * and then loads with it; a police.uk file of another kind is named as such; a later boundary
 * load of another district adds to the loaded wards, one of the same area replaces them; the
 * headline names the area from the local-authority column and what was counted.
 */
import { describe, expect, it } from 'vitest';
import { AnalysisSession } from '../../src/analysis/session.ts';
import { diagnose } from '../../src/analysis/diagnosis.ts';
import { unprojectPointBng } from '../../src/core/bng.ts';
import { mappingFromValues } from '../../src/app/panels/mappingForm.ts';
import type { AnalysisParams } from '../../src/analysis/sessionTypes.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const NOW = new Date(Date.UTC(2024, 11, 1));
const ALL: AnalysisParams = {
  filter: { from: null, to: null, categories: null, includeAsb: false },
  compare: null,
  kde: null,
  topN: 2,
};

/** Square wards of 1 km in BNG along a row starting at x0; properties per ward. */
function wards(x0: number, props: Record<string, string>[]): string {
  const sq = (x: number) =>
    [
      [x, 180000],
      [x + 1000, 180000],
      [x + 1000, 181000],
      [x, 181000],
      [x, 180000],
    ].map(([a, b]) => unprojectPointBng(a, b));
  return JSON.stringify({
    type: 'FeatureCollection',
    features: props.map((p, i) => ({
      type: 'Feature',
      properties: p,
      geometry: { type: 'Polygon', coordinates: [sq(x0 + i * 1000)] },
    })),
  });
}

const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
function street(rows: [string, number, number, string][]): Uint8Array {
  return enc(
    [
      HEADER,
      ...rows.map(([m, x, y, t]) => {
        const [lon, lat] = unprojectPointBng(x, y);
        return `,${m},Test Police,Test Police,${lon.toFixed(6)},${lat.toFixed(6)},On or near High Road,E01000001,Testham 001A,${t},,`;
      }),
    ].join('\n') + '\n',
  );
}

const TYPES = ['Burglary', 'Robbery', 'Vehicle crime', 'Drugs', 'Shoplifting'];
/** n crimes per ward of a row of wards starting at x0, cycling through five crime types. */
function crimesIn(x0: number, nWards: number, n: number, month = '2024-03'): Uint8Array {
  const rows: [string, number, number, string][] = [];
  for (let w = 0; w < nWards; w++)
    for (let i = 0; i < n; i++) rows.push([month, x0 + w * 1000 + 100 + i * 7, 180500, TYPES[i % TYPES.length]]);
  return street(rows);
}

const LIVERPOOL = [
  { WD22CD: 'E05000001', WD22NM: 'Anfield', LAD22NM: 'Liverpool' },
  { WD22CD: 'E05000002', WD22NM: 'Everton', LAD22NM: 'Liverpool' },
];
const KNOWSLEY = [
  { wd16cd: 'E05000101', wd16nm: 'Halewood', lad16nm: 'Knowsley' },
  { wd16cd: 'E05000102', wd16nm: 'Prescot', lad16nm: 'Knowsley' },
  { wd16cd: 'E05000103', wd16nm: 'Whiston', lad16nm: 'Knowsley' },
];

describe('diagnosis: a load that gives no analysis says why', () => {
  it('crimes without boundaries', () => {
    const s = new AnalysisSession(NOW);
    s.addFiles([{ name: '2024-03-test-street.csv', bytes: crimesIn(530000, 2, 5) }]);
    const r = s.run(ALL);
    expect(r.diagnosis?.kind).toBe('no-boundaries');
    expect(r.diagnosis?.title).toBe(
      '10 crimes were read from 2024-03-test-street.csv, but no ward boundaries are loaded, so nothing can be counted by ward.',
    );
    expect(r.diagnosis?.next).toMatch(/^Add the ward boundaries of the area .*The crimes already read stay loaded\.$/);
  });

  it('boundaries without crimes; then a police.uk outcomes file is named as such', () => {
    const s = new AnalysisSession(NOW);
    s.addFiles([{ name: 'liverpool.geojson', bytes: enc(wards(530000, LIVERPOOL)) }]);
    expect(s.run(ALL).diagnosis).toMatchObject({
      kind: 'no-crimes',
      title: 'Ward boundaries are loaded (the 2 wards of liverpool.geojson), but no crime file is loaded.',
    });
    const outcomes =
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\nabc,2024-03,Merseyside Police,Merseyside Police,-2.9,53.4,On or near X,E01,Liverpool 001A,Investigation complete; no suspect identified\n';
    s.addFiles([{ name: '2024-03-merseyside-outcomes.csv', bytes: enc(outcomes) }]);
    const d = s.run(ALL).diagnosis;
    expect(d?.kind).toBe('no-crimes');
    expect(d?.title).toBe(
      'Ward boundaries are loaded (the 2 wards of liverpool.geojson), but 2024-03-merseyside-outcomes.csv is not a street-level crime file.',
    );
    expect(d?.details).toEqual([
      '2024-03-merseyside-outcomes.csv: not a street-level crime file: this is a police.uk outcomes file (…-outcomes.csv); load the …-street.csv files',
    ]);
    expect(d?.next).toMatch(/…-street\.csv files of the same police\.uk download/);
  });

  it('every crime outside the wards: says where each lies', () => {
    const s = new AnalysisSession(NOW);
    s.addFiles([
      { name: 'liverpool.geojson', bytes: enc(wards(530000, LIVERPOOL)) },
      { name: '2024-03-elsewhere-street.csv', bytes: crimesIn(560000, 1, 4) },
    ]);
    const r = s.run(ALL);
    expect(r.diagnosis?.kind).toBe('all-outside');
    expect(r.diagnosis?.title).toMatch(
      /^None of the 4 crimes read from 2024-03-elsewhere-street\.csv lies inside the 2 wards of liverpool\.geojson: the crimes and the boundaries cover different areas\. The crimes lie around 51\.\d\d°N 0\.\d\d°E, the wards around 51\.\d\d°N 0\.\d\d°W\.$/,
    );
    expect(r.input.rejected['outside-wards']).toBe(4);
  });

  it('unreadable files only; and none at all once a crime is inside a ward', () => {
    const s = new AnalysisSession(NOW);
    s.addFiles([{ name: 'notes.txt', bytes: enc('hello\n') }]);
    expect(s.run(ALL).diagnosis).toMatchObject({
      kind: 'nothing',
      title: 'Nothing could be analysed: the file was not loaded.',
      details: [expect.stringMatching(/^notes\.txt: not a file Hotspot Atlas can read/)],
    });
    s.addFiles([
      { name: 'liverpool.geojson', bytes: enc(wards(530000, LIVERPOOL)) },
      { name: '2024-03-test-street.csv', bytes: crimesIn(530000, 1, 1) },
    ]);
    const r = s.run(ALL);
    expect(r.diagnosis).toBeNull();
    expect(r.notLoaded.map((m) => m.file)).toEqual(['notes.txt']);
  });

  it('every row rejected: the reasons are counted', () => {
    const d = diagnose({
      crimeFiles: ['a.csv', 'b.csv'],
      rowsRead: 7,
      rowsValid: 0,
      outside: 0,
      rejected: { 'no-coordinates': 5, 'bad-month': 2 },
      wards: { file: 'w.geojson', count: 3 },
      failed: [],
    });
    expect(d?.title).toBe(
      'None of the 7 rows of 2 files could be used: no coordinates ("No Location"): 5; month missing or unreadable: 2.',
    );
  });
});

describe('a CSV whose columns are not recognised waits for a mapping, then loads with it', () => {
  const text =
    'Ref;Pos_E;Pos_N;When;Offence\nR1;530500;180500;2024-03-02;Burglary\nR2;531500;180500;2024-03-09;Robbery\nR3;531600;180500;2024-04-01;Drugs\n';
  it('is not loaded, with its header and a partial guess; the mapped load counts every row', () => {
    const s = new AnalysisSession(NOW);
    s.addFiles([{ name: 'liverpool.geojson', bytes: enc(wards(530000, LIVERPOOL)) }]);
    const first = s.addFiles([{ name: 'export.csv', bytes: enc(text) }]);
    expect(first.messages).toEqual([
      expect.objectContaining({
        code: 'needs-mapping',
        file: 'export.csv',
        header: ['Ref', 'Pos_E', 'Pos_N', 'When', 'Offence'],
      }),
    ]);
    const r0 = s.run(ALL);
    expect(r0.diagnosis?.kind).toBe('no-crimes');
    expect(r0.diagnosis?.needsMapping.map((m) => m.file)).toEqual(['export.csv']);
    expect(r0.input.rowsRead).toBe(0);

    const form = mappingFromValues({ easting: 'Pos_E', northing: 'Pos_N', date: 'When', category: 'Offence' });
    expect('mapping' in form).toBe(true);
    if (!('mapping' in form)) return;
    s.addFiles([{ name: 'export.csv', bytes: enc(text) }], { mapping: form.mapping });
    const r = s.run(ALL);
    expect(r.diagnosis).toBeNull();
    expect(r.notLoaded).toEqual([]);
    expect(r.totalInWards).toBe(3);
    expect(r.wards.map((w) => [w.name, w.count])).toEqual([
      ['Everton', 2],
      ['Anfield', 1],
    ]);
  });

  it('streams the same way (the page streams big CSVs)', async () => {
    const s = new AnalysisSession(NOW);
    s.addFiles([{ name: 'liverpool.geojson', bytes: enc(wards(530000, LIVERPOOL)) }]);
    async function* chunks() {
      yield enc(text);
    }
    const r = await s.addCrimeStream('export.csv', text.length, chunks());
    expect(r.messages).toEqual([
      expect.objectContaining({ code: 'needs-mapping', header: ['Ref', 'Pos_E', 'Pos_N', 'When', 'Offence'] }),
    ]);
    await s.addCrimeStream('export.csv', text.length, chunks(), {
      mapping: { easting: 'Pos_E', northing: 'Pos_N', date: 'When' },
    });
    expect(s.run(ALL).totalInWards).toBe(3);
  });

  it('the form needs a point and a date, each column once', () => {
    expect(mappingFromValues({ lon: 'x' })).toEqual({
      error: 'Choose the longitude and latitude columns, or the easting and northing columns.',
    });
    expect(mappingFromValues({ lon: 'x', lat: 'y' })).toEqual({
      error: 'Choose the column that holds the month or the date.',
    });
    expect(mappingFromValues({ lon: 'x', lat: 'y', date: 'x' })).toEqual({
      error: 'Each column can be used for one purpose only.',
    });
    expect(mappingFromValues({ lon: 'x', lat: 'y', date: 'd', category: '' })).toEqual({
      mapping: { lon: 'x', lat: 'y', date: 'd' },
    });
  });
});

describe('boundaries: several files are one area; a later load adds another district or replaces the same area', () => {
  it('two districts in one load: the headline names both; a third file later is added', () => {
    const s = new AnalysisSession(NOW);
    s.addFiles([
      { name: 'liverpool.geojson', bytes: enc(wards(530000, LIVERPOOL)) },
      { name: 'knowsley.geojson', bytes: enc(wards(532000, KNOWSLEY)) },
      { name: '2024-03-merseyside-street.csv', bytes: crimesIn(530000, 6, 5) },
    ]);
    const r = s.run(ALL);
    expect(r.wardFile.count).toBe(5);
    expect(r.wardFile.area).toEqual({ authorities: ['Knowsley', 'Liverpool'] });
    expect(r.concentration.headline).toMatch(
      /^40% of crime, excluding anti-social behaviour, in March 2024 was recorded in 2 of the 5 wards of Knowsley and Liverpool: /,
    );
    expect(r.input.rejected['outside-wards']).toBe(5); // the sixth square has no ward yet

    const sefton = [{ WD22CD: 'E05000201', WD22NM: 'Ainsdale', LAD22NM: 'Sefton' }];
    s.addFiles([{ name: 'sefton.geojson', bytes: enc(wards(535000, sefton)) }]);
    const r2 = s.run(ALL);
    expect(r2.wardFile.count).toBe(6);
    expect(r2.totalInWards).toBe(30);
    expect(r2.wardFile.area).toEqual({ authorities: ['Knowsley', 'Liverpool', 'Sefton'] });
    expect(r2.messages.some((m) => /adds 1 wards to the 5 loaded/.test(m.message))).toBe(true);
  });

  it('a later load of the same area (new vintage, new codes) replaces the loaded wards', () => {
    const s = new AnalysisSession(NOW);
    s.addFiles([
      { name: 'liverpool-2016.geojson', bytes: enc(wards(530000, LIVERPOOL)) },
      { name: '2024-03-x-street.csv', bytes: crimesIn(530000, 2, 3) },
    ]);
    // One ward of 2 km over both old ones.
    const ring = [
      [530000, 180000],
      [532000, 180000],
      [532000, 181000],
      [530000, 181000],
      [530000, 180000],
    ].map(([a, b]) => unprojectPointBng(a, b));
    const big = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { WD22CD: 'E05009999', WD22NM: 'Anfield and Everton', LAD22NM: 'Liverpool' },
          geometry: { type: 'Polygon', coordinates: [ring] },
        },
      ],
    });
    s.addFiles([{ name: 'liverpool-2022.geojson', bytes: enc(big) }]);
    const r = s.run(ALL);
    expect(r.wardFile.count).toBe(1);
    expect(r.wards[0]).toMatchObject({ name: 'Anfield and Everton', count: 6 });
    expect(r.messages.some((m) => /replaces the ward boundaries from liverpool-2016\.geojson/.test(m.message))).toBe(
      true,
    );
  });

  it('the same code with another boundary in two files is an error naming both; what was loaded stays', () => {
    const s = new AnalysisSession(NOW);
    s.addFiles([
      { name: 'liverpool.geojson', bytes: enc(wards(530000, LIVERPOOL)) },
      { name: '2024-03-x-street.csv', bytes: crimesIn(530000, 2, 2) },
    ]);
    const moved = wards(530005, LIVERPOOL);
    const r = s.addFiles([
      { name: 'a.geojson', bytes: enc(wards(530000, LIVERPOOL)) },
      { name: 'b.geojson', bytes: enc(moved) },
    ]);
    const err = r.messages.find((m) => m.level === 'error');
    expect(err?.message).toMatch(/E05000001/);
    expect(err?.message).toMatch(/a\.geojson/);
    expect(err?.message).toMatch(/b\.geojson/);
    expect(s.run(ALL).totalInWards).toBe(4);
  });

  it('no local-authority column: "the N loaded wards", and the quality panel can say which column would name it', () => {
    const s = new AnalysisSession(NOW);
    s.addFiles([
      {
        name: 'w.geojson',
        bytes: enc(
          wards(530000, [
            { WD22CD: 'E05000001', WD22NM: 'A' },
            { WD22CD: 'E05000002', WD22NM: 'B' },
          ]),
        ),
      },
      { name: '2024-03-x-street.csv', bytes: crimesIn(530000, 2, 5) },
    ]);
    const r = s.run(ALL);
    expect(r.wardFile.area).toBeNull();
    expect(r.wardFile.authorityField).toBeNull();
    expect(r.concentration.headline).toMatch(/ in 2 of the 2 loaded wards: /);
  });
});

describe('what was counted: a burglary-only extract is "burglary", never "crime"', () => {
  it('headline, filter label and provenance', () => {
    const s = new AnalysisSession(NOW);
    const rows: [string, number, number, string][] = [
      ['2024-03', 530500, 180500, 'Burglary'],
      ['2024-03', 530600, 180500, 'Burglary'],
      ['2024-03', 531500, 180500, 'Burglary'],
    ];
    s.addFiles([
      { name: 'liverpool.geojson', bytes: enc(wards(530000, LIVERPOOL)) },
      { name: '2024-03-met-street.csv', bytes: street(rows) },
    ]);
    const r = s.run({ ...ALL, topN: 1 });
    expect(r.concentration.headline).toBe(
      "67% of burglary in March 2024 was recorded in 1 of Liverpool's 2 wards: Anfield.",
    );
    expect(r.filterLabel).toBe('burglary');
    expect(r.provenance).toMatch(/What: burglary/);
    // All five types loaded: "crime".
    const t = new AnalysisSession(NOW);
    t.addFiles([
      { name: 'liverpool.geojson', bytes: enc(wards(530000, LIVERPOOL)) },
      { name: '2024-03-x-street.csv', bytes: crimesIn(530000, 2, 5) },
    ]);
    expect(t.run(ALL).concentration.headline).toMatch(/^\d+% of crime, excluding anti-social behaviour, in March 2024/);
  });
});
