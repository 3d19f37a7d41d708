/**
 * The toolbar's buttons: the exports (map PNG, wards CSV with its readme, hotspots GeoJSON,
 * density grid) and the views (ward panel, tasking) with print, plus the address's #/ward/<code> route.
 */
import { store, setUi, paramsOf, type AppState } from './state/store.ts';
import { parseUrl } from './state/url.ts';
import type { WorkerClient } from './workerClient.ts';
import type { MapView } from './map/mapView.ts';
import type { LayerData } from './map/layers.ts';
import { legendSpecs } from './map/legend.ts';
import { basemapChoice } from './map/basemapChoice.ts';
import { drawAllPending } from './panels/nearViewport.ts';
import { download, exportBaseName, hotspotGeojson, mapPng, wardCsv, wardCsvReadme } from './export/exports.ts';
import { isViewMode, type Views } from './views/views.ts';
import { printPage } from './views/printMap.ts';

/** The page element for a selector (main.ts's `$`: throws when it is missing). */
type Query = <T extends HTMLElement>(sel: string) => T;

export interface ToolbarHost {
  client: WorkerClient;
  mapView: MapView;
  views: Views;
  /** Runs a job with the page's busy/ready tracking and error reporting. */
  track: (job: () => Promise<void>) => Promise<unknown>;
  /** Draws the analyst map and its legend. */
  draw: () => Promise<void>;
  layerData: (s: AppState) => LayerData;
}

/** The file name stem of every export. */
const slug = () => {
  const r = store.getState().result;
  return r ? exportBaseName(r) : 'hotspot-atlas';
};

export function wireExportButtons($: Query, { client, mapView, track, draw, layerData }: ToolbarHost): void {
  $('#btn-png').addEventListener(
    'click',
    () =>
      void track(async () => {
        const s = store.getState();
        if (!s.result) return;
        await draw();
        const blob = await mapPng(
          mapView.canvas(),
          s.result.concentration.headline,
          legendSpecs(s.ui, s.result, layerData(s).breaks, { basemap: basemapChoice(s)?.attribution }),
          s.result.provenance,
        );
        download(`${slug()}-map.png`, blob);
      }),
  );
  $('#btn-csv').addEventListener('click', () => {
    const r = store.getState().result;
    if (!r) return;
    // The CSV holds only the table (any reader's defaults see header + one row per ward); what it
    // counts, where from and the conventions go in a text file beside it.
    download(`${slug()}-wards.csv`, wardCsv(r), 'text/csv;charset=utf-8');
    download(`${slug()}-wards-readme.txt`, wardCsvReadme(r), 'text/plain;charset=utf-8');
  });
  $('#btn-geojson').addEventListener('click', () => {
    const r = store.getState().result;
    if (r) download(`${slug()}-hotspots.geojson`, hotspotGeojson(r), 'application/geo+json');
  });
  $('#btn-asc').addEventListener(
    'click',
    () =>
      void track(async () => {
        const text = await client.asciiGrid(paramsOf(store.getState().ui));
        if (text) download(`${slug()}-density.asc`, text);
      }),
  );
}

/** Views (tasking, ward panel: src/app/views) and print. */
export function wireViewButtons($: Query, { mapView, views, track, draw }: ToolbarHost): void {
  window.addEventListener('hashchange', () => {
    const next = parseUrl(location.search, location.hash);
    const ui = store.getState().ui;
    if (next.view === 'ward')
      setUi({ view: 'ward', ward: next.ward, recent: ui.recent ?? (ui.from === null && ui.to === null ? 12 : null) });
    else if (ui.view === 'ward') setUi({ view: 'analyst' });
  });
  const wardPanelBtn = $<HTMLButtonElement>('#btn-ward-panel');
  store.subscribe((s) => (wardPanelBtn.disabled = !s.ui.ward || !s.result));
  wardPanelBtn.addEventListener('click', () => {
    const ui = store.getState().ui;
    if (ui.ward) setUi({ view: 'ward', recent: ui.recent ?? (ui.from === null && ui.to === null ? 12 : null) });
  });
  $('#btn-tasking').addEventListener('click', () =>
    setUi({ view: 'tasking', from: null, to: null, recent: 3, picked: null }),
  );
  $('#btn-print').addEventListener(
    'click',
    () =>
      void track(async () => {
        const s = store.getState();
        if (!s.result) return;
        if (isViewMode(s.ui)) return views.print();
        drawAllPending();
        await draw();
        await mapView.idle();
        printPage();
      }),
  );
}
