/**
 * App state: a zustand vanilla store. `ui` is what the URL holds (url.ts);
 * the rest is derived from the worker (data loaded, last result, points).
 */
import { createStore } from 'zustand/vanilla';
import type { FeatureCollection } from 'geojson';
import type { AnalysisParams, AnalysisResult, BandwidthRule, KernelName, KdeParams } from '../../analysis/sessionTypes.ts';
import type { IngestMessage } from '../../analysis/types.ts';
import type { PointsPayload } from '../../worker/protocol.ts';

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
  metric: Metric;
  density: boolean;
  view: 'analyst' | 'briefing';
  ward: string | null;
  hotspot: string | null;
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
  metric: 'count',
  density: true,
  view: 'analyst',
  ward: null,
  hotspot: null,
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
}));

export function setUi(patch: Partial<UiState>): void {
  store.setState((s) => ({ ui: { ...s.ui, ...patch } }));
}

/** The engine parameters for the current UI state. */
export function paramsOf(ui: UiState): AnalysisParams {
  return {
    filter: { from: ui.from, to: ui.to, categories: ui.types && ui.types.length ? ui.types : null, includeAsb: ui.includeAsb },
    compare: 'previous',
    kde: { kernel: ui.kernel, bandwidth: ui.bandwidth, cell: ui.cell, threshold: ui.threshold, perMonth: false },
    topN: 5,
  };
}
