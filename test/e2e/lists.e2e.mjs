/**
 * Long lists: a borough with more wards than the ward table shows at first (LIST_LIMITS in
 * src/app/panels/panels.ts: 100). The table shows the top 100 with a button for the rest; the
 * button shows all, keeps keyboard focus and turns back; a selected ward further down is shown
 * anyway; the CSV export holds every ward whatever is shown.
 * Data: 11 × 11 synthetic square wards (121), ward k with k crimes, written for this test.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function makeManyWards(dir) {
  const features = [];
  const rows = [
    'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
  ];
  const lon0 = -0.2,
    lat0 = 51.5,
    d = 0.004;
  let k = 0;
  for (let r = 0; r < 11; r++)
    for (let c = 0; c < 11; c++) {
      k++;
      const code = `X0590${String(k).padStart(4, '0')}`;
      const x0 = lon0 + c * d,
        y0 = lat0 + r * d;
      features.push({
        type: 'Feature',
        properties: { WD24CD: code, WD24NM: `Longlist ${k}`, LAD24NM: 'Longlist' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [x0, y0],
              [x0 + d, y0],
              [x0 + d, y0 + d],
              [x0, y0 + d],
              [x0, y0],
            ],
          ],
        },
      });
      // k crimes in ward k, spread over its middle (never on a boundary).
      for (let i = 0; i < k; i++)
        rows.push(
          `ll${k}-${i},2024-06,Metropolitan Police Service,Metropolitan Police Service,${(x0 + d * (0.25 + (0.5 * ((i * 7) % 11)) / 11)).toFixed(6)},${(y0 + d * (0.25 + (0.5 * ((i * 3) % 13)) / 13)).toFixed(6)},On or near Long Street,E01000001,Longlist 001A,Burglary,,`,
        );
    }
  writeFileSync(join(dir, 'wards.geojson'), JSON.stringify({ type: 'FeatureCollection', features }));
  writeFileSync(join(dir, '2024-06-longlist-street.csv'), rows.join('\n') + '\n');
  return [join(dir, 'wards.geojson'), join(dir, '2024-06-longlist-street.csv')];
}

const rowCount = (page) => page.locator('[data-testid="ward-row"]').count();

/** Loads the 121 synthetic wards through the file input onto the demo page (the demo is replaced). */
async function loadLongList(ctx, page) {
  await ctx.waitReady(page);
  await page.setInputFiles('[data-testid="load-files"]', makeManyWards(mkdtempSync(join(tmpdir(), 'atlas-longlist-'))));
  await page.waitForFunction(
    () => !!document.querySelector('[data-testid="ward-row"][data-ward-code^="X0590"]'),
    null,
    { timeout: 60_000 },
  );
  await ctx.waitReady(page);
}

export const tests = [
  {
    name: 'long ward table: top 100 of 121 with "Show all", focus kept, a selected ward beyond 100 shown, CSV holds all',
    async run(ctx) {
      const { page, context, errors } = await ctx.newPage();
      await page.goto(ctx.baseUrl);
      await loadLongList(ctx, page);

      assert.equal(await rowCount(page), 100);
      // Ranked by count: ward 121 first, ward 22 is the 100th; wards 1–21 are not drawn.
      assert.equal(await page.locator('[data-testid="ward-row"]').first().getAttribute('data-count'), '121');
      assert.equal(await page.locator('[data-testid="ward-row"]').last().getAttribute('data-count'), '22');
      const more = page.locator('[data-testid="show-all-wards"]');
      assert.equal(await more.textContent(), 'Show all 121');
      assert.match(
        await page.locator('[data-testid="ward-panel"] .more').textContent(),
        /Showing the top 100 of 121 wards/,
      );

      // Keyboard: Enter on the button shows every ward and keeps focus on it.
      await more.focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="ward-row"]').length === 121, null, {
        timeout: 10_000,
      });
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'show-all-wards');
      assert.equal(await more.getAttribute('aria-expanded'), 'true');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="ward-row"]').length === 100, null, {
        timeout: 10_000,
      });

      // The CSV export holds all 121 wards.
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#btn-csv')]);
      const csv = readFileSync(await download.path(), 'utf8')
        .trim()
        .split(/\r?\n/);
      assert.equal(csv.filter((l) => /X0590\d{4}/.test(l)).length, 121);

      // A ward beyond the top 100 selected by link is shown (after the top 100), selected.
      const url = new URL(page.url());
      url.searchParams.set('ward', 'X05900005');
      await page.goto(url.toString());
      await loadLongList(ctx, page); // the page starts on the demo borough: load the 121 wards again
      assert.equal(await rowCount(page), 101);
      const sel = page.locator('[data-testid="ward-row"][data-ward-code="X05900005"]');
      assert.equal(await sel.getAttribute('aria-selected'), 'true');
      assert.equal(await sel.getAttribute('data-count'), '5');
      assert.deepEqual(errors, []);
      await context.close();
    },
  },
];
