/**
 * The phrasing service (src/analysis/phrasing.ts) on EVERY selection a user can make: each
 * subset of the 13 police.uk crime types, the 3 groups and Anti-social behaviour as a listed
 * type (2^17 lists), each with the ASB switch off and on, and "all crime" with the switch. The
 * phrase is read back independently (group wordings, then type names, found as text) and must
 * name exactly the crime types the filter counts (categoryMask), no type twice, no word twice
 * in a row, a group only when all its members are counted, and ASB exactly when it is counted.
 */
import { describe, expect, it } from 'vitest';
import { ASB, COMPOSITE_GROUPS, POLICE_UK_CATEGORIES } from '../../src/core/categories.ts';
import { categoryMask } from '../../src/analysis/filter.ts';
import {
  countNoun,
  describeSelection,
  joinWithAnd,
  provenanceLine,
  selectionPhrase,
  shownOf,
  subjectWithPeriod,
} from '../../src/analysis/phrasing.ts';

const TYPES = POLICE_UK_CATEGORIES.filter((c) => c !== ASB);
const GROUPS = Object.keys(COMPOSITE_GROUPS);
const ITEMS: string[] = [...TYPES, ...GROUPS, ASB];
// How a reader finds a group in a sentence: its name words (the wording then lists the members).
const GROUP_NAME: Record<string, string> = {
  property: 'property crime (',
  acquisitive: 'acquisitive crime (',
  violence: 'violent crime (',
};

/** Reads a phrase back: the crime types it says are counted, and every problem found. */
function readBack(phrase: string): { types: Set<string>; problems: string[] } {
  const problems: string[] = [];
  let rest = phrase;
  const types = new Set<string>();
  for (const g of GROUPS) {
    const at = rest.indexOf(GROUP_NAME[g]);
    if (at < 0) continue;
    const close = rest.indexOf(')', at);
    rest = `${rest.slice(0, at)} # ${rest.slice(close + 1)}`;
    if (rest.includes(GROUP_NAME[g])) problems.push(`group ${g} named twice`);
    for (const m of COMPOSITE_GROUPS[g].members) {
      if (types.has(m)) problems.push(`${m} named twice (in two groups)`);
      types.add(m);
    }
  }
  for (const t of [...TYPES, ASB]) {
    const w = t.toLowerCase();
    const at = rest.indexOf(w);
    if (at < 0) continue;
    rest = `${rest.slice(0, at)} # ${rest.slice(at + w.length)}`;
    if (rest.includes(w)) problems.push(`${t} named twice`);
    if (types.has(t)) problems.push(`${t} named again beside its group`);
    types.add(t);
  }
  // What is left is joining words only.
  const left = rest
    .replace(/#/g, ' ')
    .replace(/\b(and)\b/g, ' ')
    .replace(/[ ,]+/g, ' ')
    .trim();
  if (left !== '') problems.push(`unexplained words "${left}"`);
  const twice = /\b(\w+) \1\b/i.exec(phrase);
  if (twice) problems.push(`"${twice[1]}" twice in a row`);
  if (/, and /.test(phrase) || / and and /.test(phrase)) problems.push('Oxford comma or "and and"');
  return { types, problems };
}

/** The crime types the filter counts (the engine's categoryMask over every police.uk type). */
function counted(categories: string[] | null, includeAsb: boolean): Set<string> {
  const names = [...POLICE_UK_CATEGORIES];
  const mask = categoryMask({ categories, includeAsb }, names);
  return new Set(names.filter((_, i) => mask[i]));
}

describe('phrasing: every combination of types, groups and the anti-social behaviour switch', () => {
  it(`names exactly what is counted in all ${2 ** ITEMS.length * 2} ticked lists`, () => {
    const failures: string[] = [];
    let n = 0;
    for (let bits = 0; bits < 2 ** ITEMS.length; bits++) {
      const list = ITEMS.filter((_, i) => bits & (1 << i));
      for (const asb of [false, true]) {
        n++;
        const phrase = describeSelection({ categories: list, includeAsb: asb });
        const want = counted(list, asb);
        if (want.size === 0) {
          if (phrase !== 'no crime types') failures.push(`${JSON.stringify(list)} asb=${asb}: "${phrase}"`);
          continue;
        }
        const { types, problems } = readBack(phrase);
        const missing = [...want].filter((t) => !types.has(t));
        const extra = [...types].filter((t) => !want.has(t));
        if (missing.length || extra.length || problems.length || /excluding/.test(phrase)) {
          failures.push(
            `${JSON.stringify(list)} asb=${asb}: "${phrase}" missing ${missing} extra ${extra} ${problems.join('; ')}`,
          );
        }
        // A group is named only when all its members are counted (readBack adds all members; `extra` would show it).
        if (failures.length > 20) break;
      }
      if (failures.length > 20) break;
    }
    expect(failures).toEqual([]);
    expect(n).toBe(2 ** ITEMS.length * 2);
  });

  it('"all crime" says what happens to anti-social behaviour, with the switch off and on', () => {
    expect(describeSelection({ categories: null, includeAsb: false })).toBe(
      'all crime excluding anti-social behaviour',
    );
    expect(describeSelection({ categories: null, includeAsb: true })).toBe('all crime and anti-social behaviour');
    expect([...counted(null, false)]).not.toContain(ASB);
    expect([...counted(null, true)]).toContain(ASB);
    expect(subjectWithPeriod(selectionPhrase({ categories: null, includeAsb: false }), 'in 2017')).toBe(
      'crime, excluding anti-social behaviour, in 2017',
    );
    expect(subjectWithPeriod(selectionPhrase({ categories: null, includeAsb: true }), 'in 2017')).toBe(
      'crime and anti-social behaviour in 2017',
    );
  });

  it("the issue's case and the switch with a list", () => {
    expect(describeSelection({ categories: ['Burglary', 'property'], includeAsb: false })).toBe(
      'property crime (burglary, robbery, vehicle crime)',
    );
    expect(describeSelection({ categories: ['Burglary', 'Robbery', 'Vehicle crime'], includeAsb: false })).toBe(
      'property crime (burglary, robbery, vehicle crime)',
    );
    expect(describeSelection({ categories: ['Burglary', 'Robbery'], includeAsb: false })).toBe('burglary and robbery');
    expect(describeSelection({ categories: ['Burglary'], includeAsb: true })).toBe(
      'burglary and anti-social behaviour',
    );
    expect(describeSelection({ categories: ['violence', 'property'], includeAsb: false })).toBe(
      'violence and sexual offences, property crime (burglary, robbery, vehicle crime) and possession of weapons',
    );
  });

  it('singular and plural, and how much of a list is shown', () => {
    expect(countNoun(1, 'crime')).toBe('1 crime');
    expect(countNoun(0, 'crime')).toBe('0 crimes');
    expect(countNoun(12345, 'crime')).toBe('12,345 crimes');
    expect(shownOf(1, 47, 'action')).toBe('1 of 47 actions');
    expect(shownOf(1, 1, 'action')).toBe('1 of 1 action');
    expect(joinWithAnd(['a', 'b', 'c'])).toBe('a, b and c');
  });

  it('provenance: one file, one row, one month read in the singular', () => {
    const line = provenanceLine({
      crimeFiles: 1,
      rowsRead: 1,
      wards: { file: 'w.geojson', count: 1, vintage: null, crs: 'EPSG:4326' },
      months: ['2024-01', '2024-01'],
      what: 'burglary',
      density: null,
      population: null,
      plan: null,
    });
    expect(line).toBe(
      'Crimes: 1 file (1 row read) · Wards: w.geojson (1 ward, EPSG:4326) · Month: 2024-01 · What: burglary',
    );
  });
});
