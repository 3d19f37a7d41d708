/**
 * What a crime filter selects, and how to say it in a sentence.
 *
 * Conventions:
 * - `categories: null` means "all crime", which EXCLUDES Anti-social behaviour unless
 *   `includeAsb` is true (notifiable offences only, as the partnership plans count it).
 * - An explicit list selects exactly what it names; `includeAsb` then plays no part
 *   (naming 'Anti-social behaviour' in the list selects it).
 * - List items are police.uk crime types (any case, API slugs too) or composite group ids
 *   from COMPOSITE_GROUPS ('property', 'acquisitive', 'violence'), which expand to members.
 * - The empty category name '' (dictionary slot 0) is never selected.
 */
import { ASB, COMPOSITE_GROUPS, canonicalCategory } from '../core/categories.ts';

export interface CrimeFilter {
  /** Month indexes (months.ts), inclusive. */
  from: number;
  to: number;
  /** police.uk crime types and/or composite group ids; null = all crime. */
  categories: string[] | null;
  /** Only for `categories: null`: also count Anti-social behaviour. */
  includeAsb: boolean;
}

function groupOf(item: string): { label: string; members: readonly string[] } | null {
  const key = item.trim().toLowerCase();
  return Object.prototype.hasOwnProperty.call(COMPOSITE_GROUPS, key) ? COMPOSITE_GROUPS[key] : null;
}

function canonical(name: string): string {
  return canonicalCategory(name) ?? name.trim();
}

/** The police.uk crime types an explicit category list names (composite groups expanded). */
export function expandCategories(items: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const item of items) {
    const group = groupOf(item);
    if (group) for (const m of group.members) out.add(m);
    else out.add(canonical(item));
  }
  return out;
}

/** mask[c] = 1 when category c of the table (by its name) passes the filter. */
export function categoryMask(filter: Pick<CrimeFilter, 'categories' | 'includeAsb'>, categoryNames: readonly string[]): Uint8Array {
  const mask = new Uint8Array(categoryNames.length);
  const wanted = filter.categories === null ? null : expandCategories(filter.categories);
  for (let c = 0; c < categoryNames.length; c++) {
    const name = categoryNames[c];
    if (name.trim() === '') continue;
    const canon = canonical(name);
    if (wanted === null) mask[c] = canon === ASB && !filter.includeAsb ? 0 : 1;
    else mask[c] = wanted.has(canon) ? 1 : 0;
  }
  return mask;
}

/** "A", "A and B", "A, B and C" (no Oxford comma, as the plans write). */
export function joinWithAnd(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** Sentence wording of one list item: "burglary", "property crime (burglary, robbery, vehicle crime)". */
function itemWording(item: string): string {
  const group = groupOf(item);
  return lowerFirst(group ? group.label : canonical(item));
}

/** At most this many loaded crime types are named instead of "all crime" (NARROW_EXTRACT rule). */
export const NAMED_TYPES_MAX = 3;

/**
 * The crime types "all crime" selects in data that hold only a few (a burglary-only extract),
 * or null when the wording "all crime" is right. Rule: with `categories: null`, when the loaded
 * data (`loaded`: the crime types with at least one row) hold between 1 and NAMED_TYPES_MAX
 * types that the filter selects, those types are named ("burglary"), in police.uk order; with
 * more, the sentence says "crime" (a whole police.uk extract holds 12–14 types).
 */
export function narrowedTypes(filter: Pick<CrimeFilter, 'categories' | 'includeAsb'>, loaded?: readonly string[]): string[] | null {
  if (filter.categories !== null || !loaded) return null;
  const picked = [...new Set(loaded.map(canonical).filter((c) => c !== '' && (filter.includeAsb || c !== ASB)))];
  return picked.length >= 1 && picked.length <= NAMED_TYPES_MAX ? picked : null;
}

/**
 * The filter's crime types as a phrase used mid-sentence:
 * "all crime excluding anti-social behaviour", "all crime and anti-social behaviour",
 * "burglary", "property crime (burglary, robbery, vehicle crime)", "burglary and drugs".
 * `loaded` (the crime types present in the data) narrows "all crime" to the types of an
 * extract that holds only a few (narrowedTypes): a burglary-only file gives "burglary".
 */
export function describeFilter(filter: Pick<CrimeFilter, 'categories' | 'includeAsb'>, loaded?: readonly string[]): string {
  const narrow = narrowedTypes(filter, loaded);
  if (narrow) return joinWithAnd(narrow.map(lowerFirst));
  if (filter.categories === null) return filter.includeAsb ? 'all crime and anti-social behaviour' : 'all crime excluding anti-social behaviour';
  // A type that a selected group already holds is not named again ("Burglary" with "property"
  // reads "property crime (burglary, robbery, vehicle crime)", not "burglary and property crime …").
  const inGroups = new Set<string>();
  for (const item of filter.categories) for (const m of groupOf(item)?.members ?? []) inGroups.add(m);
  const parts: string[] = [];
  for (const item of filter.categories) {
    if (!groupOf(item) && inGroups.has(canonical(item))) continue;
    const w = itemWording(item);
    if (w !== '' && !parts.includes(w)) parts.push(w);
  }
  return parts.length === 0 ? 'no crime types' : joinWithAnd(parts);
}

/**
 * The filter as the subject of the plans' headline sentence, split so the sentence can
 * set the qualifier off with commas: "41% of crime, excluding anti-social behaviour, in 2017 …".
 */
export interface FilterPhrase {
  noun: string;
  qualifier: string | null;
}

export function filterPhrase(filter: Pick<CrimeFilter, 'categories' | 'includeAsb'>, loaded?: readonly string[]): FilterPhrase {
  const narrow = narrowedTypes(filter, loaded);
  if (narrow) return { noun: joinWithAnd(narrow.map(lowerFirst)), qualifier: null };
  if (filter.categories === null) {
    return filter.includeAsb ? { noun: 'crime and anti-social behaviour', qualifier: null } : { noun: 'crime', qualifier: 'excluding anti-social behaviour' };
  }
  return { noun: describeFilter(filter), qualifier: null };
}
