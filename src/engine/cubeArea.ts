/**
 * Choosing the area of a cube to open (the page's cube input, engine/cubeInput.ts): the local
 * authorities of the loaded boundaries, or all the loaded wards. The boundaries always come from
 * the user's boundary file: a cube holds ward codes, and the page needs the polygons to draw.
 *
 * Conventions: an area is named by its local authority as the boundary file writes it
 * ("Haringey"), or ALL_WARDS for every loaded ward. Opening everything of a large set (more than
 * ALL_WARDS_AUTO wards) is not done by itself: the user chooses, so that a national boundary file
 * does not read a national cube before anyone asked for it.
 */
import type { WardSet } from '../core/types.ts';
import { authoritiesOf, subsetWards } from '../analysis/wardSubset.ts';

export const ALL_WARDS = '*';
/** Ward sets up to this size open whole without a choice (a borough, or a few). */
export const ALL_WARDS_AUTO = 60;

export interface CubeAreaChoice {
  value: string;
  label: string;
  wards: number;
}

/** The areas the user can open: each local authority of the loaded wards, then all of them. */
export function areaChoices(wards: WardSet): CubeAreaChoice[] {
  const las = authoritiesOf(wards)
    .map((a) => ({ value: a.name, label: `${a.name} (${a.wards.length} wards)`, wards: a.wards.length }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return [...las, { value: ALL_WARDS, label: `All ${wards.count} loaded wards`, wards: wards.count }];
}

/** The area to open without asking, or null when the user should choose. */
export function defaultArea(wards: WardSet): string | null {
  const las = authoritiesOf(wards);
  if (las.length === 1 && las[0].wards.length === wards.count) return las[0].name;
  return wards.count <= ALL_WARDS_AUTO ? ALL_WARDS : null;
}

/** The wards of an area (a WardSet of their own); throws naming the area when none matches. */
export function areaWards(wards: WardSet, area: string): WardSet {
  if (area === ALL_WARDS) return wards;
  const a = authoritiesOf(wards).find((x) => x.name === area);
  if (!a) throw new Error(`no loaded ward is in "${area}"`);
  return subsetWards(wards, a.wards, area);
}
