/**
 * The police.uk fused scanner (split + hash in one pass) must hash exactly like hashRow,
 * and the deferred, month-bucketed duplicate set must keep the cross-file rule.
 */
import { describe, expect, it } from 'vitest';
import { CrimeIngest } from '../../src/io/crimeIngest.ts';
import { RowHashSet, hashRow, NO_BUCKET } from '../../src/io/rowHashSet.ts';
import { HEADER, NOW, row, utf8 } from './fixtures.ts';

function ingest(files: string[]) {
  const ing = new CrimeIngest({ now: NOW });
  const reports = files.map((f, k) => ing.addFile(`f${k}.csv`, utf8(f)));
  return { reports, ...ing.finish() };
}

// Rows of every length mod 4 (the LF lands at each position of a word), with and without ids.
const rows = Array.from({ length: 24 }, (_, i) =>
  row({ id: 'x'.repeat(i % 5), loc: `On or near ${'A'.repeat(i % 7)}`, month: i % 2 ? '2018-05' : '2018-06' }),
);

describe('duplicate rows across files (fused scanner + deferred set)', () => {
  it('the same rows with CRLF line ends, and quoted-path rows, are duplicates of LF rows', () => {
    const lf = [HEADER, ...rows].join('\n') + '\n';
    const crlf = [HEADER, ...rows].join('\r\n') + '\r\n';
    const { reports } = ingest([lf, crlf]);
    expect(reports[0].accepted).toBe(rows.length);
    expect(reports[1]).toMatchObject({
      rowsRead: rows.length,
      accepted: 0,
      rejected: { 'duplicate-row': rows.length },
    });
  });

  it('a row whose bytes contain a quote (general path, hashRow) matches the same row in another file', () => {
    const q = row({ loc: 'On or near "The" Street' });
    const { reports } = ingest([[HEADER, q, row()].join('\n'), [HEADER, q].join('\n')]);
    expect(reports[1].rejected).toEqual({ 'duplicate-row': 1 });
  });

  it('identical rows within a file are kept; only rows held by another file are duplicates, whatever the month', () => {
    const a = row({ month: '2018-05' });
    const b = row({ month: '2018-06' });
    const c = row({ month: 'bad' });
    const { reports } = ingest([
      [HEADER, a, a, c].join('\n'),
      [HEADER, b, b].join('\n'),
      [HEADER, a, b, c, row({ month: '2018-07' })].join('\n'),
    ]);
    expect(reports[0].accepted).toBe(2);
    expect(reports[1].accepted).toBe(2);
    expect(reports[2]).toMatchObject({ rowsRead: 4, accepted: 1, rejected: { 'duplicate-row': 3 } });
  });

  it('a header with the month in another column still finds byte-identical rows', () => {
    const cols = HEADER.split(',');
    const swapped = [cols[0], cols[2], cols[1], ...cols.slice(3)].join(',');
    // Same bytes: read as month "Metropolitan Police Service" → bad month in file 2, still a duplicate.
    const r = row();
    const { reports } = ingest([[HEADER, r].join('\n'), [swapped, r].join('\n')]);
    expect(reports[1].rejected).toEqual({ 'duplicate-row': 1 });
  });
});

describe('RowHashSet', () => {
  it('seenElsewhere: own rows never, other files only in buckets they used; holder() interoperates', () => {
    const s = new RowHashSet(4);
    expect(s.seenElsewhere(1, 2, 0, 1, 10)).toBe(false);
    expect(s.seenElsewhere(1, 2, 0, 1, 10)).toBe(false);
    expect(s.seenElsewhere(1, 2, 1, 1, 10)).toBe(true);
    expect(s.seenElsewhere(3, 4, 1, 1, 11)).toBe(false);
    expect(s.seenElsewhere(3, 4, 2, 1, 11)).toBe(true);
    expect(s.holder(3, 4, 3)).toBe(1);
    expect(s.holder(5, 6, 3)).toBe(3);
    expect(s.seenElsewhere(5, 6, 4, 1, NO_BUCKET)).toBe(true);
    expect(s.seenElsewhere(5, 6, 4, 2, 99)).toBe(true);
  });

  it('hashRow reads words little-endian and depends on every byte and the length', () => {
    const out = new Uint32Array(2);
    const seen = new Set<string>();
    const base = utf8('abcdefghij,klmnop');
    for (let e = 0; e <= base.length; e++) {
      hashRow(base, 0, e, out);
      seen.add(`${out[0]},${out[1]}`);
      for (let i = 0; i < e; i++) {
        const b = base.slice();
        b[i] ^= 1;
        hashRow(b, 0, e, out);
        seen.add(`${out[0]},${out[1]}`);
      }
    }
    expect(seen.size).toBe(1 + (base.length * (base.length + 3)) / 2);
  });
});
