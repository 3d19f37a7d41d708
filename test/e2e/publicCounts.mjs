/**
 * What the public-mode end-to-end tests (public.e2e.mjs, publicWardPanel.e2e.mjs) share: the
 * Haringey places files, the disclosure limits, the numbers a text shows (less NOT_COUNTS, phrases
 * whose numbers are not crime counts), independent counts from the raw police.uk files, what the
 * ward view shows (its strings and chart marks), and the checks on them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HARINGEY_API, HARINGEY_WARDS, apiRows, data, walk, wardFinder } from './realdata.mjs';

export const STATIONS = data('places/stations/derived/haringey_area_stations.geojson');
export const TOWN_CENTRES = data('places/town-centres/derived/haringey_town_centres.geojson');
export const VSO = 'Violence and sexual offences';
export const MIN = 10;
export const FLOOR = 3;
/** police.uk API slugs → the category names the page uses. */
export const SLUG = { 'violent-crime': VSO, robbery: 'Robbery', 'anti-social-behaviour': 'Anti-social behaviour' };

/** Text that holds numbers which are not crime counts (UI copy, distances, plan text). */
export const NOT_COUNTS = [
  /fewer than \d+/g,
  // The size of a change between two shown counts (the page hides it when either is hidden).
  /[\d,]+ (?:more|fewer) than (?:in|between)/g,
  /counts of 1 or 2 read/g,
  /offences below \d+ "/g,
  /Latest \d+ months/g,
  /spans \d+ wards/g,
  /\d+ more linked actions/g,
  /\d+ of \d+ linked actions printed/g,
  /Other types \(\d+\)/g,
  /\d+ m from/g,
  /\d+ m cells|bandwidth \d+ m/g,
  /\d[\d,.]* per km²/g,
  // The hotspot areas' size cap (a parameter of the method, not a count).
  /(?:≤|at most) [\d.]+ km²/g,
  /\d[\d.]* per 1,000/g,
  /\(\d+ wards/g,
  /\d+ files?\b/g,
  /of \d+ wards/g,
];
export const GEOMETRY = new Set([
  'x',
  'y',
  'x1',
  'x2',
  'y1',
  'y2',
  'cx',
  'cy',
  'r',
  'd',
  'width',
  'height',
  'viewBox',
  'transform',
  'stroke-width',
  'stroke-dasharray',
  'font-size',
  'fill-opacity',
  'min',
  'step',
  'style',
  'class',
  'id',
  'for',
  'src',
  'href',
  'data-focus-key',
  'data-month',
  'value',
  'data-strength',
]);

/** Integers standing alone in a text (not part of a code, a date, a decimal or a word). */
export function integers(text) {
  // Line breaks of a PDF's columns fall anywhere in a sentence ("spans 2\nwards").
  let t = text.replace(/\s+/g, ' ');
  for (const re of NOT_COUNTS) t = t.replace(re, ' ');
  const out = [];
  for (const m of t.matchAll(/(?<![\w.,\-/:#'’])(\d{1,3}(?:,\d{3})+|\d+)(?![\w\-/:'’%]|[.,]\d)/g))
    out.push(Number(m[1].replace(/,/g, '')));
  return out;
}

export function monthIndex(s) {
  const [y, m] = s.split('-').map(Number);
  return y * 12 + m - 1;
}

/** Independent counts: ward code → month → category → crimes (ASB left out). */
export function truth() {
  const fc = JSON.parse(readFileSync(HARINGEY_WARDS, 'utf8'));
  const find = wardFinder(fc);
  const rows = apiRows(walk(HARINGEY_API).filter((f) => f.endsWith('.json')));
  const by = new Map();
  for (const r of rows) {
    const type = SLUG[r.type] ?? r.type;
    if (type === 'Anti-social behaviour') continue;
    const w = find(r.lon, r.lat);
    if (w < 0) continue;
    const code = String(fc.features[w].properties.GSS_CODE);
    const m = monthIndex(r.month);
    if (!by.has(code)) by.set(code, new Map());
    const months = by.get(code);
    if (!months.has(m)) months.set(m, new Map());
    const cats = months.get(m);
    cats.set(type, (cats.get(type) ?? 0) + 1);
  }
  const codes = fc.features.map((f) => String(f.properties.GSS_CODE)).sort();
  const last = Math.max(...rows.map((r) => monthIndex(r.month)));
  const count = (code, from, to, keep) => {
    let s = 0;
    for (const [m, cats] of by.get(code) ?? [])
      if (m >= from && m <= to) for (const [c, n] of cats) if (keep(c)) s += n;
    return s;
  };
  return { codes, last, count };
}

/** Every string of the ward view a reader or a machine can read: text, SVG text and titles, attributes (not drawing geometry). */
export async function panelStrings(page) {
  return page.evaluate(
    (geometry) => {
      const skip = new Set(geometry);
      const out = [];
      const roots = [
        document.querySelector('[data-testid="view-title"]'),
        document.querySelector('[data-testid="ward-summary"]')?.parentElement,
        document.querySelector('.view-mapcol'),
      ].filter(Boolean);
      for (const root of roots) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
        for (let n = walker.currentNode; n; n = walker.nextNode()) {
          if (n.nodeType === Node.TEXT_NODE) {
            if (n.parentElement?.closest('[data-register-text]')) continue;
            out.push({
              where: n.parentElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? n.parentElement?.tagName,
              text: n.textContent,
            });
          } else
            for (const a of n.attributes)
              if (!skip.has(a.name)) out.push({ where: `@${a.name} of ${n.tagName}`, text: a.value });
        }
      }
      return out;
    },
    [...GEOMETRY],
  );
}

/** The chart as drawn: marks, line vertices and bands. */
export async function chartMarks(page) {
  return page.evaluate(() => {
    const svg = document.querySelector('[data-testid="ward-trend-svg"]');
    if (!svg) return null;
    const marks = [...svg.querySelectorAll('[data-testid="trend-mark"]')].map((g) => {
      const c = g.querySelector('circle');
      const r = g.querySelector('rect');
      return {
        series: g.dataset.series,
        month: g.dataset.month,
        state: g.dataset.state,
        value: g.dataset.value === undefined ? null : Number(g.dataset.value),
        cx: c ? Number(c.getAttribute('cx')) : null,
        cy: c ? Number(c.getAttribute('cy')) : null,
        bandTop: r ? Number(r.getAttribute('y')) : null,
      };
    });
    const paths = [...svg.querySelectorAll('path')].map((p) => p.getAttribute('d') ?? '');
    return { marks, paths };
  });
}

export function checkNumbers(strings, sensitiveWhere, label) {
  for (const { where, text } of strings) {
    for (const n of integers(text)) {
      assert.ok(!(n > 0 && n < FLOOR), `${label}: a count of ${n} shown in ${where}: "${text.slice(0, 160)}"`);
      if (sensitiveWhere(where, text))
        assert.ok(
          !(n > 0 && n < MIN),
          `${label}: a sensitive count of ${n} shown in ${where}: "${text.slice(0, 160)}"`,
        );
    }
  }
}

/** total − Σ shown cells must be 0 (nothing hidden) or at least `limit` and shared by two or more hidden cells. */
export function checkGroup(total, shown, hidden, limit, label) {
  const rest = total - shown.reduce((a, b) => a + b, 0);
  if (!hidden) return assert.equal(rest, 0, `${label}: shown cells do not add up to the total`);
  assert.ok(hidden >= 2, `${label}: one hidden cell = total − shown = ${rest}`);
  assert.ok(rest >= limit, `${label}: the hidden cells add up to ${rest}, under ${limit}`);
}
