/**
 * Layout and charts on the screens users have (issue 15). Every test opens a fresh page with the
 * demo showing, at the size a user has, and measures what is on the screen:
 * - laptops (1366×768, 1024×768): the headline and the first ten ward rows are inside the window,
 *   whole, beside or right below the map, without scrolling;
 * - phones (390×844): the analyst view, the tasking view and the ward panel never scroll sideways:
 *   no element reaches past the screen's right edge unless it sits inside a box that scrolls on its
 *   own (a wide table), and the page's scroll width is the screen's;
 * - charts: the monthly bars stand on the zero line (none reaches below it) and the month labels
 *   are not covered; every crime-type label lies inside its chart; the type breakdown lists
 *   anti-social behaviour only when the "Include anti-social behaviour" switch is on.
 * Screenshots go to E2E_OUT (layout-*.png).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';

async function openAt(ctx, width, height, path = '') {
  const { page, context, errors } = await ctx.newPage({ viewport: { width, height } });
  await page.goto(ctx.baseUrl + path);
  await ctx.waitReady(page);
  return { page, context, errors };
}

/** Demo present in dist/? (npm test builds it; a bare `vite build` without data/demo has none.) */
async function hasDemo(page, name) {
  if (await page.locator('[data-testid="demo-badge"]:visible').count()) return true;
  console.log(`*** NOTICE: demo not built into dist/: "${name}" skipped`);
  return false;
}

/** Elements past the right edge of the screen that are not inside a box that scrolls by itself. */
function sidewaysOverflow(page) {
  return page.evaluate(() => {
    const W = document.documentElement.clientWidth;
    const inScroller = (e) => {
      for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        const ox = getComputedStyle(a).overflowX;
        if ((ox === 'auto' || ox === 'scroll' || ox === 'hidden') && a.getBoundingClientRect().right <= W + 0.5)
          return true;
      }
      return false;
    };
    const out = [];
    for (const e of document.querySelectorAll('body *')) {
      const r = e.getBoundingClientRect();
      if (
        r.width > 0 &&
        r.height > 0 &&
        r.right > W + 0.5 &&
        getComputedStyle(e).visibility !== 'hidden' &&
        !inScroller(e)
      )
        out.push(
          `${e.tagName.toLowerCase()}.${String(e.className?.baseVal ?? e.className)} right=${Math.round(r.right)}`,
        );
    }
    const scrollers = [
      document.scrollingElement,
      ...document.querySelectorAll('.layout, .view, .right, .left, .view-side'),
    ]
      .filter((e) => e && e.getClientRects().length && e.scrollWidth > e.clientWidth + 1)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} scrollWidth=${e.scrollWidth} > ${e.clientWidth}`);
    return { out: out.slice(0, 10), scrollers };
  });
}

export const tests = [
  ...[
    [1366, 768],
    [1024, 768],
  ].map(([w, hgt]) => ({
    name: `layout ${w}×${hgt}: headline and the first ten wards are on screen beside the map, nothing scrolls sideways`,
    async run(ctx) {
      const { page, context, errors } = await openAt(ctx, w, hgt);
      if (!(await hasDemo(page, `layout ${w}`))) return context.close();
      const m = await page.evaluate(() => {
        const box = (e) => {
          const r = e.getBoundingClientRect();
          return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
        };
        const rows = [...document.querySelectorAll('[data-testid="ward-row"]')].slice(0, 10).map(box);
        return {
          W: innerWidth,
          H: innerHeight,
          scrollY: scrollY,
          map: box(document.querySelector('[data-testid="map"]')),
          headline: box(document.querySelector('[data-testid="headline"]')),
          rows,
        };
      });
      await page.screenshot({ path: join(ctx.out, `layout-analyst-${w}.png`) });
      assert.equal(m.scrollY, 0);
      assert.equal(m.rows.length, 10, 'fewer than ten ward rows');
      for (const [what, b] of [['headline', m.headline], ...m.rows.map((r, i) => [`ward row ${i + 1}`, r])]) {
        assert.ok(
          b.top >= 0 && b.bottom <= m.H + 0.5 && b.left >= 0 && b.right <= m.W + 0.5,
          `${what} is not wholly on screen at ${w}×${hgt}: ${JSON.stringify(b)}`,
        );
      }
      // Beside the map (to its right) or right below it.
      assert.ok(
        m.headline.left >= m.map.right - 1 || m.headline.top >= m.map.bottom - 1,
        `headline is neither beside nor below the map: ${JSON.stringify({ map: m.map, headline: m.headline })}`,
      );
      assert.ok(
        m.map.right - m.map.left >= 0.45 * m.W,
        `map narrower than half the window: ${m.map.right - m.map.left}`,
      );
      const o = await sidewaysOverflow(page);
      assert.deepEqual(o, { out: [], scrollers: [] }, `sideways overflow at ${w}: ${JSON.stringify(o)}`);
      assert.deepEqual(errors, []);
      await context.close();
    },
  })),
  {
    name: 'layout 390×844: analyst view, tasking view and ward panel never scroll sideways; phone order map → results → controls',
    async run(ctx) {
      for (const path of ['', '?view=tasking', '#/ward/X05000001', '#/ward/X05000001?public=1']) {
        const { page, context, errors } = await openAt(ctx, 390, 844, path);
        if (!(await hasDemo(page, 'layout 390'))) return context.close();
        await page.waitForTimeout(300);
        const tag = path ? path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') : 'analyst';
        await page.screenshot({ path: join(ctx.out, `layout-${tag}-390.png`), fullPage: true });
        const o = await sidewaysOverflow(page);
        assert.deepEqual(
          o,
          { out: [], scrollers: [] },
          `sideways overflow at 390 on "${path || 'analyst'}": ${JSON.stringify(o)}`,
        );
        if (!path) {
          const order = await page.evaluate(() =>
            ['[data-testid="map"]', '[data-testid="headline"]', '#controls'].map(
              (s) => document.querySelector(s).getBoundingClientRect().top + scrollY,
            ),
          );
          assert.ok(order[0] < order[1] && order[1] < order[2], `phone order is not map, results, controls: ${order}`);
          // The legend sits under the map, not over the results.
          const lg = await page.evaluate(() => [
            document.querySelector('[data-testid="map"]').getBoundingClientRect().bottom,
            document.querySelector('[data-testid="legend"]').getBoundingClientRect().top,
            document.querySelector('[data-testid="legend"]').getBoundingClientRect().bottom,
            document.querySelector('[data-testid="headline-card"]').getBoundingClientRect().top,
          ]);
          assert.ok(lg[1] >= lg[0] - 1 && lg[2] <= lg[3] + 1, `legend overlaps map or results on a phone: ${lg}`);
        } else {
          const v = await page.evaluate(() => [
            document.querySelector('[data-testid="view-map"]').getBoundingClientRect().width,
            innerWidth,
          ]);
          assert.ok(v[0] >= v[1] - 2, `view map not full width on a phone: ${v}`);
        }
        assert.deepEqual(errors, []);
        await context.close();
      }
    },
  },
  {
    name: 'charts: monthly bars stand on zero and keep their month labels; type labels are not clipped; the breakdown follows the ASB switch',
    async run(ctx) {
      const { page, context, errors } = await openAt(ctx, 1440, 900);
      if (!(await hasDemo(page, 'charts'))) return context.close();
      await page.locator('[data-testid="trend-panel"]').scrollIntoViewIfNeeded();
      await page.waitForSelector('[data-testid="trend-panel"] svg rect', { timeout: 10_000 });
      await page.locator('[data-testid="types-panel"]').scrollIntoViewIfNeeded();
      await page.waitForSelector('[data-testid="types-panel"] svg rect', { timeout: 10_000 });
      const trend = await page.evaluate(() => {
        const svg = document.querySelector('[data-testid="trend-panel"] svg');
        const axis = svg.querySelector('g'); // the x axis is the first group, translated to the zero line
        const axisBox = axis.querySelector('path.domain').getBoundingClientRect();
        const bars = [...svg.querySelectorAll('rect')].map((r) => r.getBoundingClientRect());
        const labels = [...axis.querySelectorAll('.tick text')].map((t) => ({
          box: t.getBoundingClientRect(),
          text: t.textContent,
        }));
        return {
          zero: axisBox.top,
          bars: bars.map((b) => ({ top: b.top, bottom: b.bottom, left: b.left, right: b.right, h: b.height })),
          labels: labels.map((l) => ({
            top: l.box.top,
            bottom: l.box.bottom,
            left: l.box.left,
            right: l.box.right,
            text: l.text,
          })),
        };
      });
      assert.ok(trend.bars.length >= 12, `trend bars: ${trend.bars.length}`);
      for (const b of trend.bars)
        assert.ok(
          Math.abs(b.bottom - trend.zero) <= 1.5,
          `a monthly bar does not end on the zero line: bottom ${b.bottom}, zero ${trend.zero}`,
        );
      assert.ok(trend.labels.length >= 4 && trend.labels.every((l) => l.text.trim()), 'month labels missing');
      for (const l of trend.labels)
        for (const b of trend.bars)
          assert.ok(
            !(l.top < b.bottom - 0.5 && l.bottom > b.top && l.left < b.right && l.right > b.left),
            `month label "${l.text}" is covered by a bar`,
          );

      const types = async () =>
        page.evaluate(() => {
          const svg = document.querySelector('[data-testid="types-panel"] svg');
          const sb = svg.getBoundingClientRect();
          return {
            svg: { left: sb.left, right: sb.right },
            rows: [...svg.querySelectorAll('g.row')].map((g) => {
              const t = g.querySelector('text.type-label').getBoundingClientRect();
              return {
                cat: g.getAttribute('data-category'),
                text: g.querySelector('text.type-label').textContent,
                left: t.left,
                right: t.right,
              };
            }),
          };
        });
      let t = await types();
      assert.ok(t.rows.length >= 5);
      for (const r of t.rows)
        assert.ok(
          r.left >= t.svg.left - 0.5 && r.right <= t.svg.right + 0.5,
          `type label "${r.text}" clipped: ${JSON.stringify(r)} in ${JSON.stringify(t.svg)}`,
        );
      assert.ok(
        t.rows.some((r) => r.cat === 'Violence and sexual offences'),
        'the longest police.uk name is in the demo',
      );
      assert.ok(!t.rows.some((r) => r.cat === 'Anti-social behaviour'), 'ASB listed while the switch is off');
      await page.screenshot({ path: join(ctx.out, 'layout-charts-1440.png') });

      await page.check('[data-testid="include-asb"]');
      await page.waitForFunction(() => /asb=1/.test(location.search), null, { timeout: 10_000 });
      await ctx.waitReady(page);
      await page.locator('[data-testid="types-panel"]').scrollIntoViewIfNeeded();
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('[data-testid="types-panel"] g.row')].some(
            (g) => g.getAttribute('data-category') === 'Anti-social behaviour',
          ),
        null,
        { timeout: 10_000 },
      );
      t = await types();
      for (const r of t.rows)
        assert.ok(r.left >= t.svg.left - 0.5 && r.right <= t.svg.right + 0.5, `type label "${r.text}" clipped`);
      assert.deepEqual(errors, []);
      await context.close();
    },
  },
  {
    name: 'colour: the legend says darker = more, and every scale in it runs light to dark (luminance of the swatches on screen)',
    async run(ctx) {
      const { page, context, errors } = await openAt(ctx, 1440, 900);
      if (!(await hasDemo(page, 'colour'))) return context.close();
      const legend = await page.evaluate(() => ({
        note: document.querySelector('[data-testid="legend"] [data-testid="legend-note"]')?.textContent ?? '',
        blocks: [...document.querySelectorAll('[data-testid="legend"] .legend-block')].map((b) => ({
          title: b.querySelector('.legend-title').textContent,
          // Colour scales are the filled swatches; outlined squares and dots are marks (outlines, points).
          rgb: [...b.querySelectorAll('.swatch:not(.swatch-outline):not(.swatch-dot)')].map((s) =>
            getComputedStyle(s).backgroundColor.match(/\d+/g).slice(0, 3).map(Number),
          ),
        })),
      }));
      assert.match(legend.note, /Darker = more/);
      const lum = ([r, g, b]) =>
        [r, g, b]
          .map((c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4))
          .reduce((a, c, i) => a + c * [0.2126, 0.7152, 0.0722][i], 0);
      const scales = legend.blocks.filter((b) => b.rgb.length > 1);
      assert.ok(
        scales.some((b) => /per ward/.test(b.title)) && scales.some((b) => /Density/.test(b.title)),
        `scales in the legend: ${scales.map((b) => b.title)}`,
      );
      for (const b of scales) {
        const L = b.rgb.map(lum);
        for (let i = 1; i < L.length; i++)
          assert.ok(
            L[i] < L[i - 1],
            `"${b.title}": swatch ${i + 1} is not darker than swatch ${i}: ${JSON.stringify(b.rgb)}`,
          );
      }
      assert.deepEqual(errors, []);
      await context.close();
    },
  },
];
