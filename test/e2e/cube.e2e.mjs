/**
 * The page opens a cube (README "Opening a cube"), on the user's path and under the page's own
 * Content-Security-Policy sent as a header (the worker, which reads the Parquet with hyparquet,
 * is under it too): a fresh page with the demo showing → drop a cube folder (made by the built
 * `hotspot-atlas cubes` from the real Met burglary and City of London files with London's 2014
 * wards) → the page names the boundary file it needs → drop London's ward file → it asks for an area → choose Haringey → the ward table
 * equals crimes counted independently from the police.uk files (a plain lon/lat ray cast on the
 * boundary GeoJSON, test/e2e/realdata.mjs), the provenance says the figures come from a cube, the
 * density and hotspot areas are drawn, crime points are not offered, and no policy is violated.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startStaticServer } from '../../scripts/lib/staticServer.mjs';
import {
  CITY_CSV,
  countByWard,
  diffCounts,
  dropFiles,
  HARINGEY_WARDS,
  haveData,
  LONDON_WARDS_2014,
  MET_BURGLARY,
  pageWardCounts,
  streetRows,
  walk,
} from './realdata.mjs';

export const tests = [
  {
    name: 'cube: drop a cube folder and London wards on the demo page, choose Haringey; ward table equals an independent count (CSP header)',
    async run(ctx) {
      if (!haveData('cube e2e', MET_BURGLARY, CITY_CSV, LONDON_WARDS_2014, HARINGEY_WARDS)) return;
      execFileSync(process.execPath, [join(ctx.root, 'scripts/build-cli.mjs'), '--if-stale'], {
        cwd: ctx.root,
        stdio: 'inherit',
      });
      const cube = join(mkdtempSync(join(tmpdir(), 'atlas-cube-e2e-')), 'cube');
      const r = spawnSync(
        process.execPath,
        [
          join(ctx.root, 'dist-cli/hotspot-atlas.mjs'),
          'cubes',
          '--wards',
          LONDON_WARDS_2014,
          '--crimes',
          MET_BURGLARY,
          CITY_CSV,
          '--out',
          cube,
        ],
        { encoding: 'utf8' },
      );
      assert.equal(r.status, 0, r.stderr);

      const html = readFileSync(join(ctx.root, 'dist', 'index.html'), 'utf8');
      const policy = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)?.[1];
      assert.ok(policy, 'dist/index.html has no CSP meta');
      const server = await startStaticServer(join(ctx.root, 'dist'), { 'Content-Security-Policy': policy });
      const { page, context, errors } = await ctx.newPage();
      try {
        await context.addInitScript(() => {
          window.__csp = [];
          document.addEventListener('securitypolicyviolation', (e) =>
            window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
          );
        });
        await page.goto(server.baseUrl);
        await ctx.waitReady(page);
        assert.equal(await page.locator('[data-testid="ward-row"]').count(), 24, 'the demo is not showing');
        // The cube folder as a folder drop gives it: each file named by its path in the folder.
        const files = walk(cube).map((p) => ({ name: `cube/${relative(cube, p)}`, text: readFileSync(p) }));
        // The cube alone first: the page says which boundary file it needs (from the manifest).
        await dropFiles(page, files);
        await page.waitForSelector('[data-testid="cube-waiting"]', { timeout: 60_000 });
        assert.match(
          await page.locator('[data-testid="cube-waiting"]').innerText(),
          /drop the ward boundary file it was made with \(london_wards_2014_wgs84\.geojson, 2014 wards\)/,
        );
        await ctx.waitReady(page);
        // Then the ward file: the page asks for the area, in the panel and at the top of the results.
        await dropFiles(page, [LONDON_WARDS_2014]);
        await page.waitForSelector('[data-testid="cube-area"]', { timeout: 60_000 });
        assert.match(await page.locator('[data-testid="cube-waiting"]').innerText(), /Choose the area of the cube/);
        await ctx.waitReady(page);
        assert.match(await page.locator('#results').innerText(), /Choose the area of the cube/);
        await page.screenshot({ path: join(ctx.out, 'cube-choose-1440.png') });
        await page.selectOption('[data-testid="cube-area"]', 'Haringey');
        const t0 = Date.now();
        await page.click('[data-testid="cube-open"]');
        await page.waitForFunction(() => document.querySelectorAll('[data-testid="ward-row"]').length === 19, null, {
          timeout: 60_000,
          polling: 50,
        });
        await ctx.waitReady(page);
        const openMs = Date.now() - t0;
        console.log(`        cube: Haringey opened and analysed in ${openMs} ms (click to ready)`);
        await page.screenshot({ path: join(ctx.out, 'cube-haringey-1440.png') });

        // The page's default window: the latest 12 loaded months (2018), all crime (no ASB).
        const got = await pageWardCounts(page);
        const fc = JSON.parse(readFileSync(HARINGEY_WARDS, 'utf8'));
        const rows = [...walk(MET_BURGLARY), ...walk(CITY_CSV)].filter((p) => p.endsWith('.csv')).flatMap(streetRows);
        const want = countByWard(rows, fc, (x) => x.month.startsWith('2018-')).byCode;
        assert.deepEqual(diffCounts(got, want), [], 'ward counts differ from the independent count');
        assert.ok([...want.values()].reduce((a, b) => a + b, 0) > 1000, 'too few crimes to be a test');
        assert.match(await page.locator('[data-testid="headline"]').first().innerText(), /Haringey/);
        const summary = await page.locator('[data-testid="cube-summary"]').innerText();
        assert.match(summary, /partitions read/);
        assert.ok((await page.locator('[data-testid="hotspot-item"]').count()) > 0, 'no hotspot listed');
        const prov = await page.evaluate(() =>
          [...document.querySelectorAll('.provenance, [data-testid="provenance"]')].map((e) => e.textContent).join(' '),
        );
        assert.match(prov, /From a cube/, `provenance: ${prov}`);
        assert.deepEqual(await page.evaluate(() => window.__csp), [], 'CSP violations on the page');
        assert.deepEqual(errors, [], 'errors on the page');
      } finally {
        await context.close();
        server.stop();
      }
    },
  },
];
