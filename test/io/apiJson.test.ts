import { describe, expect, it } from 'vitest';
import { CrimeIngest, IngestError } from '../../src/io/crimeIngest.ts';
import { jsonErrorOffset } from '../../src/io/apiJson.ts';
import { monthIndex } from '../../src/core/months.ts';
import { NOW, ingestOne, utf8 } from './fixtures.ts';

const rec = (id: number, o: Record<string, unknown> = {}) => ({
  category: 'burglary',
  location_type: 'Force',
  location: {
    latitude: '51.590822',
    street: { id: 978549, name: 'On or near Princes Avenue' },
    longitude: '-0.145330',
  },
  context: '',
  outcome_status: null,
  persistent_id: 'abc',
  id,
  location_subtype: '',
  month: '2017-01',
  ...o,
});

describe('police.uk API crimes-street JSON', () => {
  it('maps slugs, coordinates (strings), street names, months and BTP', () => {
    const data = [
      rec(1),
      rec(2, { category: 'violent-crime', location_type: 'BTP', location_subtype: 'LU STATION' }),
      rec(3, { category: 'anti-social-behaviour', persistent_id: '' }),
    ];
    const { table, file } = ingestOne('crime_month_2017_01_area_E05000266_0.json', JSON.stringify(data));
    expect(file).toMatchObject({ format: 'police-uk-api-json', rowsRead: 3, accepted: 3, encoding: 'utf-8' });
    expect([...table.lon]).toEqual([-0.14533, -0.14533, -0.14533]);
    expect(table.lat[0]).toBe(51.590822);
    expect(table.month[0]).toBe(monthIndex(2017, 1));
    expect([0, 1, 2].map((i) => table.categories[table.category[i]])).toEqual([
      'Burglary',
      'Violence and sexual offences',
      'Anti-social behaviour',
    ]);
    expect([0, 1].map((i) => table.forces[table.force[i]])).toEqual(['police.uk API', 'British Transport Police']);
    expect(table.locations[table.location[0]]).toBe('On or near Princes Avenue');
    expect([...table.line]).toEqual([1, 2, 3]);
  });

  it('rejects ids already loaded (ward queries return boundary crimes twice)', () => {
    const ing = new CrimeIngest({ now: NOW });
    ing.addFile('w1.json', utf8(JSON.stringify([rec(1), rec(2)])));
    const f = ing.addFile('w2.json', utf8(JSON.stringify([rec(2), rec(3), rec(3)])));
    expect(f).toMatchObject({
      rowsRead: 3,
      accepted: 1,
      rejected: { 'duplicate-id': 2 },
      examples: { 'duplicate-id': [1, 3] },
    });
    expect(ing.finish().table.length).toBe(3);
  });

  it('one reason per record', () => {
    const data = [
      rec(1),
      'not an object',
      rec(3, { location: { latitude: '', longitude: '', street: { name: '' } } }),
      rec(4, { location: { latitude: 'x', longitude: '-0.1' } }),
      rec(5, { location: { latitude: '0', longitude: '0' } }),
      rec(6, { month: '2017-13' }),
      rec(7, { month: '2019-03' }),
      rec(8, { category: 'jaywalking' }),
      rec(9, { location: { latitude: '-0.1', longitude: '51.5' } }),
      rec(10, { location: null }),
    ];
    const { file, table } = ingestOne('mix.json', JSON.stringify(data, null, 1));
    expect(file.rejected).toEqual({
      'malformed-row': 1,
      'no-coordinates': 2,
      'invalid-coordinates': 1,
      'null-island': 1,
      'bad-month': 1,
      'future-month': 1,
      'unknown-category': 1,
    });
    expect(file.accepted).toBe(2);
    expect([table.lon[1], table.lat[1]]).toEqual([-0.1, 51.5]); // swapped back
  });

  it('an empty array is a valid response with no rows', () => {
    expect(ingestOne('empty.json', '[]').file).toMatchObject({ rowsRead: 0, accepted: 0 });
  });

  it('truncated JSON and non-arrays give one clear error with file and line', () => {
    const text = JSON.stringify([rec(1), rec(2)], null, 2);
    const cut = text.slice(0, 300);
    let err: IngestError | null = null;
    try {
      ingestOne('cut.json', cut, {});
    } catch (e) {
      err = e as IngestError;
    }
    expect(err).toBeInstanceOf(IngestError);
    expect(err?.line).toBe(cut.split('\n').length);
    expect(err?.message).toMatch(/^cut\.json, line \d+: JSON ends too early/);
    const bad = '[\n {"category": "burglary",\n  "id" 5}\n]';
    expect(() => ingestOne('bad.json', bad, {})).toThrow(/bad\.json, line 3: JSON syntax error at column 8/);
    const ing = new CrimeIngest({ now: NOW });
    expect(() =>
      ing.addFile('obj.json', utf8('[{"category": "x"}]'.slice(0, 0) + '{"category": 1}'), {}, 'police-uk-api-json'),
    ).toThrow(/not an array/);
  });

  it('jsonErrorOffset finds the first error and -1 for valid JSON', () => {
    expect(jsonErrorOffset('[1, 2]')).toBe(-1);
    expect(jsonErrorOffset('[1, 2,]')).toBe(6);
    expect(jsonErrorOffset('{"a" 1}')).toBe(5);
    expect(jsonErrorOffset('[1')).toBe(2);
    expect(jsonErrorOffset('"\\u00e9" x')).toBe(9);
  });
});
