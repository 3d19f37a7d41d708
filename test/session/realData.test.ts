/**
 * The engine session on real police.uk data (../shared/data):
 * - the CSV path and the API JSON path give the same Haringey ward picture for the same
 *   months and crime type (they are largely the same crimes, retrieved at different times:
 *   data README §2d says e.g. 212 CSV rows vs 209 API ids in 2017-01, 200 shared);
 * - every row of the whole Met burglary set is accounted for, ward assignment included.
 */
import { expect, it } from 'vitest';
import { AnalysisSession } from '../../src/analysis/session.ts';
import { monthIndex } from '../../src/core/months.ts';
import type { AnalysisParams } from '../../src/analysis/sessionTypes.ts';
import { REJECT_REASONS } from '../../src/core/types.ts';
import { dataPath, describeData, sessionFile, walk } from '../helpers/sharedData.ts';

const file = sessionFile;
const burglary = (from: number, to: number): AnalysisParams => ({
  filter: { from, to, categories: ['Burglary'], includeAsb: false },
  compare: null,
  kde: null,
  topN: 5,
});

function spearman(a: number[], b: number[]): number {
  const rank = (v: number[]) => {
    const idx = v.map((x, i) => [x, i]).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(v.length);
    idx.forEach(([, i], k) => (r[i] = k + 1));
    return r;
  };
  const ra = rank(a);
  const rb = rank(b);
  const n = a.length;
  const d2 = ra.reduce((s, x, i) => s + (x - rb[i]) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

describeData('Haringey: police.uk CSV and API JSON agree', 'police-uk/api-json/crimes-street-haringey-wards', () => {
  it('gives nearly the same burglary count in every ward, January 2017 to June 2018', () => {
    const wards = file(dataPath('boundaries/wards-2014-gla-london/derived/haringey_wards_2014_wgs84.geojson'));
    const csv = new AnalysisSession();
    csv.addFiles([wards]);
    const months = walk(dataPath('police-uk/street-csv/metropolitan-burglary-only')).filter((f) =>
      /(2017-\d\d|2018-0[1-6])-metropolitan/.test(f),
    );
    expect(months).toHaveLength(18);
    csv.addFiles(months.map(file));
    const api = new AnalysisSession();
    api.addFiles([wards]);
    api.addFiles(walk(dataPath('police-uk/api-json/crimes-street-haringey-wards')).map(file));
    const p = burglary(monthIndex(2017, 1), monthIndex(2018, 6));
    const a = csv.run(p);
    const b = api.run(p);
    expect(a.wards).toHaveLength(19);
    expect(b.wards).toHaveLength(19);
    const apiCount = new Map(b.wards.map((w) => [w.code, w.count]));
    const x = a.wards.map((w) => w.count);
    const y = a.wards.map((w) => apiCount.get(w.code) ?? -1);
    // Same crimes, retrieved years apart: totals within 5%, every ward within 15%,
    // and the ward ranking essentially the same.
    expect(Math.abs(a.totalInWards - b.totalInWards) / a.totalInWards).toBeLessThan(0.05);
    for (let i = 0; i < x.length; i++) expect(Math.abs(x[i] - y[i]) / x[i]).toBeLessThan(0.15);
    expect(spearman(x, y)).toBeGreaterThan(0.9);
    // The API path removed the boundary crimes returned twice.
    expect(b.input.rejected['duplicate-id']).toBe(2112);
  });
});

describeData(
  'Met burglary 2017–2018: every row accounted for',
  'police-uk/street-csv/metropolitan-burglary-only',
  () => {
    it('rowsRead = used + Σ rejected, with ward assignment into all 654 London wards', () => {
      const s = new AnalysisSession(new Date(Date.UTC(2026, 10, 22)));
      const shp = ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) =>
        file(dataPath(`boundaries/wards-2014-gla-london/raw/esri/London_Ward.${e}`)),
      );
      s.addFiles(shp);
      expect(s.wardSet?.count).toBe(654);
      s.addFiles(walk(dataPath('police-uk/street-csv/metropolitan-burglary-only')).map(file));
      const r = s.run({
        filter: { from: null, to: null, categories: null, includeAsb: false },
        compare: null,
        kde: null,
        topN: 5,
      });
      const rejected = REJECT_REASONS.reduce((sum, k) => sum + (r.input.rejected[k] ?? 0), 0);
      expect(r.input.rowsRead).toBe(156_469);
      expect(r.input.used + rejected).toBe(r.input.rowsRead);
      expect(r.input.rejected['no-coordinates']).toBe(556);
      // Some Met crimes are geocoded outside London (data README §2b).
      expect(r.input.rejected['outside-wards']).toBeGreaterThan(0);
      expect(r.totalInWards).toBe(r.input.used);
      expect(r.wards.reduce((s2, w) => s2 + w.count, 0)).toBe(r.input.used);
      expect(r.months.first).toBe(monthIndex(2017, 1));
      expect(r.months.last).toBe(monthIndex(2018, 12));
      expect(r.months.missing).toEqual([]);
    });
  },
);
