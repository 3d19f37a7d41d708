/**
 * The CLI's JSON report: the documented shape (README "CLI") built from an
 * AnalysisResult. Numbers are rounded for reading, never for computing.
 */
import { formatMonth } from '../core/months.ts';
import { REJECT_REASONS } from '../core/types.ts';
import type { AnalysisSession } from '../analysis/session.ts';
import type { AnalysisParams, AnalysisResult } from '../analysis/sessionTypes.ts';
import { hotspotName } from '../analysis/hotspots/naming.ts';
import type { CliOptions } from './args.ts';

const r6 = (v: number | null): number | null => (v === null || !Number.isFinite(v) ? null : Math.round(v * 1e6) / 1e6);

export function buildReport(
  result: AnalysisResult,
  session: AnalysisSession,
  params: AnalysisParams,
  o: CliOptions,
): Record<string, unknown> {
  const k = result.kde;
  const out: Record<string, unknown> = {
    input: inputReport(result),
    wardsFile: result.wardFile,
    window: result.months.window
      ? { from: formatMonth(result.months.window[0]), to: formatMonth(result.months.window[1]) }
      : null,
    monthsMissing: result.months.missing.map(formatMonth),
    filter: result.filterLabel,
    totalInWards: result.totalInWards,
    wards: wardsReport(result, params),
    concentration: {
      top: result.concentration.top.map((t) => ({ n: t.n, share: r6(t.share), wards: t.wards })),
      gini: r6(result.concentration.gini),
      giniGeneralised: r6(result.concentration.giniGeneralised),
      headline: result.concentration.headline,
      caveat: result.concentration.caveat,
    },
    provenance: result.provenance,
  };
  if (k) out.kde = kdeReport(k);
  if (result.stability) out.change = changeReport(result.stability);
  // Hotspot areas only when the density was computed (an output asked for it: analyse.ts needsDensity).
  if (k) out.hotspots = hotspotsReport(result);
  if (o.gistar) {
    const g = session.giStar(params, o.gistar);
    if (g)
      out.gistar = {
        cellMetres: g.cellMetres,
        studyCells: g.cells,
        weights: 'binary, queen neighbours + self',
        fdr: 'Benjamini-Hochberg',
        significantCells: g.counts,
      };
  }
  if (o.patrolAreas) {
    const p = session.patrolAreas(params, o.patrolAreas, result);
    out.patrolAreas = p.rows.map((r) => ({
      ...r,
      share: r6(r.share),
      areaShare: r6(r.areaShare),
      pai: r6(r.pai),
      cumShare: r6(r.cumShare),
      cumAreaShare: r6(r.cumAreaShare),
      cumPai: r6(r.cumPai),
      areaKm2: r6(r.areaKm2),
      cumAreaKm2: r6(r.cumAreaKm2),
    }));
  }
  if (result.actions) {
    out.actions = {
      byWard: result.actions.byWard,
      byHotspot: result.actions.byHotspot,
      boroughWide: result.actions.boroughWide,
      gaps: result.actions.gaps,
      gapReport: result.actions.gapReport,
    };
  }
  return out;
}

function kdeReport(k: NonNullable<AnalysisResult['kde']>): Record<string, unknown> {
  return {
    kernel: k.kernel,
    bandwidthMetres: r6(k.bandwidthMetres),
    bandwidthSource: k.bandwidthSource,
    cellMetres: k.cellMetres,
    method: k.method,
    crs: 'EPSG:27700',
    xllcorner: k.grid.x0,
    yllcorner: k.grid.y0,
    ncols: k.grid.nx,
    nrows: k.grid.ny,
    unit: k.unit,
    max: r6(k.max),
    hotspotThreshold: r6(k.threshold),
    hotspotAreas: k.areas ?? null,
    warnings: k.warnings,
  };
}

function changeReport(st: NonNullable<AnalysisResult['stability']>): Record<string, unknown> {
  return {
    previousWindow: { from: formatMonth(st.previousWindow[0]), to: formatMonth(st.previousWindow[1]) },
    pai1: r6(st.pai1),
    pai2: r6(st.pai2),
    rri: r6(st.rri),
    jaccard: r6(st.jaccard),
    cellsEntered: st.entered,
    cellsLeft: st.left,
    cellsStayed: st.stayed,
    maxIncrease: r6(st.maxIncrease),
    maxDecrease: r6(st.maxDecrease),
  };
}

function hotspotsReport(result: AnalysisResult): Record<string, unknown>[] {
  return result.hotspots.map((h) => ({
    id: h.id,
    rank: h.rank,
    label: h.label,
    place: h.placeLabel,
    // The one display name of the area (hotspots/naming.ts), as every view shows it.
    name: hotspotName(h),
    count: h.count,
    ...(h.previous !== null ? { previous: h.previous, poissonZ: r6(h.poissonZ) } : {}),
    share: r6(h.share),
    areaKm2: r6(h.areaKm2),
    peakDensity: r6(h.peakDensity),
    wards: h.wardNames,
    wardCodes: h.wardCodes,
    topTypes: h.dominantCategories,
    ...(result.actions ? { actions: result.actions.byHotspot[h.id] ?? [] } : {}),
  }));
}

/** The input accounting: rows read, used and rejected by reason (every reason that occurred), per file, and the warnings. */
function inputReport(result: AnalysisResult): Record<string, unknown> {
  const rejected: Record<string, number> = {};
  for (const r of REJECT_REASONS) if (result.input.rejected[r]) rejected[r] = result.input.rejected[r] as number;
  return {
    rowsRead: result.input.rowsRead,
    used: result.input.used,
    rejected,
    files: result.input.files.map((f) => ({
      file: f.file,
      format: f.format,
      rowsRead: f.rowsRead,
      accepted: f.accepted,
      rejected: f.rejected,
      encoding: f.encoding,
    })),
    messages: result.messages.filter((m) => m.level !== 'info'),
  };
}

/** The ward table, with the comparison's columns when there is one. */
function wardsReport(result: AnalysisResult, params: AnalysisParams): Record<string, unknown>[] {
  return result.wards.map((w) => ({
    code: w.code,
    name: w.name,
    count: w.count,
    share: r6(w.share),
    cumulativeShare: r6(w.cumulativeShare),
    rank: w.rank,
    ratePer1000: r6(w.ratePer1000),
    ...(params.compare
      ? {
          previous: w.previous,
          difference: w.difference,
          percentChange: r6(w.percentChange),
          poissonZ: r6(w.poissonZ),
          direction: w.direction,
        }
      : {}),
  }));
}
