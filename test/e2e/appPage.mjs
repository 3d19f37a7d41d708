/**
 * The page as the app end-to-end tests (app.e2e.mjs, appMap.e2e.mjs) open it: the demo, or the
 * synthetic fixture (fixture.mjs) loaded through the file input when data/demo/ is not built into
 * dist/; the ward table as code=count pairs; and what the map canvas shows.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeFixture } from './fixture.mjs';

let fixtureFiles;
export function fixture() {
  fixtureFiles ??= makeFixture(mkdtempSync(join(tmpdir(), 'atlas-fixture-')));
  return fixtureFiles;
}

/** Opens the page (with an optional query), makes sure data are loaded, waits for ready. */
export async function open(ctx, query = '') {
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

export async function tableSnapshot(page) {
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
export async function mapPixels(page, near = null) {
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
