/**
 * Which hotspot areas the map outlines and numbers at a zoom (issue 15: "at city zoom the map
 * shows the density and the leading areas legibly; outlines of hundreds of small areas appear
 * as one zooms in"). PURE: a function of the result, the zoom and the selection only.
 *
 * Rule: areas ranked 1 … limit(zoom) are drawn, plus the selected area whatever its rank:
 *   zoom < 11 (London-wide): the top 10 · 11–12: 25 · 12–13 (a borough): 60 · 13–14: 150 ·
 *   14 and closer (streets): every area.
 * A compact area of 1 km² is about 10–20 px across at zoom 10–11, so ten outlines and their
 * numbers stay apart over a city; at street zoom each area is large enough to be seen alone.
 * The hotspot list keeps every area; only the map thins them.
 */
import type { Feature, FeatureCollection } from 'geojson';

const STEPS: [number, number][] = [
  [11, 10],
  [12, 25],
  [13, 60],
  [14, 150],
];

/** The highest rank drawn at a zoom (Infinity: all). */
export function hotspotRankLimit(zoom: number): number {
  for (const [below, limit] of STEPS) if (zoom < below) return limit;
  return Infinity;
}

const cache = new WeakMap<FeatureCollection, Map<string, FeatureCollection>>();

/**
 * The hotspot features drawn at a zoom: rank ≤ hotspotRankLimit(zoom), or the selected id. The
 * same object is returned for the same inputs (cached per collection), so the map re-uploads
 * outlines only when the set changes.
 */
export function hotspotsAtZoom(all: FeatureCollection, zoom: number, selected: string | null): FeatureCollection {
  const limit = hotspotRankLimit(zoom);
  if (limit === Infinity || all.features.length <= limit) return all;
  const key = `${limit}|${selected ?? ''}`;
  let byKey = cache.get(all);
  if (!byKey) cache.set(all, (byKey = new Map()));
  let out = byKey.get(key);
  if (!out) {
    const keep = (f: Feature) =>
      Number(f.properties?.rank ?? Infinity) <= limit || (selected !== null && String(f.properties?.id) === selected);
    out = { type: 'FeatureCollection', features: all.features.filter(keep) };
    byKey.set(key, out);
  }
  return out;
}
