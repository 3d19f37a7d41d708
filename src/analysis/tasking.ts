/**
 * Tasking view helpers. PURE: no DOM. Turn an AnalysisResult into the tasking list: current
 * hotspot areas ranked by crime, each with its place label, wards, change against the comparison
 * window (Poisson z and plain direction, compare.ts), density rank and linked actions; and the
 * patrol-area choice (top k, or a hand-picked set) with running share of crime, share of the
 * borough's area and PAI = (n/N)/(a/A) through the same patrolAreas() as AnalysisSession.patrolAreas.
 */
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import type { AnalysisResult, HotspotResult, LinkedAction } from './sessionTypes.ts';
import { compareCounts } from './compare.ts';
import { patrolAreas, type PatrolRow } from './hotspots/patrol.ts';
import { hotspotName } from './hotspots/naming.ts';

/** Recent windows offered by the tasking view, in months. */
export const RECENT_WINDOWS = [1, 3, 6, 12] as const;
export const DEFAULT_RECENT = 3;
export const DEFAULT_PATROL_K = 3;

export interface TaskingRow {
  id: string;
  rank: number;
  /** "High Road — around Seven Sisters station" (hotspot label + place label). */
  place: string;
  wards: string[];
  count: number;
  share: number;
  areaKm2: number;
  previous: number | null;
  difference: number | null;
  z: number | null;
  /** compare.ts wording: "up 23% (likely real change)", "no change", "new: 0 → 4"; null without a comparison. */
  direction: string | null;
  /** 1 = highest peak density among the hotspots. */
  densityRank: number;
  peakDensity: number;
  topTypes: string[];
  actions: LinkedAction[];
}

/** "High Road — around Seven Sisters station": the one naming rule (hotspots/naming.ts hotspotName). */
export function placeText(h: Pick<HotspotResult, 'label' | 'placeLabel' | 'rank'>): string {
  return hotspotName(h);
}

/** Rank of each hotspot by peak density (1 = densest); ties by the hotspot's own rank. */
export function densityRanks(hotspots: readonly HotspotResult[]): Map<string, number> {
  const sorted = [...hotspots].sort((a, b) => b.peakDensity - a.peakDensity || a.rank - b.rank);
  return new Map(sorted.map((h, i) => [h.id, i + 1]));
}

export function taskingRows(r: AnalysisResult): TaskingRow[] {
  const dr = densityRanks(r.hotspots);
  return [...r.hotspots]
    .sort((a, b) => a.rank - b.rank)
    .map((h) => {
      const c = h.previous === null ? null : compareCounts(h.count, h.previous);
      return {
        id: h.id,
        rank: h.rank,
        place: placeText(h),
        wards: h.wardNames,
        count: h.count,
        share: h.share,
        areaKm2: h.areaKm2,
        previous: h.previous,
        difference: c ? c.difference : null,
        z: c ? c.z : h.poissonZ,
        direction: c ? c.direction : null,
        densityRank: dr.get(h.id) ?? 0,
        peakDensity: h.peakDensity,
        topTypes: h.dominantCategories.slice(0, 3).map((d) => d.category),
        actions: r.actions?.byHotspot[h.id] ?? [],
      };
    });
}

/**
 * Patrol areas from a result: the top k hotspots by count (as AnalysisSession.patrolAreas), or,
 * when `picked` is given, exactly those hotspots (still ordered by count). N = crimes in the wards
 * in the window, A = Σ ward areas (result.studyAreaKm2).
 */
export function patrolFromResult(
  r: AnalysisResult,
  k: number,
  picked: readonly string[] | null = null,
): { rows: PatrolRow[]; geojson: FeatureCollection<Polygon> } {
  const features = r.hotspotGeojson.features as Feature<Polygon>[];
  const all = r.hotspots.map((h, i) => ({
    id: h.id,
    label: hotspotName(h),
    count: h.count,
    areaKm2: h.areaKm2,
    feature: features[i],
  }));
  const places = picked ? all.filter((p) => picked.includes(p.id)) : all;
  return patrolAreas(places, r.totalInWards, r.studyAreaKm2 ?? 0, picked ? places.length : k);
}

/** Clamp a requested k to 0…number of hotspots. */
export function clampK(k: number, n: number): number {
  return Number.isFinite(k) ? Math.max(0, Math.min(n, Math.floor(k))) : Math.min(n, DEFAULT_PATROL_K);
}
