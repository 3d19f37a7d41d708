/**
 * Links a plan's actions to hotspots and wards, and finds the gaps. PURE (no DOM).
 *
 * A link needs a specific reason. An action is SPECIFIC when the plan ties it to places: it
 * names places, targets a type of place (other than 'borough-wide' / 'cross-border'), or its
 * hotspot flag is Y, Y(a) or T (it works in, or maps, hotspots). Every other action (flag N,
 * no place, no place type: victim services, GP referral, strategies) is BOROUGH-WIDE: it is
 * listed once, apart, and never linked to a ward or hotspot nor counted as covering one.
 *
 * A specific action is linked to a target (ward or hotspot) for these reasons, strongest first:
 * - 'named-place' (strength 300–400): a place the action names lies in the target or within
 *   `distance` metres of it (default 400 m: "in or next to"; 400 = inside, falling linearly to
 *   300 at the distance limit), or the action names the target's ward by code or name (350).
 * - 'place-type' (200–300, 300 when inside): a place of a type the action targets lies INSIDE
 *   the target ('night-time economy' and 'licensed premises' match each other). Not when
 *   every crime type the action targets is outside the current selection.
 * - 'category' (100–200): the action targets a police.uk category that is over-represented in
 *   the target under the current filter: location quotient LQ = (n_c,t / N_t) / (n_c,A / N_A)
 *   ≥ `minLocationQuotient` (1.25) and n_c,t ≥ `minCategoryCount` (10), where n counts the
 *   crimes of the current window and selection only (so a category outside the selection, and
 *   anti-social behaviour unless it is included, never links), t is the target and A the whole
 *   area (all loaded wards). For a ward the count must also reach the category's mean per ward
 *   (n_c,A / number of wards): a quiet ward whose mix leans to one type, with fewer of them than
 *   the average ward, is not where that type is a problem. Strength 100 + 50·min(2, LQ − 1); the reason names the category
 *   and "LQ 1.6" (no counts, so it discloses nothing in public mode).
 * Links are ranked by strength, then register order. Composite group ids expand to members.
 */
import { COMPOSITE_GROUPS } from '../../core/categories.ts';
import type { ActionRegister, NamedPlace, Place, PlaceType, PlanAction } from '../../core/actionTypes.ts';
import { areaToAreaDistance, pointToAreaDistance } from '../../core/geometry.ts';
import { describePlace, normalisePlaceName, placeLabel } from './placeNames.ts';
import type { Projector } from '../../core/projection.ts';
import { wgs84ToBng } from '../../core/projection.ts';

export const DEFAULT_LINK_DISTANCE = 400;
export const MIN_LOCATION_QUOTIENT = 1.25;
export const MIN_CATEGORY_COUNT = 10;

export interface LinkTarget {
  id: string;
  kind: 'hotspot' | 'ward';
  label: string;
  /** BNG polygon rings (x,y pairs, even–odd). */
  rings: Float64Array[];
  /** Wards the target is (ward) or overlaps (hotspot). */
  wardCodes: string[];
  /** Names of those wards, for matching actions that name a ward without a code. */
  wardNames?: string[];
  /** Crimes per police.uk category inside the target, in the current window and selection. */
  categoryCounts: Readonly<Record<string, number>>;
}

export type LinkKind = 'named-place' | 'place-type' | 'category';

export interface LinkEvidence {
  kind: LinkKind;
  strength: number;
  reason: string;
  /** Metres from the target for place evidence; null for ward and category evidence. */
  distance: number | null;
}

export interface ActionLink {
  actionId: string;
  action: PlanAction;
  targetId: string;
  /** Kind, strength, reason and distance of the strongest evidence. */
  kind: LinkKind;
  strength: number;
  reason: string;
  distance: number | null;
  /** All evidence, strongest first. */
  evidence: LinkEvidence[];
}

export interface LinkOptions {
  /** Metres (default 400). */
  distance?: number;
  /** WGS84 → BNG for named places given as lon/lat (default proj4 EPSG:27700). */
  project?: Projector;
  /** Crimes per police.uk category in the whole area (all wards), current window and selection. */
  areaCategoryCounts?: Readonly<Record<string, number>>;
  /** Category links: minimum location quotient [1.25] and minimum count in the target [10]. */
  minLocationQuotient?: number;
  minCategoryCount?: number;
  /** Number of wards in the area (ward targets: a category link needs at least the mean count per ward). */
  wardCount?: number;
  /** gaps(): the links linkTargets() already found for these targets, with the same options (not found again). */
  links?: ReadonlyMap<string, ActionLink[]>;
}

/** A named place with whatever location could be found for it. */
export interface ResolvedPlace {
  place: NamedPlace;
  label: string;
  x?: number;
  y?: number;
  rings?: Float64Array[];
}

const KIND_TO_TYPES: Partial<Record<string, PlaceType[]>> = {
  station: ['transport hub'],
  'town centre': ['town centre'],
  venue: ['licensed premises', 'night-time economy'],
  estate: ['housing estate'],
};

const COMPATIBLE: Partial<Record<PlaceType, PlaceType[]>> = {
  'night-time economy': ['night-time economy', 'licensed premises'],
  'licensed premises': ['licensed premises', 'night-time economy'],
};

const TYPE_PLURAL: Record<PlaceType, string> = {
  'transport hub': 'transport hubs',
  'town centre': 'town centres',
  'night-time economy': 'the night-time economy',
  'licensed premises': 'licensed premises',
  'housing estate': 'housing estates',
  residential: 'residential areas',
  school: 'schools',
  park: 'parks and open spaces',
  health: 'health settings',
  'regeneration area': 'regeneration areas',
  'cross-border': 'cross-border areas',
  'borough-wide': 'the whole borough',
};

function namedPlaceLabel(p: NamedPlace): string {
  if (p.kind === 'station') return placeLabel(p.name, 'transport hub');
  if (p.kind === 'town centre') return placeLabel(p.name, 'town centre');
  if (p.kind === 'ward') return /ward$/i.test(p.name) ? p.name : `${p.name} ward`;
  return p.name;
}

/** Locates an action's named place: a places-layer polygon of the same name wins (town
 *  centres), then the place's own lon/lat, then a places-layer point of the same name. */
export function resolvePlace(p: NamedPlace, places: readonly Place[], project: Projector): ResolvedPlace {
  const label = namedPlaceLabel(p);
  if (p.kind === 'ward') return { place: p, label };
  const key = normalisePlaceName(p.name);
  const types = p.kind ? KIND_TO_TYPES[p.kind] : undefined;
  const same = places.filter((q) => normalisePlaceName(q.name) === key && (!types || types.includes(q.type)));
  const poly = same.find((q) => q.rings);
  if (poly) return { place: p, label, x: poly.x, y: poly.y, rings: poly.rings };
  if (p.lon !== undefined && p.lat !== undefined) {
    const [x, y] = project(p.lon, p.lat);
    return { place: p, label, x, y };
  }
  if (same.length) return { place: p, label, x: same[0].x, y: same[0].y };
  return { place: p, label };
}

function isLocated(r: ResolvedPlace): boolean {
  return r.x !== undefined || r.rings !== undefined;
}

function metres(d: number): string {
  return `${Math.round(d)} m`;
}

function expandCategories(list: readonly string[]): string[] {
  const out: string[] = [];
  for (const c of list) {
    const members = COMPOSITE_GROUPS[c]?.members ?? [c];
    for (const m of members) if (!out.includes(m)) out.push(m);
  }
  return out;
}

/** True when the action is borough-wide: the plan ties it to no place (module comment). */
export function isBoroughWide(a: PlanAction): boolean {
  if (a.placeTypes.includes('borough-wide') && a.places.length === 0) return true;
  const types = a.placeTypes.filter((t) => t !== 'borough-wide' && t !== 'cross-border');
  return a.places.length === 0 && types.length === 0 && a.hotspotFlag === 'N';
}

/** @deprecated name kept for callers: borough-wide actions are no longer linked by category. */
export const linksByCategoryOnly = isBoroughWide;

/** Place ↔ target distances, computed once per pair (many actions share places and types). */
const distanceCache = new WeakMap<LinkTarget, Map<object, number>>();

function cachedDistance(t: LinkTarget, place: object, compute: () => number): number {
  let m = distanceCache.get(t);
  if (!m) distanceCache.set(t, (m = new Map()));
  let v = m.get(place);
  if (v === undefined) m.set(place, (v = compute()));
  return v;
}

function targetNoun(t: LinkTarget): string {
  return t.kind === 'hotspot' ? 'this hotspot' : 'this ward';
}

function namedPlaceEvidence(r: ResolvedPlace, t: LinkTarget, d: number): LinkEvidence[] {
  const out: LinkEvidence[] = [];
  if (isLocated(r)) {
    const dist = cachedDistance(t, r, () =>
      r.rings ? areaToAreaDistance(r.rings, t.rings, d) : pointToAreaDistance(r.x as number, r.y as number, t.rings, d),
    );
    if (dist <= d) {
      const where =
        dist === 0
          ? r.rings
            ? `which overlaps ${targetNoun(t)}`
            : `inside ${targetNoun(t)}`
          : `${metres(dist)} from ${targetNoun(t)}`;
      out.push({
        kind: 'named-place',
        strength: 300 + 100 * (1 - dist / d),
        reason: `names ${r.label}, ${where}`,
        distance: dist,
      });
    }
  }
  const code = r.place.wardCode;
  const wardNameHit =
    r.place.kind === 'ward' &&
    [t.kind === 'ward' ? t.label : null, ...(t.wardNames ?? [])].some(
      (n) => n !== null && normalisePlaceName(n) === normalisePlaceName(r.place.name),
    );
  const codeHit = code !== undefined && t.wardCodes.includes(code) && (r.place.kind === 'ward' || !isLocated(r));
  if (codeHit || wardNameHit) {
    const reason =
      t.kind === 'ward'
        ? r.place.kind === 'ward'
          ? `names this ward (${r.place.name})`
          : `names ${r.label}, in this ward`
        : r.place.kind === 'ward'
          ? `names ${r.label}, which this hotspot overlaps`
          : `names ${r.label}, in a ward this hotspot overlaps`;
    out.push({ kind: 'named-place', strength: 350, reason, distance: null });
  }
  return out;
}

interface PreparedAction {
  action: PlanAction;
  order: number;
  resolved: ResolvedPlace[];
  typePlaces: Place[];
  types: PlaceType[];
  categories: string[];
  boroughWide: boolean;
}

/**
 * The actions with their places resolved, kept per register (by identity, with the places
 * layer and projection it was made with): a register and its places do not change between
 * analysis runs, and resolving every named place against thousands of places per run cost more
 * than the links themselves. Registers are replaced, never edited in place (session.setRegister).
 */
const preparedCache = new WeakMap<
  ActionRegister,
  { places: readonly Place[]; project: Projector; prepared: PreparedAction[] }
>();

function prepare(register: ActionRegister, places: readonly Place[], project: Projector): PreparedAction[] {
  const hit = preparedCache.get(register);
  if (hit && hit.places === places && hit.project === project) return hit.prepared;
  const prepared = prepareAfresh(register, places, project);
  preparedCache.set(register, { places, project, prepared });
  return prepared;
}

function prepareAfresh(register: ActionRegister, places: readonly Place[], project: Projector): PreparedAction[] {
  return register.actions.map((action, order) => {
    const boroughWide = isBoroughWide(action);
    const types = boroughWide ? [] : action.placeTypes.filter((t) => t !== 'borough-wide' && t !== 'cross-border');
    const wanted = new Set(types.flatMap((t) => COMPATIBLE[t] ?? [t]));
    return {
      action,
      order,
      resolved: boroughWide ? [] : action.places.map((p) => resolvePlace(p, places, project)),
      typePlaces: places.filter((p) => wanted.has(p.type)),
      types,
      categories: expandCategories(action.categories),
      boroughWide,
    };
  });
}

interface CategoryContext {
  area: Readonly<Record<string, number>>;
  areaTotal: number;
  minLq: number;
  minCount: number;
  wardCount: number;
}

/** Location quotient of a category in a target, or null when it cannot be computed. */
export function locationQuotient(n: number, targetTotal: number, areaN: number, areaTotal: number): number | null {
  if (targetTotal <= 0 || areaN <= 0 || areaTotal <= 0) return null;
  return n / targetTotal / (areaN / areaTotal);
}

function fmtLq(lq: number): string {
  return (Math.round(lq * 10) / 10).toFixed(1);
}

function evidenceFor(
  p: PreparedAction,
  t: LinkTarget,
  d: number,
  cx: CategoryContext,
  targetTotal: number,
): LinkEvidence[] {
  const ev: LinkEvidence[] = [];
  if (p.boroughWide) return ev;
  for (const r of p.resolved) ev.push(...namedPlaceEvidence(r, t, d));
  // Place types count only when one of the action's crime types is selected (or it names none).
  const selected = p.categories.length === 0 || p.categories.some((c) => (cx.area[c] ?? 0) > 0);
  let inside: Place | null = null;
  if (selected) {
    for (const q of p.typePlaces) {
      const dist = cachedDistance(t, q, () =>
        q.rings ? areaToAreaDistance(q.rings, t.rings, d) : pointToAreaDistance(q.x, q.y, t.rings, d),
      );
      if (dist === 0) {
        inside = q;
        break;
      }
    }
  }
  if (inside) {
    const q = inside;
    const matched = p.types.find((ty) => (COMPATIBLE[ty] ?? [ty]).includes(q.type)) as PlaceType;
    ev.push({
      kind: 'place-type',
      strength: 300,
      reason: `targets ${TYPE_PLURAL[matched]}; ${describePlace(q)} ${q.rings ? 'overlaps' : 'lies in'} ${targetNoun(t)}`,
      distance: 0,
    });
  }
  let best: { c: string; lq: number } | null = null;
  for (const c of p.categories) {
    const n = t.categoryCounts[c] ?? 0;
    if (n < cx.minCount) continue;
    if (t.kind === 'ward' && cx.wardCount > 0 && n < (cx.area[c] ?? 0) / cx.wardCount) continue;
    const lq = locationQuotient(n, targetTotal, cx.area[c] ?? 0, cx.areaTotal);
    if (lq !== null && lq >= cx.minLq && (!best || lq > best.lq)) best = { c, lq };
  }
  if (best) {
    ev.push({
      kind: 'category',
      strength: 100 + 50 * Math.min(2, best.lq - 1),
      reason: `targets ${best.c}, over-represented ${t.kind === 'hotspot' ? 'in this hotspot' : 'in this ward'} (LQ ${fmtLq(best.lq)}: its share of crime here is ${fmtLq(best.lq)} times the area's)`,
      distance: null,
    });
  }
  return ev.sort((a, b) => b.strength - a.strength);
}

function categoryContext(options: LinkOptions): CategoryContext {
  const area = options.areaCategoryCounts ?? {};
  let areaTotal = 0;
  for (const v of Object.values(area)) areaTotal += v;
  return {
    area,
    areaTotal,
    minLq: options.minLocationQuotient ?? MIN_LOCATION_QUOTIENT,
    minCount: options.minCategoryCount ?? MIN_CATEGORY_COUNT,
    wardCount: options.wardCount ?? 0,
  };
}

function linksFor(prepared: PreparedAction[], t: LinkTarget, d: number, cx: CategoryContext): ActionLink[] {
  let targetTotal = 0;
  for (const v of Object.values(t.categoryCounts)) targetTotal += v;
  const links: (ActionLink & { order: number })[] = [];
  for (const p of prepared) {
    const evidence = evidenceFor(p, t, d, cx, targetTotal);
    if (!evidence.length) continue;
    const top = evidence[0];
    links.push({
      actionId: p.action.id,
      action: p.action,
      targetId: t.id,
      kind: top.kind,
      strength: top.strength,
      reason: top.reason,
      distance: top.distance,
      evidence,
      order: p.order,
    });
  }
  links.sort((a, b) => b.strength - a.strength || a.order - b.order);
  return links.map(({ order: _order, ...l }) => l);
}

/** The borough-wide actions (isBoroughWide), in register order. */
export function boroughWideActions(register: ActionRegister): PlanAction[] {
  return register.actions.filter(isBoroughWide);
}

/** Actions linked to one target, strongest first. */
export function linkTarget(
  target: LinkTarget,
  register: ActionRegister,
  places: readonly Place[],
  options: LinkOptions = {},
): ActionLink[] {
  return linkTargets([target], register, places, options).get(target.id) ?? [];
}

/** Actions linked to each target (by target id), strongest first. */
export function linkTargets(
  targets: readonly LinkTarget[],
  register: ActionRegister,
  places: readonly Place[],
  options: LinkOptions = {},
): Map<string, ActionLink[]> {
  const d = options.distance ?? DEFAULT_LINK_DISTANCE;
  const prepared = prepare(register, places, options.project ?? wgs84ToBng);
  const cx = categoryContext(options);
  const out = new Map<string, ActionLink[]>();
  for (const t of targets) out.set(t.id, linksFor(prepared, t, d, cx));
  return out;
}

export interface GapReport {
  /** Hotspots that no specific action covers: none names a place in or next to it, or targets a
   *  type of place inside it (category links and borough-wide actions do not cover a hotspot). */
  hotspotsWithoutAction: LinkTarget[];
  /** Place-targeted actions whose located named places lie in (or within the distance of) no hotspot. */
  actionsWithoutHotspot: { action: PlanAction; places: string[] }[];
  /** Place-targeted actions with named places that could not be located (no coordinates,
   *  ward code or places-layer match), so they could not be checked. */
  unlocatedActions: { action: PlanAction; places: string[] }[];
}

/** Where the plan and the hotspots miss each other. Ward targets are ignored. */
export function gaps(
  targets: readonly LinkTarget[],
  register: ActionRegister,
  places: readonly Place[],
  options: LinkOptions = {},
): GapReport {
  const d = options.distance ?? DEFAULT_LINK_DISTANCE;
  const hotspots = targets.filter((t) => t.kind === 'hotspot');
  const prepared = prepare(register, places, options.project ?? wgs84ToBng);
  const cx = categoryContext(options);
  const byTarget = new Map(hotspots.map((t) => [t.id, options.links?.get(t.id) ?? linksFor(prepared, t, d, cx)]));
  const hotspotsWithoutAction = hotspots.filter(
    (t) => !(byTarget.get(t.id) ?? []).some((l) => l.evidence.some((e) => e.kind !== 'category')),
  );
  const actionsWithoutHotspot: GapReport['actionsWithoutHotspot'] = [];
  const unlocatedActions: GapReport['unlocatedActions'] = [];
  for (const p of prepared) {
    if (!p.action.targetsPlaces || p.resolved.length === 0) continue;
    const checkable = p.resolved.filter(
      (r) => isLocated(r) || r.place.wardCode !== undefined || r.place.kind === 'ward',
    );
    const unlocated = p.resolved.filter((r) => !checkable.includes(r));
    if (unlocated.length) unlocatedActions.push({ action: p.action, places: unlocated.map((r) => r.label) });
    if (!checkable.length) continue;
    const inSome = hotspots.some((t) => checkable.some((r) => namedPlaceEvidence(r, t, d).length > 0));
    if (!inSome) actionsWithoutHotspot.push({ action: p.action, places: checkable.map((r) => r.label) });
  }
  return { hotspotsWithoutAction, actionsWithoutHotspot, unlocatedActions };
}
