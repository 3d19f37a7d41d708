/**
 * Names a hotspot after what is at or near it: "in Wood Green town centre" when its
 * point lies inside a place polygon, else "around Seven Sisters station" (stations) or
 * "near …" (other places) for the nearest place within maxDistance metres (default 400).
 * Stations and town centres are preferred to single venues within the same distance.
 */
import Flatbush from 'flatbush';
import type { Place } from '../../core/actionTypes.ts';
import { pointInRings, pointToAreaDistance, ringsBbox } from '../../core/geometry.ts';
import { describePlace } from './placeNames.ts';

export const DEFAULT_LABEL_DISTANCE = 400;

const LANDMARK = new Set(['transport hub', 'town centre']);

export function nearestPlaceLabel(
  x: number,
  y: number,
  places: readonly Place[],
  maxDistance = DEFAULT_LABEL_DISTANCE,
): string | null {
  if (places.length < INDEX_FROM) return nearestPlaceLabelLinear(x, y, places, maxDistance);
  // The same rules and the same tie-breaks (the first place in the list wins) as the linear
  // scan, over the few places whose box is within maxDistance: a London places layer has
  // thousands of venues and hundreds of town-centre polygons, and every hotspot is labelled.
  const ix = placeIndex(places);
  const containing = ix.search(x, y, x, y);
  for (const i of containing) {
    const p = places[i];
    if (p.type === 'town centre' && p.rings && pointInRings(x, y, p.rings)) return `in ${describePlace(p)}`;
  }
  for (const i of containing) {
    const p = places[i];
    if (p.rings && pointInRings(x, y, p.rings)) return `in ${describePlace(p)}`;
  }
  const near = ix.search(x - maxDistance, y - maxDistance, x + maxDistance, y + maxDistance);
  return closest(
    x,
    y,
    near.map((i) => places[i]),
    maxDistance,
  );
}

/** The rules, place by place: the reference for the indexed search (and used for short lists). */
export function nearestPlaceLabelLinear(
  x: number,
  y: number,
  places: readonly Place[],
  maxDistance = DEFAULT_LABEL_DISTANCE,
): string | null {
  for (const p of places)
    if (p.type === 'town centre' && p.rings && pointInRings(x, y, p.rings)) return `in ${describePlace(p)}`;
  for (const p of places) if (p.rings && pointInRings(x, y, p.rings)) return `in ${describePlace(p)}`;
  return closest(x, y, places, maxDistance);
}

function closest(x: number, y: number, places: readonly Place[], maxDistance: number): string | null {
  let best: Place | null = null;
  let bestKey = Infinity;
  for (const p of places) {
    const d = p.rings ? pointToAreaDistance(x, y, p.rings) : Math.hypot(p.x - x, p.y - y);
    if (d > maxDistance) continue;
    // Landmarks rank ahead of venues: venues only win when no landmark is in range.
    const key = (LANDMARK.has(p.type) ? 0 : 1e9) + d;
    if (key < bestKey) {
      bestKey = key;
      best = p;
    }
  }
  if (!best) return null;
  return best.type === 'transport hub' ? `around ${describePlace(best)}` : `near ${describePlace(best)}`;
}

/** Below this many places a scan is as quick as building an index. */
const INDEX_FROM = 64;

/** Bounding boxes of the located places (a point place is its own box), per places list (lists are replaced, never edited). */
const indexes = new WeakMap<readonly Place[], PlaceIndex>();

class PlaceIndex {
  private readonly tree: Flatbush | null;
  /** Tree item → index in the places list. */
  private readonly ids: Int32Array;

  constructor(places: readonly Place[]) {
    const boxes: number[] = [];
    const ids: number[] = [];
    places.forEach((p, i) => {
      if (p.rings && p.rings.length) {
        const [minX, minY, maxX, maxY] = ringsBbox(p.rings);
        if (minX <= maxX && minY <= maxY) {
          boxes.push(minX, minY, maxX, maxY);
          ids.push(i);
        }
      } else if (Number.isFinite(p.x) && Number.isFinite(p.y)) {
        boxes.push(p.x, p.y, p.x, p.y);
        ids.push(i);
      }
    });
    this.ids = Int32Array.from(ids);
    this.tree = ids.length ? new Flatbush(ids.length) : null;
    for (let k = 0; k < boxes.length; k += 4) this.tree?.add(boxes[k], boxes[k + 1], boxes[k + 2], boxes[k + 3]);
    this.tree?.finish();
  }

  /** Indexes (in list order) of the places whose box meets [minX, maxX] × [minY, maxY]. */
  search(minX: number, minY: number, maxX: number, maxY: number): number[] {
    if (!this.tree) return [];
    return this.tree
      .search(minX, minY, maxX, maxY)
      .map((k) => this.ids[k])
      .sort((a, b) => a - b);
  }
}

function placeIndex(places: readonly Place[]): PlaceIndex {
  let ix = indexes.get(places);
  if (!ix) {
    ix = new PlaceIndex(places);
    indexes.set(places, ix);
  }
  return ix;
}
