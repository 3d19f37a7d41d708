/**
 * Ward panel (#/ward/<code>): one ward for ward panels, Safer Neighbourhood Teams and residents.
 * Calm and contextual: a plain-language summary (src/analysis/wardSummary.ts), the month-by-month
 * trend against the same months a year earlier, the top crime types (with rates per 1,000 residents
 * when a population table is loaded), hotspots in the ward and "What is being done here".
 * Public mode suppresses small counts (wardSummary.publicCount) and never draws crime points.
 */
import { line, max, scaleLinear, select } from 'd3';
import type { AnalysisResult, WardResult } from '../../analysis/sessionTypes.ts';
import { describeFilter } from '../../analysis/filter.ts';
import { monthLabel } from '../../core/months.ts';
import { isSensitiveCategory, isSensitiveFilter, publicCount, wardSummary } from '../../analysis/wardSummary.ts';
import { placeText } from '../../analysis/tasking.ts';
import { PUBLIC_MIN_BANDWIDTH, type AppState, type UiState } from '../state/store.ts';
import { h, fmt1 } from '../dom.ts';
import { borough } from './tasking.ts';

export function wardOf(s: AppState): WardResult | null {
  return s.result?.wards.find((w) => w.code === s.ui.ward) ?? null;
}

function trendChart(r: AnalysisResult, sensitiveHidden: boolean): HTMLElement {
  const box = h('div', { class: 'chart', 'data-testid': 'ward-trend' });
  const d = r.wardDetail;
  const win = r.months.window;
  if (!d || !win) return box;
  if (sensitiveHidden) {
    box.append(h('p', { class: 'muted' }, 'The monthly chart is not shown for this crime type in public mode.'));
    return box;
  }
  const byMonth = new Map(d.trend.map((t) => [t.month, t.count]));
  const months: number[] = [];
  for (let m = win[0]; m <= win[1]; m++) months.push(m);
  const now = months.map((m) => byMonth.get(m) ?? 0);
  const before = months.map((m) => byMonth.get(m - 12) ?? null);
  const W = 460, H = 170, mg = { l: 36, r: 10, t: 10, b: 34 };
  const x = scaleLinear().domain([0, Math.max(1, months.length - 1)]).range([mg.l, W - mg.r]);
  const y = scaleLinear().domain([0, Math.max(1, max([...now, ...before.map((v) => v ?? 0)]) ?? 1)]).nice().range([H - mg.b, mg.t]);
  const title = 'Month by month: this period and the same months a year earlier';
  const svg = select(box).append('svg').attr('viewBox', `0 0 ${W} ${H}`).attr('width', '100%').attr('role', 'img').attr('aria-label', title);
  svg.append('title').text(title);
  for (const t of y.ticks(4)) {
    svg.append('line').attr('x1', mg.l).attr('x2', W - mg.r).attr('y1', y(t)).attr('y2', y(t)).attr('stroke', '#e4e7eb');
    svg.append('text').attr('x', mg.l - 4).attr('y', y(t) + 3).attr('text-anchor', 'end').attr('font-size', 10).attr('fill', '#52606d').text(String(t));
  }
  const step = Math.max(1, Math.ceil(months.length / 6));
  months.forEach((m, i) => {
    if (i % step && i !== months.length - 1) return;
    svg.append('text').attr('x', x(i)).attr('y', H - mg.b + 14).attr('text-anchor', 'middle').attr('font-size', 10).attr('fill', '#52606d').text(monthLabel(m).replace(/^(\w{3})\w* (\d{2})(\d{2})$/, '$1 $3'));
  });
  const ln = line<number | null>().defined((v) => v !== null).x((_, i) => x(i)).y((v) => y(v ?? 0));
  if (before.some((v) => v !== null)) svg.append('path').datum(before).attr('d', ln).attr('fill', 'none').attr('stroke', '#9aa5b1').attr('stroke-width', 2).attr('stroke-dasharray', '5 3');
  svg.append('path').datum(now as (number | null)[]).attr('d', ln).attr('fill', 'none').attr('stroke', '#2b5f8a').attr('stroke-width', 2.5);
  const key = svg.append('g').attr('transform', `translate(${mg.l},${H - 6})`).attr('font-size', 10).attr('fill', '#1f2933');
  key.append('line').attr('x1', 0).attr('x2', 18).attr('y1', -3).attr('y2', -3).attr('stroke', '#2b5f8a').attr('stroke-width', 2.5);
  key.append('text').attr('x', 22).attr('y', 0).text('this period');
  if (before.some((v) => v !== null)) {
    key.append('line').attr('x1', 100).attr('x2', 118).attr('y1', -3).attr('y2', -3).attr('stroke', '#9aa5b1').attr('stroke-width', 2).attr('stroke-dasharray', '5 3');
    key.append('text').attr('x', 122).attr('y', 0).text('a year earlier');
  } else key.append('text').attr('x', 100).attr('y', 0).attr('fill', '#52606d').text('(a year earlier is not loaded)');
  return box;
}

export function renderWardPanel(side: HTMLElement, s: AppState, setUi: (p: Partial<UiState>) => void): void {
  const r = s.result as AnalysisResult;
  const ui = s.ui;
  const w = wardOf(s);
  if (!w || !r.months.window) {
    side.replaceChildren(h('p', { 'data-testid': 'ward-summary', class: 'muted' }, `Ward ${ui.ward ?? ''} is not in the loaded boundaries. Load the ward boundaries and crime data, then open the link again.`));
    return;
  }
  const pub = { public: ui.publicMode, threshold: ui.minCount };
  const sensitive = isSensitiveFilter(ui.types);
  const what = ui.types && ui.types.length ? describeFilter({ categories: ui.types, includeAsb: ui.includeAsb }) : ui.includeAsb ? 'including anti-social behaviour' : null;
  const sentence = wardSummary({ code: w.code, wards: r.wards, area: typeof r.wardFile.area === 'string' ? r.wardFile.area : null, period: r.months.window, compare: r.compareWindow ?? null, what, publicMode: pub, sensitive });

  const winSel = h('select', { 'data-testid': 'view-window', id: 'view-window' });
  for (const n of [3, 6, 12]) winSel.append(h('option', { value: String(n), selected: ui.recent === n && ui.from === null && ui.to === null }, `Latest ${n} months`));
  if (ui.from !== null || ui.to !== null || ui.recent === null || ![3, 6, 12].includes(ui.recent)) winSel.prepend(h('option', { value: '', selected: true }, 'As in the analyst view'));
  winSel.addEventListener('change', () => winSel.value && setUi({ recent: Number(winSel.value), from: null, to: null }));
  const pubBox = h('input', { type: 'checkbox', checked: ui.publicMode, 'data-testid': 'public-toggle', id: 'public-toggle' });
  pubBox.addEventListener('change', () => setUi({ publicMode: pubBox.checked }));
  const minIn = h('input', { type: 'number', min: 1, step: 1, value: String(ui.minCount), 'data-testid': 'public-min', id: 'public-min', class: 'knum' });
  minIn.addEventListener('change', () => setUi({ minCount: Math.max(1, Math.floor(Number(minIn.value) || 10)) }));
  const controls = h('div', { class: 'view-controls no-print' }, h('label', {}, 'Window ', winSel), h('label', {}, pubBox, ' Public mode'), ui.publicMode ? h('label', {}, 'Hide sensitive counts below ', minIn) : null);

  const total = r.wards.reduce((a, x) => a + x.count, 0);
  const pops = r.wards.map((x) => x.population);
  const boroughRate = pops.every((p) => p !== null && p > 0) ? (total / pops.reduce((a: number, p) => a + (p ?? 0), 0)) * 1000 : null;
  const shownCount = publicCount(w.count, sensitive, pub);
  const rateLine = w.ratePer1000 !== null && !shownCount.suppressed
    ? h('p', { 'data-testid': 'ward-rate' }, `That is ${fmt1.format(w.ratePer1000)} per 1,000 residents${boroughRate !== null ? ` (${borough(r)} as a whole: ${fmt1.format(boroughRate)})` : ''}.`)
    : null;

  const types = (r.wardDetail?.types ?? []).slice(0, 5);
  const tt = h('table', { class: 'types', 'data-testid': 'ward-types' });
  tt.append(h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Crime type'), h('th', { scope: 'col', class: 'num' }, 'Crimes'), w.population ? h('th', { scope: 'col', class: 'num' }, 'Per 1,000 residents') : null)));
  const tb = h('tbody', {});
  for (const t of types) {
    const c = publicCount(t.count, isSensitiveCategory(t.category), pub);
    tb.append(h('tr', { 'data-testid': 'ward-type-row', 'data-category': t.category }, h('td', {}, t.category), h('td', { class: 'num' }, c.text),
      w.population ? h('td', { class: 'num' }, c.suppressed ? '–' : fmt1.format((t.count / w.population) * 1000)) : null));
  }
  tt.append(tb);

  const spots = r.hotspots.filter((x) => x.wardCodes.includes(w.code));
  const spotList = spots.length
    ? h('ul', { class: 'spots', 'data-testid': 'ward-hotspots' }, ...spots.map((x) => h('li', {}, h('strong', {}, placeText(x)), ` — ${publicCount(x.count, sensitive, pub).text} ${x.count === 1 ? 'crime' : 'crimes'} across the whole area`)))
    : h('p', { class: 'muted', 'data-testid': 'ward-hotspots' }, 'No part of this ward passes the hotspot threshold in this period.');

  const acts = r.actions?.byWard[w.code] ?? [];
  const actBody = !r.actions
    ? h('p', { class: 'muted' }, 'The partnership plan is not loaded, so its actions cannot be shown.')
    : acts.length
      ? h('ul', { class: 'acts', 'data-testid': 'ward-actions' }, ...acts.map((a) => h('li', { 'data-testid': 'ward-action' }, h('strong', {}, a.summary), h('div', { class: 'muted' }, `Lead: ${a.lead} · Status: ${a.status}`))))
      : h('p', { class: 'muted', 'data-testid': 'ward-actions' }, 'No plan action names this ward or its places yet.');

  side.replaceChildren(...([
    controls,
    h('p', { class: 'ward-summary', 'data-testid': 'ward-summary', 'data-count': String(w.count), 'data-ward-code': w.code }, sentence),
    rateLine,
    h('p', { class: 'muted small' }, 'Counts are crimes recorded by the police and published on police.uk, placed at approximate locations; they describe places, not the chance of any one person becoming a victim, which stays low.'),
    ui.publicMode ? h('p', { class: 'public-note', 'data-testid': 'public-note' }, `Public mode: counts of violence and sexual offences below ${ui.minCount}, and any count of 1 or 2, are shown as "fewer than …"; individual crimes are never drawn; the density surface is smoothed over at least ${PUBLIC_MIN_BANDWIDTH} m.`) : null,
    h('h2', {}, 'Trend'),
    trendChart(r, ui.publicMode && sensitive),
    h('h2', {}, ui.includeAsb ? 'Top crime and anti-social behaviour types' : 'Top crime types (excluding anti-social behaviour)'),
    types.length ? tt : h('p', { class: 'muted' }, 'No crimes recorded in this period.'),
    h('h2', {}, 'Hotspot areas in this ward'),
    spotList,
    h('h2', {}, 'What is being done here'),
    actBody,
    h('p', { class: 'provenance', 'data-testid': 'view-provenance' }, r.provenance),
  ] as (HTMLElement | null)[]).filter((x): x is HTMLElement => x !== null));
}
