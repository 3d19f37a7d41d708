/**
 * The plans' own headline sentence, e.g.
 *   "41% of crime, excluding anti-social behaviour, in 2017 was recorded in 5 of
 *    Haringey's 19 wards: Noel Park, Tottenham Green, Northumberland Park, Tottenham Hale
 *    and Bruce Grove."
 *
 * Conventions:
 * - Percentages are rounded to whole numbers ("41%"); a non-zero share under 0.5% reads "<1%".
 * - Lists use "A, B and C" (no Oxford comma).
 * - N is capped at the number of wards that recorded any crime: a ward with none is never
 *   named as part of a concentration.
 * - Period labels: "in March 2018" (one month), "in 2017" (one calendar year),
 *   "between January 2017 and June 2018" (anything else).
 * - The area (AreaName) comes from the boundary files' local-authority column: one authority
 *   (≥ 90% of the wards) → "5 of Liverpool's 30 wards"; several → "5 of the 111 wards of
 *   Knowsley, Liverpool, Sefton and Wirral" (names in alphabetical order; five or more: "of the
 *   111 wards of 5 local authorities (Knowsley, Liverpool, Sefton and 2 more)"); no column →
 *   "5 of the 30 loaded wards".
 * - What was counted comes from filterPhrase with the loaded crime types, so a burglary-only
 *   extract reads "41% of burglary …", never "41% of crime …".
 */
import { joinWithAnd, subjectWithPeriod, type FilterPhrase } from './phrasing.ts';
import { monthLabel } from '../core/months.ts';
import type { WardRow } from './shares.ts';

export interface HeadlineInput {
  /** Ward rows as wardShares returns them (count descending). */
  rows: readonly WardRow[];
  /** How many wards to name; default 5. */
  n?: number;
  /** What is counted, from filterPhrase(). */
  what: FilterPhrase;
  /** Period label from periodLabel(), e.g. "in 2017". */
  period: string;
  /** The area the wards cover (areaName): one name, several local authorities, or null. */
  area: AreaName;
}

/** One area's name ("Haringey", "London"), the local authorities of wards spanning several, or null (no local-authority column). */
export type AreaName = string | { authorities: string[] } | null;

const fmt = new Intl.NumberFormat('en-GB');

/**
 * The area from the boundaries' metadata: `borough` when one authority holds the wards (or
 * "London"), else the distinct authorities when there are several, else null.
 */
export function areaName(borough: string | null, authorities: readonly { name: string }[]): AreaName {
  if (borough) return borough;
  const names = [...new Set(authorities.map((a) => a.name.trim()).filter((n) => n !== ''))].sort((a, b) =>
    a.localeCompare(b, 'en-GB'),
  );
  if (names.length === 1) return names[0];
  return names.length ? { authorities: names } : null;
}

/** "Liverpool's 30 wards", "the 111 wards of Knowsley, Liverpool and Sefton", "the 30 loaded wards". */
export function wardsOfArea(area: AreaName, nWards: number): string {
  const wards = `${fmt.format(nWards)} ward${nWards === 1 ? '' : 's'}`;
  if (typeof area === 'string' && area.trim()) return `${possessive(area)} ${wards}`;
  if (area && typeof area === 'object' && area.authorities.length) {
    const names = area.authorities;
    const list =
      names.length <= 4
        ? joinWithAnd(names)
        : `${names.length} local authorities (${names.slice(0, 3).join(', ')} and ${names.length - 3} more)`;
    return `the ${wards} of ${list}`;
  }
  return `the ${fmt.format(nWards)} loaded ward${nWards === 1 ? '' : 's'}`;
}

/** The area as a short noun for other sentences: "Haringey", "Knowsley, Liverpool and Sefton", "the loaded wards". */
export function areaLabel(area: AreaName): string {
  if (typeof area === 'string' && area.trim()) return area.trim();
  if (area && typeof area === 'object' && area.authorities.length) {
    const names = area.authorities;
    return names.length <= 4 ? joinWithAnd(names) : `${names.length} local authorities`;
  }
  return 'the loaded wards';
}

/** "41%"; "<1%" for a non-zero share that would round to 0. */
export function formatShare(share: number): string {
  const pct = Math.round(share * 100);
  return pct === 0 && share > 0 ? '<1%' : `${pct}%`;
}

/** "in March 2018", "in 2017", "between January 2017 and June 2018". */
export function periodLabel(from: number, to: number): string {
  if (from === to) return `in ${monthLabel(from)}`;
  if (from % 12 === 0 && to === from + 11) return `in ${Math.floor(from / 12) + 1970}`;
  return `between ${monthLabel(from)} and ${monthLabel(to)}`;
}

/** "Haringey's", "the area's"; an s-final name keeps the plain apostrophe-s ("Barnes's"). */
export function possessive(area: string | null): string {
  const a = area?.trim();
  return a ? `${a}'s` : "the area's";
}

const subject = subjectWithPeriod;

/** The headline sentence. */
export function headline(input: HeadlineInput): string {
  const { rows, what, period, area } = input;
  const wanted = Math.max(1, Math.floor(input.n ?? 5));
  const total = rows.reduce((s, r) => s + r.count, 0);
  const wardsPhrase = wardsOfArea(area, rows.length);
  if (!(total > 0)) return `No ${subject(what, period)} was recorded in ${wardsPhrase}.`;
  let n = Math.min(wanted, rows.length);
  while (n > 0 && rows[n - 1].count <= 0) n--;
  const share = formatShare(rows[n - 1].cumulativeShare);
  const names = joinWithAnd(rows.slice(0, n).map((r) => r.name));
  return `${share} of ${subject(what, period)} was recorded in ${n} of ${wardsPhrase}: ${names}.`;
}

/** True when the N-th and (N+1)-th wards tie, so which ward is named is decided by name order. */
export function tieAtCutoff(rows: readonly WardRow[], n = 5): boolean {
  return n >= 1 && n < rows.length && rows[n - 1].count === rows[n].count && rows[n].count > 0;
}

/** Shown beside every ward-concentration statement. */
export const WARD_CONCENTRATION_CAVEAT =
  'Wards are large areas: a ward-level share is not comparable with street-segment benchmarks such as ' +
  "Weisburd's law of crime concentration (about 50% of crime on 2–6% of street segments). Within a " +
  'high-crime ward, crime is usually concentrated in a few streets and places.';
