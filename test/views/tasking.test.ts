/** Tasking helpers and the engine fields the views use, on the synthetic demo (data/demo). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AnalysisSession, type SessionFile } from '../../src/analysis/session.ts';
import type { AnalysisParams, AnalysisResult } from '../../src/analysis/sessionTypes.ts';
import { clampK, densityRanks, patrolFromResult, placeText, taskingRows } from '../../src/analysis/tasking.ts';

const demo = resolve(import.meta.dirname, '../../data/demo');
function walk(d: string): string[] {
  return readdirSync(d)
    .sort()
    .flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
}
const params = (recent: number | null, detailWard: string | null = null): AnalysisParams => ({
  filter: { from: null, to: null, categories: null, includeAsb: false, recentMonths: recent },
  compare: 'previous',
  kde: {
    kernel: 'quartic',
    bandwidth: 'practitioner',
    cell: 'auto',
    threshold: { kind: 'mean-multiple', k: 2 },
    perMonth: false,
  },
  topN: 5,
  detailWard,
});

let session: AnalysisSession;
let r3: AnalysisResult;
beforeAll(() => {
  session = new AnalysisSession(new Date(Date.UTC(2025, 0, 1)));
  session.addFiles(
    walk(demo)
      .filter((p) => !p.endsWith('.md'))
      .map((p): SessionFile => ({ name: p.slice(demo.length + 1), bytes: new Uint8Array(readFileSync(p)) })),
  );
  r3 = session.run(params(3));
});

describe('tasking', () => {
  it('recentMonths = 3 is the latest three loaded months, compared with the three before', () => {
    const all = session.run(params(null));
    const last = all.months.last as number;
    expect(r3.months.window).toEqual([last - 2, last]);
    expect(r3.compareWindow).toEqual([last - 5, last - 3]);
    expect(r3.studyAreaKm2).toBeGreaterThan(0);
    expect(r3.hotspots.length).toBeGreaterThan(0);
  });
  it('patrol areas from the result equal session.patrolAreas, and PAI = (n/N)/(a/A)', () => {
    const mine = patrolFromResult(r3, 3);
    const theirs = session.patrolAreas(params(3), 3, r3);
    expect(mine.rows).toEqual(theirs.rows);
    const row = mine.rows[mine.rows.length - 1];
    expect(row.cumPai).toBeCloseTo(row.cumCount / r3.totalInWards / (row.cumAreaKm2 / (r3.studyAreaKm2 as number)), 10);
    const ids = r3.hotspots.slice(-2).map((h) => h.id);
    const picked = patrolFromResult(r3, 3, ids);
    expect(picked.rows.map((x) => x.id).sort()).toEqual([...ids].sort());
    expect(picked.geojson.features.length).toBe(ids.length);
    expect(clampK(99, 4)).toBe(4);
    expect(clampK(NaN, 4)).toBe(3);
  });
  it('rows carry place, wards, change and density rank', () => {
    const rows = taskingRows(r3);
    expect(rows.length).toBe(r3.hotspots.length);
    const ranks = [...densityRanks(r3.hotspots).values()].sort((a, b) => a - b);
    expect(ranks).toEqual(rows.map((_, i) => i + 1));
    for (const x of rows) {
      expect(x.wards.length).toBeGreaterThan(0);
      expect(x.previous).not.toBeNull();
      expect(x.direction).toMatch(/^(up|down|no change|new)/);
    }
    expect(placeText({ label: 'High Road', placeLabel: 'around Seven Sisters station', rank: 1 })).toBe(
      'High Road — around Seven Sisters station',
    );
    expect(placeText({ label: '', placeLabel: null, rank: 2 })).toBe('Area 2');
  });
  it('wardDetail: the monthly series in the window sums to the ward count', () => {
    const code = r3.wards[0].code;
    const r = session.run(params(12, code));
    const d = r.wardDetail;
    expect(d?.code).toBe(code);
    const [from, to] = r.months.window as [number, number];
    const inWin = (d?.trend ?? []).filter((t) => t.month >= from && t.month <= to).reduce((s, t) => s + t.count, 0);
    expect(inWin).toBe(r.wards.find((w) => w.code === code)?.count);
    expect(d?.types.length).toBeGreaterThan(0);
  });
  it('wardDetail types add up to the ward count with every type selected, and list ASB only when it is included', () => {
    const code = r3.wards[0].code;
    const withoutAsb = session.run(params(12, code));
    const d = withoutAsb.wardDetail;
    const sum = (d?.types ?? []).reduce((s, t) => s + t.count, 0);
    expect(sum).toBe(withoutAsb.wards.find((w) => w.code === code)?.count);
    expect(d?.types.some((t) => t.category === 'Anti-social behaviour')).toBe(false);
    const p = params(12, code);
    const withAsb = session.run({ ...p, filter: { ...p.filter, includeAsb: true } });
    const types = withAsb.wardDetail?.types ?? [];
    expect(types.some((t) => t.category === 'Anti-social behaviour')).toBe(true);
    expect(types.reduce((s, t) => s + t.count, 0)).toBe(withAsb.wards.find((w) => w.code === code)?.count);
  });
});
