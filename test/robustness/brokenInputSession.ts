/**
 * The session and fixtures of the broken-input tests (brokenInput.*.test.ts): good data are
 * loaded first, then each broken file. Every case must end in a clear message naming the file
 * (and the line, where there is one) or in rows rejected with a counted reason, and after every
 * step rowsRead = used + Σ rejected, and nothing already loaded is lost.
 *
 * Parser-level details (exact reject reasons per row, chunking, ring repair internals) are in
 * test/io and test/geo; these files check what reaches the analyst through the session.
 */
import { beforeEach, expect } from 'vitest';
import { AnalysisSession, type LoadSummary } from '../../src/analysis/session.ts';
import { unprojectPointBng } from '../../src/core/bng.ts';
import { REJECT_REASONS, type IngestMessage, type RejectReason } from '../../src/core/types.ts';
import type { AnalysisParams, AnalysisResult } from '../../src/analysis/sessionTypes.ts';

export const NOW = new Date(Date.UTC(2024, 11, 1)); // "today" = 2024-12
export const enc = (s: string) => new TextEncoder().encode(s);
export const ALL: AnalysisParams = {
  filter: { from: null, to: null, categories: null, includeAsb: true },
  compare: null,
  kde: null,
  topN: 1,
};
export const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

export const square = (x0: number, y0: number, s = 1000) => [
  [x0, y0],
  [x0 + s, y0],
  [x0 + s, y0 + s],
  [x0, y0 + s],
  [x0, y0],
];
export const wgs = (ring: number[][]) => ring.map(([x, y]) => unprojectPointBng(x, y));

/** West [530000,531000] and East [531000,532000] × [180000,181000], WGS84 GeoJSON, 2022 field names. */
export function wardsGeojson(prefix = 'WD22', names = ['West', 'East']): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: [530000, 531000].map((x0, i) => ({
      type: 'Feature',
      properties: { [`${prefix}CD`]: `E0500000${i + 1}`, [`${prefix}NM`]: names[i], LAD22NM: 'Testham' },
      geometry: { type: 'Polygon', coordinates: [wgs(square(x0, 180000))] },
    })),
  });
}

export function lonLat(x: number, y: number): [string, string] {
  const [lon, lat] = unprojectPointBng(x, y);
  return [lon.toFixed(6), lat.toFixed(6)];
}
export function row(month: string, x: number, y: number, type = 'Burglary', loc = 'On or near High Road'): string {
  const [lon, lat] = lonLat(x, y);
  return `,${month},Test Police,Test Police,${lon},${lat},${loc},E01000001,Testham 001A,${type},,`;
}
export const csv = (rows: string[], eol = '\n') => enc([HEADER, ...rows].join(eol) + eol);

export const GOOD = csv([
  row('2024-01', 530500, 180500),
  row('2024-01', 530400, 180600, 'Robbery'),
  row('2024-02', 531500, 180500),
  row('2024-02', 531600, 180400, 'Vehicle crime'),
  row('2024-03', 531700, 180300, 'Anti-social behaviour'),
]);

export function rejectedTotal(r: { rejected: Partial<Record<RejectReason, number>> }): number {
  return REJECT_REASONS.reduce((s, k) => s + (r.rejected[k] ?? 0), 0);
}
export function conserved(s: AnalysisSession): void {
  const r = s.report();
  expect(r.used + rejectedTotal(r)).toBe(r.rowsRead);
}
export const wardCounts = (r: AnalysisResult) => r.wards.map((w) => [w.code, w.name, w.count]);
export const fileReport = (s: AnalysisSession, name: string) => s.report().files.find((f) => f.file === name);
export const only = (m: IngestMessage[], level: IngestMessage['level']) => m.filter((x) => x.level === level);

/** The session of the current test (a live binding, made afresh before each test by freshSessionEachTest). */
export let s: AnalysisSession;
/** Its results after the good data, before the broken file. */
export let before: AnalysisResult;

/** Registers, in the calling test file, a fresh session loaded with the good data before each test. */
export function freshSessionEachTest(): void {
  beforeEach(() => {
    s = new AnalysisSession(NOW);
    const load = s.addFiles([
      { name: 'wards.geojson', bytes: enc(wardsGeojson()) },
      { name: 'good.csv', bytes: GOOD },
    ]);
    expect(only(load.messages, 'error')).toEqual([]);
    before = s.run(ALL);
    expect(before.totalInWards).toBe(5);
  });
}

/**
 * Loads one file; checks the invariant and that every message names the file. Returns the
 * load's messages plus the file's row-level messages (those live in the session report, which
 * is what the quality panel shows).
 */
export function load(name: string, bytes: Uint8Array): LoadSummary {
  const r = s.addFiles([{ name, bytes }]);
  conserved(s);
  const fileMessages = s
    .report()
    .messages.filter((m) => m.file === name && !r.messages.some((x) => x.message === m.message && x.line === m.line));
  const all = { ...r, messages: [...r.messages, ...fileMessages] };
  for (const m of all.messages) {
    expect(m.file).toBe(name);
    expect(m.message.length).toBeGreaterThan(5);
  }
  return all;
}
/** The good data and its results are unchanged. */
export function unchanged(rowsAdded = 0): void {
  const after = s.run(ALL);
  expect(wardCounts(after)).toEqual(wardCounts(before));
  expect(after.input.rowsRead).toBe(before.input.rowsRead + rowsAdded);
  expect(after.wardFile).toEqual(before.wardFile);
}
