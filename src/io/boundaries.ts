/**
 * Ward boundaries from GeoJSON, TopoJSON, a zipped ESRI shapefile or loose .shp/.dbf/.prj
 * files, into a WardSet in British National Grid metres (see analysis/types.ts).
 *
 * Conventions:
 * - CRS, in order of precedence: options.crs, the .prj text, a GeoJSON `crs` member, and
 *   last the coordinate ranges. The evidence used is recorded in meta.crsEvidence.
 * - Membership is even–odd over all rings of a ward, so holes and parts are just rings.
 *   Rings are cleaned: repeated and closing vertices removed (rings are closed implicitly),
 *   rings with < 3 distinct vertices dropped, self-intersecting rings kept; each is reported.
 * - Ward area (m²) = Σ over polygons of |outer| − Σ|holes| (shoelace in BNG).
 * - `geojson` is WGS84 for drawing: the source lon/lat when the input is WGS84, otherwise
 *   inverse-projected; outer rings counter-clockwise (RFC 7946).
 */
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import type { Topology } from 'topojson-specification';
import { feature as topoFeature } from 'topojson-client';
import type { WardSet } from '../analysis/types.ts';
import { bngToLonLat, lonLatToBng } from '../analysis/bng.ts';
import { cpgToEncoding, readDbf, readShp } from './shapefile.ts';
import { readZip } from './zip.ts';

export type BoundaryCrs = 'EPSG:27700' | 'EPSG:4326';

export interface BoundaryFile {
  name: string;
  bytes: Uint8Array;
}

export interface BoundaryOptions {
  codeField?: string;
  nameField?: string;
  crs?: BoundaryCrs;
  /** TopoJSON object name; default: the object with the most polygons. */
  object?: string;
}

export interface BoundaryWarning {
  file: string;
  /** 1-based feature number, or 0 when the warning concerns the whole file. */
  feature: number;
  message: string;
}

export interface BoundaryReport {
  wards: WardSet;
  warnings: BoundaryWarning[];
}

/** One input feature: attributes and polygons, each polygon = [outer, ...holes] flat rings in source CRS. */
interface RawFeature {
  props: Record<string, unknown>;
  id: string | number | undefined;
  polygons: Float64Array[][];
  /** Geometry type for messages when it is not polygonal. */
  kind: string;
}

interface Source {
  file: string;
  features: RawFeature[];
  crs: BoundaryCrs | null;
  crsEvidence: string;
}

const utf8 = new TextDecoder('utf-8');

function ext(name: string): string {
  const m = /\.([^./\\]+)$/.exec(name);
  return m ? m[1].toLowerCase() : '';
}

function base(name: string): string {
  return name.replace(/^.*[/\\]/, '').replace(/\.[^.]+$/, '').toLowerCase();
}

function isZip(f: BoundaryFile): boolean {
  return ext(f.name) === 'zip' || (f.bytes[0] === 0x50 && f.bytes[1] === 0x4b && f.bytes[2] === 3 && f.bytes[3] === 4);
}

// ---------------------------------------------------------------- sources

/** A ring from untrusted JSON: anything that is not a list of [x, y] gives NaN vertices or an empty ring (dropped later with a warning). */
function ringsOf(coords: unknown): Float64Array {
  if (!Array.isArray(coords)) return new Float64Array(0);
  const r = new Float64Array(coords.length * 2);
  for (let i = 0; i < coords.length; i++) {
    const c: unknown = coords[i];
    r[2 * i] = Array.isArray(c) ? +c[0] : NaN;
    r[2 * i + 1] = Array.isArray(c) ? +c[1] : NaN;
  }
  return r;
}

const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function polygonsOf(g: Geometry | null | undefined): { polygons: Float64Array[][]; kind: string } {
  if (!g || typeof g !== 'object') return { polygons: [], kind: 'null geometry' };
  if (g.type === 'Polygon') return { polygons: [listOf(g.coordinates).map(ringsOf)], kind: g.type };
  if (g.type === 'MultiPolygon') return { polygons: listOf(g.coordinates).map((p) => listOf(p).map(ringsOf)), kind: g.type };
  if (g.type === 'GeometryCollection') {
    const polygons = listOf(g.geometries).flatMap((h) => polygonsOf(h as Geometry).polygons);
    return { polygons, kind: g.type };
  }
  return { polygons: [], kind: g.type };
}

function fromFeatures(fc: unknown): RawFeature[] {
  // Untrusted JSON: entries that are not objects are not features.
  return listOf(fc)
    .filter((f): f is Feature => f !== null && typeof f === 'object' && !Array.isArray(f))
    .map((f) => {
      const { polygons, kind } = polygonsOf(f.geometry);
      const props = f.properties && typeof f.properties === 'object' && !Array.isArray(f.properties) ? f.properties : {};
      return { props: props as Record<string, unknown>, id: f.id, polygons, kind };
    });
}

function crsFromMember(crs: unknown): { crs: BoundaryCrs | null; evidence: string } | null {
  const name = (crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (typeof name !== 'string') return null;
  if (/27700/.test(name)) return { crs: 'EPSG:27700', evidence: `GeoJSON crs member "${name}"` };
  if (/CRS84|EPSG:+4326|EPSG::4326/i.test(name)) return { crs: 'EPSG:4326', evidence: `GeoJSON crs member "${name}"` };
  throw new Error(`unsupported coordinate reference system "${name}" (expected EPSG:27700 or WGS84 lon/lat)`);
}

function readJson(f: BoundaryFile, options: BoundaryOptions, warn: (w: BoundaryWarning) => void): Source {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(utf8.decode(f.bytes).replace(/^\uFEFF/, '')) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${f.name}: not valid JSON (${(e as Error).message})`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${f.name}: not GeoJSON or TopoJSON (no object at the top level)`);
  if (doc.type === 'Topology') {
    const topo = doc as unknown as Topology;
    const names = Object.keys(topo.objects ?? {});
    if (!names.length) throw new Error(`${f.name}: TopoJSON without objects`);
    let chosen = options.object;
    if (chosen !== undefined && !names.includes(chosen)) {
      throw new Error(`${f.name}: TopoJSON object "${chosen}" not found (objects: ${names.join(', ')})`);
    }
    if (chosen === undefined) {
      const polys = (o: unknown): number => {
        const g = o as { type: string; geometries?: unknown[] };
        if (g.type === 'Polygon' || g.type === 'MultiPolygon') return 1;
        return g.type === 'GeometryCollection' ? (g.geometries ?? []).reduce<number>((s, h) => s + polys(h), 0) : 0;
      };
      chosen = names.reduce((a, b) => (polys(topo.objects[b]) > polys(topo.objects[a]) ? b : a));
      if (names.length > 1) warn({ file: f.name, feature: 0, message: `TopoJSON has objects ${names.join(', ')}; used "${chosen}" (most polygons)` });
    }
    let out: Feature | FeatureCollection;
    try {
      out = topoFeature(topo, topo.objects[chosen]) as Feature | FeatureCollection;
    } catch (e) {
      throw new Error(`${f.name}: malformed TopoJSON object "${chosen}" (${(e as Error).message})`);
    }
    const feats = out.type === 'FeatureCollection' ? out.features : [out];
    return { file: f.name, features: fromFeatures(feats), crs: null, crsEvidence: '' };
  }
  let feats: Feature[];
  if (doc.type === 'FeatureCollection') feats = listOf(doc.features) as Feature[];
  else if (doc.type === 'Feature') feats = [doc as unknown as Feature];
  else if (doc.type === 'Polygon' || doc.type === 'MultiPolygon') feats = [{ type: 'Feature', properties: {}, geometry: doc as unknown as Geometry }];
  else throw new Error(`${f.name}: not GeoJSON or TopoJSON (type "${String(doc.type)}")`);
  const c = crsFromMember(doc.crs);
  return { file: f.name, features: fromFeatures(feats), crs: c?.crs ?? null, crsEvidence: c?.evidence ?? '' };
}

function crsFromPrj(prj: string): { crs: BoundaryCrs; evidence: string } {
  const head = prj.trim().slice(0, 80);
  if (/^PROJCS/i.test(prj.trim()) || /PROJCS\[/i.test(prj)) {
    if (/British_National_Grid|OSGB[_ ]?1936|OSGB36|27700/i.test(prj)) return { crs: 'EPSG:27700', evidence: `.prj ${head}…` };
    throw new Error(`unsupported projection in .prj (${head}…): expected British National Grid or WGS84`);
  }
  if (/GEOGCS\[/i.test(prj) && /WGS[_ ]?(19)?84/i.test(prj)) return { crs: 'EPSG:4326', evidence: `.prj ${head}…` };
  throw new Error(`unsupported coordinate system in .prj (${head}…): expected British National Grid or WGS84`);
}

function readShapefile(shp: BoundaryFile, all: BoundaryFile[], warn: (w: BoundaryWarning) => void): Source {
  const b = base(shp.name);
  const sib = (e: string): BoundaryFile | undefined => all.find((f) => base(f.name) === b && ext(f.name) === e);
  const dbf = sib('dbf');
  const prj = sib('prj');
  const cpg = sib('cpg');
  const geom = readShp(shp.bytes);
  let records: Record<string, unknown>[] = [];
  if (dbf) records = readDbf(dbf.bytes, cpg ? cpgToEncoding(utf8.decode(cpg.bytes)) : 'utf-8').records;
  else warn({ file: shp.name, feature: 0, message: 'no .dbf beside the .shp: wards have no attributes' });
  if (dbf && records.length !== geom.records.length) {
    warn({ file: shp.name, feature: 0, message: `.shp has ${geom.records.length} shapes but .dbf ${records.length} records` });
  }
  const features: RawFeature[] = geom.records.map((r, i) => ({
    props: records[i] ?? {},
    id: undefined,
    polygons: groupShpRings(r.rings),
    kind: r.type === 0 ? 'null shape' : `shape type ${r.type}`,
  }));
  const c = prj ? crsFromPrj(utf8.decode(prj.bytes)) : null;
  return { file: shp.name, features, crs: c?.crs ?? null, crsEvidence: c?.evidence ?? '' };
}

function signedArea(r: Float64Array): number {
  const n = r.length / 2;
  let s = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) s += (r[2 * j] - r[2 * i]) * (r[2 * j + 1] + r[2 * i + 1]);
  return s / 2; // > 0 counter-clockwise (y up)
}

function ringContains(r: Float64Array, px: number, py: number): boolean {
  const n = r.length / 2;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const yi = r[2 * i + 1];
    const yj = r[2 * j + 1];
    if (yi > py !== yj > py && r[2 * i] + ((py - yi) * (r[2 * j] - r[2 * i])) / (yj - yi) > px) inside = !inside;
  }
  return inside;
}

/** Shapefile rings: outer rings clockwise, holes counter-clockwise; a hole goes to the smallest outer containing it. */
function groupShpRings(rings: Float64Array[]): Float64Array[][] {
  if (rings.length <= 1) return rings.map((r) => [r]);
  const areas = rings.map(signedArea);
  const cw = areas.some((a) => a < 0);
  const isOuter = areas.map((a) => (cw ? a < 0 : true));
  const polys: Float64Array[][] = [];
  const outerIdx: number[] = [];
  rings.forEach((r, i) => {
    if (isOuter[i]) {
      outerIdx.push(polys.length);
      polys.push([r]);
    }
  });
  const outers = rings.map((_, i) => i).filter((i) => isOuter[i]);
  rings.forEach((r, i) => {
    if (isOuter[i]) return;
    let best = -1;
    for (let k = 0; k < outers.length; k++) {
      const o = rings[outers[k]];
      if (ringContains(o, r[0], r[1]) && (best < 0 || Math.abs(areas[outers[k]]) < Math.abs(areas[outers[best]]))) best = k;
    }
    if (best >= 0) polys[outerIdx[best]].push(r);
    else polys.push([r]); // orphan hole: keep as its own ring (even–odd still decides membership)
  });
  return polys;
}

function collectSources(files: BoundaryFile[], options: BoundaryOptions, warn: (w: BoundaryWarning) => void): Source {
  const all: BoundaryFile[] = [];
  for (const f of files) {
    if (isZip(f)) {
      for (const e of readZip(f.bytes)) {
        if (/(^|\/)(__MACOSX|\.)/.test(e.name)) continue;
        all.push({ name: e.name, bytes: e.bytes });
      }
    } else all.push(f);
  }
  const shps = all.filter((f) => ext(f.name) === 'shp');
  if (shps.length) {
    if (shps.length > 1) warn({ file: shps[0].name, feature: 0, message: `several shapefiles given (${shps.map((s) => s.name).join(', ')}); used ${shps[0].name}` });
    return readShapefile(shps[0], all, warn);
  }
  const jsons = all.filter((f) => ['json', 'geojson', 'topojson'].includes(ext(f.name)) || f.bytes[0] === 0x7b);
  if (jsons.length) {
    if (jsons.length > 1) warn({ file: jsons[0].name, feature: 0, message: `several JSON files given; used ${jsons[0].name}` });
    return readJson(jsons[0], options, warn);
  }
  if (all.some((f) => ext(f.name) === 'dbf')) throw new Error('a .dbf needs its .shp (and ideally .prj) beside it');
  throw new Error(`no boundary file found in ${files.map((f) => f.name).join(', ') || 'nothing'}: expected GeoJSON, TopoJSON, a zipped shapefile or .shp + .dbf`);
}

// ---------------------------------------------------------------- fields

interface FieldChoice {
  code: string;
  name: string;
  vintage: string | null;
}

function chooseFields(keys: string[], hasIds: boolean, options: BoundaryOptions, file: string, warn: (w: BoundaryWarning) => void): FieldChoice {
  const find = (re: RegExp): string | undefined => keys.find((k) => re.test(k));
  const listing = `available fields: ${keys.join(', ') || '(none)'}`;
  let code = options.codeField;
  let name = options.nameField;
  let pairName: string | undefined;
  if (code !== undefined) {
    if (code !== 'id' && !keys.includes(code)) throw new Error(`${file}: code field "${code}" not found; ${listing}`);
  } else {
    const rules: [RegExp, (c: string) => RegExp][] = [
      [/^gss_code$/i, () => /^name$/i],
      [/^wd\d{2}cd$/i, (c) => new RegExp(`^${c.slice(0, 4)}nm$`, 'i')],
      [/^lau2?\d{2}cd$/i, (c) => new RegExp(`^${c.slice(0, -2)}nm$`, 'i')],
      [/^ward_?code$/i, () => /^ward_?name$/i],
      [/^code$/i, () => /^name$/i],
    ];
    for (const [re, nameRe] of rules) {
      const c = find(re);
      if (c) {
        code = c;
        pairName = find(nameRe(c));
        break;
      }
    }
    if (code === undefined && hasIds) code = 'id';
    if (code === undefined) throw new Error(`${file}: no ward code field found (looked for GSS_CODE, WDyyCD, lau2yycd, code, feature id); ${listing}`);
  }
  if (name !== undefined) {
    if (!keys.includes(name)) throw new Error(`${file}: name field "${name}" not found; ${listing}`);
  } else {
    name = pairName ?? find(/^(name|ward_?name|wd\d{2}nm|lau2?\d{2}nm)$/i);
    if (name === undefined) {
      warn({ file, feature: 0, message: `no ward name field found; ward codes used as names (${listing})` });
      name = '';
    }
  }
  const yy = /(\d{2})(cd)$/i.exec(code);
  let vintage: string | null = yy && code !== 'id' ? `20${yy[1]}` : null;
  if (!vintage) {
    const y = /(?:^|[^0-9])((?:19|20)\d{2})(?:[^0-9]|$)/.exec(file);
    if (y) vintage = y[1];
  }
  return { code, name, vintage };
}

/** The 33 London local authorities (32 boroughs and the City), names normalised by londonKey. */
const LONDON = new Set([
  'barking and dagenham', 'barnet', 'bexley', 'brent', 'bromley', 'camden', 'city of london', 'croydon', 'ealing', 'enfield', 'greenwich',
  'hackney', 'hammersmith and fulham', 'haringey', 'harrow', 'havering', 'hillingdon', 'hounslow', 'islington', 'kensington and chelsea',
  'kingston upon thames', 'lambeth', 'lewisham', 'merton', 'newham', 'redbridge', 'richmond upon thames', 'southwark', 'sutton',
  'tower hamlets', 'waltham forest', 'wandsworth', 'westminster',
]);

/** "City and County of the City of London" → "city of london", "Royal Borough of Greenwich" → "greenwich". */
function londonKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\b(london|royal)\s+borough\s+of\b|\bcity\s+and\s+county\s+of\s+the\b/g, ' ')
    .replace(/\bcity of westminster\b/, 'westminster')
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

/**
 * The area the wards cover, from their borough column (BOROUGH, DISTRICT, LADnnNM or AREA):
 * the borough's name when one holds at least 90% of the wards that name one (a few wards of a
 * neighbour may come along); "London" when they spread over 30 or more of London's 33 local
 * authorities; otherwise null (the sentences then say "the area's"). `boroughs` counts the
 * distinct names (0: no borough column), so that a plan for one borough is not matched to
 * wards that span many.
 */
function areaOf(features: RawFeature[], keys: string[]): { name: string | null; boroughs: number } {
  const order = [/^borough$/i, /^district$/i, /^lad\d{2}nm$/i, /^area$/i];
  for (const re of order) {
    const k = keys.find((q) => re.test(q));
    if (!k) continue;
    const counts = new Map<string, number>();
    let named = 0;
    for (const f of features) {
      const v = f.props[k];
      if (v === null || v === undefined || v === '') continue;
      counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
      named++;
    }
    if (!named) continue;
    let best: string | null = null;
    let bc = 0;
    for (const [v, c] of counts) if (c > bc) [best, bc] = [v, c];
    if (bc >= 0.9 * named) return { name: best, boroughs: counts.size };
    const london = new Set([...counts.keys()].map(londonKey).filter((b) => LONDON.has(b)));
    return { name: london.size >= 30 && london.size === counts.size ? 'London' : null, boroughs: counts.size };
  }
  return { name: null, boroughs: 0 };
}

// ---------------------------------------------------------------- rings

/** Remove repeated vertices and the closing vertex. Returns null when < 3 distinct vertices remain. */
function cleanRing(r: Float64Array): { ring: Float64Array | null; wasOpen: boolean; nonFinite: boolean } {
  const n = r.length / 2;
  const out: number[] = [];
  let nonFinite = false;
  for (let i = 0; i < n; i++) {
    const x = r[2 * i];
    const y = r[2 * i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      nonFinite = true;
      continue;
    }
    const m = out.length;
    if (m && out[m - 2] === x && out[m - 1] === y) continue;
    out.push(x, y);
  }
  const wasOpen = n > 0 && (r[0] !== r[2 * n - 2] || r[1] !== r[2 * n - 1]);
  while (out.length >= 4 && out[0] === out[out.length - 2] && out[1] === out[out.length - 1]) out.length -= 2;
  const distinct = new Set<string>();
  for (let i = 0; i < out.length && distinct.size < 3; i += 2) distinct.add(`${out[i]},${out[i + 1]}`);
  return { ring: distinct.size < 3 ? null : Float64Array.from(out), wasOpen, nonFinite };
}

/** Whether two non-adjacent edges of the ring cross properly (touching is not crossing). Sweep on y. */
export function ringSelfIntersects(r: Float64Array): boolean {
  const n = r.length / 2;
  if (n < 4) return false;
  const lo = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    lo[i] = Math.min(r[2 * i + 1], r[2 * j + 1]);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => lo[a] - lo[b]);
  const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number =>
    Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
  for (let a = 0; a < n; a++) {
    const i = order[a];
    const i2 = (i + 1) % n;
    const ax = r[2 * i], ay = r[2 * i + 1], bx = r[2 * i2], by = r[2 * i2 + 1];
    const hi = Math.max(ay, by);
    for (let b = a + 1; b < n && lo[order[b]] <= hi; b++) {
      const j = order[b];
      const j2 = (j + 1) % n;
      if (j === i2 || j2 === i) continue; // adjacent edges share a vertex
      const cx = r[2 * j], cy = r[2 * j + 1], dx = r[2 * j2], dy = r[2 * j2 + 1];
      if (Math.max(cx, dx) < Math.min(ax, bx) || Math.min(cx, dx) > Math.max(ax, bx)) continue;
      if (orient(ax, ay, bx, by, cx, cy) * orient(ax, ay, bx, by, dx, dy) < 0 && orient(cx, cy, dx, dy, ax, ay) * orient(cx, cy, dx, dy, bx, by) < 0) {
        return true;
      }
    }
  }
  return false;
}

// ---------------------------------------------------------------- crs by range

function crsFromRange(features: RawFeature[]): { crs: BoundaryCrs; evidence: string } {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const f of features)
    for (const p of f.polygons)
      for (const r of p)
        for (let i = 0; i < r.length; i += 2) {
          const x = r[i], y = r[i + 1];
          if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          if (y > y1) y1 = y;
        }
  const range = `x ${x0.toFixed(3)}…${x1.toFixed(3)}, y ${y0.toFixed(3)}…${y1.toFixed(3)}`;
  if (!(x1 >= x0)) throw new Error('no polygon coordinates found');
  if (x0 >= -180 && x1 <= 180 && y0 >= -90 && y1 <= 90) return { crs: 'EPSG:4326', evidence: `coordinate range ${range} looks like lon/lat degrees` };
  if (x0 >= 0 && x1 <= 700000 && y0 >= 0 && y1 <= 1300000) return { crs: 'EPSG:27700', evidence: `coordinate range ${range} looks like British National Grid metres` };
  throw new Error(`cannot tell the coordinate system from the range ${range}: neither lon/lat nor British National Grid`);
}

// ---------------------------------------------------------------- main

/** Read ward boundaries and report every repair and skipped feature. */
/**
 * Reading a corrupt file must end in a message naming it, never in a raw TypeError or
 * RangeError from deep inside a reader (a DataView past the end, a null where an array was).
 */
function collectSourcesSafely(files: BoundaryFile[], options: BoundaryOptions, warn: (w: BoundaryWarning) => void): ReturnType<typeof collectSources> {
  try {
    return collectSources(files, options, warn);
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) {
      throw new Error(`${files.map((f) => f.name).join(', ')}: the boundary file is malformed or truncated (${e.message})`);
    }
    throw e;
  }
}

export function readBoundariesWithReport(files: BoundaryFile[], options: BoundaryOptions = {}): BoundaryReport {
  const warnings: BoundaryWarning[] = [];
  const warn = (w: BoundaryWarning): void => {
    warnings.push(w);
  };
  const src = collectSourcesSafely(files, options, warn);
  const file = src.file;

  // CRS
  let crs: BoundaryCrs;
  let crsEvidence: string;
  if (options.crs) {
    crs = options.crs;
    crsEvidence = 'set by option';
  } else if (src.crs) {
    crs = src.crs;
    crsEvidence = src.crsEvidence;
  } else {
    ({ crs, evidence: crsEvidence } = crsFromRange(src.features));
  }

  // fields
  const keySet = new Set<string>();
  for (const f of src.features) for (const k of Object.keys(f.props)) keySet.add(k);
  const keys = [...keySet];
  const hasIds = src.features.length > 0 && src.features.every((f) => f.id !== undefined && f.id !== null && f.id !== '');
  const fields = chooseFields(keys, hasIds, options, file, warn);

  // clean rings, keep polygonal features
  interface Kept {
    code: string;
    name: string;
    polygons: Float64Array[][];
  }
  const kept: Kept[] = [];
  const seen = new Map<string, number>();
  src.features.forEach((f, fi) => {
    const feature = fi + 1;
    const polys: Float64Array[][] = [];
    let selfX = false;
    for (const p of f.polygons) {
      const rings: Float64Array[] = [];
      for (let k = 0; k < p.length; k++) {
        const c = cleanRing(p[k]);
        if (c.nonFinite) warn({ file, feature, message: 'ring has non-numeric coordinates; those vertices were dropped' });
        if (!c.ring) {
          warn({ file, feature, message: `${k === 0 ? 'outer ring' : 'hole'} with fewer than 3 distinct vertices dropped` + (k === 0 && p.length > 1 ? ' (with its holes)' : '') });
          if (k === 0) break;
          continue;
        }
        if (c.wasOpen) warn({ file, feature, message: 'ring was not closed; closed it' });
        if (!selfX && ringSelfIntersects(c.ring)) selfX = true;
        rings.push(c.ring);
      }
      if (rings.length) polys.push(rings);
    }
    if (selfX) warn({ file, feature, message: 'self-intersecting ring kept; membership follows the even–odd rule' });
    if (!polys.length) {
      warn({ file, feature, message: f.polygons.length ? 'no valid polygon left; feature skipped' : `not a polygon (${f.kind}); feature skipped` });
      return;
    }
    const rawCode = fields.code === 'id' && !(fields.code in f.props) ? f.id : f.props[fields.code];
    let code = rawCode === null || rawCode === undefined ? '' : String(rawCode).trim();
    if (!code) {
      code = `feature ${feature}`;
      warn({ file, feature, message: `empty ward code; called it "${code}"` });
    }
    const rawName = fields.name ? f.props[fields.name] : undefined;
    const name = rawName === null || rawName === undefined || rawName === '' ? code : String(rawName).trim();
    const prev = seen.get(code);
    if (prev !== undefined) warn({ file, feature, message: `duplicate ward code ${code} (also feature ${prev}); both kept` });
    else seen.set(code, feature);
    kept.push({ code, name, polygons: polys });
  });
  if (!kept.length) throw new Error(`${file}: no polygon wards found`);

  // flatten
  let nv = 0;
  let nr = 0;
  for (const w of kept)
    for (const p of w.polygons)
      for (const r of p) {
        nv += r.length / 2;
        nr++;
      }
  const src2 = new Float64Array(nv * 2);
  const ringOffsets = new Uint32Array(nr + 1);
  const wardRings = new Uint32Array(kept.length + 1);
  let v = 0;
  let ri = 0;
  kept.forEach((w, wi) => {
    for (const p of w.polygons)
      for (const r of p) {
        src2.set(r, 2 * v);
        v += r.length / 2;
        ringOffsets[++ri] = v;
      }
    wardRings[wi + 1] = ri;
  });
  const a = new Float64Array(nv);
  const b = new Float64Array(nv);
  for (let i = 0; i < nv; i++) {
    a[i] = src2[2 * i];
    b[i] = src2[2 * i + 1];
  }
  const oa = new Float64Array(nv);
  const ob = new Float64Array(nv);
  if (crs === 'EPSG:4326') lonLatToBng(a, b, oa, ob);
  else bngToLonLat(a, b, oa, ob);
  const coords = new Float64Array(nv * 2);
  const lonlat = new Float64Array(nv * 2);
  for (let i = 0; i < nv; i++) {
    const [x, y, lo, la] = crs === 'EPSG:4326' ? [oa[i], ob[i], a[i], b[i]] : [a[i], b[i], oa[i], ob[i]];
    coords[2 * i] = x;
    coords[2 * i + 1] = y;
    lonlat[2 * i] = lo;
    lonlat[2 * i + 1] = la;
  }

  // bbox, area, geojson
  const bbox = new Float64Array(kept.length * 4);
  const area = new Float64Array(kept.length);
  const features: Feature[] = [];
  ri = 0;
  kept.forEach((w, wi) => {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    let ar = 0;
    const gPolys: number[][][][] = [];
    for (const p of w.polygons) {
      const gRings: number[][][] = [];
      p.forEach((_, k) => {
        const s = ringOffsets[ri];
        const e = ringOffsets[ri + 1];
        ri++;
        const ring = coords.subarray(2 * s, 2 * e);
        for (let i = 0; i < ring.length; i += 2) {
          if (ring[i] < x0) x0 = ring[i];
          if (ring[i] > x1) x1 = ring[i];
          if (ring[i + 1] < y0) y0 = ring[i + 1];
          if (ring[i + 1] > y1) y1 = ring[i + 1];
        }
        const sa = Math.abs(signedArea(ring));
        ar += k === 0 ? sa : -sa;
        const ll = lonlat.subarray(2 * s, 2 * e);
        const pts: number[][] = [];
        for (let i = 0; i < ll.length; i += 2) pts.push([ll[i], ll[i + 1]]);
        pts.push([ll[0], ll[1]]);
        // RFC 7946: outer counter-clockwise, holes clockwise
        const ccw = signedArea(ll) > 0;
        if (ccw !== (k === 0)) pts.reverse();
        gRings.push(pts);
      });
      gPolys.push(gRings);
    }
    bbox.set([x0, y0, x1, y1], 4 * wi);
    area[wi] = ar;
    const geometry: Polygon | MultiPolygon = gPolys.length === 1 ? { type: 'Polygon', coordinates: gPolys[0] } : { type: 'MultiPolygon', coordinates: gPolys };
    features.push({ type: 'Feature', properties: { code: w.code, name: w.name, index: wi }, geometry });
  });

  const covers = areaOf(src.features, keys);
  const wards: WardSet = {
    count: kept.length,
    codes: kept.map((w) => w.code),
    names: kept.map((w) => w.name),
    coords,
    ringOffsets,
    wardRings,
    bbox,
    area,
    meta: {
      file,
      codeField: fields.code,
      nameField: fields.name,
      crs,
      crsEvidence,
      vintage: fields.vintage,
      borough: covers.name,
      boroughs: covers.boroughs,
    },
    geojson: { type: 'FeatureCollection', features },
  };
  return { wards, warnings };
}

/** Read ward boundaries (warnings dropped; use readBoundariesWithReport to show them). */
export function readBoundaries(files: BoundaryFile[], options: BoundaryOptions = {}): WardSet {
  return readBoundariesWithReport(files, options).wards;
}

export { readPopulation, readPopulationWithReport } from './population.ts';
export type { PopulationOptions, PopulationReport } from './population.ts';
