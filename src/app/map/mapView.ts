/**
 * The map: MapLibre with an offline style (background only: no tiles, no glyphs, so
 * nothing leaves the browser) and deck.gl layers through MapLibreOverlay (interleaved,
 * so one canvas holds everything and PNG export reads a single canvas). The ward choropleth
 * and the ward and hotspot outlines are custom WebGL layers in MapLibre's stack (fillLayer.ts,
 * outlineLayer.ts): new data and colours need no round trip through MapLibre's tiling worker,
 * so a change shows in one frame, and they cost a software renderer less per frame than
 * MapLibre's tiled layers. MapLibre keeps the camera, the interaction and the canvas.
 *
 * No multisampling (antialias: false): the outline layers, deck's SDF labels and scatterplot
 * circles smooth their own edges, and on a software renderer (no GPU) 4× MSAA nearly
 * doubled the cost of every frame.
 */
import { Map as MlMap, setWorkerUrl, type StyleSpecification, type LngLatBoundsLike } from 'maplibre-gl';
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { FeatureCollection, Position } from 'geojson';
import { OUTLINES_BEFORE_ID, type MapLibreData } from './layers.ts';
import { AreaOutlines, AreaPicker } from './outlineGeometry.ts';
import { HOTSPOT_STYLE, OutlineLayer, WARD_STYLE } from './outlineLayer.ts';
import { AreaFills } from './fillGeometry.ts';
import { fitPadding } from './fitPadding.ts';
import { FillLayer } from './fillLayer.ts';
import { BASEMAP_FADE, basemapStyle, fadeColour } from './basemapStyle.ts';

setWorkerUrl(maplibreWorkerUrl);

/**
 * What the map is drawn over: a style (basemapStyle.ts: a PMTiles archive or the demo's streets,
 * or a MapLibre style URL), under a key that changes when the basemap does; null: the plain
 * offline map (background only). `attribution` is plain text shown on the map.
 */
export interface BasemapChoice {
  key: string;
  style: StyleSpecification | string;
  attribution: string;
}

/** The ward choropleth layer. */
const WARD_FILL_ID = 'ward-fill';
/** Colour of a ward without a value in the result. */
const NO_FILL = 'rgba(235, 238, 242, 0.35)';

export const BACKGROUND_RGB: [number, number, number] = [0xee, 0xf1, 0xf4];

export interface MapCallbacks {
  onHover: (info: PickingInfo | null, x: number, y: number) => void;
  onClick: (info: PickingInfo) => void;
  onZoom: (zoom: number) => void;
  /**
   * The map was built anew after the browser reset its WebGL context (see MapView.rebuild):
   * the owner sets the layers again from its state.
   */
  onRebuilt?: () => void;
  /** The basemap could not be loaded (the map is then drawn without it); plain text. */
  onBasemapError?: (key: string, message: string) => void;
  /** The canvas's accessible name (MapLibre's 'Map.Title' text; default "Map"): mapKeyboard.ts's MAP_LABEL for the analyst map. */
  label?: string;
}

export class MapView {
  private current!: MlMap;
  /** The basemap the current map was built with (null: the offline style). */
  private basemap: BasemapChoice | null = null;
  /** The basemap's attribution, on the map (plain text, set with textContent). */
  private readonly attributionEl: HTMLElement;
  private overlay!: MapLibreOverlay;
  /** Waiting for the map to load; kept across a rebuild (they wait for the new map). */
  private waiters: (() => void)[] = [];
  private isLoaded = false;

  constructor(
    private readonly container: HTMLElement,
    private readonly cb: MapCallbacks,
  ) {
    this.attributionEl = document.createElement('div');
    this.attributionEl.className = 'map-attribution';
    this.attributionEl.dataset.testid = 'map-attribution';
    this.attributionEl.hidden = true;
    this.build({ center: [-0.1, 51.5], zoom: 10 });
  }

  /** The MapLibre map (another object after a rebuild). */
  get map(): MlMap {
    return this.current;
  }

  /** A new MapLibre map, deck overlay and custom layers in the container, at `camera`. */
  private build(camera: { center: [number, number]; zoom: number }): void {
    const cb = this.cb;
    this.current = new MlMap({
      container: this.container,
      style: this.basemap?.style ?? basemapStyle(null),
      center: camera.center,
      zoom: camera.zoom,
      attributionControl: false,
      // No label fade: with a basemap's labels every redraw would otherwise keep MapLibre drawing
      // (and 'idle' waiting) for the 300 ms of the symbols' fade-in.
      fadeDuration: 0,
      canvasContextAttributes: { preserveDrawingBuffer: true, antialias: false },
      dragRotate: false,
      pitchWithRotate: false,
      locale: { 'Map.Title': cb.label ?? 'Map' },
    });
    this.map.touchZoomRotate.disableRotation();
    this.overlay = new MapLibreOverlay({
      interleaved: true,
      layers: [],
      getCursor: ({ isHovering, isDragging }) =>
        isDragging ? 'grabbing' : isHovering || this.hoveringArea ? 'pointer' : 'grab',
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
    this.map.on('movestart', (e: { originalEvent?: unknown }) => {
      if (e.originalEvent) {
        this.movedByUser = true;
      }
    });
    // deck puts its layers into MapLibre's stack only while map.isStyleLoaded(), which is false
    // while a basemap's tiles are loading, and it tries again only on 'styledata': without this,
    // layers set then (the density) would be missing from the stack, or drawn over the outlines.
    // Once a source has loaded, the same layers are given again (deck adds the missing ones).
    this.map.on('sourcedata', (e) => {
      if (e.isSourceLoaded && this.map.isStyleLoaded()) this.overlay.setProps({ layers: this.deckLayers });
    });
    // After a context loss MapLibre restores its own style but not custom layers (ours and
    // deck's), whose WebGL objects died with the old context: the whole map is built again.
    this.map.on('webglcontextrestored', () => this.rebuild());
    this.container.append(this.attributionEl);
    this.attributionEl.textContent = this.basemap?.attribution ? `Basemap ${this.basemap.attribution}` : '';
    this.attributionEl.hidden = !this.basemap?.attribution;
    const basemap = this.basemap;
    if (basemap) {
      // A style that cannot be fetched or read (refused by the CSP, 404, not a style) never
      // loads: the map is built again without it. Tiles that fail leave gaps; the first such
      // failure is reported once.
      let tileReported = false;
      const onError = (e: { error?: { message?: string }; sourceId?: string }) => {
        if (this.basemap !== basemap) return;
        const message = e.error?.message ?? 'the style could not be loaded';
        if (e.sourceId) {
          if (!tileReported) cb.onBasemapError?.(basemap.key, `tiles of source "${e.sourceId}" failed: ${message}`);
          tileReported = true;
          return;
        }
        if (this.isLoaded) return;
        this.map.off('error', onError);
        this.basemap = null;
        cb.onBasemapError?.(basemap.key, message);
        this.rebuild();
      };
      this.map.on('error', onError);
    }
    this.isLoaded = false;
    // The style, not its tiles: with a basemap, MapLibre's 'load' waits for the first tiles,
    // and the analysis layers need not.
    this.map.once('style.load', () => {
      this.addOutlineLayers();
      this.isLoaded = true;
      const waiting = this.waiters;
      this.waiters = [];
      for (const resolve of waiting) resolve();
    });
  }

  /**
   * A new map at the same camera, with new layers holding no data; the owner then sets its
   * layers again (MapCallbacks.onRebuilt), as on any change. For another basemap, and after
   * the browser reset the WebGL context (a GPU reset, a sleeping laptop, too many tabs).
   */
  rebuild(): void {
    const c = this.map.getCenter();
    const camera = { center: [c.lng, c.lat] as [number, number], zoom: this.map.getZoom() };
    try {
      this.map.remove();
    } catch (e) {
      console.warn('removing the old map:', e);
    }
    this.outlines = null;
    this.wards = null;
    this.appliedFill = null;
    this.selected = { ward: null, hotspot: null };
    this.outlineLayer = new OutlineLayer('hotspot-outlines', HOTSPOT_STYLE);
    this.wardOutlineLayer = new OutlineLayer(OUTLINES_BEFORE_ID, WARD_STYLE);
    this.fillLayer = new FillLayer(WARD_FILL_ID);
    this.build(camera);
    void this.whenLoaded().then(() => this.cb.onRebuilt?.());
  }

  /** Resolves once the map (or the one built in its place) has loaded. */
  private whenLoaded(): Promise<void> {
    return this.isLoaded ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * Draws the map over `b` (null: the plain offline map): when its key changed, the map is built
   * again at the same camera and the owner sets its layers again. A basemap that failed to load
   * is not tried again until another one has been set.
   */
  setBasemap(b: BasemapChoice | null): void {
    const key = b?.key ?? null;
    if (key === this.requestedBasemap) return;
    this.requestedBasemap = key;
    if (key === (this.basemap?.key ?? null)) return;
    this.basemap = b;
    this.rebuild();
  }
  private requestedBasemap: string | null = null;

  /** The key of the basemap drawn (null: none). */
  basemapKey(): string | null {
    return this.basemap?.key ?? null;
  }

  /** The selection last drawn. */
  private selected: { ward: string | null; hotspot: string | null } = { ward: null, hotspot: null };
  /** The ward colours last given to the fill layer. */
  private appliedFill: Map<string, string> | null = null;

  /**
   * The hotspot area, or else the ward, under a screen point, as a deck-style picking info
   * (layer id 'hotspots' or 'wards-fill', object = a feature with the area's properties): the
   * page handles hotspots, wards and deck's crime points alike. Both are looked up in the
   * drawn areas themselves (outlineGeometry.ts's AreaPicker), hotspots first (they lie over
   * the wards).
   */
  private areaAt(info: PickingInfo): PickingInfo | null {
    const { lng, lat } = this.map.unproject([info.x, info.y]);
    const hot = this.outlines;
    if (hot) {
      hot.picker ??= new AreaPicker(hot.fc);
      const f = hot.picker.at(lng, lat);
      if (f >= 0) return this.pickedFeature(info, 'hotspots', hot.fc.features[f].properties);
    }
    const wards = this.wards;
    if (wards) {
      const f = wards.picker.at(lng, lat);
      if (f >= 0) return this.pickedFeature(info, 'wards-fill', wards.fc.features[f].properties);
    }
    return null;
  }

  /** Selects what lies under the centre of the map, as a click there would (mapKeyboard.ts). */
  pickCentre(): void {
    const c = this.map.getCanvas();
    const hit = this.areaAt({ x: c.clientWidth / 2, y: c.clientHeight / 2 } as PickingInfo);
    if (hit) this.cb.onClick(hit);
  }

  private pickedFeature(info: PickingInfo, id: string, properties: unknown): PickingInfo {
    return {
      ...info,
      picked: true,
      index: -1,
      layer: { id },
      object: { type: 'Feature', properties, geometry: null },
    } as unknown as PickingInfo;
  }

  /** The hotspot outlines drawn (by outlineLayer) and their picker (made on first use), for one FeatureCollection. */
  private outlines: { fc: FeatureCollection; picker: AreaPicker | null; ids: Map<string, number> } | null = null;
  private outlineLayer = new OutlineLayer('hotspot-outlines', HOTSPOT_STYLE);
  /** The ward outlines (id OUTLINES_BEFORE_ID: deck layers drawn under the outlines go before it). */
  private wardOutlineLayer = new OutlineLayer(OUTLINES_BEFORE_ID, WARD_STYLE);
  /** The wards drawn (choropleth and outlines), their picker, and ward code → feature index. */
  private wards: { fc: FeatureCollection; picker: AreaPicker; indexOf: Map<string, number> } | null = null;
  private fillLayer = new FillLayer(WARD_FILL_ID);

  private hoveringArea = false;
  /** The deck layers last set (given again once a basemap source has loaded: see build()). */
  private deckLayers: Layer[] = [];

  /**
   * The map's own layers, bottom to top: the ward choropleth (fillLayer.ts), the ward outlines
   * and the hotspot outlines (outlineLayer.ts); deck's layers go before the ward outlines or on
   * top. MapLibre itself draws only the background: no source, so no tiling worker round trip.
   */
  private addOutlineLayers(): void {
    const m = this.map;
    m.addLayer(this.fillLayer);
    m.addLayer(this.wardOutlineLayer);
    m.addLayer(this.outlineLayer);
  }

  /** Gives the layers new wards and hotspot areas when they changed (compared by identity). */
  private setSources(next: MapLibreData): void {
    if (next.wards !== (this.wards?.fc ?? null)) {
      const fc = next.wards;
      this.wards = fc
        ? {
            fc,
            picker: new AreaPicker(fc),
            indexOf: new Map(fc.features.map((f, i) => [String(f.properties?.code ?? ''), i])),
          }
        : null;
      this.fillLayer.setData(fc ? new AreaFills(fc) : null);
      this.wardOutlineLayer.setData(fc ? new AreaOutlines(fc) : null);
      this.appliedFill = null;
      // The selection is re-resolved against the new areas in setStyling.
      this.wardOutlineLayer.setSelected(-1);
      this.selected.ward = null;
    }
    if (next.hotspots !== (this.outlines?.fc ?? null)) {
      const fc = next.hotspots;
      // The picker is built on the first hover or click over these areas, not on the way to the redraw.
      this.outlines = fc
        ? { fc, picker: null, ids: new Map(fc.features.map((f, i) => [String(f.properties?.id ?? ''), i])) }
        : null;
      this.outlineLayer.setData(fc ? new AreaOutlines(fc) : null);
      this.outlineLayer.setSelected(-1);
      this.selected.hotspot = null;
    }
  }

  /** Choropleth colours (a new colour table when any changed) and the selection. */
  private setStyling(next: MapLibreData): void {
    const prev = this.selected;
    const wards = this.wards;
    if (wards && next.wardFill !== this.appliedFill) {
      const colours = wards.fc.features.map((f) => next.wardFill.get(String(f.properties?.code ?? '')) ?? NO_FILL);
      this.fillLayer.setColours(this.basemap ? colours.map((c) => fadeColour(c, BASEMAP_FADE.wardFill)) : colours);
      this.appliedFill = next.wardFill;
    }
    if (next.selectedWard !== prev.ward)
      this.wardOutlineLayer.setSelected(
        next.selectedWard === null ? -1 : (wards?.indexOf.get(next.selectedWard) ?? -1),
      );
    if (next.selectedHotspot !== prev.hotspot)
      this.outlineLayer.setSelected(
        next.selectedHotspot === null ? -1 : (this.outlines?.ids.get(next.selectedHotspot) ?? -1),
      );
    this.selected = { ward: next.selectedWard, hotspot: next.selectedHotspot };
  }

  zoom(): number {
    return this.map.getZoom();
  }

  /**
   * Sets the deck layers and the map's own layers' data, colours and selection; resolves once
   * the new picture has been drawn (all of it in one frame) and handed to the compositor.
   */
  async setLayers(layers: Layer[], ml?: MapLibreData): Promise<void> {
    await this.whenLoaded();
    if (ml) {
      this.setSources(ml);
      this.setStyling(ml);
    }
    // Deck takes new layers in its own next animation frame, before MapLibre's render in it.
    const basemap = this.basemap;
    // Over a basemap the density is drawn lighter (BASEMAP_FADE), the streets showing through.
    const drawn = basemap
      ? layers.map((l) =>
          l.id === 'density' ? l.clone({ opacity: (l.props.opacity ?? 1) * BASEMAP_FADE.density }) : l,
        )
      : layers;
    this.deckLayers = drawn;
    this.overlay.setProps({ layers: drawn });
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
    let w = Infinity,
      s = Infinity,
      e = -Infinity,
      n = -Infinity;
    const visit = (c: Position[] | Position[][] | Position[][][]): void => {
      for (const p of c as unknown[]) {
        if (Array.isArray(p) && typeof p[0] === 'number') {
          const [x, y] = p as number[];
          if (x < w) w = x;
          if (x > e) e = x;
          if (y < s) s = y;
          if (y > n) n = y;
        } else visit(p as Position[][]);
      }
    };
    for (const f of fc.features) {
      const g = f.geometry;
      if (g && (g.type === 'Polygon' || g.type === 'MultiPolygon')) visit(g.coordinates);
    }
    if (!Number.isFinite(w)) return;
    this.fitted = [
      [w, s],
      [e, n],
    ];
    this.movedByUser = false;
    this.fitWithLegend = null;
    this.refit();
  }

  /** Whether the last fit kept room for the legend (null: no fit since fitTo). */
  private fitWithLegend: boolean | null = null;

  /**
   * Fits the map to the bounds last fitted, with room for the legend where it floats over the
   * map (fitPadding.ts). Called by fitTo, and after each draw: then it fits again only when the
   * legend has appeared since the fit (on a first load the wards are fitted before any legend is
   * shown) and the user has not moved the map; a legend that merely changes size never moves it.
   */
  refit(): void {
    if (!this.fitted || this.fitWithLegend === true) return;
    const c = this.map.getContainer();
    const legend = c.parentElement?.querySelector<HTMLElement>('.legend');
    const floating = !!legend && !legend.hidden && getComputedStyle(legend).position === 'absolute';
    if (this.fitWithLegend === false && (!floating || this.movedByUser)) return;
    const padding = fitPadding(
      { width: c.clientWidth, height: c.clientHeight },
      floating && legend ? { width: legend.offsetWidth, height: legend.offsetHeight } : null,
    );
    this.map.fitBounds(this.fitted as LngLatBoundsLike, { padding, animate: false });
    this.fitWithLegend = floating;
  }

  /** Set when the user pans or zooms (a move with a DOM event): refit() then leaves the map alone. */
  private movedByUser = false;

  /** The bounds last fitted with fitTo (west-south, east-north), or null. */
  fitted: [[number, number], [number, number]] | null = null;

  canvas(): HTMLCanvasElement {
    return this.map.getCanvas();
  }
}
