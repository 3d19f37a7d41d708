/**
 * Choosing a cube's area (engine/cubeArea.ts) and cutting its wards out (analysis/wardSubset.ts):
 * the choices are the loaded wards' local authorities and all of them; a small or one-authority
 * set opens without a choice; an authority's wards keep their rings and the same point-in-ward
 * answers as in the whole set.
 */
import { describe, expect, it } from 'vitest';
import { ALL_WARDS, areaChoices, areaWards, defaultArea } from '../../src/engine/cubeArea.ts';
import { WardIndex } from '../../src/analysis/wardIndex.ts';
import { makeWardSet, square } from '../geo/wardSetFixture.ts';

function fixture(n: number, authority: (w: number) => string | null) {
  const w = makeWardSet(
    Array.from({ length: n }, (_, i) => [square(1000 * (i % 10), 1000 * Math.floor(i / 10), 1000)]),
  );
  w.geojson = {
    type: 'FeatureCollection',
    features: w.codes.map((code, index) => ({
      type: 'Feature',
      properties: { code, name: code, index },
      geometry: { type: 'Point', coordinates: [0, 0] },
    })),
  };
  w.authority = w.codes.map((_, i) => authority(i));
  return w;
}

describe('cube areas', () => {
  it('lists each authority and all wards; opens a one-authority or small set at once, asks for a large mixed one', () => {
    const mixed = fixture(100, (i) => (i < 30 ? 'Haringey' : i < 80 ? 'Camden' : null));
    expect(areaChoices(mixed).map((c) => c.label)).toEqual([
      'Camden (50 wards)',
      'Haringey (30 wards)',
      'All 100 loaded wards',
    ]);
    expect(defaultArea(mixed)).toBeNull();
    expect(defaultArea(fixture(100, () => 'Leeds'))).toBe('Leeds');
    expect(defaultArea(fixture(20, (i) => (i % 2 ? 'A' : 'B')))).toBe(ALL_WARDS);
    expect(() => areaWards(mixed, 'Barnet')).toThrow(/no loaded ward is in "Barnet"/);
  });

  it("an authority's wards are a ward set of their own with the same shapes", () => {
    const mixed = fixture(100, (i) => (i % 3 === 0 ? 'Haringey' : 'Camden'));
    const h = areaWards(mixed, 'Haringey');
    expect(h.count).toBe(34);
    expect(h.codes).toEqual(mixed.codes.filter((_, i) => i % 3 === 0));
    expect(h.meta.borough).toBe('Haringey');
    expect(h.meta.authorities).toEqual([{ name: 'Haringey', wards: 34 }]);
    expect(h.geojson.features.map((f) => f.properties?.index)).toEqual(Array.from({ length: 34 }, (_, i) => i));
    const whole = WardIndex.build(mixed);
    const part = WardIndex.build(h);
    for (let k = 0; k < 400; k++) {
      const x = 37 + 25 * k;
      const y = 113 + 24.7 * k;
      const w = whole.wardAt(x, y);
      const p = part.wardAt(x, y);
      expect(p >= 0 ? h.codes[p] : null).toBe(w >= 0 && w % 3 === 0 ? mixed.codes[w] : null);
    }
    expect(areaWards(mixed, ALL_WARDS)).toBe(mixed);
  });
});
