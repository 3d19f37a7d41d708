/**
 * The phrasing service: every sentence part that says what a selection counts, in one place,
 * pure (no DOM), so the headline, view titles, provenance, exports and the CLI report say the
 * same thing the same way, and a sentence can be read aloud in a meeting or quoted in a report.
 * GOV.UK style: plain words, sentence case, numbers as numerals, "A, B and C" (no Oxford comma).
 *
 * Conventions (tested on every combination of types, groups and the anti-social behaviour
 * switch in test/shares/phrasing.test.ts):
 * - A selection is a list of ticked items — police.uk crime types (any case, API slugs too) and
 *   composite group ids (COMPOSITE_GROUPS: property, acquisitive, violence) — or null for "all
 *   crime", plus the anti-social behaviour (ASB) switch. The switch adds ASB to either ("all crime
 *   and anti-social behaviour", "burglary and anti-social behaviour"); without it, "all crime"
 *   says "excluding anti-social behaviour" and a list names ASB only if ASB itself is in it.
 * - A group is named only when ALL its members are selected (by ticking the group or each of
 *   its members); its members are then not named again. Groups that share a member are not both
 *   named: the larger (acquisitive before property), else the first in COMPOSITE_GROUPS order,
 *   is named and the other's remaining members are named as types. So no crime type is ever
 *   named twice.
 * - Items keep the order the user ticked them in; a group stands where its first member or the
 *   group itself was ticked; ASB comes last.
 * - "All crime" in data holding only 1 to NAMED_TYPES_MAX crime types (a burglary-only extract)
 *   names those types instead (narrowedTypes), in police.uk order.
 * - Counts: "1 crime", "2 crimes" (countNoun); partial lists say how much is shown: "3 of 47
 *   actions" (shownOf).
 */
import { ASB, COMPOSITE_GROUPS, canonicalCategory } from '../core/categories.ts';

/** What a selection counts: the filter's category list (null = all crime) and the ASB switch. */
export interface Selection {
  categories: readonly string[] | null;
  includeAsb: boolean;
}

/** The selection as the subject of a sentence, split so the qualifier can be set off with commas. */
export interface FilterPhrase {
  noun: string;
  qualifier: string | null;
}

/** At most this many loaded crime types are named instead of "all crime" (narrowedTypes). */
export const NAMED_TYPES_MAX = 3;

/** Sentence wording of each group: its name and its members, no word of the name repeated in them. */
const GROUP_WORDS: Readonly<Record<string, string>> = {
  property: 'property crime (burglary, robbery, vehicle crime)',
  acquisitive: 'acquisitive crime (burglary, robbery, vehicle crime, thefts)',
  violence: 'violent crime (violence and sexual offences, robbery, possession of weapons)',
};

const ASB_WORDS = 'anti-social behaviour';

const fmt = new Intl.NumberFormat('en-GB');

/** "A", "A and B", "A, B and C" (no Oxford comma, as the plans write). */
export function joinWithAnd(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "1 crime", "2,345 crimes", "1 linked action"; `plural` for irregular nouns. */
export function countNoun(n: number, singular: string, plural = `${singular}s`): string {
  return `${fmt.format(n)} ${n === 1 ? singular : plural}`;
}

/** "1 of 47 actions", "3 of 3 actions" — how much of a list is shown (printed, exported). */
export function shownOf(shown: number, total: number, singular: string, plural = `${singular}s`): string {
  return `${fmt.format(shown)} of ${fmt.format(total)} ${total === 1 ? singular : plural}`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function groupId(item: string): string | null {
  const key = item.trim().toLowerCase();
  return Object.prototype.hasOwnProperty.call(COMPOSITE_GROUPS, key) ? key : null;
}

function canonical(name: string): string {
  return canonicalCategory(name) ?? name.trim();
}

/** The police.uk crime types a category list names (groups expanded; ASB added by the switch). */
export function selectedTypes(sel: Selection): Set<string> | null {
  if (sel.categories === null) return null;
  const out = new Set<string>();
  for (const item of sel.categories) {
    const g = groupId(item);
    if (g) for (const m of COMPOSITE_GROUPS[g].members) out.add(m);
    else if (item.trim() !== '') out.add(canonical(item));
  }
  if (sel.includeAsb) out.add(ASB);
  return out;
}

/** The groups to name for a set of types: fully selected, larger first, none sharing a member with another named one. */
function namedGroups(types: ReadonlySet<string>): string[] {
  const ids = Object.keys(COMPOSITE_GROUPS).filter((id) => COMPOSITE_GROUPS[id].members.every((m) => types.has(m)));
  ids.sort((a, b) => COMPOSITE_GROUPS[b].members.length - COMPOSITE_GROUPS[a].members.length);
  const taken = new Set<string>();
  const out: string[] = [];
  for (const id of ids) {
    const members = COMPOSITE_GROUPS[id].members;
    if (members.some((m) => taken.has(m))) continue;
    for (const m of members) taken.add(m);
    out.push(id);
  }
  return out;
}

/**
 * The crime types "all crime" selects in data that hold only a few (a burglary-only extract),
 * or null when "all crime" is the right wording: with no category list, when the loaded data
 * (`loaded`: crime types with at least one row) hold 1 to NAMED_TYPES_MAX types the selection
 * counts, those types, in the order given.
 */
export function narrowedTypes(sel: Selection, loaded?: readonly string[]): string[] | null {
  if (sel.categories !== null || !loaded) return null;
  const picked = [...new Set(loaded.map(canonical).filter((c) => c !== '' && (sel.includeAsb || c !== ASB)))];
  return picked.length >= 1 && picked.length <= NAMED_TYPES_MAX ? picked : null;
}

/** The parts of an explicit list, in order: group wordings and type names (lower case), ASB last. */
function listParts(categories: readonly string[], includeAsb: boolean): string[] {
  const types = selectedTypes({ categories, includeAsb }) ?? new Set<string>();
  const groups = namedGroups(types);
  const groupOfType = new Map<string, string>();
  for (const g of groups) for (const m of COMPOSITE_GROUPS[g].members) groupOfType.set(m, g);
  const parts: string[] = [];
  const add = (w: string) => {
    if (!parts.includes(w)) parts.push(w);
  };
  let asb = false;
  for (const item of categories) {
    const g = groupId(item);
    const members = g ? COMPOSITE_GROUPS[g].members : item.trim() === '' ? [] : [canonical(item)];
    for (const m of members) {
      if (m === ASB) asb = true;
      else add(groupOfType.has(m) ? GROUP_WORDS[groupOfType.get(m) as string] : lowerFirst(m));
    }
  }
  if (asb || includeAsb) add(ASB_WORDS);
  return parts;
}

/**
 * The selection as a phrase used mid-sentence: "all crime excluding anti-social behaviour",
 * "all crime and anti-social behaviour", "burglary", "property crime (burglary, robbery, vehicle
 * crime) and drugs", "burglary and anti-social behaviour", "no crime types".
 */
export function describeSelection(sel: Selection, loaded?: readonly string[]): string {
  const narrow = narrowedTypes(sel, loaded);
  if (narrow) return joinWithAnd(narrow.map(lowerFirst));
  if (sel.categories === null)
    return sel.includeAsb ? 'all crime and anti-social behaviour' : 'all crime excluding anti-social behaviour';
  const parts = listParts(sel.categories, sel.includeAsb);
  return parts.length ? joinWithAnd(parts) : 'no crime types';
}

/** The selection as the headline's subject: { noun: 'crime', qualifier: 'excluding anti-social behaviour' }. */
export function selectionPhrase(sel: Selection, loaded?: readonly string[]): FilterPhrase {
  const narrow = narrowedTypes(sel, loaded);
  if (narrow) return { noun: joinWithAnd(narrow.map(lowerFirst)), qualifier: null };
  if (sel.categories === null)
    return sel.includeAsb
      ? { noun: 'crime and anti-social behaviour', qualifier: null }
      : { noun: 'crime', qualifier: 'excluding anti-social behaviour' };
  return { noun: describeSelection(sel), qualifier: null };
}

/** "crime, excluding anti-social behaviour, in 2017" / "burglary in 2017": the subject with its period. */
export function subjectWithPeriod(what: FilterPhrase, period: string): string {
  return what.qualifier ? `${what.noun}, ${what.qualifier}, ${period}` : `${what.noun} ${period}`;
}

/** How a bandwidth was chosen, as the provenance says it: a fixed number of metres or a named rule. */
export type BandwidthOrigin = { kind: 'fixed' } | { kind: 'rule'; label: string; source: string };

/**
 * The bandwidth's origin in words. A fixed number of metres was set in the page's settings or
 * its link (or the CLI's --bandwidth): "a fixed radius set in the settings", true for whoever
 * reads it (in public mode the reader set nothing; the analyst who prepared the page did).
 */
export function bandwidthOrigin(o: BandwidthOrigin): string {
  return o.kind === 'fixed' ? 'a fixed radius set in the settings' : `${o.label} — ${o.source}`;
}

/** What the provenance line is built from (session.ts gathers it). */
export interface ProvenanceParts {
  /** How hotspot areas were drawn (hotspots/methodText.ts), after the density. */
  areas?: string | null;
  /** When the crimes come from a cube: what it says about them (replaces the crime files' line). */
  cubeNote?: string | null;
  crimeFiles: number;
  rowsRead: number;
  wards: { file: string; count: number; vintage: string | null; crs: string } | null;
  months: [string, string] | null;
  what: string;
  density: string | null;
  population: string | null;
  plan: string | null;
}

/** The provenance line: "Crimes: 12 files (34,567 rows read) · Wards: … · Months: … · What: … · …". */
export function provenanceLine(p: ProvenanceParts): string {
  const parts: string[] = [];
  if (p.cubeNote) parts.push(p.cubeNote);
  else
    parts.push(
      p.crimeFiles
        ? `Crimes: ${countNoun(p.crimeFiles, 'file')} (${countNoun(p.rowsRead, 'row')} read)`
        : 'No crime data loaded',
    );
  if (p.wards)
    parts.push(
      `Wards: ${p.wards.file} (${countNoun(p.wards.count, 'ward')}${p.wards.vintage ? `, ${p.wards.vintage} boundaries` : ''}, ${p.wards.crs})`,
    );
  if (p.months)
    parts.push(p.months[0] === p.months[1] ? `Month: ${p.months[0]}` : `Months: ${p.months[0]} to ${p.months[1]}`);
  parts.push(`What: ${p.what}`);
  if (p.density) parts.push(`Density: ${p.density}`);
  if (p.areas) parts.push(p.areas);
  if (p.population) parts.push(p.population.charAt(0).toUpperCase() + p.population.slice(1));
  if (p.plan) parts.push(`Actions: ${p.plan}`);
  return parts.join(' · ');
}
