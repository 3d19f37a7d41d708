/**
 * Page-level tests: demo load, map drawn, table consistent with the headline,
 * filters re-run without a reload, the URL restores the same picture, keyboard
 * selection, CSV export.
 * When data/demo/ is not built into dist/, the synthetic fixture (fixture.mjs) is
 * loaded through the file input instead.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeFixture } from './fixture.mjs';

let fixtureFiles;
function fixture() {
  fixtureFiles ??= makeFixture(mkdtempSync(join(tmpdir(), 'atlas-fixture-')));
  return fixtureFiles;
}

/** Opens the page (with an optional query), makes sure data are loaded, waits for ready. */
async function open(ctx, query = '') {
  const { page, context, errors } = await ctx.newPage();
  await page.goto(ctx.baseUrl + query);
  await ctx.waitReady(page);
  if ((await page.locator('[data-testid="ward-row"]').count()) === 0) {
    await page.setInputFiles('[data-testid="load-files"]', fixture());
    await page.waitForSelector('[data-testid="ward-row"]', { timeout: 60_000 });
    await ctx.waitReady(page);
  }
  return { page, context, errors };
}

async function tableSnapshot(page) {
  return page.$$eval('[data-testid="ward-row"]', (rows) =>
    rows.map((r) => `${r.getAttribute('data-ward-code')}=${r.getAttribute('data-count')}`),
  );
}

/**
 * What the map canvas shows, read in the page: pixels that differ from the plain background
 * (ink), pixels in the selection colour #c8005a (magenta), and near-black pixels (hotspot
 * outlines #141414 or label text) on a 3-pixel lattice, as fractions of the canvas size; with
 * `near` ([r, g, b]), also the fraction of pixels within 12 of that colour on each channel.
 */
async function mapPixels(page, near = null) {
  return page.evaluate((near) => {
    const src = document.querySelector('#map canvas.maplibregl-canvas');
    const c = document.createElement('canvas');
    c.width = src.width;
    c.height = src.height;
    const g = c.getContext('2d');
    g.drawImage(src, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    let magenta = 0;
    let nearCount = 0;
    const dark = [];
    for (let i = 0; i < d.length; i += 4) {
      const [r, gr, b] = [d[i], d[i + 1], d[i + 2]];
      if (near && Math.abs(r - near[0]) <= 12 && Math.abs(gr - near[1]) <= 12 && Math.abs(b - near[2]) <= 12)
        nearCount++;
      if (Math.abs(r - 0xee) + Math.abs(gr - 0xf1) + Math.abs(b - 0xf4) > 24) ink++;
      if (Math.abs(r - 0xc8) < 30 && gr < 40 && Math.abs(b - 0x5a) < 40) magenta++;
      const p = i / 4;
      const x = p % c.width;
      const y = (p - x) / c.width;
      if (x % 3 === 0 && y % 3 === 0 && r < 40 && gr < 40 && b < 40) dark.push([x / c.width, y / c.height]);
    }
    return { ink, magenta, dark, total: d.length / 4, near: nearCount / (d.length / 4) };
  }, near);
}

/** A 256 × 256 PNG of one colour (a stand-in raster tile). */
function solidPng([r, g, b]) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(256, 0);
  ihdr.writeUInt32BE(256, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const raw = Buffer.alloc(256 * (1 + 256 * 3));
  for (let y = 0; y < 256; y++) for (let x = 0; x < 256; x++) raw.set([r, g, b], y * (1 + 768) + 1 + 3 * x);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

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
    name: "after the browser resets the map's WebGL context, the map is built again and drawn with the same wards, density and hotspots",
    async run(ctx) {
      const { page, context, errors } = await open(ctx);
      const before = await mapPixels(page);
      assert.ok(before.ink / before.total > 0.05, `map looks blank before: ${before.ink} of ${before.total}`);
      const camera = await page.evaluate(
        () => document.querySelector('#map canvas.maplibregl-canvas').getBoundingClientRect().width,
      );
      // Lose the context as a GPU reset would, then let the browser restore it.
      await page.evaluate(async () => {
        const canvas = document.querySelector('#map canvas.maplibregl-canvas');
        window.__lostCanvas = canvas;
        const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
        const ext = gl.getExtension('WEBGL_lose_context');
        ext.loseContext();
        await new Promise((r) => setTimeout(r, 300));
        ext.restoreContext();
      });
      // A new canvas replaces the lost one, and the picture comes back.
      await page.waitForFunction(
        () => {
          const c = document.querySelector('#map canvas.maplibregl-canvas');
          return c && c !== window.__lostCanvas && document.body.dataset.state === 'ready';
        },
        null,
        { timeout: 20_000 },
      );
      await page.waitForTimeout(500);
      await ctx.waitReady(page);
      const after = await mapPixels(page);
      assert.ok(
        after.ink / after.total > 0.05,
        `map blank after the context was restored: ${after.ink} of ${after.total}`,
      );
      assert.ok(
        Math.abs(after.ink - before.ink) / before.ink < 0.05,
        `the redrawn map differs: ink ${before.ink} before, ${after.ink} after`,
      );
      assert.ok(after.dark.length > 0, 'no hotspot outlines after the rebuild');
      assert.equal(
        await page.evaluate(
          () => document.querySelector('#map canvas.maplibregl-canvas').getBoundingClientRect().width,
        ),
        camera,
      );
      await page.screenshot({ path: join(ctx.out, 'context-restored.png') });
      assert.deepEqual(errors, []);
      await context.close();
    },
  },
  {
    name: 'a basemap style URL draws its tiles under the layers (same-origin style), goes into the URL, and a refused one falls back to the plain map',
    async run(ctx) {
      const { page, context, errors } = await open(ctx);
      const origin = new URL(ctx.baseUrl).origin;
      const TILE = [214, 96, 77];
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.route(`${origin}/basemap-e2e/style.json`, (route) =>
        route.fulfill({
          contentType: 'application/json',
          body: JSON.stringify({
            version: 8,
            sources: { t: { type: 'raster', tiles: [`${origin}/basemap-e2e/{z}/{x}/{y}.png`], tileSize: 256 } },
            layers: [{ id: 'tiles', type: 'raster', source: 't' }],
          }),
        }),
      );
      const png = solidPng(TILE);
      await page.route(`${origin}/basemap-e2e/*/*/*.png`, (route) =>
        route.fulfill({ contentType: 'image/png', body: png }),
      );
      const wardsBefore = await tableSnapshot(page);
      assert.equal((await mapPixels(page, TILE)).near, 0);

      await page.fill('[data-testid="basemap-url"]', 'basemap-e2e/style.json');
      await page.dispatchEvent('[data-testid="basemap-url"]', 'change');
      await page.waitForFunction(() => location.search.includes('basemap=basemap-e2e%2Fstyle.json'), null, {
        timeout: 5000,
      });
      await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 20_000 });
      await page.waitForTimeout(300);
      await ctx.waitReady(page);
      const tiles = (await mapPixels(page, TILE)).near;
      assert.ok(tiles > 0.05, `basemap tiles cover ${(tiles * 100).toFixed(1)}% of the map`);
      assert.ok(
        requests.some((u) => /\/basemap-e2e\/\d+\/\d+\/\d+\.png$/.test(u)),
        'no tile was requested',
      );
      const { ink, dark, total } = await mapPixels(page);
      assert.ok(dark.length > 0 && ink / total > 0.3, 'the wards, density and hotspots are not drawn over the basemap');
      assert.deepEqual(await tableSnapshot(page), wardsBefore);
      await page.screenshot({ path: join(ctx.out, 'basemap.png') });

      // A reload restores it from the URL.
      await page.reload();
      await ctx.waitReady(page);
      if ((await page.locator('[data-testid="ward-row"]').count()) === 0) {
        await page.setInputFiles('[data-testid="load-files"]', fixture());
        await page.waitForSelector('[data-testid="ward-row"]', { timeout: 60_000 });
        await ctx.waitReady(page);
      }
      await page.waitForTimeout(300);
      assert.equal(await page.inputValue('[data-testid="basemap-url"]'), 'basemap-e2e/style.json');
      assert.ok((await mapPixels(page, TILE)).near > 0.05, 'the basemap is not back after a reload');

      // Removed: the plain offline map again.
      await page.fill('[data-testid="basemap-url"]', '');
      await page.dispatchEvent('[data-testid="basemap-url"]', 'change');
      await page.waitForFunction(() => !location.search.includes('basemap='), null, { timeout: 5000 });
      await page.waitForTimeout(300);
      await ctx.waitReady(page);
      assert.equal((await mapPixels(page, TILE)).near, 0);

      // Another server: the page's CSP refuses it (connect-src 'self'); the map is drawn without it.
      await page.fill('[data-testid="basemap-url"]', 'https://basemap.invalid/style.json');
      await page.dispatchEvent('[data-testid="basemap-url"]', 'change');
      await page.waitForFunction(
        () => /basemap was not loaded/.test(document.querySelector('#status')?.textContent ?? ''),
        null,
        { timeout: 20_000 },
      );
      await page.waitForTimeout(300);
      await ctx.waitReady(page);
      const after = await mapPixels(page);
      assert.ok(after.ink / after.total > 0.05 && after.dark.length > 0, 'the map is blank after a refused basemap');
      assert.ok(!requests.some((u) => u.includes('basemap.invalid')), 'a request reached the other server');
      assert.deepEqual(
        errors.filter((e) => !/Content Security Policy|basemap\.invalid|Failed to fetch/i.test(e)),
        [],
      );
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
    name: 'map: hovering a ward shows its name and count, clicking selects it (picked from the drawn ward areas)',
    async run(ctx) {
      const { page, context, errors } = await open(ctx);
      const box = await page.locator('#map').boundingBox();
      assert.ok(box);
      // A few points around the middle of the map: at least one lies on a ward.
      let name = null;
      let at = null;
      for (const [fx, fy] of [
        [0.55, 0.5],
        [0.5, 0.45],
        [0.6, 0.55],
        [0.45, 0.5],
        [0.5, 0.6],
      ]) {
        const x = box.x + box.width * fx;
        const y = box.y + box.height * fy;
        await page.mouse.move(x, y, { steps: 2 });
        await page.waitForTimeout(300);
        if (await page.locator('#tooltip').isVisible()) {
          name = (await page.locator('#tooltip strong').textContent()).trim();
          at = [x, y];
          if (await page.locator('[data-testid="ward-row"] th', { hasText: name }).count()) break;
        }
      }
      assert.ok(name && at, 'no tooltip over the map');
      const row = page.locator('[data-testid="ward-row"]', { has: page.locator('th', { hasText: name }) }).first();
      const code = await row.getAttribute('data-ward-code');
      assert.ok(code, `tooltip "${name}" is not a ward in the table`);
      assert.match(
        await page.locator('#tooltip').textContent(),
        new RegExp(`${(await row.getAttribute('data-count')).replace(/\B(?=(\d{3})+$)/g, ',')} crimes`),
      );
      await page.mouse.click(at[0], at[1]);
      await page.waitForFunction((c) => new URLSearchParams(location.search).get('ward') === c, code, {
        timeout: 10_000,
      });
      await ctx.waitReady(page);
      assert.equal(
        await page.locator(`[data-testid="ward-row"][data-ward-code="${code}"]`).getAttribute('aria-selected'),
        'true',
      );
      assert.deepEqual(errors, []);
      await context.close();
    },
  },
  {
    name: 'map: hovering a hotspot area shows its count and size, clicking selects it and outlines it in magenta (picked from the drawn hotspot areas)',
    async run(ctx) {
      const { page, context, errors } = await open(ctx);
      assert.ok((await page.locator('[data-testid="hotspot-item"]').count()) > 0, 'the demo has no hotspot areas');
      const box = await page.locator('#map').boundingBox();
      assert.ok(box);
      // Near-black pixels are hotspot outlines (#141414) or label text; hover just inside them.
      const { dark } = await mapPixels(page);
      assert.ok(dark.length > 0, 'no hotspot outline drawn');
      let found = null;
      const step = Math.max(1, Math.floor(dark.length / 25));
      search: for (let k = 0; k < dark.length; k += step) {
        const [fx, fy] = dark[k];
        for (const [dx, dy] of [
          [5, 0],
          [-5, 0],
          [0, 5],
          [0, -5],
        ]) {
          const x = box.x + box.width * fx + dx;
          const y = box.y + box.height * fy + dy;
          await page.mouse.move(x, y);
          await page.waitForTimeout(120);
          if (!(await page.locator('#tooltip').isVisible())) continue;
          const text = await page.locator('#tooltip').textContent();
          if (/crimes \([\d.]+%\) in [\d.]+ km²/.test(text)) {
            found = { x, y, text };
            break search;
          }
        }
      }
      assert.ok(found, 'no hotspot tooltip found near the outlines');
      const magentaBefore = (await mapPixels(page)).magenta;
      await page.mouse.click(found.x, found.y);
      await page.waitForFunction(() => /^H\d+$/.test(new URLSearchParams(location.search).get('hotspot') ?? ''), null, {
        timeout: 10_000,
      });
      await ctx.waitReady(page);
      const id = await page.evaluate(() => new URLSearchParams(location.search).get('hotspot'));
      const item = page.locator(`[data-testid="hotspot-item"][data-hotspot-id="${id}"]`);
      assert.equal(await item.getAttribute('aria-pressed'), 'true');
      // The tooltip's count is the selected area's count in the list.
      const count = Number(await item.getAttribute('data-count'));
      assert.ok(
        found.text.includes(`${count.toLocaleString('en-GB')} crimes`),
        `tooltip "${found.text}" does not show ${id}'s ${count} crimes`,
      );
      const { magenta } = await mapPixels(page);
      // Nothing was selected before the click (the selected ward's outline shares the colour).
      assert.equal(magentaBefore, 0);
      assert.ok(magenta > 8, `selected hotspot not outlined in magenta (${magenta} px)`);
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
