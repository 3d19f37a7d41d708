/**
 * Areas (wards) as triangles for fillLayer.ts. PURE: no DOM, no WebGL.
 *
 * Each Polygon (or part of a MultiPolygon) is triangulated by earcut in Web Mercator, holes
 * included; vertices are stored relative to an origin as float32 (see outlineGeometry.ts), each
 * with the index of its feature, so that the layer can colour every area from a small table.
 * Rings are first simplified for the zoom (as the outlines: to within `tolerance`, never below
 * a triangle): London's 650 wards have 130,000 vertices, and a software renderer pays per
 * triangle (~85 ms a frame for all of them at city scale, ~10 ms simplified to half a pixel).
 * Neighbouring wards simplified apart can leave slivers under the tolerance between them; the
 * ward outlines are drawn over the boundaries.
 */
import earcut from 'earcut';
import type { FeatureCollection } from 'geojson';
import { polygonsOf } from '../../worker/packedGeometry.ts';
import { boxCentre, emptyBox, growBox, simplifyRing } from './outlineGeometry.ts';
import { mercator } from '../../core/mercator.ts';

export interface FillTriangles {
  origin: [number, number];
  /** x, y per vertex (mercator minus origin). */
  positions: Float32Array;
  /** Feature index of each vertex. */
  area: Float32Array;
  /** Three vertex indices per triangle. */
  indices: Uint32Array;
  /** Number of features (areas). */
  areas: number;
}

/** The areas of a collection in Web Mercator, triangulated per simplification tolerance (cached). */
export class AreaFills {
  readonly origin: [number, number];
  readonly areas: number;
  /** Polygon parts: feature index and closed rings (interleaved mercator x, y; last = first). */
  private readonly parts: { f: number; rings: Float64Array[] }[] = [];
  private readonly cache = new Map<number, FillTriangles>();

  constructor(fc: FeatureCollection) {
    this.areas = fc.features.length;
    const box = emptyBox();
    fc.features.forEach((feature, f) => {
      for (const poly of polygonsOf(feature.geometry) ?? []) {
        const rings: Float64Array[] = [];
        for (const ring of poly) {
          const closed =
            ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1];
          const n = closed ? ring.length - 1 : ring.length;
          if (n < 3) continue;
          const m = new Float64Array((n + 1) * 2);
          for (let i = 0; i <= n; i++) {
            const [x, y] = mercator(ring[i % n][0], ring[i % n][1]);
            m[2 * i] = x;
            m[2 * i + 1] = y;
          }
          rings.push(m);
        }
        if (rings.length) this.parts.push({ f, rings });
        growBox(box, rings);
      }
    });
    this.origin = boxCentre(box);
  }

  /** Triangles of the rings simplified to within `tolerance` mercator units (0: every vertex). */
  triangles(tolerance: number): FillTriangles {
    const hit = this.cache.get(tolerance);
    if (hit) return hit;
    const [ox, oy] = this.origin;
    const positions: number[] = [];
    const area: number[] = [];
    const indices: number[] = [];
    for (const p of this.parts) {
      // One part: its rings (outer first, then holes) flattened for earcut, relative to the origin.
      const flat: number[] = [];
      const holes: number[] = [];
      p.rings.forEach((m, r) => {
        const keep = tolerance > 0 ? simplifyRing(m, tolerance) : null;
        const start = flat.length;
        for (let i = 0; i < m.length / 2 - 1; i++) if (!keep || keep[i]) flat.push(m[2 * i] - ox, m[2 * i + 1] - oy);
        if (flat.length - start < 6)
          flat.length = start; // fewer than three vertices: dropped
        else if (r > 0) holes.push(start / 2);
      });
      if (flat.length < 6) continue;
      const base = positions.length / 2;
      for (const i of earcut(flat, holes.length ? holes : undefined, 2)) indices.push(base + i);
      for (let j = 0; j < flat.length; j += 2) {
        positions.push(flat[j], flat[j + 1]);
        area.push(p.f);
      }
    }
    const out = {
      origin: this.origin,
      positions: Float32Array.from(positions),
      area: Float32Array.from(area),
      indices: Uint32Array.from(indices),
      areas: this.areas,
    };
    this.cache.set(tolerance, out);
    return out;
  }
}

/** Every vertex triangulated (no simplification). */
export function fillTriangles(fc: FeatureCollection): FillTriangles {
  return new AreaFills(fc).triangles(0);
}
