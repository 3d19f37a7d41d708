/**
 * axe-core audit of the page as it is now, for the end-to-end tests.
 *
 * Injection: the page's Content-Security-Policy (`script-src 'self'`, index.html) blocks
 * `page.addScriptTag({ content })` — Chromium refuses the inline script (checked). The source is
 * evaluated through the DevTools protocol instead (`page.evaluate(source)`), which CSP does not
 * govern, so the page keeps its real CSP during the audit (no `bypassCSP` context needed).
 *
 * Rules: WCAG 2.0/2.1/2.2 A and AA (the standard the Public Sector Bodies Accessibility
 * Regulations require). A violation of impact "serious" or "critical" fails; "moderate" and
 * "minor" ones are returned for the caller to print.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let source;
const axeSource = () => (source ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe on the whole document; returns { blocking, other, passes } (blocking = serious/critical, as text lines). */
export async function audit(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource());
  const res = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return {
      passes: r.passes.length,
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 220)}`),
      })),
    };
  }, WCAG_TAGS);
  const line = (v) =>
    `${v.impact} ${v.id} (${v.help}): ${v.nodes.length} node(s)\n      ${v.nodes.slice(0, 40).join('\n      ')}`;
  const blocking = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map(line);
  const other = res.violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical').map(line);
  return { blocking, other, passes: res.passes };
}
