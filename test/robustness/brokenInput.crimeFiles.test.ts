/**
 * Broken crime files, at session level (AnalysisSession.addFiles, the user's path), loaded after
 * good data: a clear message naming the file and line, or rows rejected with a counted reason;
 * nothing already loaded is lost (see brokenInputSession.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  ALL,
  HEADER,
  csv,
  enc,
  fileReport,
  freshSessionEachTest,
  load,
  lonLat,
  only,
  rejectedTotal,
  row,
  s,
  unchanged,
} from './brokenInputSession.ts';

freshSessionEachTest();

describe('broken crime files, after good data', () => {
  it('zero-byte and white-space-only files: one error each, nothing lost', () => {
    for (const [name, bytes, re] of [
      ['zero.csv', new Uint8Array(0), /empty file \(0 bytes\)/],
      ['blank.csv', enc('  \r\n\n \t\n'), /empty|not a crime file/],
      ['header-only.csv', enc(HEADER + '\n'), /no data rows/],
    ] as const) {
      const r = load(name, bytes);
      expect(r.messages.length).toBe(1);
      expect(r.messages[0].message).toMatch(re);
      unchanged();
    }
  });

  it('BOM + CRLF + last line without a line end: every row read', () => {
    const text = '\uFEFF' + [HEADER, row('2024-04', 530500, 180500), row('2024-04', 531500, 180500)].join('\r\n');
    const r = load('bom-crlf.csv', enc(text));
    expect(only(r.messages, 'error')).toEqual([]);
    expect(fileReport(s, 'bom-crlf.csv')).toMatchObject({ rowsRead: 2, accepted: 2 });
    expect(s.run(ALL).totalInWards).toBe(7);
  });

  it('quoted fields with commas, doubled quotes and newlines keep their text', () => {
    const [lon, lat] = lonLat(530500, 180500);
    const text = `${HEADER}\n,2024-04,Test Police,Test Police,${lon},${lat},"On or near ""The Crown"", High Road\nrear",E01000001,"Testham, 001A",Burglary,,\n`;
    const r = load('quoted.csv', enc(text));
    expect(only(r.messages, 'error')).toEqual([]);
    expect(fileReport(s, 'quoted.csv')).toMatchObject({ rowsRead: 1, accepted: 1 });
  });

  it('semicolon- and tab-delimited police.uk columns: one error naming file, line 1 and the expected header; nothing lost', () => {
    for (const [name, sep] of [
      ['semi.csv', ';'],
      ['tab.csv', '\t'],
    ] as const) {
      const lines = [HEADER, row('2024-04', 530500, 180500), row('2024-04', 531500, 180500)].map((l) =>
        l.split(',').join(sep),
      );
      const r = load(name, enc(lines.join('\n') + '\n'));
      expect(r.messages).toEqual([
        {
          level: 'error',
          file: name,
          line: 1,
          message: expect.stringMatching(
            /^header not recognised as a police\.uk street-level crime file \(expected "Crime ID,Month,/,
          ),
        },
      ]);
      unchanged();
    }
  });

  it('Windows-1252 text (é, £) is decoded and the encoding reported', () => {
    const [lon, lat] = lonLat(530500, 180500);
    const line = `${HEADER}\n,2024-04,Test Police,Test Police,${lon},${lat},On or near Caf\xe9 \xa35 Shop,E01000001,Testham 001A,Burglary,,\n`;
    const bytes = Uint8Array.from(line, (c) => c.charCodeAt(0));
    load('cp1252.csv', bytes);
    expect(fileReport(s, 'cp1252.csv')).toMatchObject({ accepted: 1, encoding: 'windows-1252' });
  });

  it('a truncated last line is one malformed row, counted, with its line number', () => {
    const text = [HEADER, row('2024-04', 530500, 180500), row('2024-04', 531500, 180500).slice(0, 30)].join('\n');
    const r = load('truncated.csv', enc(text));
    const f = fileReport(s, 'truncated.csv');
    expect(f).toMatchObject({ rowsRead: 2, accepted: 1 });
    expect(rejectedTotal(f!)).toBe(1);
    expect(r.messages.some((m) => m.line === 3 && /malformed|coordinates|month/.test(m.message))).toBe(true);
  });

  it('a header that does not match police.uk: read as a generic CSV with the guessed columns stated, or one error', () => {
    const r = load(
      'wrongheader.csv',
      enc('Crime ID,Month,Reported by,Falls within,Long,Lat,Location\n1,2024-01,a,b,-0.1,51.5,x\n'),
    );
    expect(r.messages[0]).toEqual({
      level: 'info',
      file: 'wrongheader.csv',
      line: 1,
      message:
        'read as a generic CSV with the columns lon = "Long", lat = "Lat", month = "Month", location = "Location", id = "Crime ID"',
    });
    expect(fileReport(s, 'wrongheader.csv')).toMatchObject({ format: 'generic-csv', rowsRead: 1 });
    const r2 = load(
      'nocoords.csv',
      enc('Crime ID,Month,Reported by,Falls within,Where,Location\n1,2024-01,a,b,here,x\n'),
    );
    // Not loaded: the page gets the header and the partial guess for its column-mapping form.
    expect(r2.messages).toEqual([
      {
        level: 'error',
        file: 'nocoords.csv',
        line: 1,
        code: 'needs-mapping',
        message: expect.stringMatching(/columns were not recognised/),
        header: ['Crime ID', 'Month', 'Reported by', 'Falls within', 'Where', 'Location'],
        suggestion: { id: 'Crime ID', location: 'Location', month: 'Month' },
      },
    ]);
    unchanged(1); // the generic row lies outside the wards
  });

  it('rows with extra or missing columns are malformed rows, counted', () => {
    const text =
      [
        HEADER,
        row('2024-04', 530500, 180500) + ',extra,cols',
        row('2024-04', 530500, 180500).split(',').slice(0, 8).join(','),
        row('2024-04', 531500, 180500),
      ].join('\n') + '\n';
    load('columns.csv', enc(text));
    const f = fileReport(s, 'columns.csv');
    expect(f?.rowsRead).toBe(3);
    expect(f?.accepted).toBeGreaterThanOrEqual(1);
    expect(f?.rejected['malformed-row']).toBeGreaterThanOrEqual(1);
  });

  it('latitude/longitude swapped are swapped back; BNG metres in lon/lat are read as BNG; both with a warning', () => {
    const [lon, lat] = lonLat(530500, 180500);
    const text =
      [
        HEADER,
        `,2024-04,P,P,${lat},${lon},On or near A,E01000001,T,Burglary,,`,
        `,2024-04,P,P,531500,180500,On or near B,E01000001,T,Burglary,,`,
      ].join('\n') + '\n';
    const r = load('swapped.csv', enc(text));
    expect(r.messages.some((m) => m.level === 'warning' && /swapped/.test(m.message))).toBe(true);
    expect(r.messages.some((m) => m.level === 'warning' && /British National Grid/.test(m.message))).toBe(true);
    expect(s.run(ALL).totalInWards).toBe(7);
  });

  it('points at (0,0) and far outside the wards are rejected with counted reasons', () => {
    const text =
      [
        HEADER,
        ',2024-04,P,P,0,0,On or near A,E01000001,T,Burglary,,',
        row('2024-04', 400000, 300000),
        row('2024-04', 530500, 180500),
      ].join('\n') + '\n';
    load('far.csv', enc(text));
    const rep = s.report();
    expect(rep.rejected['null-island']).toBe(1);
    expect(rep.rejected['outside-wards']).toBe(1);
    expect(s.run(ALL).totalInWards).toBe(6);
  });

  it('months that do not parse or lie in the future are rejected with counted reasons and a warning', () => {
    const text =
      [HEADER, row('24/13', 530500, 180500), row('2031-01', 530500, 180500), row('2024-12', 530500, 180500)].join(
        '\n',
      ) + '\n';
    const r = load('months.csv', enc(text));
    const f = fileReport(s, 'months.csv');
    expect(f?.rejected).toMatchObject({ 'bad-month': 1, 'future-month': 1 });
    expect(f?.accepted).toBe(1); // the current month is not the future
    expect(r.messages.some((m) => /after the current month/.test(m.message))).toBe(true);
  });

  it('an overlapping extract: rows already loaded from another file are counted as duplicates, once', () => {
    const overlap = csv([
      row('2024-02', 531500, 180500),
      row('2024-02', 531600, 180400, 'Vehicle crime'),
      row('2024-04', 530500, 180500),
    ]);
    const r = load('overlap.csv', overlap);
    expect(fileReport(s, 'overlap.csv')).toMatchObject({ rowsRead: 3, accepted: 1, rejected: { 'duplicate-row': 2 } });
    expect(r.messages.some((m) => /overlapping extracts/.test(m.message))).toBe(true);
    expect(s.run(ALL).totalInWards).toBe(6);
  });

  it('an unknown crime type is rejected and named in the message', () => {
    const r = load('types.csv', csv([row('2024-04', 530500, 180500, 'Jaywalking')]));
    expect(fileReport(s, 'types.csv')?.rejected['unknown-category']).toBe(1);
    expect(r.messages.some((m) => /unrecognised crime type: "Jaywalking"/.test(m.message))).toBe(true);
    unchanged(1);
  });
});
