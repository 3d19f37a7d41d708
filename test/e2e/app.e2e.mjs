/**
 * Page-level tests: demo load, map drawn, table consistent with the headline,
 * filters re-run without a reload, the URL restores the same picture, keyboard
 * selection, CSV export, charts drawn when scrolled to. The map's own tests are in
 * appMap.e2e.mjs; opening the page (demo or fixture) is in appPage.mjs.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mapPixels, open, tableSnapshot } from './appPage.mjs';

export const tests = [
  {
    name: 'demo loads: no console errors, map drawn, ward counts sum to the headline total',
    async run(ctx) {
      const { page, context, errors } = await open(ctx);
      assert.equal(await page.evaluate(() => document.body.dataset.state), 'ready');
      const headline = page.locator('[data-testid="headline"]');
      assert.match(await headline.textContent(), /\d+% of .* wards/);
      const total = Number(await headline.getAttribute('data-total'));
      const counts = await page.$$eval('[data-testid="ward-row"]', (rows) =>
        rows.map((r) => Number(r.getAttribute('data-count'))),
      );
      assert.ok(counts.length >= 3, `ward rows: ${counts.length}`);
      assert.equal(
        counts.reduce((a, b) => a + b, 0),
        total,
      );
      assert.ok(total > 0);
      const { ink, total: px } = await mapPixels(page);
      assert.ok(ink / px > 0.05, `map looks blank: ${ink} of ${px} pixels drawn`);
      await page.screenshot({ path: join(ctx.out, 'demo.png') });
      assert.deepEqual(errors, []);
      await context.close();
    },
  },
  {
    name: 'a filter change re-runs without reload, and reloading the URL reproduces the table',
    async run(ctx) {
      const { page, context, errors } = await open(ctx);
      const before = await tableSnapshot(page);
      await page.evaluate(() => (window.__noReload = true));
      // Narrow the window to the last 3 months and pick burglary only.
      const opts = await page.$$eval('[data-testid="month-from"] option', (o) => o.map((x) => x.value));
      await page.selectOption('[data-testid="month-from"]', opts[opts.length - 3]);
      await page
        .waitForFunction(() => document.body.dataset.state === 'loading', null, { timeout: 5000 })
        .catch(() => {});
      await ctx.waitReady(page);
      await page.check('[data-testid="filter-types"] input[data-type="Burglary"]');
      await page.waitForFunction(() => location.search.includes('types=Burglary'), null, { timeout: 5000 });
      await ctx.waitReady(page);
      await page.waitForFunction(
        () => /burglary/i.test(document.querySelector('[data-testid="headline"]')?.textContent ?? ''),
        null,
        { timeout: 20000 },
      );
      await ctx.waitReady(page);
      assert.equal(await page.evaluate(() => window.__noReload), true, 'page reloaded');
      const after = await tableSnapshot(page);
      assert.notDeepEqual(after, before, 'table did not change');
      const url = page.url();
      assert.match(url, /from=\d{4}-\d\d/);
      const headline = await page.locator('[data-testid="headline"]').textContent();
      await page.screenshot({ path: join(ctx.out, 'filtered.png') });
      assert.deepEqual(errors, []);
      await context.close();

      const again = await open(ctx, new URL(url).search);
      assert.deepEqual(await tableSnapshot(again.page), after);
      assert.equal(await again.page.locator('[data-testid="headline"]').textContent(), headline);
      assert.equal(await again.page.isChecked('[data-testid="filter-types"] input[data-type="Burglary"]'), true);
      assert.deepEqual(again.errors, []);
      await again.context.close();
    },
  },
  {
    name: 'panels are patched in place: a bandwidth change keeps the unchanged ward table node, a filter change replaces it',
    async run(ctx) {
      const { page, context, errors } = await open(ctx);
      const mark = () =>
        page.evaluate(() => {
          const t = document.querySelector('[data-testid="ward-panel"] table');
          t.__mark = true;
          return document.querySelector('[data-testid="hotspot-panel"] .muted:last-of-type')?.textContent ?? '';
        });
      const kept = () =>
        page.evaluate(() => document.querySelector('[data-testid="ward-panel"] table').__mark === true);
      const before = await tableSnapshot(page);
      const note = await mark();
      await page.selectOption('[data-testid="bandwidth"]', 'metres');
      await ctx.waitReady(page);
      await page.fill('[data-testid="bandwidth-metres"]', '400');
      await page.dispatchEvent('[data-testid="bandwidth-metres"]', 'change');
      await page.waitForFunction(
        () => /bandwidth 400 m/.test(document.querySelector('[data-testid="hotspot-panel"]')?.textContent ?? ''),
        null,
        { timeout: 20_000 },
      );
      await ctx.waitReady(page);
      assert.deepEqual(await tableSnapshot(page), before);
      assert.equal(await kept(), true, 'the unchanged ward table was rebuilt');
      assert.notEqual(await page.locator('[data-testid="hotspot-panel"]').textContent(), note);
      await page.check('[data-testid="filter-types"] input[data-type="Burglary"]');
      await page.waitForFunction(() => location.search.includes('types=Burglary'), null, { timeout: 5000 });
      await ctx.waitReady(page);
      await page.waitForFunction(
        () => /burglary/i.test(document.querySelector('[data-testid="headline"]')?.textContent ?? ''),
        null,
        { timeout: 20_000 },
      );
      assert.notDeepEqual(await tableSnapshot(page), before);
      assert.equal(await kept(), false, 'the changed ward table was kept');
      assert.deepEqual(errors, []);
      await context.close();
    },
  },
  {
    name: 'keyboard: Enter on a ward row selects it (URL, row state, actions panel)',
    async run(ctx) {
      const { page, context, errors } = await open(ctx);
      const row = page.locator('[data-testid="ward-row"]').nth(1);
      const code = await row.getAttribute('data-ward-code');
      await row.focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction((c) => new URLSearchParams(location.search).get('ward') === c, code, {
        timeout: 5000,
      });
      await ctx.waitReady(page);
      const sel = page.locator(`[data-testid="ward-row"][data-ward-code="${code}"]`);
      assert.equal(await sel.getAttribute('aria-selected'), 'true');
      assert.equal(await sel.evaluate((el) => el === document.activeElement), true, 'focus lost after selection');
      assert.equal(await page.locator('[data-testid="actions-panel"]').count(), 1);
      await page.screenshot({ path: join(ctx.out, 'selected.png') });
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !new URLSearchParams(location.search).get('ward'), null, { timeout: 5000 });
      assert.deepEqual(errors, []);
      await context.close();
    },
  },
  {
    name: 'ward CSV export matches the table and guards against formula injection',
    async run(ctx) {
      const { page, context, errors } = await open(ctx);
      const rows = await tableSnapshot(page);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
      const path = await download.path();
      const { readFileSync } = await import('node:fs');
      const text = readFileSync(path, 'utf8');
      const lines = text.split('\r\n');
      assert.match(lines[0], /^rank,ward_code,ward_name,count,share/);
      assert.equal(lines.slice(1).filter((l) => /^\d+,/.test(l)).length, rows.length);
      const [dl2] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-png"]')]);
      assert.match(dl2.suggestedFilename(), /\.png$/);
      assert.deepEqual(errors, []);
      await context.close();
    },
  },
  {
    name: 'charts out of view wait for their panel: a filter change leaves them undrawn until scrolled to, then they are drawn',
    async run(ctx) {
      const { page, context, errors } = await open(ctx);
      await page.evaluate(() => document.querySelector('#results').scrollTo(0, 0));
      await page.waitForTimeout(300);
      const typesOffscreen = await page.evaluate(() => {
        const r = document.querySelector('[data-testid="types-panel"]').getBoundingClientRect();
        return r.top > window.innerHeight + 400;
      });
      assert.ok(typesOffscreen, 'the crime-types panel is not below the fold in this layout');
      await page.click('[data-type="Burglary"]');
      await ctx.waitReady(page);
      // The table shows burglary only; the types chart out of view has not been redrawn yet.
      assert.equal(await page.locator('[data-testid="types-panel"] svg').count(), 0);
      await page.locator('[data-testid="types-panel"]').scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelector('[data-testid="types-panel"] svg'), null, {
        timeout: 5000,
      });
      const label = await page.locator('[data-testid="types-panel"] svg').getAttribute('aria-label');
      assert.ok(label && label.length > 0);
      assert.deepEqual(errors, []);
      await context.close();
    },
  },
];
