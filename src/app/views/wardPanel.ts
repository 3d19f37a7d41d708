/**
 * Ward panel (#/ward/<code>): one ward for ward panels, Safer Neighbourhood Teams and residents.
 * Calm and contextual: a plain-language summary (src/analysis/wardSummary.ts), the month-by-month
 * trend against the same months a year earlier, the top crime types (with rates per 1,000 residents
 * when a population table is loaded), hotspots in the ward and "What is being done here".
 * Public mode: every figure follows the disclosure rule (analysis/disclosure.ts, through
 * analysis/wardPanelModel.ts, which the chart, the print and the CSV / PNG exports read too);
 * crime points and the density surface are never drawn.
 */
import type { AnalysisResult, WardResult } from '../../analysis/sessionTypes.ts';
import { describeFilter } from '../../analysis/filter.ts';
import { shownOf } from '../../analysis/phrasing.ts';
import { periodLabel } from '../../analysis/headline.ts';
import { wardPanelCsvRows, wardPanelModel, type WardPanelModel } from '../../analysis/wardPanelModel.ts';
import { csvCell, download, exportBaseName } from '../export/exports.ts';
import { boroughWideView } from '../actions/panel.ts';
import { statusLabel } from '../actions/model.ts';
import { isSensitiveFilter, publicCount, wardSummary } from '../../analysis/wardSummary.ts';
import type { AppState, UiState } from '../state/store.ts';
import { h, fmt1 } from '../dom.ts';
import { borough } from './tasking.ts';
import { chartPng, trendChart, trendFigures } from './wardTrendChart.ts';

/** Linked actions a printed ward panel shows (print.css hides the rest): the strongest, so that the panel fits one A4 page. */
export const PRINTED_ACTIONS = 3;

export function wardOf(s: AppState): WardResult | null {
  return s.result?.wards.find((w) => w.code === s.ui.ward) ?? null;
}

/** A linked action's reason as the ward panel shows it: in public mode without the location quotient. */
function publicReason(reason: string, publicMode: boolean): string {
  return publicMode ? reason.replace(/ \(LQ [^)]*\)/, '') : reason;
}

type SetUi = (p: Partial<UiState>) => void;

/** What the controls and exports of one drawing of the panel work on. */
interface PanelContext {
  side: HTMLElement;
  r: AnalysisResult;
  w: WardResult;
  ui: UiState;
  model: WardPanelModel;
  /** The crime types in words (filterWords) and the window ("in Jan 2024 to Mar 2024"). */
  what: string | null;
  period: string;
  setUi: SetUi;
}

export function renderWardPanel(side: HTMLElement, s: AppState, setUi: SetUi): void {
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
  const what = filterWords(ui);
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
  const shownCount = publicCount(w.count, sensitive, pub);
  const period = periodLabel(r.months.window[0], r.months.window[1]);
  side.replaceChildren(
    ...(
      [
        wardControls({ side, r, w, ui, model, what, period, setUi }),
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
        rateLine(r, w, shownCount.suppressed),
        ...readingNotes(ui),
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
        typesBody(model, w),
        h('h2', {}, 'Hotspot areas in this ward'),
        hotspotList(model),
        h('h2', {}, 'What is being done here'),
        ...actionsBody(r, s, w),
        h('p', { class: 'provenance', 'data-testid': 'view-provenance' }, r.provenance),
      ] as (HTMLElement | null)[]
    ).filter((x): x is HTMLElement => x !== null),
  );
}

/** How to read the counts, and in public mode what is hidden. */
function readingNotes(ui: UiState): (HTMLElement | null)[] {
  return [
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
  ];
}

/** The crime types the panel is about, in words (null: all crime without anti-social behaviour). */
function filterWords(ui: UiState): string | null {
  return ui.types && ui.types.length
    ? describeFilter({ categories: ui.types, includeAsb: ui.includeAsb })
    : ui.includeAsb
      ? 'including anti-social behaviour'
      : null;
}

/** The panel's controls: window, public mode and its threshold, and the two exports. */
function wardControls(c: PanelContext): HTMLElement {
  const { ui, setUi } = c;
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
  return h(
    'div',
    { class: 'view-controls no-print' },
    h('label', {}, 'Window ', windowSelect(ui, setUi)),
    h('label', {}, pubBox, ' Public mode'),
    ui.publicMode ? h('label', {}, 'Hide sensitive counts below ', minIn) : null,
    ...exportButtons(c),
  );
}

function windowSelect(ui: UiState, setUi: SetUi): HTMLSelectElement {
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
  return winSel;
}

/** Export CSV (the panel's figures) and Save chart (PNG, the trend chart as drawn). */
function exportButtons({ side, r, w, ui, model, what, period }: PanelContext): HTMLElement[] {
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
  return [csvBtn, pngBtn];
}

/** The ward's rate per 1,000 residents against the area's, when populations are loaded and the count is shown. */
function rateLine(r: AnalysisResult, w: WardResult, suppressed: boolean): HTMLElement | null {
  const total = r.wards.reduce((a, x) => a + x.count, 0);
  const pops = r.wards.map((x) => x.population);
  const boroughRate = pops.every((p) => p !== null && p > 0)
    ? (total / pops.reduce((a: number, p) => a + (p ?? 0), 0)) * 1000
    : null;
  return w.ratePer1000 !== null && !suppressed
    ? h(
        'p',
        { 'data-testid': 'ward-rate' },
        `That is ${fmt1.format(w.ratePer1000)} per 1,000 residents${boroughRate !== null ? ` (${borough(r)} as a whole: ${fmt1.format(boroughRate)})` : ''}.`,
      )
    : null;
}

function typesBody(model: WardPanelModel, w: WardResult): HTMLElement {
  if (!model.types)
    return h(
      'p',
      { class: 'muted', 'data-testid': 'ward-types' },
      'The breakdown by crime type is not shown in public mode: it would disclose a small count.',
    );
  if (!model.types.length) return h('p', { class: 'muted' }, 'No crimes recorded in this period.');
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
  return tt;
}

function hotspotList(model: WardPanelModel): HTMLElement {
  return model.hotspots.length
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
}

/** "What is being done here": the plan's linked actions, what the print leaves out, and the area-wide actions. */
function actionsBody(r: AnalysisResult, s: AppState, w: WardResult): (HTMLElement | null)[] {
  const publicMode = s.ui.publicMode;
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
              h('div', { class: 'why' }, `Why here: ${publicReason(a.reason, publicMode)}`),
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
  return [actBody, moreInPrint, boroughWide];
}
