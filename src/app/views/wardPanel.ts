/**
 * Ward panel (#/ward/<code>): one ward for ward panels, Safer Neighbourhood Teams and residents.
 * Calm and contextual: a plain-language summary (src/analysis/wardSummary.ts), the month-by-month
 * trend against the same months a year earlier, the top crime types (with rates per 1,000 residents
 * when a population table is loaded), hotspots in the ward and "What is being done here".
 * Public mode: every figure follows the disclosure rule (analysis/disclosure.ts, through
 * analysis/wardPanelModel.ts, which the chart, the print and the CSV / PNG exports read too);
 * crime points and the density surface are never drawn.
 */
import { line, scaleLinear, select } from 'd3';
import type { AnalysisResult, WardResult } from '../../analysis/sessionTypes.ts';
import { describeFilter } from '../../analysis/filter.ts';
import { shownOf } from '../../analysis/phrasing.ts';
import { figuresTable } from '../a11y/chartFigures.ts';
import { formatMonth, monthLabel } from '../../core/months.ts';
import { periodLabel } from '../../analysis/headline.ts';
import type { Figure } from '../../analysis/disclosure.ts';
import {
  wardPanelCsvRows,
  wardPanelModel,
  type MonthCell,
  type WardPanelModel,
} from '../../analysis/wardPanelModel.ts';
import { csvCell, download, exportBaseName } from '../export/exports.ts';
import { boroughWideView } from '../actions/panel.ts';
import { statusLabel } from '../actions/model.ts';
import { isSensitiveFilter, publicCount, wardSummary } from '../../analysis/wardSummary.ts';
import type { AppState, UiState } from '../state/store.ts';
import { h, fmt1 } from '../dom.ts';
import { borough } from './tasking.ts';

/** Linked actions a printed ward panel shows (print.css hides the rest): the strongest, so that the panel fits one A4 page. */
export const PRINTED_ACTIONS = 3;

export function wardOf(s: AppState): WardResult | null {
  return s.result?.wards.find((w) => w.code === s.ui.ward) ?? null;
}

/** The trend chart's figures as text, as the chart shows them (public mode's "fewer than …" and withheld months alike). */
function trendFigures(m: WardPanelModel): HTMLElement | null {
  const said = (f: Figure | null) =>
    f === null ? '–' : f.state === 'withheld' ? 'not shown, to protect a small count' : f.text;
  const hasBefore = m.months.some((c) => c.before !== null);
  const rows = m.months.map((c) => [monthLabel(c.month), said(c.now), ...(hasBefore ? [said(c.before)] : [])]);
  return figuresTable(
    'crimes per month',
    ['Month', 'This period', ...(hasBefore ? ['A year earlier'] : [])],
    rows,
    'ward-trend-figures',
  );
}

/** Where each month's mark goes: a value (a point on the line), a band below the limit (small), or a withheld column. */
function trendChart(m: WardPanelModel, publicMode: boolean): HTMLElement {
  const box = h('div', { class: 'chart', 'data-testid': 'ward-trend' });
  const months = m.months;
  if (!months.length) return box;
  const figsAll = months.flatMap((c) => (c.before ? [c.now, c.before] : [c.now]));
  const shaded = figsAll.some((f) => f.state !== 'shown');
  // A second key line explains the shaded bands when there are any.
  const W = 460,
    H = shaded ? 184 : 170,
    mg = { l: 36, r: 10, t: 10, b: shaded ? 48 : 34 };
  const x = scaleLinear()
    .domain([0, Math.max(1, months.length - 1)])
    .range([mg.l, W - mg.r]);
  const figs = figsAll;
  // The scale reaches at least the largest band (the limit), never a hidden value.
  const top = Math.max(1, ...figs.map((f) => (f.state === 'shown' ? f.value : f.state === 'small' ? f.limit : 0)));
  const y = scaleLinear()
    .domain([0, top])
    .nice()
    .range([H - mg.b, mg.t]);
  const title = 'Month by month: this period and the same months a year earlier';
  const svg = select(box)
    .append('svg')
    .attr('viewBox', `0 0 ${W} ${H}`)
    .attr('width', '100%')
    .attr('role', 'img')
    .attr('aria-label', title)
    .attr('data-testid', 'ward-trend-svg');
  svg.append('title').text(title);
  // Public mode: gridlines only at 0 and from the smallest limit up, so a line cannot be read
  // against a gridline below it (the suppressed months are bands from 0 to the limit).
  const minLimit = Math.min(...figs.map((f) => f.limit));
  for (const t of y.ticks(4).filter((t) => !publicMode || t === 0 || t >= minLimit)) {
    svg
      .append('line')
      .attr('x1', mg.l)
      .attr('x2', W - mg.r)
      .attr('y1', y(t))
      .attr('y2', y(t))
      .attr('stroke', '#e4e7eb');
    svg
      .append('text')
      .attr('x', mg.l - 4)
      .attr('y', y(t) + 3)
      .attr('text-anchor', 'end')
      .attr('font-size', 10)
      .attr('fill', '#52606d')
      .text(String(t));
  }
  const step = Math.max(1, Math.ceil(months.length / 6));
  months.forEach((c, i) => {
    // Every step-th month and the last; a step label too close to the last is left out.
    const last = months.length - 1;
    if (i !== last && (i % step || last - i < Math.max(1, Math.ceil(step * 0.75)))) return;
    // The last label ends at its month (a centred one is cut off by the chart's edge).
    const anchor = months.length > 1 && i === months.length - 1 ? 'end' : 'middle';
    svg
      .append('text')
      .attr('x', x(i))
      .attr('y', H - mg.b + 14)
      .attr('text-anchor', anchor)
      .attr('font-size', 10)
      .attr('fill', '#52606d')
      .text(monthLabel(c.month).replace(/^(\w{3})\w* (\d{2})(\d{2})$/, '$1 $3'));
  });
  const half = months.length > 1 ? (x(1) - x(0)) / 2 : 12;
  const series = (pick: (c: MonthCell) => Figure | null, stroke: string, dash: string | null, cls: string) => {
    const vals = months.map((c) => pick(c));
    const ln = line<Figure | null>()
      .defined((f) => f !== null && f.state === 'shown')
      .x((_, i) => x(i))
      .y((f) => y(f?.value ?? 0));
    const p = svg
      .append('path')
      .datum(vals)
      .attr('d', ln)
      .attr('fill', 'none')
      .attr('stroke', stroke)
      .attr('stroke-width', cls === 'now' ? 2.5 : 2);
    if (dash) p.attr('stroke-dasharray', dash);
    vals.forEach((f, i) => {
      if (!f) return;
      const g = svg
        .append('g')
        .attr('data-testid', 'trend-mark')
        .attr('data-series', cls)
        .attr('data-month', formatMonth(months[i].month))
        .attr('data-state', f.state);
      if (f.state === 'shown') {
        g.attr('data-value', f.value);
        g.append('circle')
          .attr('cx', x(i))
          .attr('cy', y(f.value))
          .attr('r', months.length > 1 ? 2 : 4)
          .attr('fill', stroke)
          .append('title')
          .text(`${monthLabel(months[i].month)}${cls === 'now' ? '' : ' (a year earlier)'}: ${f.text}`);
      } else {
        // A band, not a value: from 0 up to the limit (small), or the full height (withheld).
        const y0 = f.state === 'small' ? y(f.limit) : mg.t;
        // Narrow bands centred on the month, kept inside the plot.
        const bw = Math.min(half * (cls === 'now' ? 1.2 : 0.8), cls === 'now' ? 16 : 10);
        const bx = Math.max(mg.l, Math.min(W - mg.r - bw, x(i) - bw / 2));
        g.append('rect')
          .attr('x', bx)
          .attr('width', bw)
          .attr('y', y0)
          .attr('height', y(0) - y0)
          .attr('fill', cls === 'now' ? '#2b5f8a' : '#9aa5b1')
          .attr('fill-opacity', f.state === 'small' ? 0.25 : 0.1)
          .append('title')
          .text(
            `${monthLabel(months[i].month)}${cls === 'now' ? '' : ' (a year earlier)'}: ${f.state === 'small' ? f.text : 'not shown, to protect a small count'}`,
          );
      }
    });
  };
  const hasBefore = months.some((c) => c.before !== null);
  if (hasBefore) series((c) => c.before, '#9aa5b1', '5 3', 'before');
  series((c) => c.now, '#2b5f8a', null, 'now');
  const key = svg
    .append('g')
    .attr('transform', `translate(${mg.l},${H - (shaded ? 20 : 6)})`)
    .attr('font-size', 10)
    .attr('fill', '#1f2933');
  key
    .append('line')
    .attr('x1', 0)
    .attr('x2', 18)
    .attr('y1', -3)
    .attr('y2', -3)
    .attr('stroke', '#2b5f8a')
    .attr('stroke-width', 2.5);
  key.append('text').attr('x', 22).attr('y', 0).text('this period');
  if (hasBefore) {
    key
      .append('line')
      .attr('x1', 100)
      .attr('x2', 118)
      .attr('y1', -3)
      .attr('y2', -3)
      .attr('stroke', '#9aa5b1')
      .attr('stroke-width', 2)
      .attr('stroke-dasharray', '5 3');
    key.append('text').attr('x', 122).attr('y', 0).text('a year earlier');
  } else key.append('text').attr('x', 100).attr('y', 0).attr('fill', '#52606d').text('(a year earlier is not loaded)');
  if (shaded) {
    const lim = Math.min(...figs.filter((f) => f.state === 'small').map((f) => f.limit));
    key
      .append('rect')
      .attr('x', 0)
      .attr('y', 6)
      .attr('width', 18)
      .attr('height', 9)
      .attr('fill', '#9aa5b1')
      .attr('fill-opacity', 0.3);
    key
      .append('text')
      .attr('x', 22)
      .attr('y', 14)
      .attr('fill', '#52606d')
      .text(
        Number.isFinite(lim)
          ? `a shaded month had fewer than ${lim}, or is not shown (public mode)`
          : 'a shaded month is not shown (public mode)',
      );
  }
  return box;
}

/** The trend chart as a PNG (the drawn SVG, so it carries exactly what the page shows). */
async function chartPng(svg: SVGSVGElement): Promise<Blob | null> {
  const xml = new XMLSerializer().serializeToString(svg);
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`;
  await img.decode();
  const c = document.createElement('canvas');
  c.width = 920;
  c.height = 340;
  const ctx = c.getContext('2d');
  if (!ctx) return null;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, c.width, c.height);
  ctx.drawImage(img, 0, 0, c.width, c.height);
  return new Promise((res) => c.toBlob(res, 'image/png'));
}

/** A linked action's reason as the ward panel shows it: in public mode without the location quotient. */
function publicReason(reason: string, publicMode: boolean): string {
  return publicMode ? reason.replace(/ \(LQ [^)]*\)/, '') : reason;
}

export function renderWardPanel(side: HTMLElement, s: AppState, setUi: (p: Partial<UiState>) => void): void {
  const r = s.result as AnalysisResult;
  const ui = s.ui;
  const w = wardOf(s);
  if (!w || !r.months.window) {
    side.replaceChildren(
      h(
        'p',
        { 'data-testid': 'ward-summary', class: 'muted' },
        `Ward ${ui.ward ?? ''} is not in the loaded boundaries. Load the ward boundaries and crime data, then open the link again.`,
      ),
    );
    return;
  }
  const pub = { public: ui.publicMode, threshold: ui.minCount };
  const rule = { public: ui.publicMode, sensitiveMin: ui.minCount };
  const sensitive = isSensitiveFilter(ui.types);
  const model = wardPanelModel(r, w.code, rule, sensitive) as WardPanelModel;
  const what =
    ui.types && ui.types.length
      ? describeFilter({ categories: ui.types, includeAsb: ui.includeAsb })
      : ui.includeAsb
        ? 'including anti-social behaviour'
        : null;
  const sentence = wardSummary({
    code: w.code,
    wards: r.wards,
    area: typeof r.wardFile.area === 'string' ? r.wardFile.area : null,
    period: r.months.window,
    compare: r.compareWindow ?? null,
    what,
    publicMode: pub,
    sensitive,
  });

  const winSel = h('select', { 'data-testid': 'view-window', id: 'view-window' });
  for (const n of [1, 3, 6, 12])
    winSel.append(
      h(
        'option',
        { value: String(n), selected: ui.recent === n && ui.from === null && ui.to === null },
        n === 1 ? 'Latest month' : `Latest ${n} months`,
      ),
    );
  if (ui.from !== null || ui.to !== null || ui.recent === null || ![1, 3, 6, 12].includes(ui.recent))
    winSel.prepend(h('option', { value: '', selected: true }, 'As in the analyst view'));
  winSel.addEventListener(
    'change',
    () => winSel.value && setUi({ recent: Number(winSel.value), from: null, to: null }),
  );
  const pubBox = h('input', {
    type: 'checkbox',
    checked: ui.publicMode,
    'data-testid': 'public-toggle',
    id: 'public-toggle',
  });
  pubBox.addEventListener('change', () => setUi({ publicMode: pubBox.checked }));
  const minIn = h('input', {
    type: 'number',
    min: 1,
    step: 1,
    value: String(ui.minCount),
    'data-testid': 'public-min',
    id: 'public-min',
    class: 'knum',
  });
  minIn.addEventListener('change', () => setUi({ minCount: Math.max(1, Math.floor(Number(minIn.value) || 10)) }));
  const period = periodLabel(r.months.window[0], r.months.window[1]);
  const base = `${exportBaseName(r)}-ward-${w.code}${ui.publicMode ? '-public' : ''}`;
  const csvBtn = h('button', { type: 'button', 'data-testid': 'ward-export-csv' }, 'Export CSV');
  csvBtn.addEventListener('click', () =>
    download(
      `${base}.csv`,
      wardPanelCsvRows(model, period, what ?? 'all crime')
        .map((row) => row.map((c) => csvCell(c)).join(','))
        .join('\r\n') + '\r\n',
      'text/csv;charset=utf-8',
    ),
  );
  const pngBtn = h('button', { type: 'button', 'data-testid': 'ward-export-png' }, 'Save chart (PNG)');
  pngBtn.addEventListener('click', () => {
    const svg = side.querySelector<SVGSVGElement>('[data-testid="ward-trend-svg"]');
    if (svg) void chartPng(svg).then((b) => b && download(`${base}-trend.png`, b, 'image/png'));
  });
  const controls = h(
    'div',
    { class: 'view-controls no-print' },
    h('label', {}, 'Window ', winSel),
    h('label', {}, pubBox, ' Public mode'),
    ui.publicMode ? h('label', {}, 'Hide sensitive counts below ', minIn) : null,
    csvBtn,
    pngBtn,
  );

  const total = r.wards.reduce((a, x) => a + x.count, 0);
  const pops = r.wards.map((x) => x.population);
  const boroughRate = pops.every((p) => p !== null && p > 0)
    ? (total / pops.reduce((a: number, p) => a + (p ?? 0), 0)) * 1000
    : null;
  const shownCount = publicCount(w.count, sensitive, pub);
  const rateLine =
    w.ratePer1000 !== null && !shownCount.suppressed
      ? h(
          'p',
          { 'data-testid': 'ward-rate' },
          `That is ${fmt1.format(w.ratePer1000)} per 1,000 residents${boroughRate !== null ? ` (${borough(r)} as a whole: ${fmt1.format(boroughRate)})` : ''}.`,
        )
      : null;

  let typesBody: HTMLElement;
  if (!model.types)
    typesBody = h(
      'p',
      { class: 'muted', 'data-testid': 'ward-types' },
      'The breakdown by crime type is not shown in public mode: it would disclose a small count.',
    );
  else if (!model.types.length) typesBody = h('p', { class: 'muted' }, 'No crimes recorded in this period.');
  else {
    const tt = h('table', { class: 'types', 'data-testid': 'ward-types' });
    tt.append(
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Crime type'),
          h('th', { scope: 'col', class: 'num' }, 'Crimes'),
          w.population ? h('th', { scope: 'col', class: 'num' }, 'Per 1,000 residents') : null,
        ),
      ),
    );
    const tb = h('tbody', {});
    for (const t of model.types)
      tb.append(
        h(
          'tr',
          { 'data-testid': 'ward-type-row', 'data-category': t.category, 'data-state': t.figure.state },
          h('td', {}, t.category),
          h('td', { class: 'num' }, t.figure.text),
          w.population ? h('td', { class: 'num' }, t.rate === null ? '–' : fmt1.format(t.rate)) : null,
        ),
      );
    tt.append(tb);
    typesBody = tt;
  }

  const spotList = model.hotspots.length
    ? h(
        'ul',
        { class: 'spots', 'data-testid': 'ward-hotspots' },
        ...model.hotspots.map((x) =>
          h(
            'li',
            { 'data-testid': 'ward-hotspot', 'data-hotspot': x.id, 'data-state': x.part.state },
            h('strong', {}, x.place),
            ` — ${x.text}`,
          ),
        ),
      )
    : h(
        'p',
        { class: 'muted', 'data-testid': 'ward-hotspots' },
        'No part of this ward passes the hotspot threshold in this period.',
      );

  const acts = r.actions?.byWard[w.code] ?? [];
  const planAction = new Map((s.register?.register.actions ?? []).map((a) => [a.id, a]));
  const actBody = !r.actions
    ? h('p', { class: 'muted' }, 'The partnership plan is not loaded, so its actions cannot be shown.')
    : acts.length
      ? h(
          'ul',
          { class: 'acts', 'data-testid': 'ward-actions' },
          ...acts.map((a) =>
            h(
              'li',
              { 'data-testid': 'ward-action', 'data-action-id': a.actionId, 'data-link-kind': a.kind },
              h('strong', { 'data-register-text': '' }, a.summary),
              h('div', { class: 'why' }, `Why here: ${publicReason(a.reason, ui.publicMode)}`),
              h(
                'div',
                { class: 'muted' },
                `Lead: ${a.lead || 'not stated'} · Status: ${statusLabel(a.status)}${a.status === 'unknown' ? ' (the plan states no progress)' : ''}`,
              ),
              planAction.get(a.actionId)?.publicUpdate
                ? h(
                    'div',
                    { class: 'we-did', 'data-testid': 'ward-action-update', 'data-register-text': '' },
                    `You said, we did: ${planAction.get(a.actionId)?.publicUpdate ?? ''}`,
                  )
                : null,
            ),
          ),
        )
      : h(
          'p',
          { class: 'muted', 'data-testid': 'ward-actions' },
          'No action of the plan names a place in or next to this ward, targets a type of place inside it, or targets a crime type that is over-represented here.',
        );
  const boroughWide = r.actions ? boroughWideView(r, 'ward-borough-wide') : null;
  const moreInPrint =
    acts.length > PRINTED_ACTIONS
      ? h(
          'p',
          { class: 'print-only muted small', 'data-testid': 'ward-actions-printed' },
          `${shownOf(PRINTED_ACTIONS, acts.length, 'linked action')} printed (the strongest); the rest, with leads and statuses, are in the app.`,
        )
      : null;

  side.replaceChildren(
    ...(
      [
        controls,
        h(
          'p',
          {
            class: 'ward-summary',
            'data-testid': 'ward-summary',
            'data-count': shownCount.suppressed ? null : String(w.count),
            'data-ward-code': w.code,
          },
          sentence,
        ),
        rateLine,
        h(
          'p',
          { class: 'muted small' },
          'Counts are crimes recorded by the police and published on police.uk, placed at approximate locations; they describe places, not the chance of any one person becoming a victim, which stays low.',
        ),
        ui.publicMode
          ? h(
              'p',
              { class: 'public-note', 'data-testid': 'public-note' },
              `Public mode: counts of 1 or 2 read "fewer than 3" and violence and sexual offences below ${ui.minCount} "fewer than ${ui.minCount}" (in the chart, a shaded band); figures that would give a hidden count by subtraction are not shown; no crime points or density are drawn.`,
            )
          : null,
        h('h2', {}, 'Trend'),
        trendChart(model, ui.publicMode),
        trendFigures(model),
        h(
          'h2',
          {},
          ui.includeAsb
            ? 'Top crime and anti-social behaviour types'
            : 'Top crime types (excluding anti-social behaviour)',
        ),
        typesBody,
        h('h2', {}, 'Hotspot areas in this ward'),
        spotList,
        h('h2', {}, 'What is being done here'),
        actBody,
        moreInPrint,
        boroughWide,
        h('p', { class: 'provenance', 'data-testid': 'view-provenance' }, r.provenance),
      ] as (HTMLElement | null)[]
    ).filter((x): x is HTMLElement => x !== null),
  );
}
