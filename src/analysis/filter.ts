/**
 * What a crime filter selects, and how to say it in a sentence.
 *
 * Conventions:
 * - `categories: null` means "all crime", which EXCLUDES Anti-social behaviour unless
 *   `includeAsb` is true (notifiable offences only, as the partnership plans count it).
 * - An explicit list selects what it names, and Anti-social behaviour too when `includeAsb`
 *   is true (the page's switch and the CLI's --include-asb mean "count ASB as well" whatever
 *   else is ticked); naming 'Anti-social behaviour' in the list also selects it.
 * - List items are police.uk crime types (any case, API slugs too) or composite group ids
 *   from COMPOSITE_GROUPS ('property', 'acquisitive', 'violence'), which expand to members.
 * - The empty category name '' (dictionary slot 0) is never selected.
 */
import { ASB, canonicalCategory } from '../core/categories.ts';
import { describeSelection, selectedTypes, selectionPhrase, type FilterPhrase } from './phrasing.ts';

export interface CrimeFilter {
  /** Month indexes (months.ts), inclusive. */
  from: number;
  to: number;
  /** police.uk crime types and/or composite group ids; null = all crime. */
  categories: string[] | null;
  /** Only for `categories: null`: also count Anti-social behaviour. */
  includeAsb: boolean;
}

/** The police.uk crime types an explicit category list names (composite groups expanded; the ASB switch plays no part here). */
export function expandCategories(items: readonly string[]): Set<string> {
  return selectedTypes({ categories: items, includeAsb: false }) ?? new Set<string>();
}

/** mask[c] = 1 when category c of the table (by its name) passes the filter. */
export function categoryMask(
  filter: Pick<CrimeFilter, 'categories' | 'includeAsb'>,
  categoryNames: readonly string[],
): Uint8Array {
  const mask = new Uint8Array(categoryNames.length);
  const wanted = selectedTypes(filter);
  for (let c = 0; c < categoryNames.length; c++) {
    const name = categoryNames[c];
    if (name.trim() === '') continue;
    const canon = canonicalCategory(name) ?? name.trim();
    if (wanted === null) mask[c] = canon === ASB && !filter.includeAsb ? 0 : 1;
    else mask[c] = wanted.has(canon) ? 1 : 0;
  }
  return mask;
}

// The wording lives in the phrasing service (phrasing.ts); these names stay for the callers.
export { joinWithAnd, narrowedTypes, NAMED_TYPES_MAX, type FilterPhrase } from './phrasing.ts';

/** The filter's crime types as a phrase used mid-sentence (phrasing.ts describeSelection). */
export function describeFilter(
  filter: Pick<CrimeFilter, 'categories' | 'includeAsb'>,
  loaded?: readonly string[],
): string {
  return describeSelection(filter, loaded);
}

/** The filter as the headline's subject (phrasing.ts selectionPhrase). */
export function filterPhrase(
  filter: Pick<CrimeFilter, 'categories' | 'includeAsb'>,
  loaded?: readonly string[],
): FilterPhrase {
  return selectionPhrase(filter, loaded);
}
