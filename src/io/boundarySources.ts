/**
 * Boundary sources: which of the given files are ward boundaries, and reading each into raw
 * features in its own coordinate system (boundaries.ts turns them into a WardSet).
 *
 * A source is one JSON file (GeoJSON or TopoJSON), or one `.shp` with the `.dbf`, `.prj` and
 * `.cpg` of the same base name beside it. Zips are expanded first; a zip may hold several
 * shapefiles. Sources are listed in the order the files were given (zip members in their
 * order in the zip).
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Topology } from 'topojson-specification';
import { feature as topoFeature } from 'topojson-client';
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
  /**
   * 'info' for a note that needs no action (a ward found the same in two files and counted
   * once); absent for a warning proper.
   */
  level?: 'info';
}

export type Warn = (w: BoundaryWarning) => void;

/** One input feature: attributes and polygons, each polygon = [outer, ...holes] flat rings in source CRS. */
export interface RawFeature {
  props: Record<string, unknown>;
  id: string | number | undefined;
  polygons: Float64Array[][];
  /** Geometry type for messages when it is not polygonal. */
  kind: string;
}

export interface Source {
  file: string;
  features: RawFeature[];
  crs: BoundaryCrs | null;
  crsEvidence: string;
}

/** A source found among the files, not yet read. */
export interface SourcePlan {
  /** Name used in warnings and meta: the file name, or the zip member's path in the zip. */
  file: string;
  /** Name for errors: `file`, or "member in archive.zip" for a zip member. */
  label: string;
  kind: 'json' | 'shp';
  main: BoundaryFile;
  dbf?: BoundaryFile;
  prj?: BoundaryFile;
  cpg?: BoundaryFile;
  /**
   * A JSON member of a zip that also holds a shapefile: possibly metadata rather than wards,
   * so the caller skips it with a warning when it cannot be read as wards (the zip was read
   * for its shapefile before several sources were allowed, and still is).
   */
  optional: boolean;
}

const utf8 = new TextDecoder('utf-8');

function ext(name: string): string {
  const m = /\.([^./\\]+)$/.exec(name);
  return m ? m[1].toLowerCase() : '';
}

function base(name: string): string {
  return name
    .replace(/^.*[/\\]/, '')
    .replace(/\.[^.]+$/, '')
    .toLowerCase();
}

function dir(name: string): string {
  return name.replace(/[^/\\]*$/, '').toLowerCase();
}

function isZip(f: BoundaryFile): boolean {
  return ext(f.name) === 'zip' || (f.bytes[0] === 0x50 && f.bytes[1] === 0x4b && f.bytes[2] === 3 && f.bytes[3] === 4);
}

/**
 * Run `fn`, naming `label` in what it throws. Reading a corrupt file must end in a message
 * naming it, never in a raw TypeError or RangeError from deep inside a reader (a DataView past
 * the end, a null where an array was). With `prefix` (several sources) every other error is
 * prefixed with the label too, unless it already starts with `file:`.
 */
export function nameErrors<T>(label: string, file: string, prefix: boolean, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) {
      throw new Error(`${label}: the boundary file is malformed or truncated (${e.message})`);
    }
    if (prefix && e instanceof Error && !e.message.startsWith(`${file}:`) && !e.message.startsWith(`${label}:`)) {
      throw new Error(`${label}: ${e.message}`);
    }
    throw e;
  }
}

// ---------------------------------------------------------------- JSON

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
  if (g.type === 'MultiPolygon')
    return { polygons: listOf(g.coordinates).map((p) => listOf(p).map(ringsOf)), kind: g.type };
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
      const props =
        f.properties && typeof f.properties === 'object' && !Array.isArray(f.properties) ? f.properties : {};
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

/** The TopoJSON object to read: options.object, else the one with the most polygons (with a warning when there was a choice). */
function topoFeatures(f: BoundaryFile, topo: Topology, options: BoundaryOptions, warn: Warn): RawFeature[] {
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
    if (names.length > 1)
      warn({
        file: f.name,
        feature: 0,
        message: `TopoJSON has objects ${names.join(', ')}; used "${chosen}" (most polygons)`,
      });
  }
  let out: Feature | FeatureCollection;
  try {
    out = topoFeature(topo, topo.objects[chosen]) as Feature | FeatureCollection;
  } catch (e) {
    throw new Error(`${f.name}: malformed TopoJSON object "${chosen}" (${(e as Error).message})`);
  }
  return fromFeatures(out.type === 'FeatureCollection' ? out.features : [out]);
}

function readJson(f: BoundaryFile, options: BoundaryOptions, warn: Warn): Source {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(utf8.decode(f.bytes).replace(/^\uFEFF/, '')) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${f.name}: not valid JSON (${(e as Error).message})`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new Error(`${f.name}: not GeoJSON or TopoJSON (no object at the top level)`);
  if (doc.type === 'Topology') {
    return {
      file: f.name,
      features: topoFeatures(f, doc as unknown as Topology, options, warn),
      crs: null,
      crsEvidence: '',
    };
  }
  let feats: Feature[];
  if (doc.type === 'FeatureCollection') feats = listOf(doc.features) as Feature[];
  else if (doc.type === 'Feature') feats = [doc as unknown as Feature];
  else if (doc.type === 'Polygon' || doc.type === 'MultiPolygon')
    feats = [{ type: 'Feature', properties: {}, geometry: doc as unknown as Geometry }];
  else throw new Error(`${f.name}: not GeoJSON or TopoJSON (type "${String(doc.type)}")`);
  const c = crsFromMember(doc.crs);
  return { file: f.name, features: fromFeatures(feats), crs: c?.crs ?? null, crsEvidence: c?.evidence ?? '' };
}

// ---------------------------------------------------------------- shapefile

function crsFromPrj(prj: string): { crs: BoundaryCrs; evidence: string } {
  const head = prj.trim().slice(0, 80);
  if (/^PROJCS/i.test(prj.trim()) || /PROJCS\[/i.test(prj)) {
    if (/British_National_Grid|OSGB[_ ]?1936|OSGB36|27700/i.test(prj))
      return { crs: 'EPSG:27700', evidence: `.prj ${head}…` };
    throw new Error(`unsupported projection in .prj (${head}…): expected British National Grid or WGS84`);
  }
  if (/GEOGCS\[/i.test(prj) && /WGS[_ ]?(19)?84/i.test(prj)) return { crs: 'EPSG:4326', evidence: `.prj ${head}…` };
  throw new Error(`unsupported coordinate system in .prj (${head}…): expected British National Grid or WGS84`);
}

function readShapefile(plan: SourcePlan, warn: Warn): Source {
  const file = plan.file;
  const geom = readShp(plan.main.bytes);
  let records: Record<string, unknown>[] = [];
  if (plan.dbf)
    records = readDbf(plan.dbf.bytes, plan.cpg ? cpgToEncoding(utf8.decode(plan.cpg.bytes)) : 'utf-8').records;
  else warn({ file, feature: 0, message: 'no .dbf beside the .shp: wards have no attributes' });
  if (plan.dbf && records.length !== geom.records.length) {
    warn({ file, feature: 0, message: `.shp has ${geom.records.length} shapes but .dbf ${records.length} records` });
  }
  const features: RawFeature[] = geom.records.map((r, i) => ({
    props: records[i] ?? {},
    id: undefined,
    polygons: groupShpRings(r.rings),
    kind: r.type === 0 ? 'null shape' : `shape type ${r.type}`,
  }));
  const c = plan.prj ? crsFromPrj(utf8.decode(plan.prj.bytes)) : null;
  return { file, features, crs: c?.crs ?? null, crsEvidence: c?.evidence ?? '' };
}

export function signedArea(r: Float64Array): number {
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
      if (ringContains(o, r[0], r[1]) && (best < 0 || Math.abs(areas[outers[k]]) < Math.abs(areas[outers[best]])))
        best = k;
    }
    if (best >= 0) polys[outerIdx[best]].push(r);
    else polys.push([r]); // orphan hole: keep as its own ring (even–odd still decides membership)
  });
  return polys;
}

// ---------------------------------------------------------------- planning

interface Entry {
  file: BoundaryFile;
  /** Name of the zip it came from; null for a loose file. */
  zip: string | null;
}

/** Loose files and zip members (zips expanded; macOS resource forks and hidden members skipped). */
function expand(files: BoundaryFile[]): Entry[] {
  const all: Entry[] = [];
  const several = files.length > 1;
  for (const f of files) {
    if (!isZip(f)) {
      all.push({ file: f, zip: null });
      continue;
    }
    // Errors other than malformed bytes name the zip only when there are several files (one
    // file: the message stays as it always was; the caller names the file).
    for (const e of nameErrors(f.name, f.name, several, () => readZip(f.bytes))) {
      if (/(^|\/)(__MACOSX|\.)/.test(e.name)) continue;
      all.push({ file: { name: e.name, bytes: e.bytes }, zip: f.name });
    }
  }
  return all;
}

/**
 * The sibling of a .shp with extension `e`: same base name (case-insensitive), preferring one
 * from the same zip and folder, then the same zip, then any (loose .dbf beside a zipped .shp).
 */
function sibling(all: Entry[], shp: Entry, e: string): BoundaryFile | undefined {
  const b = base(shp.file.name);
  const same = all.filter((x) => base(x.file.name) === b && ext(x.file.name) === e);
  const inZip = same.filter((x) => x.zip === shp.zip);
  return (inZip.find((x) => dir(x.file.name) === dir(shp.file.name)) ?? inZip[0] ?? same[0])?.file;
}

/** Two sources of one name (the same member path in two zips, or one file given twice) get distinct names. */
function distinctNames(plans: SourcePlan[]): void {
  const count = (): Map<string, number> => {
    const m = new Map<string, number>();
    for (const p of plans) m.set(p.file, (m.get(p.file) ?? 0) + 1);
    return m;
  };
  let n = count();
  for (const p of plans) if ((n.get(p.file) ?? 0) > 1 && p.label !== p.file) p.file = p.label;
  n = count();
  const seen = new Map<string, number>();
  for (const p of plans) {
    if ((n.get(p.file) ?? 0) < 2) continue;
    const k = (seen.get(p.file) ?? 0) + 1;
    seen.set(p.file, k);
    if (k > 1) {
      p.file = `${p.file} (${k})`;
      p.label = p.file;
    }
  }
}

/** Every boundary source among the files, in the order given. Throws when there is none. */
export function planSources(files: BoundaryFile[], warn: Warn): SourcePlan[] {
  const all = expand(files);
  const zipsWithShp = new Set(all.filter((x) => x.zip !== null && ext(x.file.name) === 'shp').map((x) => x.zip));
  const plans: SourcePlan[] = [];
  const usedDbf = new Set<BoundaryFile>();
  for (const x of all) {
    const f = x.file;
    const label = x.zip === null ? f.name : `${f.name} in ${x.zip}`;
    if (ext(f.name) === 'shp') {
      const [dbf, prj, cpg] = ['dbf', 'prj', 'cpg'].map((e) => sibling(all, x, e));
      if (dbf) usedDbf.add(dbf);
      plans.push({ file: f.name, label, kind: 'shp', main: f, dbf, prj, cpg, optional: false });
    } else if (['json', 'geojson', 'topojson'].includes(ext(f.name)) || f.bytes[0] === 0x7b) {
      plans.push({ file: f.name, label, kind: 'json', main: f, optional: x.zip !== null && zipsWithShp.has(x.zip) });
    }
  }
  const dbfs = all.filter((x) => ext(x.file.name) === 'dbf');
  if (!plans.length) {
    if (dbfs.length) throw new Error('a .dbf needs its .shp (and ideally .prj) beside it');
    throw new Error(
      `no boundary file found in ${files.map((f) => f.name).join(', ') || 'nothing'}: expected GeoJSON, TopoJSON, a zipped shapefile or .shp + .dbf`,
    );
  }
  for (const x of dbfs)
    if (!usedDbf.has(x.file))
      warn({ file: x.file.name, feature: 0, message: 'no .shp of the same name beside this .dbf; ignored' });
  distinctNames(plans);
  return plans;
}

/** Read one planned source into raw features (CRS from its .prj or crs member, if any). */
export function readSource(plan: SourcePlan, options: BoundaryOptions, warn: Warn): Source {
  if (plan.kind === 'shp') return readShapefile(plan, warn);
  return readJson({ name: plan.file, bytes: plan.main.bytes }, options, warn);
}

// ---------------------------------------------------------------- crs by range

export function crsFromRange(features: RawFeature[]): { crs: BoundaryCrs; evidence: string } {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const f of features)
    for (const p of f.polygons)
      for (const r of p)
        for (let i = 0; i < r.length; i += 2) {
          const x = r[i],
            y = r[i + 1];
          if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          if (y > y1) y1 = y;
        }
  const range = `x ${x0.toFixed(3)}…${x1.toFixed(3)}, y ${y0.toFixed(3)}…${y1.toFixed(3)}`;
  if (!(x1 >= x0)) throw new Error('no polygon coordinates found');
  if (x0 >= -180 && x1 <= 180 && y0 >= -90 && y1 <= 90)
    return { crs: 'EPSG:4326', evidence: `coordinate range ${range} looks like lon/lat degrees` };
  if (x0 >= 0 && x1 <= 700000 && y0 >= 0 && y1 <= 1300000)
    return { crs: 'EPSG:27700', evidence: `coordinate range ${range} looks like British National Grid metres` };
  throw new Error(
    `cannot tell the coordinate system from the range ${range}: neither lon/lat nor British National Grid`,
  );
}
