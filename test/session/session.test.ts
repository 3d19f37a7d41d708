/**
 * AnalysisSession on hand-made inputs: the accounting invariant, outside-ward rows,
 * filters as sums, a second boundary file replacing the first, and bad files that cost
 * nothing already loaded.
 */
import { describe, expect, it } from 'vitest';
import { AnalysisSession, topSteps } from '../../src/analysis/session.ts';
import { kde } from '../../src/analysis/kde/kde.ts';
import { unprojectPointBng } from '../../src/core/bng.ts';
import { monthIndex } from '../../src/core/months.ts';
import type { AnalysisParams } from '../../src/analysis/sessionTypes.ts';
import { REJECT_REASONS } from '../../src/core/types.ts';

const enc = (s: string) => new TextEncoder().encode(s);

/** Two 1 km squares side by side in BNG: West [530000,531000] and East [531000,532000] × [180000,181000]. */
function wardsGeojson(names = ['West', 'East']): string {
  const sq = (x0: number) =>
    [
      [x0, 180000],
      [x0 + 1000, 180000],
      [x0 + 1000, 181000],
      [x0, 181000],
      [x0, 180000],
    ].map(([x, y]) => unprojectPointBng(x, y));
  return JSON.stringify({
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { GSS_CODE: 'E05000001', NAME: names[0], BOROUGH: 'Testham' },
        geometry: { type: 'Polygon', coordinates: [sq(530000)] },
      },
      {
        type: 'Feature',
        properties: { GSS_CODE: 'E05000002', NAME: names[1], BOROUGH: 'Testham' },
        geometry: { type: 'Polygon', coordinates: [sq(531000)] },
      },
    ],
  });
}

const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
function row(month: string, x: number, y: number, type: string, loc = 'On or near High Road'): string {
  const [lon, lat] = unprojectPointBng(x, y);
  return `,${month},Test Police,Test Police,${lon.toFixed(6)},${lat.toFixed(6)},${loc},E01000001,Testham 001A,${type},,`;
}

function csv(rows: string[]): Uint8Array {
  return enc([HEADER, ...rows].join('\n') + '\n');
}

const ALL: AnalysisParams = {
  filter: { from: null, to: null, categories: null, includeAsb: false },
  compare: null,
  kde: null,
  topN: 1,
};

function invariant(s: AnalysisSession): void {
  const r = s.report();
  const rejected = REJECT_REASONS.reduce((sum, k) => sum + (r.rejected[k] ?? 0), 0);
  expect(r.used + rejected).toBe(r.rowsRead);
}

describe('AnalysisSession', () => {
  const crimes = csv([
    row('2024-01', 530500, 180500, 'Burglary'), // West
    row('2024-01', 530400, 180600, 'Robbery'), // West
    row('2024-02', 531500, 180500, 'Burglary'), // East
    row('2024-02', 531600, 180400, 'Anti-social behaviour'), // East
    row('2024-03', 531700, 180300, 'Vehicle crime'), // East
    row('2024-03', 540000, 180500, 'Burglary'), // outside both wards
    ',2024-03,Test Police,Test Police,,,No Location,,,Burglary,,', // no coordinates
  ]);

  it('accounts for every row, wards included, and excludes ASB from all crime', () => {
    const s = new AnalysisSession(new Date(Date.UTC(2024, 11, 1)));
    s.addFiles([{ name: 'wards.geojson', bytes: enc(wardsGeojson()) }]);
    s.addFiles([{ name: '2024-01-test-street.csv', bytes: crimes }]);
    invariant(s);
    const r = s.run(ALL);
    expect(r.input.rowsRead).toBe(7);
    expect(r.input.used).toBe(5);
    expect(r.input.rejected).toEqual({ 'no-coordinates': 1, 'outside-wards': 1 });
    // All crime excluding ASB: West 2, East 2.
    expect(r.wards.map((w) => [w.name, w.count])).toEqual([
      ['East', 2],
      ['West', 2],
    ]);
    expect(r.totalInWards).toBe(4);
    // The data hold three crime types besides ASB: the headline names them (filter.ts narrowedTypes).
    expect(r.concentration.headline).toBe(
      "50% of burglary, robbery and vehicle crime between January 2024 and March 2024 was recorded in 1 of Testham's 2 wards: East.",
    );
    expect(r.concentration.top).toEqual([
      { n: 1, share: 0.5, wards: ['East'] },
      { n: 2, share: 1, wards: ['East', 'West'] },
    ]);
    const withAsb = s.run({ ...ALL, filter: { ...ALL.filter, includeAsb: true } });
    expect(withAsb.wards[0]).toMatchObject({ name: 'East', count: 3, share: 0.6, rank: 1 });
  });

  it('filters by month and type as sums over the cube', () => {
    const s = new AnalysisSession(new Date(Date.UTC(2024, 11, 1)));
    s.addFiles([
      { name: 'wards.geojson', bytes: enc(wardsGeojson()) },
      { name: 'c.csv', bytes: crimes },
    ]);
    const r = s.run({
      ...ALL,
      filter: { from: monthIndex(2024, 2), to: monthIndex(2024, 3), categories: ['property'], includeAsb: false },
    });
    // Property crime = burglary + robbery + vehicle crime; Feb–Mar: East burglary + East vehicle crime.
    expect(r.wards.map((w) => [w.name, w.count])).toEqual([
      ['East', 2],
      ['West', 0],
    ]);
    expect(r.types).toEqual([
      { category: 'Anti-social behaviour', count: 1 },
      { category: 'Burglary', count: 1 },
      { category: 'Vehicle crime', count: 1 },
    ]);
  });

  it('compares with the previous equal window only when it is loaded', () => {
    const s = new AnalysisSession(new Date(Date.UTC(2024, 11, 1)));
    s.addFiles([
      { name: 'wards.geojson', bytes: enc(wardsGeojson()) },
      { name: 'c.csv', bytes: crimes },
    ]);
    const p = { ...ALL, compare: 'previous' as const };
    // Window Feb–Mar, previous Dec–Jan: December is not loaded → no comparison.
    const r1 = s.run({ ...p, filter: { ...p.filter, from: monthIndex(2024, 2), to: monthIndex(2024, 3) } });
    expect(r1.wards[0].previous).toBeNull();
    // Window Feb, previous Jan: West 2 → 0, East 0 → 1.
    const r2 = s.run({ ...p, filter: { ...p.filter, from: monthIndex(2024, 2), to: monthIndex(2024, 2) } });
    const west = r2.wards.find((w) => w.name === 'West');
    const east = r2.wards.find((w) => w.name === 'East');
    expect(west).toMatchObject({ count: 0, previous: 2, difference: -2, percentChange: -100 });
    expect(west?.poissonZ).toBeCloseTo(-2 * Math.sqrt(2), 12);
    expect(east).toMatchObject({ count: 1, previous: 0, percentChange: null });
  });

  it('keeps everything loaded when a bad file follows, and re-assigns crimes to a new ward set', () => {
    const s = new AnalysisSession(new Date(Date.UTC(2024, 11, 1)));
    s.addFiles([
      { name: 'wards.geojson', bytes: enc(wardsGeojson()) },
      { name: 'c.csv', bytes: crimes },
    ]);
    const before = s.run(ALL);
    const bad = s.addFiles([
      { name: 'empty.csv', bytes: new Uint8Array(0) },
      { name: 'notes.txt', bytes: enc('hello') },
    ]);
    expect(bad.messages.map((m) => m.file)).toEqual(['empty.csv', 'notes.txt']);
    expect(bad.messages.every((m) => m.level === 'error' && m.message.length > 0)).toBe(true);
    const after = s.run(ALL);
    expect(after.wards).toEqual(before.wards);
    expect(after.input.rowsRead).toBe(before.input.rowsRead);
    invariant(s);
    // A second boundary file replaces the first; the same crimes are re-assigned.
    s.addFiles([{ name: 'renamed.geojson', bytes: enc(wardsGeojson(['Westside', 'Eastside'])) }]);
    const r = s.run(ALL);
    expect(r.wardFile.file).toBe('renamed.geojson');
    expect(r.wards.map((w) => [w.name, w.count])).toEqual([
      ['Eastside', 2],
      ['Westside', 2],
    ]);
    invariant(s);
  });

  it('reads a generic CSV in BNG metres with guessed columns, and says which', () => {
    const s = new AnalysisSession(new Date(Date.UTC(2024, 11, 1)));
    s.addFiles([{ name: 'wards.geojson', bytes: enc(wardsGeojson()) }]);
    const text =
      'Easting;Northing;Date;Offence;Harm\n530500;180500;2024-01-15;Fly-tipping;2\n531500;180500;15/02/2024;Noise;1\n0;0;2024-02-01;Noise;1\n';
    const load = s.addFiles([{ name: 'council.csv', bytes: enc(text) }]);
    expect(load.messages).toEqual([
      {
        level: 'info',
        file: 'council.csv',
        line: 1,
        message:
          'read as a generic CSV with the columns easting = "Easting", northing = "Northing", date = "Date", category = "Offence", weight = "Harm"',
      },
    ]);
    const r = s.run({ ...ALL, filter: { ...ALL.filter, categories: ['Fly-tipping', 'Noise'] } });
    expect(r.wards.map((w) => [w.name, w.count])).toEqual([
      ['East', 1],
      ['West', 1],
    ]);
    expect(r.input.rowsRead).toBe(3);
    invariant(s);
    // Harm weighting: the density's mass is Σ weight (2 + 1), the counts stay counts.
    const kdeParams = {
      kernel: 'quartic' as const,
      bandwidth: 200,
      cell: 20,
      threshold: { kind: 'mean-multiple' as const, k: 2 },
      perMonth: false,
    };
    const w = s.run({
      ...ALL,
      filter: { ...ALL.filter, categories: ['Fly-tipping', 'Noise'] },
      kde: { ...kdeParams, weighted: true },
    });
    const mass = (v: Float32Array, cell: number) => v.reduce((a, x) => a + x, 0) * (cell / 1000) ** 2;
    expect(mass(w.kde!.values, 20)).toBeCloseTo(3, 3);
    expect(w.kde!.unit).toBe('harm-weighted crimes per km²');
    expect(w.totalInWards).toBe(2);
  });

  it('computes a density surface whose mass is the number of selected crimes', () => {
    const s = new AnalysisSession(new Date(Date.UTC(2024, 11, 1)));
    s.addFiles([
      { name: 'wards.geojson', bytes: enc(wardsGeojson()) },
      { name: 'c.csv', bytes: crimes },
    ]);
    const r = s.run({
      ...ALL,
      kde: { kernel: 'quartic', bandwidth: 200, cell: 20, threshold: { kind: 'mean-multiple', k: 2 }, perMonth: false },
    });
    expect(r.kde).not.toBeNull();
    const k = r.kde!;
    expect(k.grid.cell).toBe(20);
    expect(k.grid.x0 % 20).toBe(0);
    expect(k.unit).toBe('crimes per km²');
    // Σ density × cell area (km²) = the 4 crimes (kernels 200 m from the grid edge fit inside).
    const mass = k.values.reduce((a, v) => a + v, 0) * (k.cellMetres / 1000) ** 2;
    expect(mass).toBeCloseTo(4, 3);
    // One quartic kernel peaks at 3/(π h²) per m² = 23.87 per km² for h = 200 m; two West
    // crimes 141 m apart overlap, so the peak lies above a single kernel's.
    expect(k.max).toBeGreaterThan((3 / (Math.PI * 200 ** 2)) * 1e6);
  });

  it('re-uses the binned points when only the bandwidth or kernel changes, with the same surface', () => {
    // 6000 crimes in BNG metres over both wards, January–April 2024: enough points for the fast
    // (binned) density methods, which are what the cache serves (exact sums need no bins).
    let seed = 99;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const lines = ['Easting,Northing,Date,Offence,Harm'];
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < 6000; i++) {
      const hot = i % 2 === 0;
      let x = hot ? 530_400 + 150 * (rand() + rand() - 1) : 530_050 + 1900 * rand();
      if (Math.abs(x - 531_000) < 10) x += 30; // keep off the ward boundary
      const y = hot ? 180_600 + 150 * (rand() + rand() - 1) : 180_050 + 900 * rand();
      const [ex, ny] = [x.toFixed(1), y.toFixed(1)];
      xs.push(Number(ex));
      ys.push(Number(ny));
      lines.push(`${ex},${ny},2024-0${1 + (i % 4)}-15,${i % 3 ? 'Noise' : 'Fly-tipping'},${1 + (i % 5)}`);
    }
    const files = [
      { name: 'wards.geojson', bytes: enc(wardsGeojson()) },
      { name: 'council.csv', bytes: enc(lines.join('\n') + '\n') },
    ];
    const s = new AnalysisSession(new Date(Date.UTC(2024, 11, 1)));
    s.addFiles(files);
    const both = { ...ALL.filter, categories: ['Noise', 'Fly-tipping'] };
    const kdeAt = (bandwidth: number, kernel: 'quartic' | 'epanechnikov' = 'quartic') => ({
      kernel,
      bandwidth,
      cell: 20,
      threshold: { kind: 'mean-multiple' as const, k: 2 },
      perMonth: false,
    });

    // The surface handed out early (for the page to colour while the areas are traced) is the result's.
    let early: Float32Array | null = null;
    const first = s.run(
      { ...ALL, filter: both, kde: kdeAt(200) },
      { onSurface: (values) => (early = Float32Array.from(values)) },
    );
    expect(early).not.toBeNull();
    expect(Array.from(early as unknown as Float32Array)).toEqual(Array.from(first.kde!.values));
    expect(first.totalInWards).toBe(6000);
    expect(s.binning).toEqual({ passes: 1, reused: 0 });
    // Bandwidth only: no new binning pass.
    const wider = s.run({ ...ALL, filter: both, kde: kdeAt(300) });
    expect(s.binning).toEqual({ passes: 1, reused: 1 });
    // Kernel only: none either.
    s.run({ ...ALL, filter: both, kde: kdeAt(300, 'epanechnikov') });
    expect(s.binning).toEqual({ passes: 1, reused: 2 });

    // The re-convolved surface is the uncached one: kde() binning the same points afresh on the
    // session's grid (all 6000 rows are selected, in file order), and a new session's first run.
    const k = wider.kde!;
    expect(k.grid.nx * k.grid.ny).toBeGreaterThan(0);
    const direct = kde(Float64Array.from(xs), Float64Array.from(ys), null, {
      kernel: 'quartic',
      bandwidth: 300,
      grid: k.grid,
    });
    expect(direct.binnedFrom).toBe('points');
    expect(Array.from(k.values)).toEqual(Array.from(Float32Array.from(direct.values)));
    const fresh = new AnalysisSession(new Date(Date.UTC(2024, 11, 1)));
    fresh.addFiles(files);
    const uncached = fresh.run({ ...ALL, filter: both, kde: kdeAt(300) });
    expect(fresh.binning).toEqual({ passes: 1, reused: 0 });
    expect(Array.from(k.values)).toEqual(Array.from(uncached.kde!.values));
    const mass = k.values.reduce((a, v) => a + v, 0) * (k.cellMetres / 1000) ** 2;
    expect(mass).toBeCloseTo(6000, 1);

    // Other rows, cell or weighting: binned anew. Two entries are kept, the least recent dropped.
    s.run({ ...ALL, filter: { ...both, categories: ['Noise'] }, kde: kdeAt(300) });
    expect(s.binning.passes).toBe(2);
    s.run({ ...ALL, filter: both, kde: { ...kdeAt(300), weighted: true } });
    expect(s.binning.passes).toBe(3);
    s.run({ ...ALL, filter: both, kde: { ...kdeAt(300), cell: 25 } });
    expect(s.binning.passes).toBe(4);
    s.run({ ...ALL, filter: both, kde: { ...kdeAt(250), cell: 25 } });
    expect(s.binning).toEqual({ passes: 4, reused: 3 });
    s.run({ ...ALL, filter: both, kde: kdeAt(200) }); // evicted by the last two
    expect(s.binning.passes).toBe(5);

    // With a comparison window, both periods' bins are kept: a bandwidth change re-bins neither.
    // (3000 crimes a period: h = 300 m and more so that the fast methods are chosen.)
    const window = { ...both, from: monthIndex(2024, 3), to: monthIndex(2024, 4) };
    const cmp = s.run({ ...ALL, filter: window, compare: 'previous', kde: kdeAt(300) });
    expect(cmp.stability).toBeTruthy();
    expect(s.binning.passes).toBe(7);
    s.run({ ...ALL, filter: window, compare: 'previous', kde: kdeAt(360) });
    expect(s.binning).toEqual({ passes: 7, reused: 5 });
  });
});

describe('AnalysisSession caches across bandwidths', () => {
  it('gives the same hotspot areas, wards and outlines after other bandwidths as a fresh session', () => {
    // Three clusters over both wards; going 250 → 300 → 180 → 250 m changes the cell size (auto:
    // h / 5) and so the centre-ward lattice and the grid's edges each time.
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const rows: string[] = [];
    for (let i = 0; i < 900; i++) {
      const [cx, cy] = [
        [530_300, 180_300],
        [530_950, 180_700],
        [531_600, 180_450],
      ][i % 3];
      rows.push(
        row(
          `2024-0${1 + (i % 3)}`,
          cx + 200 * (rand() + rand() - 1),
          cy + 200 * (rand() + rand() - 1),
          i % 2 ? 'Burglary' : 'Robbery',
          `On or near Street ${i % 5}`,
        ),
      );
    }
    const files = [
      { name: 'wards.geojson', bytes: enc(wardsGeojson()) },
      { name: 'street.csv', bytes: csv(rows) },
    ];
    const at = (bandwidth: number): AnalysisParams => ({
      ...ALL,
      kde: { kernel: 'quartic', bandwidth, cell: 'auto', threshold: { kind: 'mean-multiple', k: 2 }, perMonth: false },
    });
    const view = (r: ReturnType<AnalysisSession['run']>) =>
      r.hotspots.map((h, i) => ({ ...h, geometry: r.hotspotGeojson.features[i].geometry }));
    const s = new AnalysisSession(new Date(Date.UTC(2024, 11, 1)));
    s.addFiles(files);
    const first = view(s.run(at(250)));
    expect(first.length).toBeGreaterThan(1);
    expect(new Set(first.flatMap((h) => h.wardCodes)).size).toBe(2);
    s.run(at(300));
    s.run(at(180));
    const again = view(s.run(at(250)));
    const fresh = new AnalysisSession(new Date(Date.UTC(2024, 11, 1)));
    fresh.addFiles(files);
    expect(again).toEqual(first);
    expect(view(fresh.run(at(250)))).toEqual(first);
    expect(view(fresh.run(at(300)))).toEqual(view(s.run(at(300))));
  });
});

describe('topSteps', () => {
  it('1–10, then the round steps, never beyond the number of wards; the headline n always', () => {
    expect(topSteps(2, 5)).toEqual([1, 2]);
    expect(topSteps(19, 5)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15]);
    expect(topSteps(650, 5)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 25, 50, 100, 200, 500]);
    expect(topSteps(650, 12)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 25, 50, 100, 200, 500]);
    expect(topSteps(0, 5)).toEqual([]);
  });
});
