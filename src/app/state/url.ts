/**
 * URL state. The query string holds everything needed to redraw the same picture,
 * so a reload (or a shared link) restores it. Scheme (all optional; defaults in brackets):
 *
 *   ?from=2024-01&to=2024-12      month window, inclusive, YYYY-MM [the latest 12 loaded months: see recent]
 *   &types=Burglary,property      police.uk crime types and/or composite group ids
 *                                 (categories.ts COMPOSITE_GROUPS keys), comma separated [all crime]
 *   &asb=1                        include anti-social behaviour [0]
 *   &kernel=quartic               quartic|epanechnikov|triweight|uniform|gaussian [quartic]
 *   &bw=250 | &bw=sfhotspot       bandwidth in metres or a rule: sfhotspot|arcgis|scott|practitioner [practitioner]
 *   &cell=50 | &cell=auto         cell size in metres [auto]
 *   &th=mean:2 | &th=top:5        hotspot threshold: k × mean of non-zero cells, or top p% of cells [mean:2]
 *   &areas=compact:1 | threshold  hotspot areas: compact areas of at most N km², or whole threshold areas [compact:1]
 *   &metric=count                 ward shading: count|share|rate|none [count]
 *   &density=1                    show the density surface [1]
 *   &view=analyst                 analyst (all panels) | briefing (map and results only, for meetings) [analyst]
 *   &ward=E05000001               selected ward code [none]
 *   &hotspot=H1                   selected hotspot id [none]
 *   &view=tasking                 tasking view (src/app/views/tasking.ts)
 *   &recent=3                     latest n loaded months when from/to are absent: 1|3|6|12, or
 *                                 `all` for the whole loaded range [12; tasking view 3]. Explicit
 *                                 from/to win over it (it is then not written).
 *   &cmp=0                        do not compare with the previous period of equal length
 *                                 [1: compare when that period is loaded; change column and
 *                                 direction of travel shown]
 *   &k=3                          tasking: number of patrol areas [3]
 *   &pick=H1,H4                   tasking: hand-picked patrol areas instead of the top k [none]
 *   &public=1                     public mode (ward panel): small counts suppressed [0]
 *   &min=10                       public mode: sensitive counts below this read "fewer than 10" [10]
 *   &astatus=red&alead=Police&akind=named-place
 *                                 actions panel filters: RAG status, lead (as written in the
 *                                 plan), link kind (named-place|place-type|category) [any]
 *   &basemap=<style URL>          a MapLibre style drawn under the layers: http(s) URL or a path
 *                                 relative to the page (map/basemap.ts) [none: no tiles at all]
 *   #/ward/E05000275              ward panel for that ward (hash route; the query still holds the rest)
 *
 * Values are written with URLSearchParams (percent-encoded); defaults are omitted.
 */
import { formatMonth, parseMonth } from '../../core/months.ts';
import type { BandwidthRule, KernelName } from '../../analysis/sessionTypes.ts';
import { DEFAULT_UI, type UiState } from './store.ts';
import { basemapUrl } from '../map/basemap.ts';
import { ACTION_STATUSES } from '../../core/actionTypes.ts';
import { LINK_KINDS } from '../actions/model.ts';

const KERNELS: KernelName[] = ['quartic', 'epanechnikov', 'triweight', 'uniform', 'gaussian'];
const RULES: BandwidthRule[] = ['sfhotspot', 'arcgis', 'scott', 'practitioner'];

export function parseUrl(search: string, hash = ''): UiState {
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
  s.types = types
    ? types
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
    : null;
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
  if (th && +th[2] > 0)
    s.threshold = th[1] === 'mean' ? { kind: 'mean-multiple', k: +th[2] } : { kind: 'top-percent', p: +th[2] };
  const areas = /^(?:compact:([\d.]+)|(threshold))$/.exec(q.get('areas') ?? '');
  if (areas?.[2]) s.areas = { method: 'threshold', maxAreaKm2: DEFAULT_UI.areas.maxAreaKm2 };
  else if (areas && +areas[1] > 0) s.areas = { method: 'compact', maxAreaKm2: +areas[1] };
  const metric = q.get('metric');
  if (metric === 'count' || metric === 'share' || metric === 'rate' || metric === 'none') s.metric = metric;
  s.density = q.get('density') !== '0';
  s.view = q.get('view') === 'briefing' ? 'briefing' : 'analyst';
  s.ward = q.get('ward');
  s.hotspot = q.get('hotspot');
  if (q.get('view') === 'tasking') s.view = 'tasking';
  const route = /^#\/ward\/([^/?#]+)/.exec(hash);
  if (route) {
    s.view = 'ward';
    s.ward = decodeURIComponent(route[1]);
  }
  const recent = Number(q.get('recent'));
  if (Number.isInteger(recent) && recent > 0) s.recent = recent;
  else if (s.from === null && s.to === null && q.get('recent') !== 'all') s.recent = s.view === 'tasking' ? 3 : 12;
  const patrolK = Number(q.get('k'));
  if (q.get('k') !== null && Number.isInteger(patrolK) && patrolK >= 0) s.k = patrolK;
  const pick = q.get('pick');
  s.picked = pick
    ? pick
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
    : null;
  s.publicMode = q.get('public') === '1';
  s.compare = q.get('cmp') !== '0';
  const min = Number(q.get('min'));
  if (Number.isInteger(min) && min > 0) s.minCount = min;
  s.basemap = basemapUrl(q.get('basemap'));
  const astatus = q.get('astatus') ?? '';
  const akind = q.get('akind') ?? '';
  const alead = (q.get('alead') ?? '').trim();
  s.actionFilters = {
    status: (ACTION_STATUSES as readonly string[]).includes(astatus) ? astatus : '',
    lead: alead.length <= 200 ? alead : '',
    kind: (LINK_KINDS as readonly string[]).includes(akind) ? akind : '',
  };
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
  const areas = s.areas.method === 'threshold' ? 'threshold' : `compact:${s.areas.maxAreaKm2}`;
  if (areas !== 'compact:1') q.set('areas', areas);
  if (s.metric !== DEFAULT_UI.metric) q.set('metric', s.metric);
  if (!s.density) q.set('density', '0');
  if (s.view !== 'analyst' && s.view !== 'ward') q.set('view', s.view);
  if (s.ward && s.view !== 'ward') q.set('ward', s.ward);
  if (s.hotspot) q.set('hotspot', s.hotspot);
  if (s.from === null && s.to === null) q.set('recent', s.recent !== null ? String(s.recent) : 'all');
  if (!s.compare) q.set('cmp', '0');
  if (s.k !== DEFAULT_UI.k) q.set('k', String(s.k));
  if (s.picked) q.set('pick', s.picked.join(','));
  if (s.publicMode) q.set('public', '1');
  if (s.minCount !== DEFAULT_UI.minCount) q.set('min', String(s.minCount));
  if (s.actionFilters.status) q.set('astatus', s.actionFilters.status);
  if (s.actionFilters.lead) q.set('alead', s.actionFilters.lead);
  if (s.actionFilters.kind) q.set('akind', s.actionFilters.kind);
  if (s.basemap) q.set('basemap', s.basemap);
  const str = q.toString();
  return str ? `?${str}` : '';
}

/** Writes the state into the address bar without adding a history entry per tweak. */
export function syncUrl(s: UiState): void {
  const search = toSearch(s);
  const hash = toHash(s, location.hash);
  if (search !== location.search || hash !== location.hash)
    history.replaceState(null, '', `${location.pathname}${search}${hash}`);
}

/** The ward panel's hash route; any other hash is kept. */
export function toHash(s: UiState, current: string): string {
  if (s.view === 'ward' && s.ward) return `#/ward/${encodeURIComponent(s.ward)}`;
  return /^#\/ward\//.test(current) ? '' : current;
}
