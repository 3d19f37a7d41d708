/**
 * The map of the tasking view and the ward panel: a second MapView (own WebGL canvas) drawn with the
 * analyst view's pure buildLayers() (wards unshaded, density, hotspots, labels; never crime points)
 * plus a view-specific overlay: the patrol areas (tasking) or a grey veil over the neighbouring wards
 * (ward panel).
 */
import { GeoJsonLayer, TextLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { FeatureCollection, Geometry, Polygon } from 'geojson';
import { labelPoint } from '../map/labelPlacement.ts';
import type { AnalysisResult } from '../../analysis/sessionTypes.ts';
import { MapView } from '../map/mapView.ts';
import { basemapChoice } from '../map/basemapChoice.ts';
import { buildLayers, buildMapLibreData, UNDER_OUTLINES, type LayerData } from '../map/layers.ts';
import { densityImage } from '../map/palette.ts';
import type { AppState } from '../state/store.ts';

export { labelPoint } from '../map/labelPlacement.ts';

/** Ward label anchors with the ward's east–west extent in degrees (layers.ts hides labels of wards too small on screen). */
export function wardLabelsOf(fc: FeatureCollection | null): LayerData['labels'] {
  return (fc?.features ?? []).map((f) => {
    let w = Infinity;
    let e = -Infinity;
    const g = f.geometry;
    const polys = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : [];
    for (const p of polys)
      for (const [x] of p[0] ?? []) {
        if (x < w) w = x;
        if (x > e) e = x;
      }
    return {
      code: String(f.properties?.code ?? ''),
      name: String(f.properties?.name ?? ''),
      position: labelPoint(f),
      span: e > w ? e - w : 0,
    };
  });
}

export interface ViewOverlay {
  /** Ward panel: the ward in focus (others veiled). */
  focusWard?: string | null;
  /** Tasking: the chosen patrol areas, numbered by rank. */
  patrol?: FeatureCollection<Polygon> | null;
  /** Draw the density surface. */
  density: boolean;
}

export class ViewMap {
  readonly view: MapView;
  private fitKey = '';
  private imageFor: AnalysisResult | null = null;
  private image: ImageData | null = null;
  private labelsFor: FeatureCollection | null = null;
  private labels: LayerData['labels'] = [];

  constructor(readonly container: HTMLElement) {
    this.view = new MapView(container, {
      onHover: () => {},
      onClick: () => {},
      onZoom: () => this.last && void this.draw(...this.last),
      onRebuilt: () => this.last && void this.draw(...this.last),
    });
  }

  /** The last picture asked for, drawn again if the map is rebuilt after a WebGL context loss. */
  private last: [AppState, ViewOverlay] | null = null;

  async draw(s: AppState, o: ViewOverlay): Promise<void> {
    this.last = [s, o];
    const r = s.result;
    if (r !== this.imageFor) {
      this.imageFor = r;
      this.image = r?.kde ? densityImage(r.kde.values, r.kde.grid.nx, r.kde.grid.ny, r.kde.max) : null;
    }
    if (s.wards !== this.labelsFor) {
      this.labelsFor = s.wards;
      this.labels = wardLabelsOf(s.wards);
    }
    // Fit to the focus ward (ward panel) or to all wards, once per target.
    const focus = o.focusWard
      ? (s.wards?.features.filter((f) => String(f.properties?.code) === o.focusWard) ?? [])
      : null;
    const key = `${o.focusWard ?? '*'}|${s.wards?.features.length ?? 0}`;
    if (s.wards && key !== this.fitKey) {
      this.fitKey = key;
      this.view.map.resize();
      this.view.fitTo(focus && focus.length ? { type: 'FeatureCollection', features: focus } : s.wards);
    }
    const data: LayerData = {
      wards: s.wards,
      labels: this.labels,
      result: r,
      wardByCode: new Map(),
      breaks: [],
      densityImage: this.image,
      points: null,
      zoom: this.view.zoom(),
    };
    const ui = { metric: 'none' as const, density: o.density, ward: o.focusWard ?? null, hotspot: null };
    const layers = buildLayers(ui, data);
    addOverlayLayers(layers, s, o);
    this.view.setBasemap(basemapChoice(s));
    await this.view.setLayers(layers, buildMapLibreData(ui, data));
  }
}

/** The view's overlay put into `layers`: the veil over the other wards and the patrol areas with their numbers. */
function addOverlayLayers(layers: Layer[], s: AppState, o: ViewOverlay): void {
  const extra: Layer[] = [];
  if (o.focusWard && s.wards) {
    const others = s.wards.features.filter((f) => String(f.properties?.code) !== o.focusWard);
    extra.push(
      new GeoJsonLayer({
        id: 'context-veil',
        data: { type: 'FeatureCollection', features: others } as FeatureCollection<Geometry>,
        filled: true,
        stroked: false,
        getFillColor: [238, 241, 244, 185],
        ...UNDER_OUTLINES,
      }) as unknown as Layer,
    );
  }
  // The veil goes over the density surface (deck's first layer when shown) and under the
  // outlines (MapLibre's, see layers.ts).
  layers.splice(layers.findIndex((l) => l.id === 'density') + 1, 0, ...extra);
  if (o.patrol && o.patrol.features.length) addPatrolLayers(layers, o.patrol);
}

/**
 * Patrol areas in purple (PuOr's dark end): apart from the density's yellow-to-red; their
 * numbers P1…Pk sit at the area's centre (its rank badge is outside its north-east corner).
 */
function addPatrolLayers(layers: Layer[], patrol: FeatureCollection<Polygon>): void {
  const pts = patrol.features.map((f) => ({ rank: String(f.properties?.rank ?? ''), position: labelPoint(f) }));
  const li = layers.findIndex((l) => l.id === 'ward-labels');
  layers.splice(
    li < 0 ? layers.length : li,
    0,
    new GeoJsonLayer({
      id: 'patrol',
      data: patrol,
      filled: true,
      stroked: true,
      getFillColor: [84, 39, 143, 60],
      getLineColor: [84, 39, 143, 255],
      getLineWidth: 3,
      lineWidthUnits: 'pixels',
    }) as unknown as Layer,
  );
  layers.push(
    new TextLayer<{ rank: string; position: [number, number] }>({
      id: 'patrol-rank',
      data: pts,
      getPosition: (p) => p.position,
      getText: (p) => `P${p.rank}`,
      getSize: 15,
      sizeUnits: 'pixels',
      getColor: [84, 39, 143, 255],
      outlineWidth: 5,
      outlineColor: [255, 255, 255, 255],
      fontSettings: { sdf: true },
      fontFamily: 'system-ui, sans-serif',
      fontWeight: 700,
      characterSet: 'auto',
    }) as unknown as Layer,
  );
}
