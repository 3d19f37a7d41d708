/**
 * The results panel (right) and data-quality panel. Pure DOM built with textContent.
 * Every view ends with ONE provenance line (sources, months, boundary vintage, parameters), in
 * its own last card, not one under each card.
 */
import { REJECT_LABELS, REJECT_REASONS } from '../../core/types.ts';
import { formatMonth, monthLabel } from '../../core/months.ts';
import { areaLabel } from '../../analysis/headline.ts';
import { foldMessages } from '../../analysis/messages.ts';
import type { AnalysisResult, HotspotResult, WardResult } from '../../analysis/sessionTypes.ts';
import { skipLink } from '../a11y/skipLink.ts';
import { chartFigures } from '../a11y/chartFigures.ts';
import { ASB } from '../../core/categories.ts';
import { shownOf } from '../../analysis/phrasing.ts';
import { h, clear, fmtInt, fmt1, pct, patchChildren, replaceKeyed } from '../dom.ts';
import type { AppState } from '../state/store.ts';
import { lorenzChart, trendChart, typesChart } from './charts.ts';
import { actionsPanelBody, type ActionCallbacks } from '../actions/panel.ts';
import { drawWhenNear, trackPanels } from './nearViewport.ts';
import { diagnosisCard, guideCard, notLoadedCard } from './guide.ts';
import type { ColumnMapping } from '../../io/genericCsv.ts';
import { hotspotName } from '../../analysis/hotspots/naming.ts';
import { areaMethodText } from '../../analysis/hotspots/methodText.ts';

export interface PanelCallbacks {
  selectWard: (code: string | null) => void;
  selectHotspot: (id: string | null) => void;
  /** Redraws the panels (after a display-only change such as "Show all"). */
  refresh?: () => void;
  /** Editing, filtering and exporting the plan's actions (absent: read-only panel). */
  actions?: ActionCallbacks;
  /** Loads a CSV that was waiting for its column mapping, with the mapping chosen in the form. */
  mapColumns?: (file: string, mapping: ColumnMapping) => void;
}

function provenance(r: AnalysisResult): HTMLElement {
  return h('p', { class: 'provenance' }, r.provenance);
}

function section(title: string, testid: string, ...body: (Node | null)[]): HTMLElement {
  const id = `sec-${testid}`;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': id, 'data-testid': testid },
    h('h2', { id, tabindex: -1 }, title),
    ...body,
  );
}

/**
 * Long lists (650 London wards, hundreds of hotspot areas) show their top rows first, with a
 * button for the rest: every row is DOM that the browser lays out again on each filter change
 * (measured: ~100 ms per relayout with all 650 wards and 800 areas on this machine type). The
 * CSV and GeoJSON exports always hold every row; a selected row beyond the limit is still shown.
 */
export const LIST_LIMITS = { wards: 100, hotspots: 50 } as const;
const expanded = { wards: false, hotspots: false };

/** The rows to draw: all when expanded or short, else the top `limit` plus a selected row further down. */
function visibleRows<T>(all: readonly T[], limit: number, open: boolean, isSelected: (x: T) => boolean): T[] {
  if (open || all.length <= limit) return [...all];
  const head = all.slice(0, limit);
  const sel = all.slice(limit).filter(isSelected);
  return [...head, ...sel];
}

/** "Showing the top 100 of 650 wards. [Show all 650]" (or the way back). */
function moreButton(kind: 'wards' | 'hotspots', total: number, noun: string, cb: PanelCallbacks): HTMLElement | null {
  const limit = LIST_LIMITS[kind];
  if (total <= limit || !cb.refresh) return null;
  const open = expanded[kind];
  const b = h(
    'button',
    {
      type: 'button',
      'data-testid': `show-all-${kind}`,
      'data-focus-key': `show-all-${kind}`,
      'aria-expanded': open ? 'true' : 'false',
    },
    open ? `Show the top ${limit} only` : `Show all ${fmtInt.format(total)}`,
  );
  b.addEventListener('click', () => {
    expanded[kind] = !open;
    cb.refresh?.();
  });
  return h(
    'p',
    { class: 'muted more' },
    open
      ? `Showing all ${fmtInt.format(total)} ${noun}. `
      : `Showing the top ${limit} of ${fmtInt.format(total)} ${noun}. `,
    b,
  );
}

function changeCell(w: WardResult): HTMLElement {
  if (w.previous === null || w.difference === null) return h('td', { class: 'num muted' }, '–');
  const z = w.poissonZ;
  const sig = z !== null && Math.abs(z) >= 1.96;
  const arrow = w.difference > 0 ? '▲' : w.difference < 0 ? '▼' : '■';
  const sign = w.difference > 0 ? '+' : '';
  const zText = z === null ? '' : `z ${z >= 0 ? '+' : ''}${z.toFixed(1)}`;
  // The z value is dropped in a narrow results column (styles.css container query); the * that
  // marks |z| ≥ 1.96 always stays, and the title carries both.
  const td = h(
    'td',
    {
      class: `num change ${sig ? (w.difference > 0 ? 'up' : 'down') : 'flat'}`,
      title: [w.direction ?? '', zText].filter(Boolean).join(', '),
    },
    h('span', { 'aria-hidden': 'true' }, `${arrow} `),
    `${sign}${fmtInt.format(w.difference)}`,
    h('span', { class: 'visually-hidden' }, ` ${w.direction ?? ''}`),
    h('small', { class: 'z' }, zText ? ` ${zText}` : ''),
    sig ? h('small', { class: 'sig' }, ' *') : null,
  );
  return td;
}

export function wardTable(r: AnalysisResult, selected: string | null, cb: PanelCallbacks): HTMLElement {
  const hasRate = r.wards.some((w) => w.ratePer1000 !== null);
  const hasChange = r.wards.some((w) => w.previous !== null);
  const cw = r.compareWindow;
  const table = h('table', { class: 'wards', 'data-testid': 'ward-table' });
  table.append(
    h(
      'caption',
      {},
      `Wards ranked by ${r.filterLabel}. `,
      h(
        'span',
        { class: 'caption-more' },
        hasChange
          ? `Change: ${r.months.window ? windowLabel(r.months.window) : 'the window'} against ${cw ? windowLabel(cw) : 'the previous period of equal length'}; ▲ up, ▼ down, * marks |z| ≥ 1.96 (Poisson).`
          : 'No change column: the previous period of equal length is not loaded (or comparison is off).',
      ),
    ),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', class: 'num' }, '#'),
        h('th', { scope: 'col' }, 'Ward'),
        h('th', { scope: 'col', class: 'num' }, 'Count'),
        h('th', { scope: 'col', class: 'num' }, 'Share'),
        h('th', { scope: 'col', class: 'cum' }, 'Cumulative'),
        hasRate ? h('th', { scope: 'col', class: 'num' }, 'Per 1,000') : null,
        hasChange ? h('th', { scope: 'col', class: 'num' }, 'Change') : null,
      ),
    ),
  );
  const tbody = h('tbody');
  for (const w of visibleRows(
    r.wards,
    cb.refresh ? LIST_LIMITS.wards : Infinity,
    expanded.wards,
    (x) => x.code === selected,
  )) {
    const bar = h('span', { class: 'bar' });
    bar.style.width = `${(w.cumulativeShare * 100).toFixed(1)}%`;
    const tr = h(
      'tr',
      {
        'data-testid': 'ward-row',
        'data-ward-code': w.code,
        'data-count': String(w.count),
        tabindex: 0,
        'aria-selected': w.code === selected ? 'true' : 'false',
        class: w.code === selected ? 'selected' : null,
      },
      h('td', { class: 'num' }, w.rank),
      h('th', { scope: 'row' }, w.name),
      h('td', { class: 'num' }, fmtInt.format(w.count)),
      h('td', { class: 'num' }, pct(w.share)),
      h(
        'td',
        { class: 'cum' },
        h('span', { class: 'barwrap' }, bar),
        h('span', { class: 'barlabel' }, pct(w.cumulativeShare, 0)),
      ),
      hasRate ? h('td', { class: 'num' }, w.ratePer1000 === null ? '–' : fmt1.format(w.ratePer1000)) : null,
      hasChange ? changeCell(w) : null,
    );
    const toggle = () => cb.selectWard(w.code === selected ? null : w.code);
    tr.addEventListener('click', toggle);
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        toggle();
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const next = (e.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling) as HTMLElement | null;
        next?.focus();
      }
    });
    tbody.append(tr);
  }
  table.append(tbody);
  return table;
}

export function actionsPanel(r: AnalysisResult, s: AppState, cb?: ActionCallbacks): HTMLElement {
  // The body's parts are the section's own children, so that a change of filter replaces only
  // the parts that show something new (replaceKeyed → patchChildren compares child by child):
  // the register, its filters and the exception report (dozens of status and commentary
  // editors) do not depend on the analysis and stay in place.
  return section('Plan actions', 'actions-panel', ...Array.from(actionsPanelBody(r, s, cb).children));
}

/** The analyst print's ward table holds the top 8 wards on a portrait page, 18 on a landscape one (print.css): it says so. */
function printedWards(n: number): HTMLElement | null {
  if (n <= 8) return null;
  const line = (k: number, cls: string) =>
    h(
      'span',
      { class: cls },
      `${shownOf(Math.min(k, n), n, 'ward')} printed (the top ${Math.min(k, n)}); the Wards CSV export has them all.`,
    );
  return h(
    'p',
    { class: 'print-only muted small', 'data-testid': 'wards-printed' },
    line(8, 'print-portrait'),
    n > 18 ? line(18, 'print-landscape') : h('span', { class: 'print-landscape' }, `All ${n} wards printed.`),
  );
}

/** The crime types the types chart draws (charts.ts typesChart: ASB only when switched on or ticked), as table rows. */
function chartTypes(r: AnalysisResult, s: AppState): (readonly [string, number])[] {
  const showAsb = s.ui.includeAsb || (s.ui.types ?? []).includes(ASB);
  return r.types.filter((d) => showAsb || d.category !== ASB).map((d) => [d.category, d.count] as const);
}

/** "Jan 2023 to Dec 2023" for a month window. */
function windowLabel(w: readonly [number, number]): string {
  return w[0] === w[1] ? formatMonth(w[0]) : `${formatMonth(w[0])} to ${formatMonth(w[1])}`;
}

/** Direction of travel of a count against the comparison period: arrow, words and numbers. */
function travel(
  current: number,
  previous: number | null,
  z: number | null,
): { text: string; cls: string; arrow: string } | null {
  if (previous === null) return null;
  const d = current - previous;
  const sig = z !== null && Math.abs(z) >= 1.96;
  const arrow = d > 0 ? '▲' : d < 0 ? '▼' : '■';
  const pctText = previous > 0 ? ` (${d >= 0 ? '+' : '−'}${Math.abs((d / previous) * 100).toFixed(0)}%)` : '';
  const words = d === 0 ? 'no change' : `${d > 0 ? 'up' : 'down'} ${fmtInt.format(Math.abs(d))}${pctText}`;
  return {
    text: `${words} on ${fmtInt.format(previous)}${sig ? ', beyond chance (|z| ≥ 1.96)' : z !== null ? ', within chance' : ''}`,
    cls: sig ? (d > 0 ? 'up' : 'down') : 'flat',
    arrow,
  };
}

/** "Market Parade — in Hollowfield Town Centre"; never empty (the engine's "Area N" fallback, else the rank). */
export function hotspotTitle(x: HotspotResult): string {
  return hotspotName(x);
}

export function hotspotPanel(r: AnalysisResult, selected: string | null, cb: PanelCallbacks): HTMLElement {
  const ol = h('ol', { class: 'hotspots' });
  const nLinked = (id: string) => (r.actions?.byHotspot[id] ?? []).length;
  for (const x of visibleRows(
    r.hotspots,
    cb.refresh ? LIST_LIMITS.hotspots : Infinity,
    expanded.hotspots,
    (y) => y.id === selected,
  )) {
    const b = h(
      'button',
      {
        type: 'button',
        class: x.id === selected ? 'linklike selected' : 'linklike',
        'data-testid': 'hotspot-item',
        'data-hotspot-id': x.id,
        'data-focus-key': `hotspot-${x.id}`,
        'data-count': String(x.count),
        'aria-pressed': x.id === selected ? 'true' : 'false',
      },
      hotspotTitle(x),
    );
    b.addEventListener('click', () => cb.selectHotspot(x.id === selected ? null : x.id));
    const t = travel(x.count, x.previous, x.poissonZ);
    ol.append(
      h(
        'li',
        { class: x.id === selected ? 'selected' : null },
        b,
        h(
          'div',
          { class: 'muted' },
          `${fmtInt.format(x.count)} crimes · ${pct(x.share)} of the area's crime · ${x.areaKm2.toFixed(2)} km²`,
          x.dominantCategories.length
            ? ` · mostly ${x.dominantCategories.map((c) => c.category.toLowerCase()).join(', ')}`
            : '',
          r.actions ? ` · ${nLinked(x.id)} linked action${nLinked(x.id) === 1 ? '' : 's'}` : '',
        ),
        t
          ? h(
              'div',
              { class: `change ${t.cls}`, 'data-testid': 'hotspot-change' },
              h('span', { 'aria-hidden': 'true' }, `${t.arrow} `),
              `Change vs previous period: ${t.text}`,
            )
          : null,
      ),
    );
  }
  const kde = r.kde;
  const note = kde
    ? h(
        'p',
        { class: 'muted' },
        `Hotspots are areas above ${fmtInt.format(kde.threshold)} crimes per km² (${kde.kernel} kernel, bandwidth ${Math.round(kde.bandwidthMetres)} m: ${kde.bandwidthSource}; ${kde.cellMetres} m cells). ${areaMethodText(kde.areas, kde.cellMetres)} Change counts the comparison period's crimes inside the same area.`,
        ...kde.warnings.map((w) => h('span', { class: 'warn' }, ` ${w}`)),
      )
    : null;
  return section(
    'Hotspots',
    'hotspot-panel',
    r.hotspots.length ? ol : h('p', { class: 'muted' }, 'No area passes the hotspot threshold.'),
    moreButton('hotspots', r.hotspots.length, 'hotspot areas', cb),
    note,
  );
}

/** The area's direction of travel: the window's total against the comparison period's. */
function directionOfTravel(r: AnalysisResult): HTMLElement | null {
  if (!r.wards.length || r.wards.some((w) => w.previous === null)) return null;
  const prev = r.wards.reduce((a, w) => a + (w.previous ?? 0), 0);
  const z = prev + r.totalInWards > 0 ? (r.totalInWards - prev) / Math.sqrt(r.totalInWards + prev) : null;
  const t = travel(r.totalInWards, prev, z);
  if (!t) return null;
  const when =
    r.months.window && r.compareWindow
      ? `${windowLabel(r.months.window)} against ${windowLabel(r.compareWindow)}`
      : 'against the previous period';
  return h(
    'p',
    { class: `travel change ${t.cls}`, 'data-testid': 'direction-of-travel' },
    h('span', { 'aria-hidden': 'true' }, `${t.arrow} `),
    `Direction of travel, ${when}: ${t.text}.`,
  );
}

export function resultsPanel(root: HTMLElement, s: AppState, cb: PanelCallbacks): void {
  const r = s.result;
  const onMap = (file: string, m: ColumnMapping) => cb.mapColumns?.(file, m);
  if (!r) {
    clear(root);
    if (s.status === 'empty') root.append(guideCard('empty'));
    else root.append(h('p', { class: 'muted', 'data-testid': 'results-empty' }, 'Working…'));
    return;
  }
  const guide = s.demo ? guideCard('demo') : null;
  const notice = s.notice ? h('p', { class: 'notice', 'data-testid': 'notice', role: 'status' }, s.notice) : null;
  if (r.diagnosis) {
    // No analysis: say why and what to do, where the headline would be; nothing else to show.
    replaceKeyed(root, [guide, notice, diagnosisCard(r.diagnosis, s.pendingMapping, onMap)]);
    return;
  }
  const head = h(
    'section',
    { class: 'card headline-card', 'data-testid': 'headline-card' },
    h(
      'p',
      { class: 'headline', 'data-testid': 'headline', 'data-total': String(r.totalInWards) },
      r.concentration.headline,
    ),
    h('p', { class: 'muted' }, `${fmtInt.format(r.totalInWards)} crimes in ${r.wards.length} wards.`),
    directionOfTravel(r),
  );
  const notLoaded = notLoadedCard(
    r.notLoaded,
    s.pendingMapping.filter((p) => r.notLoaded.some((m) => m.file === p.file)),
    onMap,
  );
  const shown = new Set([1, 3, 5, 10, 20, 50, 100]);
  const tops = h(
    'ul',
    { class: 'tops' },
    ...r.concentration.top
      .filter((t) => shown.has(t.n))
      .map((t) => h('li', {}, `Top ${t.n} ward${t.n === 1 ? '' : 's'}: ${pct(t.share, 0)} of crime`)),
  );
  // Charts out of view are drawn when their panel comes near it (nearViewport.ts).
  const lorenz = h('div', { class: 'chart' });
  drawWhenNear('concentration-panel', () => lorenzChart(lorenz, r));
  const trend = h('div', { class: 'chart' });
  drawWhenNear('trend-panel', () => trendChart(trend, r));
  const types = h('div', { class: 'chart' });
  drawWhenNear('types-panel', () => typesChart(types, r, { includeAsb: s.ui.includeAsb, types: s.ui.types }));
  replaceKeyed(root, [
    guide,
    notice,
    head,
    notLoaded,
    // The caveat follows the table (not the headline) so that on a laptop the
    // headline and the first ten wards are read together, beside the map.
    section(
      'Ward ranking',
      'ward-panel',
      skipLink('sec-hotspot-panel', 'Skip the ward table and plan actions: go to the hotspot areas'),
      h('div', { class: 'tablewrap' }, wardTable(r, s.ui.ward, cb)),
      moreButton('wards', r.wards.length, 'wards', cb),
      printedWards(r.wards.length),
      h('p', { class: 'muted caveat', 'data-testid': 'ward-caveat' }, r.concentration.caveat),
    ),
    actionsPanel(r, s, cb.actions),
    hotspotPanel(r, s.ui.hotspot, cb),
    section(
      'Concentration',
      'concentration-panel',
      lorenz,
      tops,
      h('p', { class: 'muted' }, `Gini ${r.concentration.gini.toFixed(2)}`),
    ),
    section(
      'Monthly trend',
      'trend-panel',
      trend,
      chartFigures(
        'crimes per month',
        ['Month', 'Crimes'],
        r.trend.map((d) => [monthLabel(d.month), d.count] as const),
        'trend-figures',
      ),
    ),
    section(
      'Crime types',
      'types-panel',
      types,
      chartFigures('crimes by type', ['Crime type', 'Crimes'], chartTypes(r, s), 'types-figures'),
    ),
    // Once for the whole view, after the last card (and printed): what every figure above was made from.
    section('Sources and settings', 'provenance-panel', provenance(r)),
  ]);
  trackPanels(root);
}

export function qualityPanel(target: HTMLElement, s: AppState): void {
  // Built aside, then patched in: it rarely changes between runs (patchChildren).
  const root = h('div');
  qualityContent(root, s);
  patchChildren(target, root);
}

function qualityContent(root: HTMLElement, s: AppState): void {
  const r = s.result;
  if (!r) {
    if (s.loadMessages.length) root.append(messagesList(s.loadMessages));
    return;
  }
  const inp = r.input;
  const dl = h('dl', { class: 'quality' });
  const row = (k: string, v: string) => dl.append(h('dt', {}, k), h('dd', {}, v));
  row('Rows read', fmtInt.format(inp.rowsRead));
  row('Rows used', fmtInt.format(inp.used));
  const rej = h('ul', { class: 'rejects' });
  for (const reason of REJECT_REASONS) {
    const n = inp.rejected[reason];
    if (n) rej.append(h('li', { 'data-reason': reason }, `${fmtInt.format(n)} ${REJECT_LABELS[reason]}`));
  }
  const months = r.months;
  row(
    'Months covered',
    months.first !== null && months.last !== null
      ? `${formatMonth(months.first)} to ${formatMonth(months.last)}`
      : 'none',
  );
  row('Months missing', months.missing.length ? months.missing.map(formatMonth).join(', ') : 'none');
  row('Outside the wards', fmtInt.format(inp.rejected['outside-wards'] ?? 0));
  row(
    'Boundaries',
    `${r.wardFile.file || 'none loaded'} · ${r.wardFile.count} wards · vintage ${r.wardFile.vintage ?? 'unknown'} · ${r.wardFile.crs}`,
  );
  if (r.wardFile.count) row('Area', areaNote(r));
  row('Files', `${inp.files.length} crime file(s)`);
  root.append(
    h('h2', {}, 'Data quality'),
    dl,
    h('h3', {}, 'Rows not used'),
    rej.childElementCount ? rej : h('p', { class: 'muted' }, 'none'),
    messagesList(foldMessages(inp.messages)),
  );
}

/** What the sentences call the area, and from which column; without one, which column would name it. */
function areaNote(r: AnalysisResult): string {
  const f = r.wardFile;
  if (f.area === null)
    return 'not named: the boundary files have no local-authority column (LADyyNM, BOROUGH or DISTRICT), so the sentences say "the loaded wards". Boundary files with such a column (e.g. ONS wards with LAD22NM, or the ward-to-local-authority lookup joined in your GIS) name the area.';
  return `${areaLabel(f.area)} (from ${f.authorityField ?? 'the boundary file'})`;
}

function messagesList(msgs: { level: string; file: string; line: number; message: string }[]): HTMLElement {
  const details = h('details', { class: 'messages' }, h('summary', {}, `Messages (${msgs.length})`));
  const ul = h('ul');
  for (const m of msgs.slice(0, 200))
    ul.append(h('li', { class: `msg ${m.level}` }, `${m.file}${m.line ? `:${m.line}` : ''} – ${m.message}`));
  if (msgs.length > 200) ul.append(h('li', {}, `… and ${msgs.length - 200} more`));
  details.append(ul);
  return details;
}
