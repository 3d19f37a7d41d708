/**
 * Worker threads change nothing but the time: files parsed in threads and absorbed in order
 * (io/ingestPart.ts, cli/parallel.ts) give exactly the table, accounting, messages and every
 * output of one thread — checked on the engine (CrimeIngest.absorb against reading in place, with
 * rows duplicated across files, a non-police.uk file and a broken one) and on the built command
 * with real police.uk files (JSON report, ESRI grid and hotspot GeoJSON byte for byte, for 1, 2
 * and 3 threads; a file that duplicates an earlier one is read in place by the main thread).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CrimeIngest } from '../../src/io/crimeIngest.ts';
import { dataPath, describeData } from '../helpers/sharedData.ts';

const root = resolve(import.meta.dirname, '../..');
const enc = (s: string) => new TextEncoder().encode(s);
const NOW = new Date(Date.UTC(2024, 11, 1));
const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

function file(month: string, rows: [string, string, string, string][]): Uint8Array {
  return enc(
    [
      HEADER,
      ...rows.map(
        ([id, lon, loc, type]) =>
          `${id},${month},Force,Force,${lon},51.5,${loc},E0100${loc.length},Area ${loc},${type},,`,
      ),
    ].join('\n') + '\n',
  );
}

describe('CrimeIngest.absorb: a part read elsewhere is exactly the file read in place', () => {
  const files: [string, Uint8Array][] = [
    [
      'a.csv',
      file('2024-01', [
        ['a1', '-0.1', 'On or near Alpha Road', 'Burglary'],
        ['a2', '-0.11', 'On or near Beta Street', 'Robbery'],
        ['', '', 'No Location', 'Drugs'],
      ]),
    ],
    [
      'b.csv',
      file('2024-02', [
        ['b1', '-0.12', 'On or near Gamma Lane', 'Burglary'],
        ['b1', '-0.12', 'On or near Gamma Lane', 'Burglary'],
        ['b2', '-0.1', 'On or near Alpha Road', 'Shoplifting'],
      ]),
    ],
    // Repeats a row of a.csv: a cross-file duplicate, so its part must be refused.
    [
      'c.csv',
      file('2024-01', [
        ['c1', '-0.13', 'On or near Delta Way', 'Burglary'],
        ['a1', '-0.1', 'On or near Alpha Road', 'Burglary'],
      ]),
    ],
    [
      'd.csv',
      file('2024-03', [
        ['d1', 'x', 'On or near Epsilon Row', 'Burglary'],
        ['d2', '-0.14', 'On or near Zeta Close', 'Vehicle crime'],
      ]),
    ],
  ];

  function inPlace(): CrimeIngest {
    const ing = new CrimeIngest({ now: NOW });
    for (const [n, b] of files) ing.addFile(n, b);
    return ing;
  }

  it('same table, dictionaries, reports and messages; the duplicating file is refused and read in place', () => {
    const want = inPlace().finish();
    const ing = new CrimeIngest({ now: NOW });
    const refused: string[] = [];
    for (const [n, b] of files) {
      const one = new CrimeIngest({ now: NOW, recordKeys: true });
      one.addFile(n, b);
      const part = one.part();
      expect(part).not.toBeNull();
      if (part && ing.absorb(part)) continue;
      refused.push(n);
      ing.addFile(n, b);
    }
    expect(refused).toEqual(['c.csv']);
    const got = ing.finish();
    expect(got.report).toEqual(want.report);
    expect(got.report.rejected['duplicate-row']).toBe(1);
    expect(got.table).toEqual(want.table);
  });

  it('a file that is not a police.uk street CSV gives no part', () => {
    const one = new CrimeIngest({ now: NOW, recordKeys: true });
    one.addFile(
      'api.json',
      enc(
        '[{"category":"burglary","location_type":"Force","location":{"latitude":"51.5","street":{"id":1,"name":"On or near X"},"longitude":"-0.1"},"context":"","outcome_status":null,"persistent_id":"","id":1,"location_subtype":"","month":"2024-01"}]',
      ),
    );
    expect(one.part()).toBeNull();
  });
});

describeData(
  'the built command gives the same outputs whatever the number of threads',
  'police-uk/street-csv/city-of-london',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotspot-threads-'));
    const wards = dataPath('boundaries/wards-2014-gla-london/derived/london_wards_2014_wgs84.geojson');
    const city = dataPath('police-uk/street-csv/city-of-london');
    const met = dataPath('police-uk/street-csv/metropolitan-burglary-only');
    beforeAll(() => {
      execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs'), '--if-stale'], {
        cwd: root,
        stdio: 'inherit',
      });
    }, 60_000);

    const run = (tag: string, threads: number, crimes: string[], env?: Record<string, string>) => {
      const out = (ext: string) => join(dir, `${tag}-${threads}.${ext}`);
      const r = spawnSync(
        process.execPath,
        [
          join(root, 'dist-cli/hotspot-atlas.mjs'),
          'analyse',
          '--wards',
          wards,
          '--crimes',
          ...crimes,
          '--include-asb',
          '--from',
          '2017-01',
          '--to',
          '2018-12',
          '--kde-asc',
          out('asc'),
          '--hotspots',
          out('geojson'),
          '--json',
          out('json'),
          '--threads',
          String(threads),
          '--stats',
        ],
        { encoding: 'utf8', env: { ...process.env, ...env } },
      );
      expect(r.status, r.stderr).toBe(0);
      return {
        json: readFileSync(out('json'), 'utf8'),
        asc: readFileSync(out('asc'), 'utf8'),
        geojson: readFileSync(out('geojson'), 'utf8'),
        stats: r.stderr,
      };
    };

    it('City of London and Met burglary 2017–18 (48 files): 1, 2 and 3 threads byte for byte', () => {
      const one = run('all', 1, [city, met]);
      expect(one.stats).toMatch(/in one thread/);
      for (const t of [2, 3]) {
        const many = run('all', t, [city, met]);
        expect(many.stats).toMatch(new RegExp(`48 file\\(s\\) read in ${t} threads, 0 in the main thread`));
        expect(many.json).toBe(one.json);
        expect(many.asc).toBe(one.asc);
        expect(many.geojson).toBe(one.geojson);
      }
      expect(JSON.parse(one.json).input.rowsRead).toBeGreaterThan(150_000);
    }, 240_000);

    it('a file repeating an earlier one is read in place, and the duplicates are counted as with one thread', () => {
      const first = readdirSync(city)
        .filter((f) => f.endsWith('.csv'))
        .sort()[0];
      const copy = join(dir, 'zz-again-street.csv');
      copyFileSync(join(city, first), copy);
      const one = run('dup', 1, [city, copy]);
      const two = run('dup', 2, [city, copy]);
      expect(two.stats).toMatch(/24 file\(s\) read in 2 threads, 1 in the main thread/);
      expect(two.json).toBe(one.json);
      const rows = readFileSync(copy, 'utf8').trim().split('\n').length - 1;
      expect(JSON.parse(one.json).input.rejected['duplicate-row']).toBe(rows);
    }, 120_000);

    it('one big file: its rest read by a second thread gives the outputs of one thread', () => {
      // The City's 24 months in one CSV (header once); split however small (the env override).
      const files = readdirSync(city)
        .filter((f) => f.endsWith('.csv'))
        .sort();
      const lines = files.flatMap((f, k) =>
        readFileSync(join(city, f), 'utf8')
          .split('\n')
          .slice(k === 0 ? 0 : 1)
          .filter((l) => l !== ''),
      );
      const one = join(dir, 'city-in-one.csv');
      writeFileSync(one, lines.join('\n') + '\n');
      const a = run('split', 1, [one]);
      const b = run('split', 2, [one], { HOTSPOT_SPLIT_MIN_BYTES: '1' });
      expect(a.stats).toMatch(/in one thread/);
      expect(b.stats).toMatch(/in 2 threads \(the rest of the file from byte \d+ in a worker\)/);
      expect(b.json).toBe(a.json);
      expect(b.asc).toBe(a.asc);
      expect(b.geojson).toBe(a.geojson);
    }, 120_000);
  },
);
