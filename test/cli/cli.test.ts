/**
 * The CLI as a user runs it: a real child process on the committed demo data, its JSON
 * report's documented shape, the ESRI ASCII grid, and one-line errors with exit status 1.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAsciiGrid } from '../../src/analysis/kde/asciiGrid.ts';
import { parseArgs, UsageError } from '../../src/cli/args.ts';
import { GOLDEN_CASES } from '../golden/goldens.ts';

/** The demo's inputs and windows, as the golden case gives them. */
const DEMO_ARGS = (GOLDEN_CASES.find((c) => c.name === 'demo') as (typeof GOLDEN_CASES)[number]).args;

const tsx = join('node_modules', '.bin', 'tsx');
const cli = (args: string[]) => spawnSync(tsx, ['src/cli/analyse.ts', ...args], { encoding: 'utf8' });

describe('CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotspot-cli-'));

  it('writes the documented report for the demo borough', () => {
    const out = join(dir, 'out.json');
    const asc = join(dir, 'kde.asc');
    const hs = join(dir, 'hotspots.geojson');
    execFileSync(
      tsx,
      [
        'src/cli/analyse.ts',
        ...DEMO_ARGS,
        '--kde-asc',
        asc,
        '--hotspots',
        hs,
        '--patrol-areas',
        '3',
        '--gistar',
        '150',
        '--json',
        out,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const r = JSON.parse(readFileSync(out, 'utf8'));
    const rejected = Object.values(r.input.rejected as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(r.input.used + rejected).toBe(r.input.rowsRead);
    expect(r.wards).toHaveLength(24);
    for (let i = 1; i < r.wards.length; i++) expect(r.wards[i - 1].count).toBeGreaterThanOrEqual(r.wards[i].count);
    const total = r.wards.reduce((s: number, w: { count: number }) => s + w.count, 0);
    expect(r.totalInWards).toBe(total);
    expect(r.wards[0].share).toBeCloseTo(r.wards[0].count / total, 6);
    expect(r.wards.at(-1).cumulativeShare).toBeCloseTo(1, 6);
    for (const w of r.wards) expect(w).toHaveProperty('ratePer1000');
    expect(r.wards[0]).toHaveProperty('poissonZ');
    expect(r.concentration.top[4].n).toBe(5);
    expect(r.concentration.headline).toMatch(
      /^\d+% of crime, excluding anti-social behaviour, in 2024 was recorded in 5 of Hollowfield's 24 wards: /,
    );
    expect(r.kde).toMatchObject({
      kernel: 'quartic',
      bandwidthMetres: 250,
      cellMetres: 50,
      method: 'exact',
      crs: 'EPSG:27700',
      unit: 'crimes per km²',
    });
    expect(r.provenance).toContain('exact kernel sums');
    // The ASCII grid: header matches the report, rows north to south, max equal.
    const g = parseAsciiGrid(readFileSync(asc, 'utf8'));
    expect(g.grid).toMatchObject({
      x0: r.kde.xllcorner,
      y0: r.kde.yllcorner,
      cell: 50,
      nx: r.kde.ncols,
      ny: r.kde.nrows,
    });
    expect(Math.max(...g.values)).toBeCloseTo(r.kde.max, 3);
    const geo = JSON.parse(readFileSync(hs, 'utf8'));
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features.length).toBe(r.hotspots.length);
    expect(r.hotspots.length).toBeGreaterThan(0);
    expect(r.patrolAreas).toHaveLength(3);
    expect(r.patrolAreas[2].cumCount).toBe(r.hotspots[0].count + r.hotspots[1].count + r.hotspots[2].count);
    expect(r.actions.byWard).toBeTypeOf('object');
    // Hotspot stability between 2023 and 2024 on one grid: RRI = PAI2/PAI1 by definition.
    expect(r.change.previousWindow).toEqual({ from: '2023-01', to: '2023-12' });
    expect(r.change.rri).toBeCloseTo(r.change.pai2 / r.change.pai1, 4);
    expect(r.change.jaccard).toBeCloseTo(
      r.change.cellsStayed / (r.change.cellsStayed + r.change.cellsEntered + r.change.cellsLeft),
      6,
    );
    expect(r.hotspots[0].previous).toBeTypeOf('number');
    // Gi* on 150 m cells finds the demo's concentrations as 99% hot spots, and no cold spots
    // at 99% in a borough with a low, even background.
    expect(r.gistar.cellMetres).toBe(150);
    expect(r.gistar.significantCells['hot spot, 99% confidence']).toBeGreaterThan(10);
  }, 120_000);

  it('exits 1 with one line on stderr for bad input', () => {
    const missing = cli(['--wards', 'nope.geojson', '--crimes', 'data/demo/crimes', '--json', join(dir, 'x.json')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/nope\.geojson: no such file/);
    const badMonth = cli(['--wards', 'data/demo/wards.geojson', '--crimes', 'data/demo/crimes', '--from', '2024-13']);
    expect(badMonth.status).toBe(1);
    expect(badMonth.stderr).toMatch(/--from expects a month as YYYY-MM, got "2024-13"/);
    const notWards = cli(['--wards', 'data/demo/population.csv', '--crimes', 'data/demo/crimes']);
    expect(notWards.status).toBe(1);
    expect(notWards.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('several --wards files are one ward set: the same table as the whole file; crimes of another area exit 1 saying why', () => {
    const whole = JSON.parse(readFileSync('data/demo/wards.geojson', 'utf8'));
    const half = Math.floor(whole.features.length / 2);
    const a = join(dir, 'north.geojson');
    const b = join(dir, 'south.geojson');
    writeFileSync(a, JSON.stringify({ ...whole, features: whole.features.slice(0, half) }));
    writeFileSync(b, JSON.stringify({ ...whole, features: whole.features.slice(half) }));
    const run = (wards: string[], out: string) => {
      execFileSync(
        tsx,
        [
          'src/cli/analyse.ts',
          '--wards',
          ...wards,
          '--crimes',
          'data/demo/crimes',
          '--from',
          '2024-01',
          '--to',
          '2024-12',
          '--json',
          out,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      return JSON.parse(readFileSync(out, 'utf8'));
    };
    const one = run(['data/demo/wards.geojson'], join(dir, 'one.json'));
    const two = run([a, b], join(dir, 'two.json'));
    expect(two.wards).toEqual(one.wards);
    expect(two.concentration.headline).toBe(one.concentration.headline);
    expect(two.input.rejected).toEqual(one.input.rejected);

    // Wards 100 km east of every crime: nothing to count, and the message says why.
    const far = join(dir, 'far.geojson');
    const shift = (c: unknown): unknown =>
      typeof (c as number[])[0] === 'number'
        ? [(c as number[])[0] + 1.5, (c as number[])[1]]
        : (c as unknown[]).map(shift);
    writeFileSync(
      far,
      JSON.stringify({
        ...whole,
        features: whole.features.map((f: { geometry: { coordinates: unknown } }) => ({
          ...f,
          geometry: { ...f.geometry, coordinates: shift(f.geometry.coordinates) },
        })),
      }),
    );
    const outside = cli(['--wards', far, '--crimes', 'data/demo/crimes', '--json', join(dir, 'far.json')]);
    expect(outside.status).toBe(1);
    expect(outside.stderr.trim().split('\n')).toHaveLength(1);
    expect(outside.stderr).toMatch(
      /lies inside the 24 wards of \S*far\.geojson: the crimes and the boundaries cover different areas\..*Next: Load the boundaries/,
    );
  }, 120_000);

  it('parses arguments strictly', () => {
    expect(() => parseArgs(['--crimes', 'x'])).toThrow(UsageError);
    expect(() => parseArgs(['--wards', 'w', '--crimes', 'c', '--threshold', 'lots'])).toThrow(/--threshold/);
    const o = parseArgs([
      '--wards',
      'w',
      '--crimes',
      'a',
      'b',
      '--types',
      'Burglary, Robbery',
      '--bandwidth',
      'arcgis',
      '--threshold',
      '5%',
    ]);
    expect(o.crimes).toEqual(['a', 'b']);
    expect(o.types).toEqual(['Burglary', 'Robbery']);
    expect(o.bandwidth).toBe('arcgis');
    expect(o.threshold).toEqual({ kind: 'top-percent', p: 5 });
  });
});
