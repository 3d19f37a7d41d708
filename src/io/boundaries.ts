/**
 * Ward boundaries from GeoJSON, TopoJSON, zipped ESRI shapefiles or loose .shp/.dbf/.prj
 * files, into one WardSet in British National Grid metres (see core/types.ts).
 *
 * Conventions:
 * - Every boundary source among the files is read (boundarySources.ts: each JSON file, each
 *   .shp with its siblings, zips expanded) and each keeps its own CRS, fields, ring cleaning
 *   and warnings; the wards are then merged in the order the files were given (see
 *   mergeWards). One source behaves exactly as when only one file could be read.
 * - CRS, per source, in order of precedence: options.crs, the .prj text, a GeoJSON `crs`
 *   member, and last the coordinate ranges. The evidence used is recorded in meta.crsEvidence.
 * - Membership is even–odd over all rings of a ward, so holes and parts are just rings.
 *   Rings are cleaned: repeated and closing vertices removed (rings are closed implicitly),
 *   rings with < 3 distinct vertices dropped, self-intersecting rings kept; each is reported.
 * - Ward area (m²) = Σ over polygons of |outer| − Σ|holes| (shoelace in BNG).
 * - `geojson` is WGS84 for drawing: the source lon/lat when the input is WGS84, otherwise
 *   inverse-projected; outer rings counter-clockwise (RFC 7946).
 * - The local authority of each ward, and the area they cover, come from boundaryArea.ts.
 */
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { WardSet } from '../core/types.ts';
import { bngToLonLat, lonLatToBng } from '../core/bng.ts';
import { areaOf, authorityField, authorityOf } from './boundaryArea.ts';
import { crsFromRange, nameErrors, planSources, readSource, signedArea } from './boundarySources.ts';
import { shapeDifference } from './sameBoundary.ts';
import { cleanRing, ringSelfIntersects } from './boundaryRings.ts';
import { chooseFields, type FieldChoice } from './boundaryFields.ts';
import type {
  BoundaryCrs,
  BoundaryFile,
  BoundaryOptions,
  BoundaryWarning,
  Source,
  SourcePlan,
  Warn,
} from './boundarySources.ts';

export type { BoundaryCrs, BoundaryFile, BoundaryOptions, BoundaryWarning } from './boundarySources.ts';

export interface BoundaryReport {
  wards: WardSet;
  warnings: BoundaryWarning[];
}

// ---------------------------------------------------------------- one source

/** A ward kept from one source: cleaned polygons in the source CRS. */
interface Kept {
  code: string;
  name: string;
  /** Local-authority name from the source's authority field; null when none. */
  authority: string | null;
  /** 1-based feature number in its file. */
  feature: number;
  polygons: Float64Array[][];
}

/** A ward projected: `xy` BNG metres and `ll` WGS84 lon/lat, ring for ring as in `polygons`. */
interface Ward extends Omit<Kept, 'polygons'> {
  /** Index of its source, and the source's file name. */
  source: number;
  file: string;
  xy: Float64Array[][];
  ll: Float64Array[][];
}

interface SourceWards {
  file: string;
  crs: BoundaryCrs;
  crsEvidence: string;
  fields: FieldChoice;
  authorityField: string | null;
  wards: Ward[];
}

/** Clean every feature's rings and keep the polygonal ones, warning of each repair, skip and duplicate code. */
function keepWards(src: Source, fields: FieldChoice, authField: string | null, warn: Warn): Kept[] {
  const file = src.file;
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
        if (c.nonFinite)
          warn({ file, feature, message: 'ring has non-numeric coordinates; those vertices were dropped' });
        if (!c.ring) {
          warn({
            file,
            feature,
            message:
              `${k === 0 ? 'outer ring' : 'hole'} with fewer than 3 distinct vertices dropped` +
              (k === 0 && p.length > 1 ? ' (with its holes)' : ''),
          });
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
      warn({
        file,
        feature,
        message: f.polygons.length
          ? 'no valid polygon left; feature skipped'
          : `not a polygon (${f.kind}); feature skipped`,
      });
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
    if (prev !== undefined)
      warn({ file, feature, message: `duplicate ward code ${code} (also feature ${prev}); both kept` });
    else seen.set(code, feature);
    kept.push({ code, name, authority: authorityOf(f.props, authField), feature, polygons: polys });
  });
  return kept;
}

/** Project one source's wards: BNG metres for analysis, WGS84 for drawing (the source's own values where it has them). */
function project(kept: Kept[], crs: BoundaryCrs, source: number, file: string): Ward[] {
  let nv = 0;
  for (const w of kept) for (const p of w.polygons) for (const r of p) nv += r.length / 2;
  const a = new Float64Array(nv);
  const b = new Float64Array(nv);
  let v = 0;
  for (const w of kept)
    for (const p of w.polygons)
      for (const r of p)
        for (let i = 0; i < r.length; i += 2, v++) {
          a[v] = r[i];
          b[v] = r[i + 1];
        }
  const oa = new Float64Array(nv);
  const ob = new Float64Array(nv);
  if (crs === 'EPSG:4326') lonLatToBng(a, b, oa, ob);
  else bngToLonLat(a, b, oa, ob);
  const [xs, ys, los, las] = crs === 'EPSG:4326' ? [oa, ob, a, b] : [a, b, oa, ob];
  v = 0;
  return kept.map(({ polygons, ...w }) => {
    const split = (p: Float64Array[]): { xy: Float64Array[]; ll: Float64Array[] } => {
      const xy: Float64Array[] = [];
      const ll: Float64Array[] = [];
      for (const r of p) {
        const n = r.length / 2;
        const rx = new Float64Array(2 * n);
        const rl = new Float64Array(2 * n);
        for (let i = 0; i < n; i++, v++) {
          rx[2 * i] = xs[v];
          rx[2 * i + 1] = ys[v];
          rl[2 * i] = los[v];
          rl[2 * i + 1] = las[v];
        }
        xy.push(rx);
        ll.push(rl);
      }
      return { xy, ll };
    };
    const parts = polygons.map(split);
    return { ...w, source, file, xy: parts.map((q) => q.xy), ll: parts.map((q) => q.ll) };
  });
}

/** One source's wards: its CRS, fields, authority field, cleaned and projected wards. */
function sourceWards(src: Source, source: number, options: BoundaryOptions, warn: Warn): SourceWards {
  const file = src.file;
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
  const keySet = new Set<string>();
  for (const f of src.features) for (const k of Object.keys(f.props)) keySet.add(k);
  const keys = [...keySet];
  const hasIds =
    src.features.length > 0 && src.features.every((f) => f.id !== undefined && f.id !== null && f.id !== '');
  const fields = chooseFields(keys, hasIds, options, file, warn);
  const authField = authorityField(src.features, keys);
  const kept = keepWards(src, fields, authField, warn);
  if (!kept.length) throw new Error(`${file}: no polygon wards found`);
  return { file, crs, crsEvidence, fields, authorityField: authField, wards: project(kept, crs, source, file) };
}

// ---------------------------------------------------------------- merging sources

/**
 * All sources' wards in file order. A code already kept from another file is counted once
 * when the shapes are the same (an info warning names both files), and is an error when they
 * differ: one ward set cannot hold two boundaries for one ward. Duplicate codes within one
 * file were warned of by keepWards and are all kept.
 */
function mergeWards(sources: SourceWards[], warn: Warn): Ward[] {
  const kept: Ward[] = [];
  const byCode = new Map<string, Ward[]>();
  for (const s of sources)
    for (const w of s.wards) {
      const earlier = (byCode.get(w.code) ?? []).filter((k) => k.source !== w.source);
      if (earlier.length) {
        const diffs = earlier.map((k) => shapeDifference(k.xy, w.xy));
        const same = earlier.find((_, i) => diffs[i] === null);
        if (!same) {
          throw new Error(
            `${w.code} is in both ${earlier[0].file} and ${w.file} with different boundaries (${diffs[0]}); load the boundaries of one ward set (one vintage) only`,
          );
        }
        const names =
          same.name === w.name
            ? ''
            : ` (named "${same.name}" in ${same.file}, "${w.name}" in ${w.file}; "${same.name}" kept)`;
        warn({
          file: w.file,
          feature: w.feature,
          level: 'info',
          message: `${w.code} is in both ${same.file} and ${w.file} with the same boundary; counted once${names}`,
        });
        continue;
      }
      kept.push(w);
      const list = byCode.get(w.code);
      if (list) list.push(w);
      else byCode.set(w.code, [w]);
    }
  return kept;
}

/** Most common non-null vintage (ties: the first given); a warning names the files of each when they differ. */
function mergedVintage(sources: SourceWards[], warn: Warn): string | null {
  const files = new Map<string, string[]>();
  for (const s of sources) {
    const v = s.fields.vintage;
    if (v === null) continue;
    const list = files.get(v);
    if (list) list.push(s.file);
    else files.set(v, [s.file]);
  }
  let best: string | null = null;
  for (const [v, list] of files) if (best === null || list.length > (files.get(best) ?? []).length) best = v;
  if (files.size > 1 && best !== null) {
    const each = [...files].map(([v, list]) => `${v} (${list.join(', ')})`).join('; ');
    const odd = sources.find((s) => s.fields.vintage !== null && s.fields.vintage !== best);
    warn({
      file: odd?.file ?? sources[0].file,
      feature: 0,
      message: `the boundary files are of different vintages: ${each}; ${best}, the most common, is taken as the vintage. Wards of different years may overlap or leave gaps`,
    });
  }
  return best;
}

function mergedMeta(sources: SourceWards[], wards: Ward[], warn: Warn): WardSet['meta'] {
  const first = sources[0];
  const n = sources.length;
  const file =
    n === 1
      ? first.file
      : `${n} files: ${sources
          .slice(0, 3)
          .map((s) => s.file)
          .join(', ')}${n > 3 ? ', …' : ''}`;
  let crsEvidence = first.crsEvidence;
  if (sources.some((s) => s.crs !== first.crs))
    crsEvidence = sources.map((s) => `${s.file}: ${s.crs} (${s.crsEvidence})`).join('; ');
  else if (sources.some((s) => s.crsEvidence !== first.crsEvidence))
    crsEvidence = `all ${n} files ${first.crs}: ${sources.map((s) => `${s.file}: ${s.crsEvidence}`).join('; ')}`;
  const authFields = [...new Set(sources.map((s) => s.authorityField).filter((f): f is string => f !== null))];
  const area = areaOf(wards.map((w) => w.authority));
  return {
    file,
    codeField: first.fields.code,
    nameField: first.fields.name,
    crs: first.crs,
    crsEvidence,
    vintage: mergedVintage(sources, warn),
    borough: area.borough,
    boroughs: area.boroughs,
    authorities: area.authorities,
    authorityField: authFields.length ? authFields.join(', ') : null,
  };
}

// ---------------------------------------------------------------- the ward set

/** Flatten the wards into the WardSet's rings, with each ward's bbox, area and WGS84 GeoJSON. */
function assemble(wards: Ward[]): Pick<WardSet, 'coords' | 'ringOffsets' | 'wardRings' | 'bbox' | 'area' | 'geojson'> {
  let nv = 0;
  let nr = 0;
  for (const w of wards)
    for (const p of w.xy)
      for (const r of p) {
        nv += r.length / 2;
        nr++;
      }
  const coords = new Float64Array(nv * 2);
  const ringOffsets = new Uint32Array(nr + 1);
  const wardRings = new Uint32Array(wards.length + 1);
  const bbox = new Float64Array(wards.length * 4);
  const area = new Float64Array(wards.length);
  const features: Feature[] = [];
  let v = 0;
  let ri = 0;
  wards.forEach((w, wi) => {
    let x0 = Infinity,
      y0 = Infinity,
      x1 = -Infinity,
      y1 = -Infinity;
    let ar = 0;
    const gPolys: number[][][][] = [];
    w.xy.forEach((p, pi) => {
      const gRings: number[][][] = [];
      p.forEach((ring, k) => {
        coords.set(ring, 2 * v);
        v += ring.length / 2;
        ringOffsets[++ri] = v;
        for (let i = 0; i < ring.length; i += 2) {
          if (ring[i] < x0) x0 = ring[i];
          if (ring[i] > x1) x1 = ring[i];
          if (ring[i + 1] < y0) y0 = ring[i + 1];
          if (ring[i + 1] > y1) y1 = ring[i + 1];
        }
        const sa = Math.abs(signedArea(ring));
        ar += k === 0 ? sa : -sa;
        const ll = w.ll[pi][k];
        const pts: number[][] = [];
        for (let i = 0; i < ll.length; i += 2) pts.push([ll[i], ll[i + 1]]);
        pts.push([ll[0], ll[1]]);
        // RFC 7946: outer counter-clockwise, holes clockwise
        const ccw = signedArea(ll) > 0;
        if (ccw !== (k === 0)) pts.reverse();
        gRings.push(pts);
      });
      gPolys.push(gRings);
    });
    wardRings[wi + 1] = ri;
    bbox.set([x0, y0, x1, y1], 4 * wi);
    area[wi] = ar;
    const geometry: Polygon | MultiPolygon =
      gPolys.length === 1 ? { type: 'Polygon', coordinates: gPolys[0] } : { type: 'MultiPolygon', coordinates: gPolys };
    features.push({ type: 'Feature', properties: { code: w.code, name: w.name, index: wi }, geometry });
  });
  return { coords, ringOffsets, wardRings, bbox, area, geojson: { type: 'FeatureCollection', features } };
}

/**
 * Read one source's wards. Errors name the file: with one source exactly as before several
 * could be read (malformed bytes name the files given; other errors are named by the caller),
 * with several every error is prefixed with the source's name.
 */
function readOne(
  plan: SourcePlan,
  index: number,
  files: BoundaryFile[],
  several: boolean,
  options: BoundaryOptions,
  warn: Warn,
): SourceWards {
  const label = several ? plan.label : files.map((f) => f.name).join(', ');
  const src = nameErrors(label, plan.file, several, () => readSource(plan, options, warn));
  if (!several) return sourceWards(src, index, options, warn);
  return nameErrors(label, plan.file, true, () => sourceWards(src, index, options, warn));
}

/** Read ward boundaries from one or several files as one ward set, and report every repair, skipped feature and merge. */
export function readBoundariesWithReport(files: BoundaryFile[], options: BoundaryOptions = {}): BoundaryReport {
  const warnings: BoundaryWarning[] = [];
  const warn = (w: BoundaryWarning): void => {
    warnings.push(w);
  };
  const plans = planSources(files, warn);
  const several = plans.filter((p) => !p.optional).length > 1;
  const sources: SourceWards[] = [];
  for (const plan of plans) {
    if (!plan.optional) {
      sources.push(readOne(plan, sources.length, files, several, options, warn));
      continue;
    }
    // A JSON beside a shapefile in one zip: its warnings count only if it turns out to be wards.
    const own: BoundaryWarning[] = [];
    try {
      sources.push(readOne(plan, sources.length, files, true, options, (w) => own.push(w)));
      warnings.push(...own);
    } catch (e) {
      warn({
        file: plan.file,
        feature: 0,
        message: `not read as ward boundaries (${(e as Error).message}); ignored, the shapefile beside it was read`,
      });
    }
  }
  const kept = mergeWards(sources, warn);
  const wards: WardSet = {
    count: kept.length,
    codes: kept.map((w) => w.code),
    names: kept.map((w) => w.name),
    ...assemble(kept),
    meta: mergedMeta(sources, kept, warn),
    authority: kept.map((w) => w.authority),
  };
  return { wards, warnings };
}

/** Read ward boundaries (warnings dropped; use readBoundariesWithReport to show them). */
export function readBoundaries(files: BoundaryFile[], options: BoundaryOptions = {}): WardSet {
  return readBoundariesWithReport(files, options).wards;
}

export { readPopulation, readPopulationWithReport } from './population.ts';
export type { PopulationOptions, PopulationReport } from './population.ts';
