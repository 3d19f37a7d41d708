/**
 * The result of an ingest must not depend on how the bytes were chunked, and no input
 * may crash, hang or invent rows.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CrimeIngest, IngestError, type IngestOptions } from '../../src/io/crimeIngest.ts';
import { HEADER, NOW, row, utf8 } from './fixtures.ts';
import { CsvRecordReader } from '../../src/io/csvRecords.ts';

type FileSpec = { name: string; bytes: Uint8Array; options?: IngestOptions };

function run(files: FileSpec[], cuts: number[][] | null) {
  const ing = new CrimeIngest({ now: NOW });
  const errors: string[] = [];
  files.forEach((f, k) => {
    try {
      ing.beginFile(f.name, f.bytes.length, undefined, f.options);
      const c = cuts ? [...new Set(cuts[k].map((x) => x % (f.bytes.length + 1)))].sort((a, b) => a - b) : [];
      let p = 0;
      for (const q of [...c, f.bytes.length]) {
        if (q > p || (cuts && q === p && q === 0)) ing.pushChunk(f.bytes.slice(p, q));
        p = Math.max(p, q);
      }
      ing.endFile();
    } catch (e) {
      if (!(e instanceof IngestError)) throw e;
      errors.push(e.message);
    }
  });
  return { ...ing.finish(), errors };
}

const quotedRow = fc.constantFrom(
  'q1,2018-05,Metropolitan Police Service,Metropolitan Police Service,-0.1,51.5,"On or near ""A"", B",E01000001,"Haringey\n001A",Burglary,"x, y",',
  'q2,2018-05,Metropolitan Police Service,Metropolitan Police Service,"-0.2","51.6","multi\r\nline",E01000002,H,Robbery,,""',
  'q3,2018-05,M,M,-0.1,51.5,"unterminated,E01,H,Burglary,,',
  'q4,2018-05,M,M,-0.1,51.5,ab"c,E01,H,Drugs,,',
);
const plainRow = fc
  .record({
    loc: fc.constantFrom(
      'On or near Café',
      'On or near £ Street',
      'On or near 東京',
      'No Location',
      'On or near A',
      '',
    ),
    lon: fc.constantFrom('-0.1', '', '51.5', '533500', '0', 'abc'),
    lat: fc.constantFrom('51.5', '', '-0.1', '189500', '0'),
    month: fc.constantFrom('2018-05', '2019-03', 'bad', '2017-1'),
    type: fc.constantFrom('Burglary', 'Drugs', 'Nonsense'),
  })
  .map((o) => row(o));
const line = fc.oneof(plainRow, plainRow, quotedRow, fc.constantFrom('', 'a,b', row() + ',extra'));
const policeFile = fc
  .record({
    bom: fc.boolean(),
    crlf: fc.boolean(),
    lines: fc.array(line, { maxLength: 25 }),
    trailing: fc.boolean(),
    cp1252: fc.boolean(),
  })
  .map(({ bom, crlf, lines, trailing, cp1252 }) => {
    const nl = crlf ? '\r\n' : '\n';
    // ≥ 4 KiB of ordinary rows first, so that chunks reach the CSV reader after format sniffing.
    const pad = Array.from({ length: 40 }, (_, i) => row({ loc: `On or near Pad ${i}` }));
    let bytes = utf8((bom ? '\uFEFF' : '') + [HEADER, ...pad, ...lines].join(nl) + (trailing ? nl : ''));
    // Re-encode é and £ as Windows-1252 single bytes (makes the file invalid UTF-8).
    if (cp1252) {
      const out: number[] = [];
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] === 0xc3 && bytes[i + 1] === 0xa9) {
          out.push(0xe9);
          i++;
        } else if (bytes[i] === 0xc2 && bytes[i + 1] === 0xa3) {
          out.push(0xa3);
          i++;
        } else out.push(bytes[i]);
      }
      bytes = new Uint8Array(out);
    }
    return bytes;
  });

const genericFile = fc
  .array(
    fc.constantFrom(
      '1;2018-01;Burglary;-0.1;51.5;"a;b";2',
      '2;2018-02;;-0.1;51.5;"x\ny";',
      '3;x;y;z;w;;',
      '',
      '4;2018-01;Knife;533500;189500;;1',
    ),
    { maxLength: 10 },
  )
  .map((ls) => utf8(['Ref;Occurred;Offence;Long;Lat;Street;Harm', ...ls].join('\n')));
const jsonFile = fc
  .array(
    fc.record({
      id: fc.integer({ min: 1, max: 8 }),
      category: fc.constantFrom('burglary', 'drugs', 'x'),
      month: fc.constantFrom('2018-01', '2020-01'),
      location: fc.record({ latitude: fc.constantFrom('51.5', ''), longitude: fc.constantFrom('-0.1', '') }),
      location_type: fc.constantFrom('Force', 'BTP'),
    }),
    { maxLength: 8 },
  )
  .map((a) => utf8(JSON.stringify(a, null, 1)));

const cutsArb = fc.array(fc.array(fc.nat(9000), { maxLength: 12 }), { minLength: 5, maxLength: 5 });
const mapping = {
  lon: 'Long',
  lat: 'Lat',
  date: 'Occurred',
  category: 'Offence',
  weight: 'Harm',
  location: 'Street',
  id: 'Ref',
};

describe('chunk invariance', () => {
  it('police.uk, generic and API files give identical tables and reports whatever the chunking', () => {
    fc.assert(
      fc.property(policeFile, policeFile, genericFile, jsonFile, cutsArb, (a, b, g, j, cuts) => {
        const files: FileSpec[] = [
          { name: 'a.csv', bytes: a },
          { name: 'b.csv', bytes: b },
          { name: 'a-again.csv', bytes: a },
          { name: 'g.csv', bytes: g, options: { mapping } },
          { name: 'j.json', bytes: j },
        ];
        const whole = run(files, null);
        const chunked = run(files, cuts);
        const bytewise = run(
          files,
          files.map((f) => Array.from({ length: f.bytes.length }, (_, i) => i)),
        );
        expect(chunked).toEqual(whole);
        expect(bytewise).toEqual(whole);
        // conservation
        const r = whole.report;
        expect(r.used + Object.values(r.rejected).reduce((s, n) => s + (n ?? 0), 0)).toBe(r.rowsRead);
        for (const f of r.files)
          expect(f.accepted + Object.values(f.rejected).reduce((s, n) => s + (n ?? 0), 0)).toBe(f.rowsRead);
        expect(whole.table.length).toBe(r.used);
      }),
      { numRuns: 60 },
    );
  });
});

describe('CsvRecordReader chunk invariance', () => {
  const records = (bytes: Uint8Array, cuts: number[] | null, delimiter: number) => {
    const out: string[] = [];
    const dec = new TextDecoder('latin1');
    const r = new CsvRecordReader((fb, st, en, nf, rb, rs, re, line) => {
      const fields =
        nf < 0 ? ['<unreadable>'] : Array.from({ length: nf }, (_, k) => dec.decode(fb.subarray(st[k], en[k])));
      out.push(JSON.stringify([line, fields, dec.decode(rb.subarray(rs, re))]));
    }, delimiter);
    let p = 0;
    for (const q of [...(cuts ?? []).map((c) => c % (bytes.length + 1)).sort((a, b) => a - b), bytes.length]) {
      if (q >= p) r.push(bytes.slice(p, q));
      p = Math.max(p, q);
    }
    r.end();
    return out;
  };
  const text = fc
    .array(fc.constantFrom('a', 'b', ',', ';', '\t', '"', '""', '\n', '\r\n', '\r', '\uFEFF', 'é', ''), {
      maxLength: 80,
    })
    .map((a) => utf8(a.join('')));
  it('hands out the same records whatever the chunking (comma and auto delimiter)', () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(300), { maxLength: 10 }), fc.constantFrom(44, 0), (bytes, cuts, delim) => {
        const whole = records(bytes, null, delim);
        expect(records(bytes, cuts, delim)).toEqual(whole);
        expect(
          records(
            bytes,
            Array.from({ length: bytes.length }, (_, i) => i),
            delim,
          ),
        ).toEqual(whole);
      }),
      { numRuns: 2000 },
    );
  });
  it('splits quoted records exactly', () => {
    const r = records(utf8('\uFEFFa,"b,""c""\nd",e\r\n\r\nf,g\n"h"x,i"j'), null, 44);
    expect(r.map((s) => JSON.parse(s))).toEqual([
      [1, ['a', 'b,"c"\nd', 'e'], 'a,"b,""c""\nd",e'],
      [4, ['f', 'g'], 'f,g'],
      [5, ['hx', 'i"j'], '"h"x,i"j'],
    ]);
  });
});

describe('hostile input', () => {
  const fragments = fc
    .array(
      fc.constantFrom(
        HEADER,
        '\n',
        '\r\n',
        '\r',
        ',',
        '"',
        '""',
        '-0.1',
        '51.5',
        '2018-05',
        'Burglary',
        'x',
        '\u00e9',
        '\uFEFF',
        ',,,,,,,,,,,',
        '[',
        '{',
        '}',
        ']',
        '\u0000',
      ),
      { maxLength: 60 },
    )
    .map((a) => utf8(a.join('')));
  const anyBytes = fc.oneof(
    fc.uint8Array({ maxLength: 400 }),
    fragments,
    fragments.map((b) => new Uint8Array([...utf8(HEADER + '\n'), ...b])),
  );
  it('never crashes, never hangs, never produces rows not in the input', () => {
    fc.assert(
      fc.property(
        anyBytes,
        fc.array(fc.nat(500), { maxLength: 6 }),
        fc.constantFrom('x.csv', 'x.json', 'x.txt'),
        (bytes, cuts, name) => {
          const r = run([{ name, bytes }], [cuts]);
          const lines = bytes.filter((b) => b === 10).length + 1;
          expect(r.report.used).toBe(r.table.length);
          expect(r.report.rowsRead).toBeLessThanOrEqual(name.endsWith('.json') ? bytes.length : lines);
          const text = new TextDecoder('latin1').decode(bytes) + new TextDecoder().decode(bytes);
          for (let i = 0; i < r.table.length; i++) {
            expect(r.table.line[i]).toBeGreaterThanOrEqual(1);
            expect(r.table.line[i]).toBeLessThanOrEqual(lines);
            const loc = r.table.locations[r.table.location[i]];
            expect(text.includes(loc.replace(/""/g, '"')) || text.includes(loc)).toBe(true);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('a stray quote does not swallow the rest of the file', () => {
    const text = [HEADER, row({ loc: '"oops' }), ...Array.from({ length: 5 }, (_, i) => row({ loc: `L${i}` }))].join(
      '\n',
    );
    const r = run([{ name: 's.csv', bytes: utf8(text) }], null);
    expect(r.report.files[0]).toMatchObject({
      rowsRead: 6,
      accepted: 5,
      rejected: { 'malformed-row': 1 },
      examples: { 'malformed-row': [2] },
    });
    expect([...r.table.line]).toEqual([3, 4, 5, 6, 7]);
  });

  it('an overlong line is one malformed row, and reading resumes after it', () => {
    const text = `${HEADER}\n${'x'.repeat(200_000)}\n${row()}\n`;
    const whole = run([{ name: 'l.csv', bytes: utf8(text) }], null);
    const chunked = run([{ name: 'l.csv', bytes: utf8(text) }], [[1000, 70_000, 140_000, 199_990]]);
    expect(whole.report.files[0]).toMatchObject({ rowsRead: 2, accepted: 1, rejected: { 'malformed-row': 1 } });
    expect([...whole.table.line]).toEqual([3]);
    expect(chunked).toEqual(whole);
  });
});
