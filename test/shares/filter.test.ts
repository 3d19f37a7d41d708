import { describe, expect, it } from 'vitest';
import { categoryMask, describeFilter, filterPhrase, joinWithAnd } from '../../src/analysis/filter.ts';
import { POLICE_UK_CATEGORIES } from '../../src/core/categories.ts';

// A table's dictionary: slot 0 is '' (none), then the categories as they were met.
const NAMES = ['', 'Burglary', 'Anti-social behaviour', 'Robbery', 'Vehicle crime', 'Drugs', 'Violent crime'];
const f = (categories: string[] | null, includeAsb = false) => ({ from: 0, to: 0, categories, includeAsb });

describe('categoryMask', () => {
  it('all crime excludes anti-social behaviour by default', () => {
    expect([...categoryMask(f(null), NAMES)]).toEqual([0, 1, 0, 1, 1, 1, 1]);
  });
  it('includeAsb adds it to all crime', () => {
    expect([...categoryMask(f(null, true), NAMES)]).toEqual([0, 1, 1, 1, 1, 1, 1]);
  });
  it('composite groups expand to their members', () => {
    expect([...categoryMask(f(['property']), NAMES)]).toEqual([0, 1, 0, 1, 1, 0, 0]);
    expect([...categoryMask(f(['violence']), NAMES)]).toEqual([0, 0, 0, 1, 0, 0, 0]);
    expect([...categoryMask(f(['Property']), NAMES)]).toEqual([0, 1, 0, 1, 1, 0, 0]);
  });
  it('explicit lists select exactly what they name, in any spelling', () => {
    expect([...categoryMask(f(['burglary']), NAMES)]).toEqual([0, 1, 0, 0, 0, 0, 0]);
    expect([...categoryMask(f(['anti-social-behaviour']), NAMES)]).toEqual([0, 0, 1, 0, 0, 0, 0]);
    expect([...categoryMask(f(['Anti-social behaviour', 'drugs'], false), NAMES)]).toEqual([0, 0, 1, 0, 0, 1, 0]);
    expect([...categoryMask(f([]), NAMES)]).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
  it('covers all 14 police.uk categories: 13 in all crime', () => {
    const m = categoryMask(f(null), [...POLICE_UK_CATEGORIES]);
    expect(m.reduce((a, b) => a + b, 0)).toBe(13);
  });
});

describe('describeFilter', () => {
  it('uses the sentence forms', () => {
    expect(describeFilter(f(null))).toBe('all crime excluding anti-social behaviour');
    expect(describeFilter(f(null, true))).toBe('all crime and anti-social behaviour');
    expect(describeFilter(f(['Burglary']))).toBe('burglary');
    expect(describeFilter(f(['property']))).toBe('property crime (burglary, robbery, vehicle crime)');
    expect(describeFilter(f(['Burglary', 'Robbery', 'Drugs']))).toBe('burglary, robbery and drugs');
    expect(describeFilter(f(['violence-and-sexual-offences', 'burglary', 'Burglary']))).toBe(
      'violence and sexual offences and burglary',
    );
    expect(describeFilter(f([]))).toBe('no crime types');
    // A type inside a selected group is not named twice.
    expect(describeFilter(f(['Burglary', 'property']))).toBe('property crime (burglary, robbery, vehicle crime)');
    expect(describeFilter(f(['property', 'Drugs', 'Robbery']))).toBe(
      'property crime (burglary, robbery, vehicle crime) and drugs',
    );
  });
  it('splits the headline subject', () => {
    expect(filterPhrase(f(null))).toEqual({ noun: 'crime', qualifier: 'excluding anti-social behaviour' });
    expect(filterPhrase(f(['Burglary']))).toEqual({ noun: 'burglary', qualifier: null });
  });
  it('names the types of an extract that holds only a few, never "crime" for a burglary-only file', () => {
    expect(describeFilter(f(null), ['Burglary'])).toBe('burglary');
    expect(filterPhrase(f(null), ['Burglary'])).toEqual({ noun: 'burglary', qualifier: null });
    // Anti-social behaviour stays out of "all crime" unless it is switched on.
    expect(describeFilter(f(null), ['Anti-social behaviour', 'Burglary'])).toBe('burglary');
    expect(describeFilter(f(null, true), ['Anti-social behaviour', 'Burglary'])).toBe(
      'anti-social behaviour and burglary',
    );
    expect(describeFilter(f(null), ['Burglary', 'Robbery', 'Vehicle crime'])).toBe(
      'burglary, robbery and vehicle crime',
    );
    // A whole extract (more than three types) is "all crime".
    expect(describeFilter(f(null), [...POLICE_UK_CATEGORIES])).toBe('all crime excluding anti-social behaviour');
    expect(filterPhrase(f(null), ['Burglary', 'Robbery', 'Drugs', 'Shoplifting'])).toEqual({
      noun: 'crime',
      qualifier: 'excluding anti-social behaviour',
    });
    // Only ASB loaded and switched off: nothing to name, the usual wording.
    expect(describeFilter(f(null), ['Anti-social behaviour'])).toBe('all crime excluding anti-social behaviour');
    // An explicit selection is named as chosen.
    expect(describeFilter(f(['Robbery']), ['Burglary'])).toBe('robbery');
  });
  it('joins lists without an Oxford comma', () => {
    expect(joinWithAnd([])).toBe('');
    expect(joinWithAnd(['A'])).toBe('A');
    expect(joinWithAnd(['A', 'B'])).toBe('A and B');
    expect(joinWithAnd(['A', 'B', 'C'])).toBe('A, B and C');
  });
});
