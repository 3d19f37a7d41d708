/**
 * Names of hotspot areas: ONE rule, used by every view (analyst list, map badge and tooltip,
 * tasking view, ward panel, exports, CLI).
 *
 * The rule (README "How hotspot areas are named"):
 * 1. Street: the street named most often by the police.uk map points of ALL the loaded crimes
 *    (every month and every crime type, not only the window or the types shown) that lie inside
 *    the area; ties alphabetical. Counting every loaded crime, not the window's, is what makes
 *    the same place carry the same name in the analyst view (e.g. twelve months) and the tasking
 *    view (e.g. the latest three months): the name depends on where the area is, not on which
 *    crimes are being looked at. (Before this rule the window's crimes were counted, so the same
 *    Wood Green area was "Buller Road" over a year and "Waldegrave Road" over three months.)
 * 2. police.uk names some anonymised map points after a kind of place rather than a street
 *    ("On or near Parking Area", "Supermarket" …; GENERIC_PLACE_NAMES below). Those never name an
 *    area: when no street-named point lies inside, the area takes the street of the
 *    street-named map point nearest its peak cell; with no street-named point at all, no street.
 * 3. Place: the nearest place of a loaded places file (stations, town centres) to the area's
 *    centre, within actions/label.ts's distance ("near Wood Green town centre"); none without
 *    a places file.
 * 4. Shown as `hotspotName`: "Street — place", "Street" alone without a place, and "Area N"
 *    (N = rank) when there is no street.
 */
import Flatbush from 'flatbush';
import type { UniquePoints } from '../../core/uniquePoints.ts';

/**
 * police.uk's anonymous map points named after a kind of place, as they occur in the real
 * street-level files (Met burglary 2017–18, City of London 2017–18 and Haringey's API responses
 * 2017–18, all checked): "Parking Area", "Supermarket", "Shopping Area", "Petrol Station",
 * "Sports/Recreation Area", "Pedestrian Subway", "No Location", "Nightclub",
 * "Further/Higher Educational Building", "Police Station", "Theatre/Concert Hall", "Hospital",
 * "Conference/Exhibition Centre", "Park/Open Space", "Bus/Coach Station", "Ferry Terminal",
 * "Location", "Theme/Adventure Park", "Airport/Airfield", "Prison" (with a lower-case letter
 * after the slash in some months: "Sports/recreation Area"; matched without regard to case),
 * and the other point-of-interest kinds of police.uk's list seen in other forces' files.
 * Station points with a station's name ("Seven Sisters (lu Station)") name a real place and
 * are kept.
 */
export const GENERIC_PLACE_NAMES: readonly string[] = [
  'Parking Area',
  'Supermarket',
  'Shopping Area',
  'Petrol Station',
  'Sports/Recreation Area',
  'Pedestrian Subway',
  'No Location',
  'Location',
  'Nightclub',
  'Further/Higher Educational Building',
  'Police Station',
  'Theatre/Concert Hall',
  'Hospital',
  'Conference/Exhibition Centre',
  'Park/Open Space',
  'Bus/Coach Station',
  'Ferry Terminal',
  'Theme/Adventure Park',
  'Airport/Airfield',
  'Airport/Airfield/Aerodrome',
  'Prison',
  'Place of Worship',
  'Sports/Recreation Ground',
  'Unknown',
];
const GENERIC = new Set(GENERIC_PLACE_NAMES.map((n) => n.toLowerCase()));

export function isGenericPlaceName(name: string): boolean {
  return GENERIC.has(name.trim().toLowerCase());
}

/**
 * "On or near High Road" → "High Road". police.uk title-cases its names letter by letter after
 * an apostrophe ("Regent'S Park Road", "St. John'S Wood Road"): the possessive s is put back in
 * lower case. Its station points read "Seven Sisters (lu Station)": shown as "(LU station)"
 * (and DLR likewise).
 */
export function streetName(location: string): string {
  return location
    .replace(/^\s*on or near\s+/i, '')
    .replace(/(\p{L})['\u2019]S\b/gu, "$1's")
    .replace(/\((lu|dlr)\s+station\)/gi, (_m, line: string) => `(${line.toUpperCase()} station)`)
    .trim();
}

/** The one display name of a hotspot area (rule 4 above): "Green Lanes — near Wood Green town centre". */
export function hotspotName(h: { label: string; placeLabel?: string | null; rank: number }): string {
  const street = h.label.trim() || `Area ${h.rank}`;
  return h.placeLabel ? `${street} — ${h.placeLabel}` : street;
}

/**
 * Street names of location ids, interned per locations list (a table's list lives as long as the
 * table): the same names recur in every run and area, and several map points share a street.
 * Filled on first use of each location id. Generic point-of-interest names get id −1 (rule 2).
 */
export class StreetNames {
  private readonly ids: Int32Array;
  private readonly byName = new Map<string, number>();
  readonly names: string[] = [];

  constructor(private readonly locations: readonly string[]) {
    this.ids = new Int32Array(locations.length).fill(-2);
  }

  /** Name id of location li, or −1 when it names no street (empty, or a generic place name). */
  idOf(li: number): number {
    let id = this.ids[li];
    if (id !== -2) return id;
    const name = streetName(this.locations[li] ?? '');
    if (!name || isGenericPlaceName(name)) id = -1;
    else {
      const known = this.byName.get(name);
      if (known !== undefined) id = known;
      else {
        id = this.names.length;
        this.names.push(name);
        this.byName.set(name, id);
      }
    }
    this.ids[li] = id;
    return id;
  }

  private rows: { location: Uint32Array; names: Int32Array } | null = null;

  /** Name id of each row's location (−1: no street), kept for the last location column asked for. */
  ofRows(location: Uint32Array): Int32Array {
    if (this.rows?.location !== location) {
      const out = new Int32Array(location.length);
      for (let i = 0; i < location.length; i++) out[i] = this.idOf(location[i]);
      this.rows = { location, names: out };
    }
    return this.rows.names;
  }
}

const streetCache = new WeakMap<readonly string[], StreetNames>();
export function streetNames(locations: readonly string[]): StreetNames {
  let s = streetCache.get(locations);
  if (!s) streetCache.set(locations, (s = new StreetNames(locations)));
  return s;
}

/**
 * Rule 1: the most frequent street of each area. `owner[k]` is the area of row k of `rows`
 * (all rows when null), −1 outside every area; `rowName` the street id of every row.
 * Returns the street of each of `areas` areas ('' when none inside).
 */
export function mostFrequentStreets(
  areas: number,
  owner: Int32Array,
  rows: Uint32Array | null,
  rowName: Int32Array,
  names: StreetNames,
): string[] {
  // Street ids grouped by area (counting sort), then tallied area by area in a scratch array.
  const start = new Int32Array(areas + 1);
  for (let k = 0; k < owner.length; k++) if (owner[k] >= 0) start[owner[k] + 1]++;
  for (let a = 0; a < areas; a++) start[a + 1] += start[a];
  const fill = start.slice(0, areas);
  const ids = new Int32Array(start[areas]);
  for (let k = 0; k < owner.length; k++) if (owner[k] >= 0) ids[fill[owner[k]]++] = rowName[rows ? rows[k] : k];
  const tally = new Int32Array(names.names.length);
  const out: string[] = [];
  for (let a = 0; a < areas; a++) {
    const touched: number[] = [];
    for (let e = start[a]; e < start[a + 1]; e++) {
      const id = ids[e];
      if (id < 0) continue;
      if (tally[id]++ === 0) touched.push(id);
    }
    out.push(takeMostFrequent(touched, tally, names));
  }
  return out;
}

/**
 * The street counted most often among `touched` (its tally), ties to the name first in
 * code-unit order ('' when none); the tallies of `touched` are set back to 0.
 */
export function takeMostFrequent(
  touched: readonly number[],
  tally: Uint32Array | Int32Array,
  names: StreetNames,
): string {
  let best = -1;
  for (const id of touched)
    if (best < 0 || tally[id] > tally[best] || (tally[id] === tally[best] && names.names[id] < names.names[best]))
      best = id;
  for (const id of touched) tally[id] = 0;
  return best >= 0 ? names.names[best] : '';
}

/**
 * Rule 2's fallback: the street of the street-named location nearest (x, y) among the rows'
 * points ('' when no row has a street); of equally near ones, the name first in code-unit
 * order. Linear in the rows: the reference for NearestStreets, which answers the same.
 */
export function nearestStreet(
  x: number,
  y: number,
  px: Float64Array,
  py: Float64Array,
  rowName: Int32Array,
  names: StreetNames,
): string {
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i < px.length; i++) {
    const id = rowName[i];
    if (id < 0) continue;
    const d = (px[i] - x) ** 2 + (py[i] - y) ** 2;
    if (d < bestD || (d === bestD && best >= 0 && names.names[id] < names.names[best])) {
      bestD = d;
      best = id;
    }
  }
  return best >= 0 ? names.names[best] : '';
}

/**
 * nearestStreet for many areas: the street-named rows in a Flatbush index (built once for the
 * rows, on the first area that needs it), each query the nearest point then every point at that
 * same distance (the tie rule). A London run with hundreds of areas named this way took about
 * 360 ms of linear scans over a million rows; this is a few milliseconds after the build.
 */
/** The index of a table's rows, kept while the rows (x column) and their street ids stay the same. */
const nearestCache = new WeakMap<Float64Array, NearestStreets>();

/**
 * NearestStreets for these rows, built once and re-used by later runs on the same table.
 * `unique`: the distinct points of px / py (uniquePoints(px, py)) when known, to index each
 * (point, street) pair once rather than every row (the answer depends only on those pairs).
 */
export function nearestStreets(
  px: Float64Array,
  py: Float64Array,
  rowName: Int32Array,
  names: StreetNames,
  unique: UniquePoints | null = null,
): NearestStreets {
  const kept = nearestCache.get(px);
  if (kept && kept.sameRows(py, rowName, names)) return kept;
  const made = new NearestStreets(px, py, rowName, names, unique && unique.index.length === px.length ? unique : null);
  nearestCache.set(px, made);
  return made;
}

export class NearestStreets {
  private index: Flatbush | null = null;
  /** Street id, x and y of each indexed row (index order). */
  private ids = new Int32Array(0);
  private xs = new Float64Array(0);
  private ys = new Float64Array(0);

  constructor(
    private readonly px: Float64Array,
    private readonly py: Float64Array,
    private readonly rowName: Int32Array,
    private readonly names: StreetNames,
    private readonly unique: UniquePoints | null = null,
  ) {}

  sameRows(py: Float64Array, rowName: Int32Array, names: StreetNames): boolean {
    return this.py === py && this.rowName === rowName && this.names === names;
  }

  /** Rows to index: every street-named row at a finite point, or one per (point, street) pair. */
  private indexedRows(): Int32Array {
    const { px, py, rowName, unique } = this;
    const ok = (i: number) => rowName[i] >= 0 && Number.isFinite(px[i]) && Number.isFinite(py[i]);
    const rows: number[] = [];
    if (!unique) {
      for (let i = 0; i < rowName.length; i++) if (ok(i)) rows.push(i);
      return Int32Array.from(rows);
    }
    // The first street seen at each distinct point, and every row whose street differs from it
    // (such rows may repeat a pair: the same answer, as near() looks at every tied point).
    const first = new Int32Array(unique.count).fill(-1);
    const firstRow = new Int32Array(unique.count);
    const extra: number[] = [];
    for (let i = 0; i < rowName.length; i++) {
      const u = unique.index[i];
      if (u < 0 || !ok(i)) continue;
      if (first[u] < 0) {
        first[u] = rowName[i];
        firstRow[u] = i;
      } else if (first[u] !== rowName[i]) extra.push(i);
    }
    for (let u = 0; u < unique.count; u++) if (first[u] >= 0) rows.push(firstRow[u]);
    for (const i of extra) rows.push(i);
    return Int32Array.from(rows);
  }

  private build(): Flatbush {
    const { px, py, rowName } = this;
    const rows = this.indexedRows();
    const n = rows.length;
    this.ids = new Int32Array(n);
    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
    const index = new Flatbush(Math.max(1, n));
    for (let k = 0; k < n; k++) {
      const i = rows[k];
      index.add(px[i], py[i], px[i], py[i]);
      this.ids[k] = rowName[i];
      this.xs[k] = px[i];
      this.ys[k] = py[i];
    }
    if (n === 0) index.add(0, 0, 0, 0);
    index.finish();
    return (this.index = index);
  }

  near(x: number, y: number): string {
    const index = this.index ?? this.build();
    const { ids, xs, ys } = this;
    if (ids.length === 0) return '';
    const [first] = index.neighbors(x, y, 1);
    if (first === undefined) return '';
    const d = (xs[first] - x) ** 2 + (ys[first] - y) ** 2;
    let best = ids[first];
    // Every point at the same distance (the index's bound is inclusive), for the name rule.
    for (const j of index.neighbors(x, y, Infinity, Math.sqrt(d) * (1 + 1e-12))) {
      const e = (xs[j] - x) ** 2 + (ys[j] - y) ** 2;
      if (e === d && this.names.names[ids[j]] < this.names.names[best]) best = ids[j];
    }
    return this.names.names[best];
  }
}
