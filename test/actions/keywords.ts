/**
 * Keyword overlap between an action summary and its source lines: lower-cased words of
 * 4+ letters that are not stop words, compared by a crude stem (plural/-ing/-ed endings
 * dropped, first 6 letters). Generic plan verbs ("deliver", "improve", "support",
 * "partnership" …) are stop words, so a match means the subject matches.
 */
const STOP = new Set(
  (
    'the and for with from that this into their them they have will been were are was its our out all any more most over such than then also each only ' +
    'other some very what when where which while who why how about across after again against around because before being both can could did does doing ' +
    'down during few further here just like make made many much must not off once own same should too under until upon well would year years work ' +
    'working partners partner partnership deliver ensure support continue develop improve provide including through between within those these there ' +
    'keep take give plan plans action actions'
  ).split(' '),
);

const words = (s: string): string[] =>
  (s.toLowerCase().match(/[a-z][a-z&]+/g) ?? []).filter((w) => w.length >= 4 && !STOP.has(w));
const stem = (w: string): string => w.replace(/(ing|ed|es|s)$/, '').slice(0, 6);

/** Summary words whose stems occur in the source text. */
export function sharedKeywords(summary: string, source: string): string[] {
  const have = new Set(words(source).map(stem));
  return [...new Set(words(summary).filter((w) => have.has(stem(w))))];
}
