/** Conversions from the run's parameters (sessionTypes.ts) to the analysis modules' inputs, written once. */
import type { ThresholdRule } from '../analysis/hotspots/areas.ts';
import type { KdeParams } from '../analysis/sessionTypes.ts';

/** The hotspot threshold as hotspots/areas.ts takes it: k × mean of non-zero cells, or the top p% of cells. */
export function thresholdRule(t: KdeParams['threshold']): ThresholdRule {
  return t.kind === 'mean-multiple' ? { kind: 'mean-multiple', k: t.k } : { kind: 'top-percent', percent: t.p };
}
