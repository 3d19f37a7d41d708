/**
 * The page's file intake: gzipped tables (.csv.gz, .json.gz, .geojson.gz) and shapefiles pass
 * the extension filter, gzip is never streamed as a crime CSV (it is read whole and the session
 * gunzips it), and a population .csv.gz picked on the page gives rates.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AnalysisSession } from '../../src/analysis/session.ts';
import { HEAD_BYTES, shouldStream } from '../../src/io/stream.ts';
import { readFiles } from '../../src/app/load/files.ts';
import { dataPath, describeData } from '../helpers/sharedData.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const STREET =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n' +
  'abc,2018-01,Metropolitan Police Service,Metropolitan Police Service,-0.100000,51.590000,On or near High Road,E01000001,Haringey 001A,Burglary,,\n';

describe('readFiles', () => {
  it('keeps gzipped tables and shapefiles, drops the rest', async () => {
    const names = [
      'london_ward_pop.csv.gz',
      'crimes.json.gz',
      'wards.geojson.gz',
      'WARDS.CSV.GZ',
      'wards.zip',
      'London_Ward.shp',
      'London_Ward.shx',
      'London_Ward.dbf',
      'London_Ward.prj',
      'London_Ward.cpg',
      '2018-01-metropolitan-street.csv',
      'notes.pdf',
      'photo.jpg',
      'backup.tar.gz',
      'x.gz',
    ];
    const picked = await readFiles(names.map((n) => new File([new Uint8Array(4)], n)));
    expect(picked.map((f) => f.name)).toEqual(names.slice(0, 11));
    expect(picked.every((f) => f.file instanceof File)).toBe(true);
  });
});

describe('shouldStream', () => {
  it('never streams gzip bytes (magic 1f 8b), whatever the name and however short the head', () => {
    const gz = gzipSync(enc(STREET));
    expect(shouldStream('2018-01-metropolitan-street.csv.gz', gz.subarray(0, HEAD_BYTES))).toBe(false);
    expect(shouldStream('2018-01-metropolitan-street.csv', gz.subarray(0, HEAD_BYTES))).toBe(false);
    expect(shouldStream('crimes.csv', Uint8Array.of(0x1f, 0x8b))).toBe(false);
    expect(shouldStream('crimes.csv', gz.subarray(0, 10))).toBe(false);
    // Plain street CSVs still stream; a ".csv.gz" saved already decompressed is a plain CSV.
    expect(shouldStream('2018-01-metropolitan-street.csv', enc(STREET))).toBe(true);
    expect(shouldStream('2018-01-metropolitan-street.csv.gz', enc(STREET))).toBe(true);
  });
});

describeData('population .csv.gz through the page intake', 'population/london_ward_pop.csv.gz', () => {
  it('passes the filter, is read whole, and gives rates for the Haringey wards', async () => {
    const crimesDir = dataPath('police-uk/street-csv/metropolitan-burglary-only');
    const paths = [
      dataPath('population/london_ward_pop.csv.gz'),
      dataPath('boundaries/wards-2014-gla-london/derived/haringey_wards_2014_wgs84.geojson'),
      ...readdirSync(crimesDir)
        .filter((f) => /^2018-0[1-3]-/.test(f))
        .map((f) => join(crimesDir, f)),
    ];
    const picked = await readFiles(paths.map((p) => new File([readFileSync(p)], basename(p))));
    expect(picked.map((f) => f.name)).toEqual(paths.map((p) => basename(p)));
    // What the worker does (analysis.worker.ts loadFiles): stream the crime CSVs, read the others whole.
    const s = new AnalysisSession(new Date(Date.UTC(2026, 0, 1)));
    const whole: { name: string; bytes: Uint8Array }[] = [];
    for (const { name, file } of picked) {
      const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
      if (shouldStream(name, head)) {
        expect(name).toMatch(/-street\.csv$/);
        async function* chunks() {
          yield new Uint8Array(await file.arrayBuffer());
        }
        await s.addCrimeStream(name, file.size, chunks(), { defer: true });
      } else whole.push({ name, bytes: new Uint8Array(await file.arrayBuffer()) });
    }
    expect(whole.map((f) => f.name)).toEqual(['london_ward_pop.csv.gz', 'haringey_wards_2014_wgs84.geojson']);
    const load = s.addFiles(whole);
    expect(load.messages.filter((m) => m.level === 'error')).toEqual([]);
    const r = s.run({
      filter: { from: null, to: null, categories: null, includeAsb: false },
      compare: null,
      kde: null,
      topN: 5,
    });
    expect(r.wards).toHaveLength(19);
    expect(r.totalInWards).toBeGreaterThan(500);
    for (const w of r.wards) {
      expect(w.population, w.name).toBeGreaterThan(10_000);
      expect(w.ratePer1000, w.name).not.toBeNull();
    }
    expect(r.provenance).toMatch(
      /Population: 2018 figures \(the table has \d+ years, 2011–2050\) from london_ward_pop\.csv/,
    );
  });
});
