/**
 * What kind of file was dropped, from its name and first bytes (content first, the
 * extension only where content cannot tell). Rules, in order:
 *
 * 0. PMTiles magic `PMTiles` or `.pmtiles`              → 'basemap-pmtiles' (a map basemap: the
 *    page draws it under the map (app/map/basemapSource.ts); not data, so the session notes it)
 * 1. Zip magic `PK\3\4` or `.zip`                      → 'shapefile-zip'
 * 2. `.shp .shx .dbf .prj .cpg .sbn .sbx .qix .shp.xml`   → 'shapefile-part'
 * 3. Text starting `[`: objects with `category` / `location_type` / `persistent_id`
 *    keys, or an empty array                          → 'police-uk-api-json'
 * 4. Text starting `{`: `"type": "Topology"`          → 'boundaries-topojson';
 *    `"actions"` with `"schemaVersion"` or `"plan"`    → 'actions';
 *    FHRS (food hygiene) export keys                  → 'places';
 *    GeoJSON with Point geometries, or a name saying stations / town centres / places /
 *    pubs / fhrs / night-time                         → 'places'; other GeoJSON → 'boundaries-geojson'
 * 5. Delimited text (comma, semicolon, tab, pipe), judged by its header line:
 *    police.uk street header                          → 'police-uk-csv';
 *    police.uk outcomes / stop-and-search             → 'unknown' (see notStreetLevelReason);
 *    a code column and a population column            → 'population-csv';
 *    FHRS columns (BusinessName, BusinessType)        → 'places';
 *    an `action` column                               → 'actions';
 *    two or more columns                              → 'generic-csv' (needs a column mapping)
 * 6. Anything else                                    → 'unknown'
 */
import { detectDelimiter } from './csvRecords.ts';
import { decodeText } from './textDecode.ts';

export type DetectedFormat =
  | 'police-uk-csv'
  | 'police-uk-api-json'
  | 'generic-csv'
  | 'boundaries-geojson'
  | 'boundaries-topojson'
  | 'shapefile-zip'
  | 'shapefile-part'
  | 'population-csv'
  | 'actions'
  | 'places'
  | 'basemap-pmtiles'
  | 'unknown';

/** Bytes detectFormat looks at; pass at least this many when you have them. */
export const SNIFF_BYTES = 4096;

const SHAPEFILE_PARTS = ['shp', 'shx', 'dbf', 'prj', 'cpg', 'sbn', 'sbx', 'qix', 'qpj', 'fix'];
const PLACES_NAME = /(stations?|town[-_ ]?cent(re|er)s?|places|pubs|fhrs|night[-_ ]?time)/i;

const norm = (s: string) => s.toLowerCase().replace(/[\s_"'-]+/g, '');

/** Header fields of the first non-empty line of text (unquoted naively: enough for sniffing). */
export function headerFields(text: string): string[] {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const bytes = new TextEncoder().encode(line);
  const d = String.fromCharCode(detectDelimiter(bytes, 0, bytes.length));
  return line.split(d).map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
}

/** Why a police.uk file that is not street-level crime cannot be loaded as crimes, or null. */
export function notStreetLevelReason(name: string, fields: readonly string[] = []): string | null {
  const n = new Set(fields.map(norm));
  if (/-outcomes\.csv$/i.test(name) || (n.has('outcometype') && !n.has('crimetype')))
    return 'not a street-level crime file: this is a police.uk outcomes file (…-outcomes.csv); load the …-street.csv files';
  if (/-stop-and-search\.csv$/i.test(name) || n.has('partofapolicingoperation') || n.has('objectofsearch'))
    return 'not a street-level crime file: this is a police.uk stop-and-search file (…-stop-and-search.csv); load the …-street.csv files';
  return null;
}

const isCode = (f: string) => /^(code|.*code|.*cd|gss.*|areacode|geography code)$/.test(f);
const isPopulation = (f: string) =>
  /^(population|pop|persons.*|allages|totalpopulation|usualresidents|.*population.*)$/.test(f);

/** Binary content: control characters other than tab, LF, VT, FF, CR. */
function hasControlBytes(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 32 && (c < 9 || c > 13)) return true;
  }
  return false;
}

/**
 * A PMTiles archive's first bytes: "PMTiles" then the spec version as one binary byte (3 today;
 * the page refuses other versions when it opens the archive). Text that merely starts with the
 * word ("PMTiles,count") is not an archive.
 */
export function isPmtiles(b: Uint8Array): boolean {
  const magic = [0x50, 0x4d, 0x54, 0x69, 0x6c, 0x65, 0x73];
  return b.length >= 8 && magic.every((c, i) => b[i] === c) && b[7] < 0x20;
}

export function detectFormat(name: string, firstBytes: Uint8Array): DetectedFormat {
  const lower = name.toLowerCase();
  const ext = lower.includes('.') ? lower.slice(lower.lastIndexOf('.') + 1) : '';
  const b = firstBytes;
  if (isPmtiles(b) || ext === 'pmtiles') return 'basemap-pmtiles';
  if ((b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 3 && b[3] === 4) || ext === 'zip')
    return 'shapefile-zip';
  if (SHAPEFILE_PARTS.includes(ext) || lower.endsWith('.shp.xml')) return 'shapefile-part';
  const text = decodeText(b.subarray(0, SNIFF_BYTES)).text;
  const t = text.trimStart();
  if (t.startsWith('[')) {
    if (/"(category|location_type|persistent_id)"\s*:/.test(t) || /^\[\s*(\]|$)/.test(t)) return 'police-uk-api-json';
    return 'unknown';
  }
  if (t.startsWith('{')) {
    if (/"type"\s*:\s*"Topology"/.test(t)) return 'boundaries-topojson';
    if (/"actions"\s*:/.test(t) && /"(schemaVersion|plan)"\s*:/.test(t)) return 'actions';
    if (/"(FHRSEstablishment|EstablishmentCollection|BusinessType|FHRSID)"/.test(t)) return 'places';
    if (/"type"\s*:\s*"(FeatureCollection|Feature)"/.test(t) || /"features"\s*:/.test(t)) {
      if (/"type"\s*:\s*"(Point|MultiPoint)"/.test(t) || PLACES_NAME.test(name)) return 'places';
      return 'boundaries-geojson';
    }
    return 'unknown';
  }
  if (t === '' || hasControlBytes(t.slice(0, 512))) return 'unknown';
  const fields = headerFields(t);
  const n = fields.map(norm);
  if (n.includes('crimeid') && n.includes('month') && n.includes('crimetype') && n.includes('longitude'))
    return 'police-uk-csv';
  if (notStreetLevelReason(name, fields)) return 'unknown';
  if (n.some(isCode) && n.some(isPopulation)) return 'population-csv';
  if (n.includes('businessname') || n.includes('businesstype') || n.includes('fhrsid')) return 'places';
  if (n.includes('action') || n.includes('actionid')) return 'actions';
  if (fields.length >= 2) return 'generic-csv';
  return 'unknown';
}
