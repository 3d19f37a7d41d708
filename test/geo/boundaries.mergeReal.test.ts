/**
 * Several ward boundary files read as one ward set, on real data: the GLA 2014 and ONS 2022
 * London wards split by authority into one file each read back together (skipped without the data).
 */
import { expect, it } from 'vitest';
import type { Feature, FeatureCollection } from 'geojson';
import type { WardSet } from '../../src/core/types.ts';
import { readBoundaries, readBoundariesWithReport } from '../../src/io/boundaries.ts';
import type { BoundaryFile } from '../../src/io/boundaries.ts';
import { describeData, readData } from '../helpers/sharedData.ts';
import { json } from './mergeFixtures.ts';

interface Doc {
  type: string;
  features: Feature[];
  [k: string]: unknown;
}

/** The features of a GeoJSON file grouped by one property, each group as its own in-memory file (members other than features kept). */
function splitBy(
  doc: Doc,
  prop: string,
  name: (value: string) => string,
): { files: BoundaryFile[]; counts: Map<string, number> } {
  const groups = new Map<string, Feature[]>();
  for (const f of doc.features) {
    const v = String(f.properties?.[prop]);
    const g = groups.get(v);
    if (g) g.push(f);
    else groups.set(v, [f]);
  }
  const files = [...groups].map(([v, features]) =>
    json(name(v), { ...doc, features } satisfies FeatureCollection | Doc),
  );
  return { files, counts: new Map([...groups].map(([v, g]) => [v, g.length])) };
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z]+/g, '_');

/** Same wards as a set: codes, names and areas (1e-6 relative) by code. */
function expectSameWards(merged: WardSet, whole: WardSet): void {
  expect(merged.count).toBe(whole.count);
  expect([...merged.codes].sort()).toEqual([...whole.codes].sort());
  const at = new Map(whole.codes.map((c, i) => [c, i]));
  let worst = 0;
  for (let i = 0; i < merged.count; i++) {
    const j = at.get(merged.codes[i]) ?? -1;
    expect(merged.names[i]).toBe(whole.names[j]);
    worst = Math.max(worst, Math.abs(merged.area[i] - whole.area[j]) / whole.area[j]);
  }
  expect(worst).toBeLessThan(1e-6);
}

const GLA14 = 'boundaries/wards-2014-gla-london/derived/london_wards_2014_wgs84.geojson';
const ONS22 = 'boundaries/wards-2022-ons-london/london_wards.json';
const parse = (rel: string): Doc => JSON.parse(new TextDecoder().decode(readData(rel))) as Doc;

describeData('GLA London wards 2014 split by BOROUGH into 33 files', GLA14, () => {
  it('read together: the same 654 wards, names and areas as the whole file; London, 33 authorities', () => {
    const whole = readBoundaries([{ name: 'london_wards_2014_wgs84.geojson', bytes: readData(GLA14) }]);
    const { files, counts } = splitBy(parse(GLA14), 'BOROUGH', (b) => `london_wards_2014_${slug(b)}.geojson`);
    expect(files.length).toBe(33);
    const { wards, warnings } = readBoundariesWithReport(files);
    expect(warnings).toEqual([]);
    expect(wards.count).toBe(654);
    expectSameWards(wards, whole);
    expect([wards.meta.borough, wards.meta.boroughs]).toEqual(['London', 33]);
    expect(wards.meta.authorityField).toBe('BOROUGH');
    expect(wards.meta.authorities.length).toBe(33);
    expect(new Map(wards.meta.authorities.map((a) => [a.name, a.wards]))).toEqual(counts);
    expect(wards.meta.authorities).toEqual(whole.meta.authorities);
    expect([wards.meta.codeField, wards.meta.nameField, wards.meta.crs, wards.meta.vintage]).toEqual([
      'GSS_CODE',
      'NAME',
      'EPSG:4326',
      '2014',
    ]);
    expect(wards.meta.file).toMatch(/^33 files: london_wards_2014_kingston_upon_thames\.geojson, .*, …$/);
  });

  it('with the original BNG shapefile too: every ward is in both and counted once (WGS84 rounding is well inside 0.5 m)', () => {
    const esri = ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) => ({
      name: `London_Ward.${e}`,
      bytes: readData(`boundaries/wards-2014-gla-london/raw/esri/London_Ward.${e}`),
    }));
    const shp = readBoundaries(esri);
    const { files } = splitBy(parse(GLA14), 'BOROUGH', (b) => `${slug(b)}.geojson`);
    const { wards, warnings } = readBoundariesWithReport([...esri, ...files]);
    expect(wards.codes).toEqual(shp.codes);
    expect(Array.from(wards.coords)).toEqual(Array.from(shp.coords));
    expect(wards.meta.authorities).toEqual(shp.meta.authorities);
    const counted = warnings.filter(
      (w) =>
        w.level === 'info' &&
        /^E05\d{6} is in both London_Ward\.shp and [a-z_]+\.geojson with the same boundary; counted once$/.test(
          w.message,
        ),
    );
    expect(counted.length).toBe(654);
    expect(warnings.length).toBe(654);
  });
});

describeData('ONS wards 2022 (London) split by LAD22NM', ONS22, () => {
  it("33 files read together: 704 wards, the whole file's codes, names and areas; authorities from LAD22NM", () => {
    const whole = readBoundaries([{ name: 'london_wards.json', bytes: readData(ONS22) }]);
    const { files, counts } = splitBy(parse(ONS22), 'LAD22NM', (b) => `${slug(b)}.json`);
    expect(files.length).toBe(33);
    const { wards, warnings } = readBoundariesWithReport(files);
    expect(warnings).toEqual([]);
    expect(wards.count).toBe(704);
    expectSameWards(wards, whole);
    expect([wards.meta.borough, wards.meta.boroughs, wards.meta.authorityField]).toEqual(['London', 33, 'LAD22NM']);
    expect(new Map(wards.meta.authorities.map((a) => [a.name, a.wards]))).toEqual(counts);
    expect(wards.meta.authorities[0]).toEqual({ name: 'Croydon', wards: 28 });
    expect([wards.meta.codeField, wards.meta.vintage]).toEqual(['WD22CD', '2022']);
  });

  it('five boroughs: borough null, 5 authorities with their ward counts from the raw JSON', () => {
    const doc = parse(ONS22);
    const five = ['Haringey', 'Enfield', 'Barnet', 'Camden', 'Islington'];
    const { files } = splitBy(
      { ...doc, features: doc.features.filter((f) => five.includes(String(f.properties?.LAD22NM))) },
      'LAD22NM',
      (b) => `wards_2022_${slug(b)}.json`,
    );
    expect(files.length).toBe(5);
    // Counted independently, straight from the features.
    const expected = five
      .map((name) => ({ name, wards: doc.features.filter((f) => f.properties?.LAD22NM === name).length }))
      .sort((p, q) => q.wards - p.wards || (p.name < q.name ? -1 : 1));
    const { wards, warnings } = readBoundariesWithReport(files);
    expect(warnings).toEqual([]);
    expect(wards.count).toBe(expected.reduce((s, a) => s + a.wards, 0));
    expect([wards.meta.borough, wards.meta.boroughs]).toEqual([null, 5]);
    expect(wards.meta.authorities).toEqual(expected);
    expect(wards.meta.authorities.find((a) => a.name === 'Haringey')?.wards).toBe(21);
  });
});
