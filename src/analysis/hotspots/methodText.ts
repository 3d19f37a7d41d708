/**
 * One sentence saying how the hotspot areas were drawn, for the hotspot list, the provenance
 * and the legend (README "Hotspot areas"). Pure text; the caller inserts it as text.
 */
import type { HotspotAreaParams } from '../sessionTypes.ts';

const km2 = (v: number) => `${v.toLocaleString('en-GB', { maximumFractionDigits: 2 })} km²`;

/** "compact areas of at most 1 km² …" / "whole areas above the threshold …". */
export function areaMethodText(areas: HotspotAreaParams | undefined, cellMetres: number): string {
  if (!areas || areas.method === 'compact') {
    const cap = areas?.maxAreaKm2 ?? 1;
    return `Hotspot areas: the places above the threshold, split at their saddles into compact areas of at most ${km2(cap)} around each density peak (level-set tree cut); a crime counts in the area its ${cellMetres} m grid cell belongs to.`;
  }
  return 'Hotspot areas: every outline above the threshold is one area, however large (the rule before compact areas).';
}

/** The provenance's short form: "Hotspot areas ≤ 1 km², split at saddles" (kept short: prints are full). */
export function areaMethodShort(areas: HotspotAreaParams | undefined): string {
  return !areas || areas.method === 'compact'
    ? `Hotspot areas ≤ ${km2(areas?.maxAreaKm2 ?? 1)}, split at saddles`
    : 'Whole hotspot areas';
}
