import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { packedRingsOf, packPolygons, unpackPolygons } from '../../src/worker/packedGeometry.ts';
import { AreaOutlines, AreaPicker, lonLatRings } from '../../src/app/map/outlineGeometry.ts';

const collection = (): FeatureCollection => ({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { id: 'H1', count: 3 },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [4, 0],
            [4, 4],
            [0, 4],
            [0, 0],
          ],
          [
            [1, 1],
            [1, 2],
            [2, 2],
            [1, 1],
          ],
        ],
      },
    },
    { type: 'Feature', properties: { id: 'P' }, geometry: { type: 'Point', coordinates: [9, 9] } },
    {
      type: 'Feature',
      properties: { id: 'M' },
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [10, 0],
              [11, 0],
              [11, 1],
              [10, 0],
            ],
          ],
          [
            [
              [20, 0],
              [22, 0],
              [22, 2],
              [20, 0],
            ],
            [
              [20.5, 0.2],
              [21, 0.2],
              [21, 0.5],
              [20.5, 0.2],
            ],
          ],
        ],
      },
    },
    { type: 'Feature', properties: { id: 'N' }, geometry: null as never },
  ],
});

describe('packed polygon coordinates (worker → page)', () => {
  it('round-trips through a structured clone to the same GeoJSON, geometry built on first access', () => {
    const original = collection();
    const sent = collection();
    const rings = packPolygons(sent);
    expect(sent.features[0].geometry).toBeNull(); // nothing nested left to clone
    expect(sent.features[1].geometry).toEqual({ type: 'Point', coordinates: [9, 9] });
    expect(rings.coords.length).toBe(2 * (5 + 4 + 4 + 4 + 4));
    const received = structuredClone(sent);
    const r2 = structuredClone(rings);
    unpackPolygons(received, r2);
    expect(packedRingsOf(received)).toBe(r2);
    expect(JSON.parse(JSON.stringify(received))).toEqual(original);
    expect(received.features[2].geometry).toEqual(original.features[2].geometry);
  });

  it('gives the map the same rings and areas packed or not', () => {
    const plain = collection();
    const sent = collection();
    const rings = packPolygons(sent);
    const received = unpackPolygons(structuredClone(sent), structuredClone(rings));
    expect(lonLatRings(received).map((f) => f.map((r) => Array.from(r)))).toEqual(
      lonLatRings(plain).map((f) => f.map((r) => Array.from(r))),
    );
    expect(Array.from(new AreaOutlines(received).segments(0).segments)).toEqual(
      Array.from(new AreaOutlines(plain).segments(0).segments),
    );
    // Projected to Web Mercator in the worker: the same outlines.
    const sentM = collection();
    const withM = unpackPolygons(structuredClone(sentM), structuredClone(packPolygons(sentM, true)));
    expect(packedRingsOf(withM)?.mercator?.length).toBe(rings.coords.length);
    expect(Array.from(new AreaOutlines(withM).segments(0).segments)).toEqual(
      Array.from(new AreaOutlines(plain).segments(0).segments),
    );
    const a = new AreaPicker(received);
    const b = new AreaPicker(plain);
    for (const [x, y] of [
      [0.5, 0.5],
      [1.2, 1.5],
      [3, 3],
      [10.5, 0.2],
      [20.2, 1.5],
      [20.9, 0.3],
      [9, 9],
    ])
      expect(a.at(x, y)).toBe(b.at(x, y));
    expect(a.at(0.5, 0.5)).toBe(0);
    expect(a.at(1.2, 1.5)).toBe(-1); // in the hole
    expect(a.at(20.2, 1.5)).toBe(-1); // outside the second part's triangle
    expect(a.at(20.9, 0.3)).toBe(-1); // in its hole
    expect(a.at(21.8, 0.3)).toBe(2);
  });
});
