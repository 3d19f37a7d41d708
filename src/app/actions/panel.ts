/**
 * The actions panel: the plan's actions beside the selected hotspot or ward (strongest
 * link first, each with its RAG status in words, lead, link kind and reason), filters by
 * status, lead and link kind, the exception view (red and amber actions with commentary),
 * the gaps, and in-page editing of status and commentary (kept in this browser; export
 * as JSON or CSV). DOM built with textContent only: register text is data, never HTML.
 */
import { shownOf } from '../../analysis/phrasing.ts';
import type { ActionStatus, PlanAction } from '../../core/actionTypes.ts';
import { ACTION_STATUSES } from '../../core/actionTypes.ts';
import type { AnalysisResult, LinkedAction } from '../../analysis/sessionTypes.ts';
import { hotspotName } from '../../analysis/hotspots/naming.ts';
import { h } from '../dom.ts';
import type { AppState } from '../state/store.ts';
import {
  editsKey,
  exceptions,
  filterLinks,
  KIND_LABELS,
  leadsOf,
  LINK_KINDS,
  splitGaps,
  STATUS_LABELS,
  statusLabel,
  type ActionEdit,
  type ActionFilters,
  type RegisterState,
} from './model.ts';

export interface ActionCallbacks {
  edit: (id: string, patch: ActionEdit) => void;
  exportRegister: (format: 'json' | 'csv') => void;
  discardEdits: () => void;
  /** Re-render the panels. */
  refresh: () => void;
  /** New panel filters (they live in the UI state and the URL: astatus, alead, akind). */
  setFilters: (f: ActionFilters) => void;
}

function ragBadge(status: string): HTMLElement {
  return h('span', { class: `rag rag-${status}`, 'data-testid': 'action-status-badge' }, statusLabel(status));
}

function statusSelect(a: PlanAction, cb: ActionCallbacks | undefined, where: string): HTMLSelectElement {
  const sel = h('select', {
    'data-testid': 'action-status',
    'aria-label': `Status of action ${a.id}`,
    'data-focus-key': `status-${where}-${a.id}`,
  });
  for (const s of ACTION_STATUSES) sel.append(h('option', { value: s }, STATUS_LABELS[s]));
  sel.value = a.status;
  sel.disabled = !cb;
  sel.addEventListener('change', () => cb?.edit(a.id, { status: sel.value as ActionStatus }));
  return sel;
}

function commentaryEditor(a: PlanAction, cb: ActionCallbacks | undefined, where: string): HTMLElement {
  const ta = h('textarea', {
    rows: 2,
    'data-testid': 'action-commentary',
    'aria-label': `Commentary on action ${a.id}`,
    'data-focus-key': `comm-${where}-${a.id}`,
  });
  ta.value = a.commentary;
  ta.disabled = !cb;
  ta.addEventListener('change', () => cb?.edit(a.id, { commentary: ta.value }));
  return ta;
}

function publicUpdateEditor(a: PlanAction, cb: ActionCallbacks | undefined, where: string): HTMLElement {
  const ta = h('textarea', {
    rows: 2,
    maxlength: 600,
    'data-testid': 'action-public-update',
    'aria-label': `You said, we did: public update on action ${a.id}`,
    'data-focus-key': `pub-${where}-${a.id}`,
  });
  ta.value = a.publicUpdate ?? '';
  ta.disabled = !cb;
  ta.addEventListener('change', () => cb?.edit(a.id, { publicUpdate: ta.value }));
  return ta;
}

/** Where the status comes from: the plan's lines, or that the plan is silent. */
function statusSourceText(a: PlanAction): string {
  const s = a.statusSource;
  if (!s) return a.status === 'unknown' ? 'The register gives no source for the status.' : '';
  return `${s.note}${s.lines ? ` (document ${s.document}, line${s.lines[0] === s.lines[1] ? ` ${s.lines[0]}` : `s ${s.lines[0]}–${s.lines[1]}`})` : ''}`;
}

function editRow(a: PlanAction, rs: RegisterState, cb: ActionCallbacks | undefined, where: string): HTMLElement {
  const edited = !!rs.edits[a.id];
  return h(
    'div',
    { class: 'action-edit' },
    h('label', {}, 'Status ', statusSelect(a, cb, where)),
    edited
      ? h(
          'span',
          {
            class: 'edited',
            title: `Edited in this browser; the register says: ${statusLabel(rs.base.actions.find((x) => x.id === a.id)?.status ?? '')}`,
          },
          'edited',
        )
      : null,
    h('div', { class: 'muted small', 'data-testid': 'action-status-source' }, statusSourceText(a)),
    h(
      'details',
      { class: 'commentary' },
      h('summary', {}, a.commentary ? 'Commentary' : 'Add commentary'),
      commentaryEditor(a, cb, where),
    ),
    h(
      'details',
      { class: 'commentary' },
      h(
        'summary',
        {},
        a.publicUpdate ? 'You said, we did (public)' : 'Add a "you said, we did" update for ward panels',
      ),
      publicUpdateEditor(a, cb, where),
    ),
  );
}

function actionItem(
  l: LinkedAction,
  a: PlanAction | undefined,
  rs: RegisterState,
  cb: ActionCallbacks | undefined,
  where: string,
): HTMLElement {
  const status = a?.status ?? l.status;
  return h(
    'li',
    {
      'data-testid': 'action-item',
      'data-action-id': l.actionId,
      'data-link-kind': l.kind,
      'data-status': status,
      'data-strength': l.strength.toFixed(0),
    },
    h(
      'div',
      { class: 'action-head' },
      h('span', { class: 'aid' }, l.actionId),
      ragBadge(status),
      h('span', { class: `kind kind-${l.kind}`, 'data-testid': 'action-link-kind' }, KIND_LABELS[l.kind]),
    ),
    h('div', { class: 'summary' }, l.summary),
    h('div', { class: 'muted' }, `Lead: ${l.lead || 'not stated'}`),
    h(
      'div',
      { class: 'why', 'data-testid': 'action-reason' },
      `Why here (${KIND_LABELS[l.kind].toLowerCase()}): ${l.reason}`,
    ),
    a && a.commentary ? h('div', { class: 'commentary-text' }, `Commentary: ${a.commentary}`) : null,
    a ? editRow(a, rs, cb, where) : null,
  );
}

function linkedList(
  title: string,
  items: readonly LinkedAction[],
  rs: RegisterState,
  filters: ActionFilters,
  cb: ActionCallbacks | undefined,
  where: string,
  empty: string,
): HTMLElement[] {
  const byId = new Map(rs.register.actions.map((a) => [a.id, a]));
  const shown = filterLinks(items, filters, rs.register);
  const head = h(
    'h3',
    {},
    title,
    h(
      'span',
      { class: 'muted' },
      ` · ${shown.length === items.length ? `${items.length} linked action${items.length === 1 ? '' : 's'}` : `${shownOf(shown.length, items.length, 'linked action')} (filtered)`}`,
    ),
  );
  if (!shown.length)
    return [head, h('p', { class: 'muted' }, items.length ? 'No linked action passes the filters.' : empty)];
  const ol = h('ol', { class: 'actions', 'data-testid': 'action-list', 'data-target': where });
  for (const l of shown) ol.append(actionItem(l, byId.get(l.actionId), rs, cb, where));
  return [head, ol];
}

function filterBar(rs: RegisterState, filters: ActionFilters, cb: ActionCallbacks | undefined): HTMLElement {
  const mk = (testid: string, label: string, options: [string, string][], key: keyof ActionFilters) => {
    const sel = h('select', { 'data-testid': testid, 'data-focus-key': testid });
    sel.append(h('option', { value: '' }, 'Any'));
    for (const [v, t] of options) sel.append(h('option', { value: v }, t));
    sel.value = filters[key];
    sel.addEventListener('change', () => cb?.setFilters({ ...filters, [key]: sel.value }));
    return h('label', {}, label, sel);
  };
  // A lead from a link (alead=) that this plan does not have stays selectable, marked so.
  const leads: [string, string][] = leadsOf(rs.register).map((l) => [l, l]);
  if (filters.lead && !leads.some(([l]) => l === filters.lead))
    leads.push([filters.lead, `${filters.lead} (not in this plan)`]);
  return h(
    'div',
    { class: 'action-filters', role: 'group', 'aria-label': 'Filter actions' },
    mk(
      'action-filter-status',
      'Status',
      ACTION_STATUSES.map((s) => [s, STATUS_LABELS[s]]),
      'status',
    ),
    mk('action-filter-lead', 'Lead', leads, 'lead'),
    mk(
      'action-filter-kind',
      'Link',
      LINK_KINDS.map((k) => [k, KIND_LABELS[k]]),
      'kind',
    ),
  );
}

function exceptionView(rs: RegisterState, filters: ActionFilters, cb: ActionCallbacks | undefined): HTMLElement {
  const list = exceptions(rs.register, filters.lead);
  const details = h(
    'details',
    { class: 'exceptions', 'data-testid': 'action-exceptions' },
    h(
      'summary',
      {},
      `Exception report: ${list.length} red or amber action${list.length === 1 ? '' : 's'}${filters.lead ? ` led by ${filters.lead}` : ''}`,
    ),
  );
  if (!list.length) {
    details.append(h('p', { class: 'muted' }, 'No action is red or amber.'));
    return details;
  }
  const ul = h('ul', { class: 'actions' });
  for (const a of list)
    ul.append(
      h(
        'li',
        { 'data-testid': 'exception-item', 'data-action-id': a.id, 'data-status': a.status },
        h('div', { class: 'action-head' }, h('span', { class: 'aid' }, a.id), ragBadge(a.status)),
        h('div', { class: 'summary' }, a.summary),
        h('div', { class: 'muted' }, `Lead: ${a.lead || 'not stated'} · ${a.priority}`),
        h('div', { class: 'commentary-text' }, a.commentary ? `Commentary: ${a.commentary}` : 'No commentary yet.'),
        editRow(a, rs, cb, 'exc'),
      ),
    );
  details.append(ul);
  return details;
}

function gapsView(r: AnalysisResult): HTMLElement | null {
  const g = splitGaps(r.actions?.gaps ?? []);
  if (!g.hotspots.length && !g.actions.length) return null;
  const d = h(
    'details',
    { class: 'gaps', 'data-testid': 'action-gaps' },
    h(
      'summary',
      {},
      `Gaps: ${g.hotspots.length} hotspot${g.hotspots.length === 1 ? '' : 's'} no specific action covers, ${g.actions.length} place-targeted action${g.actions.length === 1 ? '' : 's'} in no hotspot`,
    ),
  );
  if (g.hotspots.length)
    d.append(
      h(
        'h4',
        {},
        'Hotspots no specific action covers (no named place in or next to them, no targeted type of place inside)',
      ),
      h('ul', { 'data-testid': 'gap-hotspots' }, ...g.hotspots.map((x) => h('li', {}, x))),
    );
  if (g.actions.length)
    d.append(
      h('h4', {}, 'Place-targeted actions whose places are in no current hotspot'),
      h('ul', { 'data-testid': 'gap-actions' }, ...g.actions.map((x) => h('li', {}, x))),
    );
  return d;
}

/** The plan's borough-wide actions (no place: services, strategies), collapsed: never shown as covering a place. */
export function boroughWideView(r: AnalysisResult, testid = 'action-borough-wide'): HTMLElement | null {
  const list = r.actions?.boroughWide ?? [];
  if (!list.length) return null;
  return h(
    'details',
    { class: 'borough-wide', 'data-testid': testid },
    h(
      'summary',
      {},
      `Borough-wide actions: ${list.length} (the plan ties them to no place, so they are not linked to any ward or hotspot)`,
    ),
    h(
      'ul',
      { class: 'actions' },
      ...list.map((a) =>
        h(
          'li',
          { 'data-testid': 'borough-wide-item', 'data-action-id': a.actionId },
          h('div', { class: 'action-head' }, h('span', { class: 'aid' }, a.actionId), ragBadge(a.status)),
          h('div', { class: 'summary' }, a.summary),
          h('div', { class: 'muted' }, `Lead: ${a.lead || 'not stated'}`),
        ),
      ),
    ),
  );
}

function registerInfo(rs: RegisterState, cb: ActionCallbacks | undefined): HTMLElement {
  const n = Object.keys(rs.edits).length;
  const p = rs.register.plan;
  const origin = rs.auto ? `chosen automatically because ${rs.reason} (${rs.source})` : `from ${rs.source}`;
  const btn = (label: string, testid: string, f: () => void) => {
    const b = h('button', { type: 'button', 'data-testid': testid }, label);
    b.disabled = !cb;
    b.addEventListener('click', f);
    return b;
  };
  return h(
    'div',
    {
      class: 'register-info',
      'data-testid': 'register-info',
      'data-plan-id': p.id,
      'data-auto': rs.auto ? 'true' : 'false',
    },
    h(
      'p',
      {},
      h('strong', {}, p.title),
      ` (${p.borough}, ${p.period.start}–${p.period.end}; ${rs.register.actions.length} actions), ${origin}.`,
    ),
    h(
      'p',
      { class: 'muted', 'data-testid': 'edits-note' },
      n
        ? `${n} action${n === 1 ? '' : 's'} edited. Edits are kept in this browser only (localStorage, key "${editsKey(p.id)}"); nothing is sent anywhere. Export to share them.`
        : `Status and commentary can be edited below; edits are kept in this browser only (localStorage, key "${editsKey(p.id)}") and can be exported.`,
    ),
    h(
      'div',
      { class: 'row' },
      btn('Export register (JSON)', 'export-register-json', () => cb?.exportRegister('json')),
      btn('Export register (CSV)', 'export-register-csv', () => cb?.exportRegister('csv')),
      n ? btn('Discard my edits', 'discard-edits', () => cb?.discardEdits()) : null,
    ),
  );
}

/** The panel body (panels.ts wraps it in the section with its provenance line). */
export function actionsPanelBody(r: AnalysisResult, s: AppState, cb?: ActionCallbacks): HTMLElement {
  const body = h('div');
  const rs = s.register;
  const acts = r.actions;
  if (!rs || !acts) {
    const wf = r.wardFile;
    const many = wf.boroughs > 1 && (wf.borough === null || wf.borough === 'London');
    body.append(
      h(
        'p',
        { class: 'muted', 'data-testid': 'no-register' },
        many
          ? `No plan actions: these wards span ${wf.boroughs} boroughs${wf.borough ? ` (${wf.borough})` : ''}, and each bundled partnership plan (Barnet, Haringey, Harrow, Havering) covers one. Load one borough's wards, or load a plan's action register (JSON or CSV, see docs/action-register.md; the bundled ones are in data/registers/) with the data to see its actions beside hotspots and wards.`
          : `No plan actions: none of the bundled partnership plans (Barnet, Haringey, Harrow, Havering) matches ${wf.borough ? `these wards (${wf.borough})` : 'these wards'}. Load your plan's action register (JSON or CSV, see docs/action-register.md) with the data to see actions beside hotspots and wards.`,
      ),
    );
    return body;
  }
  const filters = s.ui.actionFilters;
  body.append(registerInfo(rs, cb), filterBar(rs, filters, cb));
  const ward = s.ui.ward ? r.wards.find((w) => w.code === s.ui.ward) : null;
  const spot = s.ui.hotspot ? r.hotspots.find((x) => x.id === s.ui.hotspot) : null;
  if (spot)
    body.append(
      ...linkedList(
        `Hotspot ${spot.rank}: ${hotspotName(spot)}`,
        acts.byHotspot[spot.id] ?? [],
        rs,
        filters,
        cb,
        `hotspot-${spot.id}`,
        'No specific plan action names a place in or next to this hotspot, targets a type of place inside it, or targets a crime type over-represented in it.',
      ),
    );
  if (ward)
    body.append(
      ...linkedList(
        `${ward.name} ward`,
        acts.byWard[ward.code] ?? [],
        rs,
        filters,
        cb,
        `ward-${ward.code}`,
        'No specific plan action names a place in or next to this ward, targets a type of place inside it, or targets a crime type over-represented in it.',
      ),
    );
  if (!spot && !ward)
    body.append(
      h(
        'p',
        { class: 'muted', 'data-testid': 'actions-hint' },
        "Select a ward (table or map) or a hotspot (list or map) to see the plan's actions there, strongest link first.",
      ),
    );
  body.append(exceptionView(rs, filters, cb));
  const gaps = gapsView(r);
  if (gaps) body.append(gaps);
  const bw = boroughWideView(r);
  if (bw) body.append(bw);
  return body;
}
