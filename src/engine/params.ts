/** Conversions from the run's parameters (sessionTypes.ts) to the analysis modules' inputs, written once. */
import type { ThresholdRule } from '../analysis/hotspots/areas.ts';
import type { HotspotAreaParams, KdeParams } from '../analysis/sessionTypes.ts';
import { DEFAULT_AREA_METHOD, DEFAULT_MAX_AREA_KM2 } from '../analysis/hotspots/areas.ts';

/** How hotspot areas are drawn, defaults filled in: compact areas of at most 1 km². */
export function areaParams(kp: KdeParams): HotspotAreaParams {
  return { method: kp.areas?.method ?? DEFAULT_AREA_METHOD, maxAreaKm2: kp.areas?.maxAreaKm2 ?? DEFAULT_MAX_AREA_KM2 };
}

/** The hotspot threshold as hotspots/areas.ts takes it: k × mean of non-zero cells, or the top p% of cells. */
export function thresholdRule(t: KdeParams['threshold']): ThresholdRule {
  return t.kind === 'mean-multiple' ? { kind: 'mean-multiple', k: t.k } : { kind: 'top-percent', percent: t.p };
}
