/**
 * Area outlines (hotspot polygons in WGS84) as flat line-segment buffers for outlineLayer.ts,
 * and a point-in-area picker for hover and click. PURE: no DOM, no WebGL.
 *
 * Segments are in Web Mercator units (the world is the unit square, y down, as MapLibre's
 * world coordinates / its world size) RELATIVE to an origin (the outlines' bounding-box
 * centre), stored as float32: relative to a London-sized origin a float32 keeps ~1e-10 of the
 * world, under a hundredth of a pixel at the deepest zoom, where absolute float32 mercator
 * would be off by pixels from zoom 16. The origin itself stays a float64 and is folded into
 * the matrix on the CPU.
 */
import Flatbush from 'flatbush';
import type { FeatureCollection, Geometry, Position } from 'geojson';
import { packedRingsOf } from '../../worker/packedGeometry.ts';
import { mercator } from '../../core/mercator.ts';

export { mercator };

export interface OutlineSegments {
  /** Mercator [x, y] that segment coordinates are relative to. */
  origin: [number, number];
  /** Four floats per segment: x0, y0, x1, y1 (mercator minus origin). */
  segments: Float32Array;
  /** Segments of feature f are areaStart[f] … areaStart[f + 1] − 1 (features in collection order). */
  areaStart: Uint32Array;
}

/** [minX, minY, maxX, maxY] of interleaved x, y rings, grown into `box` (start from emptyBox()). */
export function growBox(box: number[], rings: readonly Float64Array[]): number[] {
  for (const ring of rings)
    for (let i = 0; i < ring.length; i += 2) {
      const x = ring[i];
      const y = ring[i + 1];
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    }
  return box;
}

export const emptyBox = (): number[] => [Infinity, Infinity, -Infinity, -Infinity];

/** The centre of a box, or the centre of the world for an empty one (the origin of relative coordinates). */
export function boxCentre(box: readonly number[]): [number, number] {
  return box[0] <= box[2] ? [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2] : [0.5, 0.5];
}

/**
 * Per feature, its rings as interleaved lon, lat: views into the packed arrays when the
 * collection came packed from the worker (packedGeometry.ts), else copied from the GeoJSON.
 */
export function lonLatRings(fc: FeatureCollection): Float64Array[][] {
  const p = packedRingsOf(fc);
  if (p) {
    return fc.features.map((_, f) => {
      const out: Float64Array[] = [];
      for (let r = p.featureRingStart[f]; r < p.featureRingStart[f + 1]; r++)
        out.push(p.coords.subarray(2 * p.ringStart[r], 2 * p.ringStart[r + 1]));
      return out;
    });
  }
  return fc.features.map((f) =>
    ringsOf(f.geometry).map((ring) => {
      const m = new Float64Array(ring.length * 2);
      for (let i = 0; i < ring.length; i++) {
        m[2 * i] = ring[i][0];
        m[2 * i + 1] = ring[i][1];
      }
      return m;
    }),
  );
}

/** Rings of a Polygon or MultiPolygon ([] for other geometry). */
export function ringsOf(g: Geometry | null): Position[][] {
  if (!g) return [];
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}

/**
 * The outlines of a collection of areas in Web Mercator, and their edges simplified for a
 * zoom: at city scale a 50 m cell is half a pixel, so drawing every contour edge (61,000 for
 * London's 1,641 areas) would cost a software renderer ~80 ms a frame for detail no one can see.
 * segments(tolerance) simplifies each ring by Douglas–Peucker to within `tolerance` (mercator
 * units) and caches the answer per tolerance; 0 gives every edge.
 */
export class AreaOutlines {
  readonly origin: [number, number];
  /** Per area, its rings as interleaved mercator x, y (closed: last vertex = first). */
  private readonly rings: Float64Array[][];
  private readonly cache = new Map<number, OutlineSegments>();

  constructor(fc: FeatureCollection) {
    const packed = packedRingsOf(fc);
    const merc = packed?.mercator ?? null;
    const lonLat = lonLatRings(fc);
    this.rings = lonLat.map((rings, f) =>
      rings.map((ring, r) => {
        const n = ring.length / 2;
        const open = n > 1 && (ring[0] !== ring[2 * n - 2] || ring[1] !== ring[2 * n - 1]);
        let m: Float64Array;
        if (merc && packed && !open) {
          // Projected in the worker (packedGeometry.ts): a view, no copy.
          const g = packed.featureRingStart[f] + r;
          m = merc.subarray(2 * packed.ringStart[g], 2 * packed.ringStart[g + 1]);
        } else {
          const k = n + (open ? 1 : 0);
          m = new Float64Array(k * 2);
          for (let i = 0; i < k; i++) {
            const j = i % n;
            const [x, y] = mercator(ring[2 * j], ring[2 * j + 1]);
            m[2 * i] = x;
            m[2 * i + 1] = y;
          }
        }
        return m;
      }),
    );
    const box = emptyBox();
    for (const rings of this.rings) growBox(box, rings);
    this.origin = boxCentre(box);
  }

  /** Every edge (tolerance 0) or the edges of the simplified rings, grouped by area; zero-length edges dropped. */
  segments(tolerance: number): OutlineSegments {
    const hit = this.cache.get(tolerance);
    if (hit) return hit;
    const [ox, oy] = this.origin;
    let upper = 0;
    for (const area of this.rings) for (const m of area) upper += m.length / 2;
    const segments = new Float32Array(upper * 4);
    const areaStart = new Uint32Array(this.rings.length + 1);
    let n = 0;
    for (let f = 0; f < this.rings.length; f++) {
      for (const m of this.rings[f]) {
        const k = m.length / 2;
        if (k < 2) continue;
        const keep = tolerance > 0 ? simplifyRing(m, tolerance) : null;
        let prev = 0;
        for (let i = 1; i < k; i++) {
          if (keep && !keep[i]) continue;
          if (m[2 * prev] !== m[2 * i] || m[2 * prev + 1] !== m[2 * i + 1]) {
            segments[4 * n] = m[2 * prev] - ox;
            segments[4 * n + 1] = m[2 * prev + 1] - oy;
            segments[4 * n + 2] = m[2 * i] - ox;
            segments[4 * n + 3] = m[2 * i + 1] - oy;
            n++;
          }
          prev = i;
        }
      }
      areaStart[f + 1] = n;
    }
    const out = { origin: this.origin, segments: segments.slice(0, n * 4), areaStart };
    this.cache.set(tolerance, out);
    return out;
  }
}

/** Every edge of every ring (a ring's last vertex closes it; an unclosed ring gets its closing edge), zero-length edges dropped. */
export function outlineSegments(fc: FeatureCollection): OutlineSegments {
  return new AreaOutlines(fc).segments(0);
}

/**
 * Douglas–Peucker on a closed ring (interleaved x, y; last vertex = first): which vertices to
 * keep so that no dropped vertex is further than `tolerance` from the kept outline. The first
 * vertex and the one furthest from it are always kept, and a ring never shrinks below a
 * triangle (its two furthest-apart vertices and the one furthest from that line), so that a
 * small area still shows as a small shape at city scale.
 */
export function simplifyRing(m: Float64Array, tolerance: number): Uint8Array {
  const k = m.length / 2;
  const keep = new Uint8Array(k);
  keep[0] = 1;
  keep[k - 1] = 1;
  if (k <= 4) return keep.fill(1);
  let far = 0;
  let best = -1;
  for (let i = 1; i < k - 1; i++) {
    const d = (m[2 * i] - m[0]) ** 2 + (m[2 * i + 1] - m[1]) ** 2;
    if (d > best) {
      best = d;
      far = i;
    }
  }
  keep[far] = 1;
  const t2 = tolerance * tolerance;
  const stack: number[] = [0, far, far, k - 1];
  let kept = 3;
  // The vertex furthest from its span, for the triangle rule.
  let third = -1;
  let thirdD = -1;
  while (stack.length) {
    const b = stack.pop() as number;
    const a = stack.pop() as number;
    if (b - a < 2) continue;
    const ax = m[2 * a],
      ay = m[2 * a + 1];
    const dx = m[2 * b] - ax,
      dy = m[2 * b + 1] - ay;
    const len2 = dx * dx + dy * dy;
    let idx = -1;
    let dmax = -1;
    for (let i = a + 1; i < b; i++) {
      let px = m[2 * i] - ax;
      let py = m[2 * i + 1] - ay;
      if (len2 > 0) {
        const t = Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
        px -= t * dx;
        py -= t * dy;
      }
      const d = px * px + py * py;
      if (d > dmax) {
        dmax = d;
        idx = i;
      }
    }
    if (dmax > thirdD) {
      thirdD = dmax;
      third = idx;
    }
    if (dmax > t2) {
      keep[idx] = 1;
      kept++;
      stack.push(a, idx, idx, b);
    }
  }
  if (kept < 4 && third >= 0) keep[third] = 1;
  return keep;
}

/**
 * The area (feature index) under a longitude / latitude: an R-tree of the areas' bounding boxes,
 * then an even-odd ray cast over all rings of each candidate (holes count, as in the engine's
 * areas). Where areas overlap — hotspot areas never do — the first in collection order wins.
 */
export class AreaPicker {
  private readonly rings: Float64Array[][];
  private readonly index: Flatbush | null;

  constructor(fc: FeatureCollection) {
    this.rings = lonLatRings(fc);
    this.index = this.rings.length ? new Flatbush(this.rings.length) : null;
    for (const rings of this.rings) {
      const [w, s, e, n] = growBox(emptyBox(), rings);
      // No vertices: a point box whose ray cast never hits (no rings).
      if (w > e) this.index?.add(0, 0, 0, 0);
      else this.index?.add(w, s, e, n);
    }
    this.index?.finish();
  }

  /** Feature index of the area containing (lon, lat), or -1. */
  at(lon: number, lat: number): number {
    if (!this.index) return -1;
    let hit = -1;
    for (const f of this.index.search(lon, lat, lon, lat).sort((a, b) => a - b)) {
      if (inRings(this.rings[f], lon, lat)) {
        hit = f;
        break;
      }
    }
    return hit;
  }
}

/** Even–odd ray cast over rings of interleaved x, y. */
function inRings(rings: readonly Float64Array[], x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings) {
    const n = ring.length / 2;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = ring[2 * i],
        yi = ring[2 * i + 1],
        xj = ring[2 * j],
        yj = ring[2 * j + 1];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}
