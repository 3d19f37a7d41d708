/**
 * Action links on real data: Haringey 2017 (police.uk API extract, ../shared/data) with the
 * bundled Haringey register and the Haringey stations and town centres. The rule is in
 * src/analysis/actions/link.ts; these are the properties a tasking group and a ward panel
 * need from it (issue 16), checked against counts the test makes itself.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { AnalysisSession, type SessionFile } from '../../src/analysis/session.ts';
import { monthIndex } from '../../src/core/months.ts';
import { parseRegisterJson } from '../../src/io/registers.ts';
import type { AnalysisParams, AnalysisResult } from '../../src/analysis/sessionTypes.ts';
import type { ActionRegister } from '../../src/core/actionTypes.ts';
import { dataPath, describeData } from '../helpers/sharedData.ts';

const walk = (d: string): string[] =>
  readdirSync(d)
    .sort()
    .flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
const file = (p: string): SessionFile => ({ name: p, bytes: new Uint8Array(readFileSync(p)) });
/** Categories of actions about violence (without a property crime type). */
const VIOLENCE_GROUP_MEMBERS: readonly string[] = ['Violence and sexual offences', 'Possession of weapons'];
const REGISTER = resolve(import.meta.dirname, '../../data/registers/haringey.json');
const register = parseRegisterJson(readFileSync(REGISTER, 'utf8'), 'haringey.json').register as ActionRegister;

const params = (categories: string[] | null): AnalysisParams => ({
  filter: { from: monthIndex(2017, 1), to: monthIndex(2017, 12), categories, includeAsb: false },
  compare: null,
  kde: {
    kernel: 'quartic',
    bandwidth: 'practitioner',
    cell: 'auto',
    threshold: { kind: 'mean-multiple', k: 2 },
    perMonth: false,
  },
  topN: 5,
});

describeData('action links on Haringey 2017', 'police-uk/api-json/crimes-street-haringey-wards', () => {
  let all: AnalysisResult;
  let burglary: AnalysisResult;
  beforeAll(() => {
    const s = new AnalysisSession();
    s.addFiles([
      file(dataPath('boundaries/wards-2014-gla-london/derived/haringey_wards_2014_wgs84.geojson')),
      file(dataPath('places/stations/derived/haringey_area_stations.geojson')),
      file(dataPath('places/town-centres/derived/haringey_town_centres.geojson')),
      file(REGISTER),
    ]);
    s.addFiles(walk(dataPath('police-uk/api-json/crimes-street-haringey-wards')).map(file));
    all = s.run(params(null));
    burglary = s.run(params(['Burglary']));
  }, 120_000);

  it('the wards\u2019 specific lists differ, are short enough to read, and the quietest ward has fewer than the busiest', () => {
    const acts = all.actions!;
    const lists = all.wards.map((w) => acts.byWard[w.code].map((l) => l.actionId).join(','));
    expect(all.wards).toHaveLength(19);
    expect(new Set(lists).size).toBeGreaterThanOrEqual(15);
    for (const w of all.wards) expect(acts.byWard[w.code].length, w.name).toBeLessThanOrEqual(15);
    const busiest = all.wards[0];
    const quietest = all.wards[all.wards.length - 1];
    expect(quietest.count).toBeLessThan(busiest.count / 3);
    expect(acts.byWard[quietest.code].length).toBeLessThan(acts.byWard[busiest.code].length);
  });

  it('borough-wide actions are listed apart and never linked to a ward or hotspot', () => {
    const acts = all.actions!;
    const bw = new Set(acts.boroughWide.map((a) => a.actionId));
    expect(bw.size).toBeGreaterThan(30);
    for (const list of [...Object.values(acts.byWard), ...Object.values(acts.byHotspot)])
      for (const l of list) expect(bw.has(l.actionId), l.actionId).toBe(false);
    // Every action is either borough-wide or could be linked (the register is fully accounted for).
    expect(bw.size).toBeLessThan(register.actions.length);
  });

  it('no anti-social behaviour action is linked by category while ASB is excluded', () => {
    const asbOnly = new Set(
      register.actions
        .filter((a) => a.categories.length && a.categories.every((c) => c === 'Anti-social behaviour'))
        .map((a) => a.id),
    );
    for (const list of [...Object.values(all.actions!.byWard), ...Object.values(all.actions!.byHotspot)])
      for (const l of list)
        if (asbOnly.has(l.actionId)) expect(l.kind, `${l.actionId}: ${l.reason}`).not.toBe('category');
  });

  it('with a burglary filter no hotspot is linked to a violence action by category', () => {
    expect(burglary.hotspots.length).toBeGreaterThan(5);
    const violence = new Set(
      register.actions
        .filter(
          (a) =>
            a.categories.some((c) => VIOLENCE_GROUP_MEMBERS.includes(c)) &&
            !a.categories.some((c) => c === 'Burglary' || c === 'property' || c === 'acquisitive'),
        )
        .map((a) => a.id),
    );
    expect(violence.size).toBeGreaterThan(10);
    for (const list of Object.values(burglary.actions!.byHotspot))
      for (const l of list)
        if (violence.has(l.actionId)) expect(l.kind, `${l.actionId}: ${l.reason}`).not.toBe('category');
    // And every category link names Burglary (the only selected type).
    for (const list of [...Object.values(burglary.actions!.byHotspot), ...Object.values(burglary.actions!.byWard)])
      for (const l of list) if (l.kind === 'category') expect(l.reason).toMatch(/^targets Burglary, over-represented/);
  });

  it('the gap analysis names hotspots that no specific action covers, and only those', () => {
    const acts = all.actions!;
    const uncovered = new Set(acts.gapReport.uncoveredHotspots.map((h) => h.id));
    for (const h of all.hotspots) {
      const specific = acts.byHotspot[h.id].some((l) => l.kind !== 'category');
      expect(uncovered.has(h.id), h.id).toBe(!specific);
    }
    expect(uncovered.size).toBeGreaterThan(0);
    expect(uncovered.size).toBeLessThan(all.hotspots.length);
  });

  it('each hotspot\u2019s per-ward counts add up to its count', () => {
    for (const h of all.hotspots)
      expect(
        Object.values(h.wardCounts).reduce((a, b) => a + b, 0),
        h.id,
      ).toBe(h.count);
  });
});
