/**
 * Several ward boundary files read as one ward set: local-authority names and counts from each
 * file's authority column (LAD22NM, BOROUGH, …), and the borough of the merged wards.
 */
import { describe, expect, it } from 'vitest';
import { readBoundaries } from '../../src/io/boundaries.ts';
import { bngFile, ward } from './mergeFixtures.ts';

describe('readBoundaries: local authorities across files', () => {
  it('authorities counted from LAD22NM in one file and BOROUGH in another; borough from the merged wards', () => {
    const a = bngFile(
      'a.geojson',
      530000,
      [1, 2, 3].map((i) => ward(i, { LAD22NM: 'Haringey' })),
    );
    const b = bngFile('b.geojson', 540000, [
      ward(4, { BOROUGH: 'Enfield' }),
      ward(5, { BOROUGH: 'Enfield' }),
      ward(6, { BOROUGH: 'Barnet ' }),
    ]);
    const w = readBoundaries([a, b]);
    expect(w.meta.authorityField).toBe('LAD22NM, BOROUGH');
    expect(w.meta.authorities).toEqual([
      { name: 'Haringey', wards: 3 },
      { name: 'Enfield', wards: 2 },
      { name: 'Barnet', wards: 1 },
    ]);
    expect([w.meta.borough, w.meta.boroughs]).toEqual([null, 3]);
    // Each file alone is one authority; together, 19 of 21 wards (≥ 90%) are Haringey's.
    const h = bngFile(
      'h.geojson',
      500000,
      Array.from({ length: 19 }, (_, i) => ward(i + 1, { LAD22NM: 'Haringey' })),
    );
    const e = bngFile('e.geojson', 550000, [ward(30, { BOROUGH: 'Enfield' }), ward(31, { BOROUGH: 'Enfield' })]);
    expect(readBoundaries([e]).meta.borough).toBe('Enfield');
    const he = readBoundaries([h, e]);
    expect([he.meta.borough, he.meta.boroughs]).toEqual(['Haringey', 2]);
    expect(he.meta.authorities).toEqual([
      { name: 'Haringey', wards: 19 },
      { name: 'Enfield', wards: 2 },
    ]);
    // A ward counted once is one ward of its authority.
    const again = readBoundaries([h, bngFile('h2.geojson', 500000, [ward(1, { BOROUGH: 'Haringey' })])]);
    expect(again.meta.authorities).toEqual([{ name: 'Haringey', wards: 19 }]);
    expect(again.meta.authorityField).toBe('LAD22NM, BOROUGH');
  });

  it('authority fields in any case and spelling; ties in ward count go by name', () => {
    for (const field of [
      'BOROUGH',
      'District',
      'lad16nm',
      'LAD_NAME',
      'la_name',
      'LANAME',
      'LOCAL_AUTHORITY',
      'LocalAuthority',
      'Borough',
      'AREA',
    ]) {
      const w = readBoundaries([
        bngFile('x.geojson', 530000, [ward(1, { [field]: 'Sefton' }), ward(2, { [field]: 'Knowsley' })]),
      ]);
      expect([field, w.meta.authorityField, w.meta.authorities]).toEqual([
        field,
        field,
        [
          { name: 'Knowsley', wards: 1 },
          { name: 'Sefton', wards: 1 },
        ],
      ]);
    }
    // BOROUGH comes before AREA; an empty column gives way to the next.
    const both = readBoundaries([
      bngFile('x.geojson', 530000, [ward(1, { AREA: 'North', BOROUGH: '', DISTRICT: 'Wirral' })]),
    ]);
    expect(both.meta.authorityField).toBe('DISTRICT');
  });

  it('no authority field: authorities [] and authorityField null; wards of a file without one name none', () => {
    const a = bngFile('a.geojson', 530000, [ward(1), ward(2)]);
    const b = bngFile('b.geojson', 540000, [ward(3)]);
    const none = readBoundaries([a, b]);
    expect([none.meta.authorities, none.meta.authorityField, none.meta.borough, none.meta.boroughs]).toEqual([
      [],
      null,
      null,
      0,
    ]);
    expect(readBoundaries([a]).meta.authorities).toEqual([]);
    const some = readBoundaries([a, bngFile('c.geojson', 550000, [ward(4, { LAD22NM: 'Sefton' })])]);
    expect([some.meta.authorities, some.meta.authorityField, some.meta.borough, some.meta.boroughs]).toEqual([
      [{ name: 'Sefton', wards: 1 }],
      'LAD22NM',
      'Sefton',
      1,
    ]);
  });
});
