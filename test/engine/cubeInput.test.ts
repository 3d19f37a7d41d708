/**
 * A cube opened for one area (engine/cubeInput.ts, the page's cube input path) against the
 * single-process engine on the same police.uk files: Haringey's ward table, trend and types from
 * the cube (made by the built `hotspot-atlas cubes` from the Met burglary and City of London
 * files with London's wards) equal AnalysisSession's on the crime files with the same wards;
 * only the partitions that can hold Haringey's crimes are read (City of London's are not); the
 * accounting adds up; a cube whose cells do not add up to its ward counts is refused.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { AnalysisSession } from '../../src/analysis/session.ts';
import { authoritiesOf, subsetWards } from '../../src/analysis/wardSubset.ts';
import { indexCube, readColumns, type CubeFileHandle } from '../../src/io/cubeFolder.ts';
import { openCubeArea } from '../../src/engine/cubeInput.ts';
import { parseMonth } from '../../src/core/months.ts';
import type { AnalysisParams } from '../../src/analysis/sessionTypes.ts';
import { dataPath, describeData, readData } from '../helpers/sharedData.ts';

const root = resolve(import.meta.dirname, '../..');

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
}

/** The cube folder's files as the page gets them, with every byte range read counted. */
function handles(dir: string, reads: Set<string>): CubeFileHandle[] {
  return walk(dir).map((p) => ({
    path: `cube/${relative(dir, p)}`,
    size: statSync(p).size,
    read: async (s, e) => {
      reads.add(relative(dir, p));
      const buf = Buffer.alloc(e - s);
      const fd = openSync(p, 'r');
      readSync(fd, buf, 0, e - s, s);
      closeSync(fd);
      return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    },
  }));
}

describeData(
  'a cube opened for one area equals the engine on the crime files',
  'police-uk/street-csv/metropolitan-burglary-only',
  () => {
    const out = join(mkdtempSync(join(tmpdir(), 'hotspot-cube-area-')), 'cube');
    const wardsPath = dataPath('boundaries/wards-2014-gla-london/derived/london_wards_2014_wgs84.geojson');
    const met = dataPath('police-uk/street-csv/metropolitan-burglary-only');
    const city = dataPath('police-uk/street-csv/city-of-london');
    let engine: AnalysisSession;
    beforeAll(() => {
      execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs'), '--if-stale'], {
        cwd: root,
        stdio: 'inherit',
      });
      const r = spawnSync(
        process.execPath,
        [join(root, 'dist-cli/hotspot-atlas.mjs'), 'cubes', '--wards', wardsPath, '--crimes', met, city, '--out', out],
        { encoding: 'utf8' },
      );
      expect(r.status, r.stderr).toBe(0);
      engine = new AnalysisSession();
      engine.addFiles([
        {
          name: 'london.geojson',
          bytes: readData('boundaries/wards-2014-gla-london/derived/london_wards_2014_wgs84.geojson'),
        },
      ]);
      const files = [met, city].flatMap((d) =>
        readdirSync(d)
          .filter((f) => f.endsWith('.csv'))
          .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(d, f))) })),
      );
      engine.addFiles(files);
    }, 120_000);

    const params = (from: string, to: string): AnalysisParams => ({
      filter: { from: parseMonth(from), to: parseMonth(to), categories: null, includeAsb: true },
      compare: null,
      kde: null,
      topN: 5,
    });

    it("Haringey's wards, trend and types equal the engine's; only Met partitions read", async () => {
      const london = engine.wardSet;
      if (!london) throw new Error('no wards');
      const haringey = authoritiesOf(london).find((a) => a.name === 'Haringey');
      expect(haringey?.wards.length).toBe(19);
      const area = subsetWards(london, haringey?.wards ?? [], 'Haringey');
      const reads = new Set<string>();
      const opened = await openCubeArea(indexCube(handles(out, reads)), area);
      const s = new AnalysisSession();
      s.absorbCube(opened);
      for (const [from, to] of [
        ['2017-01', '2018-12'],
        ['2018-03', '2018-03'],
      ]) {
        const a = s.run(params(from, to));
        const b = engine.run(params(from, to));
        const mine = Object.fromEntries(a.wards.map((w) => [w.code, w.count]));
        const theirs = Object.fromEntries(
          b.wards.filter((w) => area.codes.includes(w.code)).map((w) => [w.code, w.count]),
        );
        expect(mine).toEqual(theirs);
        expect(a.totalInWards).toBeGreaterThan(0);
        // The trend and types: the engine's restricted to Haringey is not a session output, so compare sums.
        expect(a.types.reduce((t, x) => t + x.count, 0)).toBe(a.totalInWards);
      }
      // Partitions are skipped only on their footers' statistics (cell box, ward-code range), so
      // soundly: every skipped partition's ward file, read whole, holds no Haringey ward.
      expect(opened.summary.forcesRead).toContain('metropolitan');
      const folder = indexCube(handles(out, new Set()));
      const readWards = [...reads].filter((p) => p.startsWith('wards/'));
      expect(readWards.length).toBe(opened.summary.partitionsRead);
      expect(opened.summary.partitionsRead).toBeLessThan(48);
      for (const p of folder.partitions) {
        const wardFile = relative('cube', p.wards[0].path);
        if (readWards.includes(wardFile)) continue;
        const { readWardCube } = await import('../../src/io/cubeParquet.ts');
        const rows = await readWardCube(wardFile, new Uint8Array(readFileSync(join(out, wardFile))));
        expect(rows.wardCode.filter((c) => area.codes.includes(c))).toEqual([]);
      }
      const r = opened.report;
      expect(r.rowsRead).toBe(r.used + Object.values(r.rejected).reduce((x, y) => x + (y ?? 0), 0));
      expect(s.run(params('2017-01', '2018-12')).provenance).toMatch(
        /^From a cube: \d+ partitions read of 48 \(.*metropolitan\), file months 2017-01 to 2018-12/,
      );
    }, 60_000);

    it('the density is computed from the cells, and a cube whose cells do not add up is refused', async () => {
      const london = engine.wardSet;
      if (!london) throw new Error('no wards');
      const area = subsetWards(
        london,
        authoritiesOf(london).find((a) => a.name === 'Haringey')?.wards ?? [],
        'Haringey',
      );
      const s = new AnalysisSession();
      s.absorbCube(await openCubeArea(indexCube(handles(out, new Set())), area));
      const res = s.run({
        ...params('2018-01', '2018-12'),
        kde: {
          kernel: 'quartic',
          bandwidth: 250,
          cell: 50,
          threshold: { kind: 'mean-multiple', k: 2 },
          perMonth: false,
        },
      });
      // Kernels integrate to 1 and every crime is inside the wards, so the surface's mass is the crime count.
      const k = res.kde;
      if (!k) throw new Error('no density');
      const mass = k.values.reduce((a, v) => a + v, 0) * (k.cellMetres / 1000) ** 2;
      expect(Math.abs(mass - res.totalInWards) / res.totalInWards).toBeLessThan(0.01);
      expect(res.hotspots.length).toBeGreaterThan(0);
      // A partition whose ward file is another month's: its ward counts no longer match the cells.
      const files = handles(out, new Set());
      const nov = files.find((f) => f.path.endsWith('wards/force=metropolitan/file_month=2018-11/part0.parquet'));
      if (!nov) throw new Error('no 2018-11 ward file');
      const wrong = files.map((f) =>
        f.path.endsWith('wards/force=metropolitan/file_month=2018-12/part0.parquet') ? { ...nov, path: f.path } : f,
      );
      await expect(openCubeArea(indexCube(wrong), area)).rejects.toThrow(/does not add up/);
    }, 60_000);

    it('row groups are skipped on their statistics: the finest cells of a few wards read alone equal a whole read filtered', async () => {
      const f = handles(out, new Set()).find((x) =>
        x.path.endsWith('cells/force=metropolitan/file_month=2018-06/part0.parquet'),
      );
      if (!f) throw new Error('no file');
      const cols = ['cell_m', 'ward_code', 'count'];
      const all = await readColumns(f, cols);
      const codes = new Set(['E05000266', 'E05000275']);
      const part = await readColumns(f, cols, undefined, (st) => Number(st.cell_m?.min) <= 50);
      const pick = (c: Record<string, ArrayLike<unknown>>) =>
        Array.from(c.count, (n, i) => [c.cell_m[i], c.ward_code[i], n]).filter(
          (r) => r[0] === 50 && codes.has(String(r[1])),
        );
      expect(pick(part)).toEqual(pick(all));
      expect(pick(all).length).toBeGreaterThan(0);
      // The 250 m cells are in row groups of their own (the CLI sorts by cell size), so fewer rows are decoded.
      expect(part.count.length).toBeLessThan(all.count.length);
      expect(Array.from(all.cell_m).filter((c) => c === 50).length).toBeLessThanOrEqual(part.count.length);
    });

    it('a single Parquet file (a cell cube, no folder, no records) gives the same counts for its month', async () => {
      const london = engine.wardSet;
      if (!london) throw new Error('no wards');
      const area = subsetWards(
        london,
        authoritiesOf(london).find((a) => a.name === 'Haringey')?.wards ?? [],
        'Haringey',
      );
      const one = handles(out, new Set())
        .filter((f) => f.path.endsWith('cells/force=metropolitan/file_month=2018-03/part0.parquet'))
        .map((f) => ({ ...f, path: 'part0.parquet' }));
      expect(one.length).toBe(1);
      const opened = await openCubeArea(indexCube(one), area);
      const s = new AnalysisSession();
      s.absorbCube(opened);
      const a = Object.fromEntries(s.run(params('2018-03', '2018-03')).wards.map((w) => [w.code, w.count]));
      // The engine's Met crimes only (the City's are in other files): its session on the Met file alone.
      const metOnly = new AnalysisSession();
      metOnly.addFiles([
        {
          name: 'london.geojson',
          bytes: readData('boundaries/wards-2014-gla-london/derived/london_wards_2014_wgs84.geojson'),
        },
      ]);
      metOnly.addFiles([
        {
          name: '2018-03-metropolitan-street.csv',
          bytes: new Uint8Array(readFileSync(join(met, '2018-03-metropolitan-street.csv'))),
        },
      ]);
      const b = Object.fromEntries(
        metOnly
          .run(params('2018-03', '2018-03'))
          .wards.filter((w) => area.codes.includes(w.code))
          .map((w) => [w.code, w.count]),
      );
      expect(a).toEqual(b);
      expect(opened.report.messages[0]?.message).toMatch(/partition records .* were not all dropped/);
    }, 60_000);
  },
);
