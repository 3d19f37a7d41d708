/**
 * Public mode discloses no small count (README "Public mode"; src/analysis/disclosure.ts), tested
 * the way a ward panel chair meets it: the link `?public=1&recent=N&types=T#/ward/<code>` opened
 * on a fresh page, the real Haringey files dropped on it, then every Haringey ward opened in turn
 * (the address's #/ward/ part, as following another ward's link does), for 1, 3 and 12 month
 * windows with Robbery, Violence and sexual offences, and all crime.
 *
 * For each ward it collects every number in the panel (title, text, chart SVG text and titles,
 * every attribute but drawing geometry, the legend), in the CSV export, in the chart's PNG export
 * (the SVG it is drawn from) and in the printed PDF (every ward in the 3-month runs; the first
 * ward otherwise), and fails on:
 * - any count of 1 or 2 anywhere, and any number under the minimum (10) in a sensitive figure
 *   (the Violence runs' summary, chart and hotspot lines; the violence row of the types table);
 * - a chart that draws a hidden month as a value: the line may pass only through shown months,
 *   every shown month is at least its limit, and every "fewer than" band has the same height;
 * - a hidden count that subtraction gives back: the ward total minus the shown months, the ward's
 *   all-crime total (known from the all-crime panel) minus the shown types, the whole hotspot area
 *   minus this ward's part — each must be 0, or at least the limit and shared by two or more cells.
 * Figures shown are checked against counts the test makes itself from the raw police.uk files.
 * Phrases that hold numbers that are not crime counts are listed in NOT_COUNTS and removed first.
 * The shared counts and checks are in publicCounts.mjs; the ward panel's hotspot lines and
 * actions in publicWardPanel.e2e.mjs.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HARINGEY_API, HARINGEY_WARDS, dropFiles, haveData, walk } from './realdata.mjs';
import {
  FLOOR,
  MIN,
  STATIONS,
  TOWN_CENTRES,
  VSO,
  chartMarks,
  checkGroup,
  checkNumbers,
  integers,
  monthIndex,
  panelStrings,
  truth,
} from './publicCounts.mjs';

function sweep(types, recent) {
  const name = `public mode discloses no small count: ${types ?? 'all crime'}, latest ${recent} month${recent === 1 ? '' : 's'}, every Haringey ward (text, SVG, attributes, CSV, PNG, PDF)`;
  return {
    name,
    async run(ctx) {
      if (!haveData(name, HARINGEY_WARDS, HARINGEY_API, STATIONS, TOWN_CENTRES)) return;
      const t = truth();
      const sensitive = types === VSO;
      const keep = types ? (c) => c === types : () => true;
      const limit = sensitive ? MIN : FLOOR;
      const from = t.last - recent + 1;
      const { page, context, errors } = await ctx.newPage();
      const q = `?public=1&recent=${recent}${types ? `&types=${encodeURIComponent(types)}` : ''}`;
      await page.goto(`${ctx.baseUrl}${q}#/ward/${t.codes[0]}`);
      await ctx.waitReady(page);
      await dropFiles(page, [
        HARINGEY_WARDS,
        join(ctx.root, 'data/registers/haringey.json'),
        STATIONS,
        TOWN_CENTRES,
        ...walk(HARINGEY_API).filter((f) => f.endsWith('.json')),
      ]);
      await page.waitForFunction(
        () => document.querySelector('[data-testid="view-title"]')?.textContent?.includes('Haringey'),
        null,
        { timeout: 90_000 },
      );
      await ctx.waitReady(page, 90_000);
      let hiddenSeen = 0;
      let pdfs = 0;
      for (const [k, code] of t.codes.entries()) {
        const lbl = `${types ?? 'all crime'} ${recent}m ${code}`;
        await page.evaluate((c) => (location.hash = `#/ward/${c}`), code);
        await page.waitForFunction(
          (c) => document.querySelector('[data-testid="ward-summary"]')?.getAttribute('data-ward-code') === c,
          code,
          { timeout: 20_000 },
        );
        await ctx.waitReady(page);
        assert.equal(await page.locator('[data-testid="public-note"]').count(), 1, `${lbl}: public mode is off`);
        const summary = await page.textContent('[data-testid="ward-summary"]');
        const trueCount = t.count(code, from, t.last, keep);
        // The summary shows the true count, or "fewer than" exactly when the rule says so.
        if (trueCount > 0 && trueCount < limit) {
          assert.match(summary, new RegExp(`recorded fewer than ${limit} `), `${lbl}: ${summary}`);
          hiddenSeen++;
        } else
          assert.ok(
            summary.includes(` ${trueCount.toLocaleString('en-GB')} `) ||
              (trueCount === 0 && /no crimes/.test(summary)),
            `${lbl}: count ${trueCount} not in "${summary}"`,
          );

        const sensitiveWhere = (where, text) =>
          sensitive
            ? /ward-summary|ward-trend|ward-hotspot|trend-mark|view-title|^@(aria-label|data-value|data-count)/.test(
                where,
              ) || /crimes inside/.test(text)
            : false;
        const strings = await panelStrings(page);
        checkNumbers(strings, sensitiveWhere, lbl);
        // The violence row of the types table (any filter).
        const vsoRow = await page
          .locator(`[data-testid="ward-type-row"][data-category="${VSO}"] td.num`)
          .first()
          .textContent()
          .catch(() => null);
        if (vsoRow) for (const n of integers(vsoRow)) assert.ok(!(n > 0 && n < MIN), `${lbl}: violence row shows ${n}`);

        // The chart: values only for shown months (checked against the raw files), bands otherwise.
        const chart = await chartMarks(page);
        assert.ok(chart, `${lbl}: no chart`);
        const shownNow = [];
        let hiddenNow = 0;
        const bandTops = new Set();
        for (const m of chart.marks) {
          const month = monthIndex(m.month);
          const want = t.count(
            code,
            m.series === 'now' ? month : month - 12,
            m.series === 'now' ? month : month - 12,
            keep,
          );
          if (m.state === 'shown') {
            assert.equal(m.value, want, `${lbl}: ${m.series} ${m.month} drawn at ${m.value}, the files say ${want}`);
            assert.ok(m.value === 0 || m.value >= limit, `${lbl}: ${m.series} ${m.month} drawn as ${m.value}`);
            if (m.series === 'now') shownNow.push(m.value);
          } else {
            assert.equal(m.value, null, `${lbl}: hidden month carries a value`);
            if (m.state === 'small') bandTops.add(m.bandTop);
            if (m.series === 'now') hiddenNow++;
            hiddenSeen++;
          }
        }
        assert.ok(bandTops.size <= 1, `${lbl}: "fewer than" bands of different heights encode values`);
        const centres = chart.marks.filter((m) => m.cy !== null);
        const onMark = (x, y) => centres.some((m) => Math.abs(m.cx - x) < 0.01 && Math.abs(m.cy - y) < 0.01);
        for (const d of chart.paths)
          for (const v of d.matchAll(/[ML]\s*([-\d.e]+)[ ,]([-\d.e]+)/g))
            assert.ok(
              onMark(Number(v[1]), Number(v[2])),
              `${lbl}: the line passes through a point that is not a shown month (${v[1]}, ${v[2]}); marks ${JSON.stringify(chart.marks.slice(0, 4))} path ${d.slice(0, 120)}`,
            );
        if (trueCount >= limit) checkGroup(trueCount, shownNow, hiddenNow, limit, `${lbl}: months`);

        // Types: the ward's all-crime total is known from the all-crime panel.
        const typeRows = await page.$$eval('[data-testid="ward-type-row"]', (rows) =>
          rows.map((r) => ({
            cat: r.getAttribute('data-category'),
            state: r.getAttribute('data-state'),
            text: r.querySelector('td.num')?.textContent ?? '',
          })),
        );
        if (typeRows.length) {
          const all = t.count(code, from, t.last, () => true);
          const shown = typeRows.filter((r) => r.state === 'shown').map((r) => Number(r.text.replace(/,/g, '')));
          const hidden = typeRows.filter((r) => r.state !== 'shown');
          hiddenSeen += hidden.length;
          checkGroup(all, shown, hidden.length, hidden.some((r) => r.cat === VSO) ? MIN : FLOOR, `${lbl}: types`);
        }

        // Hotspot lines: whole area − this ward's part.
        for (const line of await page.$$eval('[data-testid="ward-hotspot"]', (ls) => ls.map((l) => l.textContent))) {
          const m = line.match(
            /— ([\d,]+) crimes? inside this ward's part of the area \(([\d,]+) crimes? across the whole area/,
          );
          if (m) {
            const rest = Number(m[2].replace(/,/g, '')) - Number(m[1].replace(/,/g, ''));
            assert.ok(rest === 0 || rest >= limit, `${lbl}: whole area − this ward's part = ${rest}: "${line}"`);
          }
        }

        // CSV export: every cell.
        const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="ward-export-csv"]')]);
        const csv = readFileSync(await dl.path(), 'utf8');
        for (const row of csv.split('\r\n').filter(Boolean)) {
          const section = row.split(',')[0];
          checkNumbers(
            [{ where: `CSV ${section}`, text: row.replace(/\d{4}-\d{2}/g, ' ') }],
            () => sensitive && /^(ward|month|hotspot area)$/.test(section),
            `${lbl} CSV`,
          );
          if (row.startsWith(`crime type,${VSO},`))
            for (const n of integers(row.split(',').slice(2).join(',')))
              assert.ok(!(n > 0 && n < MIN), `${lbl} CSV: violence ${n}`);
        }
        // PNG export: a PNG of the chart SVG checked above.
        if (k === 0) {
          const [png] = await Promise.all([
            page.waitForEvent('download'),
            page.click('[data-testid="ward-export-png"]'),
          ]);
          const bytes = readFileSync(await png.path());
          assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', `${lbl}: the chart export is not a PNG`);
        }
        // The printed page.
        if (recent === 3 || k === 0) {
          await page.evaluate(() => {
            window.__printed = false;
            window.print = () => (window.__printed = true);
          });
          await page.click('[data-testid="view-print"]');
          await page.waitForFunction(() => window.__printed === true, null, { timeout: 20_000 });
          const path = join(ctx.out, `public-${(types ?? 'all').replace(/\W+/g, '-')}-${recent}-${code}.pdf`);
          await page.pdf({ path, format: 'A4', printBackground: true });
          let text = '';
          try {
            // Reading order, not -layout: the printed panel is in two columns, which -layout would interleave line by line.
            text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' });
          } catch {
            text = '';
          }
          if (text) {
            pdfs++;
            const flat = text
              .replace(/\s+/g, ' ')
              .replace(/Printed \d+ \w+ \d{4}/g, ' ')
              .replace(/\d{4}-\d{2}/g, ' ');
            checkNumbers([{ where: 'PDF', text: flat }], () => false, `${lbl} PDF`);
          }
        }
      }
      // The sweep met suppressed figures (so the checks above were exercised), and printed.
      // (Robbery is rare enough per ward and month that every window meets some; all crime and
      // a month of violence may meet none, which is then what the rule shows.)
      if (types === 'Robbery') assert.ok(hiddenSeen > 0, `${name}: no suppressed figure met`);
      console.log(`        ${t.codes.length} wards, ${hiddenSeen} hidden figures met, ${pdfs} PDFs read`);
      assert.deepEqual(errors, []);
      await context.close();
    },
  };
}

export const tests = [];
for (const types of ['Robbery', VSO, null]) for (const recent of [1, 3, 12]) tests.push(sweep(types, recent));
