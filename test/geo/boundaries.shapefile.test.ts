/** Ward boundaries from shapefiles built by hand: loose and zipped, .prj CRS, holes, clear errors. */
import { describe, expect, it } from 'vitest';
import { readBoundaries, readBoundariesWithReport } from '../../src/io/boundaries.ts';
import { BNG_PRJ, WGS84_PRJ, makeDbf, makeShp, makeZip } from './fileBuilders.ts';
import { enc } from './boundaryFixtures.ts';

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
