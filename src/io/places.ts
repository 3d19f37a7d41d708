/**
 * Places layers for linking actions to hotspots and naming hotspots: stations, town
 * centres, licensed premises … read from GeoJSON (points or polygons, WGS84 or BNG),
 * the FSA food-hygiene (FHRS) JSON export, or an FHRS CSV extract.
 *
 * Conventions:
 * - A feature's type comes from its first type-like property (type, placeType, kind,
 *   amenity, BusinessType, classification, category) mapped through PLACE_TYPE_SYNONYMS;
 *   when none maps, from the file name ("station" → transport hub, "town_centre" → town
 *   centre) or options.defaultType; features with no type are skipped.
 * - FHRS: "Pub/bar/nightclub" → 'licensed premises' (alcohol-licensed venues; actions
 *   aimed at the night-time economy match them too, see link.ts). "Takeaway/sandwich
 *   shop" is skipped by default: most hold no alcohol licence and they are so dense that
 *   they would tie every hotspot to night-time-economy actions; options.takeaways = true
 *   reads them as 'night-time economy' (late-night refreshment). Other business types
 *   are skipped.
 * - Coordinates whose magnitudes exceed 1,000 are taken as BNG metres; otherwise WGS84.
 *   Points outside a Great Britain box (lon −9…3, lat 49…61) are dropped (bad geocodes).
 */
import { readCsvRows } from './csvRecords.ts';
import type { Place, PlaceType } from '../core/actionTypes.ts';
import { PLACE_TYPES } from '../core/actionTypes.ts';
import { bngToWgs84, wgs84ToBng } from '../core/projection.ts';
import { ringsCentroid } from '../core/geometry.ts';

/** Lower-case words people use for each place type. */
export const PLACE_TYPE_SYNONYMS: Readonly<Record<string, PlaceType>> = {
  station: 'transport hub',
  'rail station': 'transport hub',
  'railway station': 'transport hub',
  'tube station': 'transport hub',
  'underground station': 'transport hub',
  'train station': 'transport hub',
  'bus station': 'transport hub',
  interchange: 'transport hub',
  transport: 'transport hub',
  lu: 'transport hub',
  'add dlr': 'transport hub',
  'add og': 'transport hub',
  'add trams': 'transport hub',
  'other nr': 'transport hub',
  'other nr with ltd og': 'transport hub',
  dlr: 'transport hub',
  overground: 'transport hub',
  'town center': 'town centre',
  'town centres': 'town centre',
  metropolitan: 'town centre',
  major: 'town centre',
  district: 'town centre',
  'district centre': 'town centre',
  international: 'town centre',
  'local centre': 'town centre',
  'caz retail cluster': 'town centre',
  'high street': 'town centre',
  'shopping centre': 'town centre',
  'retail area': 'town centre',
  pub: 'licensed premises',
  bar: 'licensed premises',
  nightclub: 'licensed premises',
  'night club': 'licensed premises',
  'pub/bar/nightclub': 'licensed premises',
  club: 'licensed premises',
  'off licence': 'licensed premises',
  'off-licence': 'licensed premises',
  nte: 'night-time economy',
  'nighttime economy': 'night-time economy',
  'night time economy': 'night-time economy',
  'late-night refreshment': 'night-time economy',
  estate: 'housing estate',
  'council estate': 'housing estate',
  'social housing': 'housing estate',
  hmo: 'housing estate',
  housing: 'residential',
  homes: 'residential',
  college: 'school',
  academy: 'school',
  'primary school': 'school',
  'secondary school': 'school',
  university: 'school',
  'open space': 'park',
  'public realm': 'park',
  'green space': 'park',
  common: 'park',
  playground: 'park',
  'recreation ground': 'park',
  hospital: 'health',
  'a&e': 'health',
  gp: 'health',
  'gp surgery': 'health',
  surgery: 'health',
  clinic: 'health',
  'health centre': 'health',
  regeneration: 'regeneration area',
  development: 'regeneration area',
  'opportunity area': 'regeneration area',
  border: 'cross-border',
};

const TYPE_PROPS = [
  'type',
  'placeType',
  'place_type',
  'kind',
  'amenity',
  'BusinessType',
  'classification',
  'category',
  'class',
];
const NAME_PROPS = ['name', 'Name', 'NAME', 'sitename', 'BusinessName', 'label', 'title', 'placeName'];

export interface ReadPlacesOptions {
  /** Type for features whose properties give none (overrides the file-name guess). */
  defaultType?: PlaceType;
  /** Read FHRS takeaways as 'night-time economy' (default false: skipped). */
  takeaways?: boolean;
}

/** Maps a free-text type to the place-type enum, or null. */
export function placeTypeFromText(text: unknown): PlaceType | null {
  if (typeof text !== 'string') return null;
  const t = text.trim().toLowerCase();
  if ((PLACE_TYPES as readonly string[]).includes(t)) return t as PlaceType;
  return PLACE_TYPE_SYNONYMS[t] ?? null;
}

function typeFromFileName(name: string): PlaceType | null {
  const n = name.toLowerCase();
  if (/station/.test(n)) return 'transport hub';
  if (/town.?cent(re|er)/.test(n)) return 'town centre';
  if (/licen[cs]ed|pubs?[_-]/.test(n)) return 'licensed premises';
  return null;
}

function inGreatBritain(lon: number, lat: number): boolean {
  return lon >= -9 && lon <= 3 && lat >= 49 && lat <= 61;
}

/** [x, y, lon, lat] from a coordinate pair in either CRS, or null. */
function toBoth(c: unknown): [number, number, number, number] | null {
  if (!Array.isArray(c) || typeof c[0] !== 'number' || typeof c[1] !== 'number') return null;
  const [a, b] = c as number[];
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
  if (Math.abs(a) > 1000 || Math.abs(b) > 1000) {
    const [lon, lat] = bngToWgs84(a, b);
    return [a, b, lon, lat];
  }
  if (!inGreatBritain(a, b)) return null;
  const [x, y] = wgs84ToBng(a, b);
  return [x, y, a, b];
}

function ringsOf(geometry: { type: string; coordinates: unknown }): Float64Array[] | null {
  const polys =
    geometry.type === 'Polygon'
      ? [geometry.coordinates]
      : geometry.type === 'MultiPolygon'
        ? (geometry.coordinates as unknown[])
        : null;
  if (!polys) return null;
  const rings: Float64Array[] = [];
  for (const poly of polys) {
    if (!Array.isArray(poly)) continue;
    for (const ring of poly) {
      if (!Array.isArray(ring)) continue;
      let pts = ring as unknown[];
      if (pts.length > 1 && JSON.stringify(pts[0]) === JSON.stringify(pts[pts.length - 1])) pts = pts.slice(0, -1);
      const out = new Float64Array(pts.length * 2);
      let k = 0;
      for (const p of pts) {
        const b = toBoth(p);
        if (!b) return null;
        out[k++] = b[0];
        out[k++] = b[1];
      }
      if (pts.length >= 3) rings.push(out);
    }
  }
  return rings.length ? rings : null;
}

function propString(props: Record<string, unknown>, keys: string[]): string | null {
  for (const k of keys) {
    const v = props[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return null;
}

function featureType(props: Record<string, unknown>, fallback: PlaceType | null, takeaways: boolean): PlaceType | null {
  for (const k of TYPE_PROPS) {
    const v = props[k];
    if (typeof v !== 'string') continue;
    if (/^takeaway/i.test(v.trim())) return takeaways ? 'night-time economy' : null;
    const t = placeTypeFromText(v);
    if (t) return t;
  }
  return fallback;
}

function fromGeoJson(
  name: string,
  json: { features?: unknown },
  fallback: PlaceType | null,
  takeaways: boolean,
): Place[] {
  const out: Place[] = [];
  const features = Array.isArray(json.features) ? json.features : [];
  for (const f of features as ({
    properties?: Record<string, unknown> | null;
    geometry?: { type: string; coordinates: unknown } | null;
  } | null)[]) {
    // Untrusted JSON: skip anything that is not a feature object.
    if (!f || typeof f !== 'object') continue;
    const props = f.properties && typeof f.properties === 'object' ? f.properties : {};
    const g = f.geometry && typeof f.geometry === 'object' ? f.geometry : null;
    const placeName = propString(props, NAME_PROPS);
    const type = featureType(props, fallback, takeaways);
    if (!g || !placeName || !type) continue;
    if (g.type === 'Point' || g.type === 'MultiPoint') {
      const b = toBoth(g.type === 'Point' ? g.coordinates : Array.isArray(g.coordinates) ? g.coordinates[0] : null);
      if (b) out.push({ name: placeName, type, x: b[0], y: b[1], lon: b[2], lat: b[3], source: name });
      continue;
    }
    const rings = ringsOf(g);
    if (!rings) continue;
    const [x, y] = ringsCentroid(rings);
    const [lon, lat] = bngToWgs84(x, y);
    out.push({ name: placeName, type, x, y, rings, lon, lat, source: name });
  }
  return out;
}

function fromFhrsRecords(name: string, rows: Record<string, unknown>[], takeaways: boolean): Place[] {
  const out: Place[] = [];
  for (const r of rows) {
    const type = featureType({ BusinessType: r.BusinessType }, null, takeaways);
    const placeName = propString(r, ['BusinessName']);
    const geo = (r.Geocode && typeof r.Geocode === 'object' ? r.Geocode : r) as Record<string, unknown>;
    const lon = Number(geo.Longitude),
      lat = Number(geo.Latitude);
    if (
      !type ||
      !placeName ||
      geo.Longitude === '' ||
      geo.Latitude === '' ||
      !Number.isFinite(lon) ||
      !Number.isFinite(lat)
    )
      continue;
    if (!inGreatBritain(lon, lat)) continue;
    const [x, y] = wgs84ToBng(lon, lat);
    out.push({ name: placeName, type, x, y, lon, lat, source: name });
  }
  return out;
}

/**
 * Reads a places layer. Throws an Error naming the file when it is neither GeoJSON,
 * an FHRS JSON export nor a CSV with BusinessType/Longitude/Latitude columns.
 */
export function readPlaces(
  name: string,
  input: Uint8Array | ArrayBuffer | string,
  options: ReadPlacesOptions = {},
): Place[] {
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
  const body = text.replace(/^\uFEFF/, '');
  const fallback = options.defaultType ?? typeFromFileName(name);
  const takeaways = options.takeaways ?? false;
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (e) {
      throw new Error(`${name}: not valid JSON (${(e as Error).message})`);
    }
    const j = json as Record<string, unknown>;
    const fhrs = (j.FHRSEstablishment as { EstablishmentCollection?: { EstablishmentDetail?: unknown } } | undefined)
      ?.EstablishmentCollection?.EstablishmentDetail;
    if (Array.isArray(fhrs)) return fromFhrsRecords(name, fhrs as Record<string, unknown>[], takeaways);
    if (j.type === 'FeatureCollection') return fromGeoJson(name, j, fallback, takeaways);
    throw new Error(`${name}: JSON is neither a GeoJSON FeatureCollection nor an FHRS export`);
  }
  // The same CSV reader as the crime files (csvRecords.ts).
  const [head, ...rows] = readCsvRows(body).rows;
  const fields = head?.fields ?? [];
  const records = () => rows.map((r) => Object.fromEntries(fields.map((f, i) => [f, r.fields[i] ?? ''])));
  if (fields.includes('BusinessType') && fields.includes('Longitude') && fields.includes('Latitude'))
    return fromFhrsRecords(name, records(), takeaways);
  throw new Error(
    `${name}: not a places file (expected GeoJSON, FHRS JSON, or CSV with BusinessType, Longitude, Latitude)`,
  );
}
