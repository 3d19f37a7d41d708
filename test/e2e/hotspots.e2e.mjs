/**
 * Hotspot areas a team can patrol (issue 15 item 3), walked as an analyst: a fresh page with
 * the demo, London's wards and the Met's 2018 burglary dropped on it; the hotspot list, the
 * "Hotspot areas" control, and the map at city zoom and zoomed in (screenshots at 1440×900 and
 * 390×844 in E2E_OUT for a person to look at).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { dropFiles, haveData, LONDON_WARDS_2014, MET_BURGLARY, walk } from './realdata.mjs';

/** police.uk's place-type names (src/analysis/hotspots/naming.ts), which never name an area. */
const GENERIC =
  /^(parking area|supermarket|shopping area|petrol station|sports\/recreation area|pedestrian subway|no location|location|nightclub|further\/higher educational building|police station|theatre\/concert hall|hospital|conference\/exhibition centre|park\/open space|bus\/coach station|ferry terminal|theme\/adventure park|airport\/airfield|prison)$/i;

async function openLondon(ctx, viewport) {
  const { page, context, errors } = await ctx.newPage(viewport ? { viewport } : {});
  await page.goto(ctx.baseUrl);
  await ctx.waitReady(page);
  const crimes = walk(MET_BURGLARY).filter((f) => /\/2018-\d\d-/.test(f));
  assert.equal(crimes.length, 12);
  await dropFiles(page, [LONDON_WARDS_2014, ...crimes]);
  await page.waitForFunction(
    () => /London/.test(document.querySelector('[data-testid="headline"]')?.textContent ?? ''),
    null,
    { timeout: 120_000, polling: 250 },
  );
  await ctx.waitReady(page, 120_000);
  return { page, context, errors };
}

/** "970 crimes · 1.2% of the area's crime · 1.00 km²" → 1.00 */
async function firstArea(page) {
  const li = page.locator('[data-testid="hotspot-item"]').first().locator('xpath=..');
  const text = await li.textContent();
  const km2 = Number(/([\d.]+) km²/.exec(text)?.[1]);
  const name = (await page.locator('[data-testid="hotspot-item"]').first().textContent()).trim();
  return { km2, name };
}

/** Near-black pixels of the map canvas (hotspot outlines are #141414). */
async function darkPixels(page) {
  return page.evaluate(() => {
    const src = document.querySelector('#map canvas.maplibregl-canvas');
    const c = document.createElement('canvas');
    c.width = src.width;
    c.height = src.height;
    const g = c.getContext('2d');
    g.drawImage(src, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 40 && d[i + 1] < 40 && d[i + 2] < 40) n++;
    return n / (d.length / 4);
  });
}

async function zoomIn(ctx, page, steps) {
  const box = await page.locator('#map').boundingBox();
  // Central London (Shaftesbury Avenue, area 1) lies a little north-west of the wards' centre.
  await page.mouse.move(box.x + box.width * 0.48, box.y + box.height * 0.45);
  for (let k = 0; k < steps; k++) {
    await page.mouse.wheel(0, -400);
    await page.waitForTimeout(350);
  }
  await page.waitForTimeout(800);
  await ctx.waitReady(page);
}

export const tests = [
  {
    name: 'London burglary 2018: compact hotspot areas (none above 1 km², named by a street), map thinned at city zoom',
    async run(ctx) {
      if (!haveData('London hotspot areas', LONDON_WARDS_2014, MET_BURGLARY)) return;
      const { page, context, errors } = await openLondon(ctx);
      const n = await page.locator('[data-testid="hotspot-panel"] [data-testid="hotspot-item"]').count();
      assert.ok(n > 0);
      const top = await firstArea(page);
      assert.ok(top.km2 <= 1, `area 1 is ${top.km2} km²`);
      assert.ok(
        !/^Area \d+$/.test(top.name) && !GENERIC.test(top.name.split(' — ')[0]),
        `area 1 is named "${top.name}"`,
      );
      assert.match(await page.textContent('[data-testid="hotspot-panel"]'), /compact areas of at most 1 km²/);
      const cityDark = await darkPixels(page);
      await page.screenshot({ path: join(ctx.out, 'london-compact-city-1440.png') });
      await zoomIn(ctx, page, 6);
      await page.screenshot({ path: join(ctx.out, 'london-compact-zoomed-1440.png') });

      assert.ok(cityDark < 0.05, `city zoom outlines cover ${(cityDark * 100).toFixed(1)}% of the map`);
      assert.deepEqual(errors, []);
      await context.close();
    },
  },
  {
    name: 'London burglary 2018 with "Whole areas above the threshold": area 1 is tens of km² (the rule before), and back to compact',
    async run(ctx) {
      if (!haveData('London hotspot areas', LONDON_WARDS_2014, MET_BURGLARY)) return;
      const { page, context, errors } = await openLondon(ctx);
      await page.selectOption('[data-testid="hotspot-areas"]', 'threshold');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('areas') === 'threshold', null, {
        timeout: 10_000,
      });
      await ctx.waitReady(page, 120_000);
      await page.waitForFunction(
        () => /however large/.test(document.querySelector('[data-testid="hotspot-panel"]')?.textContent ?? ''),
        null,
        { timeout: 60_000 },
      );
      const old = await firstArea(page);
      assert.ok(old.km2 > 20, `threshold rule: area 1 is ${old.km2} km²`);
      const thresholdDark = await darkPixels(page);
      await page.screenshot({ path: join(ctx.out, 'london-threshold-city-1440.png') });
      await page.selectOption('[data-testid="hotspot-areas"]', 'compact:1');
      await page.waitForFunction(() => !new URLSearchParams(location.search).has('areas'), null, { timeout: 10_000 });
      await ctx.waitReady(page, 120_000);
      await page.waitForFunction(
        () => /at most 1 km²/.test(document.querySelector('[data-testid="hotspot-panel"]')?.textContent ?? ''),
        null,
        { timeout: 60_000 },
      );
      assert.ok((await firstArea(page)).km2 <= 1);
      // The same view at city zoom: the compact areas' outlines ink far less of the map than
      // the threshold rule's scribble over inner London.
      const compactDark = await darkPixels(page);
      assert.ok(
        compactDark < thresholdDark / 2,
        `outline ink: compact ${(compactDark * 100).toFixed(2)}%, threshold ${(thresholdDark * 100).toFixed(2)}%`,
      );
      assert.deepEqual(errors, []);
      await context.close();
    },
  },
  {
    name: 'London burglary 2018 on a phone (390×844): screenshots at city zoom and zoomed in',
    async run(ctx) {
      if (!haveData('London hotspot areas', LONDON_WARDS_2014, MET_BURGLARY)) return;
      const { page, context, errors } = await openLondon(ctx, { width: 390, height: 844 });
      await page.screenshot({ path: join(ctx.out, 'london-compact-city-390.png') });
      await zoomIn(ctx, page, 5);
      await page.screenshot({ path: join(ctx.out, 'london-compact-zoomed-390.png') });
      assert.ok((await firstArea(page)).km2 <= 1);
      assert.deepEqual(errors, []);
      await context.close();
    },
  },
];
