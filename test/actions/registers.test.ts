import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRegisterCsv, parseRegisterJson, registerToCsv, registerToJson } from '../../src/io/registers.ts';
import { POLICE_UK_CATEGORIES, COMPOSITE_GROUPS } from '../../src/core/categories.ts';
import type { ActionRegister } from '../../src/core/actionTypes.ts';
import { describeSeeds, seedLines } from './seeds.ts';
import { sharedKeywords } from './keywords.ts';

const dir = resolve(import.meta.dirname, '../../data/registers');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const load = (f: string) => parseRegisterJson(readFileSync(resolve(dir, f), 'utf8'), f);

// Catalogued counts the registers must reach (seeds-digest §2.1; Haringey = 70 from 000 + 27 from 002).
const EXPECTED: Record<string, number> = {
  'barnet.json': 66,
  'harrow.json': 88,
  'haringey.json': 97,
  'havering.json': 24,
};

describe('shipped registers', () => {
  it('are the four boroughs', () => {
    expect(files).toEqual(['barnet.json', 'haringey.json', 'harrow.json', 'havering.json']);
  });
  for (const f of files) {
    describe(f, () => {
      const { register, errors } = load(f);
      it('validates against the schema with no errors', () => {
        expect(errors).toEqual([]);
        expect(register).not.toBeNull();
      });
      const reg = register as ActionRegister;
      it('has the catalogued number of actions, ids unique', () => {
        expect(reg.actions.length).toBe(EXPECTED[f]);
        expect(new Set(reg.actions.map((a) => a.id)).size).toBe(reg.actions.length);
      });
      it('uses only police.uk categories or composite ids', () => {
        const ok = new Set<string>([...POLICE_UK_CATEGORIES, ...Object.keys(COMPOSITE_GROUPS)]);
        for (const a of reg.actions) for (const c of a.categories) expect(ok.has(c), `${a.id}: ${c}`).toBe(true);
      });
      it('flags place-targeted actions consistently', () => {
        for (const a of reg.actions) expect(a.targetsPlaces, a.id).toBe(a.hotspotFlag === 'Y' || a.hotspotFlag === 'T');
      });
      it('round-trips through JSON and CSV unchanged', () => {
        const j = parseRegisterJson(registerToJson(reg), f);
        expect(j.errors).toEqual([]);
        expect(j.register).toEqual(reg);
        const c = parseRegisterCsv(registerToCsv(reg), f.replace('.json', '.csv'));
        expect(c.errors).toEqual([]);
        expect(c.register).toEqual(reg);
      });
    });
  }
});

describeSeeds('register source references', () => {
  for (const f of files) {
    it(`${f}: every action's lines exist and share a keyword with its summary`, () => {
      const reg = load(f).register as ActionRegister;
      const docs = new Map(reg.plan.sourceDocuments.map((d) => [d.id, seedLines(d.file)]));
      const failures: string[] = [];
      for (const a of reg.actions) {
        const lines = docs.get(a.source.document);
        const range = a.source.lines;
        if (!lines || !range || range[1] > lines.length) {
          failures.push(`${a.id}: lines ${range?.join('–')} not in document ${a.source.document}`);
          continue;
        }
        const text = lines.slice(range[0] - 1, range[1]).join(' ');
        if (sharedKeywords(a.summary, text).length === 0)
          failures.push(`${a.id}: summary shares no keyword with ${a.source.document} L${range[0]}–${range[1]}`);
      }
      expect(failures).toEqual([]);
    });
  }
  it('the keyword check rejects a reference to the wrong line', () => {
    const lines = seedLines('000_d982b85e50a9bc5b.txt');
    // 000 L315 is about IDVAs; the Gang Action Group summary must not match it, and must match L276.
    expect(sharedKeywords('Keep the multi-agency Gang Action Group meeting every three weeks.', lines[314])).toEqual(
      [],
    );
    expect(
      sharedKeywords('Keep the multi-agency Gang Action Group meeting every three weeks.', lines[275]).length,
    ).toBeGreaterThan(0);
  });
  it('the exception report rows keep their statuses', () => {
    const reg = load('haringey.json').register as ActionRegister;
    const st = (id: string) => reg.actions.find((a) => a.id === id)?.status;
    expect(st('002-EX1')).toBe('red-or-amber');
    expect(st('002-EX10')).toBe('green');
    expect(st('002-EX15')).toBe('not-started');
    expect(reg.actions.filter((a) => a.id.startsWith('002-EX')).length).toBe(20);
  });
  it('every status says where it comes from: the plan\u2019s lines that state it, or the action\u2019s own lines where the plan is silent', () => {
    const failures: string[] = [];
    for (const f of files) {
      const reg = load(f).register as ActionRegister;
      const docs = new Map(reg.plan.sourceDocuments.map((d) => [d.id, seedLines(d.file)]));
      for (const a of reg.actions) {
        const s = a.statusSource;
        if (!s?.lines) {
          failures.push(`${f} ${a.id}: no status source lines`);
          continue;
        }
        const text = (docs.get(s.document) ?? []).slice(s.lines[0] - 1, s.lines[1]).join(' ');
        if (a.status === 'unknown') {
          if (!/states no progress/.test(s.note) || s.lines.join() !== a.source.lines?.join())
            failures.push(`${f} ${a.id}: unknown without the plan-is-silent note on its own lines`);
        } else if (a.status === 'green' && !/On target/i.test(text))
          failures.push(`${f} ${a.id}: green, but L${s.lines[0]} does not say "on target"`);
        else if (a.status === 'not-started' && !/second half|plan joint session|H2|runs? in/i.test(text))
          failures.push(`${f} ${a.id}: not-started, but L${s.lines[0]} does not say so: ${text.slice(0, 120)}`);
        else if (
          a.status === 'red-or-amber' &&
          !(
            s.lines[0] >= 396 &&
            s.lines[1] <= 452 &&
            /red and amber/.test(docs.get('002')?.slice(197, 198).join('') ?? '')
          )
        )
          failures.push(`${f} ${a.id}: red-or-amber outside the exception report`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('register validation messages', () => {
  const base: ActionRegister = JSON.parse(readFileSync(resolve(dir, 'havering.json'), 'utf8'));
  it('names the action id and field of a bad value', () => {
    const bad = structuredClone(base);
    (bad.actions[2] as unknown as Record<string, unknown>).placeTypes = ['car park'];
    const { register, errors } = parseRegisterJson(JSON.stringify(bad), 'bad.json');
    expect(register).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors[0].line).toBe(3);
    expect(errors[0].message).toMatch(
      /^action 004-3, field placeTypes\.0: must be equal to one of the allowed values: transport hub, /,
    );
  });
  it('requires source lines except for synthetic documents', () => {
    const bad = structuredClone(base);
    delete bad.actions[0].source.lines;
    expect(parseRegisterJson(JSON.stringify(bad), 'x.json').errors.map((e) => e.message)).toEqual([
      "action 004-1, field source: missing required 'lines'",
    ]);
    bad.actions[0].source.document = 'synthetic';
    expect(parseRegisterJson(JSON.stringify(bad), 'x.json').errors).toEqual([]);
  });
  it('rejects duplicate ids, unknown documents and reversed line ranges', () => {
    const bad = structuredClone(base);
    bad.actions[1].id = bad.actions[0].id;
    bad.actions[2].source.document = '999';
    bad.actions[3].source.lines = [10, 5];
    expect(parseRegisterJson(JSON.stringify(bad), 'x.json').errors.map((e) => `${e.line} ${e.message}`)).toEqual([
      '2 action 004-1: duplicate id',
      "3 action 004-3, field source.document: '999' is not in plan.sourceDocuments",
      '4 action 004-4, field source.lines: 10 is after 5',
    ]);
  });
  it('rejects targetsPlaces that contradicts the hotspot flag', () => {
    const bad = structuredClone(base);
    bad.actions[8].targetsPlaces = false; // 004-9 is flagged Y
    const { errors } = parseRegisterJson(JSON.stringify(bad), 'x.json');
    expect(errors.map((e) => e.message)).toEqual(['action 004-9, field targetsPlaces: must be equal to constant']);
  });
  it('reports CSV errors on the physical line of the row', () => {
    const csv = registerToCsv(base).split('\n');
    // line 1 = plan, 2 = header, 3 = first action; break the 2nd action's status.
    csv[3] = csv[3].replace(',unknown,', ',pending,');
    const { register, errors } = parseRegisterCsv(csv.join('\n'), 'x.csv');
    expect(register).toBeNull();
    expect(errors.map((e) => e.line)).toEqual([4]);
    expect(errors[0].message).toMatch(/^action 004-2, field status: must be equal to one of the allowed values/);
  });
  it("reads CSV with the crime files' reader: a quoted line break, a short row and an unterminated quote, each on its physical line", () => {
    // A quoted commentary with a line break: the next rows move one physical line down.
    const withBreak = structuredClone(base);
    withBreak.actions[0].commentary = 'first line\nsecond line';
    const csvB = registerToCsv(withBreak).split('\n');
    expect(parseRegisterCsv(csvB.join('\n'), 'x.csv').register?.actions[0].commentary).toBe('first line\nsecond line');
    csvB[4] = csvB[4].replace(',unknown,', ',pending,');
    expect(parseRegisterCsv(csvB.join('\n'), 'x.csv').errors.map((e) => e.line)).toEqual([5]);
    const csv = registerToCsv(base).split('\n');
    const short = [...csv];
    short[4] = 'A-1,,pending,summary,Burglary';
    const errs = (t: string[]) => parseRegisterCsv(t.join('\n'), 'x.csv').errors;
    expect(errs(short).map((e) => [e.line, e.message])[0]).toEqual([5, 'CSV: 5 fields where the header has 22']);
    // A quote never closed before the end of the file: that line is unreadable (a quote closed
    // on a later line would instead join the lines into one record, as RFC 4180 says).
    // (A line of its own: the register's rows now hold quoted notes, whose quotes would close it.)
    const quoted = [...csv.filter((l) => l !== ''), 'A-9,"never closed,rest'];
    expect(errs(quoted).map((e) => [e.line, e.message])).toEqual([
      [quoted.length, 'CSV: unreadable record (an unterminated quote, or longer than 64 KB)'],
    ]);
  });
  it('reads places written as name|kind|wardCode|lon|lat', () => {
    const csv = registerToCsv(base);
    expect(csv).toContain('Romford Town|ward|E05000319;Hylands|ward|E05000315');
    expect(csv).toContain('Romford|town centre||0.18274|51.57689');
  });
});

describe('synthetic demo register', () => {
  const demo = resolve(import.meta.dirname, '../../data/demo/actions.json');
  it('validates, needs no line references, and names places that exist in the demo places layer', async () => {
    const { existsSync } = await import('node:fs');
    if (!existsSync(demo)) return; // the demo is generated separately
    const { register, errors } = parseRegisterJson(readFileSync(demo, 'utf8'), 'actions.json');
    expect(errors).toEqual([]);
    expect(register?.actions).toHaveLength(12);
    const { readPlaces } = await import('../../src/io/places.ts');
    const { resolvePlace } = await import('../../src/analysis/actions/link.ts');
    const { wgs84ToBng } = await import('../../src/core/projection.ts');
    const places = readPlaces(
      'places.geojson',
      readFileSync(resolve(import.meta.dirname, '../../data/demo/places.geojson'), 'utf8'),
    );
    const unlocated = (register?.actions ?? []).flatMap((a) =>
      a.places
        .filter((p) => p.kind !== 'ward' && resolvePlace(p, places, wgs84ToBng).x === undefined)
        .map((p) => `${a.id} ${p.name}`),
    );
    expect(unlocated).toEqual([]);
  });
});
