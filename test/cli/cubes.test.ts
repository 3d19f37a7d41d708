/**
 * `hotspot-atlas cubes` against the single-process engine on real police.uk files: every count
 * read back from the Parquet (by DuckDB's own reader) equals AnalysisSession's — ward totals over
 * the whole period and by month, with and without anti-social behaviour, and the 250 m cells of
 * the crimes inside the wards against the session's own rows binned independently; accounting
 * adds up; a second run computes nothing; a new month computes only that partition.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { AnalysisSession } from '../../src/analysis/session.ts';
import { CrimeIngest } from '../../src/io/crimeIngest.ts';
import { readBoundaries } from '../../src/io/boundaries.ts';
import { fillProjection } from '../../src/core/bng.ts';
import { WardIndex } from '../../src/analysis/wardIndex.ts';
import { formatMonth, parseMonth } from '../../src/core/months.ts';
import { partitionOf, readCellCube, readWardCube } from '../../src/io/cubeParquet.ts';
import type { AnalysisParams } from '../../src/analysis/sessionTypes.ts';
import { dataPath, describeData, readData } from '../helpers/sharedData.ts';

const root = resolve(import.meta.dirname, '../..');

describeData('cubes equal the single-process engine', 'police-uk/street-csv/city-of-london', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotspot-cubes-'));
  const out = join(dir, 'cube');
  const wards = dataPath('boundaries/wards-2014-gla-london/derived/london_wards_2014_wgs84.geojson');
  const city = dataPath('police-uk/street-csv/city-of-london');
  const cityFiles = readdirSync(city)
    .filter((f) => f.endsWith('.csv'))
    .sort();
  // 2017 only at first; 2018-01 is added later.
  const first = join(dir, 'first');
  mkdirSync(first);
  for (const f of cityFiles.filter((f) => f.startsWith('2017-'))) copyFileSync(join(city, f), join(first, f));
  const cubesCmd = (crimes: string[]) =>
    spawnSync(
      process.execPath,
      [join(root, 'dist-cli/hotspot-atlas.mjs'), 'cubes', '--wards', wards, '--crimes', ...crimes, '--out', out],
      { encoding: 'utf8' },
    );

  let session: AnalysisSession;
  beforeAll(() => {
    execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs'), '--if-stale'], {
      cwd: root,
      stdio: 'inherit',
    });
    session = new AnalysisSession();
    session.addFiles([
      {
        name: 'wards.geojson',
        bytes: readData('boundaries/wards-2014-gla-london/derived/london_wards_2014_wgs84.geojson'),
      },
    ]);
    session.addFiles(
      cityFiles
        .filter((f) => f.startsWith('2017-'))
        .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(city, f))) })),
    );
  }, 60_000);

  const params = (from: string, to: string, includeAsb: boolean): AnalysisParams => ({
    filter: { from: parseMonth(from), to: parseMonth(to), categories: null, includeAsb },
    compare: null,
    kde: null,
    topN: 5,
  });
  async function query(sql: string): Promise<unknown[][]> {
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const r = await con.runAndReadAll(sql);
    con.closeSync();
    return r.getRows() as unknown[][];
  }
  const wardsGlob = `read_parquet('${join(out, 'wards/**/*.parquet')}', hive_partitioning = true)`;

  it('ward counts, whole and by month, with and without anti-social behaviour; accounting adds up', async () => {
    const r = cubesCmd([first]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/12 partitions \(12 computed\)/);
    for (const [from, to] of [
      ['2017-01', '2017-12'],
      ['2017-06', '2017-06'],
    ]) {
      for (const asb of [false, true]) {
        const want = new Map(
          session
            .run(params(from, to, asb))
            .wards.filter((w) => w.count > 0)
            .map((w) => [w.code, w.count]),
        );
        const rows = await query(
          `SELECT ward_code, sum(count)::INTEGER FROM ${wardsGlob} WHERE month BETWEEN '${from}' AND '${to}' ${asb ? '' : "AND category <> 'Anti-social behaviour'"} GROUP BY ward_code`,
        );
        expect(new Map(rows.map(([c, n]) => [String(c), Number(n)]))).toEqual(want);
      }
    }
    // By partition: each file month holds exactly its month's crimes.
    const june = await query(`SELECT DISTINCT month FROM ${wardsGlob} WHERE file_month = '2017-06'`);
    expect(june).toEqual([['2017-06']]);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const rep = session.report();
    expect(manifest.totals.rowsRead).toBe(rep.rowsRead);
    expect(manifest.totals.used).toBe(rep.used);
    expect(manifest.totals.rejected).toEqual(rep.rejected);
    expect(manifest.boundaries.count).toBe(654);
  }, 120_000);

  it('250 m cells of the crimes inside the wards equal the session rows binned independently', async () => {
    // The engine's pieces used directly: read, project, assign.
    const ingest = new CrimeIngest();
    for (const f of cityFiles.filter((f) => f.startsWith('2017-')))
      ingest.addFile(f, new Uint8Array(readFileSync(join(city, f))));
    const t = ingest.finish().table;
    fillProjection(t);
    const wardOf = WardIndex.build(
      readBoundaries([
        {
          name: 'w.geojson',
          bytes: readData('boundaries/wards-2014-gla-london/derived/london_wards_2014_wgs84.geojson'),
        },
      ]),
    ).assign(t.x, t.y);
    const want = new Map<string, number>();
    for (let i = 0; i < t.length; i++) {
      if (wardOf[i] < 0) continue;
      const k = `${Math.floor(t.x[i] / 250) * 250},${Math.floor(t.y[i] / 250) * 250}`;
      want.set(k, (want.get(k) ?? 0) + 1);
    }
    const rows = await query(
      `SELECT x0, y0, sum(count)::INTEGER FROM read_parquet('${join(out, 'cells/**/*.parquet')}', hive_partitioning = true) WHERE cell_m = 250 AND ward_code <> '' GROUP BY x0, y0`,
    );
    expect(new Map(rows.map(([x, y, n]) => [`${x},${y}`, Number(n)]))).toEqual(want);
  }, 60_000);

  it('the page reader in pure JavaScript (hyparquet) reads the same rows as DuckDB', async () => {
    const dirOf = join(out, 'wards', 'force=city-of-london', 'file_month=2017-06');
    const file = readdirSync(dirOf).find((f) => f.endsWith('.parquet')) as string;
    const path = join(dirOf, file);
    const js = await readWardCube(path, new Uint8Array(readFileSync(path)));
    expect(partitionOf(path)).toEqual({ force: 'city-of-london', file_month: '2017-06' });
    const duck = await query(`SELECT ward_code, month, category, count FROM read_parquet('${path}') ORDER BY ALL`);
    const mine = Array.from({ length: js.length }, (_, i) => [
      js.wardCode[i],
      formatMonth(js.month[i]),
      js.category[i],
      js.count[i],
    ]).sort((a, b) => String(a).localeCompare(String(b)));
    expect(mine).toEqual(
      duck.map(([w, m, c, n]) => [w, m, c, Number(n)]).sort((a, b) => String(a).localeCompare(String(b))),
    );
    const cdir = join(out, 'cells', 'force=city-of-london', 'file_month=2017-06');
    const cpath = join(cdir, readdirSync(cdir).find((f) => f.endsWith('.parquet')) as string);
    const cells = await readCellCube(cpath, new Uint8Array(readFileSync(cpath)));
    const total = await query(`SELECT sum(count)::INTEGER FROM read_parquet('${cpath}')`);
    expect(cells.count.reduce((a, b) => a + b, 0)).toBe(Number(total[0][0]));
    await expect(readWardCube('x.csv', new TextEncoder().encode('not,parquet\n'))).rejects.toThrow(
      /x\.csv: not a Parquet file/,
    );
  }, 60_000);

  it('rows are written in cube order, cell sizes ascending through the row groups', async () => {
    const cdir = join(out, 'cells', 'force=city-of-london', 'file_month=2017-06');
    const cpath = join(cdir, readdirSync(cdir).find((f) => f.endsWith('.parquet')) as string);
    const order = 'cell_m, ward_code, month, category, x0, y0';
    // The file's own row order against the same rows sorted (byte order of the codes, as documented).
    const [[misplaced, n]] = await query(
      `WITH t AS (SELECT row_number() OVER () AS rn, * FROM read_parquet('${cpath}')) ` +
        `SELECT count(*) FILTER (WHERE rn <> rn2), count(*) FROM (SELECT rn, row_number() OVER (ORDER BY ${order}) AS rn2 FROM t)`,
    );
    expect(Number(n)).toBeGreaterThan(100);
    expect(Number(misplaced)).toBe(0);
    const groups = await query(
      `SELECT stats_min_value, stats_max_value FROM parquet_metadata('${cpath}') WHERE path_in_schema = 'cell_m'`,
    );
    // Cell sizes ascend through the row groups; only the one where they change holds two.
    expect(groups.filter(([lo, hi]) => lo !== hi).length).toBeLessThanOrEqual(1);
    const sizes = groups.flat().map(Number);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    const wpath = join(out, 'wards', 'force=city-of-london', 'file_month=2017-06');
    const [[wrong]] = await query(
      `WITH t AS (SELECT row_number() OVER () AS rn, * FROM read_parquet('${wpath}/*.parquet')) ` +
        `SELECT count(*) FILTER (WHERE rn <> rn2) FROM (SELECT rn, row_number() OVER (ORDER BY ward_code, month, category) AS rn2 FROM t)`,
    );
    expect(Number(wrong)).toBe(0);
  }, 60_000);

  it('counted in worker threads, the cube is the same as in one thread, row for row', async () => {
    const runIn = (threads: string, dest: string) =>
      spawnSync(
        process.execPath,
        [
          join(root, 'dist-cli/hotspot-atlas.mjs'),
          'cubes',
          '--wards',
          wards,
          '--crimes',
          city,
          '--out',
          dest,
          '--threads',
          threads,
        ],
        { encoding: 'utf8' },
      );
    const one = join(dir, 'one');
    const two = join(dir, 'two');
    const a = runIn('1', one);
    const b = runIn('2', two);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    // Several batches, so the threads did share the work.
    expect(b.stderr.match(/^cubes: \d+\/\d+ partitions/gm)?.length ?? 0).toBeGreaterThan(1);
    for (const kind of ['wards', 'cells']) {
      const rows = (d: string) =>
        query(`SELECT * FROM read_parquet('${join(d, kind, '**/*.parquet')}', hive_partitioning = true) ORDER BY ALL`);
      const [r1, r2] = [await rows(one), await rows(two)];
      expect(r1.length).toBeGreaterThan(1000);
      expect(r2).toEqual(r1);
    }
    expect(readFileSync(join(two, 'partitions/city-of-london/2017-06.json'), 'utf8')).toBe(
      readFileSync(join(one, 'partitions/city-of-london/2017-06.json'), 'utf8'),
    );
  }, 180_000);

  it('a second run computes nothing; a new month computes only its partition', () => {
    const again = cubesCmd([first]);
    expect(again.stderr).toMatch(/12 partitions \(0 computed\)/);
    copyFileSync(join(city, '2018-01-city-of-london-street.csv'), join(first, '2018-01-city-of-london-street.csv'));
    const more = cubesCmd([first]);
    expect(more.status, more.stderr).toBe(0);
    expect(more.stderr).toMatch(/13 partitions \(1 computed\)/);
  }, 120_000);
});
