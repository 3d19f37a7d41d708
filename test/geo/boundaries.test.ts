/** Ward boundaries from GeoJSON: area naming, CRS, fields, ring repairs; and the ring self-intersection test. */
import { describe, expect, it } from 'vitest';
import { projectPointLonLat } from '../../src/core/bng.ts';
import { WardIndex } from '../../src/analysis/wardIndex.ts';
import { readBoundaries, readBoundariesWithReport } from '../../src/io/boundaries.ts';
import { ringSelfIntersects } from '../../src/io/boundaryRings.ts';
import { BNG_CRS, fc, json, sq } from './boundaryFixtures.ts';

describe('readBoundaries: GeoJSON', () => {
  it('names the area: one borough (90% of the wards or more), London across its boroughs, else none', () => {
    const LONDON = [
      'Barking and Dagenham',
      'Barnet',
      'Bexley',
      'Brent',
      'Bromley',
      'Camden',
      'City and County of the City of London',
      'Croydon',
      'Ealing',
      'Enfield',
      'Royal Borough of Greenwich',
      'Hackney',
      'Hammersmith & Fulham',
      'Haringey',
      'Harrow',
      'Havering',
      'Hillingdon',
      'Hounslow',
      'Islington',
      'Kensington and Chelsea',
      'Kingston upon Thames',
      'Lambeth',
      'Lewisham',
      'Merton',
      'Newham',
      'Redbridge',
      'Richmond upon Thames',
      'Southwark',
      'Sutton',
      'Tower Hamlets',
      'Waltham Forest',
      'Wandsworth',
      'City of Westminster',
    ];
    const area = (boroughs: string[], key = 'BOROUGH') => {
      const doc = fc(
        boroughs.map((b, i) => ({
          props: { WD13CD: `E${i}`, WD13NM: `W${i}`, [key]: b },
          geometry: { type: 'Polygon', coordinates: [sq(530000 + 1000 * i, 180000, 1000)] },
        })),
        { crs: BNG_CRS },
      );
      const { meta } = readBoundaries([json('wards.geojson', doc)]);
      return [meta.borough, meta.boroughs];
    };
    expect(area([...Array(19).fill('Haringey'), 'Enfield', 'Enfield'])).toEqual(['Haringey', 2]); // 19 of 21: 90.5%
    expect(area([...Array(17).fill('Haringey'), 'Enfield', 'Enfield'])).toEqual([null, 2]); // 17 of 19: 89.5%
    expect(area([...Array(8).fill('Haringey'), 'Enfield', 'Enfield'])).toEqual([null, 2]);
    expect(
      area(
        LONDON.flatMap((b) => [b, b]),
        'DISTRICT',
      ),
    ).toEqual(['London', 33]);
    expect(area(LONDON.slice(0, 29).flatMap((b) => [b, b]))).toEqual([null, 29]);
    expect(area([...LONDON, 'Three Rivers'])).toEqual([null, 34]);
    expect(area(['Haringey', 'Haringey'], 'LAD22NM')).toEqual(['Haringey', 1]);
  });

  it('BNG GeoJSON with a crs member: codes, names, areas with holes and parts, bbox, vintage, borough', () => {
    const doc = fc(
      [
        {
          props: { WD13CD: 'E1', WD13NM: 'One', BOROUGH: 'Haringey' },
          geometry: { type: 'Polygon', coordinates: [sq(530000, 180000, 1000), sq(530200, 180200, 100).reverse()] },
        },
        {
          props: { WD13CD: 'E2', WD13NM: 'Two', BOROUGH: 'Haringey' },
          geometry: { type: 'MultiPolygon', coordinates: [[sq(531000, 180000, 1000)], [sq(540000, 190000, 10)]] },
        },
        {
          props: { WD13CD: 'E3', WD13NM: 'Three', BOROUGH: 'Enfield' },
          geometry: { type: 'Polygon', coordinates: [sq(530200, 180200, 100)] },
        },
      ],
      { crs: BNG_CRS },
    );
    const { wards, warnings } = readBoundariesWithReport([json('wards-2013.geojson', doc)]);
    expect(warnings).toEqual([]);
    expect(wards.count).toBe(3);
    expect(wards.codes).toEqual(['E1', 'E2', 'E3']);
    expect(wards.names).toEqual(['One', 'Two', 'Three']);
    expect(wards.meta.crs).toBe('EPSG:27700');
    expect(wards.meta.crsEvidence).toMatch(/27700/);
    expect(wards.meta.codeField).toBe('WD13CD');
    expect(wards.meta.nameField).toBe('WD13NM');
    expect(wards.meta.vintage).toBe('2013');
    // Two of three wards in one borough is not one borough's ward set (see 'names the area').
    expect([wards.meta.borough, wards.meta.boroughs]).toEqual([null, 2]);
    expect(Array.from(wards.area)).toEqual([1e6 - 1e4, 1e6 + 100, 1e4]);
    expect(Array.from(wards.bbox.subarray(4, 8))).toEqual([531000, 180000, 540010, 190010]);
    // closing vertices are dropped: 4 vertices per ring
    expect(Array.from(wards.ringOffsets)).toEqual([0, 4, 8, 12, 16, 20]);
    expect(Array.from(wards.wardRings)).toEqual([0, 2, 4, 5]);
    // geojson is WGS84, closed rings, outer counter-clockwise
    const g = wards.geojson.features[1];
    expect(g.properties).toEqual({ code: 'E2', name: 'Two', index: 1 });
    expect(g.geometry.type).toBe('MultiPolygon');
    const ring = (wards.geojson.features[0].geometry as import('geojson').Polygon).coordinates[0];
    expect(ring.length).toBe(5);
    expect(ring[0]).toEqual(ring[4]);
    expect(Math.abs(ring[0][0] + 0.13)).toBeLessThan(0.05);
    // the index honours the hole filled by E3
    const idx = WardIndex.build(wards);
    expect(idx.wardAt(530250, 180250)).toBe(2);
    expect(idx.wardAt(530050, 180050)).toBe(0);
    expect(idx.wardAt(540005, 190005)).toBe(1);
  });

  it('WGS84 GeoJSON (no crs member) is detected by range and projected; source lon/lat kept for drawing', () => {
    const ring = [
      [-0.1, 51.5],
      [-0.09, 51.5],
      [-0.09, 51.51],
      [-0.1, 51.51],
      [-0.1, 51.5],
    ];
    const doc = fc([{ props: { code: 'A', name: 'Alpha' }, geometry: { type: 'Polygon', coordinates: [ring] } }]);
    const w = readBoundaries([json('x.json', doc)]);
    expect(w.meta.crs).toBe('EPSG:4326');
    expect(w.meta.crsEvidence).toMatch(/lon\/lat/);
    expect(w.meta.vintage).toBeNull();
    const [x, y] = projectPointLonLat(-0.1, 51.5);
    expect(w.coords[0]).toBe(x);
    expect(w.coords[1]).toBe(y);
    expect((w.geojson.features[0].geometry as import('geojson').Polygon).coordinates[0]).toEqual(ring);
    // ~694 m × 1112 m
    expect(w.area[0]).toBeGreaterThan(0.75e6);
    expect(w.area[0]).toBeLessThan(0.8e6);
  });

  it('ring repairs: unclosed ring closed, < 3 distinct vertices dropped, bow-tie kept with a warning, non-polygons skipped, duplicates reported', () => {
    const doc = fc(
      [
        {
          props: { code: 'U', name: 'Unclosed' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [100, 0],
                [100, 100],
                [0, 100],
              ],
            ],
          },
        },
        {
          props: { code: 'D', name: 'Degenerate' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [200, 0],
                [300, 0],
                [200, 0],
                [300, 0],
              ],
            ],
          },
        },
        {
          props: { code: 'B', name: 'Bow' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [400, 0],
                [500, 100],
                [500, 0],
                [400, 100],
                [400, 0],
              ],
            ],
          },
        },
        { props: { code: 'P', name: 'Point' }, geometry: { type: 'Point', coordinates: [1, 1] } },
        { props: { code: 'U', name: 'Again' }, geometry: { type: 'Polygon', coordinates: [sq(600, 0, 10)] } },
        {
          props: { code: 'H', name: 'Bad hole' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              sq(700, 0, 100),
              [
                [710, 10],
                [720, 10],
                [710, 10],
              ],
            ],
          },
        },
      ],
      { crs: BNG_CRS },
    );
    const { wards, warnings } = readBoundariesWithReport([json('w.geojson', doc)]);
    expect(wards.codes).toEqual(['U', 'B', 'U', 'H']);
    const msg = (feature: number) =>
      warnings
        .filter((w) => w.feature === feature)
        .map((w) => w.message)
        .join(' | ');
    expect(msg(1)).toMatch(/not closed/);
    expect(msg(2)).toMatch(/fewer than 3 distinct/);
    expect(msg(2)).toMatch(/skipped/);
    expect(msg(3)).toMatch(/self-intersecting/);
    expect(msg(4)).toMatch(/not a polygon \(Point\)/);
    expect(msg(5)).toMatch(/duplicate ward code U/);
    expect(msg(6)).toMatch(/hole with fewer than 3/);
    expect(warnings.every((w) => w.file === 'w.geojson')).toBe(true);
    expect(wards.area[0]).toBe(1e4);
    expect(wards.area[3]).toBe(1e4);
    const idx = WardIndex.build(wards);
    expect(idx.wardAt(50, 50)).toBe(0);
    expect(idx.wardAt(410, 50)).toBe(1); // bow-tie lobe
    expect(idx.wardAt(450, 10)).toBe(-1); // between lobes (even–odd)
  });

  it('field detection: lau215cd/lau215nm, lower-case code/name, GSS_CODE/NAME, overrides, clear error', () => {
    const geom = { type: 'Polygon', coordinates: [sq(0, 0, 10)] };
    const opt = { crs: 'EPSG:27700' as const };
    const a = readBoundaries(
      [json('a.json', fc([{ props: { objectid: 1, lau215cd: 'E05000266', lau215nm: 'Alexandra' }, geometry: geom }]))],
      opt,
    );
    expect([a.meta.codeField, a.meta.nameField, a.meta.vintage, a.codes[0], a.names[0]]).toEqual([
      'lau215cd',
      'lau215nm',
      '2015',
      'E05000266',
      'Alexandra',
    ]);
    const b = readBoundaries([json('b.json', fc([{ props: { code: 'X1', name: 'Ex' }, geometry: geom }]))], opt);
    expect([b.meta.codeField, b.meta.nameField, b.names[0]]).toEqual(['code', 'name', 'Ex']);
    const c = readBoundaries(
      [
        json(
          'London-wards-2014.json',
          fc([{ props: { NAME: "St. Ann's", GSS_CODE: 'E05000277', DISTRICT: 'Haringey' }, geometry: geom }]),
        ),
      ],
      opt,
    );
    expect([c.meta.codeField, c.meta.nameField, c.meta.vintage, c.meta.borough]).toEqual([
      'GSS_CODE',
      'NAME',
      '2014',
      'Haringey',
    ]);
    const d = readBoundaries([json('d.json', fc([{ props: { ward: 'W', label: 'Lbl' }, geometry: geom }]))], {
      ...opt,
      codeField: 'ward',
      nameField: 'label',
    });
    expect([d.codes[0], d.names[0]]).toEqual(['W', 'Lbl']);
    expect(() => readBoundaries([json('e.json', fc([{ props: { foo: 1, bar: 2 }, geometry: geom }]))], opt)).toThrow(
      /no ward code field.*available fields: foo, bar/,
    );
    expect(() =>
      readBoundaries([json('e.json', fc([{ props: { foo: 1 }, geometry: geom }]))], { ...opt, codeField: 'nope' }),
    ).toThrow(/"nope" not found.*foo/);
  });

  it('CRS by range: BNG metres; and an unknown range is an error', () => {
    const w = readBoundaries([
      json(
        'm.json',
        fc([{ props: { code: 'A' }, geometry: { type: 'Polygon', coordinates: [sq(530000, 180000, 100)] } }]),
      ),
    ]);
    expect(w.meta.crs).toBe('EPSG:27700');
    expect(w.meta.crsEvidence).toMatch(/British National Grid/);
    expect(w.names[0]).toBe('A');
    expect(() =>
      readBoundaries([
        json(
          'm.json',
          fc([{ props: { code: 'A' }, geometry: { type: 'Polygon', coordinates: [sq(-5e6, 5e6, 100)] } }]),
        ),
      ]),
    ).toThrow(/cannot tell/);
  });
});

describe('ringSelfIntersects', () => {
  const f = (pts: number[][]) => Float64Array.from(pts.flat());
  it('bow-tie yes, square no, self-touching at a vertex no', () => {
    expect(
      ringSelfIntersects(
        f([
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
        ]),
      ),
    ).toBe(true);
    expect(
      ringSelfIntersects(
        f([
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ]),
      ),
    ).toBe(false);
    // figure-eight touching at (2,1) without crossing
    expect(
      ringSelfIntersects(
        f([
          [0, 0],
          [2, 1],
          [4, 0],
          [4, 2],
          [2, 1],
          [0, 2],
        ]),
      ),
    ).toBe(false);
  });
});
