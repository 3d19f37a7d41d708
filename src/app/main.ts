/**
 * Hotspot Atlas page: wires the store, the worker, the map and the panels.
 *
 * Flow: files (demo, picker, folder or drop) → worker 'load' (transferred bytes, progress)
 * → worker 'run' with params from the URL-backed UI state → store.result → panels + layers.
 * Any filter/KDE change re-runs (debounced 250 ms); display-only changes (selection,
 * shading metric, density toggle) just redraw. `document.body.dataset.state` is 'loading'
 * while anything is under way and 'ready' once the analysis AND the map drawing are done.
 */
import './styles.css';
import type { Feature } from 'geojson';
import { WorkerClient } from './workerClient.ts';
import type { LoadProgress } from '../worker/protocol.ts';
import { store, setUi, paramsOf, type AppState, type UiState } from './state/store.ts';
import { parseUrl, syncUrl } from './state/url.ts';
import { MapView } from './map/mapView.ts';
import { MAP_LABEL, attachMapKeyboard } from './map/mapKeyboard.ts';
import { announceSelection } from './a11y/announce.ts';
import { buildLayers, buildMapLibreData, POINTS_MIN_ZOOM, type LayerData } from './map/layers.ts';
import { densityImage } from './map/palette.ts';
import { legendSpecs, renderLegend } from './map/legend.ts';
import { Controls } from './controls/controls.ts';
import { qualityPanel, resultsPanel, type PanelCallbacks } from './panels/panels.ts';
import { showTooltip } from './map/tooltip.ts';
import { wireExportButtons, wireViewButtons } from './toolbarButtons.ts';
import { drawAllPending } from './panels/nearViewport.ts';
import { fetchDemo, fetchDemoStreets, demoAvailable } from './load/demo.ts';
import { installDrop, isBytes, isFileHandle, readFiles, type PickedFile } from './load/files.ts';
import { CubePanel } from './load/cubeDrop.ts';
import type { CubeState } from '../worker/protocol.ts';
import { download } from './export/exports.ts';
import { ActionsController } from './actions/controller.ts';
import { fmtInt } from './dom.ts';
import type { ColumnMapping } from '../io/genericCsv.ts';
import { Views, isViewMode } from './views/views.ts';
import { createSelectors, runKey } from './selectors.ts';
import { RunCoalescer } from './runCoalescer.ts';
import { registerPrintMap } from './views/printMap.ts';
import { basemapChoice } from './map/basemapChoice.ts';
import { followHostedBasemap, loadBasemapFiles, takeBasemaps } from './load/basemapLoad.ts';

const $ = <T extends HTMLElement>(sel: string): T => {
  const el = document.querySelector<T>(sel);
  if (!el) throw new Error(`missing ${sel}`);
  return el;
};

const client = new WorkerClient();
const controls = new Controls($('#controls'));
const resultsEl = $('#results');
const qualityEl = $('#quality');
const legendEl = $('#legend');
const tooltip = $('#tooltip');
const progressBox = $('#progress');
const progressBar = $<HTMLProgressElement>('#progress progress');
const progressText = $('#progress-text');
const statusEl = $('#status');
const views = new Views($('#view'), { setUi: (p) => setUi(p) });

// ---------- busy / ready tracking ----------
let busy = 0;
document.body.dataset.state = 'loading';
async function track<T>(job: () => Promise<T>): Promise<T | undefined> {
  busy++;
  document.body.dataset.state = 'loading';
  try {
    return await job();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    console.warn(msg);
    store.setState({ status: 'error', error: msg });
    statusEl.textContent = `Error: ${msg}`;
    return undefined;
  } finally {
    busy--;
    if (busy === 0) document.body.dataset.state = store.getState().status === 'error' ? 'error' : 'ready';
  }
}

// ---------- derived data (memoised on identity: selectors.ts) ----------
const selectors = createSelectors();
const layerData = (s: AppState): LayerData => selectors.layerData(s, mapView.zoom());

// ---------- map ----------
const mapView = new MapView($('#map'), {
  label: MAP_LABEL,
  onHover: (info, x, y) =>
    showTooltip(tooltip, info, x, y, store.getState(), (code) => layerData(store.getState()).wardByCode.get(code)),
  onClick: (info) => {
    const id = info.layer?.id;
    const props = (info.object as Feature | undefined)?.properties;
    if (id === 'wards-fill' && props)
      selectWard(String(props.code) === store.getState().ui.ward ? null : String(props.code));
    else if (id === 'hotspots' && props)
      selectHotspot(String(props.id) === store.getState().ui.hotspot ? null : String(props.id));
  },
  onZoom: (z) => {
    const s = store.getState();
    if (z >= POINTS_MIN_ZOOM && !s.points && s.result) void track(fetchPoints);
    else void track(draw);
  },
  onRebuilt: () => void track(draw),
  onBasemapError: (key, message) => {
    statusEl.textContent = `The basemap was not loaded (${key}): ${message}. The map is drawn without it.`;
  },
});
attachMapKeyboard($('#map'), () => mapView.pickCentre());

async function fetchPoints(): Promise<void> {
  const pts = await client.points(paramsOf(store.getState().ui));
  store.setState({ points: pts });
  await draw();
}

// ---------- rendering ----------
const actions = new ActionsController(client, {
  rerun: () => runNow(),
  refresh: () => renderPanels(store.getState()),
  download: (name, text, type) => download(name, text, type),
  track: async (job) => void (await track(job)),
});
const panelCb: PanelCallbacks = {
  selectWard: (c) => selectWard(c),
  selectHotspot: (id) => selectHotspot(id),
  refresh: () => renderPanels(store.getState()),
  actions: actions.callbacks,
  mapColumns: (file, m) => mapColumns(file, m),
};

function selectWard(code: string | null): void {
  setUi({ ward: code });
}
function selectHotspot(id: string | null): void {
  setUi({ hotspot: id });
}

function renderPanels(s: AppState): void {
  const focusedCode = (document.activeElement as HTMLElement | null)?.dataset?.wardCode;
  const focusKey = (document.activeElement as HTMLElement | null)?.dataset?.focusKey;
  // The panels are updated in place (replaceKeyed), so the sidebar keeps its scroll position
  // without reading or setting it (either would force a layout of the new content here).
  resultsPanel(resultsEl, s, panelCb);
  qualityPanel(qualityEl, s);
  announceSelection(s);
  if (focusedCode) resultsEl.querySelector<HTMLElement>(`tr[data-ward-code="${CSS.escape(focusedCode)}"]`)?.focus();
  else if (focusKey) resultsEl.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
  document.body.classList.toggle('briefing', s.ui.view === 'briefing');
  $('#demo-badge').hidden = !s.demo;
  // Exports, views and print need an analysis: not a result that only says why there is none.
  const has = !!s.result && !s.result.diagnosis;
  for (const b of document.querySelectorAll<HTMLButtonElement>('.needs-result')) b.disabled = !has;
}

async function draw(): Promise<void> {
  const s = store.getState();
  const d = layerData(s);
  const basemap = basemapChoice(s);
  renderLegend(
    legendEl,
    legendSpecs(s.ui, s.result, d.breaks, {
      points: !!d.points?.length && d.zoom >= POINTS_MIN_ZOOM,
      basemap: basemap?.attribution,
    }),
  );
  // The legend's size may have changed: the wards fitted on load are kept clear of it.
  mapView.refit();
  mapView.setBasemap(basemap);
  await mapView.setLayers(buildLayers(s.ui, d), buildMapLibreData(s.ui, d));
}

async function renderAll(): Promise<void> {
  const s = store.getState();
  // The map first: new ward boundaries go to MapLibre's worker at once, to be tiled while the
  // panels are built; the next frame then shows map and panels together.
  const drawn = draw();
  controls.render(s);
  renderPanels(s);
  await drawn;
  await views.render(s);
}

// ---------- analysis (runs coalesced: runCoalescer.ts) ----------
let lastRunKey = '';
const runs = new RunCoalescer(runNow, track);

async function runNow(): Promise<void> {
  const s = store.getState();
  if (!s.wards && !s.result && s.status === 'empty') return;
  const params = paramsOf(s.ui);
  lastRunKey = runKey(s.ui);
  store.setState({ status: 'running' });
  statusEl.textContent = 'Analysing…';
  const t0 = performance.now();
  // The worker sends the density surface before it traces the hotspot areas: it is coloured
  // here meanwhile (the main thread is otherwise idle during a run).
  let early: ImageData | null = null;
  const result = await client.run(params, (sf) => (early = densityImage(sf.values, sf.nx, sf.ny, sf.max)));
  if (!result || runs.stale) return; // superseded by a newer run
  cubePanel.explain(result);
  selectors.keepEarlyImage(result, early);
  const months: [number, number] | null =
    result.months.first !== null && result.months.last !== null ? [result.months.first, result.months.last] : null;
  store.setState({
    result,
    status: 'ready',
    error: null,
    dataMonths: months ?? store.getState().dataMonths,
    points: null,
  });
  const inWorker =
    client.lastRunMs === null
      ? ''
      : ` (analysis ${Math.round(client.lastRunMs)} ms in the worker; the rest is messaging and drawing)`;
  statusEl.textContent = result.diagnosis
    ? `No analysis: ${result.diagnosis.title}`
    : `Analysed ${fmtInt.format(result.totalInWards)} crimes in ${Math.round(performance.now() - t0)} ms${inWorker}.`;
  await renderAll();
  if (mapView.zoom() >= POINTS_MIN_ZOOM) await fetchPoints();
}

store.subscribe((s, prev) => {
  // A basemap opened or the demo's streets arrived: the maps are drawn over it.
  if (s.basemap !== prev.basemap || s.demoStreets !== prev.demoStreets) void track(renderAll);
  if (s.ui.basemap !== prev.ui.basemap) void track(async () => void (await followHostedBasemap(s.ui.basemap, say)));
  if (s.ui === prev.ui) return;
  if (s.result && runKey(s.ui) !== lastRunKey) {
    document.body.dataset.state = 'loading';
    void runs.schedule();
    // The URL (history.replaceState costs ~20 ms here) and the controls follow in the next
    // task, so that the worker has the run request first and computes meanwhile.
    setTimeout(() => {
      syncUrl(store.getState().ui);
      controls.render(store.getState());
    }, 0);
  } else {
    syncUrl(s.ui);
    void track(renderAll);
  }
});

// ---------- loading ----------
/** Picked files not loaded because their columns were not recognised, by name, until the user maps them. */
const awaitingMapping = new Map<string, PickedFile>();

/**
 * Loads files into the session. The rule (README, "Load your own data"): a user's files never
 * share a session with the synthetic demo — loading them while the demo is showing replaces it
 * (and the month window and selection return to the address the page was opened with); files
 * added to a user's own session add to it (more months, another force, another district's wards).
 * `mappings`: column mappings chosen in the page for generic CSVs, by file name.
 */
async function load(
  getFiles: () => Promise<PickedFile[]>,
  demo: boolean,
  mappings?: ReadonlyMap<string, ColumnMapping>,
): Promise<void> {
  await track(async () => {
    store.setState({ status: 'loading' });
    statusEl.textContent = 'Reading files…';
    const files = await getFiles();
    if (!files.length) {
      statusEl.textContent =
        'None of the files is of a kind Hotspot Atlas reads (CSV, GeoJSON, TopoJSON, JSON, zipped shapefile, or .gz of these).';
      store.setState({ status: store.getState().result ? 'ready' : 'empty' });
      return;
    }
    let notice: string | null = null;
    if (!demo && store.getState().demo) {
      await resetSession();
      const { from, to, ward, hotspot, picked } = initial;
      setUi({ from, to, ward, hotspot, picked });
      notice = 'Your files replaced the synthetic demo: every figure on this page is from your files.';
    }
    // The total comes from the worker: a picked File's size is a synchronous look-up on this
    // thread (about 0.25 ms a file: 60 ms for a year of Haringey's 228 API files).
    progressBox.hidden = false;
    progressBar.removeAttribute('value'); // indeterminate until the first progress message
    const handles = files
      .filter(isFileHandle)
      .map((f) => (mappings?.has(f.name) ? { ...f, mapping: mappings.get(f.name) } : f));
    const onProgress = (p: LoadProgress) => {
      progressBar.max = Math.max(1, p.bytesTotal);
      progressBar.value = p.bytesRead;
      progressText.textContent = `${p.file}: ${fmtInt.format(p.rowsRead)} rows · ${(p.bytesRead / 1e6).toFixed(1)} of ${(p.bytesTotal / 1e6).toFixed(1)} MB`;
    };
    // Picked files go as File handles (the worker streams big crime CSVs); the demo as bytes.
    const loaded =
      handles.length === files.length
        ? await client.loadFiles(handles, onProgress)
        : await client.load(files.filter(isBytes), onProgress);
    const { messages, wards, register, borough, boroughs } = loaded;
    progressBox.hidden = true;
    const cube = 'cube' in loaded ? ((loaded.cube as CubeState | null | undefined) ?? null) : undefined;
    if (cube !== undefined) cubePanel.show(cube);
    const s = store.getState();
    const waiting = messages.filter((m) => m.code === 'needs-mapping');
    for (const m of waiting) {
      const f = files.find((x) => x.name === m.file);
      if (f) awaitingMapping.set(m.file, f);
    }
    const loadedNow = new Set(files.map((f) => f.name));
    const pendingMapping = [
      ...s.pendingMapping.filter((p) => !loadedNow.has(p.file)),
      ...waiting.map((m) => ({ file: m.file, header: m.header ?? [], suggestion: m.suggestion ?? {} })),
    ];
    for (const name of mappings?.keys() ?? [])
      if (!pendingMapping.some((p) => p.file === name)) awaitingMapping.delete(name);
    store.setState({
      wards: wards ?? s.wards,
      loadMessages: [...s.loadMessages, ...messages],
      demo: demo || s.demo,
      status: 'running',
      pendingMapping,
      notice: notice ?? (mappings ? s.notice : null),
    });
    if (wards) mapView.fitTo(wards);
    await actions.adopt(register, borough, store.getState().wards, boroughs ?? 0);
    await runNow();
  });
}

/** Opens an area of a dropped cube (load/cubeDrop.ts; README "Opening a cube"): a new session, drawn and run like a load. */
const cubePanel = new CubePanel(
  $('.left'),
  (area, latest) =>
    void track(async () => {
      store.setState({ status: 'loading' });
      const { wards, cube } = await client.cubeArea(area, latest);
      cubePanel.show(cube);
      lastRunKey = '';
      store.setState({ wards, result: null, points: null, status: 'running', notice: null });
      if (wards) mapView.fitTo(wards);
      await runNow();
    }),
);

/** Empties the worker's session and everything derived from it (the UI settings stay). */
async function resetSession(): Promise<void> {
  cubePanel.show(null);
  await client.clear();
  lastRunKey = '';
  awaitingMapping.clear();
  store.setState({
    wards: null,
    result: null,
    points: null,
    loadMessages: [],
    demo: false,
    dataMonths: null,
    status: 'empty',
    error: null,
    register: null,
    pendingMapping: [],
    notice: null,
  });
}

async function clearAll(): Promise<void> {
  await track(async () => {
    await resetSession();
    statusEl.textContent = 'Cleared. Nothing was sent anywhere: all data stayed in this browser tab.';
    await renderAll();
  });
}

/** Loads a CSV that was waiting for its columns, with the mapping chosen in the form. */
function mapColumns(file: string, mapping: ColumnMapping): void {
  const f = awaitingMapping.get(file);
  if (f) void load(async () => [f], false, new Map([[file, mapping]]));
}

// ---------- wiring ----------
const fileInput = $<HTMLInputElement>('[data-testid="load-files"]');
const dirInput = $<HTMLInputElement>('[data-testid="load-folder"]');
const say = (text: string) => (statusEl.textContent = text);
/** The user's files: a .pmtiles among them becomes the basemap (load/basemapLoad.ts), the rest is data. */
async function loadUserFiles(files: File[]): Promise<void> {
  const { basemaps, rest } = await takeBasemaps(files);
  if (basemaps.length) await track(() => loadBasemapFiles(basemaps, say));
  if (rest.length || !basemaps.length) await load(() => readFiles(rest), false);
}
fileInput.addEventListener('change', () => {
  const files = [...(fileInput.files ?? [])];
  fileInput.value = '';
  void loadUserFiles(files);
});
dirInput.addEventListener('change', () => {
  const files = [...(dirInput.files ?? [])];
  dirInput.value = '';
  void loadUserFiles(files);
});
installDrop(document.body, (files) => void loadUserFiles(files));
$('#btn-demo').addEventListener('click', () => void clearAll().then(() => load(fetchDemo, true)));
$('#btn-clear').addEventListener('click', () => void clearAll());

const toolbar = { client, mapView, views, track, draw, layerData };
wireExportButtons($, toolbar);
window.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') {
    const ui = store.getState().ui;
    if (ui.ward || ui.hotspot) setUi({ ward: null, hotspot: null });
  }
});

// ---------- views (tasking, ward panel: src/app/views) and print ----------
wireViewButtons($, toolbar);

// ---------- start ----------
const initial: UiState = parseUrl(location.search, location.hash);
store.setState({ ui: initial });
if (!demoAvailable()) $('#btn-demo').setAttribute('disabled', '');
// Printing from the browser's menu draws the charts still waiting for their panel to be seen.
window.addEventListener('beforeprint', drawAllPending);
registerPrintMap(
  $<HTMLImageElement>('#print-map-analyst'),
  () => mapView.map,
  () => !isViewMode(store.getState().ui),
  'screen',
);
void track(async () => {
  await renderAll();
  if (demoAvailable())
    void fetchDemoStreets().then(
      (demoStreets) => store.setState({ demoStreets }),
      (e: unknown) => console.warn(e),
    );
  if (demoAvailable()) await load(fetchDemo, true);
  else statusEl.textContent = 'Drop police.uk crime CSVs and ward boundaries (GeoJSON) anywhere on the page.';
});
