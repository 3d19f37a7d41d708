/**
 * Security end-to-end tests (same harness as app.e2e.mjs: `npx vite build && node scripts/e2e.mjs`).
 *
 * (a) XSS: every text field of the loaded files — police.uk Location, LSOA name, Crime type,
 *     ward and borough names, action summaries/leads/commentary, place names — and the file
 *     names themselves carry HTML/JS payloads. After loading through the file input, opening
 *     every panel, hovering the map and selecting a ward and a hotspot, no payload ran
 *     (window.__pwned undefined, no dialog) and the payloads are on the page as literal text.
 * (b) CSP: dist/index.html carries a strict policy (no 'unsafe-inline'/'unsafe-eval' for
 *     scripts, connect-src 'self'), and the page raises no securitypolicyviolation while it works.
 * (c) Network: every request of the browser context (page and worker) while data are loaded,
 *     analysed and exported goes to the page's own origin as a GET of a static asset, with no
 *     query string; blob:/data: URLs stay inside the browser and are allowed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '"><svg onload=window.__pwned=1>',
];
const [IMG, SCRIPT, SVG] = PAYLOADS;
const enc = (s) => Buffer.from(s, 'utf8');
const csvField = (s) => `"${s.replace(/"/g, '""')}"`;

/** 4 × 3 wards near (-0.10, 51.55) with payload names, crimes in them, a register and places. */
function payloadFiles() {
  const lon0 = -0.13,
    lat0 = 51.54,
    dLon = 0.015,
    dLat = 0.01;
  const features = [];
  let k = 0;
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 4; c++) {
      const x0 = lon0 + c * dLon,
        y0 = lat0 + r * dLat;
      features.push({
        type: 'Feature',
        properties: {
          WD24CD: `X0500${String(++k).padStart(4, '0')}`,
          WD24NM: `${PAYLOADS[k % 3]} ward ${k}`,
          LAD24NM: `${SVG} borough`,
        },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [x0, y0],
              [x0 + dLon, y0],
              [x0 + dLon, y0 + dLat],
              [x0, y0 + dLat],
              [x0, y0],
            ],
          ],
        },
      });
    }
  let seed = 7;
  const rnd = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const header =
    'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
  const rows = [header];
  const types = ['Burglary', 'Robbery', 'Vehicle crime', 'Shoplifting'];
  for (let m = 1; m <= 6; m++)
    for (let i = 0; i < 150; i++) {
      const hot = rnd() < 0.5;
      const lon = hot ? -0.1 + (rnd() - 0.5) * 0.004 : lon0 + rnd() * 4 * dLon;
      const lat = hot ? 51.555 + (rnd() - 0.5) * 0.003 : lat0 + rnd() * 3 * dLat;
      rows.push(
        `id${m}-${i},2024-0${m},${csvField(SVG + ' force')},Test,${lon.toFixed(6)},${lat.toFixed(6)},${csvField(PAYLOADS[i % 3] + ' street')},E01000001,${csvField(PAYLOADS[(i + 1) % 3] + ' 001A')},${types[i % 4]},,${csvField(SCRIPT)}`,
      );
    }
  // Unknown crime types: rejected, and named in the data-quality message.
  rows.push(`x1,2024-01,Test,Test,-0.1,51.555,On or near X,E01000001,T,${csvField(IMG)},,`);
  rows.push(`x2,2024-01,Test,Test,-0.1,51.555,On or near X,E01000001,T,${csvField(SCRIPT)},,`);

  const register = JSON.parse(readFileSync(join(import.meta.dirname, '../../data/demo/actions.json'), 'utf8'));
  register.plan.title = `${SCRIPT} plan`;
  register.plan.borough = `${IMG} borough`;
  register.actions.forEach((a, i) => {
    a.summary = `${PAYLOADS[i % 3]} summary ${a.id}`;
    a.lead = `${PAYLOADS[(i + 1) % 3]} lead`;
    if (typeof a.commentary === 'string') a.commentary = `${PAYLOADS[(i + 2) % 3]} commentary`;
    if (Array.isArray(a.places)) a.places.forEach((p) => (p.name = `${SVG} ${p.name}`));
  });
  const places = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { name: `${IMG} station`, type: 'transport hub' },
        geometry: { type: 'Point', coordinates: [-0.1, 51.555] },
      },
      {
        type: 'Feature',
        properties: { name: `${SCRIPT} pub`, type: 'licensed premises' },
        geometry: { type: 'Point', coordinates: [-0.099, 51.556] },
      },
    ],
  };
  return [
    // File names with payloads ('/' cannot appear in a file name).
    {
      name: `${IMG}.geojson`,
      mimeType: 'application/geo+json',
      buffer: enc(JSON.stringify({ type: 'FeatureCollection', features })),
    },
    { name: `${SVG} crimes.csv`, mimeType: 'text/csv', buffer: enc(rows.join('\n') + '\n') },
    { name: `actions ${IMG}.json`, mimeType: 'application/json', buffer: enc(JSON.stringify(register)) },
    { name: `places ${SVG}.geojson`, mimeType: 'application/geo+json', buffer: enc(JSON.stringify(places)) },
    { name: `${IMG}.txt`, mimeType: 'text/plain', buffer: enc(`${SCRIPT} not a data file`) },
  ];
}

/** A page with the guards installed before any script runs. */
async function guardedPage(ctx) {
  const { page, context, errors } = await ctx.newPage();
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return { page, context, errors, dialogs };
}

async function openEverything(page) {
  // Every <details> panel open, every view, hover over the map, select a ward and a hotspot.
  for (const v of ['analyst', 'briefing', 'analyst']) {
    const sel = page.locator('[data-testid="view"]');
    if (await sel.count())
      await sel
        .first()
        .selectOption(v)
        .catch(() => {});
  }
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  const box = await page.locator('#map').boundingBox();
  if (box)
    for (const [fx, fy] of [
      [0.5, 0.5],
      [0.45, 0.55],
      [0.55, 0.45],
      [0.3, 0.6],
    ])
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy, { steps: 3 });
  const ward = page.locator('[data-testid="ward-row"]').first();
  if (await ward.count()) await ward.click();
  const hot = page.locator('[data-testid="hotspot-item"]').first();
  if (await hot.count()) await hot.click();
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  await page.waitForTimeout(300);
}

export const tests = [
  {
    name: 'security: the built page carries a strict CSP',
    async run(ctx) {
      const html = readFileSync(join(ctx.root, 'dist', 'index.html'), 'utf8');
      const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
      assert.ok(m, 'dist/index.html has no CSP meta');
      const policy = Object.fromEntries(
        m[1]
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .filter((d) => d[0])
          .map(([k, ...v]) => [k, v]),
      );
      assert.deepEqual(policy['default-src'], ["'self'"]);
      assert.deepEqual(policy['script-src'], ["'self'"], `script-src: ${policy['script-src']}`);
      assert.deepEqual(policy['connect-src'], ["'self'"], `connect-src: ${policy['connect-src']}`);
      assert.deepEqual(policy['object-src'], ["'none'"]);
      assert.ok(!m[1].includes("'unsafe-eval'"), 'unsafe-eval present');
      assert.ok(!(policy['script-src'] ?? []).includes("'unsafe-inline'"), 'script-src allows inline scripts');
      for (const d of ['worker-src', 'img-src', 'style-src'])
        for (const src of policy[d] ?? [])
          assert.ok(["'self'", 'blob:', 'data:', "'unsafe-inline'"].includes(src), `${d} allows ${src}`);
      assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(html), 'inline <script> in dist/index.html');
    },
  },
  {
    name: 'security: payloads in every field and file name stay text; no CSP violation; no request leaves the origin',
    async run(ctx) {
      const { page, context, errors, dialogs } = await guardedPage(ctx);
      const origin = new URL(ctx.baseUrl).origin;
      const requests = [];
      context.on('request', (r) => requests.push({ url: r.url(), method: r.method(), type: r.resourceType() }));

      await page.goto(ctx.baseUrl);
      await ctx.waitReady(page);
      await page.setInputFiles('[data-testid="load-files"]', payloadFiles());
      await page.waitForSelector('[data-testid="ward-row"]', { timeout: 60_000 });
      await ctx.waitReady(page);
      await openEverything(page);
      await ctx.waitReady(page);

      // Exports: all four, while recording requests.
      for (const id of ['export-csv', 'export-geojson', 'export-asc', 'export-png']) {
        const btn = page.locator(`[data-testid="${id}"]`);
        if (!(await btn.count()) || (await btn.isDisabled())) continue;
        const dl = page.waitForEvent('download', { timeout: 30_000 });
        await btn.click();
        const d = await dl;
        assert.ok(d.suggestedFilename().length > 0);
      }
      await ctx.waitReady(page);
      await page.screenshot({ path: join(ctx.out, 'security-payloads.png') });

      // (a) nothing ran; the payloads are literal text.
      assert.equal(await page.evaluate(() => window.__pwned), undefined, 'a payload ran');
      assert.deepEqual(dialogs, []);
      const text = await page.evaluate(() => document.body.innerText);
      for (const p of [IMG, SVG, '<script>window.__pwned=1</script>'])
        assert.ok(text.includes(p.replace(/"/g, '"')) || text.includes(p), `payload not shown as text: ${p}`);
      if (process.env.E2E_DEBUG) console.log(text);
      assert.ok(text.includes(`${IMG}.geojson`), 'the payload file name is not shown as text');
      const injected = await page.evaluate(() => ({
        img: document.querySelectorAll('img[src="x"], img[onerror]').length,
        svg: document.querySelectorAll('svg[onload]').length,
        script: [...document.scripts].filter((s) => !s.src).length,
      }));
      assert.deepEqual(injected, { img: 0, svg: 0, script: 0 });
      // The unknown crime types are named in the data-quality panel, as text.
      const all = await page.evaluate(() => document.body.textContent);
      assert.match(all, /unrecognised crime type/);

      // (b) no CSP violation while loading, drawing and exporting.
      assert.deepEqual(await page.evaluate(() => window.__csp), []);

      // (c) every request: same origin, GET, static asset path, no query; blob:/data: are local.
      assert.ok(requests.length > 0, 'no request recorded');
      const bad = requests.filter((r) => {
        if (r.url.startsWith('blob:') || r.url.startsWith('data:')) return false;
        const u = new URL(r.url);
        return (
          u.origin !== origin ||
          r.method !== 'GET' ||
          u.search !== '' ||
          u.hash !== '' ||
          !/^\/([\w.-]+\/)*[\w.-]*$/.test(u.pathname)
        );
      });
      assert.deepEqual(
        bad,
        [],
        `requests that leave the page or carry data:\n${bad.map((r) => `${r.method} ${r.url}`).join('\n')}`,
      );
      assert.deepEqual(
        errors.filter((e) => !/Failed to load resource/.test(e)),
        [],
      );
      await context.close();
    },
  },
];
