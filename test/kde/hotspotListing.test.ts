/**
 * Which hotspot areas are listed (hotspotAreas): only areas that hold at least one crime of the
 * window and cover at least half a grid cell; ids and ranks numbered after dropping the others.
 */
import { describe, expect, it } from 'vitest';
import { hotspotAreas } from '../../src/analysis/hotspots/areas.ts';
import { AnalysisSession } from '../../src/analysis/session.ts';
import type { GridSpec } from '../../src/analysis/kde/grid.ts';
import type { AnalysisParams, KdeParams } from '../../src/analysis/sessionTypes.ts';
import { dataPath, describeData, sessionFile, walk } from '../helpers/sharedData.ts';

const toLonLat = (x: number, y: number): [number, number] => [x / 1000, y / 1000];

describe('hotspot areas: slivers and empty areas are not listed', () => {
  // 20 × 20 cells of 10 m (half a cell: 50 m²); threshold 5.
  const grid: GridSpec = { x0: 0, y0: 0, cell: 10, nx: 20, ny: 20 };
  const v = new Float64Array(400);
  const at = (c: number, r: number) => r * 20 + c;
  // A: 5 × 5 block at 10 (cols 2–6, rows 2–6), 3 crimes.
  for (let r = 2; r <= 6; r++) for (let c = 2; c <= 6; c++) v[at(c, r)] = 10;
  // B: a lone cell at 10 (col 15, row 3): a diamond of exactly half a cell (50 m²), 1 crime.
  v[at(15, 3)] = 10;
  // C: a lone cell a little above the threshold (col 15, row 15): its ring crosses 0.909 m from
  //    the centre, a sliver of 2 × 0.909² ≈ 1.65 m², with 1 crime at the centre.
  v[at(15, 15)] = 5.5;
  // D: a 4 × 4 block at 10 (cols 9–12, rows 9–12) with no crime: 0 crimes in 0.0016 km².
  for (let r = 9; r <= 12; r++) for (let c = 9; c <= 12; c++) v[at(c, r)] = 10;
  // Crimes: 3 in A, 1 in B, 1 in C, 1 outside everything.
  const x = Float64Array.of(35, 45, 55, 155, 155, 185);
  const y = Float64Array.of(35, 45, 55, 35, 155, 85);

  it('lists the areas with a crime and at least half a cell, numbered H1, H2 after dropping', () => {
    const res = hotspotAreas({ values: v, grid }, { x, y }, { threshold: 5, toLonLat, method: 'threshold' });
    expect(res.hotspots.map((h) => [h.id, h.rank, h.count])).toEqual([
      ['H1', 1, 3],
      ['H2', 2, 1],
    ]);
    const [a, b] = res.hotspots;
    expect(a.areaKm2).toBeGreaterThan(0.002);
    expect(b.areaKm2).toBeCloseTo(50 / 1e6, 12); // exactly half a cell: kept
    expect(b.feature.properties).toMatchObject({ id: 'H2', rank: 2, count: 1 });
    // The sliver's crime counts in no area; shares keep all 6 crimes as the denominator.
    expect(res.total).toBe(6);
    expect(a.share).toBeCloseTo(3 / 6, 12);
    for (const h of res.hotspots) {
      expect(h.count).toBeGreaterThan(0);
      expect(h.areaKm2).toBeGreaterThanOrEqual(0.5 * (grid.cell / 1000) ** 2 * (1 - 1e-9));
    }
  });

  it('a larger minAreaKm2 still applies; the half-cell floor applies without one', () => {
    const big = hotspotAreas(
      { values: v, grid },
      { x, y },
      { threshold: 5, toLonLat, method: 'threshold', minAreaKm2: 0.001 },
    );
    expect(big.hotspots.map((h) => [h.id, h.count])).toEqual([['H1', 3]]);
    // With a crime in D it is listed (its count decides its rank: second, before B).
    const withD = hotspotAreas(
      { values: v, grid },
      { x: Float64Array.of(...x, 105, 115), y: Float64Array.of(...y, 105, 115) },
      { threshold: 5, toLonLat, method: 'threshold' },
    );
    expect(withD.hotspots.map((h) => [h.id, h.count])).toEqual([
      ['H1', 3],
      ['H2', 2],
      ['H3', 1],
    ]);
  });
});

const file = sessionFile;

describeData(
  'Haringey hotspot areas (police.uk API, 2017-01 … 2018-06)',
  'police-uk/api-json/crimes-street-haringey-wards',
  () => {
    it('no listed area without a crime or smaller than half a cell, for several bandwidths and thresholds', () => {
      const s = new AnalysisSession(new Date(Date.UTC(2026, 0, 1)));
      s.addFiles([file(dataPath('boundaries/wards-2014-gla-london/derived/haringey_wards_2014_wgs84.geojson'))]);
      s.addFiles(walk(dataPath('police-uk/api-json/crimes-street-haringey-wards')).map(file));
      let seen = 0;
      for (const categories of [null, ['Burglary']])
        for (const bandwidth of [150, 250, 400])
          for (const threshold of [
            { kind: 'mean-multiple', k: 2 },
            { kind: 'top-percent', p: 5 },
          ] as KdeParams['threshold'][]) {
            const p: AnalysisParams = {
              filter: { from: null, to: null, categories, includeAsb: false },
              compare: null,
              kde: { kernel: 'quartic', bandwidth, cell: 'auto', threshold, perMonth: false },
              topN: 5,
            };
            const r = s.run(p);
            const cellKm2 = ((r.kde?.cellMetres ?? NaN) / 1000) ** 2;
            const what = `${categories ?? 'all'} h=${bandwidth} ${JSON.stringify(threshold)}`;
            expect(r.hotspots.length, what).toBeGreaterThan(0);
            seen += r.hotspots.length;
            // The floor is half a cell, not a fixed 0.0025 km²: with h = 150 m (30 m cells) a single
            // map point with 74 crimes is an area of about 0.0009 km², and it is a real hotspot.
            for (const h of r.hotspots) {
              expect(h.count, `${what} ${h.id}`).toBeGreaterThan(0);
              expect(h.areaKm2, `${what} ${h.id}`).toBeGreaterThanOrEqual(0.5 * cellKm2 * (1 - 1e-9));
            }
            expect(r.hotspots.map((h) => h.id)).toEqual(r.hotspots.map((_, i) => `H${i + 1}`));
            expect(r.hotspots.map((h) => h.rank)).toEqual(r.hotspots.map((_, i) => i + 1));
            expect(r.hotspotGeojson.features.map((f) => f.properties?.id)).toEqual(r.hotspots.map((h) => h.id));
          }
      expect(seen).toBeGreaterThan(100);
    });
  },
);
