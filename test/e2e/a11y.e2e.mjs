/**
 * Accessibility checks a tasking meeting or a ward panel relies on:
 * - every control is reachable with Tab and shows a visible focus outline;
 * - text meets WCAG AA contrast (4.5:1, or 3:1 for large text) against the colour
 *   actually behind it (computed from the rendered page, walking up to the first
 *   opaque background);
 * - form controls have accessible names.
 */
import assert from 'node:assert/strict';

function open(ctx) {
  return (async () => {
    const { page, context, errors } = await ctx.newPage();
    await page.goto(ctx.baseUrl);
    await ctx.waitReady(page);
    return { page, context, errors };
  })();
}

export const tests = [
  {
    name: 'keyboard: Tab reaches the controls, each with a visible focus outline',
    async run(ctx) {
      const { page, context } = await open(ctx);
      const seen = [];
      for (let k = 0; k < 60; k++) {
        await page.keyboard.press('Tab');
        const info = await page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const s = getComputedStyle(el);
          const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
          const ring = s.boxShadow && s.boxShadow !== 'none';
          return {
            tag: el.tagName,
            id: el.id || el.getAttribute('data-testid') || (el.textContent || '').trim().slice(0, 30),
            visible: outline || ring,
          };
        });
        if (info) seen.push(info);
      }
      assert.ok(seen.length >= 20, `only ${seen.length} focus stops in 60 Tabs`);
      const invisible = seen.filter((s) => !s.visible);
      assert.deepEqual(invisible, [], `focus without a visible outline: ${JSON.stringify(invisible.slice(0, 5))}`);
      const tags = new Set(seen.map((s) => s.tag));
      for (const t of ['BUTTON', 'SELECT', 'INPUT']) assert.ok(tags.has(t), `no ${t} reached by Tab`);
      await context.close();
    },
  },
  {
    name: 'contrast: visible text meets WCAG AA; controls have accessible names',
    async run(ctx) {
      const { page, context } = await open(ctx);
      const report = await page.evaluate(() => {
        const parse = (c) => {
          const m = /rgba?\(([^)]+)\)/.exec(c);
          if (!m) return null;
          const [r, g, b, a = 1] = m[1].split(',').map((v) => parseFloat(v));
          return { r, g, b, a };
        };
        const lum = ({ r, g, b }) => {
          const f = (v) => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
          };
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        };
        const background = (el) => {
          // Composite translucent backgrounds over the first opaque one (white at the top).
          const layers = [];
          for (let e = el; e; e = e.parentElement) {
            const c = parse(getComputedStyle(e).backgroundColor);
            if (c && c.a > 0) {
              layers.push(c);
              if (c.a >= 1) break;
            }
          }
          let out = { r: 255, g: 255, b: 255 };
          for (const c of layers.reverse())
            out = {
              r: c.r * c.a + out.r * (1 - c.a),
              g: c.g * c.a + out.g * (1 - c.a),
              b: c.b * c.a + out.b * (1 - c.a),
            };
          return out;
        };
        const failures = [];
        let checked = 0;
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const el = n.parentElement;
          if (!el || !n.textContent.trim()) continue;
          if (el.closest('#map, svg, [hidden], .visually-hidden, .skip, option')) continue;
          const r = el.getBoundingClientRect();
          const s = getComputedStyle(el);
          if (r.width === 0 || r.height === 0 || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) continue;
          const fg = parse(s.color);
          if (!fg) continue;
          const bg = background(el);
          const L1 = lum(fg);
          const L2 = lum(bg);
          const ratio = (Math.max(L1, L2) + 0.05) / (Math.min(L1, L2) + 0.05);
          const size = parseFloat(s.fontSize);
          const large = size >= 24 || (size >= 18.66 && parseInt(s.fontWeight, 10) >= 700);
          const need = large ? 3 : 4.5;
          // Disabled controls are exempt (WCAG 1.4.3).
          if (el.closest('button:disabled, select:disabled, input:disabled')) continue;
          checked++;
          if (ratio < need)
            failures.push(
              `${ratio.toFixed(2)} < ${need}: "${n.textContent.trim().slice(0, 40)}" (${s.color} on rgb(${Math.round(bg.r)},${Math.round(bg.g)},${Math.round(bg.b)}))`,
            );
        }
        const unnamed = [...document.querySelectorAll('input, select, textarea, button')]
          .filter((e) => e.offsetParent !== null && e.type !== 'hidden')
          .filter((e) => {
            const label = e.labels && e.labels.length ? [...e.labels].map((l) => l.textContent).join('') : '';
            const name = (
              e.getAttribute('aria-label') ||
              e.getAttribute('aria-labelledby') ||
              e.getAttribute('title') ||
              label ||
              (e.tagName === 'BUTTON' ? e.textContent : '')
            ).trim();
            return !name;
          })
          .map((e) => `${e.tagName}#${e.id}`);
        return { checked, failures, unnamed };
      });
      assert.ok(report.checked > 100, `only ${report.checked} text nodes checked`);
      assert.deepEqual(report.failures, [], `contrast below WCAG AA:\n${report.failures.slice(0, 10).join('\n')}`);
      assert.deepEqual(report.unnamed, [], `controls without an accessible name: ${report.unnamed.join(', ')}`);
      await context.close();
    },
  },
];
