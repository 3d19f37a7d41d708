/**
 * Public mode and the ward panel's hotspot lines and actions (the issue's Haringey link): the
 * lines say what they count and change with public mode only by suppression; actions have
 * reasons, borough-wide ones apart. The count sweep is in public.e2e.mjs.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { HARINGEY_API, HARINGEY_WARDS, dropFiles, haveData, walk } from './realdata.mjs';
import { STATIONS, TOWN_CENTRES } from './publicCounts.mjs';

const HOTSPOTS_NAME =
  'ward panel: hotspot lines say what they count and do not change with public mode; actions have reasons, borough-wide ones apart (Haringey, the issue\u2019s link)';
const hotspotAndActions = {
  name: HOTSPOTS_NAME,
  async run(ctx) {
    if (!haveData(HOTSPOTS_NAME, HARINGEY_WARDS, HARINGEY_API, STATIONS, TOWN_CENTRES)) return;
    const { page, context, errors } = await ctx.newPage();
    await page.goto(`${ctx.baseUrl}?recent=12#/ward/E05000275`);
    await ctx.waitReady(page);
    await dropFiles(page, [
      HARINGEY_WARDS,
      join(ctx.root, 'data/registers/haringey.json'),
      STATIONS,
      TOWN_CENTRES,
      ...walk(HARINGEY_API).filter((f) => f.endsWith('.json')),
    ]);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="view-title"]')?.textContent?.includes('Haringey'),
      null,
      { timeout: 90_000 },
    );
    await ctx.waitReady(page, 90_000);
    const lines = () =>
      page.$$eval('[data-testid="ward-hotspot"]', (ls) =>
        ls.map((l) => [l.getAttribute('data-hotspot'), l.textContent]),
      );
    const before = await lines();
    assert.ok(before.length > 0, 'Noel Park has no hotspot lines');
    for (const [, t] of before)
      assert.match(
        t,
        /crimes? inside (this ward's part of the area \([\d,]+ crimes? across the whole area, which spans \d+ wards\)|the area, all in this ward)|no crimes inside/,
      );
    // The busiest ward's specific actions, with reasons; the borough-wide ones collapsed apart.
    const noelPark = await page.locator('[data-testid="ward-action"]').count();
    assert.ok(noelPark > 0 && noelPark <= 15, `Noel Park: ${noelPark} linked actions`);
    assert.equal(
      await page.locator('[data-testid="ward-borough-wide"]').getAttribute('open'),
      null,
      'borough-wide list is not collapsed',
    );
    assert.ok((await page.locator('[data-testid="ward-borough-wide"] [data-testid="borough-wide-item"]').count()) > 30);
    for (const why of await page.$$eval('[data-testid="ward-action"] .why', (ws) => ws.map((w) => w.textContent)))
      assert.match(why, /^Why here: (names |targets )/);
    await page.check('[data-testid="public-toggle"]');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('public') === '1');
    await ctx.waitReady(page);
    const after = await lines();
    assert.deepEqual(
      after.map((l) => l[0]),
      before.map((l) => l[0]),
      'public mode changed the hotspot areas',
    );
    after.forEach(([id, t], i) => {
      const strip = (x) => x.replace(/fewer than \d+|not shown|[\d,]+/g, '#');
      assert.equal(strip(t), strip(before[i][1]), `${id}: the line changed with public mode beyond suppression`);
      const nums = (x) => [...x.matchAll(/(?<![\w])([\d,]+) crimes?/g)].map((m) => m[1]);
      for (const n of nums(t))
        assert.ok(
          nums(before[i][1]).includes(n),
          `${id}: ${n} is not a figure of the analyst's line "${before[i][1]}"`,
        );
    });
    // The quietest ward (Alexandra) has fewer specific actions than Noel Park, none about ASB by crime type.
    await page.evaluate(() => (location.hash = '#/ward/E05000266'));
    await page.waitForFunction(
      () => document.querySelector('[data-testid="ward-summary"]')?.getAttribute('data-ward-code') === 'E05000266',
    );
    await ctx.waitReady(page);
    const alexandra = await page.locator('[data-testid="ward-action"]').count();
    assert.ok(alexandra < noelPark, `Alexandra ${alexandra} vs Noel Park ${noelPark}`);
    for (const why of await page.$$eval('[data-testid="ward-action"] .why', (ws) => ws.map((w) => w.textContent)))
      assert.doesNotMatch(why, /Anti-social/);
    await page.screenshot({ path: join(ctx.out, 'ward-panel-alexandra-public.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  },
};

export const tests = [hotspotAndActions];
