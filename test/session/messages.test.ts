/**
 * foldMessages: the routine per-file info lines (duplicate ids, duplicate rows) become one
 * counted line each; errors, warnings and other info lines stay one per file, in order.
 */
import { describe, expect, it } from 'vitest';
import { FOLDABLE, foldMessages } from '../../src/analysis/messages.ts';
import { AnalysisSession } from '../../src/analysis/session.ts';
import type { IngestMessage } from '../../src/core/types.ts';
import { dataPath, describeData, sessionFile, walk } from '../helpers/sharedData.ts';

const info = (file: string, message: string, line = 3): IngestMessage => ({ level: 'info', file, line, message });
const dupId = (file: string, n: number) => info(file, `${n} record(s) with an id already loaded skipped`);
const dupRow = (file: string, n: number) =>
  info(file, `${n} row(s) identical to rows already loaded from another file (overlapping extracts?) skipped`);

describe('foldMessages', () => {
  it('folds each foldable kind into one line at its first place; errors and warnings stay one per file', () => {
    const err: IngestMessage = {
      level: 'error',
      file: 'c.json',
      line: 0,
      message: 'not a file Hotspot Atlas can read',
    };
    const warnA: IngestMessage = { level: 'warning', file: 'a.csv', line: 7, message: '2 malformed row(s) skipped' };
    const warnB: IngestMessage = { level: 'warning', file: 'b.csv', line: 9, message: '2 malformed row(s) skipped' };
    const other = info('g.csv', 'read as a generic CSV with the columns longitude = "x"', 1);
    const input = [
      warnA,
      dupId('a.json', 1200),
      err,
      dupRow('a.csv', 4),
      dupId('b.json', 2212),
      other,
      warnB,
      dupRow('b.csv', 1),
      dupId('d.json', 1),
    ];
    const copy = structuredClone(input);
    expect(foldMessages(input)).toEqual([
      warnA,
      {
        level: 'info',
        file: '3 files',
        line: 0,
        message:
          '3,413 records with an id already loaded were skipped across 3 files (per-ward API queries return crimes on ward boundaries twice)',
      },
      err,
      {
        level: 'info',
        file: '2 files',
        line: 0,
        message:
          '5 rows identical to rows already loaded from another file were skipped across 2 files (overlapping extracts?)',
      },
      other,
      warnB,
    ]);
    expect(input).toEqual(copy); // pure
  });
  it('leaves a kind seen in one file as it is; no reason given for ids of non-API files', () => {
    const one = [dupId('a.json', 3), info('x', 'something else')];
    expect(foldMessages(one)).toEqual(one);
    expect(foldMessages([dupId('a.csv', 1), dupId('b.csv', 1)])).toEqual([
      {
        level: 'info',
        file: '2 files',
        line: 0,
        message: '2 records with an id already loaded were skipped across 2 files',
      },
    ]);
    // Warnings worded like a foldable info line are not folded.
    const warns: IngestMessage[] = [
      { ...dupId('a.json', 1), level: 'warning' },
      { ...dupId('b.json', 1), level: 'warning' },
    ];
    expect(foldMessages(warns)).toEqual(warns);
    expect(foldMessages([])).toEqual([]);
  });
  it('is driven by a table of patterns, each reading its count from the message', () => {
    expect(FOLDABLE.length).toBeGreaterThanOrEqual(2);
    const samples = [dupId('f', 12).message, dupRow('f', 1234).message];
    for (const [i, text] of samples.entries()) {
      const m = FOLDABLE[i].pattern.exec(text) as RegExpExecArray;
      expect(m).not.toBeNull();
      expect(FOLDABLE[i].count(m)).toBe(i === 0 ? 12 : 1234);
    }
  });
});

const file = sessionFile;

describeData(
  'foldMessages on Haringey police.uk API files (one per ward per month)',
  'police-uk/api-json/crimes-street-haringey-wards',
  () => {
    it("one counted line for the duplicate ids; the total is the sum of the files' rejected duplicate-id", () => {
      const s = new AnalysisSession(new Date(Date.UTC(2026, 0, 1)));
      s.addFiles([file(dataPath('boundaries/wards-2014-gla-london/derived/haringey_wards_2014_wgs84.geojson'))]);
      // One year: 2017-01 … 2017-12, 19 wards × 12 months = 228 files.
      const files = walk(dataPath('police-uk/api-json/crimes-street-haringey-wards')).filter((f) =>
        /london_month_2017_/.test(f),
      );
      expect(files).toHaveLength(228);
      s.addFiles(files.map(file));
      const r = s.run({
        filter: { from: null, to: null, categories: null, includeAsb: false },
        compare: null,
        kde: null,
        topN: 5,
      });
      const perFile = r.input.files.map((f) => f.rejected['duplicate-id'] ?? 0);
      const withDup = perFile.filter((n) => n > 0).length;
      const total = perFile.reduce((a, b) => a + b, 0);
      const isDup = (m: IngestMessage) => /with an id already loaded/.test(m.message);
      expect(r.messages.filter(isDup)).toHaveLength(withDup);
      expect(withDup).toBeGreaterThan(100);
      const folded = foldMessages(r.messages);
      const lines = folded.filter(isDup);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toEqual({
        level: 'info',
        file: `${withDup} files`,
        line: 0,
        message: `${total.toLocaleString('en-GB')} records with an id already loaded were skipped across ${withDup} files (per-ward API queries return crimes on ward boundaries twice)`,
      });
      expect(total).toBe(r.input.rejected['duplicate-id']);
      // Everything else is kept, in order.
      expect(folded.filter((m) => !isDup(m))).toEqual(r.messages.filter((m) => !isDup(m)));
      expect(folded.length).toBe(r.messages.length - withDup + 1);
    });
  },
);
