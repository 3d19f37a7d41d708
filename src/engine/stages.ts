/**
 * Pure stages of AnalysisSession.run() (session.ts): each a function of its inputs only (no
 * session state read or changed), in the order run() chains them —
 *
 *   ward table → concentration → density → hotspots → stability → links → provenance
 *
 * Density, hotspots and stability are in density.ts (they share the derivation graph's
 * lattices); the rest are here, with the diagnosis of a load that gives no analysis.
 */
import { unprojectPointBng } from '../core/bng.ts';
import type { ActionRegister, Place } from '../core/actionTypes.ts';
import { formatMonth } from '../core/months.ts';
import type { CrimeTable, IngestMessage, IngestReport, WardSet } from '../core/types.ts';
import { populationYearNote, type PopulationYears } from '../io/population.ts';
import { compareCounts } from '../analysis/compare.ts';
import { concentration as concentrationOf, topShare, type LorenzCurve } from '../analysis/concentration.ts';
import type { CountCube } from '../analysis/cube.ts';
import { diagnose, notLoaded, type Diagnosis } from '../analysis/diagnosis.ts';
import { headline, WARD_CONCENTRATION_CAVEAT, type HeadlineInput } from '../analysis/headline.ts';
import type { Hotspot } from '../analysis/hotspots/areas.ts';
import { nearestPlaceLabel } from '../analysis/actions/label.ts';
import { linkResult, wardCategoryCounts } from '../analysis/actions/linkResult.ts';
import type { WardRow } from '../analysis/shares.ts';
import type { AnalysisResult, HotspotResult, KdeResult, WardResult } from '../analysis/sessionTypes.ts';
import { ringCentroid, wardsBbox } from './geometry.ts';
import type { Sources } from './inputs.ts';
import { provenanceLine } from '../analysis/phrasing.ts';
import { areaMethodShort } from '../analysis/hotspots/methodText.ts';
import { hotspotName } from '../analysis/hotspots/naming.ts';

/** The ward table: the share rows, with the change against the comparison window's counts when there is one. */
export function wardTableStage(rows: readonly WardRow[], prevCounts: Float64Array | null): WardResult[] {
  return rows.map((r) => {
    const c = prevCounts ? compareCounts(r.count, prevCounts[r.index]) : null;
    return {
      code: r.code,
      name: r.name,
      index: r.index,
      count: r.count,
      share: r.share,
      cumulativeShare: r.cumulativeShare,
      rank: r.rank,
      ratePer1000: r.ratePer1000,
      population: r.population,
      previous: c ? c.previous : null,
      difference: c ? c.difference : null,
      percentChange: c ? c.percentChange : null,
      poissonZ: c ? c.z : null,
      direction: c ? c.direction : null,
    };
  });
}

/**
 * Concentration: Gini, the Lorenz curve, the top-n shares at `steps` (every n would be 650
 * entries with 211,000 names for London, cloned to the page on every change; the Lorenz curve
 * carries the full shape) and the headline sentence for the top `topN` wards.
 */
export function concentrationStage(
  rows: readonly WardRow[],
  steps: readonly number[],
  sentence: Omit<HeadlineInput, 'rows'>,
): AnalysisResult['concentration'] {
  const conc = concentrationOf(rows);
  const top: { n: number; share: number; wards: string[] }[] = [];
  for (const n of steps) {
    const ts = topShare(rows, n);
    top.push({ n, share: ts.share, wards: ts.names });
  }
  return {
    top,
    gini: conc.gini ?? 0,
    giniGeneralised: conc.generalisedGini ?? 0,
    lorenz: conc.lorenz
      ? Array.from(conc.lorenz.x, (x, i) => [x, (conc.lorenz as LorenzCurve).y[i]] as [number, number])
      : [],
    headline: headline({ rows, ...sentence }),
    caveat: WARD_CONCENTRATION_CAVEAT,
  };
}

/**
 * The hotspots for the page and the exports: each area's place (the nearest loaded place to its
 * centroid), wards and top crime types, and its crimes in the comparison window with the
 * Poisson z of the change; and the GeoJSON of the areas with the same properties.
 */
export function hotspotResultsStage(
  hotspots: readonly Hotspot[],
  wards: WardSet,
  places: readonly Place[],
): { hotspots: HotspotResult[]; geojson: AnalysisResult['hotspotGeojson'] } {
  const results = hotspots.map((h) => hotspotResult(h, wards, places));
  const features = hotspots.map((h, i) => ({
    type: 'Feature' as const,
    properties: hotspotProps(results[i], h.peak),
    geometry: h.feature.geometry,
  }));
  return { hotspots: results, geojson: { type: 'FeatureCollection', features } };
}

function hotspotResult(h: Hotspot, wards: WardSet, places: readonly Place[]): HotspotResult {
  const [cx, cy] = ringCentroid(h.rings[0]);
  // Crimes of the comparison window inside the same area (hotspotAreas' compareIndex; null without one).
  const previous = h.previousCount;
  return {
    id: h.id,
    rank: h.rank,
    label: h.label ? h.label : `Area ${h.rank}`,
    placeLabel: places.length ? nearestPlaceLabel(cx, cy, places) : null,
    count: h.count,
    share: h.share,
    areaKm2: h.areaKm2,
    peakDensity: h.peak,
    wardCodes: h.wards.map((w) => wards.codes[w]),
    wardNames: h.wards.map((w) => wards.names[w]),
    dominantCategories: h.categories.map((c) => ({ category: c.name, count: c.count })),
    wardCounts: wardCodeCounts(h.wardCounts, wards.codes),
    previous,
    poissonZ: previous === null ? null : compareCounts(h.count, previous).z,
  };
}

/** A hotspot's crimes by ward code, in the order of its ward indexes (ascending, as for … in gives integer keys). */
function wardCodeCounts(byIndex: Record<number, number>, codes: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w in byIndex) out[codes[Number(w)]] = byIndex[w];
  return out;
}

/**
 * Properties of a hotspot area's GeoJSON feature, built in one literal (spreading the engine's
 * feature properties into these cost ~10 ms a London run): count, share, areaKm2, peak, label,
 * id, rank as the engine gives them, then the place, the display name, peak density, wards and top crime types.
 */
function hotspotProps(h: HotspotResult, peak: number): Record<string, unknown> {
  return {
    count: h.count,
    share: h.share,
    areaKm2: h.areaKm2,
    peak,
    label: h.label,
    id: h.id,
    rank: h.rank,
    place: h.placeLabel,
    // The area's one display name (hotspots/naming.ts), as every view shows it.
    name: hotspotName(h),
    peakDensity: h.peakDensity,
    wards: h.wardNames.join('; '),
    wardCodes: h.wardCodes.join('; '),
    topTypes: h.dominantCategories.map((c) => `${c.category} (${c.count})`).join('; '),
  };
}

/** The plan's actions linked to the wards and hotspots (actions/linkResult.ts), with the targets' category counts in the window. */
export function linksStage(
  register: ActionRegister,
  places: readonly Place[],
  wards: WardSet,
  rows: readonly WardResult[],
  hotspots: readonly Hotspot[],
  counts: { cube: CountCube; categories: readonly string[]; mask: Uint8Array; from: number; to: number } | null,
): NonNullable<AnalysisResult['actions']> {
  const c = counts ? wardCategoryCounts(counts.cube, counts.categories, counts.mask, counts.from, counts.to) : null;
  return linkResult({ register, places, wards, rows, hotspots, counts: c });
}

export interface ProvenanceInput {
  sources: Readonly<Sources>;
  rowsRead: number | null;
  wards: WardSet | null;
  window: [number, number] | null;
  /** describeFilter() of the run's filter. */
  what: string;
  kde: KdeResult | null;
  /** The population table's file and the year its rates use (null: no Year column). */
  population: { source: string; year: number | null; years: PopulationYears | null } | null;
  register: ActionRegister | null;
  /** When the crimes come from a cube: its provenance (in place of the crime files'). */
  cubeNote?: string | null;
}

/** One line saying where every number came from: files, wards, months, selection, density method, population, plan (the words: analysis/phrasing.ts). */
export function provenanceStage(p: ProvenanceInput): string {
  const k = p.kde;
  const pop = p.population;
  const m = p.wards?.meta;
  return provenanceLine({
    cubeNote: p.cubeNote ?? null,
    crimeFiles: p.sources.crimes.length,
    rowsRead: p.rowsRead ?? 0,
    wards: p.wards && m ? { file: m.file, count: p.wards.count, vintage: m.vintage ?? null, crs: m.crs } : null,
    months: p.window ? [formatMonth(p.window[0]), formatMonth(p.window[1])] : null,
    what: p.what,
    density: k
      ? `${k.kernel} kernel, bandwidth ${Math.round(k.bandwidthMetres)} m (${k.bandwidthSource}), ${k.cellMetres} m cells, EPSG:27700, ${k.unit}, ${k.method === 'exact' ? 'exact kernel sums' : `linear binning + ${k.method === 'fft' ? 'FFT' : 'stencil'} convolution`}`
      : null,
    areas: k ? areaMethodShort(k.areas) : null,
    population: pop
      ? pop.year !== null && pop.years
        ? populationYearNote(pop.year, pop.years, pop.source)
        : `population: ${pop.source}`
      : null,
    plan: p.register ? p.register.plan.title : null,
  });
}

/** The n of the top-n shares: 1–10, then 15, 20, 25, 50, 100, 200, 500, 1000 (at most the number of wards), and the headline's n. */
export function topSteps(nWards: number, headlineN: number): number[] {
  const steps = new Set<number>();
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 25, 50, 100, 200, 500, 1000]) if (n <= nWards) steps.add(n);
  if (headlineN >= 1 && headlineN <= nWards) steps.add(headlineN);
  return [...steps].sort((a, b) => a - b);
}

/** Files that were not loaded at all, one error each (diagnosis.ts notLoaded). */
export function failedFiles(messages: readonly IngestMessage[], src: Readonly<Sources>): IngestMessage[] {
  const loaded = new Set<string>([
    ...src.crimes,
    ...src.boundaries,
    ...src.places,
    ...(src.population ? [src.population] : []),
    ...(src.register ? [src.register] : []),
  ]);
  return notLoaded(messages, loaded);
}

/** Why there is no analysis (diagnosis.ts), or null when at least one crime lies inside the wards. */
export function diagnosisStage(
  report: IngestReport,
  failed: IngestMessage[],
  crimeFiles: readonly string[],
  table: CrimeTable | null,
  wards: WardSet | null,
): Diagnosis | null {
  const outside = report.rejected['outside-wards'] ?? 0;
  const rowsValid = report.used + outside;
  const rejected = { ...report.rejected };
  delete rejected['outside-wards'];
  let crimesAt: [number, number] | null = null;
  let wardsAt: [number, number] | null = null;
  if (wards && table && rowsValid > 0 && report.used === 0) {
    // Every crime outside the wards: where are they, and where are the wards?
    crimesAt = meanPoint(table);
    const [a, b, c, d] = wardsBbox(wards);
    wardsAt = unprojectPointBng((a + c) / 2, (b + d) / 2);
  }
  return diagnose({
    crimeFiles,
    rowsRead: report.rowsRead,
    rowsValid,
    outside,
    rejected,
    wards: wards ? { file: wards.meta.file, count: wards.count } : null,
    failed,
    crimesAt,
    wardsAt,
  });
}

/** WGS84 of the mean BNG point of the rows with coordinates, or null when none has. */
function meanPoint(t: CrimeTable): [number, number] | null {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    if (!Number.isFinite(t.x[i]) || !Number.isFinite(t.y[i])) continue;
    sx += t.x[i];
    sy += t.y[i];
    n++;
  }
  return n ? unprojectPointBng(sx / n, sy / n) : null;
}
