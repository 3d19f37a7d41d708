/**
 * The page's view of the partnership plan's action register: which register is in use
 * (a bundled one matched to the loaded wards, or the user's own file), the analyst's edits
 * (status and commentary per action, kept in this browser), and the pure helpers the
 * actions panel needs (filters, the exception view, labels). No DOM, no storage here.
 */
import type { ActionRegister, ActionStatus, PlanAction } from '../../core/actionTypes.ts';
import { ACTION_STATUSES } from '../../core/actionTypes.ts';
import type { LinkedAction } from '../../analysis/sessionTypes.ts';

export type LinkKind = LinkedAction['kind'];
export const LINK_KINDS: LinkKind[] = ['named-place', 'place-type', 'category'];

/** An analyst's change to one action. Absent fields keep the register's value. */
export interface ActionEdit {
  status?: ActionStatus;
  commentary?: string;
  /** "You said, we did" (PlanAction.publicUpdate). */
  publicUpdate?: string;
}
export type ActionEdits = Record<string, ActionEdit>;

export interface RegisterState {
  /** The register as read (file or bundled), without edits. */
  base: ActionRegister;
  /** base with the edits applied: what the worker links and the panel shows. */
  register: ActionRegister;
  edits: ActionEdits;
  /** Where it came from, for the panel ("bundled: data/registers/haringey.json", a file name …). */
  source: string;
  /** True when chosen automatically from the bundled registers (a user's file replaces it). */
  auto: boolean;
  /** Why it was chosen (auto only): "the wards are in Haringey". */
  reason: string;
}

export const STATUS_LABELS: Record<ActionStatus, string> = {
  red: 'Red',
  amber: 'Amber',
  'red-or-amber': 'Red or amber',
  green: 'Green',
  complete: 'Complete',
  'not-started': 'Not started',
  unknown: 'Unknown',
};

export const KIND_LABELS: Record<LinkKind, string> = {
  'named-place': 'Named place',
  'place-type': 'Place type',
  category: 'Crime type',
};

/** Red, amber and 'red or amber' (the source could not tell which): the exception view. */
export const EXCEPTION_STATUSES: ActionStatus[] = ['red', 'amber', 'red-or-amber'];

export function isStatus(s: string): s is ActionStatus {
  return (ACTION_STATUSES as readonly string[]).includes(s);
}

export function statusLabel(s: string): string {
  return isStatus(s) ? STATUS_LABELS[s] : s;
}

/** The register with the edits applied (a new object; base is not changed). Unknown ids are ignored. */
export function applyEdits(base: ActionRegister, edits: ActionEdits): ActionRegister {
  if (!Object.keys(edits).length) return base;
  return {
    ...base,
    actions: base.actions.map((a) => {
      const e = edits[a.id];
      if (!e) return a;
      // An edited status no longer comes from the plan: its source says so (and the plan's status).
      const status =
        e.status !== undefined
          ? {
              status: e.status,
              statusSource: {
                document: 'user edit',
                note: `Set in Hotspot Atlas by the user; the plan's status was "${statusLabel(a.status)}"${a.statusSource?.lines ? ` (${a.statusSource.document} L${a.statusSource.lines[0]})` : ''}.`,
              },
            }
          : {};
      return {
        ...a,
        ...status,
        ...(e.commentary !== undefined ? { commentary: e.commentary } : {}),
        ...(e.publicUpdate !== undefined ? { publicUpdate: e.publicUpdate } : {}),
      };
    }),
  };
}

/** Adds one change to the edits; fields equal to the register's own value are dropped. */
export function withEdit(base: ActionRegister, edits: ActionEdits, id: string, patch: ActionEdit): ActionEdits {
  const a = base.actions.find((x) => x.id === id);
  if (!a) return edits;
  const merged: ActionEdit = { ...edits[id], ...patch };
  const next: ActionEdit = {};
  if (merged.status !== undefined && merged.status !== a.status) next.status = merged.status;
  if (merged.commentary !== undefined && merged.commentary !== a.commentary) next.commentary = merged.commentary;
  if (merged.publicUpdate !== undefined && merged.publicUpdate !== (a.publicUpdate ?? ''))
    next.publicUpdate = merged.publicUpdate;
  const out = { ...edits };
  if (Object.keys(next).length) out[id] = next;
  else delete out[id];
  return out;
}

/** Keeps only edits that name an action of the register with a valid status (stored data may be stale). */
export function cleanEdits(base: ActionRegister, raw: unknown): ActionEdits {
  const out: ActionEdits = {};
  if (!raw || typeof raw !== 'object') return out;
  const ids = new Set(base.actions.map((a) => a.id));
  for (const [id, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!ids.has(id) || !v || typeof v !== 'object') continue;
    const e = v as Record<string, unknown>;
    const patch: ActionEdit = {};
    if (typeof e.status === 'string' && isStatus(e.status)) patch.status = e.status;
    if (typeof e.commentary === 'string') patch.commentary = e.commentary;
    if (typeof e.publicUpdate === 'string') patch.publicUpdate = e.publicUpdate.slice(0, 600);
    const cleaned = withEdit(base, out, id, patch);
    Object.assign(out, cleaned);
  }
  return out;
}

export function registerState(
  base: ActionRegister,
  edits: ActionEdits,
  source: string,
  auto: boolean,
  reason = '',
): RegisterState {
  return { base, register: applyEdits(base, edits), edits, source, auto, reason };
}

export interface ActionFilters {
  /** '' = any. */
  status: string;
  lead: string;
  kind: string;
}

/**
 * Linked actions passing the filters, strongest link first (the engine already orders them;
 * the sort is stable so ties keep register order). Status and lead are read from the current
 * register (with edits) so an edit shows before the re-run returns.
 */
export function filterLinks(
  items: readonly LinkedAction[],
  filters: ActionFilters,
  register: ActionRegister | null,
): LinkedAction[] {
  const byId = new Map((register?.actions ?? []).map((a) => [a.id, a]));
  return items
    .map((l) => {
      const a = byId.get(l.actionId);
      return a ? { ...l, status: a.status, lead: a.lead } : l;
    })
    .filter(
      (l) =>
        (!filters.status || l.status === filters.status) &&
        (!filters.lead || l.lead === filters.lead) &&
        (!filters.kind || l.kind === filters.kind),
    )
    .sort((a, b) => b.strength - a.strength);
}

/** Red and amber actions (including 'red or amber'), red first, then register order. */
export function exceptions(register: ActionRegister, lead = ''): PlanAction[] {
  const rank = (s: ActionStatus) => EXCEPTION_STATUSES.indexOf(s);
  return register.actions
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => rank(a.status) >= 0 && (!lead || a.lead === lead))
    .sort((p, q) => rank(p.a.status) - rank(q.a.status) || p.i - q.i)
    .map(({ a }) => a);
}

/** Distinct leads, alphabetical. */
export function leadsOf(register: ActionRegister): string[] {
  return [...new Set(register.actions.map((a) => a.lead).filter(Boolean))].sort((a, b) => a.localeCompare(b));
}

/** The engine's gap sentences split into hotspots without an action and actions whose places are in no hotspot. */
export function splitGaps(gaps: readonly string[]): { hotspots: string[]; actions: string[] } {
  return { hotspots: gaps.filter((g) => /^Hotspot /.test(g)), actions: gaps.filter((g) => !/^Hotspot /.test(g)) };
}

/** "Hollowfield (synthetic demo)" / "London Borough of Haringey" → "hollowfield" / "haringey". */
export function normaliseBorough(s: string | null | undefined): string {
  return (s ?? '')
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\b(the\s+)?(royal\s+|london\s+)?borough\s+of\b/g, ' ')
    .replace(/\b(council|lb|rb)\b/g, ' ')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export interface RegisterCandidate {
  register: ActionRegister;
  /** Where it lives, e.g. "data/registers/haringey.json". */
  file: string;
}

/**
 * The bundled register for the loaded wards: the plan whose borough is the wards' borough
 * (names normalised), else the one whose borough code is among the ward codes' borough
 * codes (when the boundaries carry them), else the one whose actions name the most of the
 * loaded ward codes. Null when nothing matches, and when the wards span several boroughs
 * (`boroughs` > 1 without one borough's name, e.g. a London-wide file): each bundled plan covers
 * one borough, and naming a few of its wards does not make it the plan for all the others.
 */
export function chooseRegister(
  candidates: readonly RegisterCandidate[],
  borough: string | null | undefined,
  wardCodes: readonly string[] = [],
  boroughCodes: readonly string[] = [],
  boroughs = 0,
): { candidate: RegisterCandidate; reason: string } | null {
  if (boroughs > 1 && (!borough || borough === 'London')) return null;
  const b = normaliseBorough(borough);
  if (b) {
    const hit = candidates.find((c) => normaliseBorough(c.register.plan.borough) === b);
    if (hit) return { candidate: hit, reason: `the wards are in ${hit.register.plan.borough}` };
  }
  const codes = new Set(boroughCodes);
  const byCode = candidates.find((c) => c.register.plan.boroughCode && codes.has(c.register.plan.boroughCode));
  if (byCode)
    return {
      candidate: byCode,
      reason: `the wards carry ${byCode.register.plan.borough}'s code ${byCode.register.plan.boroughCode}`,
    };
  const wards = new Set(wardCodes);
  let best: RegisterCandidate | null = null;
  let bestN = 0;
  for (const c of candidates) {
    const named = new Set(
      c.register.actions.flatMap((a) =>
        a.places.map((p) => p.wardCode).filter((x): x is string => !!x && wards.has(x)),
      ),
    );
    if (named.size > bestN) {
      bestN = named.size;
      best = c;
    }
  }
  if (best) return { candidate: best, reason: `its actions name ${bestN} of the loaded wards` };
  return null;
}

/** localStorage key of a plan's edits. */
export function editsKey(planId: string): string {
  return `hotspot-atlas:action-edits:${planId}`;
}
