/**
 * Several ward boundary files read as ONE ward set (one file per local authority, as ONS and
 * councils publish them): every source is read with its own CRS, fields and warnings, and the
 * wards are merged in file order; a ward in two files is counted once when the boundaries
 * agree and is an error when they do not. Local-authority names come from each file's
 * authority column (LAD22NM, BOROUGH, …).
 */
import { describe, expect, it } from 'vitest';
import { WardIndex } from '../../src/analysis/wardIndex.ts';
import { readBoundaries, readBoundariesWithReport } from '../../src/io/boundaries.ts';
import type { BoundaryFile } from '../../src/io/boundaries.ts';
import { BNG_PRJ, makeZip, shapefileFiles } from './fileBuilders.ts';
import { BNG_CRS, bngFile, cw, enc, fc, json, sq, ward, wgs } from './mergeFixtures.ts';

describe('readBoundaries: several files, one ward set', () => {
  it('two GeoJSON files with disjoint wards: all wards, in file order, each as its own file reads it', () => {
    // Before several files could be read, only a.geojson was (with a "used a.geojson" warning).
    const a = json(
      'a.geojson',
      fc(
        [
          { props: ward(1), rings: [sq(530000, 180000, 1000), sq(530200, 180200, 100).reverse()] },
          { props: ward(2), rings: [sq(531000, 180000, 1000)] },
        ],
        { crs: BNG_CRS },
      ),
    );
    const b = bngFile('b.geojson', 540000, [ward(3), ward(4)]);
    const { wards, warnings } = readBoundariesWithReport([a, b]);
    expect(warnings).toEqual([]);
    expect(wards.count).toBe(4);
    expect(wards.codes).toEqual(['E05000001', 'E05000002', 'E05000003', 'E05000004']);
    expect(wards.names).toEqual(['Ward 1', 'Ward 2', 'Ward 3', 'Ward 4']);
    expect(wards.meta.file).toBe('2 files: a.geojson, b.geojson');
    const ra = readBoundaries([a]);
    const rb = readBoundaries([b]);
    expect(Array.from(wards.area)).toEqual([...ra.area, ...rb.area]);
    expect(Array.from(wards.area)).toEqual([1e6 - 1e4, 1e6, 1e6, 1e6]);
    expect(Array.from(wards.bbox)).toEqual([...ra.bbox, ...rb.bbox]);
    expect(Array.from(wards.coords)).toEqual([...ra.coords, ...rb.coords]);
    const nra = ra.ringOffsets[ra.ringOffsets.length - 1];
    expect(Array.from(wards.ringOffsets)).toEqual([
      ...ra.ringOffsets,
      ...Array.from(rb.ringOffsets.subarray(1), (o) => o + nra),
    ]);
    expect(Array.from(wards.wardRings)).toEqual([0, 2, 3, 4, 5]);
    expect(wards.geojson.features.map((f) => f.properties)).toEqual(
      wards.codes.map((code, index) => ({ code, name: wards.names[index], index })),
    );
    const idx = WardIndex.build(wards);
    expect(idx.wardAt(541500, 180500)).toBe(3);
    expect(idx.wardAt(530250, 180250)).toBe(-1); // the hole of ward 1
    // The order given is the order kept.
    expect(readBoundaries([b, a]).codes).toEqual(['E05000003', 'E05000004', 'E05000001', 'E05000002']);
  });

  it('meta.file names one file, else counts them and names at most three', () => {
    const files = [1, 2, 3, 4, 5].map((i) => bngFile(`f${i}.geojson`, 500000 + 10000 * i, [ward(i)]));
    expect(readBoundaries(files.slice(0, 1)).meta.file).toBe('f1.geojson');
    expect(readBoundaries(files.slice(0, 3)).meta.file).toBe('3 files: f1.geojson, f2.geojson, f3.geojson');
    expect(readBoundaries(files).meta.file).toBe('5 files: f1.geojson, f2.geojson, f3.geojson, …');
  });

  it('a ward in two files with the same boundary is counted once, with an info warning naming both files', () => {
    const a = bngFile('A.geojson', 530000, [ward(266), ward(1)]);
    const b = json(
      'B.geojson',
      fc(
        [
          { props: ward(266), rings: [sq(530000, 180000, 1000)] },
          { props: ward(2), rings: [sq(540000, 180000, 1000)] },
        ],
        { crs: BNG_CRS },
      ),
    );
    const { wards, warnings } = readBoundariesWithReport([a, b]);
    expect(wards.codes).toEqual(['E05000266', 'E05000001', 'E05000002']);
    expect(warnings).toEqual([
      {
        file: 'B.geojson',
        feature: 1,
        level: 'info',
        message: 'E05000266 is in both A.geojson and B.geojson with the same boundary; counted once',
      },
    ]);
  });

  it('"the same boundary" allows 0.5 m: a WGS84 export rounded to 1e-6°, starting elsewhere and running the other way, is the same ward', () => {
    const ring = [
      [530000, 180000],
      [530400, 180050],
      [531000, 180000],
      [531000, 181000],
      [530000, 181000],
      [530000, 180000],
    ];
    const a = json(
      'bng.geojson',
      fc([{ props: { ...ward(266), WD22NM: "St. Ann's" }, rings: [ring] }], { crs: BNG_CRS }),
    );
    const turned = [...ring.slice(2, 5), ...ring.slice(0, 3)].reverse(); // other start, clockwise
    const b = json('wgs.geojson', fc([{ props: { ...ward(266), WD22NM: "St Ann's" }, rings: [wgs(turned, 6)] }]));
    const { wards, warnings } = readBoundariesWithReport([a, b]);
    expect(wards.count).toBe(1);
    expect(wards.names).toEqual(["St. Ann's"]);
    expect(warnings).toEqual([
      {
        file: 'wgs.geojson',
        feature: 1,
        level: 'info',
        message: `E05000266 is in both bng.geojson and wgs.geojson with the same boundary; counted once (named "St. Ann's" in bng.geojson, "St Ann's" in wgs.geojson; "St. Ann's" kept)`,
      },
    ]);
  });

  it('the same code with a different boundary is an error naming the code and both files', () => {
    const a = bngFile('A.geojson', 530000, [ward(266)]);
    const moved = json('B.geojson', fc([{ props: ward(266), rings: [sq(530005, 180000, 1000)] }], { crs: BNG_CRS }));
    expect(() => readBoundaries([a, moved])).toThrow(
      /^E05000266 is in both A\.geojson and B\.geojson with different boundaries \(vertices up to 5\.0 m from the other file's boundary; 0\.5 m allowed\)/,
    );
    const corner = json(
      'E.geojson',
      fc(
        [
          {
            props: ward(266),
            rings: [
              [
                [530000, 180000],
                [531000, 180000],
                [531000.6, 181000.8],
                [530000, 181000],
                [530000, 180000],
              ],
            ],
          },
        ],
        { crs: BNG_CRS },
      ),
    );
    expect(() => readBoundaries([a, corner])).toThrow(
      /E05000266 is in both A\.geojson and E\.geojson with different boundaries \(vertices up to 1\.0 m/,
    );
    const holed = json(
      'C.geojson',
      fc([{ props: ward(266), rings: [sq(530000, 180000, 1000), sq(530200, 180200, 100).reverse()] }], {
        crs: BNG_CRS,
      }),
    );
    expect(() => readBoundaries([a, holed])).toThrow(
      /E05000266 is in both A\.geojson and C\.geojson with different boundaries \(1 ring against 2\)/,
    );
  });

  it('vertices merged by rounding or added along an edge do not make a different boundary; only distance to the edges counts', () => {
    const a = bngFile('A.geojson', 530000, [ward(266)]);
    // An extra vertex on the south edge, and two vertices 0.1 m apart where A has one corner.
    const more = json(
      'D.geojson',
      fc(
        [
          {
            props: ward(266),
            rings: [
              [
                [530000, 180000],
                [530500, 180000.2],
                [531000, 180000],
                [531000, 180999.9],
                [530999.9, 181000],
                [530000, 181000],
                [530000, 180000],
              ],
            ],
          },
        ],
        { crs: BNG_CRS },
      ),
    );
    const { wards, warnings } = readBoundariesWithReport([a, more]);
    expect(wards.count).toBe(1);
    expect(warnings.map((w) => w.message)).toEqual([
      'E05000266 is in both A.geojson and D.geojson with the same boundary; counted once',
    ]);
  });

  it('duplicate codes within one file keep their warning and are both kept', () => {
    const a = bngFile('a.geojson', 530000, [ward(1), ward(1)]);
    const b = bngFile('b.geojson', 540000, [ward(2)]);
    const { wards, warnings } = readBoundariesWithReport([a, b]);
    expect(wards.codes).toEqual(['E05000001', 'E05000001', 'E05000002']);
    expect(warnings).toEqual([
      { file: 'a.geojson', feature: 2, message: 'duplicate ward code E05000001 (also feature 1); both kept' },
    ]);
  });

  it('WGS84 GeoJSON + BNG GeoJSON with a crs member + a shapefile, each with its own fields, CRS and vintage', () => {
    const w = json(
      'wgs.geojson',
      fc([{ props: { WD22CD: 'E05013585', WD22NM: 'Alexandra Park' }, rings: [wgs(sq(530000, 180000, 1000))] }]),
    );
    const g = json(
      'bng.geojson',
      fc([{ props: { wd16cd: 'E05000100', wd16nm: 'Lower' }, rings: [sq(531000, 180000, 1000)] }], { crs: BNG_CRS }),
    );
    const s = shapefileFiles(
      'wards-2016',
      [[cw(532000, 180000, 1000), cw(532200, 180200, 100).reverse()]],
      [
        { name: 'NAME', type: 'C', length: 20 },
        { name: 'GSS_CODE', type: 'C', length: 9 },
      ],
      [['Shaped', 'E05000200']],
      BNG_PRJ,
    );
    const files = [w, g, ...s];
    const { wards, warnings } = readBoundariesWithReport(files);
    expect(wards.codes).toEqual(['E05013585', 'E05000100', 'E05000200']);
    expect(wards.names).toEqual(['Alexandra Park', 'Lower', 'Shaped']);
    expect(wards.meta.file).toBe('3 files: wgs.geojson, bng.geojson, wards-2016.shp');
    // The first file's fields and CRS; the evidence of each file.
    expect([wards.meta.codeField, wards.meta.nameField, wards.meta.crs]).toEqual(['WD22CD', 'WD22NM', 'EPSG:4326']);
    expect(wards.meta.crsEvidence).toMatch(
      /^wgs\.geojson: EPSG:4326 \(coordinate range .* looks like lon\/lat degrees\); bng\.geojson: EPSG:27700 \(GeoJSON crs member "urn:ogc:def:crs:EPSG::27700"\); wards-2016\.shp: EPSG:27700 \(\.prj PROJCS\["British_National_Grid"/,
    );
    // 2016 (wd16cd; the shapefile's name) twice, 2022 once: 2016, with a warning.
    expect(wards.meta.vintage).toBe('2016');
    expect(warnings).toEqual([
      {
        file: 'wgs.geojson',
        feature: 0,
        message:
          'the boundary files are of different vintages: 2022 (wgs.geojson); 2016 (bng.geojson, wards-2016.shp); 2016, the most common, is taken as the vintage. Wards of different years may overlap or leave gaps',
      },
    ]);
    // Areas as each file alone gives them; the WGS84 square comes back to within a few cm.
    expect(wards.area[0]).toBe(readBoundaries([w]).area[0]);
    expect(Math.abs(wards.area[0] - 1e6)).toBeLessThan(1);
    expect(Array.from(wards.area.subarray(1))).toEqual([1e6, 1e6 - 1e4]);
    const idx = WardIndex.build(wards);
    expect([
      idx.wardAt(530500, 180500),
      idx.wardAt(531500, 180500),
      idx.wardAt(532500, 180500),
      idx.wardAt(532250, 180250),
    ]).toEqual([0, 1, 2, -1]);
    // One file's CRS evidence stands alone; the same for all files is said once.
    const two = readBoundaries([bngFile('p.geojson', 530000, [ward(1)]), bngFile('q.geojson', 540000, [ward(2)])]);
    expect(two.meta.crsEvidence).toBe('GeoJSON crs member "urn:ogc:def:crs:EPSG::27700"');
  });

  it('each file keeps its own ring cleaning and warnings, named by file and feature', () => {
    const a = json(
      'a.geojson',
      fc([{ props: ward(1), rings: [sq(530000, 180000, 1000).slice(0, 4)] }], { crs: BNG_CRS }),
    );
    const b = json(
      'b.geojson',
      fc(
        [
          {
            props: { code: 'X' },
            rings: [
              [
                [0, 0],
                [1, 1],
                [0, 0],
              ],
            ],
          },
          { props: { code: 'Y' }, rings: [sq(540000, 180000, 1000)] },
        ],
        { crs: BNG_CRS },
      ),
    );
    const { wards, warnings } = readBoundariesWithReport([a, b]);
    expect(wards.codes).toEqual(['E05000001', 'Y']);
    expect(warnings).toEqual([
      { file: 'a.geojson', feature: 1, message: 'ring was not closed; closed it' },
      {
        file: 'b.geojson',
        feature: 0,
        message: 'no ward name field found; ward codes used as names (available fields: code)',
      },
      { file: 'b.geojson', feature: 1, message: 'outer ring with fewer than 3 distinct vertices dropped' },
      { file: 'b.geojson', feature: 1, message: 'no valid polygon left; feature skipped' },
    ]);
  });

  it('a file that cannot be read is an error naming it', () => {
    const good = bngFile('good.geojson', 530000, [ward(1)]);
    expect(() =>
      readBoundaries([good, { name: 'cut.geojson', bytes: enc.encode('{"type":"FeatureCollection","features":[{') }]),
    ).toThrow(/^cut\.geojson: not valid JSON/);
    expect(() => readBoundaries([good, json('empty.geojson', { type: 'FeatureCollection', features: [] })])).toThrow(
      /^empty\.geojson: no polygon coordinates found$/,
    );
    expect(() =>
      readBoundaries([good, json('far.geojson', fc([{ props: ward(2), rings: [sq(-5e6, 5e6, 100)] }]))]),
    ).toThrow(/^far\.geojson: cannot tell the coordinate system/);
    expect(() =>
      readBoundaries([
        good,
        json('nocode.geojson', fc([{ props: { foo: 1 }, rings: [sq(530000, 170000, 10)] }], { crs: BNG_CRS })),
      ]),
    ).toThrow(/^nocode\.geojson: no ward code field/);
    // A record claiming 100,000 points reads past the end of the .shp: named, not a raw RangeError.
    const s = shapefileFiles('broken', [[cw(530000, 170000, 10)]], [{ name: 'code', type: 'C', length: 5 }], [['Z']]);
    new DataView(s[0].bytes.buffer).setInt32(148, 100000, true);
    expect(() => readBoundaries([good, ...s])).toThrow(/^broken\.shp: the boundary file is malformed or truncated \(/);
    expect(() => readBoundaries([good, { name: 'bad.zip', bytes: enc.encode('PK\x03\x04 not really a zip') }])).toThrow(
      /^bad\.zip: not a ZIP file/,
    );
  });

  it('zips: a zip may hold several shapefiles; members of one path in two zips keep their own .dbf and get distinct names', () => {
    const fields = [
      { name: 'WD22CD', type: 'C' as const, length: 9 },
      { name: 'WD22NM', type: 'C' as const, length: 10 },
    ];
    const inDir = (d: string, files: BoundaryFile[]) => files.map((f) => ({ name: `${d}/${f.name}`, bytes: f.bytes }));
    const one = makeZip([
      ...inDir(
        'a',
        shapefileFiles(
          'Wards',
          [[cw(530000, 180000, 1000)], [cw(531000, 180000, 1000)]],
          fields,
          [
            ['E05000001', 'One'],
            ['E05000002', 'Two'],
          ],
          BNG_PRJ,
        ),
      ),
      ...inDir('b', shapefileFiles('Wards', [[cw(532000, 180000, 1000)]], fields, [['E05000003', 'Three']], BNG_PRJ)),
    ]);
    const two = makeZip(
      inDir('a', shapefileFiles('Wards', [[cw(533000, 180000, 1000)]], fields, [['E05000004', 'Four']], BNG_PRJ)),
    );
    const { wards, warnings } = readBoundariesWithReport([
      { name: 'one.zip', bytes: one },
      { name: 'two.zip', bytes: two },
    ]);
    expect(warnings).toEqual([]);
    expect(wards.codes).toEqual(['E05000001', 'E05000002', 'E05000003', 'E05000004']);
    expect(wards.names).toEqual(['One', 'Two', 'Three', 'Four']);
    expect(wards.meta.file).toBe('3 files: a/Wards.shp in one.zip, b/Wards.shp, a/Wards.shp in two.zip');
  });

  it('a JSON that is not wards beside a shapefile in one zip is skipped with a warning, as it was before several files were read', () => {
    const shp = shapefileFiles(
      'Wards',
      [[cw(530000, 180000, 1000)]],
      [{ name: 'WD22CD', type: 'C', length: 9 }],
      [['E05000001']],
      BNG_PRJ,
    );
    const zip = makeZip([...shp, { name: 'metadata.json', bytes: enc.encode('{"title":"Wards (December 2022)"}') }]);
    const { wards, warnings } = readBoundariesWithReport([{ name: 'wards.zip', bytes: zip }]);
    expect(wards.codes).toEqual(['E05000001']);
    expect(wards.meta.file).toBe('Wards.shp');
    expect(warnings.map((w) => [w.file, w.message])).toEqual([
      ['Wards.shp', 'no ward name field found; ward codes used as names (available fields: WD22CD)'],
      [
        'metadata.json',
        'not read as ward boundaries (metadata.json: not GeoJSON or TopoJSON (type "undefined")); ignored, the shapefile beside it was read',
      ],
    ]);
  });
});
