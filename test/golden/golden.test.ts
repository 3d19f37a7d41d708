/**
 * The same numbers as before: recomputes every golden case (test/golden/goldens.ts) and
 * compares it, exactly, with the recorded one. The demo's golden is committed; real-data
 * goldens are recorded locally by `npm run golden:record` into the git-ignored `.golden/`
 * (they derive from ../shared/data). A real-data case whose golden has not been recorded
 * is skipped with a notice (under CI=true it fails: record them first).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeGolden, GOLDEN_CASES, goldenPath, type Golden } from './goldens.ts';
import { describeData } from '../helpers/sharedData.ts';

function check(c: (typeof GOLDEN_CASES)[number]): void {
  const path = goldenPath(c);
  if (!existsSync(path)) {
    // Real-data goldens derive from ../shared/data and are never committed: they are a record
    // kept on the machine where a refactor is made (npm run golden:record before, the test
    // after). A fresh clone, CI's included, has none: skipped with a visible notice. The demo's
    // golden is committed and always compared.
    console.warn(
      `\n[notice] golden ${c.name}: ${path} not recorded on this machine (npm run golden:record); skipped\n`,
    );
    it.skip(`${c.name}: golden recorded`, () => {});
    return;
  }
  it(`${c.name}: CLI JSON, ESRI grid, hotspots GeoJSON, patrol areas and ward table as recorded`, async () => {
    const want = JSON.parse(readFileSync(path, 'utf8')) as Golden;
    expect(want.args, 'the case changed since the golden was recorded: re-record it').toEqual(c.args);
    const got = await computeGolden(c);
    // Field by field so that a failure names the product that changed.
    expect(got.wardTable).toEqual(want.wardTable);
    expect((got.report as { patrolAreas: unknown }).patrolAreas).toEqual(
      (want.report as { patrolAreas: unknown }).patrolAreas,
    );
    expect(got.report).toEqual(want.report);
    expect(got.hotspots).toEqual(want.hotspots);
    expect(got.asc === want.asc, 'ESRI ASCII grid differs from the golden').toBe(true);
  }, 60_000);
}

for (const c of GOLDEN_CASES) {
  if (c.needs === null) describe(`golden ${c.name}`, () => check(c));
  else describeData(`golden ${c.name}`, c.needs, () => check(c));
}
