/**
 * Names a hotspot after what is at or near it: "in Wood Green town centre" when its
 * point lies inside a place polygon, else "around Seven Sisters station" (stations) or
 * "near …" (other places) for the nearest place within maxDistance metres (default 400).
 * Stations and town centres are preferred to single venues within the same distance.
 */
import type { Place } from './types.ts';
import { pointInRings, pointToAreaDistance } from './geometry.ts';
import { describePlace } from './placeNames.ts';

export const DEFAULT_LABEL_DISTANCE = 400;

const LANDMARK = new Set(['transport hub', 'town centre']);

export function nearestPlaceLabel(x: number, y: number, places: readonly Place[], maxDistance = DEFAULT_LABEL_DISTANCE): string | null {
  for (const p of places) if (p.type === 'town centre' && p.rings && pointInRings(x, y, p.rings)) return `in ${describePlace(p)}`;
  for (const p of places) if (p.rings && pointInRings(x, y, p.rings)) return `in ${describePlace(p)}`;
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
