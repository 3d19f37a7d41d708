/**
 * The police.uk line scanner must hash every plain line exactly like hashRow, whatever
 * bytes it holds (tabs, lone CRs, other control bytes, non-ASCII): a row read by the
 * scanner in one file and by the reader's general path in another (here: the last line of
 * a file without a final newline, or a chunk boundary inside the row) is the same row.
 */
import { describe, expect, it } from 'vitest';
import { CrimeIngest } from '../../src/io/crimeIngest.ts';
import { HEADER, NOW, row, utf8 } from './fixtures.ts';

function readSplit(ing: CrimeIngest, name: string, bytes: Uint8Array, at: number) {
  ing.beginFile(name, bytes.length);
  ing.pushChunk(bytes.subarray(0, at));
  ing.pushChunk(bytes.subarray(at));
  return ing.endFile();
}

const odd = [
  row({ loc: 'On or near\tHigh Street' }),
  row({ loc: 'On or near High\rStreet' }),
  row({ loc: 'On or near High\fStreet\u000b' }),
  row({ loc: 'On or near Caf\u00e9 Street\t' }),
  row({ id: '\t', loc: 'On or near\tA' }),
  row({ id: 'abc', loc: 'On or near\tAB' }),
  row({ loc: 'On or near Plain Road' }),
];

describe('police.uk scanner hashes like hashRow', () => {
  for (const [k, r] of odd.entries()) {
    it(`row ${k}: scanner path and general path give the same row hash`, () => {
      const first = row({ loc: 'On or near Elm Road' });
      const withLf = utf8([HEADER, first, r, ''].join('\n'));
      const noLf = utf8([HEADER, first, r].join('\n'));
      const rowStart = HEADER.length + first.length + 2;
      for (const [bytes, cut] of [
        [noLf, 0],
        [withLf, rowStart + 5],
        [noLf, rowStart + 5],
      ] as const) {
        const ing = new CrimeIngest({ now: NOW });
        const a = ing.addFile('a.csv', withLf);
        expect(a.accepted).toBe(2);
        const b = cut ? readSplit(ing, 'b.csv', bytes, cut) : ing.addFile('b.csv', bytes);
        expect(b.rowsRead).toBe(2);
        expect(b.rejected).toEqual({ 'duplicate-row': 2 });
      }
    });
  }
});
