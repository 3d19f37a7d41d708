/**
 * The basemap's muted style, written here (no third-party style): a light background, water,
 * parks and land use barely tinted, roads in greys by class, and place and street labels in
 * grey with a white halo. It is the bottom of the map: MapLibre draws these layers first and
 * the analysis layers (ward shading, density, outlines, labels: mapView.ts) over them.
 *
 * Schemas. The style reads the vector layers an archive declares (its metadata `vector_layers`):
 * - the simple Planetiler "baselayer" of the test extract (`water` polygons, `roads` lines
 *   without a class, `labels` points with `name`);
 * - OpenMapTiles (`water`, `waterway`, `landcover`, `landuse`, `park`, `transportation` with
 *   `class`, `transportation_name` with `name`, `place` with `name` and `class`);
 * - Protomaps' basemap (`earth`, `water`, `landuse` and `landcover` with `kind`, `roads` with
 *   `kind` and `name`, `places` with `name` and `kind`).
 * A road's class is `class` (OpenMapTiles) or else `kind` (Protomaps); a road without either is
 * drawn as a minor road. Layers an archive does not have are left out (unknown vector layers
 * are not drawn).
 *
 * Labels: the style has no `glyphs` URL on purpose. MapLibre 6 then draws every glyph in the
 * browser from the fonts named in `text-font` (TinySDF over a canvas; glyph_manager.ts: "If the
 * style hasn't opted into server-side fonts … draw the glyph locally"), so no font is fetched
 * from anywhere and nothing is generated at build time; the fonts are whatever the device has
 * (LABEL_FONT lists common ones, then the generic sans-serif).
 *
 * Pure: builds plain style objects (types only from maplibre-gl).
 */
import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification, LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';

/** The map's background (also the offline map's and the print's fill). */
export const BASEMAP_BACKGROUND = '#eef1f4';
/** Font stack for basemap labels: drawn locally by MapLibre (see above). */
export const LABEL_FONT = ['Noto Sans', 'DejaVu Sans', 'Liberation Sans', 'Arial', 'sans-serif'];

const WATER = '#c6d6e4';
const PARK = '#dde8d6';
const LANDUSE = '#e6e9e4';
/** Road greys by class, darker for bigger roads (all lighter than the analysis outlines). */
const ROAD_GREY = { major: '#a7adb4', medium: '#b9bec4', minor: '#cdd1d6' } as const;
const LABEL_GREY = '#59636e';
/** Place names lighter than street names: the page's own ward names (dark, on top) must lead. */
const PLACE_GREY = '#737e8a';
const HALO = 'rgba(255,255,255,0.9)';

/**
 * Over a basemap the analysis lets the streets show through, so that a hotspot can be placed on
 * them: the ward shading's alpha and the density's opacity are multiplied by these (the colours,
 * their order and the legend stay the same; only lighter).
 */
export const BASEMAP_FADE = { wardFill: 0.55, density: 0.7 } as const;

/** `rgba(r, g, b, a)` / `rgb(r, g, b)` with its alpha multiplied by k (other notations unchanged). */
export function fadeColour(c: string, k: number): string {
  const m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(c.trim());
  if (!m) return c;
  const a = m[4] === undefined ? 1 : Number(m[4]);
  return `rgba(${m[1]}, ${m[2]}, ${m[3]}, ${+(a * k).toFixed(3)})`;
}

/** The source id of the basemap in the style. */
export const BASEMAP_SOURCE = 'basemap';

/** A basemap ready to be drawn: an archive (pmtiles:// URL) or the demo's own streets (GeoJSON). */
export type BasemapSource =
  | { kind: 'vector'; url: string; vectorLayers: readonly string[] | null; maxzoom?: number }
  | { kind: 'geojson'; data: FeatureCollection };

/** `class`, else `kind`, else "minor": the road class in any of the schemas above. */
const ROAD_CLASS: ExpressionSpecification = ['coalesce', ['get', 'class'], ['get', 'kind'], 'minor'];
const MAJOR = ['motorway', 'trunk', 'highway', 'major_road', 'primary'];
const MEDIUM = ['secondary', 'tertiary', 'medium_road'];

/** Line width in pixels by zoom for a road size (scaled up as one zooms in). */
function roadWidth(base: number): ExpressionSpecification {
  return ['interpolate', ['exponential', 1.6], ['zoom'], 10, base * 0.35, 13, base, 16, base * 4, 18, base * 8];
}

function roadLayers(sourceLayer: string | null): LayerSpecification[] {
  const src = { source: BASEMAP_SOURCE, ...(sourceLayer ? { 'source-layer': sourceLayer } : {}) };
  const line = (id: string, classes: string[] | null, colour: string, width: number): LayerSpecification => ({
    id,
    type: 'line',
    ...src,
    ...(classes
      ? {
          filter: [
            'all',
            ['==', ['geometry-type'], 'LineString'],
            ['in', ROAD_CLASS, ['literal', classes]],
          ] as ExpressionSpecification,
        }
      : {
          filter: [
            'all',
            ['==', ['geometry-type'], 'LineString'],
            ['!', ['in', ROAD_CLASS, ['literal', [...MAJOR, ...MEDIUM]]]],
          ] as ExpressionSpecification,
        }),
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': colour, 'line-width': roadWidth(width) },
  });
  return [
    line('basemap-road-minor', null, ROAD_GREY.minor, 1.2),
    line('basemap-road-medium', MEDIUM, ROAD_GREY.medium, 1.8),
    line('basemap-road-major', MAJOR, ROAD_GREY.major, 2.4),
  ];
}

function streetLabel(sourceLayer: string | null): LayerSpecification {
  return {
    id: 'basemap-street-labels',
    type: 'symbol',
    source: BASEMAP_SOURCE,
    ...(sourceLayer ? { 'source-layer': sourceLayer } : {}),
    minzoom: 13.5,
    filter: ['all', ['==', ['geometry-type'], 'LineString'], ['has', 'name']],
    layout: {
      'symbol-placement': 'line',
      'text-field': ['get', 'name'],
      'text-font': LABEL_FONT,
      'text-size': 11,
      'text-max-angle': 30,
      'symbol-spacing': 320,
    },
    paint: { 'text-color': LABEL_GREY, 'text-halo-color': HALO, 'text-halo-width': 1.4 },
  };
}

function placeLabel(sourceLayer: string | null, minzoom: number): LayerSpecification {
  return {
    id: `basemap-place-labels${sourceLayer ? `-${sourceLayer}` : ''}`,
    type: 'symbol',
    source: BASEMAP_SOURCE,
    ...(sourceLayer ? { 'source-layer': sourceLayer } : {}),
    minzoom,
    filter: ['all', ['==', ['geometry-type'], 'Point'], ['has', 'name']],
    layout: {
      'text-field': ['get', 'name'],
      'text-font': LABEL_FONT,
      'text-size': ['interpolate', ['linear'], ['zoom'], 10, 10, 15, 13],
      'text-padding': 4,
      'text-max-width': 8,
    },
    paint: { 'text-color': PLACE_GREY, 'text-halo-color': HALO, 'text-halo-width': 1.5 },
  };
}

function polygonLayer(id: string, sourceLayer: string, colour: string, opacity = 1): LayerSpecification {
  return {
    id,
    type: 'fill',
    source: BASEMAP_SOURCE,
    'source-layer': sourceLayer,
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'fill-color': colour, 'fill-opacity': opacity },
  };
}

/** Park-like classes of OpenMapTiles' landcover/landuse and Protomaps' kinds, tinted green. */
const GREEN = [
  'park',
  'grass',
  'wood',
  'forest',
  'garden',
  'cemetery',
  'recreation_ground',
  'pitch',
  'nature_reserve',
  'meadow',
  'village_green',
  'golf_course',
  'playground',
];

/** The basemap's layers for an archive holding `have` (its vector layer ids; null: unknown, all schemas' layers). */
export function vectorBasemapLayers(have: readonly string[] | null): LayerSpecification[] {
  const has = (id: string) => have === null || have.includes(id);
  const out: LayerSpecification[] = [];
  for (const id of ['landuse', 'landcover']) {
    if (!has(id)) continue;
    const green: ExpressionSpecification = [
      'in',
      ['coalesce', ['get', 'class'], ['get', 'kind'], ['get', 'subclass'], ''],
      ['literal', GREEN],
    ];
    out.push({
      ...polygonLayer(`basemap-${id}`, id, LANDUSE, 0.8),
      filter: ['all', ['==', ['geometry-type'], 'Polygon'], ['!', green]],
    } as LayerSpecification);
    out.push({
      ...polygonLayer(`basemap-${id}-green`, id, PARK),
      filter: ['all', ['==', ['geometry-type'], 'Polygon'], green],
    } as LayerSpecification);
  }
  if (has('park')) out.push(polygonLayer('basemap-park', 'park', PARK));
  if (has('water')) out.push(polygonLayer('basemap-water', 'water', WATER));
  if (has('waterway'))
    out.push({
      id: 'basemap-waterway',
      type: 'line',
      source: BASEMAP_SOURCE,
      'source-layer': 'waterway',
      paint: { 'line-color': WATER, 'line-width': 1.2 },
    });
  for (const id of ['roads', 'transportation'])
    if (has(id)) out.push(...roadLayers(id).map((l) => ({ ...l, id: `${l.id}-${id}` }) as LayerSpecification));
  for (const id of ['roads', 'transportation_name'])
    if (has(id)) out.push({ ...streetLabel(id), id: `basemap-street-labels-${id}` } as LayerSpecification);
  for (const id of ['labels', 'place', 'places']) if (has(id)) out.push(placeLabel(id, 9));
  return out;
}

/** The demo's synthetic streets (GeoJSON LineStrings with `name` and `class`): roads and street labels. */
export function geojsonBasemapLayers(): LayerSpecification[] {
  return [...roadLayers(null), streetLabel(null), placeLabel(null, 11)];
}

/**
 * A whole MapLibre style: the background, then the basemap (none: the plain offline map).
 * No `glyphs`, no `sprite`: see the header. The analysis layers are added over it by mapView.ts.
 */
export function basemapStyle(b: BasemapSource | null): StyleSpecification {
  const background: LayerSpecification = {
    id: 'background',
    type: 'background',
    paint: { 'background-color': BASEMAP_BACKGROUND },
  };
  if (!b) return { version: 8, sources: {}, layers: [background] };
  const source: SourceSpecification =
    b.kind === 'vector' ? { type: 'vector', url: b.url } : { type: 'geojson', data: b.data };
  const layers = b.kind === 'vector' ? vectorBasemapLayers(b.vectorLayers) : geojsonBasemapLayers();
  return { version: 8, sources: { [BASEMAP_SOURCE]: source }, layers: [background, ...layers] };
}

/**
 * Plain text for an archive's `attribution`, which is often HTML (`<a href="https://www.openstreetmap.org/copyright">&copy; OSM</a>`):
 * the tags are dropped, a link's http(s) address is kept in brackets, the common entities are
 * decoded. The result is only ever set as text (never as HTML), so nothing in it can run.
 */
export function attributionText(html: string | null | undefined): string {
  if (!html) return '';
  const entities: Record<string, string> = {
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    copy: '©',
    nbsp: ' ',
    reg: '®',
  };
  const decode = (s: string) =>
    s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return cp > 0 && cp < 0x110000 ? String.fromCodePoint(cp) : '';
      }
      return entities[e.toLowerCase()] ?? m;
    });
  const withLinks = html.replace(
    /<a\b[^>]*?href\s*=\s*["']([^"']*)["'][^>]*>([\s\S]*?)<\/a\s*>/gi,
    (_m, href: string, inner: string) => {
      const text = inner.replace(/<[^>]*>/g, '');
      const url = /^https?:\/\//i.test(href) ? href.replace(/^https?:\/\/(www\.)?/i, '').replace(/\/$/, '') : '';
      return url && !text.includes(url) ? `${text} (${url})` : text;
    },
  );
  return decode(withLinks.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}
