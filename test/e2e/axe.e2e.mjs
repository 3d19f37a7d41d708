/**
 * Automated WCAG 2.2 AA audit (axe-core, test/e2e/axe.mjs) in every state a user reaches:
 * the demo as it opens, a ward selected, a hotspot selected, the tasking view, the ward panel,
 * public mode, print media; real data (Haringey wards + police.uk API JSON + the Haringey
 * register) dropped onto the page with a ward and a hotspot selected; and an error state (a
 * police.uk stop-and-search file dropped onto a fresh page). No serious or critical violation
 * may remain in any of them; moderate and minor ones are printed.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { audit } from './axe.mjs';
import { HARINGEY_API, HARINGEY_WARDS, dropFiles, haveData, walk } from './realdata.mjs';

async function openFresh(ctx, path = '') {
  const o = await ctx.newPage();
  await o.page.goto(ctx.baseUrl + path);
  await ctx.waitReady(o.page);
  return o;
}

async function settle(ctx, page, fn, arg) {
  await page.waitForFunction(fn, arg, { timeout: 60_000 });
  await page.waitForFunction(() => document.body.dataset.state === 'loading', null, { timeout: 1500 }).catch(() => {});
  await ctx.waitReady(page, 90_000);
}

/** Audits the page in `state` and in print media; collects serious/critical violations into `bad`. */
async function check(page, state, bad, { print = false } = {}) {
  const r = await audit(page);
  if (r.other.length)
    console.log(`        axe (${state}), not blocking: ${r.other.map((l) => l.split(':')[0]).join('; ')}`);
  bad.push(...r.blocking.map((l) => `[${state}] ${l}`));
  for (const l of r.blocking) console.log(`        axe (${state}) BLOCKING: ${l}`);
  assert.ok(r.passes > 10, `${state}: axe ran only ${r.passes} passing rules`);
  if (print) {
    await page.emulateMedia({ media: 'print' });
    const p = await audit(page);
    bad.push(...p.blocking.map((l) => `[${state}, print] ${l}`));
    for (const l of p.blocking) console.log(`        axe (${state}, print) BLOCKING: ${l}`);
    await page.emulateMedia({ media: 'screen' });
  }
}

/** Walks the analyst view → ward → hotspot → tasking → ward panel (public and not), auditing each. */
async function walkStates(ctx, page, label, bad) {
  await check(page, `${label}: analyst view`, bad, { print: true });
  // Everything folded away (guides, chart figures, exceptions, gaps, commentary) opened, then closed again.
  await page.$$eval('#results details, #controls details', (ds) => ds.forEach((d) => (d.open = true)));
  await check(page, `${label}: analyst view, every details open`, bad);
  await page.$$eval('#results details, #controls details', (ds) => ds.forEach((d) => (d.open = false)));
  const row = page.locator('[data-testid="ward-row"]').nth(1);
  const code = await row.getAttribute('data-ward-code');
  await row.click();
  await settle(ctx, page, (c) => new URLSearchParams(location.search).get('ward') === c, code);
  await check(page, `${label}: ward selected`, bad);
  await page.locator('[data-testid="hotspot-item"]').first().click();
  await settle(ctx, page, () => new URLSearchParams(location.search).has('hotspot'));
  await check(page, `${label}: hotspot selected`, bad, { print: true });
  await page.click('[data-testid="open-tasking"]');
  await settle(ctx, page, () => new URLSearchParams(location.search).get('view') === 'tasking');
  await check(page, `${label}: tasking view`, bad, { print: true });
  await page.click('[data-testid="to-analyst"]');
  await settle(ctx, page, () => new URLSearchParams(location.search).get('view') !== 'tasking');
  // The ward stays selected across the tasking view (it is in the address).
  assert.equal(new URL(page.url()).searchParams.get('ward'), code, 'the ward selection was lost');
  await page.click('[data-testid="open-ward-panel"]');
  await settle(ctx, page, (c) => location.hash === `#/ward/${c}`, code);
  await check(page, `${label}: ward panel`, bad, { print: true });
  await page.$$eval('#view details', (ds) => ds.forEach((d) => (d.open = true)));
  await check(page, `${label}: ward panel, every details open`, bad);
  await page.check('[data-testid="public-toggle"]');
  await settle(ctx, page, () => new URLSearchParams(location.search).get('public') === '1');
  await check(page, `${label}: ward panel, public mode`, bad, { print: true });
  await page.click('[data-testid="to-analyst"]');
  await settle(ctx, page, () => !location.hash);
  await check(page, `${label}: analyst view, public mode`, bad);
}

export const tests = [
  {
    name: 'axe WCAG 2.2 AA: demo — analyst view, ward, hotspot, tasking view, ward panel, public mode, print',
    async run(ctx) {
      const { page, context, errors } = await openFresh(ctx);
      const bad = [];
      await walkStates(ctx, page, 'demo', bad);
      await page.setViewportSize({ width: 390, height: 844 });
      await check(page, 'demo: phone 390×844', bad);
      await page.screenshot({ path: join(ctx.out, 'axe-demo-phone.png') });
      assert.deepEqual(bad, [], `serious/critical WCAG violations:\n${bad.join('\n')}`);
      assert.deepEqual(errors, []);
      await context.close();
    },
  },
  {
    name: 'axe WCAG 2.2 AA: real Haringey data dropped — analyst view, ward, hotspot, tasking view, ward panel, public mode, print',
    async run(ctx) {
      if (!haveData('axe on Haringey', HARINGEY_WARDS, HARINGEY_API)) return;
      const { page, context, errors } = await openFresh(ctx);
      const files = [
        HARINGEY_WARDS,
        join(ctx.root, 'data/registers/haringey.json'),
        ...walk(HARINGEY_API).filter((f) => /london_month_2017_/.test(f) && f.endsWith('.json')),
      ];
      await dropFiles(page, files);
      await settle(ctx, page, () =>
        /Haringey/.test(document.querySelector('[data-testid="headline"]')?.textContent ?? ''),
      );
      const bad = [];
      await walkStates(ctx, page, 'Haringey', bad);
      assert.deepEqual(bad, [], `serious/critical WCAG violations:\n${bad.join('\n')}`);
      assert.deepEqual(errors, []);
      await context.close();
    },
  },
  {
    name: 'axe WCAG 2.2 AA: error state — a stop-and-search file dropped on the demo',
    async run(ctx) {
      const { page, context } = await openFresh(ctx);
      const sas = {
        name: '2018-03-city-of-london-stop-and-search.csv',
        text:
          'Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,Outcome linked to object of search,Removal of more than just outer clothing\n' +
          'Person search,2018-03-01T10:00:00+00:00,False,,51.515,-0.09,Male,18-24,,,Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,,False\n',
      };
      await dropFiles(page, [sas]);
      await settle(ctx, page, () => /stop-and-search/.test(document.querySelector('#results')?.textContent ?? ''));
      await page.screenshot({ path: join(ctx.out, 'axe-error-state.png') });
      const bad = [];
      await check(page, 'stop-and-search dropped', bad, { print: true });
      assert.deepEqual(bad, [], `serious/critical WCAG violations:\n${bad.join('\n')}`);
      await context.close();
    },
  },
];
