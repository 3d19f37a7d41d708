/**
 * URL state. The query string holds everything needed to redraw the same picture,
 * so a reload (or a shared link) restores it. Scheme (all optional; defaults in brackets):
 *
 *   ?from=2024-01&to=2024-12      month window, inclusive, YYYY-MM [whole loaded range]
 *   &types=Burglary,property      police.uk crime types and/or composite group ids
 *                                 (categories.ts COMPOSITE_GROUPS keys), comma separated [all crime]
 *   &asb=1                        include anti-social behaviour [0]
 *   &kernel=quartic               quartic|epanechnikov|triweight|uniform|gaussian [quartic]
 *   &bw=250 | &bw=sfhotspot       bandwidth in metres or a rule: sfhotspot|arcgis|scott|practitioner [practitioner]
 *   &cell=50 | &cell=auto         cell size in metres [auto]
 *   &th=mean:2 | &th=top:5        hotspot threshold: k × mean of non-zero cells, or top p% of cells [mean:2]
 *   &metric=count                 ward shading: count|share|rate|none [count]
 *   &density=1                    show the density surface [1]
 *   &view=analyst                 analyst (all panels) | briefing (map and results only, for meetings) [analyst]
 *   &ward=E05000001               selected ward code [none]
 *   &hotspot=H1                   selected hotspot id [none]
 *
 * Values are written with URLSearchParams (percent-encoded); defaults are omitted.
 */
import { formatMonth, parseMonth } from '../../analysis/months.ts';
import type { BandwidthRule, KernelName } from '../../analysis/sessionTypes.ts';
import { DEFAULT_UI, type UiState } from './store.ts';

const KERNELS: KernelName[] = ['quartic', 'epanechnikov', 'triweight', 'uniform', 'gaussian'];
const RULES: BandwidthRule[] = ['sfhotspot', 'arcgis', 'scott', 'practitioner'];

export function parseUrl(search: string): UiState {
  const q = new URLSearchParams(search);
  const s: UiState = structuredClone(DEFAULT_UI);
  const m = (k: string) => {
    const v = q.get(k);
    const i = v ? parseMonth(v) : -1;
    return i >= 0 ? i : null;
  };
  s.from = m('from');
  s.to = m('to');
  const types = q.get('types');
  s.types = types ? types.split(',').map((t) => t.trim()).filter(Boolean) : null;
  s.includeAsb = q.get('asb') === '1';
  const k = q.get('kernel') as KernelName | null;
  if (k && KERNELS.includes(k)) s.kernel = k;
  const bw = q.get('bw');
  if (bw) {
    if (RULES.includes(bw as BandwidthRule)) s.bandwidth = bw as BandwidthRule;
    else if (Number.isFinite(+bw) && +bw > 0) s.bandwidth = +bw;
  }
  const cell = q.get('cell');
  if (cell && Number.isFinite(+cell) && +cell > 0) s.cell = +cell;
  const th = /^(mean|top):([\d.]+)$/.exec(q.get('th') ?? '');
  if (th && +th[2] > 0) s.threshold = th[1] === 'mean' ? { kind: 'mean-multiple', k: +th[2] } : { kind: 'top-percent', p: +th[2] };
  const metric = q.get('metric');
  if (metric === 'count' || metric === 'share' || metric === 'rate' || metric === 'none') s.metric = metric;
  s.density = q.get('density') !== '0';
  s.view = q.get('view') === 'briefing' ? 'briefing' : 'analyst';
  s.ward = q.get('ward');
  s.hotspot = q.get('hotspot');
  return s;
}

export function toSearch(s: UiState): string {
  const q = new URLSearchParams();
  if (s.from !== null) q.set('from', formatMonth(s.from));
  if (s.to !== null) q.set('to', formatMonth(s.to));
  if (s.types && s.types.length) q.set('types', s.types.join(','));
  if (s.includeAsb) q.set('asb', '1');
  if (s.kernel !== DEFAULT_UI.kernel) q.set('kernel', s.kernel);
  if (s.bandwidth !== DEFAULT_UI.bandwidth) q.set('bw', String(s.bandwidth));
  if (s.cell !== DEFAULT_UI.cell) q.set('cell', String(s.cell));
  const th = s.threshold.kind === 'mean-multiple' ? `mean:${s.threshold.k}` : `top:${s.threshold.p}`;
  if (th !== 'mean:2') q.set('th', th);
  if (s.metric !== DEFAULT_UI.metric) q.set('metric', s.metric);
  if (!s.density) q.set('density', '0');
  if (s.view !== 'analyst') q.set('view', s.view);
  if (s.ward) q.set('ward', s.ward);
  if (s.hotspot) q.set('hotspot', s.hotspot);
  const str = q.toString();
  return str ? `?${str}` : '';
}

/** Writes the state into the address bar without adding a history entry per tweak. */
export function syncUrl(s: UiState): void {
  const search = toSearch(s);
  if (search !== location.search) history.replaceState(null, '', `${location.pathname}${search}${location.hash}`);
}
