import { describe, expect, it } from 'vitest';
import { projectPointLonLat } from '../../src/core/bng.ts';
import { WardIndex } from '../../src/analysis/wardIndex.ts';
import { readBoundaries, readBoundariesWithReport } from '../../src/io/boundaries.ts';
import { ringSelfIntersects } from '../../src/io/boundaryRings.ts';
import { readPopulation, readPopulationWithReport } from '../../src/io/population.ts';
import { BNG_PRJ, WGS84_PRJ, makeDbf, makeShp, makeZip } from './fileBuilders.ts';

const enc = new TextEncoder();
const json = (name: string, doc: unknown) => ({ name, bytes: enc.encode(JSON.stringify(doc)) });
const sq = (x: number, y: number, s: number): number[][] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];
const BNG_CRS = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } };

function fc(
  features: { props: Record<string, unknown>; geometry: unknown; id?: string }[],
  extra: Record<string, unknown> = {},
) {
  return {
    type: 'FeatureCollection',
    ...extra,
    features: features.map((f) => ({ type: 'Feature', id: f.id, properties: f.props, geometry: f.geometry })),
  };
}

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

describe('readBoundaries: shapefiles built by hand', () => {
  // Two squares (outer rings clockwise, as ESRI requires); the first has a counter-clockwise hole.
  const cw = (x: number, y: number, s: number) => [
    [x, y],
    [x, y + s],
    [x + s, y + s],
    [x + s, y],
    [x, y],
  ];
  const ccw = (x: number, y: number, s: number) => cw(x, y, s).reverse();
  const { shp, shx } = makeShp([[cw(530000, 180000, 1000), ccw(530100, 180100, 100)], [cw(531000, 180000, 1000)]]);
  const dbf = makeDbf(
    [
      { name: 'NAME', type: 'C', length: 20 },
      { name: 'GSS_CODE', type: 'C', length: 9 },
      { name: 'HECTARES', type: 'N', length: 12, decimals: 3 },
      { name: 'BOROUGH', type: 'C', length: 10 },
    ],
    [
      ['Crouch End', 'E05000269', 99, 'Haringey'],
      ['Hornsey', 'E05000273', 100, 'Haringey'],
    ],
  );
  const loose = [
    { name: 'Wards.shp', bytes: shp },
    { name: 'Wards.shx', bytes: shx },
    { name: 'Wards.dbf', bytes: dbf },
    { name: 'Wards.prj', bytes: enc.encode(BNG_PRJ) },
    { name: 'Wards.cpg', bytes: enc.encode('UTF-8') },
  ];

  it('loose .shp/.dbf/.prj: fields, CRS from .prj, holes grouped with their outer ring', () => {
    const { wards, warnings } = readBoundariesWithReport(loose);
    expect(warnings).toEqual([]);
    expect(wards.codes).toEqual(['E05000269', 'E05000273']);
    expect(wards.names).toEqual(['Crouch End', 'Hornsey']);
    expect(wards.meta.crs).toBe('EPSG:27700');
    expect(wards.meta.crsEvidence).toMatch(/British_National_Grid/);
    expect(wards.meta.borough).toBe('Haringey');
    expect(Array.from(wards.area)).toEqual([1e6 - 1e4, 1e6]);
    const g0 = wards.geojson.features[0].geometry as import('geojson').Polygon;
    expect(g0.type).toBe('Polygon');
    expect(g0.coordinates.length).toBe(2);
  });

  it('the same files zipped (deflate, in a folder) give the same wards', () => {
    const z = makeZip(loose.map((f) => ({ name: `London-wards/${f.name}`, bytes: f.bytes })));
    const a = readBoundaries(loose);
    const b = readBoundaries([{ name: 'wards.zip', bytes: z }]);
    expect(b.codes).toEqual(a.codes);
    expect(Array.from(b.coords)).toEqual(Array.from(a.coords));
    expect(b.meta.file).toBe('London-wards/Wards.shp');
  });

  it('a WGS84 .prj is honoured over the range check; an unknown projection is an error', () => {
    const ll = makeShp([[cw(-0.1, 51.5, 0.01)]]);
    const d = makeDbf([{ name: 'code', type: 'C', length: 5 }], [['Z']]);
    const w = readBoundaries([
      { name: 'a.shp', bytes: ll.shp },
      { name: 'a.dbf', bytes: d },
      { name: 'a.prj', bytes: enc.encode(WGS84_PRJ) },
    ]);
    expect(w.meta.crs).toBe('EPSG:4326');
    expect(w.meta.crsEvidence).toMatch(/GCS_WGS_1984/);
    expect(() =>
      readBoundaries([
        { name: 'a.shp', bytes: ll.shp },
        { name: 'a.dbf', bytes: d },
        { name: 'a.prj', bytes: enc.encode('PROJCS["WGS_84_Pseudo_Mercator",GEOGCS["GCS_WGS_1984"]]') },
      ]),
    ).toThrow(/unsupported projection/);
  });

  it('nothing usable is a clear error', () => {
    expect(() => readBoundaries([{ name: 'x.dbf', bytes: dbf }])).toThrow(/needs its .shp/);
    expect(() => readBoundaries([{ name: 'x.txt', bytes: enc.encode('hello') }])).toThrow(/no boundary file/);
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

describe('readPopulation', () => {
  it('code,population', () => {
    const m = readPopulation('code,population\nE1,100\r\nE2,"1,234"\n');
    expect([...m]).toEqual([
      ['E1', 100],
      ['E2', 1234],
    ]);
  });
  it('other headers, Year column: latest year not after today, or the year asked for', () => {
    const text =
      'Ward_Code,Borough,Year,Population\nE1,H,2016,10\nE1,H,2017,11\nE1,H,2030,99\nE2,H,2017,20\nE2,H,2016,19\n';
    const r = readPopulationWithReport(text, { now: new Date('2017-06-01') });
    expect(r.year).toBe(2017);
    expect([...r.population]).toEqual([
      ['E1', 11],
      ['E2', 20],
    ]);
    expect([r.codeColumn, r.populationColumn]).toEqual(['Ward_Code', 'Population']);
    // The load-time message names the table's years, not a year (the session picks one per window).
    expect(r.warnings[0]).toMatch(/has 3 years \(2016–2030\): rates use the year in which the analysis window ends/);
    expect([...readPopulation(text, { year: 2016 })]).toEqual([
      ['E1', 10],
      ['E2', 19],
    ]);
    expect(() => readPopulation(text, { year: 2000 })).toThrow(/no rows for 2000/);
  });
  it('missing columns are named in the error', () => {
    expect(() => readPopulation('a,b\n1,2\n')).toThrow(/no ward code column \(columns: a, b\)/);
  });
});
