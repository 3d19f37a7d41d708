/**
 * Shared data model of the engine: columnar crime tables, ward sets and the
 * accounting of every input row. Pure data: no DOM, no map imports. Every array
 * here can be transferred between a Web Worker and the page.
 */

/** Why an input row was not used. Every rejected row is counted under exactly one reason. */
export type RejectReason =
  | 'no-coordinates' // blank longitude/latitude ("No Location")
  | 'invalid-coordinates' // unparseable or out of range for the stated CRS
  | 'null-island' // (0, 0) or within 1 km of it
  | 'bad-month' // month missing or not a month
  | 'future-month' // month after the current month
  | 'unknown-category' // crime type not recognised (police.uk formats only)
  | 'duplicate-id' // police.uk API record id already loaded (per-ward queries return boundary crimes twice)
  | 'duplicate-row' // byte-identical row already loaded from another file (overlapping extracts)
  | 'malformed-row' // wrong number of fields, unparseable record
  | 'outside-wards'; // valid point but inside no loaded ward

export const REJECT_REASONS: readonly RejectReason[] = [
  'no-coordinates',
  'invalid-coordinates',
  'null-island',
  'bad-month',
  'future-month',
  'unknown-category',
  'duplicate-id',
  'duplicate-row',
  'malformed-row',
  'outside-wards',
];

/** Human wording of each reason, for the data-quality panel and CLI. */
export const REJECT_LABELS: Readonly<Record<RejectReason, string>> = {
  'no-coordinates': 'no coordinates ("No Location")',
  'invalid-coordinates': 'coordinates not readable or out of range',
  'null-island': 'placed at (0, 0)',
  'bad-month': 'month missing or unreadable',
  'future-month': 'month in the future',
  'unknown-category': 'crime type not recognised',
  'duplicate-id': 'duplicate record id',
  'duplicate-row': 'identical row already loaded from another file',
  'malformed-row': 'malformed row (wrong number of fields)',
  'outside-wards': 'outside every loaded ward',
};

/** A problem worth telling the user, naming file and line. */
export interface IngestMessage {
  level: 'error' | 'warning' | 'info';
  file: string;
  /** 1-based line (CSV) or record number (JSON); 0 when it concerns the whole file. */
  line: number;
  message: string;
  /**
   * What the page can do about it, when it can: 'needs-mapping' — a delimited file whose columns
   * were not recognised (not loaded; `header` holds its column names and `suggestion` a partial
   * guess, for the page's column-mapping form); 'not-street-level' — a police.uk file of another
   * kind (outcomes, stop and search); 'unreadable' — not a file this tool reads.
   */
  code?: 'needs-mapping' | 'not-street-level' | 'unreadable';
  header?: string[];
  suggestion?: Record<string, string>;
}

/** Per-file accounting. Invariant: rowsRead === used + Σ rejected. */
export interface FileReport {
  file: string;
  format: 'police-uk-csv' | 'police-uk-api-json' | 'generic-csv';
  bytes: number;
  rowsRead: number;
  /** Rows that made it into the crime table (before ward assignment). */
  accepted: number;
  rejected: Partial<Record<RejectReason, number>>;
  /** Example line numbers per reason (first few), for the quality panel. */
  examples: Partial<Record<RejectReason, number[]>>;
  months: number[]; // distinct month indexes seen in accepted rows, sorted
  encoding: 'utf-8' | 'windows-1252';
}

/** Whole-load accounting. Invariant: rowsRead === used + Σ rejected. */
export interface IngestReport {
  rowsRead: number;
  used: number;
  rejected: Partial<Record<RejectReason, number>>;
  files: FileReport[];
  messages: IngestMessage[];
}

/**
 * Crime records in columns, one typed array per field.
 * Strings are dictionary-encoded: `category[i]` indexes `categories`, etc.
 */
export interface CrimeTable {
  length: number;
  /** WGS84 longitude / latitude in degrees (NaN for generic BNG input without a back-projection). */
  lon: Float64Array;
  lat: Float64Array;
  /** British National Grid (EPSG:27700) easting / northing in metres. */
  x: Float64Array;
  y: Float64Array;
  /** Month index, see months.ts. */
  month: Uint16Array;
  category: Uint16Array;
  /** Harm or other weight; 1 when the input gives none. */
  weight: Float32Array;
  /** police.uk "Location" / API street name ("On or near High Road"); '' when none. */
  location: Uint32Array;
  /** LSOA code where the input gives one; '' otherwise. */
  lsoa: Uint32Array;
  /** Reporting force ("Metropolitan Police Service", "British Transport Police", ...). */
  force: Uint16Array;
  /** Which input file the row came from, and its 1-based line/record number there. */
  source: Uint16Array;
  line: Uint32Array;
  categories: string[];
  locations: string[];
  lsoas: string[];
  forces: string[];
  sources: string[];
}

/**
 * Ward polygons in BNG metres, flattened for fast point-in-polygon.
 * Ward w owns rings ringOffsets[wardRings[w]] … ringOffsets[wardRings[w+1]] (exclusive);
 * ring r's vertices are coords[2*ringOffsets[r] … 2*ringOffsets[r+1]) as x,y pairs, closed
 * implicitly (last vertex need not repeat the first). Holes and multipolygon parts are just
 * more rings: membership is by the even–odd rule over all of a ward's rings.
 */
export interface WardSet {
  count: number;
  codes: string[];
  names: string[];
  coords: Float64Array;
  ringOffsets: Uint32Array; // length rings+1
  wardRings: Uint32Array; // length count+1
  /** minX, minY, maxX, maxY per ward (BNG metres). */
  bbox: Float64Array;
  /** Area of each ward in square metres (holes subtracted). */
  area: Float64Array;
  /**
   * Which fields gave code and name, the CRS detected, and a vintage hint. Wards may come from
   * several boundary files (one per local authority) merged into one set (io/boundaries.ts).
   */
  meta: {
    /** The boundary file; for several, "5 files: a.geojson, b.geojson, c.geojson, …" (3 names at most). */
    file: string;
    /** The first file's code and name fields (other files may use others: WD22CD, wd16cd, GSS_CODE). */
    codeField: string;
    nameField: string;
    /** The first file's CRS (each file is projected from its own). */
    crs: 'EPSG:27700' | 'EPSG:4326';
    /** How the CRS was told; for several files whose evidence differs, "file: evidence; …" for each. */
    crsEvidence: string;
    /**
     * e.g. "WD13CD" → 2013; GLA London-wards-2014 → 2014; null when unknown. Several files of
     * different vintages: the most common (a warning names the files of each).
     */
    vintage: string | null;
    /**
     * The area the wards cover, from each ward's local-authority name (io/boundaryArea.ts
     * areaOf): one authority's name when it holds ≥ 90% of the wards that name one, "London"
     * for wards across ≥ 30 of London's 33 authorities (and no other), or null (several
     * authorities, or none named).
     */
    borough: string | null;
    /** Distinct authority names the wards carry (0: no authority field). */
    boroughs: number;
    /**
     * The distinct local-authority names the wards carry, with how many wards each, most wards
     * first then by name; [] when no file has an authority field (BOROUGH, DISTRICT, LADnnNM,
     * LAD_NAME, LA_NAME, LANAME, LOCAL_AUTHORITY, AREA; any case; io/boundaryArea.ts).
     */
    authorities: { name: string; wards: number }[];
    /**
     * The authority field used ("LAD22NM"), or the fields in file order when they differ per
     * file ("BOROUGH, LAD22NM"); null when no file has one.
     */
    authorityField: string | null;
  };
  /** WGS84 GeoJSON of the wards for drawing (properties: code, name, index). */
  geojson: import('geojson').FeatureCollection;
  /** Each ward's local-authority name from the boundary file (null: none); absent in ward sets made before it existed. */
  authority?: (string | null)[];
}
