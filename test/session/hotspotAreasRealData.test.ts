/**
 * Compact hotspot areas and their names on real police.uk data (../shared/data, read at run
 * time): London-wide burglary and Haringey's API responses.
 */
import { beforeAll, expect, it } from 'vitest';
import { AnalysisSession } from '../../src/analysis/session.ts';
import { isGenericPlaceName } from '../../src/analysis/hotspots/naming.ts';
import type { AnalysisParams, AnalysisResult } from '../../src/analysis/sessionTypes.ts';
import { dataPath, describeData, sessionFile, walk } from '../helpers/sharedData.ts';
import { parseMonth } from '../../src/core/months.ts';

const LONDON_WARDS = 'boundaries/wards-2014-gla-london/derived/london_wards_2014_wgs84.geojson';
const MET = 'police-uk/street-csv/metropolitan-burglary-only';
const HARINGEY = 'police-uk/api-json/crimes-street-haringey-wards';
const HARINGEY_WARDS = 'boundaries/wards-2014-gla-london/derived/haringey_wards_2014_wgs84.geojson';

function params(
  from: string,
  to: string,
  areas?: { method: 'compact' | 'threshold'; maxAreaKm2: number },
): AnalysisParams {
  return {
    filter: { from: parseMonth(from), to: parseMonth(to), categories: null, includeAsb: false },
    compare: null,
    kde: {
      kernel: 'quartic',
      bandwidth: 'practitioner',
      cell: 'auto',
      threshold: { kind: 'mean-multiple', k: 2 },
      perMonth: false,
      ...(areas ? { areas } : {}),
    },
    topN: 5,
  } as AnalysisParams;
}

describeData('compact hotspot areas: London burglary 2018', MET, () => {
  const s = new AnalysisSession();
  let compact: AnalysisResult;
  let whole: AnalysisResult;
  beforeAll(() => {
    s.addFiles([sessionFile(dataPath(LONDON_WARDS))]);
    s.addFiles(
      walk(dataPath(MET))
        .filter((f) => f.endsWith('.csv'))
        .map(sessionFile),
    );
    compact = s.run(params('2018-01', '2018-12'));
    whole = s.run(params('2018-01', '2018-12', { method: 'threshold', maxAreaKm2: 1 }));
  }, 120_000);

  it('no area is above 1 km² by default; the old rule still gives one of tens of km²', () => {
    expect(compact.hotspots.length).toBeGreaterThan(100);
    for (const h of compact.hotspots) expect(h.areaKm2).toBeLessThanOrEqual(1 + 1e-9);
    expect(Math.max(...whole.hotspots.map((h) => h.areaKm2))).toBeGreaterThan(20);
  });

  it('areas are disjoint parts of the threshold areas: crimes in compact areas ≤ crimes in the threshold areas ≤ all crimes', () => {
    const inCompact = compact.hotspots.reduce((a, h) => a + h.count, 0);
    const inWhole = whole.hotspots.reduce((a, h) => a + h.count, 0);
    expect(inCompact).toBeLessThanOrEqual(inWhole);
    expect(inWhole).toBeLessThanOrEqual(compact.totalInWards);
  });

  it('the top area is named by a street, not a police.uk place type, and spans a few wards', () => {
    const top = compact.hotspots[0];
    expect(top.label).not.toBe('');
    expect(top.label).not.toMatch(/^Area \d+$/);
    expect(isGenericPlaceName(top.label)).toBe(false);
    expect(top.wardCodes.length).toBeLessThanOrEqual(10);
    for (const h of compact.hotspots) expect(isGenericPlaceName(h.label)).toBe(false);
  });

  it('a larger cap when asked', () => {
    const big = s.run(params('2018-01', '2018-12', { method: 'compact', maxAreaKm2: 5 }));
    expect(Math.max(...big.hotspots.map((h) => h.areaKm2))).toBeGreaterThan(1);
    for (const h of big.hotspots) expect(h.areaKm2).toBeLessThanOrEqual(5 + 1e-9);
  });
});

describeData('hotspot names: the same area has the same name in every window (Haringey)', HARINGEY, () => {
  const s = new AnalysisSession();
  beforeAll(() => {
    s.addFiles([sessionFile(dataPath(HARINGEY_WARDS))]);
    s.addFiles(
      walk(dataPath(HARINGEY))
        .filter((f) => f.endsWith('.json'))
        .map(sessionFile),
    );
  }, 120_000);

  it('the area at the densest peak is named alike over six months and over the latest three', () => {
    const a = s.run(params('2018-01', '2018-06'));
    const b = s.run(params('2018-04', '2018-06'));
    // The same place: the area of each window holding the other's area-1 peak region, found by
    // overlapping wards and the largest count; compared by name.
    const h1 = a.hotspots[0];
    const same = b.hotspots.find(
      (h) => h.wardCodes.some((w) => h1.wardCodes.includes(w)) && h.rank <= 3 && Math.abs(h.areaKm2 - h1.areaKm2) < 0.5,
    );
    expect(same).toBeDefined();
    expect(same?.label).toBe(h1.label);
    for (const r of [a, b]) for (const h of r.hotspots) expect(isGenericPlaceName(h.label)).toBe(false);
  });
});
