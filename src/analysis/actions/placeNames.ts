/**
 * How places are written for people, and how names are compared.
 * Labels: stations get " station", town centres " town centre" unless the name already
 * says "centre" ("Bruce Grove District Centre").
 */
import type { Place, PlaceType } from '../../core/actionTypes.ts';

const normalised = new Map<string, string>();

/** Lower case, '&' → 'and', apostrophes and dots dropped, other punctuation → space, and
 *  a trailing "station" / "town centre" / "ward" / "estate" removed, for name matching. */
export function normalisePlaceName(name: string): string {
  // Memoised: the same few thousand place and ward names are compared on every analysis run.
  let n = normalised.get(name);
  if (n === undefined) {
    if (normalised.size > 100_000) normalised.clear();
    n = normaliseOnce(name);
    normalised.set(name, n);
  }
  return n;
}

function normaliseOnce(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’.]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\b(rail|railway|underground|tube|overground)?\s*station$/, '')
    .replace(/\b(town|district|metropolitan|major)?\s*cent(re|er)$/, '')
    .replace(/\b(ward|estate)$/, '')
    .trim();
}

/** "Seven Sisters station", "Wood Green town centre", "The Salisbury". */
export function placeLabel(name: string, type: PlaceType): string {
  if (type === 'transport hub') return /station$/i.test(name) ? name : `${name} station`;
  if (type === 'town centre') return /cent(re|er)$/i.test(name) ? name : `${name} town centre`;
  return name;
}

export function describePlace(p: Place): string {
  return placeLabel(p.name, p.type);
}
