import { describe, expect, it } from 'vitest';
import {
  boroughWideActions,
  gaps,
  linkTargets,
  locationQuotient,
  resolvePlace,
  type LinkTarget,
} from '../../src/analysis/actions/link.ts';
import { nearestPlaceLabel, nearestPlaceLabelLinear } from '../../src/analysis/actions/label.ts';
import { areaToAreaDistance } from '../../src/core/geometry.ts';
import type { ActionRegister, Place, PlanAction } from '../../src/core/actionTypes.ts';

const square = (x0: number, y0: number, side: number) => [
  new Float64Array([x0, y0, x0 + side, y0, x0 + side, y0 + side, x0, y0 + side]),
];
// Fixture coordinates are BNG metres; the test projector passes lon/lat through as x/y.
const identity = (lon: number, lat: number): [number, number] => [lon, lat];

// Counts in the current window and selection; the area's counts give the location quotients.
const AREA = { Robbery: 100, 'Violence and sexual offences': 200, Burglary: 100, Drugs: 50, 'Other theft': 550 };
const H1: LinkTarget = {
  id: 'H1',
  kind: 'hotspot',
  label: 'H1',
  rings: square(530000, 190000, 400),
  wardCodes: ['E05000275'],
  categoryCounts: { Robbery: 30, 'Violence and sexual offences': 20, 'Other theft': 50 },
};
const H2: LinkTarget = {
  id: 'H2',
  kind: 'hotspot',
  label: 'H2',
  rings: square(532000, 190000, 200),
  wardCodes: ['E05000276'],
  categoryCounts: { Burglary: 40, 'Other theft': 10 },
};
const H3: LinkTarget = {
  id: 'H3',
  kind: 'hotspot',
  label: 'H3',
  rings: square(540000, 190000, 200),
  wardCodes: [],
  categoryCounts: { Drugs: 5 },
};
const WARD: LinkTarget = {
  id: 'W',
  kind: 'ward',
  label: 'Northumberland Park',
  rings: square(532000, 190000, 200),
  wardCodes: ['E05000276'],
  categoryCounts: { Burglary: 12, 'Other theft': 100 },
};

const P = (name: string, type: Place['type'], x: number, y: number, rings?: Float64Array[]): Place => ({
  name,
  type,
  x,
  y,
  rings,
  lon: NaN,
  lat: NaN,
});
const PLACES: Place[] = [
  P('Seven Sisters', 'transport hub', 530500, 190200),
  P('The Salisbury', 'licensed premises', 532100, 190100),
  P('Wood Green', 'town centre', 531150, 190150, square(531000, 190000, 300)),
];

const act = (id: string, over: Partial<PlanAction>): PlanAction => ({
  id,
  priority: 'p',
  summary: id,
  categories: [],
  placeTypes: [],
  places: [],
  lead: 'l',
  partners: [],
  timescale: 't',
  targetsPlaces: false,
  hotspotFlag: 'N',
  status: 'unknown',
  commentary: '',
  source: { document: 'synthetic' },
  ...over,
});
const REGISTER: ActionRegister = {
  schemaVersion: 1,
  plan: {
    id: 'fixture',
    borough: 'Fixture',
    boroughCode: 'X09000001',
    title: 'Fixture plan',
    period: { start: '2024', end: '2027' },
    sourceDocuments: [{ id: 'synthetic', title: 'fixture', file: '', date: '2024' }],
  },
  actions: [
    act('A1', {
      categories: ['Robbery'],
      placeTypes: ['transport hub'],
      places: [{ name: 'Seven Sisters', kind: 'station' }],
      targetsPlaces: true,
      hotspotFlag: 'Y',
    }),
    act('A2', {
      places: [{ name: 'Northumberland Park', kind: 'ward', wardCode: 'E05000276' }],
      targetsPlaces: true,
      hotspotFlag: 'Y',
    }),
    act('A3', {
      categories: ['Violence and sexual offences'],
      placeTypes: ['night-time economy'],
      targetsPlaces: true,
      hotspotFlag: 'T',
    }),
    act('A4', { categories: ['property'], placeTypes: ['borough-wide'] }),
    act('A5', {
      places: [{ name: 'Far Street', kind: 'street', lon: 545000, lat: 195000 }],
      targetsPlaces: true,
      hotspotFlag: 'Y',
    }),
    act('A6', { places: [{ name: 'Nowhere Estate', kind: 'estate' }], targetsPlaces: true, hotspotFlag: 'Y' }),
    act('A7', { categories: ['Burglary'] }),
    act('A8', { categories: ['property'], hotspotFlag: 'Y(a)' }),
    act('A9', {
      categories: ['Anti-social behaviour'],
      placeTypes: ['night-time economy'],
      targetsPlaces: true,
      hotspotFlag: 'T',
    }),
  ],
};
const OPTS = { project: identity, areaCategoryCounts: AREA, wardCount: 10 };

const summary = (targetId: string, opts = OPTS) =>
  linkTargets([H1, H2, H3, WARD], REGISTER, PLACES, opts)
    .get(targetId)
    ?.map((l) => [l.actionId, l.kind, Math.round(l.strength), l.reason]);

describe('linkTargets', () => {
  it('links for a specific reason, ranked named place > place type inside > over-represented category', () => {
    expect(summary('H1')).toEqual([
      ['A1', 'named-place', 375, 'names Seven Sisters station, 100 m from this hotspot'],
      [
        'A8',
        'category',
        200,
        "targets Robbery, over-represented in this hotspot (LQ 3.0: its share of crime here is 3.0 times the area's)",
      ],
    ]);
    expect(summary('H2')).toEqual([
      ['A2', 'named-place', 350, 'names Northumberland Park ward, which this hotspot overlaps'],
      ['A3', 'place-type', 300, 'targets the night-time economy; The Salisbury lies in this hotspot'],
      [
        'A8',
        'category',
        200,
        "targets Burglary, over-represented in this hotspot (LQ 8.0: its share of crime here is 8.0 times the area's)",
      ],
    ]);
    // Drugs is over-represented in H3 (LQ 20) but 5 crimes are under the minimum count.
    expect(summary('H3')).toEqual([]);
  });
  it('never links a borough-wide action (no place, flag N, or the borough-wide place type)', () => {
    for (const t of ['H1', 'H2', 'H3', 'W']) expect(summary(t)?.map((l) => l[0])).not.toContain('A4');
    for (const t of ['H1', 'H2', 'H3', 'W']) expect(summary(t)?.map((l) => l[0])).not.toContain('A7');
    expect(boroughWideActions(REGISTER).map((a) => a.id)).toEqual(['A4', 'A7']);
  });
  it('links by category only for categories in the selection: none when the area has no such crimes (ASB excluded)', () => {
    // A9 targets the night-time economy for ASB: ASB is not in the selection, so The Salisbury does not link it.
    expect(summary('H2')?.map((l) => l[0])).not.toContain('A9');
    const withAsb = { ...OPTS, areaCategoryCounts: { ...AREA, 'Anti-social behaviour': 300 } };
    expect(summary('H2', withAsb)?.map((l) => l[0])).toContain('A9');
  });
  it('a place type links only when such a place is inside the target', () => {
    const near = linkTargets([H1], REGISTER, [P('The Bar', 'licensed premises', 530450, 190200)], OPTS).get('H1') ?? [];
    expect(near.map((l) => l.actionId)).not.toContain('A3');
  });
  it('a ward needs the category at least at the mean count per ward, as well as LQ ≥ 1.25', () => {
    // Burglary in W: LQ (12/112)/(100/1000) = 1.07 → no link.
    expect(summary('W')).toEqual([
      ['A2', 'named-place', 350, 'names this ward (Northumberland Park)'],
      ['A3', 'place-type', 300, 'targets the night-time economy; The Salisbury lies in this ward'],
    ]);
    const busy: LinkTarget = { ...WARD, id: 'W2', categoryCounts: { Burglary: 30, 'Other theft': 30 } };
    // LQ 5 but the mean per ward is 100 / 4 = 25 ≤ 30: linked; with 2 wards (mean 50) not.
    expect(
      linkTargets([busy], REGISTER, PLACES, { ...OPTS, wardCount: 4 })
        .get('W2')
        ?.map((l) => l.actionId),
    ).toEqual(['A2', 'A3', 'A8']);
    expect(
      linkTargets([busy], REGISTER, PLACES, { ...OPTS, wardCount: 2 })
        .get('W2')
        ?.map((l) => l.actionId),
    ).toEqual(['A2', 'A3']);
  });
  it('keeps all evidence of a link, strongest first', () => {
    const h: LinkTarget = { ...H1, id: 'Hx', rings: square(530300, 190100, 400) };
    const a1 = linkTargets([h], REGISTER, PLACES, OPTS).get('Hx')?.[0];
    expect(a1?.evidence.map((e) => [e.kind, Math.round(e.strength), e.distance])).toEqual([
      ['named-place', 400, 0],
      ['place-type', 300, 0],
      ['category', 200, null],
    ]);
  });
  it('respects the distance limit for named places', () => {
    const near = linkTargets([H1], REGISTER, PLACES, { ...OPTS, distance: 99 }).get('H1') ?? [];
    expect(near.map((l) => [l.actionId, l.kind])).toEqual([
      ['A1', 'category'],
      ['A8', 'category'],
    ]);
  });
  it('the location quotient', () => {
    expect(locationQuotient(30, 100, 100, 1000)).toBeCloseTo(3, 12);
    expect(locationQuotient(1, 0, 100, 1000)).toBeNull();
  });
});

describe('gaps', () => {
  it('finds hotspots no specific action covers (category links do not cover) and actions whose places lie in no hotspot', () => {
    const g = gaps([H1, H2, H3, WARD], REGISTER, PLACES, OPTS);
    expect(g.hotspotsWithoutAction.map((t) => t.id)).toEqual(['H3']);
    expect(g.actionsWithoutHotspot.map((x) => [x.action.id, x.places])).toEqual([['A5', ['Far Street']]]);
    expect(g.unlocatedActions.map((x) => [x.action.id, x.places])).toEqual([['A6', ['Nowhere Estate']]]);
    const onlyCategory: LinkTarget = { ...H3, id: 'H4', categoryCounts: { Burglary: 40 } };
    expect(gaps([onlyCategory], REGISTER, PLACES, OPTS).hotspotsWithoutAction.map((t) => t.id)).toEqual(['H4']);
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
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const types: Place['type'][] = ['transport hub', 'licensed premises', 'town centre', 'licensed premises'];
    const places: Place[] = [];
    for (let i = 0; i < 600; i++) {
      const x = 530000 + Math.floor(rnd() * 40) * 50; // on a 50 m lattice: equal distances and shared points
      const y = 180000 + Math.floor(rnd() * 40) * 50;
      const type = types[i % types.length];
      const polygon = i % 7 === 0;
      places.push(
        P(
          `Place ${i}`,
          polygon ? (i % 2 ? 'town centre' : 'licensed premises') : type,
          x,
          y,
          polygon ? square(x - 100, y - 100, 150 + (i % 5) * 60) : undefined,
        ),
      );
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
    expect(nearestPlaceLabel(places[3].x, places[3].y, places)).toBe(
      nearestPlaceLabelLinear(places[3].x, places[3].y, places),
    );
    expect(nearestPlaceLabel(places[3].x + 400, places[3].y, places)).toBe(
      nearestPlaceLabelLinear(places[3].x + 400, places[3].y, places),
    );
  });
});
