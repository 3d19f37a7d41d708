/**
 * The map on the page: redrawn after a WebGL context loss, a basemap style URL drawn under the
 * layers (and refused from another server), hovering and clicking wards and hotspot areas.
 * Opening the page (demo or fixture) is in appPage.mjs.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { fixture, mapPixels, open, tableSnapshot } from './appPage.mjs';

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
];
