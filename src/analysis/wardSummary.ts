/**
 * The ward panel's plain-language summary and the public-mode small-count rule. PURE: no DOM.
 *
 *   "Noel Park recorded 3,024 crimes in 2017, 11% of Haringey's, the highest of 19 wards; 212 fewer than in 2016."
 *
 * Wording rules (calm and contextual, as ward panels and the public expect; seeds-digest §3.3, R27):
 * - Rank: "the highest", "the 3rd highest", "the joint 3rd highest" (equal counts share a rank),
 *   "the lowest" (no ward has fewer). Ranks count down from the most crime.
 * - Comparison clause only when the comparison period is loaded (previous !== null):
 *   |z| < 1.96 (Poisson z = 2(√C − √P), compare.ts) → "about the same as in 2016";
 *   otherwise "212 fewer than in 2016" / "212 more than in 2016".
 * - No crimes → "Noel Park recorded no crimes in 2017." (no share or rank).
 *
 * Public mode (suppression rule, documented in docs and tested with exact strings):
 * - Counts of SENSITIVE categories (violence and sexual offences, and the legacy violence and sexual
 *   offence categories) from 1 to threshold − 1 (default threshold 10) read "fewer than 10".
 * - Any other count of 1 or 2, in any category or in a mixed total, reads "fewer than 3", so a single
 *   rare incident cannot be pointed at on a ward page.
 * - 0 stays "0"; every other count is shown as is. A suppressed summary drops the share, the rank and
 *   the size of the change, keeping only its direction or "about the same".
 * - The size of the change is not shown when either count is suppressed (count − change = the earlier count).
 * The panel's other figures (types, months, hotspot lines) follow the same rule with secondary suppression:
 * disclosure.ts and wardPanelModel.ts.
 */
import { formatShare, periodLabel, possessive } from './headline.ts';
import { Z_LIKELY } from './compare.ts';
import { expandCategories } from './filter.ts';
import { figure, SMALL_COUNT_FLOOR as FLOOR } from './disclosure.ts';

export const SENSITIVE_CATEGORIES: readonly string[] = [
  'Violence and sexual offences',
  'Violent crime',
  'Violence against the person',
  'Sexual offences',
];
export const DEFAULT_SUPPRESS_THRESHOLD = 10;
/** Any count below this (1 or 2) is shown as "fewer than 3" in public mode. */
export const SMALL_COUNT_FLOOR = FLOOR;

const fmt = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

export function isSensitiveCategory(category: string | null): boolean {
  return category !== null && SENSITIVE_CATEGORIES.includes(category);
}

/** True when a filter selects only sensitive categories (so its totals are a sensitive count). */
export function isSensitiveFilter(categories: readonly string[] | null): boolean {
  if (!categories || !categories.length) return false;
  const all = [...expandCategories(categories)];
  return all.length > 0 && all.every((c) => isSensitiveCategory(c));
}

export interface PublicOptions {
  /** Public mode on. */
  public: boolean;
  /** Counts of sensitive categories below this read "fewer than <threshold>" [10]. */
  threshold?: number;
}

/** A count as shown: formatted, or "fewer than N" when public mode suppresses it (disclosure.ts figure). */
export function publicCount(
  count: number,
  sensitive: boolean,
  opts: PublicOptions,
): { text: string; suppressed: boolean } {
  const f = figure(count, sensitive, {
    public: opts.public,
    sensitiveMin: opts.threshold ?? DEFAULT_SUPPRESS_THRESHOLD,
  });
  return { text: f.text, suppressed: f.state !== 'shown' };
}

/** "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st". */
export function ordinal(n: number): string {
  const m100 = n % 100;
  if (m100 >= 11 && m100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

export interface SummaryWard {
  code: string;
  name: string;
  count: number;
  previous: number | null;
  poissonZ: number | null;
}

export interface WardSummaryInput {
  code: string;
  /** Every ward of the area (counts in the same window and filter). */
  wards: readonly SummaryWard[];
  /** Borough name for "11% of Haringey's"; null → "the area's". */
  area: string | null;
  /** Window [from, to] as month indexes (months.ts). */
  period: [number, number];
  /** Comparison window, or null when it is not loaded. */
  compare: [number, number] | null;
  /** What is counted, when not all crime: "burglary" → "crimes (burglary)". */
  what?: string | null;
  /** Public mode: the count is suppressed by publicCount when small. */
  publicMode?: PublicOptions | null;
  /** The counted crimes are a sensitive category (the filter selects only such). */
  sensitive?: boolean;
}

export function rankPhrase(count: number, counts: readonly number[]): string {
  const higher = counts.filter((c) => c > count).length;
  const equal = counts.filter((c) => c === count).length;
  const lower = counts.filter((c) => c < count).length;
  const joint = equal > 1 ? 'joint ' : '';
  if (higher === 0) return `the ${joint}highest`;
  if (lower === 0) return `the ${joint}lowest`;
  return `the ${joint}${ordinal(higher + 1)} highest`;
}

/** The ward panel's summary sentence (exact wording in the header comment). */
export function wardSummary(input: WardSummaryInput): string {
  const w = input.wards.find((x) => x.code === input.code);
  if (!w) return 'This ward is not in the loaded boundaries.';
  const period = periodLabel(input.period[0], input.period[1]);
  const noun = (n: number | null) => `${n === 1 ? 'crime' : 'crimes'}${input.what ? ` (${input.what})` : ''}`;
  const total = input.wards.reduce((s, x) => s + x.count, 0);
  const shown = publicCount(w.count, !!input.sensitive, input.publicMode ?? { public: false });
  let compareClause = '';
  if (input.compare && w.previous !== null) {
    const than = periodLabel(input.compare[0], input.compare[1]);
    const z = w.poissonZ ?? 2 * (Math.sqrt(w.count) - Math.sqrt(w.previous));
    const diff = w.count - w.previous;
    // In public mode the size of the change is shown only when both counts are (disclosure.ts:
    // count − change = the earlier count).
    const prevSmall = publicCount(w.previous, !!input.sensitive, input.publicMode ?? { public: false }).suppressed;
    if (Math.abs(z) < Z_LIKELY || diff === 0) compareClause = `about the same as ${than}`;
    else if (shown.suppressed || prevSmall) compareClause = `${diff < 0 ? 'fewer' : 'more'} than ${than}`;
    else compareClause = `${fmt.format(Math.abs(diff))} ${diff < 0 ? 'fewer' : 'more'} than ${than}`;
  }
  const tail = compareClause ? `; ${compareClause}.` : '.';
  if (w.count <= 0) return `${w.name} recorded no ${noun(null)} ${period}${tail}`;
  if (shown.suppressed) return `${w.name} recorded ${shown.text} ${noun(null)} ${period}${tail}`;
  const share = total > 0 ? formatShare(w.count / total) : '0%';
  const n = input.wards.length;
  const rank = rankPhrase(
    w.count,
    input.wards.map((x) => x.count),
  );
  return `${w.name} recorded ${fmt.format(w.count)} ${noun(w.count)} ${period}, ${share} of ${possessive(input.area)}, ${rank} of ${n} ward${n === 1 ? '' : 's'}${tail}`;
}
