/**
 * Tasking view (?view=tasking): current hotspot areas for one crime type or group over a recent
 * window (latest 1/3/6/12 loaded months against the equal window before), ranked, with place label,
 * wards, count, change (Poisson z, plain direction), density rank and linked actions with their
 * leads; the patrol-area choice (top k or ticked) with running share of crime, share of area and PAI.
 */
import { shownOf } from '../../analysis/phrasing.ts';
import type { AnalysisResult } from '../../analysis/sessionTypes.ts';
import { COMPOSITE_GROUPS, POLICE_UK_CATEGORIES } from '../../core/categories.ts';
import { areaLabel, periodLabel } from '../../analysis/headline.ts';
import { clampK, patrolFromResult, RECENT_WINDOWS, taskingRows, type TaskingRow } from '../../analysis/tasking.ts';
import type { PatrolRow } from '../../analysis/hotspots/patrol.ts';
import { areaMethodShort } from '../../analysis/hotspots/methodText.ts';
import type { FeatureCollection, Polygon } from 'geojson';
import type { AppState, UiState } from '../state/store.ts';
import { h, fmtInt, fmt1, pct } from '../dom.ts';

export interface TaskingModel {
  rows: TaskingRow[];
  patrol: { rows: PatrolRow[]; geojson: FeatureCollection<Polygon> };
  k: number;
}

export function taskingModel(s: AppState): TaskingModel | null {
  const r = s.result;
  if (!r) return null;
  const rows = taskingRows(r);
  const ids = new Set(rows.map((x) => x.id));
  const picked = s.ui.picked ? s.ui.picked.filter((id) => ids.has(id)) : null;
  const k = clampK(s.ui.k, rows.length);
  return { rows, patrol: patrolFromResult(r, k, picked && picked.length ? picked : null), k };
}

/** The area as the sentences name it (headline.ts areaLabel): "Haringey", "Knowsley and Liverpool", "the loaded wards". */
export function borough(r: AnalysisResult): string {
  return areaLabel(r.wardFile.area);
}

function windowText(r: AnalysisResult): string {
  const w = r.months.window;
  if (!w) return '';
  const c = r.compareWindow;
  return `${periodLabel(w[0], w[1])}${c ? `, compared with ${periodLabel(c[0], c[1]).replace(/^in /, '')}` : ' (the window before is not loaded, so no change is shown)'}`;
}

function typeSelect(ui: UiState, r: AnalysisResult, setUi: (p: Partial<UiState>) => void): HTMLElement {
  const sel = h('select', { 'data-testid': 'tasking-type', id: 'tasking-type' });
  const current =
    ui.types && ui.types.length === 1 ? ui.types[0] : ui.types && ui.types.length ? ui.types.join(',') : '';
  const add = (value: string, label: string) => sel.append(h('option', { value, selected: value === current }, label));
  add('', 'All crime (excluding anti-social behaviour)');
  for (const [id, g] of Object.entries(COMPOSITE_GROUPS)) add(id, g.label);
  const present = new Set(r.types.map((t) => t.category));
  for (const c of POLICE_UK_CATEGORIES) if (present.has(c)) add(c, c);
  if (current && ![...sel.options].some((o) => o.value === current)) add(current, current);
  sel.addEventListener('change', () =>
    setUi({ types: sel.value ? sel.value.split(',') : null, includeAsb: false, picked: null }),
  );
  return h('label', {}, 'Crime type ', sel);
}

function windowSelect(ui: UiState, setUi: (p: Partial<UiState>) => void, options: readonly number[]): HTMLElement {
  const sel = h('select', { 'data-testid': 'view-window', id: 'view-window' });
  for (const n of options)
    sel.append(
      h(
        'option',
        { value: String(n), selected: ui.recent === n && ui.from === null && ui.to === null },
        n === 1 ? 'Latest month' : `Latest ${n} months`,
      ),
    );
  if (ui.from !== null || ui.to !== null || ui.recent === null)
    sel.prepend(h('option', { value: '', selected: true }, 'As in the analyst view'));
  sel.addEventListener(
    'change',
    () => sel.value && setUi({ recent: Number(sel.value), from: null, to: null, picked: null }),
  );
  return h('label', {}, 'Window ', sel);
}

/** Linked actions listed per hotspot area on screen (the print shows the first). */
const SHOWN_ACTIONS = 3;

type SetUi = (p: Partial<UiState>) => void;

export function renderTasking(side: HTMLElement, s: AppState, m: TaskingModel, setUi: SetUi): void {
  const r = s.result as AnalysisResult;
  side.replaceChildren(
    ...(
      [
        taskingControls(s.ui, r, m, setUi),
        h(
          'p',
          { class: 'view-lede' },
          `${r.hotspots.length} hotspot area${r.hotspots.length === 1 ? '' : 's'} for ${r.filterLabel}, ${windowText(r)}.`,
        ),
        patrolSummary(r, m),
        // On a phone the tables scroll inside their own box (.scrollx); the page never scrolls sideways.
        m.patrol.rows.length ? h('div', { class: 'scrollx' }, patrolTable(m)) : null,
        h('h2', {}, 'Current hotspot areas'),
        h('div', { class: 'scrollx' }, taskingTable(r, m, setUi)),
        m.rows.length > 2
          ? h(
              'p',
              { class: 'print-only muted small' },
              `${shownOf(2, m.rows.length, 'hotspot area')} printed (the top 2, first linked action each); the CSV export has them all.`,
            )
          : null,
        // Not printed: the printed legend gives the threshold and the provenance the kernel.
        r.kde
          ? h(
              'p',
              { class: 'muted small no-print' },
              `Hotspots: areas above ${fmtInt.format(r.kde.threshold)} ${r.kde.unit} (${r.kde.kernel} kernel, ${Math.round(r.kde.bandwidthMetres)} m bandwidth). ${areaMethodShort(r.kde.areas)}; patrol areas are the top areas of this method. Change: Poisson z = 2(√now − √before); |z| ≥ 1.96 is likely a real change.`,
            )
          : null,
        h('p', { class: 'provenance', 'data-testid': 'view-provenance' }, r.provenance),
      ] as (HTMLElement | null)[]
    ).filter((x): x is HTMLElement => x !== null),
  );
}

/** The view's controls: crime type, window and the number of patrol areas. */
function taskingControls(ui: UiState, r: AnalysisResult, m: TaskingModel, setUi: SetUi): HTMLElement {
  const kIn = h('input', {
    type: 'number',
    min: 0,
    max: m.rows.length,
    step: 1,
    value: String(m.k),
    'data-testid': 'patrol-k',
    id: 'patrol-k',
    class: 'knum',
  });
  kIn.addEventListener('change', () => setUi({ k: Math.max(0, Math.floor(Number(kIn.value) || 0)), picked: null }));
  return h(
    'div',
    { class: 'view-controls no-print' },
    typeSelect(ui, r, setUi),
    windowSelect(ui, setUi, RECENT_WINDOWS),
    h('label', {}, 'Patrol areas ', kIn),
  );
}

/** The sentence on the chosen patrol areas: share of crime, share of area and PAI. */
function patrolSummary(r: AnalysisResult, m: TaskingModel): HTMLElement {
  const last = m.patrol.rows[m.patrol.rows.length - 1];
  const n = m.patrol.rows.length;
  return h(
    'p',
    {
      class: 'patrol-summary',
      'data-testid': 'patrol-summary',
      'data-pai': last ? String(last.cumPai) : '',
      'data-share': last ? String(last.cumShare) : '',
    },
    last
      ? `${n === 1 ? 'This patrol area holds' : `These ${n} patrol areas hold`} ${pct(last.cumShare)} of ${r.filterLabel} in the window, on ${pct(last.cumAreaShare, 2)} of the area of ${borough(r)}: PAI ${Number.isFinite(last.cumPai) ? fmt1.format(last.cumPai) : '–'} (share of crime ÷ share of area).`
      : r.hotspots.length
        ? 'No patrol area chosen: set a number above or tick hotspots below.'
        : 'No area passes the hotspot threshold for this crime type and window.',
  );
}

/** The table of current hotspot areas, one row per area with its patrol tick box. */
function taskingTable(r: AnalysisResult, m: TaskingModel, setUi: SetUi): HTMLElement {
  const inPatrol = new Map(m.patrol.rows.map((p) => [p.id, p]));
  const table = h('table', { class: 'tasking', 'data-testid': 'tasking-table' });
  table.append(
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Patrol'),
        h('th', { scope: 'col', class: 'num' }, '#'),
        h('th', { scope: 'col' }, 'Hotspot area and wards'),
        h('th', { scope: 'col', class: 'num' }, 'Crimes'),
        h('th', { scope: 'col' }, 'Change vs previous window'),
        h('th', { scope: 'col', class: 'num' }, 'Density rank'),
        h('th', { scope: 'col' }, 'Actions, leads and status'),
      ),
    ),
  );
  const tbody = h('tbody', {});
  for (const x of m.rows) tbody.append(taskingRow(x, inPatrol.get(x.id), r, m, setUi));
  table.append(tbody);
  return table;
}

/** One hotspot area's row; `p` is its patrol row when it is chosen. */
function taskingRow(
  x: TaskingRow,
  p: PatrolRow | undefined,
  r: AnalysisResult,
  m: TaskingModel,
  setUi: SetUi,
): HTMLElement {
  // A fixed id: the view's re-render gives focus back to it (views.ts) after Space ticks it.
  const box = h('input', {
    type: 'checkbox',
    checked: !!p,
    id: `patrol-pick-${x.id}`,
    'data-testid': 'patrol-pick',
    'data-hotspot-id': x.id,
    'aria-label': `Patrol ${x.place}`,
  });
  box.addEventListener('change', () => {
    const now = new Set(m.patrol.rows.map((q) => q.id));
    if (box.checked) now.add(x.id);
    else now.delete(x.id);
    setUi({ picked: [...now], k: now.size });
  });
  return h(
    'tr',
    {
      'data-testid': 'tasking-row',
      'data-hotspot-id': x.id,
      'data-count': String(x.count),
      class: p ? 'patrol' : null,
    },
    h('td', {}, box, p ? h('span', { class: 'prank' }, ` ${p.rank}`) : null),
    h('td', { class: 'num' }, x.rank),
    h('td', {}, h('strong', {}, x.place), h('div', { class: 'muted' }, x.wards.join(', '))),
    h('td', { class: 'num' }, fmtInt.format(x.count)),
    h('td', {}, changeCell(x)),
    h('td', { class: 'num' }, x.densityRank),
    h('td', {}, actionsCell(x, r)),
  );
}

/** Change against the previous window: difference, count before, direction and Poisson z. */
function changeCell(x: TaskingRow): HTMLElement {
  return x.previous === null
    ? h('span', { class: 'muted' }, '–')
    : h(
        'span',
        {},
        `${x.difference !== null && x.difference > 0 ? '+' : ''}${fmtInt.format(x.difference ?? 0)} (${fmtInt.format(x.previous)} before): ${x.direction ?? ''}`,
        h('span', { class: 'muted' }, ` z ${x.z === null ? '–' : x.z.toFixed(1)}`),
      );
}

/** The screen lists the SHOWN_ACTIONS strongest links, the print the first (print.css): each says how many of how many. */
function actionsCell(x: TaskingRow, r: AnalysisResult): HTMLElement {
  return x.actions.length
    ? h(
        'div',
        {},
        h(
          'ul',
          { class: 'acts' },
          ...x.actions
            .slice(0, SHOWN_ACTIONS)
            .map((a) =>
              h(
                'li',
                { 'data-testid': 'tasking-action' },
                `${a.summary} `,
                h('span', { class: 'muted' }, `— ${a.lead}; ${a.status}`),
              ),
            ),
        ),
        x.actions.length > SHOWN_ACTIONS
          ? h(
              'div',
              { class: 'muted small no-print', 'data-testid': 'tasking-actions-shown' },
              `${shownOf(SHOWN_ACTIONS, x.actions.length, 'linked action')} shown; the CSV export has them all`,
            )
          : null,
        x.actions.length > 1
          ? h(
              'div',
              { class: 'print-only muted small', 'data-testid': 'tasking-actions-printed' },
              `${shownOf(1, x.actions.length, 'linked action')} printed`,
            )
          : null,
      )
    : h('span', { class: 'muted' }, r.actions ? 'No linked action' : 'No plan loaded');
}

/** Running share of crime, share of area and PAI of the chosen patrol areas. */
function patrolTable(m: TaskingModel): HTMLElement {
  const ptable = h('table', { class: 'patrol-table', 'data-testid': 'patrol-table' });
  ptable.append(
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', class: 'num' }, 'Patrol'),
        h('th', { scope: 'col' }, 'Area'),
        h('th', { scope: 'col', class: 'num' }, 'Crimes'),
        h('th', { scope: 'col', class: 'num' }, 'Running share of crime'),
        h('th', { scope: 'col', class: 'num' }, 'Running share of area'),
        h('th', { scope: 'col', class: 'num' }, 'Running PAI'),
      ),
    ),
  );
  const byId = new Map(m.rows.map((x) => [x.id, x]));
  const pb = h('tbody', {});
  for (const p of m.patrol.rows)
    pb.append(
      h(
        'tr',
        { 'data-testid': 'patrol-row', 'data-pai': String(p.cumPai) },
        h('td', { class: 'num' }, p.rank),
        h('td', {}, byId.get(p.id)?.place ?? p.label),
        h('td', { class: 'num' }, fmtInt.format(p.count)),
        h('td', { class: 'num' }, pct(p.cumShare)),
        h('td', { class: 'num' }, pct(p.cumAreaShare, 2)),
        h('td', { class: 'num' }, Number.isFinite(p.cumPai) ? fmt1.format(p.cumPai) : '–'),
      ),
    );
  ptable.append(pb);
  return ptable;
}
