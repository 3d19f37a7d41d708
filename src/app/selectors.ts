/**
 * Selectors: what the map and the exports draw, derived from the store's state and memoised
 * on the identity of their inputs (a new result or ward set recomputes; a redraw does not).
 * One instance per page (main.ts); no DOM except ImageData, made by palette.densityImage.
 */
import type { FeatureCollection } from 'geojson';
import type { AnalysisResult, WardResult } from '../analysis/sessionTypes.ts';
import type { AnalysisParams } from '../analysis/sessionTypes.ts';
import { metricValue, type LayerData } from './map/layers.ts';
import { densityImage, wardBreaks } from './map/palette.ts';
import { paramsOf, type AppState, type UiState } from './state/store.ts';
import { wardLabelsOf } from './views/viewMap.ts';

/** The key of a run: two UI states with the same key give the same analysis. */
export function runKey(ui: UiState): string {
  return JSON.stringify(paramsOf(ui) satisfies AnalysisParams);
}

/** Memoised on the identity of the last input only. */
function lastOne<I, O>(f: (input: I) => O): (input: I) => O {
  let have = false;
  let last: I;
  let out: O;
  return (input) => {
    if (!have || input !== last) {
      have = true;
      last = input;
      out = f(input);
    }
    return out;
  };
}

export function createSelectors() {
  /** Density images coloured from the worker's early surface message, by the result they belong to. */
  const earlyImages = new WeakMap<AnalysisResult, ImageData>();
  const wardLabels = lastOne((fc: FeatureCollection | null): LayerData['labels'] => wardLabelsOf(fc));
  const densityFor = lastOne((r: AnalysisResult | null): ImageData | null =>
    r?.kde ? (earlyImages.get(r) ?? densityImage(r.kde.values, r.kde.grid.nx, r.kde.grid.ny, r.kde.max)) : null,
  );
  /** Ward rows by code, and the shading breaks per metric, of one result. */
  const wardsOf = lastOne((r: AnalysisResult | null) => ({
    byCode: new Map<string, WardResult>((r?.wards ?? []).map((w) => [w.code, w])),
    breaks: new Map<string, number[]>(),
  }));

  function layerData(s: AppState, zoom: number): LayerData {
    const r = s.result;
    const w = wardsOf(r);
    let breaks = w.breaks.get(s.ui.metric);
    if (!breaks) {
      breaks = wardBreaks((r?.wards ?? []).map((x) => metricValue(x, s.ui.metric)));
      w.breaks.set(s.ui.metric, breaks);
    }
    return {
      wards: s.wards,
      labels: wardLabels(s.wards),
      result: r,
      wardByCode: w.byCode,
      breaks,
      densityImage: densityFor(r),
      points: s.points,
      zoom,
    };
  }

  /** Keeps the image coloured while the worker traced hotspots, when it fits the result's grid. */
  function keepEarlyImage(result: AnalysisResult, early: ImageData | null): void {
    if (early && result.kde && early.width === result.kde.grid.nx && early.height === result.kde.grid.ny)
      earlyImages.set(result, early);
  }

  return { layerData, keepEarlyImage };
}
