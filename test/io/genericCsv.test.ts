import { describe, expect, it } from 'vitest';
import { suggestMapping } from '../../src/io/genericCsv.ts';
import { CrimeIngest, IngestError } from '../../src/io/crimeIngest.ts';
import { monthIndex } from '../../src/core/months.ts';
import { NOW, ingestOne, sumRejected, utf8 } from './fixtures.ts';

const mapping = {
  lon: 'Long',
  lat: 'Lat',
  date: 'Occurred',
  category: 'Offence',
  weight: 'Harm',
  location: 'Street',
  id: 'Ref',
};

describe('generic CSV', () => {
  it('semicolon-delimited, quoted, with weights, free-text categories and day-first dates', () => {
    const text =
      'Ref;Occurred;Offence;Long;Lat;Street;Harm\n1;03/05/2018;Burglary;-0.1;51.5;"High Rd; N15";2.5\n2;2018-06-30;Knife crime;-0.11;51.51;;\n3;2018-06-01;;-0.12;51.52;X;0\n';
    const { table, file } = ingestOne('crimes.csv', text, { mapping });
    expect(file).toMatchObject({ format: 'generic-csv', rowsRead: 3, accepted: 3 });
    expect([...table.month]).toEqual([monthIndex(2018, 5), monthIndex(2018, 6), monthIndex(2018, 6)]);
    expect([...table.weight]).toEqual([2.5, 1, 0]);
    expect([0, 1, 2].map((i) => table.categories[table.category[i]])).toEqual([
      'Burglary',
      'Knife crime',
      'Uncategorised',
    ]);
    expect(table.locations[table.location[0]]).toBe('High Rd; N15');
    expect(table.forces[table.force[0]]).toBe('');
  });

  it('tab-delimited with easting/northing fills x/y and leaves lon/lat NaN', () => {
    const text =
      'Easting\tNorthing\tMonth\tCrime type\n533500\t189500\t2018-01\tvehicle crime\n0\t0\t2018-01\tRobbery\n900000\t100\t2018-01\tRobbery\n\t\t2018-01\tRobbery\n';
    const { table, file } = ingestOne('bng.tsv', text, {
      mapping: suggestMapping(['Easting', 'Northing', 'Month', 'Crime type']),
    });
    expect(file).toMatchObject({
      rowsRead: 4,
      accepted: 1,
      rejected: { 'null-island': 1, 'invalid-coordinates': 1, 'no-coordinates': 1 },
    });
    expect([table.x[0], table.y[0]]).toEqual([533500, 189500]);
    expect(Number.isNaN(table.lon[0])).toBe(true);
    expect(table.categories[table.category[0]]).toBe('Vehicle crime');
  });

  it('weight rule: blank → 1, negative or text → malformed-row', () => {
    const text =
      'Ref,Occurred,Offence,Long,Lat,Street,Harm\na,2018-01,x,-0.1,51.5,,-1\nb,2018-01,x,-0.1,51.5,,lots\nc,2018-01,x,-0.1,51.5,,\n';
    const { file } = ingestOne('w.csv', text, { mapping });
    expect(file).toMatchObject({
      rowsRead: 3,
      accepted: 1,
      rejected: { 'malformed-row': 2 },
      examples: { 'malformed-row': [2, 3] },
    });
  });

  it('duplicate ids across files, duplicate rows across files, bad and future months', () => {
    const ing = new CrimeIngest({ now: NOW });
    const h = 'Ref,Occurred,Offence,Long,Lat,Street,Harm\n';
    ing.addFile('a.csv', utf8(h + 'a,2018-01,x,-0.1,51.5,,\nb,2018-01,x,-0.1,51.5,,\n'), { mapping });
    const f = ing.addFile(
      'b.csv',
      utf8(
        h + 'a,2018-02,x,-0.1,51.5,,\nb,2018-01,x,-0.1,51.5,,\nc,someday,x,-0.1,51.5,,\nd,2019-02-01,x,-0.1,51.5,,\n',
      ),
      { mapping },
    );
    expect(f).toMatchObject({
      rowsRead: 4,
      accepted: 0,
      rejected: { 'duplicate-id': 1, 'duplicate-row': 1, 'bad-month': 1, 'future-month': 1 },
    });
    expect(f.accepted + sumRejected(f)).toBe(f.rowsRead);
  });

  it('requires a mapping, and names a mapped column missing from the header', () => {
    const text = 'lon,lat,date\n-0.1,51.5,2018-01\n';
    expect(() => ingestOne('g.csv', text)).toThrow(
      /give a column mapping \(suggested: lon = "lon", lat = "lat", date = "date"\)/,
    );
    expect(() => ingestOne('g.csv', text, { mapping: { lon: 'lon', lat: 'lat', date: 'when' } })).toThrow(IngestError);
    expect(() => ingestOne('g.csv', text, { mapping: { lon: 'lon', lat: 'lat' } })).toThrow(/no date or month column/);
    expect(ingestOne('g.csv', text, { mapping: { lon: 'LON', lat: ' Lat ', date: 'Date' } }).file.accepted).toBe(1);
  });
});

describe('suggestMapping', () => {
  it('guesses common names', () => {
    expect(suggestMapping(['Crime type', 'Longitude', 'Latitude', 'Date', 'Harm', 'Location', 'Crime ID'])).toEqual({
      lon: 'Longitude',
      lat: 'Latitude',
      date: 'Date',
      category: 'Crime type',
      weight: 'Harm',
      location: 'Location',
      id: 'Crime ID',
    });
    expect(suggestMapping(['X', 'Y', 'Occurred', 'Offence', 'Weight'])).toEqual({
      lon: 'X',
      lat: 'Y',
      date: 'Occurred',
      category: 'Offence',
      weight: 'Weight',
    });
    expect(suggestMapping(['long', 'lat', 'Month', 'Category', 'EASTING', 'Northing'])).toEqual({
      lon: 'long',
      lat: 'lat',
      easting: 'EASTING',
      northing: 'Northing',
      month: 'Month',
      category: 'Category',
    });
    expect(suggestMapping(['foo', 'bar'])).toEqual({});
  });
});
