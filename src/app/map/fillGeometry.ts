/**
 * Areas (wards) as triangles for fillLayer.ts. PURE: no DOM, no WebGL.
 *
 * Each Polygon (or part of a MultiPolygon) is triangulated by earcut in Web Mercator, holes
 * included; vertices are stored relative to an origin as float32 (see outlineGeometry.ts), each
 * with the index of its feature, so that the layer can colour every area from a small table.
 */
import earcut from 'earcut';
import type { FeatureCollection, Geometry, Position } from 'geojson';
import { mercator } from './outlineGeometry.ts';

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

function polygonsOf(g: Geometry | null): Position[][][] {
  if (!g) return [];
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  return [];
}

export function fillTriangles(fc: FeatureCollection): FillTriangles {
  const parts: { f: number; flat: number[]; holes: number[] }[] = [];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  fc.features.forEach((feature, f) => {
    for (const poly of polygonsOf(feature.geometry)) {
      const flat: number[] = [];
      const holes: number[] = [];
      poly.forEach((ring, r) => {
        if (r > 0) holes.push(flat.length / 2);
        const n = ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.length - 1 : ring.length;
        for (let i = 0; i < n; i++) {
          const [x, y] = mercator(ring[i][0], ring[i][1]);
          flat.push(x, y);
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
          if (y < minY) minY = y;
          if (y > maxY) maxY = y;
        }
      });
      if (flat.length >= 6) parts.push({ f, flat, holes });
    }
  });
  const origin: [number, number] = Number.isFinite(minX) ? [(minX + maxX) / 2, (minY + maxY) / 2] : [0.5, 0.5];
  let nv = 0;
  const tris: number[][] = [];
  for (const p of parts) {
    // Triangulated in coordinates relative to the origin (earcut's tests are exact arithmetic
    // on these doubles; relative values keep more digits).
    const rel = p.flat.map((v, i) => v - origin[i % 2]);
    tris.push(earcut(rel, p.holes.length ? p.holes : undefined, 2));
    nv += p.flat.length / 2;
  }
  const positions = new Float32Array(nv * 2);
  const area = new Float32Array(nv);
  const indices = new Uint32Array(tris.reduce((a, t) => a + t.length, 0));
  let v = 0;
  let k = 0;
  parts.forEach((p, i) => {
    const base = v;
    for (let j = 0; j < p.flat.length; j += 2) {
      positions[2 * v] = p.flat[j] - origin[0];
      positions[2 * v + 1] = p.flat[j + 1] - origin[1];
      area[v] = p.f;
      v++;
    }
    for (const t of tris[i]) indices[k++] = base + t;
  });
  return { origin, positions, area, indices, areas: fc.features.length };
}
