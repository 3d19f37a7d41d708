/**
 * The built app under a real Content-Security-Policy *header* (issue 17). The page's <meta>
 * policy does not reach the analysis worker: a worker's policy comes only from the header
 * its own script is served with, so a host that sends `script-src 'self'` as a header puts
 * the worker under it too, and any code generated at run time there (`new Function`, eval —
 * e.g. Ajv compiling a schema) throws. This serves dist/ with the page's own policy as a
 * header on every response (no 'unsafe-eval') and checks, as a user sees it, that the demo
 * opens analysed: ward table, headline, hotspots and the plan's actions (the register is
 * validated in the worker), with no policy violation and no error.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStaticServer } from '../../scripts/lib/staticServer.mjs';

export const tests = [
  {
    name: "csp header: served with script-src 'self' (no unsafe-eval) as a header, the worker starts and the demo is analysed",
    async run(ctx) {
      const html = readFileSync(join(ctx.root, 'dist', 'index.html'), 'utf8');
      const policy = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)?.[1];
      assert.ok(policy, 'dist/index.html has no CSP meta');
      assert.match(policy, /(^|;)\s*script-src 'self'\s*(;|$)/, `script-src is not exactly 'self': ${policy}`);
      assert.ok(!policy.includes('unsafe-eval'), 'the policy allows unsafe-eval');
      const server = await startStaticServer(join(ctx.root, 'dist'), { 'Content-Security-Policy': policy });
      const { page, context, errors } = await ctx.newPage();
      try {
        await context.addInitScript(() => {
          window.__csp = [];
          document.addEventListener('securitypolicyviolation', (e) =>
            window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
          );
        });
        const workers = [];
        page.on('worker', (w) => workers.push(w.url()));
        const response = await page.goto(server.baseUrl);
        assert.equal(
          response.headers()['content-security-policy'],
          policy,
          'the page was not served with the CSP header',
        );
        await ctx.waitReady(page);
        // What a user sees: the analysed demo.
        const wards = await page.locator('[data-testid="ward-row"]').count();
        assert.equal(wards, 24, `ward table rows: ${wards}`);
        assert.match(await page.locator('[data-testid="headline"]').first().innerText(), /of Hollowfield's 24 wards/);
        assert.ok((await page.locator('[data-testid="hotspot-item"]').count()) > 0, 'no hotspot listed');
        await page.screenshot({ path: join(ctx.out, 'csp-header-1440.png') });
        // The plan's actions beside the top hotspot (the register was validated in the worker).
        await page.locator('[data-testid="hotspot-item"]').first().click();
        await ctx.waitReady(page);
        await page.waitForSelector('[data-testid="actions-panel"] [data-testid="action-item"]', { timeout: 20_000 });
        // The worker really ran under the header.
        const workerUrl = workers.find((u) => u.startsWith(server.baseUrl));
        assert.ok(workerUrl, `no same-origin worker started (workers: ${workers.join(', ') || 'none'})`);
        const workerPath = new URL(workerUrl).pathname;
        assert.ok(
          server.requests.includes(workerPath),
          `the worker script ${workerPath} was not served by the header server`,
        );
        assert.deepEqual(await page.evaluate(() => window.__csp), [], 'CSP violations on the page');
        assert.deepEqual(errors, [], 'errors on the page');
      } finally {
        await context.close();
        server.stop();
      }
    },
  },
];
