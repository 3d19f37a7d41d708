import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ActionRegister } from '../../src/core/actionTypes.ts';
import type { LinkedAction } from '../../src/analysis/sessionTypes.ts';
import {
  applyEdits,
  chooseRegister,
  cleanEdits,
  exceptions,
  filterLinks,
  normaliseBorough,
  splitGaps,
  withEdit,
  type RegisterCandidate,
} from '../../src/app/actions/model.ts';
import { effectiveWindow } from '../../src/app/controls/controls.ts';
import { parseUrl, toSearch } from '../../src/app/state/url.ts';

const load = (f: string): RegisterCandidate => ({
  register: JSON.parse(readFileSync(`data/registers/${f}`, 'utf8')) as ActionRegister,
  file: `data/registers/${f}`,
});
const bundled = ['barnet.json', 'haringey.json', 'harrow.json', 'havering.json'].map(load);
const haringey = bundled[1].register;

describe('register choice', () => {
  it('matches the wards’ borough name to plan.borough', () => {
    expect(chooseRegister(bundled, 'Haringey')?.candidate.register.plan.id).toBe('haringey-2013-17');
    expect(chooseRegister(bundled, 'London Borough of Harrow')?.candidate.register.plan.id).toBe('harrow-2011-14');
    expect(normaliseBorough('Hollowfield (synthetic demo)')).toBe('hollowfield');
  });
  it('falls back to borough codes, then to ward codes named by the actions, else null', () => {
    expect(chooseRegister(bundled, null, [], ['E09000016'])?.candidate.register.plan.id).toBe('havering-2017-20');
    const wardCode = haringey.actions.flatMap((a) => a.places).find((p) => p.wardCode)?.wardCode as string;
    expect(chooseRegister(bundled, 'Somewhere', [wardCode])?.candidate.register.plan.id).toBe('haringey-2013-17');
    expect(chooseRegister(bundled, 'Hollowfield (synthetic demo)', ['X05000001'])).toBeNull();
  });
  it("chooses none for wards across several boroughs (a London-wide file names Haringey's wards too)", () => {
    const wardCode = haringey.actions.flatMap((a) => a.places).find((p) => p.wardCode)?.wardCode as string;
    expect(chooseRegister(bundled, 'London', [wardCode, 'E05000001'], [], 33)).toBeNull();
    expect(chooseRegister(bundled, null, [wardCode], [], 5)).toBeNull();
    // One borough with a few neighbouring wards is still that borough's.
    expect(chooseRegister(bundled, 'Haringey', [wardCode], [], 2)?.candidate.register.plan.id).toBe('haringey-2013-17');
  });
});

describe('action filters in the URL', () => {
  it('round-trip; unknown statuses and kinds are dropped; a lead is kept as written', () => {
    const ui = parseUrl('?astatus=red&alead=Police%20%26%20Council&akind=named-place');
    expect(ui.actionFilters).toEqual({ status: 'red', lead: 'Police & Council', kind: 'named-place' });
    expect(parseUrl(toSearch(ui)).actionFilters).toEqual(ui.actionFilters);
    expect(parseUrl('?astatus=purple&akind=<b>&alead=').actionFilters).toEqual({ status: '', lead: '', kind: '' });
    expect(parseUrl(`?alead=${'x'.repeat(201)}`).actionFilters.lead).toBe('');
    expect(toSearch(parseUrl(''))).not.toMatch(/astatus|alead|akind/);
  });
});

describe('edits', () => {
  const id = haringey.actions[0].id;
  it('apply over the register without changing it, and drop values equal to the register', () => {
    const edits = withEdit(haringey, {}, id, { status: 'red', commentary: 'late' });
    const edited = applyEdits(haringey, edits);
    expect(edited.actions[0].status).toBe('red');
    expect(edited.actions[0].commentary).toBe('late');
    expect(haringey.actions[0].status).not.toBe('red');
    expect(
      withEdit(haringey, edits, id, { status: haringey.actions[0].status, commentary: haringey.actions[0].commentary }),
    ).toEqual({});
  });
  it('stored edits are checked: unknown ids and statuses are dropped', () => {
    expect(cleanEdits(haringey, { [id]: { status: 'purple', commentary: 'x' }, nope: { status: 'red' } })).toEqual({
      [id]: { commentary: 'x' },
    });
    expect(cleanEdits(haringey, 'garbage')).toEqual({});
  });
  it('the exception view lists red, amber and red-or-amber actions, red first', () => {
    const reg = applyEdits(haringey, withEdit(haringey, {}, id, { status: 'red' }));
    const ex = exceptions(reg);
    expect(ex[0].id).toBe(id);
    expect(ex.every((a) => ['red', 'amber', 'red-or-amber'].includes(a.status))).toBe(true);
  });
});

describe('"you said, we did" and edited statuses', () => {
  const id = haringey.actions[0].id;
  it('a public update is kept as an edit, applied, cleaned and exported with the register', () => {
    const edits = withEdit(haringey, {}, id, { publicUpdate: 'We met residents and added patrols on Friday nights.' });
    expect(edits).toEqual({ [id]: { publicUpdate: 'We met residents and added patrols on Friday nights.' } });
    const reg = applyEdits(haringey, edits);
    expect(reg.actions[0].publicUpdate).toBe('We met residents and added patrols on Friday nights.');
    expect(cleanEdits(haringey, { [id]: { publicUpdate: 'x'.repeat(700) } })[id].publicUpdate).toHaveLength(600);
    expect(withEdit(haringey, edits, id, { publicUpdate: '' })).toEqual({});
  });
  it('an edited status no longer claims the plan as its source', () => {
    const reg = applyEdits(haringey, withEdit(haringey, {}, id, { status: 'green' }));
    expect(reg.actions[0].statusSource).toEqual({
      document: 'user edit',
      note: `Set in Hotspot Atlas by the user; the plan's status was "Unknown" (000 L${haringey.actions[0].source.lines?.[0]}).`,
    });
  });
});

describe('panel helpers', () => {
  const link = (
    actionId: string,
    kind: LinkedAction['kind'],
    strength: number,
    status = 'green',
    lead = 'A',
  ): LinkedAction => ({ actionId, summary: '', lead, status, kind, reason: '', reasons: [], strength });
  it('filters by status, lead and kind and orders strongest first', () => {
    const items = [
      link('a', 'category', 120),
      link('b', 'named-place', 380, 'red'),
      link('c', 'place-type', 250, 'red', 'B'),
    ];
    expect(filterLinks(items, { status: '', lead: '', kind: '' }, null).map((l) => l.actionId)).toEqual([
      'b',
      'c',
      'a',
    ]);
    expect(filterLinks(items, { status: 'red', lead: '', kind: '' }, null).map((l) => l.actionId)).toEqual(['b', 'c']);
    expect(filterLinks(items, { status: '', lead: 'B', kind: 'place-type' }, null).map((l) => l.actionId)).toEqual([
      'c',
    ]);
  });
  it('splits the engine’s gap sentences', () => {
    expect(splitGaps(['Hotspot H1 (x) has no action…', 'Action A1 targets y…'])).toEqual({
      hotspots: ['Hotspot H1 (x) has no action…'],
      actions: ['Action A1 targets y…'],
    });
  });
});

describe('default window and comparison in the URL', () => {
  it('no from/to: the latest 12 loaded months, written as recent=12; explicit from/to win', () => {
    const ui = parseUrl('');
    expect(ui.recent).toBe(12);
    expect(ui.compare).toBe(true);
    expect(effectiveWindow(ui, [600, 629])).toEqual([618, 629]);
    expect(effectiveWindow(ui, [600, 605])).toEqual([600, 605]);
    expect(toSearch(ui)).toBe('?recent=12');
    const explicit = parseUrl('?from=2017-01&to=2017-12');
    expect(effectiveWindow(explicit, [564, 581])).toEqual([564, 575]);
    expect(toSearch(explicit)).toBe('?from=2017-01&to=2017-12');
    expect(parseUrl('?recent=all').recent).toBeNull();
    expect(toSearch(parseUrl('?recent=all'))).toBe('?recent=all');
    expect(parseUrl('?cmp=0').compare).toBe(false);
    expect(toSearch(parseUrl('?cmp=0'))).toContain('cmp=0');
  });
});
