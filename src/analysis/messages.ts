/**
 * Folding the load's messages for the data-quality panel.
 *
 * The crime parsers report per file (src/io/fileAccount.ts). Some of those lines are routine
 * and come once per file: a year of police.uk API files for one borough is one JSON per ward per
 * month (19 wards × 12 months = 228 files), and per-ward queries return the crimes on a ward
 * boundary for both wards, so nearly every file says "N record(s) with an id already loaded
 * skipped": hundreds of lines that hide the few that matter.
 *
 * foldMessages folds the info lines of each kind listed in FOLDABLE into ONE line, in the place
 * of the first of them, with the total and the number of files, e.g.
 *   "3,412 records with an id already loaded were skipped across 211 files (per-ward API
 *    queries return crimes on ward boundaries twice)"   (file: "211 files", line: 0)
 * Errors and warnings are never folded (one per file, untouched), nor other info lines. A kind
 * that occurs in one message only is left as it is (it names its file and line). Order: each
 * message (or folded line) in the order of first appearance.
 */
import type { IngestMessage } from '../core/types.ts';

/** A kind of per-file info line that folds: how to recognise it, read its count and word the folded line. */
interface FoldRule {
  /** Matches the whole message of one file's line (fileAccount.ts wording). */
  pattern: RegExp;
  /** The count a matched line reports. */
  count: (m: RegExpExecArray) => number;
  /** The folded line, from the total, the number of files and the files' names. */
  folded: (total: number, files: number, names: readonly string[]) => string;
}

const fmt = (n: number) => n.toLocaleString('en-GB');
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
const filesLabel = (n: number) => `${fmt(n)} ${plural(n, 'file', 'files')}`;
/** "1,234" → 1234 (the parsers write plain integers; separators accepted all the same). */
const countOf = (m: RegExpExecArray) => Number(m[1].replace(/,/g, ''));

/** The kinds of info line that fold (see the header). */
export const FOLDABLE: readonly FoldRule[] = [
  {
    // 'duplicate-id' (apiJson.ts, genericCsv.ts)
    pattern: /^(\d[\d,]*) record\(s\) with an id already loaded skipped$/,
    count: countOf,
    folded: (total, files, names) =>
      `${fmt(total)} ${plural(total, 'record with an id already loaded was', 'records with an id already loaded were')} skipped across ${filesLabel(files)}` +
      // The reason is only known for police.uk API files (.json); generic CSVs with an id column fold without it.
      (names.every((f) => /\.json$/i.test(f)) ? ' (per-ward API queries return crimes on ward boundaries twice)' : ''),
  },
  {
    // 'duplicate-row' (policeUkCsv.ts, genericCsv.ts)
    pattern:
      /^(\d[\d,]*) row\(s\) identical to rows already loaded from another file \(overlapping extracts\?\) skipped$/,
    count: countOf,
    folded: (total, files) =>
      `${fmt(total)} ${plural(total, 'row identical to a row', 'rows identical to rows')} already loaded from another file ${plural(total, 'was', 'were')} skipped across ${filesLabel(files)} (overlapping extracts?)`,
  },
];

/** The load's messages with the routine per-file info lines folded (see the header). Pure: the input is not changed. */
export function foldMessages(messages: readonly IngestMessage[]): IngestMessage[] {
  /** Per rule: the matching messages and their counts. */
  const hits = FOLDABLE.map(() => [] as { m: IngestMessage; n: number }[]);
  const ruleOf = messages.map((m) => {
    if (m.level !== 'info') return -1;
    for (let r = 0; r < FOLDABLE.length; r++) {
      const x = FOLDABLE[r].pattern.exec(m.message);
      if (x) {
        hits[r].push({ m, n: FOLDABLE[r].count(x) });
        return r;
      }
    }
    return -1;
  });
  const out: IngestMessage[] = [];
  const done = new Set<number>();
  messages.forEach((m, i) => {
    const r = ruleOf[i];
    if (r < 0 || hits[r].length < 2) {
      out.push(m);
      return;
    }
    if (done.has(r)) return;
    done.add(r);
    const names = [...new Set(hits[r].map((h) => h.m.file))];
    const total = hits[r].reduce((s, h) => s + h.n, 0);
    out.push({
      level: 'info',
      file: filesLabel(names.length),
      line: 0,
      message: FOLDABLE[r].folded(total, names.length, names),
    });
  });
  return out;
}
