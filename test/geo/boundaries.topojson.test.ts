/** Ward boundaries from TopoJSON: quantised arcs, the polygon object picked, feature ids as codes. */
import { describe, expect, it } from 'vitest';
import { projectPointLonLat } from '../../src/core/bng.ts';
import { WardIndex } from '../../src/analysis/wardIndex.ts';
import { readBoundaries, readBoundariesWithReport } from '../../src/io/boundaries.ts';
import { json } from './boundaryFixtures.ts';

describe('readBoundaries: TopoJSON', () => {
  // Two unit squares sharing an edge, quantised with a transform; the larger object wins.
  // Arcs (delta-encoded, quantised): 0 = shared edge (1,0)→(1,1); 1 = left square rest; 2 = right square rest.
  const topo = {
    type: 'Topology',
    transform: { scale: [0.001, 0.001], translate: [-0.2, 51.5] },
    objects: {
      tiny: { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [0, 0] }] },
      wards: {
        type: 'GeometryCollection',
        geometries: [
          { type: 'Polygon', id: 'E05000001', properties: { WD13NM: 'West' }, arcs: [[0, 1]] },
          { type: 'Polygon', id: 'E05000002', properties: { WD13NM: 'East' }, arcs: [[2, ~0]] },
          { type: 'LineString', id: 'L', arcs: [0] },
        ],
      },
    },
    arcs: [
      [
        [10, 0],
        [0, 10],
      ], // (10,0) → (10,10)
      [
        [10, 10],
        [-10, 0],
        [0, -10],
        [10, 0],
      ], // (10,10) → (0,10) → (0,0) → (10,0)
      [
        [10, 0],
        [10, 0],
        [0, 10],
        [-10, 0],
      ], // (10,0) → (20,0) → (20,10) → (10,10)
    ],
  };

  it('decodes the transform, picks the polygon object, uses feature ids as codes', () => {
    const { wards, warnings } = readBoundariesWithReport([json('topo.json', topo)]);
    expect(wards.count).toBe(2);
    expect(wards.codes).toEqual(['E05000001', 'E05000002']);
    expect(wards.names).toEqual(['West', 'East']);
    expect(wards.meta.codeField).toBe('id');
    expect(wards.meta.crs).toBe('EPSG:4326');
    expect(warnings.some((w) => /used "wards"/.test(w.message))).toBe(true);
    expect(warnings.some((w) => /LineString/.test(w.message))).toBe(true);
    const g = wards.geojson.features[1].geometry as import('geojson').Polygon;
    const xs = g.coordinates[0].map((p) => p[0]);
    expect(Math.min(...xs)).toBeCloseTo(-0.19, 12);
    expect(Math.max(...xs)).toBeCloseTo(-0.18, 12);
    // the shared edge projects to identical BNG vertices in both wards, so no gap and no overlap
    const idx = WardIndex.build(wards);
    const [mx, my] = projectPointLonLat(-0.19, 51.505);
    expect(idx.wardAt(mx, my)).toBe(1); // on the shared north–south edge → east ward
    const [wx, wy] = projectPointLonLat(-0.195, 51.505);
    expect(idx.wardAt(wx, wy)).toBe(0);
  });

  it('options.object selects an object; an unknown one is an error', () => {
    expect(() => readBoundaries([json('topo.json', topo)], { object: 'nope' })).toThrow(/objects: tiny, wards/);
    expect(() => readBoundaries([json('topo.json', topo)], { object: 'tiny' })).toThrow(/no ward code|no polygon/);
  });
});
