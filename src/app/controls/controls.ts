/**
 * The left control panel: months, crime types, KDE parameters, map display.
 * Controls write into the store (setUi); main.ts re-runs the analysis (coalesced: see scheduleRun).
 * `render` refreshes the controls from the state without rebuilding focused elements.
 */
import { COMPOSITE_GROUPS, POLICE_UK_CATEGORIES, ASB } from '../../core/categories.ts';
import { formatMonth, monthLabel } from '../../core/months.ts';
import type { BandwidthRule, KernelName } from '../../analysis/sessionTypes.ts';
import { h, clear } from '../dom.ts';
import { setUi, store, type AppState, type Metric, type UiState } from '../state/store.ts';
import { BASEMAP_NOTE, basemapUrl } from '../map/basemap.ts';
import { keepFocus } from '../a11y/keepFocus.ts';
import { areaControl } from './areaControl.ts';

/** Bandwidth presets; the engine reports the exact value and derivation in result.kde.bandwidthSource. */
export const BANDWIDTH_RULES: { id: BandwidthRule; label: string; source: string }[] = [
  {
    id: 'practitioner',
    label: 'Practitioner rule',
    source: 'UK crime-mapping practice (Chainey): fixed radius, small cells',
  },
  {
    id: 'sfhotspot',
    label: 'sfhotspot default',
    source: 'sfhotspot R package (Ashby) default bandwidth and cell size',
  },
  { id: 'arcgis', label: 'ArcGIS default', source: 'Esri ArcGIS Pro Kernel Density default search radius' },
  { id: 'scott', label: "Scott's rule", source: 'Scott (1992) normal-reference rule' },
];
const KERNELS: KernelName[] = ['quartic', 'epanechnikov', 'triweight', 'uniform', 'gaussian'];

function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || `c-${Math.random().toString(36).slice(2, 8)}`;
  control.id = id;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('small', { class: 'hint' }, hint) : null,
  );
}

function select(
  options: [string, string][],
  value: string,
  onChange: (v: string) => void,
  attrs: Record<string, string> = {},
): HTMLSelectElement {
  const s = h('select', attrs);
  for (const [v, l] of options) s.append(h('option', { value: v }, l));
  s.value = value;
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

/** The month window the engine uses for these UI settings: explicit from/to, else the latest `recent` months, else all. */
export function effectiveWindow(
  ui: Pick<UiState, 'from' | 'to' | 'recent'>,
  range: [number, number],
): [number, number] {
  if (ui.from === null && ui.to === null && ui.recent) return [Math.max(range[0], range[1] - ui.recent + 1), range[1]];
  return [ui.from ?? range[0], ui.to ?? range[1]];
}

export class Controls {
  private monthsBox = h('div', { class: 'months', 'data-testid': 'filter-months' });
  private typesBox = h('fieldset', { class: 'types', 'data-testid': 'filter-types' });
  private kdeBox = h('div', { class: 'kde' });
  private mapBox = h('div', { class: 'mapopts' });
  private lastMonths = '';
  private lastUi: UiState | null = null;

  constructor(private readonly root: HTMLElement) {
    root.append(
      h('h2', {}, 'Filters'),
      this.monthsBox,
      this.typesBox,
      h('h2', {}, 'Density and hotspots'),
      this.kdeBox,
      h('h2', {}, 'Map'),
      this.mapBox,
    );
  }

  /** Rebuilt parts give focus back to the control the user was on (a11y/keepFocus.ts). */
  render(s: AppState): void {
    keepFocus(this.root, () => this.renderParts(s));
  }

  private renderParts(s: AppState): void {
    const monthsKey = `${s.dataMonths?.join('-')}|${s.ui.from}|${s.ui.to}|${s.ui.recent}|${s.ui.compare}|${s.result?.compareWindow?.join('-')}`;
    if (monthsKey !== this.lastMonths) {
      this.lastMonths = monthsKey;
      this.renderMonths(s);
    }
    if (this.lastUi === s.ui) return;
    const prev = this.lastUi;
    this.lastUi = s.ui;
    if (!prev || prev.types !== s.ui.types || prev.includeAsb !== s.ui.includeAsb) this.renderTypes(s.ui);
    if (
      !prev ||
      prev.kernel !== s.ui.kernel ||
      prev.bandwidth !== s.ui.bandwidth ||
      prev.cell !== s.ui.cell ||
      prev.threshold !== s.ui.threshold ||
      prev.areas !== s.ui.areas
    )
      this.renderKde(s.ui);
    if (
      !prev ||
      prev.metric !== s.ui.metric ||
      prev.density !== s.ui.density ||
      prev.view !== s.ui.view ||
      prev.basemap !== s.ui.basemap
    )
      this.renderMap(s.ui);
  }

  private renderMonths(s: AppState): void {
    clear(this.monthsBox);
    const range = s.dataMonths;
    if (!range) {
      this.monthsBox.append(h('p', { class: 'muted' }, 'Load data to choose months.'));
      return;
    }
    const opts: [string, string][] = [];
    for (let m = range[0]; m <= range[1]; m++) opts.push([String(m), monthLabel(m)]);
    const [from, to] = effectiveWindow(s.ui, range);
    // Once the user picks a month both ends are explicit (they win over `recent` in the URL).
    const onChange = (which: 'from' | 'to', v: string) => {
      const [f0, t0] = effectiveWindow(store.getState().ui, range);
      let f = which === 'from' ? +v : f0;
      let t = which === 'to' ? +v : t0;
      if (f > t) [f, t] = which === 'from' ? [f, f] : [t, t];
      setUi({ from: f, to: t });
    };
    const cmp = h('input', { type: 'checkbox', 'data-testid': 'compare' });
    cmp.checked = s.ui.compare;
    cmp.addEventListener('change', () => setUi({ compare: cmp.checked }));
    const cw = s.result?.compareWindow;
    const cmpHint = !s.ui.compare
      ? 'Off: no change column.'
      : cw
        ? `Against ${formatMonth(cw[0])} to ${formatMonth(cw[1])}.`
        : s.result
          ? 'The previous period of equal length is not loaded, so there is no change column.'
          : '';
    this.monthsBox.append(
      field(
        'From month',
        select(opts, String(from), (v) => onChange('from', v), { 'data-testid': 'month-from' }),
      ),
      field(
        'To month',
        select(opts, String(to), (v) => onChange('to', v), { 'data-testid': 'month-to' }),
      ),
      h(
        'small',
        { class: 'hint' },
        `Data cover ${formatMonth(range[0])} to ${formatMonth(range[1])}.${s.ui.from === null && s.ui.to === null && s.ui.recent ? ` Showing the latest ${s.ui.recent} months by default.` : ''}`,
      ),
      h('label', { class: 'check' }, cmp, 'Compare with the previous period of equal length'),
      h('small', { class: 'hint', 'data-testid': 'compare-hint' }, cmpHint),
    );
  }

  private renderTypes(ui: UiState): void {
    clear(this.typesBox);
    this.typesBox.append(h('legend', {}, 'Crime types'));
    const selected = new Set(ui.types ?? []);
    const all = h('input', { type: 'checkbox', id: 'type-all' });
    all.checked = selected.size === 0;
    all.addEventListener('change', () => setUi({ types: null }));
    this.typesBox.append(
      h('label', { class: 'check' }, all, ui.includeAsb ? 'All crime and ASB' : 'All crime (excluding ASB)'),
    );
    const toggle = (id: string, on: boolean) => {
      const next = new Set(store.getState().ui.types ?? []);
      if (on) next.add(id);
      else next.delete(id);
      setUi({ types: next.size ? [...next] : null });
    };
    const box = (id: string, label: string, title?: string) => {
      const c = h('input', { type: 'checkbox', value: id, 'data-type': id });
      c.checked = selected.has(id);
      c.addEventListener('change', () => toggle(id, c.checked));
      return h('label', { class: 'check', title: title ?? null }, c, label);
    };
    const groups = h('div', { class: 'group' }, h('div', { class: 'subhead' }, 'Groups used by the plans'));
    for (const [id, g] of Object.entries(COMPOSITE_GROUPS))
      groups.append(box(id, g.label.replace(/ \(.*/, ''), g.label));
    const cats = h('div', { class: 'group' }, h('div', { class: 'subhead' }, 'police.uk categories'));
    for (const c of POLICE_UK_CATEGORIES) if (c !== ASB) cats.append(box(c, c));
    const asb = h('input', { type: 'checkbox', role: 'switch', 'data-testid': 'include-asb' });
    asb.checked = ui.includeAsb;
    asb.addEventListener('change', () => setUi({ includeAsb: asb.checked }));
    this.typesBox.append(groups, cats, h('label', { class: 'check switch' }, asb, 'Include anti-social behaviour'));
  }

  private renderKde(ui: UiState): void {
    clear(this.kdeBox);
    this.kdeBox.append(
      field(
        'Kernel',
        select(
          KERNELS.map((k) => [k, k[0].toUpperCase() + k.slice(1)]),
          ui.kernel,
          (v) => setUi({ kernel: v as KernelName }),
          { 'data-testid': 'kernel' },
        ),
      ),
    );
    const isRule = typeof ui.bandwidth === 'string';
    const bwSel = select(
      [...BANDWIDTH_RULES.map((r): [string, string] => [r.id, r.label]), ['metres', 'Fixed distance (metres)']],
      isRule ? String(ui.bandwidth) : 'metres',
      (v) => setUi({ bandwidth: v === 'metres' ? 250 : (v as BandwidthRule) }),
      { 'data-testid': 'bandwidth' },
    );
    const rule = BANDWIDTH_RULES.find((r) => r.id === ui.bandwidth);
    this.kdeBox.append(field('Bandwidth', bwSel, rule ? `Source: ${rule.source}` : 'Search radius set by you.'));
    if (!isRule) {
      const m = h('input', {
        type: 'number',
        min: 25,
        max: 5000,
        step: 25,
        value: String(ui.bandwidth),
        'data-testid': 'bandwidth-metres',
      });
      m.addEventListener('change', () => +m.value > 0 && setUi({ bandwidth: +m.value }));
      this.kdeBox.append(field('Bandwidth (m)', m));
    }
    const cell = select(
      [
        ['auto', 'Automatic (from the rule)'],
        ...[10, 25, 50, 75, 100, 150, 200].map((c): [string, string] => [String(c), `${c} m`]),
      ],
      String(ui.cell),
      (v) => setUi({ cell: v === 'auto' ? 'auto' : +v }),
      { 'data-testid': 'cell' },
    );
    this.kdeBox.append(field('Cell size', cell));
    const th = ui.threshold;
    const kind = select(
      [
        ['mean-multiple', '× mean of non-zero cells'],
        ['top-percent', 'top % of cells'],
      ],
      th.kind,
      (v) =>
        setUi({ threshold: v === 'mean-multiple' ? { kind: 'mean-multiple', k: 2 } : { kind: 'top-percent', p: 5 } }),
      { 'data-testid': 'threshold-kind', 'aria-label': 'Hotspot threshold rule' },
    );
    const val = h('input', {
      type: 'number',
      min: 0.5,
      max: 50,
      step: 0.5,
      value: String(th.kind === 'mean-multiple' ? th.k : th.p),
      'data-testid': 'threshold',
      'aria-label':
        th.kind === 'mean-multiple'
          ? 'Hotspot threshold: multiple of the mean of non-zero cells'
          : 'Hotspot threshold: top percentage of cells',
    });
    val.addEventListener('change', () => {
      const v = +val.value;
      if (!(v > 0)) return;
      setUi({
        threshold: th.kind === 'mean-multiple' ? { kind: 'mean-multiple', k: v } : { kind: 'top-percent', p: v },
      });
    });
    this.kdeBox.append(field('Hotspot threshold', h('div', { class: 'row' }, val, kind)));
    this.kdeBox.append(areaControl(ui, setUi));
  }

  private renderMap(ui: UiState): void {
    clear(this.mapBox);
    this.mapBox.append(
      field(
        'Shade wards by',
        select(
          [
            ['count', 'Count of crimes'],
            ['share', 'Share of the area total'],
            ['rate', 'Rate per 1,000 residents'],
            ['none', 'No shading'],
          ],
          ui.metric,
          (v) => setUi({ metric: v as Metric }),
          { 'data-testid': 'metric' },
        ),
      ),
    );
    const dens = h('input', { type: 'checkbox', 'data-testid': 'show-density' });
    dens.checked = ui.density;
    dens.addEventListener('change', () => setUi({ density: dens.checked }));
    this.mapBox.append(h('label', { class: 'check' }, dens, 'Show density surface'));
    const base = h('input', {
      type: 'url',
      'data-testid': 'basemap-url',
      placeholder: 'basemap/area.pmtiles or …/style.json',
      spellcheck: 'false',
      autocomplete: 'off',
    });
    base.value = ui.basemap ?? '';
    const baseError = h('small', { class: 'hint error', 'data-testid': 'basemap-error', role: 'status' });
    base.addEventListener('change', () => {
      const v = base.value.trim();
      const url = basemapUrl(v);
      baseError.textContent =
        v && !url ? 'Not a usable style URL: give an http(s) address or a path on this site.' : '';
      if (!v || url) setUi({ basemap: url });
    });
    this.mapBox.append(field('Basemap address (.pmtiles or style)', base, BASEMAP_NOTE), baseError);
    this.mapBox.append(
      field(
        'View',
        select(
          [
            ['analyst', 'Analyst (all panels)'],
            ['briefing', 'Briefing (map and results)'],
          ],
          ui.view,
          (v) => setUi({ view: v as UiState['view'] }),
          {
            'data-testid': 'view',
          },
        ),
      ),
    );
  }
}
