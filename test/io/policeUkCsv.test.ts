import { describe, expect, it } from 'vitest';
import { CrimeIngest, IngestError } from '../../src/io/crimeIngest.ts';
import { monthIndex } from '../../src/core/months.ts';
import { POLICE_UK_CATEGORIES } from '../../src/core/categories.ts';
import { HEADER, NOW, ingestOne, row, sumRejected, utf8 } from './fixtures.ts';

describe('police.uk street CSV: happy path', () => {
  it('reads columns exactly, with line numbers, force, LSOA and location', () => {
    const text = `${HEADER}\n${row({ lon: '-0.145330', lat: '51.590822', loc: 'On or near Princes Avenue', month: '2017-01' })}\n${row({ type: 'Anti-social behaviour', id: '', force: 'City of London Police', lsoa: 'E01000002' })}\n`;
    const { table, report, file } = ingestOne('2017-01-metropolitan-street.csv', text);
    expect(file).toMatchObject({
      rowsRead: 2,
      accepted: 2,
      rejected: {},
      format: 'police-uk-csv',
      encoding: 'utf-8',
      bytes: utf8(text).length,
    });
    expect(report).toMatchObject({ rowsRead: 2, used: 2 });
    expect(table.length).toBe(2);
    expect([...table.lon]).toEqual([-0.14533, -0.1]);
    expect([...table.lat]).toEqual([51.590822, 51.5]);
    expect(Number.isNaN(table.x[0]) && Number.isNaN(table.y[1])).toBe(true);
    expect([...table.month]).toEqual([monthIndex(2017, 1), monthIndex(2018, 5)]);
    expect(table.categories[table.category[0]]).toBe('Burglary');
    expect(table.categories[table.category[1]]).toBe('Anti-social behaviour');
    expect(table.locations[table.location[0]]).toBe('On or near Princes Avenue');
    expect(table.lsoas[table.lsoa[1]]).toBe('E01000002');
    expect(table.forces[table.force[0]]).toBe('Metropolitan Police Service');
    expect(table.forces[table.force[1]]).toBe('City of London Police');
    expect([...table.line]).toEqual([2, 3]);
    expect(table.sources[table.source[0]]).toBe('2017-01-metropolitan-street.csv');
    expect([...table.weight]).toEqual([1, 1]);
    expect(file.months).toEqual([monthIndex(2017, 1), monthIndex(2018, 5)]);
  });

  it('pre-seeds the police.uk categories so their indexes are stable', () => {
    const { table } = ingestOne('a.csv', `${HEADER}\n${row({ type: 'Vehicle crime' })}\n`);
    expect(table.categories.slice(1, 15)).toEqual([...POLICE_UK_CATEGORIES]);
    expect(table.category[0]).toBe(1 + POLICE_UK_CATEGORIES.indexOf('Vehicle crime'));
  });

  it('handles BOM, CRLF, blank lines and a last line without newline', () => {
    const text = `\uFEFF${HEADER}\r\n${row()}\r\n\r\n${row({ loc: 'On or near B' })}\r\n\n${row({ loc: 'On or near C' })}`;
    const { table, file } = ingestOne('crlf.csv', text);
    expect(file.rowsRead).toBe(3);
    expect([...table.line]).toEqual([2, 4, 6]);
    expect(table.locations.slice(1)).toEqual(['On or near High Road', 'On or near B', 'On or near C']);
    expect(table.lsoas[table.lsoa[2]]).toBe('E01000001'); // no stray CR
  });

  it('matches the header case- and space-insensitively', () => {
    const h =
      ' crime id , MONTH,Reported By,Falls Within,LONGITUDE,latitude,location,lsoa code,LSOA Name,crime type,Last outcome category,context';
    expect(ingestOne('h.csv', `${h}\n${row()}\n`).file.accepted).toBe(1);
  });

  it('reads quoted fields with commas, doubled quotes and newlines', () => {
    const text = `${HEADER}\n${row()}\nabc,2018-05,Metropolitan Police Service,Metropolitan Police Service,-0.1,51.5,"On or near ""The Green"", N15",E01000001,"Haringey\n001A",Burglary,"Under, investigation",\n${row({ loc: 'After' })}\n`;
    const { table, file } = ingestOne('q.csv', text);
    expect(file).toMatchObject({ rowsRead: 3, accepted: 3 });
    expect(table.locations[table.location[1]]).toBe('On or near "The Green", N15');
    expect([...table.line]).toEqual([2, 3, 5]); // the quoted newline takes a line
    expect(table.locations[table.location[2]]).toBe('After');
  });

  it('decodes a Windows-1252 location and records the encoding', () => {
    const bytes = [...utf8(`${HEADER}\n`), ...utf8(row({ loc: 'On or near Caf' }).replace('Caf', 'Caf\u0000'))];
    const i = bytes.indexOf(0);
    bytes[i] = 0xe9; // é in Windows-1252
    const withPound = [
      ...bytes,
      ...utf8('\n'),
      ...utf8(row({ loc: 'On or near X' })).map((b) => (b === 0x58 ? 0xa3 : b)),
      10,
    ];
    const { table, file } = ingestOne('cp1252.csv', new Uint8Array(withPound));
    expect(file.encoding).toBe('windows-1252');
    expect(table.locations[table.location[0]]).toBe('On or near Café');
    expect(table.locations[table.location[1]]).toBe('On or near £');
  });

  it('a second file that only re-uses cached Windows-1252 values is still reported windows-1252', () => {
    const cp = (text: string) => utf8(text).map((x) => (x === 0x23 ? 0xe9 : x)); // '#' → é
    const ing = new CrimeIngest({ now: NOW });
    expect(ing.addFile('a.csv', cp(`${HEADER}\n${row({ loc: 'On or near Caf#', id: '1' })}\n`)).encoding).toBe(
      'windows-1252',
    );
    expect(ing.addFile('b.csv', cp(`${HEADER}\n${row({ loc: 'On or near Caf#', id: '2' })}\n`)).encoding).toBe(
      'windows-1252',
    );
    expect(ing.addFile('c.csv', cp(`${HEADER}\n${row({ loc: 'On or near Cafe', id: '3' })}\n`)).encoding).toBe('utf-8');
  });
});

describe('police.uk street CSV: one reject reason per row', () => {
  const cases: [string, string, string][] = [
    ['no-coordinates', row({ lon: '', lat: '', loc: 'No Location', lsoa: '' }), 'blank lon/lat'],
    ['invalid-coordinates', row({ lon: '', lat: '51.5' }), 'one blank'],
    ['invalid-coordinates', row({ lon: 'abc', lat: '51.5' }), 'unparseable'],
    ['invalid-coordinates', row({ lon: '-0.1', lat: '91' }), '|lat| > 90'],
    ['invalid-coordinates', row({ lon: '-181', lat: '51' }), '|lon| > 180'],
    ['null-island', row({ lon: '0.000000', lat: '0.000000' }), '(0,0)'],
    ['null-island', row({ lon: '0.009', lat: '-0.009' }), 'near (0,0)'],
    ['bad-month', row({ month: '2018-13' }), 'month 13'],
    ['bad-month', row({ month: '' }), 'blank month'],
    ['future-month', row({ month: '2019-02' }), 'after now'],
    ['unknown-category', row({ type: 'Jaywalking' }), 'unknown type'],
    ['malformed-row', row() + ',extra', 'extra field'],
    ['malformed-row', row().split(',').slice(0, 11).join(','), 'missing field'],
  ];
  for (const [reason, line, what] of cases) {
    it(`${what} → ${reason}`, () => {
      const { file, table } = ingestOne('r.csv', `${HEADER}\n${row({ loc: 'Good' })}\n${line}\n`);
      expect(file.rowsRead).toBe(2);
      expect(file.accepted).toBe(1);
      expect(file.rejected).toEqual({ [reason]: 1 });
      expect(file.examples).toEqual({ [reason]: [3] });
      expect(table.length).toBe(1);
    });
  }

  it('the current month is not the future; legacy categories are accepted', () => {
    const { file, table } = ingestOne(
      'n.csv',
      `${HEADER}\n${row({ month: '2019-01' })}\n${row({ type: 'Violent crime', month: '2012-01' })}\n${row({ type: 'burglary' })}\n`,
    );
    expect(file.accepted).toBe(3);
    expect(table.categories[table.category[1]]).toBe('Violent crime');
    expect(table.categories[table.category[2]]).toBe('Burglary');
  });

  it('swapped lat/lon are swapped back with one warning per file', () => {
    const { file, table, report } = ingestOne(
      's.csv',
      `${HEADER}\n${row()}\n${row({ lon: '51.6', lat: '-0.12' })}\n${row({ lon: '51.61', lat: '-0.11' })}\n`,
    );
    expect(file).toMatchObject({ accepted: 3, rejected: {} });
    expect([table.lon[1], table.lat[1]]).toEqual([-0.12, 51.6]);
    const w = report.messages.filter((m) => m.level === 'warning');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ file: 's.csv', line: 3 });
    expect(w[0].message).toMatch(/2 row\(s\).*swapped/);
  });

  it('BNG eastings/northings in the lon/lat columns become x/y with a warning', () => {
    const { file, table, report } = ingestOne(
      'b.csv',
      `${HEADER}\n${row({ lon: '533500', lat: '189500' })}\n${row({ lon: '800000', lat: '189500' })}\n`,
    );
    expect(file).toMatchObject({ rowsRead: 2, accepted: 1, rejected: { 'invalid-coordinates': 1 } });
    expect([table.x[0], table.y[0]]).toEqual([533500, 189500]);
    expect(Number.isNaN(table.lon[0]) && Number.isNaN(table.lat[0])).toBe(true);
    expect(report.messages.some((m) => m.level === 'warning' && /National Grid/.test(m.message) && m.line === 2)).toBe(
      true,
    );
  });

  it('conserves rows: rowsRead = accepted + Σ rejected', () => {
    const text = [HEADER, ...cases.map((c) => c[1]), row(), row()].join('\n');
    const { file, report } = ingestOne('all.csv', text);
    expect(file.rowsRead).toBe(cases.length + 2);
    expect(file.accepted + sumRejected(file)).toBe(file.rowsRead);
    expect(report.used + sumRejected(report)).toBe(report.rowsRead);
  });
});

describe('police.uk street CSV: duplicates', () => {
  const a = `${HEADER}\n${row({ loc: 'A' })}\n${row({ loc: 'A' })}\n${row({ loc: 'B' })}\n${row({ lon: '', lat: '' })}\n`;
  it('keeps identical rows within one file', () => {
    expect(ingestOne('a.csv', a).file).toMatchObject({ rowsRead: 4, accepted: 3, rejected: { 'no-coordinates': 1 } });
  });

  it('rejects rows already loaded from another file (same month loaded twice, overlaps)', () => {
    const ing = new CrimeIngest({ now: NOW });
    ing.addFile('2018-05-a.csv', utf8(a));
    const again = ing.addFile('2018-05-a (1).csv', utf8(a));
    expect(again).toMatchObject({ rowsRead: 4, accepted: 0, rejected: { 'duplicate-row': 4 } });
    const overlap = ing.addFile(
      'c.csv',
      utf8(`${HEADER}\n${row({ loc: 'B' })}\n${row({ loc: 'C' })}\n${row({ loc: 'B', id: 'other' })}\n`),
    );
    expect(overlap).toMatchObject({
      rowsRead: 3,
      accepted: 2,
      rejected: { 'duplicate-row': 1 },
      examples: { 'duplicate-row': [2] },
    });
    const { table, report } = ing.finish();
    expect(table.length).toBe(5);
    expect(report).toMatchObject({ rowsRead: 11, used: 5, rejected: { 'no-coordinates': 1, 'duplicate-row': 5 } });
  });

  it('does not use Crime ID for de-duplication', () => {
    const { file } = ingestOne('id.csv', `${HEADER}\n${row({ id: 'X', loc: 'A' })}\n${row({ id: 'X', loc: 'B' })}\n`);
    expect(file.accepted).toBe(2);
  });
});

describe('police.uk street CSV: whole-file problems', () => {
  const load = (name: string, text: string) => {
    const ing = new CrimeIngest({ now: NOW });
    ing.addFile('good.csv', utf8(`${HEADER}\n${row()}\n`));
    let err: unknown = null;
    try {
      ing.addFile(name, utf8(text));
    } catch (e) {
      err = e;
    }
    const { table, report } = ing.finish();
    // Everything already loaded stays intact, and the error is in the report.
    expect(table.length).toBe(1);
    expect(report.files.map((f) => f.file)).toEqual(['good.csv']);
    expect(report.messages.at(-1)?.level).toBe('error');
    expect(err).toBeInstanceOf(IngestError);
    return err as IngestError;
  };

  it('empty file', () => {
    const e = load('empty.csv', '');
    expect(e.message).toBe('empty.csv, line 0: empty file (0 bytes)');
  });

  it('header only whitespace', () => {
    expect(load('blank.csv', '\n\n  \n').problem).toMatch(/not a crime file|no header/);
  });

  it('a police.uk-like header with a wrong column is not police.uk', () => {
    const e = load('x-street.csv', `${HEADER.replace('Crime type', 'Crime kind')}\n${row()}\n`);
    expect(e.line).toBe(1);
    expect(e.problem).toMatch(
      /header not recognised.*column mapping \(suggested: lon = "Longitude", lat = "Latitude", month = "Month"/,
    );
  });

  it('outcomes and stop-and-search files get a clear message', () => {
    const outcomes =
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\nabc,2018-05,M,M,-0.1,51.5,On or near X,E01,H,Unable to prosecute suspect\n';
    expect(load('2018-05-metropolitan-outcomes.csv', outcomes).problem).toMatch(
      /not a street-level crime file.*outcomes/,
    );
    const sas =
      'Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,Outcome linked to object of search,Removal of more than just outer clothing\n';
    expect(load('2018-05-metropolitan-stop-and-search.csv', sas).problem).toMatch(
      /not a street-level crime file.*stop-and-search/,
    );
  });

  it('a boundaries file dropped on the crime loader', () => {
    expect(
      load(
        'wards.geojson',
        '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[]}}]}',
      ).problem,
    ).toMatch(/ward boundaries/);
  });

  it('binary junk', () => {
    expect(load('junk.csv', '\u0000\u0001\u0002\u0003PNG').problem).toMatch(/not a crime file/);
  });
});
