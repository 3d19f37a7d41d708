/**
 * `npm run golden:record`: records the golden outputs (test/golden/goldens.ts) of every
 * case whose data is present. The demo's golden is written to test/golden/ (committed);
 * real-data goldens to the git-ignored `.golden/` (they derive from ../shared/data and
 * must never be committed). test/golden/golden.test.ts recomputes and compares them.
 *
 *   npm run golden:record              # every case
 *   npm run golden:record -- demo      # the named cases only
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { computeGolden, GOLDEN_CASES, goldenPath } from '../test/golden/goldens.ts';
import { hasData } from '../test/helpers/sharedData.ts';

const only = process.argv.slice(2);
for (const c of GOLDEN_CASES) {
  if (only.length && !only.includes(c.name)) continue;
  if (c.needs !== null && !hasData(c.needs)) {
    console.warn(`golden ${c.name}: skipped, ../shared/data/${c.needs} not found`);
    continue;
  }
  const t = performance.now();
  const g = await computeGolden(c);
  const path = goldenPath(c);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(g, null, 1) + '\n');
  console.log(`golden ${c.name}: ${path} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
}
