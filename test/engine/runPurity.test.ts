/**
 * run() is a chain of pure stages over the inputs and the derivation graph (session.ts,
 * src/engine): a run's result depends on its parameters and the loaded files only, never on
 * the runs made before it. Checked on the committed demo borough against a fresh session that
 * made no other run, including the population of the window's last year (a derived product,
 * not session state) and the bins and selections the graph keeps between runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisSession, type SessionFile } from '../../src/analysis/session.ts';
import { monthIndex } from '../../src/core/months.ts';
import type { AnalysisParams, AnalysisResult } from '../../src/analysis/sessionTypes.ts';

const DEMO = 'data/demo';
const NOW = new Date(Date.UTC(2026, 0, 15));

function demoFiles(): SessionFile[] {
  const file = (path: string): SessionFile => ({ name: path, bytes: new Uint8Array(readFileSync(path)) });
  const crimes = readdirSync(join(DEMO, 'crimes')).flatMap((m) =>
    readdirSync(join(DEMO, 'crimes', m)).map((f) => file(join(DEMO, 'crimes', m, f))),
  );
  return [
    file(join(DEMO, 'wards.geojson')),
    file(join(DEMO, 'actions.json')),
    file(join(DEMO, 'places.geojson')),
    ...crimes,
  ];
}

/** A population table with a Year column for the demo's wards: 2023 and 2024 differ, so a rate shows which year was used. */
function populationByYear(): SessionFile {
  const lines = readFileSync(join(DEMO, 'population.csv'), 'utf8').trim().split('\n').slice(1);
  const rows = lines.flatMap((l) => {
    const [code, pop] = l.split(',');
    return [`${code},2023,${pop}`, `${code},2024,${Number(pop) * 2}`];
  });
  return {
    name: 'population-by-year.csv',
    bytes: new TextEncoder().encode(['Code,Year,Population', ...rows].join('\n') + '\n'),
  };
}

function session(): AnalysisSession {
  const s = new AnalysisSession(NOW);
  s.addFiles([...demoFiles(), populationByYear()]);
  return s;
}

const KDE = {
  kernel: 'quartic',
  bandwidth: 250,
  cell: 'auto',
  perMonth: false,
  threshold: { kind: 'mean-multiple', k: 2 },
} as const;
const Y2023: AnalysisParams = {
  filter: { from: monthIndex(2023, 1), to: monthIndex(2023, 12), categories: null, includeAsb: false },
  compare: null,
  kde: { ...KDE },
  topN: 3,
};
const Y2024: AnalysisParams = {
  filter: { from: monthIndex(2024, 1), to: monthIndex(2024, 12), categories: ['burglary'], includeAsb: false },
  compare: 'previous',
  kde: { ...KDE, bandwidth: 400 },
  topN: 5,
};

/** The result as plain JSON (typed arrays as arrays), to compare two runs value by value. */
const plain = (r: AnalysisResult) =>
  JSON.parse(JSON.stringify(r, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v)));

describe('run() has no memory of earlier runs', () => {
  it('the same parameters give the same result whatever was run before (window, types, comparison, bandwidth)', () => {
    const fresh = plain(session().run(Y2023));
    const s = session();
    s.run(Y2024);
    s.run({ ...Y2023, filter: { ...Y2023.filter, includeAsb: true } });
    expect(plain(s.run(Y2023))).toEqual(fresh);
    expect(plain(s.run(Y2024))).toEqual(plain(session().run(Y2024)));
  });

  it("rates use the population of the window's last year, back and forth", () => {
    const s = session();
    const rate = (p: AnalysisParams) => Object.fromEntries(s.run(p).wards.map((w) => [w.code, w.population]));
    const p2023 = rate(Y2023);
    const p2024 = rate({ ...Y2024, filter: { ...Y2024.filter, categories: null } });
    expect(Object.keys(p2023).length).toBeGreaterThan(10);
    expect(p2024).toEqual(Object.fromEntries(Object.entries(p2023).map(([c, p]) => [c, p === null ? null : p * 2])));
    expect(rate(Y2023)).toEqual(p2023);
    expect(s.run(Y2023).provenance).toMatch(/2023 figures/);
  });
});
