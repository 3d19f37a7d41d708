import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeData, dataPath } from '../helpers/sharedData.ts';
import { readPlaces } from '../../src/io/places.ts';
import { nearestPlaceLabel } from '../../src/analysis/actions/label.ts';

const STATIONS = 'places/stations/london-combined-630/london_combinedstations_630.json';
const CENTRES = 'places/town-centres/gla-town-centre-boundaries/town_centres.geojson';
const FHRS = 'places/night-time-economy/fhrs-2020-07/derived/london_fhrs_2020-07_pubs_bars_nightclubs_takeaways.csv';
const read = (rel: string, opts = {}) =>
  readPlaces(rel.split('/').pop() as string, new Uint8Array(readFileSync(dataPath(rel))), opts);

describeData('places from the London stations file', STATIONS, () => {
  const stations = read(STATIONS);
  it('reads all 630 stations as transport hubs', () => {
    expect(stations).toHaveLength(630);
    expect(new Set(stations.map((s) => s.type))).toEqual(new Set(['transport hub']));
  });
  it('projects Seven Sisters to within 10 m of the BNG point in the CSV twin (533642.8, 188959.2)', () => {
    const ss = stations.filter((s) => s.name === 'Seven Sisters');
    expect(ss).toHaveLength(1);
    expect(Math.hypot(ss[0].x - 533642.77, ss[0].y - 188959.21)).toBeLessThan(10);
  });
  it('labels Haringey hotspot points by their station', () => {
    // 150 m north of Seven Sisters; Bruce Grove (Overground) is ~1.1 km away.
    expect(nearestPlaceLabel(533643, 189109, stations)).toBe('around Seven Sisters station');
    expect(nearestPlaceLabel(533643, 190500, stations, 400)).toBeNull();
  });
});

describeData('places from the GLA town centres file', CENTRES, () => {
  const centres = read(CENTRES);
  it('reads 234 town-centre polygons', () => {
    expect(centres).toHaveLength(234);
    expect(centres.every((c) => c.type === 'town centre' && (c.rings?.length ?? 0) > 0)).toBe(true);
  });
  it('puts Wood Green station inside Wood Green town centre', () => {
    const stations = read(STATIONS);
    const wg = stations.find((s) => s.name === 'Wood Green');
    expect(wg).toBeDefined();
    expect(nearestPlaceLabel(wg?.x ?? 0, wg?.y ?? 0, [...centres, ...stations])).toBe('in Wood Green town centre');
  });
});

describeData('places from the London FHRS extract', FHRS, () => {
  it('reads pubs, bars and nightclubs as licensed premises and skips takeaways by default', () => {
    const pubs = read(FHRS);
    expect(pubs).toHaveLength(4376);
    expect(new Set(pubs.map((p) => p.type))).toEqual(new Set(['licensed premises']));
  });
  it('reads takeaways as night-time economy when asked', () => {
    const all = read(FHRS, { takeaways: true });
    expect(all.filter((p) => p.type === 'night-time economy')).toHaveLength(7318);
  });
});
