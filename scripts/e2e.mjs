#!/usr/bin/env node
/**
 * End-to-end tests in Debian Chromium (playwright-core). Builds nothing: run `vite build` first
 * (npm test does). Starts `vite preview` on 127.0.0.1 with a free port, launches one browser,
 * runs the tests exported by test/e2e/*.e2e.mjs sequentially
 * (`export const tests = [{ name, run: async (ctx) => {} }]`), prints `e2e: N passed, N failed`
 * and exits non-zero on any failure.
 *
 * Env: E2E_FILTER=substring (run matching tests only), E2E_OUT=dir (screenshots; default
 * $TMPDIR/hotspot-atlas-e2e), CI=true (a missing Chromium is a failure, not a skip).
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM, CHROMIUM_ARGS as ARGS, startPreview } from './lib/browser.mjs';

const root = resolve(import.meta.dirname, '..');
const out = process.env.E2E_OUT ?? join(tmpdir(), 'hotspot-atlas-e2e');
const TEST_TIMEOUT = 120_000;

if (!existsSync(CHROMIUM)) {
  if (process.env.CI === 'true' || process.env.CI === '1') {
    console.log(`e2e: ${CHROMIUM} is missing (install with: apt-get install -y chromium)`);
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  }
  console.log('\n*** NOTICE: end-to-end tests SKIPPED: Debian Chromium is not installed.');
  console.log('*** Install it with:  sudo apt-get install -y chromium\n');
  console.log('e2e: 0 passed, 0 failed (skipped: no chromium)');
  process.exit(0);
}
if (!existsSync(join(root, 'dist', 'index.html'))) {
  console.log('e2e: dist/index.html is missing: run `npx vite build` first');
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
}

let passed = 0;
let failed = 0;
let browser;
let preview;

try {
  preview = await startPreview(root);
  const baseUrl = preview.baseUrl;
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  mkdirSync(out, { recursive: true });

  /** Opens a page that records console errors and page errors. */
  async function newPage(opts = {}) {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
      ...opts,
    });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    return { page, context, errors };
  }
  /** Waits until body[data-state] is 'ready' (analysis and drawing done). */
  async function waitReady(page, timeout = 60_000) {
    await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout, polling: 100 });
  }
  const ctx = { browser, baseUrl, newPage, waitReady, out, root };

  const dir = join(root, 'test', 'e2e');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.e2e.mjs'))
    .sort();
  const filter = process.env.E2E_FILTER;
  for (const f of files) {
    const mod = await import(pathToFileURL(join(dir, f)).href);
    for (const t of mod.tests ?? []) {
      if (filter && !t.name.includes(filter)) continue;
      const t0 = Date.now();
      try {
        let timer;
        await Promise.race([
          t.run(ctx),
          new Promise(
            (_, rej) =>
              (timer = setTimeout(() => rej(new Error(`timed out after ${TEST_TIMEOUT / 1000} s`)), TEST_TIMEOUT)),
          ),
        ]).finally(() => clearTimeout(timer));
        passed++;
        console.log(`  ok    ${f} › ${t.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (e) {
        failed++;
        console.log(
          `  FAIL  ${f} › ${t.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n        ${String(e?.stack ?? e)
            .split('\n')
            .slice(0, 6)
            .join('\n        ')}`,
        );
      }
    }
  }
} catch (e) {
  failed++;
  console.log(`e2e harness error: ${e?.stack ?? e}\n${preview?.log() ?? ''}`);
} finally {
  await browser?.close().catch(() => {});
  preview?.stop();
}
console.log(`screenshots: ${out}`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
