/**
 * The contract between the engine session (src/analysis/session.ts) and its
 * shells: the Web Worker (src/worker), the CLI (src/cli) and the page (src/app).
 * Plain data only: typed arrays, numbers, strings, GeoJSON. Everything here can
 * cross a postMessage boundary (typed arrays are transferred, not cloned).
 */
import type { FeatureCollection } from 'geojson';
import type { IngestReport, IngestMessage } from '../core/types.ts';
import type { AreaName } from './headline.ts';
import type { Diagnosis } from './diagnosis.ts';

export type KernelName = 'quartic' | 'epanechnikov' | 'triweight' | 'uniform' | 'gaussian';
export type BandwidthRule = 'sfhotspot' | 'arcgis' | 'scott' | 'practitioner';

export interface FilterParams {
  /** Inclusive month indexes (months.ts). null = the whole loaded range. */
  from: number | null;
  to: number | null;
  /** police.uk category names and/or composite group ids; null = all crime. */
  categories: string[] | null;
  /** "All crime" excludes Anti-social behaviour unless this is true. */
  includeAsb: boolean;
  /** When from and to are both null: the latest n loaded months (tasking and ward views). */
  recentMonths?: number | null;
}

export interface KdeParams {
  kernel: KernelName;
  /** Metres (sigma for the Gaussian), or a named rule. */
  bandwidth: number | BandwidthRule;
  /** Metres, or 'auto' (the rule's own cell size). */
  cell: number | 'auto';
  /** Hotspot threshold: k × mean of non-zero cells, or the top p% of cells. */
  threshold: { kind: 'mean-multiple'; k: number } | { kind: 'top-percent'; p: number };
  /** Output per month of the window instead of over the whole window. */
  perMonth: boolean;
  /** Weight each crime by the input's weight column (harm weighting); counts stay counts. */
  weighted?: boolean;
  /**
   * How hotspot areas are drawn (hotspots/areas.ts): 'compact' (default) splits the threshold's
   * areas at their saddles into areas of at most maxAreaKm2 (default 1 km²) around each peak;
   * 'threshold' keeps one area per contour polygon, however large.
   */
  areas?: HotspotAreaParams;
}

export interface HotspotAreaParams {
  method: 'compact' | 'threshold';
  /** Largest compact area in km² (ignored by 'threshold'). */
  maxAreaKm2: number;
}

export interface AnalysisParams {
  filter: FilterParams;
  /** Comparison window; 'previous' = the equal-length window just before. */
  compare: { from: number; to: number } | 'previous' | null;
  kde: KdeParams | null;
  /** N for the headline sentence ("… in 5 of Haringey's 19 wards"). */
  topN: number;
  /** Ward code for the ward panel: adds `wardDetail` (monthly series and crime types) to the result. */
  detailWard?: string | null;
}

/** One ward's monthly series (every loaded month, selected types) and crime types in the window (all types). */
export interface WardDetail {
  code: string;
  name: string;
  trend: { month: number; count: number }[];
  types: { category: string; count: number }[];
}

export interface WardResult {
  code: string;
  name: string;
  index: number;
  count: number;
  share: number;
  cumulativeShare: number;
  rank: number;
  ratePer1000: number | null;
  population: number | null;
  previous: number | null;
  difference: number | null;
  percentChange: number | null;
  poissonZ: number | null;
  direction: string | null;
}

export type { GridSpec } from './kde/grid.ts';
import type { GridSpec } from './kde/grid.ts';

export interface KdeResult {
  grid: GridSpec;
  /** Density per cell, row 0 = south, in `unit`. */
  values: Float32Array;
  max: number;
  kernel: KernelName;
  bandwidthMetres: number;
  bandwidthSource: string;
  cellMetres: number;
  /**
   * How the sums were made (kde.ts): 'exact' = the kernel summed at every cell centre (crimes on
   * one map point summed once, weighted by their count); 'stencil' / 'fft' = linear binning on
   * the cell lattice, then convolution (within 1% of exact).
   */
  method: 'exact' | 'stencil' | 'fft';
  unit: string;
  /** WGS84 bounds of the grid's corners for drawing as an image: [west, south, east, north] are not exact
   *  because BNG is not aligned with lon/lat; the four corners are given instead (SW, SE, NE, NW). */
  corners: [[number, number], [number, number], [number, number], [number, number]];
  warnings: string[];
  threshold: number;
  /** How the hotspot areas were drawn (KdeParams.areas with its defaults filled in). */
  areas?: HotspotAreaParams;
}

export interface HotspotResult {
  id: string;
  rank: number;
  label: string;
  placeLabel: string | null;
  count: number;
  share: number;
  areaKm2: number;
  peakDensity: number;
  wardCodes: string[];
  wardNames: string[];
  dominantCategories: { category: string; count: number }[];
  /** Crimes inside the area by the ward (code) their point is in: the ward panel's "this ward's part". */
  wardCounts: Record<string, number>;
  previous: number | null;
  poissonZ: number | null;
}

export interface LinkedAction {
  actionId: string;
  summary: string;
  lead: string;
  status: string;
  kind: 'named-place' | 'place-type' | 'category';
  /** Why it is linked (actions/link.ts): the strongest reason, then every reason. */
  reason: string;
  reasons: string[];
  strength: number;
}

/** A borough-wide action (actions/link.ts isBoroughWide): listed apart, never linked. */
export interface BoroughWideAction {
  actionId: string;
  summary: string;
  lead: string;
  status: string;
}

/** The gap analysis (actions/link.ts gaps), structured for the page. */
export interface GapResult {
  /** Hotspots no specific action covers (no named place in or next to it, no targeted place type inside it). */
  uncoveredHotspots: { id: string; label: string; categoryLinks: number }[];
  /** Place-targeted actions whose located places are in (or next to) no hotspot. */
  actionsOutsideHotspots: { actionId: string; summary: string; places: string[] }[];
  /** Place-targeted actions whose named places could not be located. */
  unlocatedActions: { actionId: string; summary: string; places: string[] }[];
}

/** Hotspot stability between the comparison window (period 1) and the window (period 2),
 *  on one grid and bandwidth: PAI of period 1's hotspot cells in each period, RRI = PAI₂/PAI₁,
 *  Jaccard overlap of the two hotspot-cell sets, and cells that entered, left or stayed. */
export interface StabilityResult {
  previousWindow: [number, number];
  pai1: number;
  pai2: number;
  rri: number;
  jaccard: number;
  entered: number;
  left: number;
  stayed: number;
  /** Largest increase and decrease of density between the periods, in the surface's unit. */
  maxIncrease: number;
  maxDecrease: number;
}

export interface AnalysisResult {
  input: IngestReport;
  /**
   * borough: the area's name (a borough, "London", or null); boroughs: distinct boroughs the wards
   * name (0: none); area: what the sentences call it (headline.ts areaName: one name, several local
   * authorities, or null when no local-authority column was found); authorityField: the column(s) read.
   */
  wardFile: {
    file: string;
    count: number;
    vintage: string | null;
    borough: string | null;
    boroughs: number;
    crs: string;
    area: AreaName;
    authorityField: string | null;
  };
  months: { first: number | null; last: number | null; missing: number[]; window: [number, number] | null };
  filterLabel: string;
  wards: WardResult[];
  totalInWards: number;
  concentration: {
    /** Share of crime in the top n wards (names in rank order) for n = topSteps(): 1–10, 15, 20, 25, 50, 100 … up to the number of wards. */
    top: { n: number; share: number; wards: string[] }[];
    gini: number;
    giniGeneralised: number;
    lorenz: [number, number][];
    headline: string;
    caveat: string;
  };
  trend: { month: number; count: number }[];
  types: { category: string; count: number }[];
  kde: KdeResult | null;
  hotspots: HotspotResult[];
  hotspotGeojson: FeatureCollection;
  /** Present when a comparison window is loaded and the density surface was computed. */
  stability?: StabilityResult | null;
  actions: {
    byWard: Record<string, LinkedAction[]>;
    byHotspot: Record<string, LinkedAction[]>;
    /** Actions the plan ties to no place: their own list, never counted as covering a hotspot. */
    boroughWide: BoroughWideAction[];
    /** The gaps as sentences, and structured. */
    gaps: string[];
    gapReport: GapResult;
  } | null;
  provenance: string;
  messages: IngestMessage[];
  /** The comparison window actually used (null when not loaded). */
  compareWindow?: [number, number] | null;
  /** Σ ward areas in km² (the A of PAI = (n/N)/(a/A)). */
  studyAreaKm2?: number;
  /** Why there is no analysis (no boundaries, no crimes, all outside…), or null when there is one (diagnosis.ts). */
  diagnosis: Diagnosis | null;
  /** Files that were not loaded at all, one error message each. */
  notLoaded: IngestMessage[];
  /** Present when params.detailWard names a loaded ward. */
  wardDetail?: WardDetail | null;
}
