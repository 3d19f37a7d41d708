/**
 * What a pair read from "longitude, latitude" columns really is.
 *
 * Rules, in order (first match wins):
 * 1. not finite                                   → invalid
 * 2. |lon| < 0.01° and |lat| < 0.01° (~1 km)      → null island (a geocoder's "no location")
 * 3. lon column in 49…61 and lat column in −9…2.5 → latitude and longitude swapped (the UK
 *    box is lat 49–61, lon −9–2.5; the two ranges do not overlap, so a UK point with its
 *    columns swapped cannot be mistaken for an unswapped UK point). Swapped back; a warning.
 * 4. |lon| ≤ 180 and |lat| ≤ 90                   → WGS84 degrees
 * 5. lon column in 0…700000, lat column in 0…1300000 → British National Grid easting and
 *    northing in the lon/lat columns (only reached when they are not valid degrees). A warning.
 * 6. otherwise                                    → invalid
 */
export const COORD_OK = 0;
export const COORD_SWAPPED = 1;
export const COORD_BNG = 2;
export const COORD_INVALID = 3;
export const COORD_NULL_ISLAND = 4;

export function classifyLonLat(lon: number, lat: number): number {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return COORD_INVALID;
  if (Math.abs(lon) < 0.01 && Math.abs(lat) < 0.01) return COORD_NULL_ISLAND;
  if (lon >= 49 && lon <= 61 && lat >= -9 && lat <= 2.5) return COORD_SWAPPED;
  if (Math.abs(lon) <= 180 && Math.abs(lat) <= 90) return COORD_OK;
  if (lon >= 0 && lon <= 700000 && lat >= 0 && lat <= 1300000) return COORD_BNG;
  return COORD_INVALID;
}

/**
 * Easting/northing columns (generic CSV): valid in the BNG grid 0…700000 × 0…1300000;
 * both within 1 km of the grid origin → null island (placeholder zeros).
 */
export function classifyEastingNorthing(x: number, y: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return COORD_INVALID;
  if (x >= 0 && x < 1000 && y >= 0 && y < 1000) return COORD_NULL_ISLAND;
  if (x >= 0 && x <= 700000 && y >= 0 && y <= 1300000) return COORD_OK;
  return COORD_INVALID;
}
