/**
 * The session's action links for one analysis: builds the link targets (every ward, every
 * hotspot area) with their crime counts per category in the current window and selection,
 * links the register's actions to them (link.ts: the rule is stated there), lists the
 * borough-wide actions apart and runs the gap analysis. PURE: typed arrays in, plain objects out.
 */
import type { CountCube } from '../cube.ts';
import type { Hotspot } from '../hotspots/areas.ts';
import type { AnalysisResult, GapResult, LinkedAction, WardResult } from '../sessionTypes.ts';
import type { WardSet } from '../../core/types.ts';
import { boroughWideActions, gaps, linkTargets, type ActionLink, type LinkTarget } from './link.ts';
import type { ActionRegister, Place } from '../../core/actionTypes.ts';

/** Crimes per ward × category name over the months [from, to] and the categories in `mask`. */
export function wardCategoryCounts(
  cube: CountCube,
  categories: readonly string[],
  mask: Uint8Array,
  from: number,
  to: number,
): Record<string, number>[] {
  const { nWards, nCategories, nMonths, counts, month0 } = cube;
  const lo = Math.max(0, from - month0);
  const hi = Math.min(nMonths - 1, to - month0);
  const out: Record<string, number>[] = [];
  for (let w = 0; w < nWards; w++) {
    const per: Record<string, number> = {};
    for (let c = 0; c < nCategories; c++) {
      if (!mask[c]) continue;
      let s = 0;
      const o = (w * nCategories + c) * nMonths;
      for (let m = lo; m <= hi; m++) s += counts[o + m];
      if (s > 0) per[categories[c]] = s;
    }
    out.push(per);
  }
  return out;
}

function ringsOfWard(w: WardSet, ward: number): Float64Array[] {
  const out: Float64Array[] = [];
  for (let r = w.wardRings[ward]; r < w.wardRings[ward + 1]; r++)
    out.push(w.coords.slice(2 * w.ringOffsets[r], 2 * w.ringOffsets[r + 1]));
  return out;
}

export interface LinkInput {
  register: ActionRegister;
  places: readonly Place[];
  wards: WardSet;
  /** The ward rows of the analysis (empty: every ward of the set). */
  rows: readonly Pick<WardResult, 'code' | 'name' | 'index'>[];
  hotspots: readonly Hotspot[];
  /** Per ward (index) crimes per category in the window and selection; null: no analysis (no category links). */
  counts: Record<string, number>[] | null;
}

/** The targets actions link to: every ward of the table (or of the set), then every hotspot area. */
function linkTargetsOf(input: LinkInput): LinkTarget[] {
  const { wards, hotspots, counts } = input;
  const targets: LinkTarget[] = [];
  const rows = input.rows.length
    ? input.rows
    : wards.codes.map((code, index) => ({ code, name: wards.names[index], index }));
  for (const r of rows) {
    targets.push({
      id: r.code,
      kind: 'ward',
      label: r.name,
      rings: ringsOfWard(wards, r.index),
      wardCodes: [r.code],
      wardNames: [r.name],
      categoryCounts: counts?.[r.index] ?? {},
    });
  }
  for (const h of hotspots) {
    targets.push({
      id: h.id,
      kind: 'hotspot',
      label: h.label,
      rings: h.rings.map((ring) => Float64Array.from(ring.flat())),
      wardCodes: h.wards.map((w) => wards.codes[w]),
      wardNames: h.wards.map((w) => wards.names[w]),
      categoryCounts: h.categoryCounts,
    });
  }
  return targets;
}

export function linkResult(input: LinkInput): NonNullable<AnalysisResult['actions']> {
  const { register, places, wards, counts } = input;
  const targets = linkTargetsOf(input);
  const areaCategoryCounts: Record<string, number> = {};
  for (const per of counts ?? [])
    for (const [c, n] of Object.entries(per)) areaCategoryCounts[c] = (areaCategoryCounts[c] ?? 0) + n;
  const opts = { areaCategoryCounts, wardCount: wards.count };
  const links = linkTargets(targets, register, places, opts);
  const toLinked = (l: ActionLink): LinkedAction => ({
    actionId: l.actionId,
    summary: l.action.summary,
    lead: l.action.lead,
    status: l.action.status,
    kind: l.kind,
    reason: l.reason,
    reasons: l.evidence.map((e) => e.reason),
    strength: l.strength,
  });
  const byWard: Record<string, LinkedAction[]> = {};
  const byHotspot: Record<string, LinkedAction[]> = {};
  for (const tg of targets) (tg.kind === 'ward' ? byWard : byHotspot)[tg.id] = (links.get(tg.id) ?? []).map(toLinked);
  const g = gaps(targets, register, places, { ...opts, links });
  const gapReport: GapResult = {
    uncoveredHotspots: g.hotspotsWithoutAction.map((t) => ({
      id: t.id,
      label: t.label,
      categoryLinks: (links.get(t.id) ?? []).length,
    })),
    actionsOutsideHotspots: g.actionsWithoutHotspot.map((a) => ({
      actionId: a.action.id,
      summary: a.action.summary,
      places: a.places,
    })),
    unlocatedActions: g.unlocatedActions.map((a) => ({
      actionId: a.action.id,
      summary: a.action.summary,
      places: a.places,
    })),
  };
  const gapText = [
    ...g.hotspotsWithoutAction.map(
      (t) =>
        `Hotspot ${t.id} (${t.label || 'unnamed'}) is covered by no specific action: none names a place in or next to it or targets a type of place inside it.`,
    ),
    ...g.actionsWithoutHotspot.map(
      (a) => `Action ${a.action.id} targets ${a.places.join(', ')}, which is in no current hotspot.`,
    ),
  ];
  const boroughWide = boroughWideActions(register).map((a) => ({
    actionId: a.id,
    summary: a.summary,
    lead: a.lead,
    status: a.status,
  }));
  return { byWard, byHotspot, boroughWide, gaps: gapText, gapReport };
}
