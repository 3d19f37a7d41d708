/**
 * One analysis session: the loaded files (engine/inputs.ts), everything derived from them
 * (engine/derived.ts, the derivation graph), and `run(params)` that turns a filter and density
 * settings into an AnalysisResult through a chain of pure stages:
 *
 *   ward table → concentration → density → hotspots → stability → links → provenance
 *   (stages.ts)  (stages.ts)     (density.ts ─────────────────────)  (stages.ts ────────)
 *
 * This is the single engine behind all three shells: the Web Worker (page), the CLI and the
 * tests. It holds no DOM and no map objects, and its only state is its inputs: a run reads
 * them and the graph's products and changes neither.
 *
 * Pipeline on load: detect each file's format → crimes stream into one CrimeIngest (every row
 * used or rejected with a counted reason) → boundaries read into a WardSet → points projected
 * to BNG (proj4-free OSGB36 Helmert, core/bng.ts) → each point assigned to a ward through the
 * edge-grid index → counts cube ward × category × month. After that every filter change is a
 * sum over the cube (ward table) and one KDE over the selected rows.
 *
 * Conventions (also in the README):
 * - Shares are of the crimes inside the loaded wards; rows outside every ward are
 *   rejected as 'outside-wards' so that rowsRead = used + Σ rejected always holds.
 * - The density surface uses the same rows as the ward table (inside the wards, in the
 *   window, of the selected types); the grid covers the wards' extent plus h.
 * - "All crime" excludes Anti-social behaviour unless includeAsb.
 * - Rates use the population of the window's last year (or the latest year before it).
 */
import type { FeatureCollection, Polygon } from 'geojson';
import type { IngestedPart } from '../io/ingestPart.ts';
import type { CrimeTable, IngestReport, RejectReason, WardSet } from '../core/types.ts';
import type { ActionRegister } from '../core/actionTypes.ts';
import { coversMonths, wardTotals, type CountCube } from './cube.ts';
import { categoryMask, describeFilter, filterPhrase } from './filter.ts';
import { wardShares } from './shares.ts';
import { previousPeriod } from './compare.ts';
import { areaName, periodLabel, WARD_CONCENTRATION_CAVEAT } from './headline.ts';
import type { GridSpec } from './kde/grid.ts';
import type { PatrolRow } from './hotspots/patrol.ts';
import type { Hotspot } from './hotspots/areas.ts';
import type { AnalysisParams, AnalysisResult, KdeParams } from './sessionTypes.ts';
import { DerivedProducts, type Selection } from '../engine/derived.ts';
import type { CubeTable } from '../engine/cubeInput.ts';
import { areaParams } from '../engine/params.ts';
import {
  SessionInputs,
  type LoadOptions,
  type LoadSummary,
  type SessionFile,
  type StreamOptions,
} from '../engine/inputs.ts';
import {
  concentrationStage,
  diagnosisStage,
  failedFiles,
  hotspotResultsStage,
  linksStage,
  provenanceStage,
  topSteps,
  wardTableStage,
} from '../engine/stages.ts';
import { densityStage, hotspotsStage, stabilityStage, type DensityInputs, type Surface } from '../engine/density.ts';
import { trendOf, typesInWindow, wardDetailOf } from '../engine/cubeViews.ts';
import { asciiGridOf, giStarOf, patrolAreasOf, pointsOf, type GiStarResult } from '../engine/queries.ts';

export {
  STREAM_LIMITS,
  type LoadOptions,
  type LoadSummary,
  type SessionFile,
  type StreamOptions,
} from '../engine/inputs.ts';
export { topSteps } from '../engine/stages.ts';

/** Callbacks during a run (the worker uses them to send early what the page can prepare meanwhile). */
export interface RunHooks {
  /** The density surface (the run's `kde.values` before their float32 copy, and its grid and maximum), as soon as it is computed, before the hotspot areas. */
  onSurface?: (values: Float64Array, grid: GridSpec, max: number) => void;
}

/** Crimes and wards both loaded, with the products every run starts from. */
interface Loaded extends DensityInputs {
  cube: CountCube;
}

export class AnalysisSession {
  /** Every derived product, each declared once with its inputs as key (engine/derived.ts). */
  private readonly graph = new DerivedProducts();
  private readonly inputs: SessionInputs;
  private table: CrimeTable | null = null;

  constructor(now: Date = new Date()) {
    this.inputs = new SessionInputs(now, (w) => this.graph.wardIndex(w));
  }

  /** Load any mix of files; the format of each is detected from its content (engine/inputs.ts). */
  addFiles(files: readonly SessionFile[], options: LoadOptions = {}): LoadSummary {
    return this.loaded(this.inputs.addFiles(files, options));
  }

  /** Stream ONE crime file chunk by chunk, within STREAM_LIMITS (engine/inputs.ts). */
  async addCrimeStream(
    name: string,
    size: number,
    chunks: AsyncIterable<Uint8Array>,
    options: StreamOptions = {},
  ): Promise<LoadSummary> {
    return this.loaded(await this.inputs.addCrimeStream(name, size, chunks, options));
  }

  /** A police.uk street CSV read in another thread; false when it cannot be absorbed (engine/inputs.ts). `rowsToCome`: an estimate of the rows still to come. */
  absorbCrimePart(part: IngestedPart, rowsToCome = 0): boolean {
    return this.inputs.absorbCrimePart(part, rowsToCome);
  }

  /** An area of a cube instead of crime files (engine/cubeInput.ts): its wards, and rows whose ward the cube gave. */
  absorbCube(c: CubeTable): void {
    this.loaded(this.inputs.absorbCube(c));
  }

  /** Replace the action register (e.g. after edits in the page). */
  setRegister(register: ActionRegister | null, source = 'edited in the page'): void {
    this.inputs.setRegister(register, source);
  }

  get hasWards(): boolean {
    return this.inputs.wards !== null;
  }

  get crimeCount(): number {
    return this.inputs.table?.length ?? 0;
  }

  get loadedRegister(): ActionRegister | null {
    return this.inputs.register;
  }

  get wardSet(): WardSet | null {
    return this.inputs.wards;
  }

  /**
   * Binning passes made for density surfaces so far, and times cached bins were re-used instead
   * (a change of bandwidth or kernel alone re-uses them). Surfaces computed by the exact method
   * sum over the points and use no bins, so they count in neither.
   */
  get binning(): { passes: number; reused: number } {
    return { ...this.graph.binStats };
  }

  /** The accounting with ward assignment: rows outside every ward move from used to 'outside-wards'. */
  report(): IngestReport {
    const base = this.inputs.report ?? { rowsRead: 0, used: 0, rejected: {}, files: [], messages: [] };
    const said = this.inputs.messages;
    const messages = [...said, ...base.messages.filter((m) => !said.includes(m))];
    const l = this.data();
    if (!l) return { ...base, messages };
    const outside = this.graph.outsideCount(l.wardOfRow);
    const rejected: Partial<Record<RejectReason, number>> = { ...base.rejected };
    if (outside) rejected['outside-wards'] = (rejected['outside-wards'] ?? 0) + outside;
    return { ...base, used: base.used - outside, rejected, messages };
  }

  /** The whole analysis for one set of parameters: the stages chained (see the header). */
  run(params: AnalysisParams, hooks: RunHooks = {}): AnalysisResult {
    const l = this.data();
    const win = l ? this.window(params) : null;
    const out = this.emptyResult(params);
    if (!l || !win) {
      out.provenance = this.provenance(out.filterLabel, null, null);
      const { wards, register } = this.inputs;
      if (wards && register) out.actions = linksStage(register, this.inputs.places, wards, out.wards, [], null);
      return out;
    }
    const [from, to] = win;
    const { table, wards, cube } = l;
    const population = this.inputs.population ? this.graph.populationFor(this.inputs.population, to) : null;
    const mask = categoryMask(params.filter, table.categories);
    const rows = wardShares(cube, mask, from, to, wards, population?.map ?? undefined);
    // Comparison with another window (default: the equal-length window just before), when loaded.
    const cmp = params.compare === 'previous' ? previousPeriod(from, to) : params.compare;
    const compare = cmp && coversMonths(cube, cmp.from, cmp.to) ? cmp : null;
    if (compare) out.compareWindow = [compare.from, compare.to];
    out.studyAreaKm2 = this.graph.studyAreaKm2(wards);
    if (params.detailWard)
      out.wardDetail = wardDetailOf(cube, table.categories, wards, params.detailWard, {
        mask,
        from,
        to,
        includeAsb: params.filter.includeAsb,
      });
    const topN = Math.max(1, Math.min(params.topN, wards.count));
    out.wards = wardTableStage(rows, compare ? wardTotals(cube, mask, compare.from, compare.to) : null);
    out.totalInWards = rows.reduce((s, r) => s + r.count, 0);
    out.months.window = [from, to];
    const area = out.wardFile.area;
    out.concentration = concentrationStage(rows, topSteps(rows.length, topN), {
      n: topN,
      what: filterPhrase(params.filter, this.loadedTypes()),
      period: periodLabel(from, to),
      area,
    });
    out.trend = trendOf(cube, mask);
    out.types = typesInWindow(cube, table.categories, from, to);
    const sel = this.graph.selection(table, l.wardOfRow, mask, from, to);
    // The comparison window's rows (same filter), counted in each hotspot area by the same rule.
    const prevSel = compare ? this.graph.selection(table, l.wardOfRow, mask, compare.from, compare.to) : null;
    const hotspots = params.kde ? this.densityStages(out, l, params, sel, prevSel, hooks) : [];
    const register = this.inputs.register;
    if (register)
      out.actions = linksStage(register, this.inputs.places, wards, out.wards, hotspots, {
        cube,
        categories: table.categories,
        mask,
        from,
        to,
      });
    out.provenance = this.provenance(out.filterLabel, [from, to], out.kde, population?.year);
    return out;
  }

  /** density → hotspots → stability, into `out`; a density failure (e.g. the grid's cell budget) becomes a warning. */
  private densityStages(
    out: AnalysisResult,
    l: Loaded,
    params: AnalysisParams,
    sel: Selection,
    prevSel: Selection | null,
    hooks: RunHooks,
  ): Hotspot[] {
    const kp = params.kde as KdeParams;
    let surface: Surface | null = null;
    let hs: { threshold: number; hotspots: Hotspot[] } | null = null;
    try {
      surface = densityStage(l, kp, sel);
      if (surface) {
        hooks.onSurface?.(surface.values, surface.result.grid, surface.result.max);
        hs = hotspotsStage(l, kp, surface, sel, prevSel);
      }
    } catch (e) {
      out.messages = [
        ...out.messages,
        { level: 'warning', file: '', line: 0, message: e instanceof Error ? e.message : String(e) },
      ];
    }
    if (!surface || !hs) return [];
    out.kde = { ...surface.result, threshold: hs.threshold, areas: areaParams(kp) };
    const results = hotspotResultsStage(hs.hotspots, l.wards, this.inputs.places);
    out.hotspots = results.hotspots;
    if (prevSel) out.stability = stabilityStage(l, kp, { ...surface, threshold: hs.threshold }, sel, prevSel);
    out.hotspotGeojson = results.geojson;
    return hs.hotspots;
  }

  /** The result before any stage: the input accounting, the wards loaded, the months covered and why there is no analysis. */
  private emptyResult(params: AnalysisParams): AnalysisResult {
    const report = this.report();
    const wards = this.inputs.wards;
    const area = wards ? areaName(boroughName(wards.meta.borough), wards.meta.authorities) : null;
    const failed = failedFiles(report.messages, this.inputs.sources);
    return {
      input: report,
      wardFile: wards
        ? {
            file: wards.meta.file,
            count: wards.count,
            vintage: wards.meta.vintage,
            borough: wards.meta.borough,
            boroughs: wards.meta.boroughs,
            crs: wards.meta.crs,
            area,
            authorityField: wards.meta.authorityField,
          }
        : { file: '', count: 0, vintage: null, borough: null, boroughs: 0, crs: '', area: null, authorityField: null },
      months: { ...this.monthCoverage(), window: null },
      filterLabel: describeFilter(params.filter, this.loadedTypes()),
      wards: [],
      totalInWards: 0,
      concentration: {
        top: [],
        gini: 0,
        giniGeneralised: 0,
        lorenz: [],
        headline: '',
        caveat: WARD_CONCENTRATION_CAVEAT,
      },
      trend: [],
      types: [],
      kde: null,
      hotspots: [],
      hotspotGeojson: { type: 'FeatureCollection', features: [] },
      actions: null,
      provenance: '',
      messages: report.messages,
      diagnosis: diagnosisStage(report, failed, this.inputs.sources.crimes, this.inputs.table, wards),
      notLoaded: failed,
    };
  }

  private provenance(
    what: string,
    win: [number, number] | null,
    kde: AnalysisResult['kde'],
    year?: number | null,
  ): string {
    const p = this.inputs.population;
    const population = p ? { source: p.source, year: year === undefined ? p.year : year, years: p.years } : null;
    const { sources, wards, register } = this.inputs;
    return provenanceStage({
      sources,
      rowsRead: this.inputs.report?.rowsRead ?? null,
      wards,
      window: win,
      what,
      kde,
      population,
      register,
      cubeNote: this.inputs.cube?.summary.provenance ?? null,
    });
  }

  /** Selected points (inside wards, window, types) as WGS84 Float32 pairs for drawing. */
  points(params: AnalysisParams): { lonLat: Float32Array; category: Uint16Array; categories: string[] } {
    const s = this.selected(params);
    return s
      ? pointsOf(s.l.table, s.sel)
      : { lonLat: new Float32Array(0), category: new Uint16Array(0), categories: [] };
  }

  /**
   * Getis-Ord Gi* on crime counts in square cells of `cellMetres` over the wards (study
   * area = cells whose centre lies in a ward), with the window and types of `params`.
   * Significant cells come back as WGS84 square polygons with z, p and class.
   */
  giStar(params: AnalysisParams, cellMetres: number, fdr = true): GiStarResult | null {
    const s = this.selected(params);
    return s ? giStarOf(s.l.table, s.l.wards, s.l.index, s.sel, cellMetres, fdr) : null;
  }

  /** The density grid of `params` as an ESRI ASCII grid (EPSG:27700, rows north to south). */
  asciiGrid(params: AnalysisParams): string | null {
    const s = params.kde ? this.selected(params) : null;
    return s && params.kde ? asciiGridOf(s.l, params.kde, s.sel) : null;
  }

  /** Top-k hotspot areas as patrol areas with running share of crime, share of area and PAI. */
  patrolAreas(
    params: AnalysisParams,
    k: number,
    result?: AnalysisResult,
  ): { rows: PatrolRow[]; geojson: FeatureCollection<Polygon> } {
    const r = result ?? this.run(params);
    const wards = this.inputs.wards;
    return patrolAreasOf(r, wards ? this.graph.studyAreaKm2(wards) : 0, k);
  }

  /**
   * After a load: a new crime table frees the selections kept for the old one, and the ward of
   * every row and the cube are derived now (as part of the load, not of the first run).
   */
  private loaded<S>(summary: S): S {
    if (this.inputs.table !== this.table) {
      this.table = this.inputs.table;
      this.graph.forgetSelections();
    }
    this.data();
    return summary;
  }

  /** Crimes and wards with the ward of every row and the cube (graph products), or null until both are loaded. */
  private data(): Loaded | null {
    const { table, wards } = this.inputs;
    if (!table || !wards) return null;
    // ward of row and cube ← table and ward index; an opened cube's rows keep the wards it gave.
    const c = this.inputs.cube;
    const { wardOfRow, cube } = c ? this.graph.cubeAssignment(c) : this.graph.assignment(table, wards);
    return { table, wards, index: this.graph.wardIndex(wards), wardOfRow, cube, graph: this.graph };
  }

  /** The loaded data and the rows `params` select, or null without crimes, wards or months. */
  private selected(params: AnalysisParams): { l: Loaded; sel: Selection } | null {
    const l = this.data();
    const win = l ? this.window(params) : null;
    if (!l || !win) return null;
    return {
      l,
      sel: this.graph.selection(l.table, l.wardOfRow, categoryMask(params.filter, l.table.categories), win[0], win[1]),
    };
  }

  /** The crime types with at least one row inside the wards (any month), in police.uk order: the sentences name them when they are few. */
  private loadedTypes(): string[] | undefined {
    const l = this.data();
    return l ? this.graph.loadedTypes(l.cube, l.table) : undefined;
  }

  /** Loaded month range and the months inside it with no records at all (derived.ts). */
  private monthCoverage(): { first: number | null; last: number | null; missing: number[] } {
    const t = this.inputs.table;
    return t && t.length ? this.graph.monthCoverage(t) : { first: null, last: null, missing: [] };
  }

  /** The analysis window: the filter's months, or its latest n loaded months, within the loaded range. */
  private window(params: AnalysisParams): [number, number] | null {
    const cov = this.monthCoverage();
    if (cov.first === null || cov.last === null) return null;
    const recent = params.filter.recentMonths;
    if (params.filter.from === null && params.filter.to === null && recent && recent > 0)
      return [Math.max(cov.first, cov.last - Math.floor(recent) + 1), cov.last];
    const from = params.filter.from ?? cov.first;
    const to = params.filter.to ?? cov.last;
    return from <= to ? [from, to] : [to, from];
  }
}

/** "Hollowfield (synthetic demo)" → "Hollowfield": the headline names the area, not its label. */
function boroughName(b: string | null): string | null {
  if (!b) return null;
  return b.replace(/\s*\(synthetic[^)]*\)\s*$/i, '').trim() || null;
}
