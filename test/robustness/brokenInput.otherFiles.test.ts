/**
 * Population, register, places and unknown files that are not what they claim, at session
 * level after good data: a message naming the file; crimes and wards stay (see brokenInputSession.ts).
 */
import { describe, expect, it } from 'vitest';
import { enc, freshSessionEachTest, load, unchanged } from './brokenInputSession.ts';

freshSessionEachTest();

describe('other files that are not what they claim', () => {
  it('broken population, register and unknown files: a message naming the file (and line); crimes and wards stay', () => {
    for (const [name, text, level, re] of [
      [
        'population.csv',
        'ward_code,population\nE05000001,lots\n',
        'warning',
        /line 2: population "lots" for E05000001 is not a number; skipped/,
      ],
      ['actions.json', '{"schemaVersion":1,"plan":{},"actions":[{"id":', 'error', /not valid JSON/],
      ['actions.csv', 'action_id,summary\n1,"unterminated\n', 'error', /no plan/],
      ['notes.txt', 'hello', 'error', /not a file Hotspot Atlas can read/],
    ] as const) {
      const r = load(name, enc(text));
      expect(r.messages.map((m) => m.level)).toEqual([level]);
      expect(r.messages[0].message).toMatch(re);
      unchanged();
    }
  });

  // GAP (src/io/places.ts): a places file whose features have unreadable coordinates loads
  // nothing and says nothing. Recorded here so the behaviour is visible; nothing else is lost.
  it('a places file with unreadable coordinates costs nothing loaded', () => {
    load(
      'places.geojson',
      enc(
        '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":["x"]}}]}',
      ),
    );
    unchanged();
  });
});
