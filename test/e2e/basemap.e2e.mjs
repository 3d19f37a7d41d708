/**
 * The PMTiles basemap (issue 15), on the user's path: a fresh page with the demo (drawn over
 * its own synthetic streets), then the City of London's 2017 crimes, its wards and the real
 * OpenStreetMap extract of central London (../shared/data/basemap) dropped together.
 * Checked where a person would look:
 * - the demo shows its streets (grey road pixels in the map, the street names in the canvas);
 * - after the drop, grey road pixels appear where the page without a basemap had only the
 *   background, and the density, outlines and labels are still drawn over them (the dark
 *   outline pixels stay where they were; the share of the map drawn in density colours stays);
 * - the basemap's attribution is on the map and in the legend, and in the printed PDF's text
 *   (its footer, the print layout's credits line);
 * - not one request leaves the page's origin, and no request at all is made for the archive
 *   (it is read from the dropped File);
 * - switching to the tasking view and back keeps the basemap; so does dropping the data again;
 * - the printed analyst map (page.pdf after `beforeprint`) holds road-grey pixels, at the screen's
 *   scale (the outlines as wide in the print image as on the screen's canvas).
 * Screenshots at 1440×900, 1366×768, 1024×768 and 390×844 and A4 PDFs go to E2E_OUT.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CITY_CSV, data, dropFiles, haveData, LONDON_WARDS_2014, walk } from './realdata.mjs';

const PMTILES = data('basemap/central-london-osm.pmtiles');
/**
 * Road grey (src/app/map/basemapStyle.ts ROAD_GREY: #cdd1d6, #b9bec4, #a7adb4), also as blended
 * by antialiasing and by the translucent ward shading over it: neutral to slightly blue, between
 * the outlines' near-black and the background (#eef1f4). Text edges are such greys too, so every
 * check compares with the same page without a basemap.
 */
function isRoadGrey(r, g, b) {
  const bg = Math.abs(r - 0xee) + Math.abs(g - 0xf1) + Math.abs(b - 0xf4) <= 6;
  return !bg && r >= 150 && r <= 232 && Math.abs(r - g) <= 10 && b - r >= 0 && b - r <= 16;
}

/**
 * Pixels of the analyst map canvas: road-grey share, density share (warm colours), the dark
 * (outline) pixels, the pure-background pixels (every 2nd row and column), and the road-grey share
 * among the pixels `at` (another capture's background pixels: only a basemap can change those).
 */
async function mapPixels(page, at = null) {
  return page.evaluate(
    ([isRoadGreySrc, at]) => {
      // eslint-disable-next-line no-new-func
      const isRoadGrey = new Function(`return (${isRoadGreySrc})`)();
      const src = document.querySelector('#map canvas.maplibregl-canvas');
      const c = document.createElement('canvas');
      c.width = src.width;
      c.height = src.height;
      const g = c.getContext('2d');
      g.drawImage(src, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      let road = 0;
      let warm = 0;
      const dark = new Set();
      for (let i = 0; i < d.length; i += 4) {
        const [r, gr, b] = [d[i], d[i + 1], d[i + 2]];
        if (isRoadGrey(r, gr, b)) road++;
        if (r > 200 && r - b > 60) warm++;
        if (r < 40 && gr < 40 && b < 40) dark.add(i / 4);
      }
      const bg = [];
      for (let p = 0; p < d.length / 4; p += 2) {
        const o = p * 4;
        if (
          Math.floor(p / c.width) % 2 === 0 &&
          Math.abs(d[o] - 0xee) + Math.abs(d[o + 1] - 0xf1) + Math.abs(d[o + 2] - 0xf4) <= 3
        )
          bg.push(p);
      }
      let roadAt = 0;
      for (const p of at ?? []) if (isRoadGrey(d[p * 4], d[p * 4 + 1], d[p * 4 + 2])) roadAt++;
      return {
        road: road / (d.length / 4),
        warm: warm / (d.length / 4),
        dark: [...dark],
        bg,
        roadAt: at ? roadAt / Math.max(1, at.length) : null,
        total: d.length / 4,
      };
    },
    [isRoadGrey.toString(), at],
  );
}

/**
 * Keeps the analyst map's pixels in the page under `key` (first call), or returns the share of
 * pixels that differ from those kept by more than 24 levels summed over R, G and B.
 */
async function canvasDiff(page, key, keep) {
  return page.evaluate(
    ([key, keep]) => {
      const src = document.querySelector('#map canvas.maplibregl-canvas');
      const c = document.createElement('canvas');
      c.width = src.width;
      c.height = src.height;
      const g = c.getContext('2d');
      g.drawImage(src, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      window.__kept ??= {};
      if (keep) {
        window.__kept[key] = d;
        return null;
      }
      const k = window.__kept[key];
      let n = 0;
      for (let i = 0; i < d.length; i += 4)
        if (Math.abs(d[i] - k[i]) + Math.abs(d[i + 1] - k[i + 1]) + Math.abs(d[i + 2] - k[i + 2]) > 24) n++;
      return n / (d.length / 4);
    },
    [key, keep],
  );
}

function tmp() {
  return mkdtempSync(join(tmpdir(), 'atlas-basemap-'));
}

function cityWards(dir) {
  const fc = JSON.parse(readFileSync(LONDON_WARDS_2014, 'utf8'));
  const path = join(dir, 'city-of-london-wards-2014.geojson');
  writeFileSync(
    path,
    JSON.stringify({
      type: 'FeatureCollection',
      features: fc.features.filter((f) => f.properties.BOROUGH === 'City of London'),
    }),
  );
  return path;
}

async function settle(ctx, page) {
  await page.waitForTimeout(300);
  await ctx.waitReady(page);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * The printed map on page 1 of a PDF (pdftoppm at 100 dpi): the map box is PRINT_MAP_MM
 * (190 × 140 mm) at the top left inside the 10 mm margins in both orientations
 * (src/app/views/printMap.ts, print.css), read 2 mm inside its edges. Returns the road-grey
 * share and the pure-background pixels; with `at` (another print's background pixels: only a
 * basemap can draw there), the road-grey share among those.
 */
function pdfMap(pdf, at = null) {
  const DPI = 100;
  const buf = execFileSync('pdftoppm', ['-r', String(DPI), '-f', '1', '-l', '1', pdf], { maxBuffer: 64 << 20 });
  let i = 0;
  const tokens = [];
  while (tokens.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[i]))) i++;
    let t = '';
    while (!/\s/.test(String.fromCharCode(buf[i]))) t += String.fromCharCode(buf[i++]);
    tokens.push(t);
  }
  const w = Number(tokens[1]);
  const px = buf.subarray(i + 1);
  const mm = (v) => Math.round((v / 25.4) * DPI);
  let road = 0;
  let n = 0;
  const bg = [];
  for (let y = mm(12); y < mm(148); y++)
    for (let x = mm(12); x < mm(198); x++) {
      const o = (y * w + x) * 3;
      n++;
      if (isRoadGrey(px[o], px[o + 1], px[o + 2])) road++;
      if (Math.abs(px[o] - 0xee) + Math.abs(px[o + 1] - 0xf1) + Math.abs(px[o + 2] - 0xf4) <= 3) bg.push(o);
    }
  let roadAt = 0;
  for (const o of at ?? []) if (isRoadGrey(px[o], px[o + 1], px[o + 2])) roadAt++;
  return { road: road / n, bg, roadAt: at ? roadAt / Math.max(1, at.length) : null };
}

/** A fresh page (the demo showing) at `viewport`, recording every request. */
async function fresh(ctx, viewport = { width: 1440, height: 900 }, query = '') {
  const { page, context, errors } = await ctx.newPage({ viewport });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  // A same-origin MapLibre style with the background only: set as the basemap address, it wins
  // over the demo's streets (basemapChoice.ts), so the demo can be seen without them.
  await page.route('**/e2e-blank-style.json', (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({
        version: 8,
        sources: {},
        layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } }],
      }),
    }),
  );
  await page.goto(ctx.baseUrl + query);
  await page.waitForSelector('[data-testid="ward-row"]', { timeout: 60_000 });
  await settle(ctx, page);
  return { page, context, errors, requests };
}

/** Drops the City's 2017 crimes and wards (and `extra`) and waits for the City's analysis and, with a basemap, its credit. */
async function dropCity(ctx, page, files, basemap) {
  await dropFiles(page, files);
  await page.waitForFunction(
    () => /City of London/.test(document.querySelector('[data-testid="headline"]')?.textContent ?? ''),
    null,
    { timeout: 60_000 },
  );
  if (basemap)
    await page.waitForFunction(
      () => /OSM/.test(document.querySelector('[data-testid="map-attribution"]')?.textContent ?? ''),
      null,
      { timeout: 30_000 },
    );
  await settle(ctx, page);
  await page.waitForTimeout(1000); // tiles: read from the File, parsed in MapLibre's worker
  await settle(ctx, page);
}

/** Prints the page as Ctrl+P does (page.pdf fires beforeprint) to A4; returns pdfMap of page 1. */
async function printA4(page, path, landscape, at = null) {
  await page.pdf({ path, format: 'A4', landscape, printBackground: true });
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', path, path.replace(/\.pdf$/, '')]);
  return pdfMap(path, at);
}

const pct = (x) => `${(x * 100).toFixed(2)}%`;

export const tests = [
  {
    name: 'basemap: the demo has its own streets; dropping the City of London with the OSM .pmtiles draws streets under the analysis, credits them, sends nothing, keeps them across views and reloads, and prints them',
    async run(ctx) {
      if (!haveData('PMTiles basemap', PMTILES, LONDON_WARDS_2014, CITY_CSV)) return;
      const origin = new URL(ctx.baseUrl).origin;
      const dir = tmp();
      const wards = cityWards(dir);
      const csv2017 = walk(CITY_CSV).filter((f) => /\/2017-\d\d-/.test(f));

      // Without a basemap: the City's data alone, to compare pixels with (same viewport, same fit).
      // The demo first without its streets (a blank style as the basemap address), then with them.
      const a = await fresh(ctx, undefined, '?basemap=e2e-blank-style.json');
      await canvasDiff(a.page, 'demo', true);
      await a.page.fill('[data-testid="basemap-url"]', '');
      await a.page.dispatchEvent('[data-testid="basemap-url"]', 'change');
      // The demo over its synthetic streets, credited as such.
      await a.page.waitForFunction(
        () =>
          /synthetic demo streets/.test(
            document.querySelector('[data-testid="legend-attribution"]')?.textContent ?? '',
          ),
        null,
        { timeout: 20_000 },
      );
      await settle(ctx, a.page);
      const demoStreets = await canvasDiff(a.page, 'demo', false);
      await a.page.screenshot({ path: join(ctx.out, 'basemap-demo-1440.png') });
      // Same view, same layers, same (faded) shading: only the streets differ.
      console.log(`    demo: ${pct(demoStreets)} of the map's pixels change when its streets are drawn`);
      assert.ok(demoStreets > 0.01, `the demo's streets change ${pct(demoStreets)} of the map`);
      await dropCity(ctx, a.page, [wards, ...csv2017], false);
      const plain = await mapPixels(a.page);
      await a.page.screenshot({ path: join(ctx.out, 'basemap-city-plain-1440.png') });
      assert.equal(
        await a.page.locator('[data-testid="legend-attribution"]').count(),
        0,
        'the demo streets are still credited after the demo was replaced',
      );
      const plainPrint = {
        portrait: await printA4(a.page, join(ctx.out, 'basemap-none-analyst-a4-portrait.pdf'), false),
        landscape: await printA4(a.page, join(ctx.out, 'basemap-none-analyst-a4-landscape.pdf'), true),
      };
      await a.page.click('#btn-tasking');
      await a.page.waitForSelector('[data-testid="view-legend"]', { timeout: 30_000 });
      await settle(ctx, a.page);
      const plainTaskPrint = await printA4(a.page, join(ctx.out, 'basemap-none-tasking-a4-landscape.pdf'), true);
      await a.context.close();

      // The user's path: the crimes, the wards and the .pmtiles dropped together onto the demo.
      const { page, context, errors, requests } = await fresh(ctx);
      await dropCity(ctx, page, [wards, ...csv2017, PMTILES], true);
      const withBase = await mapPixels(page, plain.bg);
      await page.screenshot({ path: join(ctx.out, 'basemap-city-1440.png') });
      console.log(
        `    City: road grey ${pct(plain.road)} → ${pct(withBase.road)}; density ${pct(plain.warm)} → ${pct(withBase.warm)}; outline pixels ${plain.dark.length} → ${withBase.dark.length}`,
      );
      // On the pixels that were pure background without a basemap, only the basemap can draw.
      console.log(
        `    City: road grey on the background pixels of the page without a basemap: ${pct(withBase.roadAt)}`,
      );
      assert.ok(withBase.roadAt > 0.02, `the basemap's roads cover ${pct(withBase.roadAt)} of the former background`);
      // Under the analysis: the density keeps its share of the map, the outlines stay where they were, on top.
      assert.ok(
        plain.warm > 0.01 && Math.abs(withBase.warm - plain.warm) < 0.2 * plain.warm,
        `density ${pct(plain.warm)} → ${pct(withBase.warm)}`,
      );
      const plainDark = new Set(plain.dark);
      const kept = withBase.dark.filter((p) => plainDark.has(p)).length / Math.max(1, plain.dark.length);
      assert.ok(
        plain.dark.length > 100 && kept > 0.85,
        `${(kept * 100).toFixed(0)}% of the ${plain.dark.length} outline pixels are still drawn over the basemap`,
      );
      // The credit, from the archive's metadata, as text (no link, no HTML).
      assert.match(
        await page.textContent('[data-testid="map-attribution"]'),
        /© OSM \(openstreetmap\.org\/copyright\)/,
      );
      assert.match(await page.textContent('[data-testid="legend-attribution"]'), /Basemap: © OSM/);
      assert.equal(
        await page.locator('[data-testid="map-attribution"] *, [data-testid="legend-attribution"] *').count(),
        0,
      );
      assert.match(await page.textContent('#status'), /central-london-osm\.pmtiles, read from this computer|Analysed/);
      // Nothing left the page: every request went to the page's own server, and none for the archive.
      const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
      assert.deepEqual(foreign, []);
      assert.deepEqual(
        requests.filter((u) => /pmtiles|\.pbf|\.mvt|glyph|font/i.test(u)),
        [],
      );

      // Printed (Ctrl+P = page.pdf: beforeprint): the analyst map on A4 holds the streets and the credit.
      for (const landscape of [false, true]) {
        const pdf = join(ctx.out, `basemap-analyst-a4-${landscape ? 'landscape' : 'portrait'}.pdf`);
        const without = plainPrint[landscape ? 'landscape' : 'portrait'];
        const withBasemap = await printA4(page, pdf, landscape, without.bg);
        console.log(
          `    analyst print ${landscape ? 'landscape' : 'portrait'}: road grey on ${pct(withBasemap.roadAt)} of the printed map's former background (${without.bg.length} pixels)`,
        );
        assert.ok(
          withBasemap.roadAt > 0.02,
          `analyst print: road grey on ${pct(withBasemap.roadAt)} of the former background`,
        );
        assert.match(
          execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }),
          /Basemap © OSM\s+\(openstreetmap\.org\/copyright\)/,
        );
      }

      // The printed analyst map keeps the screen's scale (not zoomed out to fit): the outlines'
      // extent in the print image, in its pixels, equals their extent on the screen's canvas.
      const scale = await page.evaluate(async () => {
        const box = (src, w, h) => {
          const c = document.createElement('canvas');
          c.width = w;
          c.height = h;
          const g = c.getContext('2d');
          g.drawImage(src, 0, 0);
          const d = g.getImageData(0, 0, w, h).data;
          let x0 = Infinity,
            x1 = -Infinity;
          for (let i = 0; i < d.length; i += 4)
            if (d[i] < 40 && d[i + 1] < 40 && d[i + 2] < 40) {
              const x = (i / 4) % w;
              if (x < x0) x0 = x;
              if (x > x1) x1 = x;
            }
          return x1 - x0;
        };
        const canvas = document.querySelector('#map canvas.maplibregl-canvas');
        const screen = box(canvas, canvas.width, canvas.height);
        window.dispatchEvent(new Event('beforeprint'));
        const img = document.querySelector('#print-map-analyst');
        await img.decode();
        return { screen, print: box(img, img.naturalWidth, img.naturalHeight) };
      });
      console.log(`    outlines' width: ${scale.screen} px on screen, ${scale.print} px in the printed map`);
      assert.ok(
        Math.abs(scale.print / scale.screen - 1) < 0.03,
        `the printed map is at another scale than the screen: ${JSON.stringify(scale)}`,
      );

      // The tasking view keeps it (another map, the same basemap), in its legend and print.
      await page.click('#btn-tasking');
      await page.waitForSelector('[data-testid="view-legend"]', { timeout: 30_000 });
      await settle(ctx, page);
      await page.waitForTimeout(1000);
      await settle(ctx, page);
      assert.match(await page.textContent('[data-testid="view-legend"]'), /Basemap: © OSM/);
      const task = await printA4(page, join(ctx.out, 'basemap-tasking-a4-landscape.pdf'), true, plainTaskPrint.bg);
      console.log(
        `    tasking print: road grey on ${pct(task.roadAt)} of the printed map's former background (${plainTaskPrint.bg.length} pixels)`,
      );
      assert.ok(task.roadAt > 0.02, `tasking print: road grey on ${pct(task.roadAt)} of the former background`);
      // Back to the analyst view, then the data dropped again: the basemap stays for the session.
      await page.click('[data-testid="to-analyst"]');
      await settle(ctx, page);
      await dropCity(ctx, page, [wards, ...csv2017.slice(0, 6)], false);
      assert.match(await page.textContent('[data-testid="map-attribution"]'), /© OSM/);
      const again = await mapPixels(page, plain.bg);
      assert.ok(
        again.roadAt > 0.02,
        `after loading data again: road grey on ${pct(again.roadAt)} of the former background`,
      );
      assert.deepEqual(
        requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')),
        [],
      );
      assert.deepEqual(errors, []);
      await context.close();
    },
  },
  {
    name: "basemap: a .pmtiles hosted beside the app (basemap= in the address) is read from the app's own server with range requests and drawn",
    async run(ctx) {
      if (!haveData('hosted PMTiles basemap', PMTILES, LONDON_WARDS_2014, CITY_CSV)) return;
      // Hosted beside the app: a copy in the built site (dist/ is build output, never committed).
      mkdirSync(join(ctx.root, 'dist', 'e2e-basemap'), { recursive: true });
      copyFileSync(PMTILES, join(ctx.root, 'dist', 'e2e-basemap', 'central.pmtiles'));
      const origin = new URL(ctx.baseUrl).origin;
      const { page, context, errors, requests } = await fresh(ctx, undefined, '?basemap=e2e-basemap%2Fcentral.pmtiles');
      await page.waitForFunction(
        () => /OSM/.test(document.querySelector('[data-testid="map-attribution"]')?.textContent ?? ''),
        null,
        { timeout: 30_000 },
      );
      const wards = cityWards(tmp());
      await dropCity(ctx, page, [wards, ...walk(CITY_CSV).filter((f) => /\/2017-\d\d-/.test(f))], true);
      const archive = requests.filter((u) => new URL(u).pathname.endsWith('.pmtiles'));
      assert.ok(
        archive.length > 0 && archive.every((u) => u === `${origin}/e2e-basemap/central.pmtiles`),
        `archive requests: ${archive.join(', ')}`,
      );
      assert.deepEqual(
        requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')),
        [],
      );
      const road = (await mapPixels(page)).road;
      assert.ok(road > 0.02, `hosted basemap: road grey ${pct(road)}`);
      await page.screenshot({ path: join(ctx.out, 'basemap-hosted-1440.png') });
      assert.deepEqual(errors, []);
      await context.close();
    },
  },
  {
    name: 'basemap: screenshots of the City of London over the OSM basemap at 1366×768, 1024×768 and 390×844',
    async run(ctx) {
      if (!haveData('PMTiles basemap screenshots', PMTILES, LONDON_WARDS_2014, CITY_CSV)) return;
      const wards = cityWards(tmp());
      const csv2017 = walk(CITY_CSV).filter((f) => /\/2017-\d\d-/.test(f));
      for (const [width, height] of [
        [1366, 768],
        [1024, 768],
        [390, 844],
      ]) {
        const { page, context, errors } = await fresh(ctx, { width, height });
        await dropCity(ctx, page, [wards, ...csv2017, PMTILES], true);
        await page.screenshot({ path: join(ctx.out, `basemap-city-${width}.png`) });
        const road = (await mapPixels(page)).road;
        assert.ok(road > 0.01, `${width}×${height}: road grey ${pct(road)}`);
        assert.ok(
          await page.locator('[data-testid="map-attribution"]').isVisible(),
          `${width}×${height}: the credit is not visible on the map`,
        );
        assert.deepEqual(errors, []);
        await context.close();
      }
    },
  },
];
