/**
 * The results panel (right) and data-quality panel. Pure DOM built with textContent.
 * Every view ends with ONE provenance line (sources, months, boundary vintage, parameters), in
 * its own last card, not one under each card.
 */
import { monthLabel } from '../../core/months.ts';
import type { AnalysisResult, HotspotResult } from '../../analysis/sessionTypes.ts';
import { skipLink } from '../a11y/skipLink.ts';
import { chartFigures } from '../a11y/chartFigures.ts';
import { ASB } from '../../core/categories.ts';
import { shownOf } from '../../analysis/phrasing.ts';
import { h, clear, fmtInt, pct, replaceKeyed } from '../dom.ts';
import type { AppState } from '../state/store.ts';
import { lorenzChart, trendChart, typesChart } from './charts.ts';
import { actionsPanelBody, type ActionCallbacks } from '../actions/panel.ts';
import { drawWhenNear, trackPanels } from './nearViewport.ts';
import { diagnosisCard, guideCard, notLoadedCard } from './guide.ts';
import type { ColumnMapping } from '../../io/genericCsv.ts';
import { hotspotName } from '../../analysis/hotspots/naming.ts';
import { areaMethodText } from '../../analysis/hotspots/methodText.ts';
import { travel, windowLabel } from './change.ts';
import { expanded, LIST_LIMITS, moreButton, visibleRows } from './longLists.ts';
import { wardTable } from './wardTable.ts';

export { LIST_LIMITS } from './longLists.ts';
export { wardTable } from './wardTable.ts';
export { qualityPanel } from './quality.ts';

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

export function actionsPanel(r: AnalysisResult, s: AppState, cb?: ActionCallbacks): HTMLElement {
  // The body's parts are the section's own children, so that a change of filter replaces only
  // the parts that show something new (replaceKeyed → patchChildren compares child by child):
  // the register, its filters and the exception report (dozens of status and commentary
  // editors) do not depend on the analysis and stay in place.
  return section('Plan actions', 'actions-panel', ...Array.from(actionsPanelBody(r, s, cb).children));
}

/**
 * The analyst print's ward table holds the top 5 wards on a portrait page (the headline's five),
 * 14 on a landscape one (print.css hides the rest, n + 6 and n + 15): it says so. With the map at
 * half the page, the legend, headline and provenance, more rows push the footer onto a second page.
 */
const PRINTED_PORTRAIT = 5;
const PRINTED_LANDSCAPE = 14;
function printedWards(n: number): HTMLElement | null {
  if (n <= PRINTED_PORTRAIT) return null;
  const line = (k: number, cls: string) =>
    h(
      'span',
      { class: cls },
      `${shownOf(Math.min(k, n), n, 'ward')} printed (the top ${Math.min(k, n)}); the Wards CSV export has them all.`,
    );
  return h(
    'p',
    { class: 'print-only muted small', 'data-testid': 'wards-printed' },
    line(PRINTED_PORTRAIT, 'print-portrait'),
    n > PRINTED_LANDSCAPE
      ? line(PRINTED_LANDSCAPE, 'print-landscape')
      : h('span', { class: 'print-landscape' }, `All ${n} wards printed.`),
  );
}

/** The crime types the types chart draws (charts.ts typesChart: ASB only when switched on or ticked), as table rows. */
function chartTypes(r: AnalysisResult, s: AppState): (readonly [string, number])[] {
  const showAsb = s.ui.includeAsb || (s.ui.types ?? []).includes(ASB);
  return r.types.filter((d) => showAsb || d.category !== ASB).map((d) => [d.category, d.count] as const);
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

/** The headline card: the concentration sentence, the total and the direction of travel. */
function headlineCard(r: AnalysisResult): HTMLElement {
  return h(
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
}

/** The share of crime in the top 1, 3, 5, 10, 20, 50 and 100 wards. */
function topWards(r: AnalysisResult): HTMLElement {
  const shown = new Set([1, 3, 5, 10, 20, 50, 100]);
  return h(
    'ul',
    { class: 'tops' },
    ...r.concentration.top
      .filter((t) => shown.has(t.n))
      .map((t) => h('li', {}, `Top ${t.n} ward${t.n === 1 ? '' : 's'}: ${pct(t.share, 0)} of crime`)),
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
  const head = headlineCard(r);
  const notLoaded = notLoadedCard(
    r.notLoaded,
    s.pendingMapping.filter((p) => r.notLoaded.some((m) => m.file === p.file)),
    onMap,
  );
  const tops = topWards(r);
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
