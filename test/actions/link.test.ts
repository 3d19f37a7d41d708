import { describe, expect, it } from 'vitest';
import { gaps, linkTargets, resolvePlace, type LinkTarget } from '../../src/analysis/actions/link.ts';
import { nearestPlaceLabel, nearestPlaceLabelLinear } from '../../src/analysis/actions/label.ts';
import { areaToAreaDistance } from '../../src/core/geometry.ts';
import type { ActionRegister, Place, PlanAction } from '../../src/core/actionTypes.ts';

const square = (x0: number, y0: number, side: number) => [new Float64Array([x0, y0, x0 + side, y0, x0 + side, y0 + side, x0, y0 + side])];
// Fixture coordinates are BNG metres; the test projector passes lon/lat through as x/y.
const identity = (lon: number, lat: number): [number, number] => [lon, lat];

const H1: LinkTarget = { id: 'H1', kind: 'hotspot', label: 'H1', rings: square(530000, 190000, 400), wardCodes: ['E05000275'], dominantCategories: ['Robbery', 'Violence and sexual offences'] };
const H2: LinkTarget = { id: 'H2', kind: 'hotspot', label: 'H2', rings: square(532000, 190000, 200), wardCodes: ['E05000276'], dominantCategories: ['Burglary'] };
const H3: LinkTarget = { id: 'H3', kind: 'hotspot', label: 'H3', rings: square(540000, 190000, 200), wardCodes: [], dominantCategories: ['Drugs'] };
const WARD: LinkTarget = { id: 'W', kind: 'ward', label: 'Northumberland Park', rings: square(532000, 190000, 200), wardCodes: ['E05000276'], dominantCategories: [] };

const P = (name: string, type: Place['type'], x: number, y: number, rings?: Float64Array[]): Place => ({ name, type, x, y, rings, lon: NaN, lat: NaN });
const PLACES: Place[] = [
  P('Seven Sisters', 'transport hub', 530500, 190200),
  P('The Salisbury', 'licensed premises', 532100, 190100),
  P('Wood Green', 'town centre', 531150, 190150, square(531000, 190000, 300)),
];

const act = (id: string, over: Partial<PlanAction>): PlanAction => ({
  id, priority: 'p', summary: id, categories: [], placeTypes: [], places: [], lead: 'l', partners: [], timescale: 't',
  targetsPlaces: false, hotspotFlag: 'N', status: 'unknown', commentary: '', source: { document: 'synthetic' }, ...over,
});
const REGISTER: ActionRegister = {
  schemaVersion: 1,
  plan: { id: 'fixture', borough: 'Fixture', boroughCode: 'X09000001', title: 'Fixture plan', period: { start: '2024', end: '2027' }, sourceDocuments: [{ id: 'synthetic', title: 'fixture', file: '', date: '2024' }] },
  actions: [
    act('A1', { categories: ['Robbery'], placeTypes: ['transport hub'], places: [{ name: 'Seven Sisters', kind: 'station' }], targetsPlaces: true, hotspotFlag: 'Y' }),
    act('A2', { places: [{ name: 'Northumberland Park', kind: 'ward', wardCode: 'E05000276' }], targetsPlaces: true, hotspotFlag: 'Y' }),
    act('A3', { categories: ['Violence and sexual offences'], placeTypes: ['night-time economy'], targetsPlaces: true, hotspotFlag: 'T' }),
    act('A4', { categories: ['property'], placeTypes: ['borough-wide'], places: [{ name: 'Seven Sisters', kind: 'station' }] }),
    act('A5', { places: [{ name: 'Far Street', kind: 'street', lon: 545000, lat: 195000 }], targetsPlaces: true, hotspotFlag: 'Y' }),
    act('A6', { places: [{ name: 'Nowhere Estate', kind: 'estate' }], targetsPlaces: true, hotspotFlag: 'Y' }),
  ],
};

const summary = (targetId: string) =>
  linkTargets([H1, H2, H3, WARD], REGISTER, PLACES, { project: identity }).get(targetId)?.map((l) => [l.actionId, l.kind, Math.round(l.strength), l.reason]);

describe('linkTargets', () => {
  it('ranks named place > place type > category, with reasons', () => {
    expect(summary('H1')).toEqual([
      ['A1', 'named-place', 375, 'names Seven Sisters station, 100 m from this hotspot'],
      ['A4', 'category', 150, 'targets Robbery, the most common crime type here'],
      ['A3', 'category', 125, 'targets Violence and sexual offences, the 2nd most common crime type here'],
    ]);
    expect(summary('H2')).toEqual([
      ['A2', 'named-place', 350, 'names Northumberland Park ward, which this hotspot overlaps'],
      ['A3', 'place-type', 300, 'targets the night-time economy; The Salisbury lies in this hotspot'],
      ['A4', 'category', 150, 'targets Burglary, the most common crime type here'],
    ]);
    expect(summary('H3')).toEqual([]);
  });
  it('keeps all evidence of a link, strongest first', () => {
    const a1 = linkTargets([H1], REGISTER, PLACES, { project: identity }).get('H1')?.[0];
    expect(a1?.evidence.map((e) => [e.kind, Math.round(e.strength), e.distance])).toEqual([
      ['named-place', 375, 100],
      ['place-type', 275, 100],
      ['category', 150, null],
    ]);
  });
  it('links a borough-wide action by category only, even when it names a place', () => {
    const links = linkTargets([H1], REGISTER, PLACES, { project: identity }).get('H1') ?? [];
    expect(links.find((l) => l.actionId === 'A4')?.evidence.map((e) => e.kind)).toEqual(['category']);
  });
  it('names the ward itself for ward targets', () => {
    expect(summary('W')?.[0]).toEqual(['A2', 'named-place', 350, 'names this ward (Northumberland Park)']);
  });
  it('respects the distance limit', () => {
    const near = linkTargets([H1], REGISTER, PLACES, { project: identity, distance: 99 }).get('H1') ?? [];
    expect(near.map((l) => [l.actionId, l.kind])).toEqual([
      ['A1', 'category'],
      ['A4', 'category'],
      ['A3', 'category'],
    ]);
  });
});

describe('gaps', () => {
  it('finds unanswered hotspots and actions whose places lie in no hotspot', () => {
    const g = gaps([H1, H2, H3, WARD], REGISTER, PLACES, { project: identity });
    expect(g.hotspotsWithoutAction.map((t) => t.id)).toEqual(['H3']);
    expect(g.actionsWithoutHotspot.map((x) => [x.action.id, x.places])).toEqual([['A5', ['Far Street']]]);
    expect(g.unlocatedActions.map((x) => [x.action.id, x.places])).toEqual([['A6', ['Nowhere Estate']]]);
  });
});

describe('places and labels', () => {
  it('resolves a named town centre to its polygon', () => {
    const r = resolvePlace({ name: 'Wood Green', kind: 'town centre' }, PLACES, identity);
    expect(r.rings).toBe(PLACES[2].rings);
    expect(areaToAreaDistance(r.rings ?? [], H1.rings)).toBe(600);
  });
  it('labels a point by what it is in or near', () => {
    expect(nearestPlaceLabel(531100, 190100, PLACES)).toBe('in Wood Green town centre');
    expect(nearestPlaceLabel(530450, 190200, PLACES)).toBe('around Seven Sisters station');
    expect(nearestPlaceLabel(532150, 190150, PLACES)).toBe('near The Salisbury');
    expect(nearestPlaceLabel(530800, 190350, PLACES)).toBe('near Wood Green town centre');
    expect(nearestPlaceLabel(545000, 195000, PLACES)).toBeNull();
  });
});

describe('nearestPlaceLabel with a spatial index (long places lists)', () => {
  it('gives the linear scan\u2019s label for 3,000 points over 600 places, ties and overlaps included', () => {
    let seed = 99;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const types: Place['type'][] = ['transport hub', 'licensed premises', 'town centre', 'licensed premises'];
    const places: Place[] = [];
    for (let i = 0; i < 600; i++) {
      const x = 530000 + Math.floor(rnd() * 40) * 50; // on a 50 m lattice: equal distances and shared points
      const y = 180000 + Math.floor(rnd() * 40) * 50;
      const type = types[i % types.length];
      const polygon = i % 7 === 0;
      places.push(P(`Place ${i}`, polygon ? (i % 2 ? 'town centre' : 'licensed premises') : type, x, y, polygon ? square(x - 100, y - 100, 150 + (i % 5) * 60) : undefined));
    }
    places.push(P('Nowhere', 'transport hub', NaN, NaN));
    expect(places.length).toBeGreaterThan(64); // the indexed path
    let labelled = 0;
    for (let k = 0; k < 3000; k++) {
      const x = 529500 + rnd() * 3000;
      const y = 179500 + rnd() * 3000;
      const want = nearestPlaceLabelLinear(x, y, places);
      expect(nearestPlaceLabel(x, y, places)).toBe(want);
      if (want) labelled++;
    }
    expect(labelled).toBeGreaterThan(2000);
    // Exactly on a lattice point shared by several places, and 400 m away along an axis.
    expect(nearestPlaceLabel(places[3].x, places[3].y, places)).toBe(nearestPlaceLabelLinear(places[3].x, places[3].y, places));
    expect(nearestPlaceLabel(places[3].x + 400, places[3].y, places)).toBe(nearestPlaceLabelLinear(places[3].x + 400, places[3].y, places));
  });
});
