/**
 * The results panel (right) and data-quality panel. Pure DOM built with textContent.
 * Every view ends with a provenance line (sources, months, boundary vintage, parameters).
 */
import { REJECT_LABELS, REJECT_REASONS } from '../../analysis/types.ts';
import { formatMonth } from '../../analysis/months.ts';
import type { AnalysisResult, LinkedAction, WardResult } from '../../analysis/sessionTypes.ts';
import { h, clear, fmtInt, fmt1, pct } from '../dom.ts';
import type { AppState } from '../state/store.ts';
import { lorenzChart, trendChart, typesChart } from './charts.ts';

export interface PanelCallbacks {
  selectWard: (code: string | null) => void;
  selectHotspot: (id: string | null) => void;
}

function provenance(r: AnalysisResult): HTMLElement {
  return h('p', { class: 'provenance' }, r.provenance);
}

function section(title: string, testid: string, ...body: (Node | null)[]): HTMLElement {
  const id = `sec-${testid}`;
  return h('section', { class: 'card', 'aria-labelledby': id, 'data-testid': testid }, h('h2', { id }, title), ...body);
}

function changeCell(w: WardResult): HTMLElement {
  if (w.previous === null || w.difference === null) return h('td', { class: 'num muted' }, '–');
  const z = w.poissonZ;
  const sig = z !== null && Math.abs(z) >= 1.96;
  const arrow = w.difference > 0 ? '▲' : w.difference < 0 ? '▼' : '■';
  const sign = w.difference > 0 ? '+' : '';
  const td = h('td', { class: `num change ${sig ? (w.difference > 0 ? 'up' : 'down') : 'flat'}`, title: w.direction ?? '' },
    h('span', { 'aria-hidden': 'true' }, `${arrow} `),
    `${sign}${fmtInt.format(w.difference)}`,
    h('small', {}, z === null ? '' : ` z ${z >= 0 ? '+' : ''}${z.toFixed(1)}${sig ? ' *' : ''}`),
  );
  return td;
}

export function wardTable(r: AnalysisResult, selected: string | null, cb: PanelCallbacks): HTMLElement {
  const hasRate = r.wards.some((w) => w.ratePer1000 !== null);
  const table = h('table', { class: 'wards', 'data-testid': 'ward-table' });
  table.append(
    h('caption', {}, `Wards ranked by ${r.filterLabel}. Change is against the previous period of equal length; * marks |z| ≥ 1.96 (Poisson).`),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'num' }, '#'),
      h('th', { scope: 'col' }, 'Ward'),
      h('th', { scope: 'col', class: 'num' }, 'Count'),
      h('th', { scope: 'col', class: 'num' }, 'Share'),
      h('th', { scope: 'col' }, 'Cumulative'),
      hasRate ? h('th', { scope: 'col', class: 'num' }, 'Per 1,000') : null,
      h('th', { scope: 'col', class: 'num' }, 'Change'),
    )),
  );
  const tbody = h('tbody');
  for (const w of r.wards) {
    const bar = h('span', { class: 'bar' });
    bar.style.width = `${(w.cumulativeShare * 100).toFixed(1)}%`;
    const tr = h('tr', {
      'data-testid': 'ward-row', 'data-ward-code': w.code, 'data-count': String(w.count), tabindex: 0,
      'aria-selected': w.code === selected ? 'true' : 'false', class: w.code === selected ? 'selected' : null,
    },
      h('td', { class: 'num' }, w.rank),
      h('th', { scope: 'row' }, w.name),
      h('td', { class: 'num' }, fmtInt.format(w.count)),
      h('td', { class: 'num' }, pct(w.share)),
      h('td', { class: 'cum' }, h('span', { class: 'barwrap' }, bar), h('span', { class: 'barlabel' }, pct(w.cumulativeShare, 0))),
      hasRate ? h('td', { class: 'num' }, w.ratePer1000 === null ? '–' : fmt1.format(w.ratePer1000)) : null,
      changeCell(w),
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

function actionList(items: LinkedAction[]): HTMLElement {
  const ul = h('ul', { class: 'actions' });
  for (const a of items) {
    ul.append(h('li', { 'data-testid': 'action-item', 'data-action-id': a.actionId },
      h('strong', {}, a.summary),
      h('div', { class: 'muted' }, `Lead: ${a.lead} · Status: ${a.status}`),
      h('div', { class: 'why' }, `Why here: ${a.reason}`),
    ));
  }
  return ul;
}

export function actionsPanel(r: AnalysisResult, s: AppState): HTMLElement {
  const body = h('div');
  const acts = r.actions;
  if (!acts) {
    body.append(h('p', { class: 'muted' }, 'No plan actions loaded. Drop the partnership plan\'s actions.json with the data to see actions beside hotspots and wards.'));
  } else {
    const ward = s.ui.ward ? r.wards.find((w) => w.code === s.ui.ward) : null;
    const spot = s.ui.hotspot ? r.hotspots.find((x) => x.id === s.ui.hotspot) : null;
    if (spot) {
      body.append(h('h3', {}, spot.label));
      const items = acts.byHotspot[spot.id] ?? [];
      body.append(items.length ? actionList(items) : h('p', { class: 'muted' }, 'No plan action names this hotspot\'s places or crime types.'));
    }
    if (ward) {
      body.append(h('h3', {}, ward.name));
      const items = acts.byWard[ward.code] ?? [];
      body.append(items.length ? actionList(items) : h('p', { class: 'muted' }, 'No plan action is linked to this ward.'));
    }
    if (!spot && !ward) body.append(h('p', { class: 'muted' }, 'Select a ward (table or map) or a hotspot to see the plan\'s actions there.'));
    if (acts.gaps.length) {
      body.append(h('h3', {}, 'Gaps'), h('ul', { class: 'gaps' }, ...acts.gaps.map((g) => h('li', {}, g))));
    }
  }
  return section('Plan actions', 'actions-panel', body, provenance(r));
}

export function hotspotPanel(r: AnalysisResult, selected: string | null, cb: PanelCallbacks): HTMLElement {
  const ol = h('ol', { class: 'hotspots' });
  for (const x of r.hotspots) {
    const b = h('button', { type: 'button', class: x.id === selected ? 'linklike selected' : 'linklike', 'data-testid': 'hotspot-item', 'aria-pressed': x.id === selected ? 'true' : 'false' },
      `${x.label}${x.placeLabel ? ` – ${x.placeLabel}` : ''}`);
    b.addEventListener('click', () => cb.selectHotspot(x.id === selected ? null : x.id));
    ol.append(h('li', {}, b, h('div', { class: 'muted' },
      `${fmtInt.format(x.count)} crimes (${pct(x.share)}) in ${x.areaKm2.toFixed(2)} km²; peak ${fmtInt.format(x.peakDensity)} per km²`,
      x.dominantCategories.length ? `; mostly ${x.dominantCategories.map((c) => c.category.toLowerCase()).join(', ')}` : '',
    )));
  }
  const kde = r.kde;
  const note = kde
    ? h('p', { class: 'muted' }, `Hotspots are areas above ${fmtInt.format(kde.threshold)} crimes per km² (${kde.kernel} kernel, bandwidth ${Math.round(kde.bandwidthMetres)} m: ${kde.bandwidthSource}; ${kde.cellMetres} m cells).`, ...kde.warnings.map((w) => h('span', { class: 'warn' }, ` ${w}`)))
    : null;
  return section('Hotspots', 'hotspot-panel', r.hotspots.length ? ol : h('p', { class: 'muted' }, 'No area passes the hotspot threshold.'), note, provenance(r));
}

export function resultsPanel(root: HTMLElement, s: AppState, cb: PanelCallbacks): void {
  clear(root);
  const r = s.result;
  if (!r) {
    root.append(h('p', { class: 'muted', 'data-testid': 'results-empty' }, s.status === 'empty' ? 'Drop police.uk crime files and ward boundaries here, or load the demo.' : 'Working…'));
    return;
  }
  const head = h('section', { class: 'card headline-card' },
    h('p', { class: 'headline', 'data-testid': 'headline', 'data-total': String(r.totalInWards) }, r.concentration.headline),
    h('p', { class: 'muted' }, `${fmtInt.format(r.totalInWards)} crimes in ${r.wards.length} wards. ${r.concentration.caveat}`),
    provenance(r),
  );
  const tops = h('ul', { class: 'tops' }, ...r.concentration.top.map((t) => h('li', {}, `Top ${t.n} wards: ${pct(t.share, 0)} of crime`)));
  const lorenz = h('div', { class: 'chart' });
  lorenzChart(lorenz, r);
  const trend = h('div', { class: 'chart' });
  trendChart(trend, r);
  const types = h('div', { class: 'chart' });
  typesChart(types, r);
  root.append(
    head,
    section('Ward ranking', 'ward-panel', h('div', { class: 'tablewrap' }, wardTable(r, s.ui.ward, cb)), provenance(r)),
    actionsPanel(r, s),
    hotspotPanel(r, s.ui.hotspot, cb),
    section('Concentration', 'concentration-panel', lorenz, tops, h('p', { class: 'muted' }, `Gini ${r.concentration.gini.toFixed(2)}`), provenance(r)),
    section('Monthly trend', 'trend-panel', trend, provenance(r)),
    section('Crime types', 'types-panel', types, provenance(r)),
  );
}

export function qualityPanel(root: HTMLElement, s: AppState): void {
  clear(root);
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
  row('Months covered', months.first !== null && months.last !== null ? `${formatMonth(months.first)} to ${formatMonth(months.last)}` : 'none');
  row('Months missing', months.missing.length ? months.missing.map(formatMonth).join(', ') : 'none');
  row('Outside the wards', fmtInt.format(inp.rejected['outside-wards'] ?? 0));
  row('Boundaries', `${r.wardFile.file || 'none loaded'} · ${r.wardFile.count} wards · vintage ${r.wardFile.vintage ?? 'unknown'} · ${r.wardFile.crs}`);
  row('Files', `${inp.files.length} crime file(s)`);
  root.append(
    h('h2', {}, 'Data quality'),
    dl,
    h('h3', {}, 'Rows not used'),
    rej.childElementCount ? rej : h('p', { class: 'muted' }, 'none'),
    messagesList([...inp.messages]),
  );
}

function messagesList(msgs: { level: string; file: string; line: number; message: string }[]): HTMLElement {
  const details = h('details', { class: 'messages' }, h('summary', {}, `Messages (${msgs.length})`));
  const ul = h('ul');
  for (const m of msgs.slice(0, 200)) ul.append(h('li', { class: `msg ${m.level}` }, `${m.file}${m.line ? `:${m.line}` : ''} – ${m.message}`));
  if (msgs.length > 200) ul.append(h('li', {}, `… and ${msgs.length - 200} more`));
  details.append(ul);
  return details;
}
