/**
 * Pure stages of AnalysisSession.run() (session.ts): each a function of its inputs only, in
 * the order run() chains them — ward table → concentration → density → hotspots → stability →
 * links → provenance. The first two are here; density and the later stages are still session
 * methods (they read the session's derived products), to be moved the same way.
 */
import { compareCounts } from '../analysis/compare.ts';
import { concentration as concentrationOf, topShare, type LorenzCurve } from '../analysis/concentration.ts';
import { headline, WARD_CONCENTRATION_CAVEAT, type HeadlineInput } from '../analysis/headline.ts';
import type { WardRow } from '../analysis/shares.ts';
import type { AnalysisResult, WardResult } from '../analysis/sessionTypes.ts';

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
    lorenz: conc.lorenz ? Array.from(conc.lorenz.x, (x, i) => [x, (conc.lorenz as LorenzCurve).y[i]] as [number, number]) : [],
    headline: headline({ rows, ...sentence }),
    caveat: WARD_CONCENTRATION_CAVEAT,
  };
}
