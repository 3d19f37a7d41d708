/**
 * One file read in two parts (io/restPart.ts): this ingest reads up to a line start, another
 * reads the header line and the rest, and CrimeIngest.absorbRest adds it to the open file.
 * For EVERY line start of a file holding each kind of row (rejects of every reason, swapped and
 * BNG coordinates, more unknown crime types than are named, Windows-1252 bytes, CRLF, an empty
 * line, a quoted field holding a line break, no LF at the end), with and without an earlier file
 * that one of its rows duplicates, the table and accounting equal the file read in place: the
 * part is absorbed, or refused (split inside the quoted field; a duplicate of the earlier file)
 * and the rest read in place.
 */
import { describe, expect, it } from 'vitest';
import { CrimeIngest } from '../../src/io/crimeIngest.ts';
import { readRestPart, restHeader } from '../../src/io/restPart.ts';
import { HEADER, NOW, row, utf8 } from './fixtures.ts';

// The format is decided on the first SNIFF_BYTES (4 KiB): a split before them is refused.
// Every fourth filler row a bad month: more examples of one reason than are kept (5), on both
// sides of most splits.
const filler = Array.from({ length: 25 }, (_, i) =>
  row({
    id: `f${i}`,
    loc: `On or near Street ${i % 7}`,
    lsoa: `E0100000${i % 3}`,
    month: i % 4 ? '2018-05' : '20xx-01',
  }),
);
const rows = [
  ...filler,
  row({ id: 'r1' }),
  row({ id: 'r2', loc: 'On or near Caf#', type: 'Robbery' }),
  'a,b,c',
  row({ id: 'r3', lon: '51.5', lat: '-0.1' }),
  '',
  row({ id: 'r4', lon: '530000', lat: '180000' }),
  ...['Foo1', 'Foo2', 'Foo3'].map((t) => row({ type: t })),
  row({ id: 'r5', month: '2020-01' }),
  row({ id: 'r6', month: '2018-xx' }),
  row({ id: 'r7', lon: '', lat: '' }),
  row({ id: 'r8', lon: '0', lat: '0' }),
  'q1,2018-05,M,M,-0.1,51.5,"On or near ""Q""\nsecond line",E01000009,H,Drugs,,',
  row({ id: 'r9', lon: '51.6', lat: '-0.2' }).replace(/$/, '\r'),
  ...['Foo4', 'Foo2', 'Foo5', 'Foo6', 'Foo7'].map((t) => row({ type: t })),
  row({ id: 'dup', month: '2018-03', loc: 'On or near Twice Road' }),
  row({ id: 'r1' }),
  'x,y',
  row({ id: 'r10', lon: '529000', lat: '181000', loc: 'On or near B#r' }),
  row({ id: 'r11', month: '2018-13' }),
  row({ id: 'r12', month: '2018-1' }),
  row({ id: 'r13', month: '2018' }),
  row({ id: 'last', month: '2017-12' }),
];
const cp = (s: string) => utf8(s).map((x) => (x === 0x23 ? 0xe9 : x)); // '#' → é in Windows-1252
const big = cp(`\ufeff${HEADER}\r\n${rows.join('\n')}`); // no LF after the last row
const earlier = utf8(`${HEADER}\n${row({ id: 'dup', month: '2018-03', loc: 'On or near Twice Road' })}\n`);

async function* chunks(b: Uint8Array, size: number) {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

function inPlace(withEarlier: boolean) {
  const ing = new CrimeIngest({ now: NOW });
  if (withEarlier) ing.addFile('a.csv', earlier);
  ing.addFile('big.csv', big);
  return ing.finish();
}

async function split(
  withEarlier: boolean,
  at: number,
): Promise<{ got: ReturnType<CrimeIngest['finish']>; absorbed: boolean }> {
  const ing = new CrimeIngest({ now: NOW });
  if (withEarlier) ing.addFile('a.csv', earlier);
  ing.beginFile('big.csv', big.length);
  ing.pushChunk(big.subarray(0, Math.floor(at / 2)));
  ing.pushChunk(big.subarray(Math.floor(at / 2), at));
  const header = restHeader(big) as Uint8Array;
  const part = await readRestPart('big.csv', header, chunks(big.subarray(at), 7), NOW);
  expect(part).not.toBeNull();
  const absorbed = !!part && ing.absorbRest(part);
  if (!absorbed) ing.pushChunk(big.subarray(at));
  ing.endFile();
  return { got: ing.finish(), absorbed };
}

describe('a file read in two parts is the file read in place', () => {
  const lineStarts: number[] = [];
  for (let i = big.indexOf(10); i >= 0 && i + 1 < big.length; i = big.indexOf(10, i + 1)) lineStarts.push(i + 1);
  const startOf = (text: string) => cp(`\ufeff${HEADER}\r\n${rows.join('\n')}`.split(text)[0]).length;
  const quoted = startOf('second line');
  const dup = startOf('dup,');

  for (const withEarlier of [false, true]) {
    it(`at every line start (${lineStarts.length})${withEarlier ? ', after a file one of its rows duplicates' : ''}`, async () => {
      const want = inPlace(withEarlier);
      expect(want.report.files.at(-1)?.encoding).toBe('windows-1252');
      expect(want.report.messages.some((m) => /unrecognised crime type/.test(m.message))).toBe(true);
      for (const at of lineStarts) {
        const r = await split(withEarlier, at);
        expect(r.got.report, `split at ${at}`).toEqual(want.report);
        expect(r.got.table, `split at ${at}`).toEqual(want.table);
        // Refused: before the format is decided (4 KiB), inside the quoted field (no record
        // boundary), and when the rest holds the row duplicating the earlier file.
        const refused = at < 4096 || at === quoted || (withEarlier && at <= dup);
        expect(r.absorbed, `split at ${at}`).toBe(!refused);
      }
      if (withEarlier) expect(want.report.rejected['duplicate-row']).toBe(1);
    });
  }

  it('restHeader: the first line when it can stand alone, else null', () => {
    expect(restHeader(utf8(`${HEADER}\nrow`))?.length).toBe(HEADER.length + 1);
    expect(restHeader(utf8(`\n${HEADER}\n`))).toBeNull();
    expect(restHeader(utf8(`\ufeff\r\n${HEADER}\n`))).toBeNull();
    expect(restHeader(utf8(`"Crime ID",Month\n`))).toBeNull();
    expect(restHeader(utf8(HEADER))).toBeNull();
  });
});
