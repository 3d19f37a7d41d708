/**
 * App state: a zustand vanilla store. `ui` is what the URL holds (url.ts);
 * the rest is derived from the worker (data loaded, last result, points).
 */
import { createStore } from 'zustand/vanilla';
import type { FeatureCollection } from 'geojson';
import type {
  AnalysisParams,
  AnalysisResult,
  BandwidthRule,
  KernelName,
  KdeParams,
} from '../../analysis/sessionTypes.ts';
import type { IngestMessage } from '../../core/types.ts';
import type { PointsPayload } from '../../worker/protocol.ts';
import type { ActionFilters, RegisterState } from '../actions/model.ts';
import type { PendingMapping } from '../panels/guide.ts';
import type { LoadedBasemap } from '../map/basemapSource.ts';

export type Metric = 'count' | 'share' | 'rate' | 'none';

export interface UiState {
  from: number | null;
  to: number | null;
  types: string[] | null;
  includeAsb: boolean;
  kernel: KernelName;
  bandwidth: number | BandwidthRule;
  cell: number | 'auto';
  threshold: KdeParams['threshold'];
  /** How hotspot areas are drawn: compact areas of at most maxAreaKm2 (default), or whole threshold areas. */
  areas: NonNullable<KdeParams['areas']>;
  metric: Metric;
  density: boolean;
  /** 'tasking' (?view=tasking) and 'ward' (#/ward/<code>, the ward in `ward`) are src/app/views. */
  view: 'analyst' | 'briefing' | 'tasking' | 'ward';
  ward: string | null;
  hotspot: string | null;
  /** Latest n loaded months when from/to are not set (tasking 3, ward panel 12 by default). */
  recent: number | null;
  /** Tasking: number of patrol areas, or the hand-picked hotspot ids. */
  k: number;
  picked: string[] | null;
  /** Public mode (ward panel): every figure follows analysis/disclosure.ts; no points and no density surface drawn. */
  publicMode: boolean;
  /** Public mode: sensitive counts below this read "fewer than N". */
  minCount: number;
  /** Compare with the previous period of equal length (when it is loaded): change column, direction of travel. */
  compare: boolean;
  /** A MapLibre style URL drawn under everything (map/basemap.ts); null: none, the plain offline map. */
  basemap: string | null;
  /** Which linked plan actions the actions panel lists ('' = any): display only, not the analysis. */
  actionFilters: ActionFilters;
}

export const DEFAULT_UI: UiState = {
  from: null,
  to: null,
  types: null,
  includeAsb: false,
  kernel: 'quartic',
  bandwidth: 'practitioner',
  cell: 'auto',
  threshold: { kind: 'mean-multiple', k: 2 },
  areas: { method: 'compact', maxAreaKm2: 1 },
  metric: 'count',
  density: true,
  view: 'analyst',
  ward: null,
  hotspot: null,
  recent: null,
  k: 3,
  picked: null,
  publicMode: false,
  minCount: 10,
  compare: true,
  basemap: null,
  actionFilters: { status: '', lead: '', kind: '' },
};

export interface AppState {
  ui: UiState;
  /** 'empty' before any data, 'loading' while files are read, 'running' during analysis, 'ready' otherwise. */
  status: 'empty' | 'loading' | 'running' | 'ready' | 'error';
  error: string | null;
  demo: boolean;
  wards: FeatureCollection | null;
  loadMessages: IngestMessage[];
  /** Month range of the loaded data (from the first result), for the month selects. */
  dataMonths: [number, number] | null;
  result: AnalysisResult | null;
  points: PointsPayload | null;
  hover: string | null;
  /** The plan's action register in use (bundled match or the user's file) with the analyst's edits (src/app/actions). */
  register: RegisterState | null;
  /** CSVs not loaded because their columns were not recognised, awaiting the user's mapping (panels/guide.ts). */
  pendingMapping: PendingMapping[];
  /** One line about the last load shown above the headline ("Your files replaced the synthetic demo."), or null. */
  notice: string | null;
  /**
   * The basemap opened this session (a dropped .pmtiles or one hosted beside the app:
   * map/basemapSource.ts); kept when data are loaded again or cleared, and across views.
   */
  basemap: LoadedBasemap | null;
  /** The demo borough's own synthetic streets, drawn while the demo shows and no basemap was opened. */
  demoStreets: FeatureCollection | null;
}

export const store = createStore<AppState>(() => ({
  ui: DEFAULT_UI,
  status: 'empty',
  error: null,
  demo: false,
  wards: null,
  loadMessages: [],
  dataMonths: null,
  result: null,
  points: null,
  hover: null,
  register: null,
  pendingMapping: [],
  notice: null,
  basemap: null,
  demoStreets: null,
}));

export function setUi(patch: Partial<UiState>): void {
  store.setState((s) => ({ ui: { ...s.ui, ...patch } }));
}

/** The engine parameters for the current UI state. */
export function paramsOf(ui: UiState): AnalysisParams {
  return {
    filter: {
      from: ui.from,
      to: ui.to,
      categories: ui.types && ui.types.length ? ui.types : null,
      includeAsb: ui.includeAsb,
      ...(ui.recent && ui.from === null && ui.to === null ? { recentMonths: ui.recent } : {}),
    },
    compare: ui.compare ? 'previous' : null,
    kde: {
      kernel: ui.kernel,
      // Public mode does not change the analysis (the ward panel's figures are the analyst's, only
      // suppressed); the public map draws no density surface instead (views.ts).
      bandwidth: ui.bandwidth,
      cell: ui.cell,
      threshold: ui.threshold,
      areas: ui.areas,
      perMonth: false,
    },
    topN: 5,
    ...(ui.view === 'ward' && ui.ward ? { detailWard: ui.ward } : {}),
  };
}
