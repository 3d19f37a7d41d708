/**
 * Which basemap the maps draw (the analyst map and the views' maps alike), in order:
 * 1. a PMTiles archive opened this session (dropped, picked, or hosted beside the app);
 * 2. a MapLibre style URL from the controls or the address (`&basemap=`), kept from before;
 * 3. while the synthetic demo shows, its own synthetic streets;
 * 4. none: the plain offline map.
 * Memoised on the inputs' identity, so a redraw does not rebuild the style.
 */
import type { FeatureCollection } from 'geojson';
import type { AppState } from '../state/store.ts';
import { basemapStyle } from './basemapStyle.ts';
import { isPmtilesUrl, type LoadedBasemap } from './basemapSource.ts';
import type { BasemapChoice } from './mapView.ts';

/** Shown with the demo's streets (they are invented, so nobody's data to credit). */
export const DEMO_STREETS_ATTRIBUTION = 'synthetic demo streets (invented)';

let memo: {
  basemap: LoadedBasemap | null;
  url: string | null;
  streets: FeatureCollection | null;
  out: BasemapChoice | null;
} | null = null;

export function basemapChoice(
  s: Pick<AppState, 'basemap' | 'demo' | 'demoStreets'> & { ui: { basemap: string | null } },
): BasemapChoice | null {
  const url = s.ui.basemap && !isPmtilesUrl(s.ui.basemap) ? s.ui.basemap : null;
  const streets = s.demo && !s.basemap && !url ? s.demoStreets : null;
  if (memo && memo.basemap === s.basemap && memo.url === url && memo.streets === streets) return memo.out;
  let out: BasemapChoice | null = null;
  if (s.basemap)
    out = {
      key: s.basemap.key,
      style: basemapStyle(s.basemap.source),
      attribution: s.basemap.attribution || s.basemap.name,
    };
  else if (url) out = { key: `style:${url}`, style: url, attribution: '' };
  else if (streets)
    out = {
      key: 'demo-streets',
      style: basemapStyle({ kind: 'geojson', data: streets }),
      attribution: DEMO_STREETS_ATTRIBUTION,
    };
  memo = { basemap: s.basemap, url, streets, out };
  return out;
}
