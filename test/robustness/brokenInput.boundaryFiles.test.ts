/**
 * Broken and awkward ward boundary files, at session level, loaded after good data: repaired,
 * replaced with a message, or one error naming the file; crimes already loaded are kept and
 * re-assigned (see brokenInputSession.ts).
 */
import { describe, expect, it } from 'vitest';
import { unprojectPointBng } from '../../src/core/bng.ts';
import { BNG_PRJ, makeDbf, makeShp, makeZip } from '../geo/fileBuilders.ts';
import {
  ALL,
  before,
  conserved,
  enc,
  freshSessionEachTest,
  load,
  only,
  s,
  square,
  unchanged,
  wardCounts,
  wardsGeojson,
  wgs,
} from './brokenInputSession.ts';

freshSessionEachTest();

describe('boundary files', () => {
  const cw = (x: number, y: number, sz: number) => [
    [x, y],
    [x, y + sz],
    [x + sz, y + sz],
    [x + sz, y],
    [x, y],
  ];
  const ccw = (x: number, y: number, sz: number) => cw(x, y, sz).reverse();
  const dbf = makeDbf(
    [
      { name: 'WD23CD', type: 'C', length: 9 },
      { name: 'WD23NM', type: 'C', length: 20 },
    ],
    [
      ['E05000011', 'Holed West'],
      ['E05000012', 'East'],
    ],
  );

  it('a shapefile with a hole and no .prj (CRS from the range): the crimes in the hole move to outside-wards, none lost', () => {
    const { shp, shx } = makeShp([[cw(530000, 180000, 1000), ccw(530300, 180300, 400)], [cw(531000, 180000, 1000)]]);
    const r = s.addFiles([
      { name: 'w.shp', bytes: shp },
      { name: 'w.shx', bytes: shx },
      { name: 'w.dbf', bytes: dbf },
    ]);
    expect(only(r.messages, 'error')).toEqual([]);
    const res = s.run(ALL);
    expect(res.wardFile.crs).toBe('EPSG:27700');
    expect(res.wardFile.vintage).toBe('2023');
    // (530500,180500) and (530400,180600) lie in the hole.
    expect(wardCounts(res)).toEqual([
      ['E05000012', 'East', 3],
      ['E05000011', 'Holed West', 0],
    ]);
    expect(s.report().rejected['outside-wards']).toBe(2);
    expect(res.input.rowsRead).toBe(before.input.rowsRead);
    conserved(s);
    expect(
      r.messages.some(
        (m) =>
          m.level === 'info' &&
          /replaces the ward boundaries from wards\.geojson \(2 wards, 2022 boundaries\)/.test(m.message),
      ),
    ).toBe(true);
  });

  it('zipped shapefile with .prj, and a multipolygon ward in GeoJSON', () => {
    const { shp, shx } = makeShp([[cw(530000, 180000, 1000)], [cw(531000, 180000, 1000)]]);
    const zip = makeZip([
      { name: 'w/w.shp', bytes: shp },
      { name: 'w/w.shx', bytes: shx },
      { name: 'w/w.dbf', bytes: dbf },
      { name: 'w/w.prj', bytes: enc(BNG_PRJ) },
    ]);
    expect(only(s.addFiles([{ name: 'w.zip', bytes: zip }]).messages, 'error')).toEqual([]);
    expect(s.run(ALL).totalInWards).toBe(5);
    const multi = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { WD24CD: 'E05000099', WD24NM: 'Both' },
          geometry: {
            type: 'MultiPolygon',
            coordinates: [[wgs(square(530000, 180000))], [wgs(square(531000, 180000))]],
          },
        },
      ],
    });
    expect(only(s.addFiles([{ name: 'multi.geojson', bytes: enc(multi) }]).messages, 'error')).toEqual([]);
    const res = s.run(ALL);
    expect(wardCounts(res)).toEqual([['E05000099', 'Both', 5]]);
    expect(res.wardFile.vintage).toBe('2024');
    conserved(s);
  });

  it('unclosed and self-intersecting rings: repaired or kept with a warning naming the feature', () => {
    const unclosed = wgs(square(530000, 180000)).slice(0, 4);
    const bowtie = wgs([
      [531000, 180000],
      [532000, 181000],
      [532000, 180000],
      [531000, 181000],
      [531000, 180000],
    ]);
    const fc = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { WD22CD: 'E05000001', WD22NM: 'Open' },
          geometry: { type: 'Polygon', coordinates: [unclosed] },
        },
        {
          type: 'Feature',
          properties: { WD22CD: 'E05000002', WD22NM: 'Bowtie' },
          geometry: { type: 'Polygon', coordinates: [bowtie] },
        },
      ],
    });
    const r = s.addFiles([{ name: 'rings.geojson', bytes: enc(fc) }]);
    expect(only(r.messages, 'error')).toEqual([]);
    // Features are named by their 1-based position in the file.
    expect(only(r.messages, 'warning')).toEqual([
      { level: 'warning', file: 'rings.geojson', line: 0, message: '1: ring was not closed; closed it' },
      {
        level: 'warning',
        file: 'rings.geojson',
        line: 0,
        message: '2: self-intersecting ring kept; membership follows the even–odd rule',
      },
    ]);
    expect(s.run(ALL).wards.find((w) => w.name === 'Open')?.count).toBe(2);
    conserved(s);
    expect(s.report().rowsRead).toBe(before.input.rowsRead);
  });

  it('TopoJSON with a quantisation transform', () => {
    const [x0, y0] = unprojectPointBng(530000, 180000);
    const [x1, y1] = unprojectPointBng(532000, 181000);
    const q = 1000;
    const topo = {
      type: 'Topology',
      transform: { scale: [(x1 - x0) / q, (y1 - y0) / q], translate: [x0, y0] },
      objects: {
        wards: {
          type: 'GeometryCollection',
          geometries: [{ type: 'Polygon', id: 'E05000077', properties: { WD21NM: 'Whole' }, arcs: [[0]] }],
        },
      },
      arcs: [
        [
          [0, 0],
          [q, 0],
          [0, q],
          [-q, 0],
          [0, -q],
        ],
      ],
    };
    const r = s.addFiles([{ name: 'wards.topojson', bytes: enc(JSON.stringify(topo)) }]);
    expect(only(r.messages, 'error')).toEqual([]);
    const res = s.run(ALL);
    expect(wardCounts(res)).toEqual([['E05000077', 'Whole', 5]]);
    conserved(s);
  });

  it('broken boundary files: one error naming the file; the wards and results already loaded stay', () => {
    for (const [name, bytes] of [
      ['empty.geojson', enc('{"type":"FeatureCollection","features":[]}')],
      ['cut.geojson', enc(wardsGeojson().slice(0, 200))],
      [
        'far.geojson',
        enc(
          JSON.stringify({
            type: 'FeatureCollection',
            features: [
              {
                type: 'Feature',
                properties: { code: 'X', name: 'Y' },
                geometry: {
                  type: 'Polygon',
                  coordinates: [
                    [
                      [5e7, 5e7],
                      [6e7, 5e7],
                      [6e7, 6e7],
                      [5e7, 5e7],
                    ],
                  ],
                },
              },
            ],
          }),
        ),
      ],
      ['lonely.dbf', dbf],
      ['bad.zip', enc('PK\x03\x04 not really a zip')],
    ] as const) {
      const r = load(name, bytes);
      expect(only(r.messages, 'error').length).toBe(1);
      unchanged();
    }
  });

  it('mixed vintages: a second boundary file replaces the first, says so, and re-assigns every crime', () => {
    const r = s.addFiles([
      { name: 'wards-2024.geojson', bytes: enc(wardsGeojson('WD24', ['West (2024)', 'East (2024)'])) },
    ]);
    expect(r.messages).toEqual([
      {
        level: 'info',
        file: 'wards-2024.geojson',
        line: 0,
        message:
          'replaces the ward boundaries from wards.geojson (2 wards, 2022 boundaries) with 2 wards, 2024 boundaries; crimes already loaded are re-assigned to the new wards',
      },
    ]);
    const res = s.run(ALL);
    expect(res.wardFile).toMatchObject({ file: 'wards-2024.geojson', vintage: '2024' });
    expect(res.provenance).toMatch(/wards-2024\.geojson \(2 wards, 2024 boundaries/);
    expect(res.wards.map((w) => w.count).sort()).toEqual(before.wards.map((w) => w.count).sort());
    expect(res.input.rowsRead).toBe(before.input.rowsRead);
    expect(res.totalInWards).toBe(before.totalInWards);
    conserved(s);
  });
});
