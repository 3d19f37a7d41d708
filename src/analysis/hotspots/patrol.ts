/**
 * Patrol areas: rank places (hotspot polygons) by crime and say, for the top k, what share of
 * crime they hold, what share of the study area they cover, and the PAI = (n/N)/(a/A)
 * (Chainey, Tompson & Uhlig 2008), individually and cumulatively (ArcGIS 80-20 style CUMU_PERC).
 * The places are the hotspot areas of the chosen method (areas.ts): by default compact areas of
 * at most 1 km², so patrol area 1 is a place a team can walk (London burglary 2018: 1 km² over
 * 4 wards, instead of the threshold rule's 76 km² over 160 wards).
 */
import type { Feature, FeatureCollection, Polygon } from 'geojson';

export interface PatrolPlace {
  id: string;
  label: string;
  count: number;
  areaKm2: number;
  feature?: Feature<Polygon>;
}

export interface PatrolRow {
  rank: number;
  id: string;
  label: string;
  count: number;
  areaKm2: number;
  /** n/N and a/A for this place. */
  share: number;
  areaShare: number;
  pai: number;
  /** Running totals over ranks 1…rank. */
  cumCount: number;
  cumShare: number;
  cumAreaKm2: number;
  cumAreaShare: number;
  cumPai: number;
}

/**
 * Top `k` places by count (ties by smaller area first: more crime per km²). N = total crimes in
 * the window (all of them, not just those in places); A = study area in km² (e.g. Σ ward areas).
 */
export function patrolAreas(
  places: readonly PatrolPlace[],
  N: number,
  studyAreaKm2: number,
  k = 10,
): { rows: PatrolRow[]; geojson: FeatureCollection<Polygon> } {
  const sorted = [...places].sort((a, b) => b.count - a.count || a.areaKm2 - b.areaKm2).slice(0, Math.max(0, k));
  const rows: PatrolRow[] = [];
  const features: Feature<Polygon>[] = [];
  let cc = 0;
  let ca = 0;
  const pai = (n: number, a: number) => (N > 0 && a > 0 && studyAreaKm2 > 0 ? n / N / (a / studyAreaKm2) : NaN);
  sorted.forEach((p, i) => {
    cc += p.count;
    ca += p.areaKm2;
    const row: PatrolRow = {
      rank: i + 1,
      id: p.id,
      label: p.label,
      count: p.count,
      areaKm2: p.areaKm2,
      share: N > 0 ? p.count / N : NaN,
      areaShare: p.areaKm2 / studyAreaKm2,
      pai: pai(p.count, p.areaKm2),
      cumCount: cc,
      cumShare: N > 0 ? cc / N : NaN,
      cumAreaKm2: ca,
      cumAreaShare: ca / studyAreaKm2,
      cumPai: pai(cc, ca),
    };
    rows.push(row);
    if (p.feature) features.push({ type: 'Feature', geometry: p.feature.geometry, properties: { ...row } });
  });
  return { rows, geojson: { type: 'FeatureCollection', features } };
}
