/**
 * The map: MapLibre with an offline style (background only: no tiles, no glyphs, so
 * nothing leaves the browser) and deck.gl layers through MapLibreOverlay (interleaved,
 * so one canvas holds everything and PNG export reads a single canvas). The ward choropleth
 * is a MapLibre fill layer fed from a GeoJSON source (why: layers.ts); the ward and hotspot
 * outlines are custom WebGL layers in MapLibre's stack (outlineLayer.ts: new outlines need no
 * round trip through MapLibre's worker, and they cost a software renderer less per frame).
 *
 * No multisampling (antialias: false): MapLibre's lines, deck's SDF labels and scatterplot
 * circles smooth their own edges, and on a software renderer (no GPU) 4× MSAA nearly
 * doubled the cost of every frame.
 */
import { Map as MlMap, setWorkerUrl, type GeoJSONSource, type MapSourceDataEvent, type StyleSpecification, type LngLatBoundsLike } from 'maplibre-gl';
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { FeatureCollection, Position } from 'geojson';
import { OUTLINES_BEFORE_ID, type MapLibreData } from './layers.ts';
import { AreaOutlines, AreaPicker } from './outlineGeometry.ts';
import { HOTSPOT_STYLE, OutlineLayer, WARD_STYLE } from './outlineLayer.ts';

setWorkerUrl(maplibreWorkerUrl);

const OFFLINE_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } }],
};

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
/** MapLibre's choropleth layer (wards are picked from it). */
const WARD_FILL_ID = 'ward-fill';

export const BACKGROUND_RGB: [number, number, number] = [0xee, 0xf1, 0xf4];

export interface MapCallbacks {
  onHover: (info: PickingInfo | null, x: number, y: number) => void;
  onClick: (info: PickingInfo) => void;
  onZoom: (zoom: number) => void;
}

export class MapView {
  readonly map: MlMap;
  private overlay: MapLibreOverlay;
  private loaded: Promise<void>;
  private isLoaded = false;

  constructor(container: HTMLElement, cb: MapCallbacks) {
    this.map = new MlMap({
      container,
      style: OFFLINE_STYLE,
      center: [-0.1, 51.5],
      zoom: 10,
      attributionControl: false,
      canvasContextAttributes: { preserveDrawingBuffer: true, antialias: false },
      dragRotate: false,
      pitchWithRotate: false,
    });
    this.map.touchZoomRotate.disableRotation();
    this.overlay = new MapLibreOverlay({
      interleaved: true,
      layers: [],
      getCursor: ({ isHovering, isDragging }) => (isDragging ? 'grabbing' : isHovering || this.hoveringArea ? 'pointer' : 'grab'),
      onHover: (info) => {
        const hit = info.picked ? info : this.areaAt(info);
        this.hoveringArea = !info.picked && hit !== null;
        cb.onHover(hit, info.x, info.y);
      },
      onClick: (info) => {
        const hit = info.picked ? info : this.areaAt(info);
        if (hit) cb.onClick(hit);
      },
      onError: (e) => console.warn('deck.gl:', e.message),
    });
    this.map.addControl(this.overlay);
    this.map.on('zoomend', () => cb.onZoom(this.map.getZoom()));
    this.loaded = new Promise((resolve) =>
      this.map.once('load', () => {
        this.addOutlineLayers();
        this.isLoaded = true;
        resolve();
      }),
    );
  }

  /** The selection last drawn. */
  private selected: { ward: string | null; hotspot: string | null } = { ward: null, hotspot: null };
  /** Fill colour last given to each ward's feature state. */
  private appliedFill = new Map<string, string>();

  /**
   * The hotspot area, or else the ward, under a screen point, as a deck-style picking info
   * (layer id 'hotspots' or 'wards-fill', object = a feature with the area's properties): the
   * page handles hotspots, wards and deck's crime points alike. Hotspots are looked up first
   * (they lie over the wards), in the drawn areas themselves (outlineGeometry.ts's AreaPicker);
   * wards through MapLibre's rendered choropleth.
   */
  private areaAt(info: PickingInfo): PickingInfo | null {
    const m = this.map;
    const hot = this.outlines;
    if (hot) {
      const { lng, lat } = m.unproject([info.x, info.y]);
      const f = hot.picker.at(lng, lat);
      if (f >= 0) return this.pickedFeature(info, 'hotspots', hot.fc.features[f].properties);
    }
    if (m.getLayer(WARD_FILL_ID)) {
      const f = m.queryRenderedFeatures([info.x, info.y], { layers: [WARD_FILL_ID] })[0];
      if (f) return this.pickedFeature(info, 'wards-fill', f.properties);
    }
    return null;
  }

  private pickedFeature(info: PickingInfo, id: string, properties: unknown): PickingInfo {
    return { ...info, picked: true, index: -1, layer: { id }, object: { type: 'Feature', properties, geometry: null } } as unknown as PickingInfo;
  }

  /** The hotspot outlines drawn (by outlineLayer) and their picker, for one FeatureCollection. */
  private outlines: { fc: FeatureCollection; picker: AreaPicker; ids: Map<string, number> } | null = null;
  private readonly outlineLayer = new OutlineLayer('hotspot-outlines', HOTSPOT_STYLE);
  /** The ward outlines (id OUTLINES_BEFORE_ID: deck layers drawn under the outlines go before it). */
  private readonly wardOutlineLayer = new OutlineLayer(OUTLINES_BEFORE_ID, WARD_STYLE);
  /** Ward code → feature index in the ward outlines, for the selection. */
  private wardIndexOf = new Map<string, number>();

  private hoveringArea = false;

  /**
   * The ward source and its choropleth, the ward outlines and the hotspot outlines. The ward
   * source is simplified to within 1 px at each zoom (MapLibre's default is 0.375 px): measured
   * on 650 London wards in software WebGL, that cut re-tiling and a London-wide frame by about a
   * third. Hover and click use the same simplified shapes that are drawn.
   */
  private addOutlineLayers(): void {
    const m = this.map;
    m.addSource('wards', { type: 'geojson', data: EMPTY, promoteId: 'code', tolerance: 1 });
    // Choropleth: each ward's colour is a feature state (setStyling), so a filter change restyles
    // the tiles in place instead of re-tiling the boundaries.
    m.addLayer({
      id: WARD_FILL_ID,
      type: 'fill',
      source: 'wards',
      paint: { 'fill-color': ['to-color', ['feature-state', 'fill'], 'rgba(235, 238, 242, 0.35)'], 'fill-antialias': false },
    });
    m.addLayer(this.wardOutlineLayer);
    m.addLayer(this.outlineLayer);
  }

  /** Data given to the ward source (compared by identity). */
  private wardData: FeatureCollection | null = null;

  /**
   * Gives the ward source new data when it changed (returns the ids of the sources MapLibre now
   * re-tiles in its worker), and the outline layer new hotspot outlines.
   */
  private setSources(next: MapLibreData): string[] {
    const m = this.map;
    const changed: string[] = [];
    if (next.wards !== this.wardData) {
      (m.getSource('wards') as GeoJSONSource).setData(next.wards ?? EMPTY);
      m.removeFeatureState({ source: 'wards' });
      this.appliedFill.clear();
      changed.push('wards');
      this.wardData = next.wards;
      const fc = next.wards;
      this.wardOutlineLayer.setData(fc ? new AreaOutlines(fc) : null);
      this.wardIndexOf = new Map((fc?.features ?? []).map((f, i) => [String(f.properties?.code ?? ''), i]));
      this.wardOutlineLayer.setSelected(-1);
      this.selected.ward = null;
    }
    if (next.hotspots !== (this.outlines?.fc ?? null)) {
      const fc = next.hotspots;
      this.outlines = fc ? { fc, picker: new AreaPicker(fc), ids: new Map(fc.features.map((f, i) => [String(f.properties?.id ?? ''), i])) } : null;
      this.outlineLayer.setData(fc ? new AreaOutlines(fc) : null);
      // The selection is re-resolved against the new areas in setStyling.
      this.outlineLayer.setSelected(-1);
      this.selected.hotspot = null;
    }
    return changed;
  }

  /** Choropleth colours (feature states of the wards whose colour changed) and the selection. */
  private setStyling(next: MapLibreData): void {
    const m = this.map;
    const prev = this.selected;
    for (const [code, fill] of next.wardFill) {
      if (this.appliedFill.get(code) === fill) continue;
      m.setFeatureState({ source: 'wards', id: code }, { fill });
      this.appliedFill.set(code, fill);
    }
    if (next.selectedWard !== prev.ward) this.wardOutlineLayer.setSelected(next.selectedWard === null ? -1 : (this.wardIndexOf.get(next.selectedWard) ?? -1));
    if (next.selectedHotspot !== prev.hotspot) this.outlineLayer.setSelected(next.selectedHotspot === null ? -1 : (this.outlines?.ids.get(next.selectedHotspot) ?? -1));
    this.selected = { ward: next.selectedWard, hotspot: next.selectedHotspot };
  }

  /**
   * Resolves once MapLibre has re-tiled these sources after setData (or after 4 s, so that
   * nothing hangs on it). A source reports itself loaded as soon as its worker has the new data
   * ('metadata'), before the tiles in view are rebuilt; so each source must first announce its
   * new 'content' and then be loaded again.
   */
  private sourcesLoaded(ids: string[]): Promise<void> {
    const m = this.map;
    const pending = new Set(ids);
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        m.off('sourcedata', check);
        resolve();
      };
      const seenContent = new Set<string>();
      const check = (e: MapSourceDataEvent) => {
        if (!pending.has(e.sourceId)) return;
        if (e.sourceDataType === 'content') seenContent.add(e.sourceId);
        if (seenContent.has(e.sourceId) && m.isSourceLoaded(e.sourceId)) pending.delete(e.sourceId);
        if (pending.size === 0) finish();
      };
      const timer = setTimeout(finish, 4000);
      m.on('sourcedata', check);
    });
  }

  zoom(): number {
    return this.map.getZoom();
  }

  /**
   * Sets the deck layers and what MapLibre draws; resolves once the new picture has been drawn
   * and handed to the compositor (MapLibre tiles GeoJSON in its worker, so new outlines take a
   * moment to appear).
   */
  async setLayers(layers: Layer[], ml?: MapLibreData): Promise<void> {
    // Synchronous up to the new source data once the style is loaded, so that MapLibre's worker
    // tiles it while the caller goes on (main.ts draws the panels meanwhile).
    if (!this.isLoaded) await this.loaded;
    const changed = ml ? this.setSources(ml) : [];
    // The colours, the selection and deck's layers are handed over at once (deck takes new
    // layers in its own next animation frame), but while MapLibre re-tiles new data no frame is
    // drawn (holdRepaints): the first frame shows the new tiles with everything else, so old
    // and new pictures are not drawn in turn. On a software renderer every frame costs tens of
    // milliseconds, and half-updated frames are wrong to look at anyway.
    if (changed.length) this.holdRepaints();
    if (ml) this.setStyling(ml);
    this.overlay.setProps({ layers });
    if (changed.length) {
      try {
        await this.sourcesLoaded(changed);
      } finally {
        this.releaseRepaints();
      }
    }
    const rendered = this.nextRender();
    this.map.triggerRepaint();
    await rendered;
    await this.idle();
  }

  /** Resolves after MapLibre's next 'render' (or after 4 s, so that nothing hangs on a frame that is not needed). */
  private nextRender(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.map.off('render', done);
        resolve();
      }, 4000);
      this.map.once('render', done);
    });
  }

  /**
   * While new source data is tiled, MapLibre would repaint as soon as its worker has the data
   * (drawing the old tiles again, since the new ones are not built yet) and again for every
   * rebuilt tile. On a software renderer each London-wide frame costs 50–250 ms of the
   * main thread (the compositor reads the canvas back), and those frames also hold up the tiles
   * themselves. So repaint requests are dropped until the tiles are in; then setLayers asks for
   * one frame that shows the new tiles, colours and deck layers together. Tile loading does not
   * need frames: a 'content' change reloads the tiles in view directly. A camera change during
   * the hold shows at its end (at most sourcesLoaded's 4 s timeout).
   */
  private holdRepaints(): void {
    const m = this.map as MlMap & { triggerRepaint: () => void };
    if (Object.prototype.hasOwnProperty.call(m, 'triggerRepaint')) return;
    m.triggerRepaint = () => undefined; // setLayers repaints once the hold ends
  }

  private releaseRepaints(): void {
    delete (this.map as Partial<Pick<MlMap, 'triggerRepaint'>>).triggerRepaint;
  }

  /**
   * Resolves once the map is idle and its last frame has been handed to the compositor: the
   * next animation frame starts only after the previous frame's canvas was committed (with
   * software compositing, read back from the software WebGL), so the picture is on screen.
   */
  idle(): Promise<void> {
    const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    if (this.map.loaded() && !this.map.isMoving() && this.map.areTilesLoaded()) return nextFrame();
    return new Promise<void>((resolve) => this.map.once('idle', () => resolve())).then(nextFrame);
  }

  fitTo(fc: FeatureCollection): void {
    let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
    const visit = (c: Position[] | Position[][] | Position[][][]): void => {
      for (const p of c as unknown[]) {
        if (Array.isArray(p) && typeof p[0] === 'number') {
          const [x, y] = p as number[];
          if (x < w) w = x; if (x > e) e = x; if (y < s) s = y; if (y > n) n = y;
        } else visit(p as Position[][]);
      }
    };
    for (const f of fc.features) {
      const g = f.geometry;
      if (g && (g.type === 'Polygon' || g.type === 'MultiPolygon')) visit(g.coordinates);
    }
    if (Number.isFinite(w)) this.map.fitBounds([[w, s], [e, n]] as LngLatBoundsLike, { padding: { top: 24, right: 24, bottom: 24, left: Math.min(250, this.map.getContainer().clientWidth / 4) }, animate: false });
  }

  canvas(): HTMLCanvasElement {
    return this.map.getCanvas();
  }
}
