/**
 * The optional basemap given by address: a `.pmtiles` archive hosted beside the app (opened by
 * basemapSource.ts, drawn in our style, basemapStyle.ts) or a MapLibre style URL, drawn under
 * the wards, density and hotspots. A dropped `.pmtiles` file needs no address (load/basemapLoad.ts).
 * Off by default: the map needs no tiles, and with none nothing is requested from anywhere.
 * With one, the style's servers see which part of the map is viewed (tile requests), never
 * the crime data. The page's Content-Security-Policy lets MapLibre reach only the page's own
 * server, so a style and tiles hosted next to the app work as they are; other servers must be
 * added at build time (BASEMAP_ORIGINS, see csp.ts and the README).
 */

/**
 * The style URL to use for `input`, or null: an absolute http(s) URL, or a path relative to
 * the page (a style hosted with the app). Anything else (javascript:, data:, blob:, …) is refused.
 */
export function basemapUrl(input: string | null | undefined, base = 'http://localhost/'): string | null {
  const v = (input ?? '').trim();
  if (!v || v.length > 2000) return null;
  try {
    const u = new URL(v, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? v : null;
  } catch {
    return null;
  }
}

/** What the controls say about a basemap (plain text). */
export const BASEMAP_NOTE =
  "Optional: streets under the analysis. Drop a .pmtiles file with your data (read on this computer: nothing is sent anywhere), or give the address of a .pmtiles file or MapLibre style hosted beside this app. A hosted basemap's server sees which area you view (the tiles it sends), never your data. This page's security policy only lets the map reach this site's own server unless the app was built to allow others (README: BASEMAP_ORIGINS).";
