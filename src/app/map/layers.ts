/**
 * buildLayers(state, data) → deck.gl layers, and buildMapLibreData(state, data) → what the map's
 * own layers draw (choropleth colours, ward and hotspot areas, selection). PURE: no DOM, no
 * store access; the same inputs give the same layers (ids, data and colours), which keeps
 * redraws cheap (deck diffs by id and data identity) and makes the map reproducible from the URL.
 *
 * Order, bottom to top: ward choropleth (fillLayer.ts), density surface (deck, placed under the
 * 'ward-lines' layer with `beforeId`), ward outlines (+ selection) and hotspot outlines (white
 * halo under black; outlineLayer.ts), then crime points (street zoom only) and ward labels
 * (deck). Wards and hotspot areas are picked by a point-in-area look-up in the drawn areas
 * (outlineGeometry.ts), crime points through deck.
 *
 * Why the choropleth and the outlines are not deck.gl GeoJsonLayers: a PathLayer sends every
 * vertex of every ring through a heavy vertex shader on every frame. Measured in headless
 * Chromium on this machine type (software WebGL, no GPU), 650 wards of ~200 vertices plus 1,641
 * hotspot outlines took 8–11 s per frame as PathLayers and 0.16 s as MapLibre lines; the filled
 * wards cost another ~0.2 s a frame as a deck layer. The map's own layers have lighter shaders
 * still, their outlines are simplified per zoom level, and a filter change uploads only a table
 * of ward colours. On a laptop GPU all are fast, but a council desktop without a usable GPU
 * falls back to the same software renderer.
 */
import { BitmapLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { labelHalfSize, northEastCorner, placeLabels, project } from './labelPlacement.ts';
import type { Layer } from '@deck.gl/core';
import type { FeatureCollection } from 'geojson';
import type { AnalysisResult, WardResult } from '../../analysis/sessionTypes.ts';
import type { PointsPayload } from '../../worker/protocol.ts';
import type { UiState } from '../state/store.ts';
import { classOf, WARD_COLOURS } from './palette.ts';
import { hotspotRankLimit, hotspotsAtZoom } from './hotspotZoom.ts';

/** The ward outline layer (outlineLayer.ts), which deck layers drawn under the outlines are placed before. */
export const OUTLINES_BEFORE_ID = 'ward-lines';

/**
 * Spread into a deck layer's props to draw it under the ward outlines (@deck.gl/maplibre's
 * interleaved `beforeId`, which deck's own prop types do not declare).
 */
export const UNDER_OUTLINES: { beforeId: string } = { beforeId: OUTLINES_BEFORE_ID };

/** Zoom from which individual crime points are drawn. */
export const POINTS_MIN_ZOOM = 14.5;

export interface WardLabel {
  code: string;
  name: string;
  position: [number, number];
  span: number;
}

/**
 * A ward is labelled when it is at least this many pixels wide on screen (or selected): at
 * London-wide zooms 650 overlapping names are unreadable, and each costs a software renderer.
 */
export const LABEL_MIN_PX = 40;

/** Hotspot numbers: font size (px) of the rank badge; every area is numbered where its badge fits. */
export const HOTSPOT_NUMBER_PX = 12;

export interface HotspotNumber {
  id: string;
  rank: number;
  position: [number, number];
}

/**
 * The labels to draw at a zoom (quarter-zoom steps, so that the array only changes when that
 * step does): hotspot rank numbers first (by rank), then ward names (selected first, then larger
 * wards), none overlapping another (labelPlacement.ts).
 */
const labelCache = new WeakMap<
  WardLabel[],
  {
    step: number;
    ward: string | null;
    numbers: HotspotNumber[] | null;
    shown: WardLabel[];
    shownNumbers: HotspotNumber[];
  }
>();
export function labelsAtZoom(
  all: WardLabel[],
  zoom: number,
  selected: string | null,
  numbers: HotspotNumber[] | null = null,
): { wards: WardLabel[]; numbers: HotspotNumber[] } {
  const step = Math.floor(zoom * 4) / 4;
  const hit = labelCache.get(all);
  if (hit && hit.step === step && hit.ward === selected && hit.numbers === numbers)
    return { wards: hit.shown, numbers: hit.shownNumbers };
  const pxPerDegree = (512 * 2 ** step) / 360;
  const nums = numbers ?? [];
  // A badge sits just outside its area's north-east corner (text anchor start, baseline bottom),
  // so that it never hides a small area, its outline or its peak: its box is offset to match.
  const badge = (n: HotspotNumber) => {
    const [hw, hh] = labelHalfSize(String(n.rank), HOTSPOT_NUMBER_PX);
    return { hw, hh, offset: [hw, -hh] as [number, number] };
  };
  const keptNumbers = placeLabels(
    nums.map((n) => ({
      position: n.position,
      text: String(n.rank),
      size: HOTSPOT_NUMBER_PX,
      priority: -n.rank,
      offset: badge(n).offset,
    })),
    step,
  );
  const shownNumbers = keptNumbers.map((i) => nums[i]);
  const reserved = shownNumbers.map((n) => {
    const [px, py] = project(n.position, step);
    const { hw, hh } = badge(n);
    return [px, py - 2 * hh, px + 2 * hw, py] as [number, number, number, number];
  });
  const wide = all.filter((l) => l.span * pxPerDegree >= LABEL_MIN_PX || l.code === selected);
  const kept = placeLabels(
    wide.map((l) => ({
      position: l.position,
      text: l.name,
      size: 12,
      priority: l.code === selected ? Infinity : l.span,
    })),
    step,
    reserved,
  );
  const shown = kept.map((i) => wide[i]);
  labelCache.set(all, { step, ward: selected, numbers, shown, shownNumbers });
  return { wards: shown, numbers: shownNumbers };
}

/** Rank-number anchors of a result's hotspot areas (cached per result). */
const numberCache = new WeakMap<AnalysisResult, HotspotNumber[]>();
export function hotspotNumbers(r: AnalysisResult | null): HotspotNumber[] | null {
  if (!r) return null;
  let out = numberCache.get(r);
  if (!out) {
    out = r.hotspotGeojson.features.map((f) => ({
      id: String(f.properties?.id ?? ''),
      rank: Number(f.properties?.rank ?? 0),
      position: northEastCorner(f),
    }));
    numberCache.set(r, out);
  }
  return out;
}

/** The rank numbers of the areas drawn at this zoom (hotspotZoom.ts), the same array while the set is the same. */
const zoomNumberCache = new WeakMap<HotspotNumber[], Map<string, HotspotNumber[]>>();
function numbersAtZoom(r: AnalysisResult | null, zoom: number, selected: string | null): HotspotNumber[] | null {
  const all = hotspotNumbers(r);
  const limit = hotspotRankLimit(zoom);
  if (!all || all.length <= limit) return all;
  const key = `${limit}|${selected ?? ''}`;
  let byKey = zoomNumberCache.get(all);
  if (!byKey) zoomNumberCache.set(all, (byKey = new Map()));
  let out = byKey.get(key);
  if (!out) byKey.set(key, (out = all.filter((n) => n.rank <= limit || n.id === selected)));
  return out;
}

export interface LayerData {
  wards: FeatureCollection | null;
  /** Ward label anchors [lon, lat] with the ward name and its east–west extent in degrees. */
  labels: WardLabel[];
  result: AnalysisResult | null;
  /** Result wards by code (derived from result). */
  wardByCode: Map<string, WardResult>;
  /** Class breaks for the current metric (palette.wardBreaks). */
  breaks: number[];
  densityImage: ImageData | null;
  points: PointsPayload | null;
  zoom: number;
}

export function metricValue(w: WardResult | undefined, metric: UiState['metric']): number | null {
  if (!w) return null;
  if (metric === 'count') return w.count;
  if (metric === 'share') return w.share;
  if (metric === 'rate') return w.ratePer1000;
  return null;
}

export function buildLayers(
  ui: Pick<UiState, 'density' | 'ward'> & Partial<Pick<UiState, 'hotspot'>>,
  d: LayerData,
): Layer[] {
  const layers: Layer[] = [];
  if (ui.density && d.densityImage && d.result?.kde) {
    const c = d.result.kde.corners; // SW, SE, NE, NW (engine) → deck wants [SW, NW, NE, SE]
    layers.push(
      new BitmapLayer({
        id: 'density',
        image: d.densityImage,
        bounds: [c[0], c[3], c[2], c[1]],
        textureParameters: { minFilter: 'nearest', magFilter: 'nearest' },
        opacity: 0.85,
        ...UNDER_OUTLINES,
      }) as unknown as Layer,
    );
  }
  if (d.points && d.points.length && d.zoom >= POINTS_MIN_ZOOM) {
    layers.push(
      new ScatterplotLayer({
        id: 'points',
        data: { length: d.points.length, attributes: { getPosition: { value: d.points.positions, size: 2 } } },
        getRadius: 3,
        radiusUnits: 'pixels',
        getFillColor: [213, 94, 0, 220],
        stroked: true,
        getLineColor: [255, 255, 255, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
        pickable: true,
      }) as unknown as Layer,
    );
  }
  const placed = labelsAtZoom(d.labels, d.zoom, ui.ward, numbersAtZoom(d.result, d.zoom, ui.hotspot ?? null));
  const labels = placed.wards;
  if (labels.length) {
    layers.push(
      new TextLayer<WardLabel>({
        id: 'ward-labels',
        data: labels,
        getPosition: (l) => l.position,
        getText: (l) => l.name,
        getSize: 12,
        sizeUnits: 'pixels',
        getColor: [20, 24, 32, 255],
        outlineWidth: 4,
        outlineColor: [255, 255, 255, 230],
        fontSettings: { sdf: true },
        fontFamily: 'system-ui, sans-serif',
        characterSet: 'auto',
        getTextAnchor: 'middle',
        getAlignmentBaseline: 'center',
      }) as unknown as Layer,
    );
  }
  // Hotspot areas numbered by rank on the map (as in the list and the legend): white on a dark
  // slate badge (not the outlines' black), so that a number is never read as a ward name.
  if (placed.numbers.length) {
    layers.push(
      new TextLayer<HotspotNumber>({
        id: 'hotspot-numbers',
        data: placed.numbers,
        getPosition: (n) => n.position,
        getText: (n) => String(n.rank),
        getSize: HOTSPOT_NUMBER_PX,
        sizeUnits: 'pixels',
        getColor: [255, 255, 255, 255],
        fontWeight: 700,
        fontFamily: 'system-ui, sans-serif',
        characterSet: '0123456789',
        background: true,
        getBackgroundColor: [52, 58, 70, 255],
        backgroundPadding: [3, 1],
        getTextAnchor: 'start',
        getAlignmentBaseline: 'bottom',
      }) as unknown as Layer,
    );
  }
  return layers;
}

/** What the map's own layers draw (see the header): the wards and their colours, the hotspot areas and the selection. */
export interface MapLibreData {
  wards: FeatureCollection | null;
  /** Ward code → fill colour (CSS rgba) of the choropleth. */
  wardFill: Map<string, string>;
  hotspots: FeatureCollection | null;
  selectedWard: string | null;
  selectedHotspot: string | null;
}

/** The choropleth colour of one ward: its class colour, or a pale grey without a value (or with no shading). */
export function wardFillColour(
  v: number | null,
  metric: UiState['metric'],
  density: boolean,
  breaks: number[],
): string {
  if (v === null) return `rgba(235, 238, 242, ${metric === 'none' ? 0.35 : 0.78})`;
  const [r, g, b] = WARD_COLOURS[classOf(v, breaks)];
  return `rgba(${r}, ${g}, ${b}, ${density ? 0.55 : 0.78})`;
}

export function buildMapLibreData(
  ui: Pick<UiState, 'ward' | 'hotspot' | 'metric' | 'density'>,
  d: Pick<LayerData, 'wards' | 'result' | 'wardByCode' | 'breaks'> & Partial<Pick<LayerData, 'zoom'>>,
): MapLibreData {
  // At city zoom only the leading areas are outlined (hotspotZoom.ts); all of them from street zoom.
  const all = d.result?.hotspotGeojson;
  const hs = all && d.zoom !== undefined ? hotspotsAtZoom(all as FeatureCollection, d.zoom, ui.hotspot) : all;
  const wardFill = new Map<string, string>();
  for (const f of d.wards?.features ?? []) {
    const code = String(f.properties?.code ?? '');
    wardFill.set(code, wardFillColour(metricValue(d.wardByCode.get(code), ui.metric), ui.metric, ui.density, d.breaks));
  }
  return {
    wards: d.wards,
    wardFill,
    hotspots: hs && hs.features.length ? (hs as FeatureCollection) : null,
    selectedWard: ui.ward,
    selectedHotspot: ui.hotspot,
  };
}
