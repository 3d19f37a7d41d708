/**
 * Polygon coordinates of a FeatureCollection as flat typed arrays, for the trip from the
 * analysis worker to the page. Cloning GeoJSON's nested coordinate arrays is slow: for the
 * 1,641 hotspot areas of a London run (63,000 vertices) it was 40 of the 52 ms that cloning the
 * whole result took (serialised in the worker, deserialised on the page, both on the way to
 * the redraw). Packed, the coordinates are three transferred buffers.
 *
 * pack() leaves each feature's `geometry` null; unpack() gives it back as a lazy property that
 * builds the Polygon / MultiPolygon on first access (exports, JSON), and registers the packed
 * rings for the map (packedRingsOf), which reads the flat arrays directly. Pure: no DOM.
 */
import type { FeatureCollection, Geometry, Position } from 'geojson';
import { mercator } from '../core/mercator.ts';

export interface PackedRings {
  /** Interleaved x, y (lon, lat) of every vertex of every ring. */
  coords: Float64Array;
  /** Vertices of ring r: ringStart[r] … ringStart[r + 1] − 1. */
  ringStart: Uint32Array;
  /** Rings of feature f: featureRingStart[f] … featureRingStart[f + 1] − 1. */
  featureRingStart: Uint32Array;
  /** Per feature: number of rings in each polygon of a MultiPolygon (empty for a Polygon); null for other geometry. */
  parts: (number[] | null)[];
  /** The same vertices in Web Mercator (mercator.ts), when packed with `withMercator`: the map draws from these. */
  mercator?: Float64Array;
}

/**
 * Polygon and MultiPolygon coordinates into flat arrays; the features' geometry set to null (in
 * place). `withMercator` adds the vertices in Web Mercator for the map (projected here, in one
 * typed loop, instead of ring by ring on the page).
 */
export function packPolygons(fc: FeatureCollection, withMercator = false): PackedRings {
  let nv = 0;
  let nr = 0;
  const polys = fc.features.map((f) => polygonsOf(f.geometry));
  for (const p of polys)
    if (p)
      for (const poly of p)
        for (const ring of poly) {
          nr++;
          nv += ring.length;
        }
  const coords = new Float64Array(nv * 2);
  const ringStart = new Uint32Array(nr + 1);
  const featureRingStart = new Uint32Array(fc.features.length + 1);
  const parts: (number[] | null)[] = [];
  let v = 0;
  let r = 0;
  fc.features.forEach((f, i) => {
    const p = polys[i];
    parts.push(p ? (f.geometry?.type === 'MultiPolygon' ? p.map((poly) => poly.length) : []) : null);
    if (p)
      for (const poly of p)
        for (const ring of poly) {
          for (const [x, y] of ring) {
            coords[2 * v] = x;
            coords[2 * v + 1] = y;
            v++;
          }
          ringStart[++r] = v;
        }
    featureRingStart[i + 1] = r;
    if (p) (f as { geometry: Geometry | null }).geometry = null;
  });
  const out: PackedRings = { coords, ringStart, featureRingStart, parts };
  if (withMercator) {
    const m = new Float64Array(coords.length);
    for (let i = 0; i < coords.length; i += 2) {
      const [x, y] = mercator(coords[i], coords[i + 1]);
      m[i] = x;
      m[i + 1] = y;
    }
    out.mercator = m;
  }
  return out;
}

/** The buffers to transfer with a PackedRings. */
export function packedTransferables(p: PackedRings): ArrayBuffer[] {
  const out = [
    p.coords.buffer as ArrayBuffer,
    p.ringStart.buffer as ArrayBuffer,
    p.featureRingStart.buffer as ArrayBuffer,
  ];
  if (p.mercator) out.push(p.mercator.buffer as ArrayBuffer);
  return out;
}

const registry = new WeakMap<FeatureCollection, PackedRings>();

/** The packed rings a FeatureCollection was unpacked from (null when it was not). */
export function packedRingsOf(fc: FeatureCollection): PackedRings | null {
  return registry.get(fc) ?? null;
}

/** Gives packed features their geometry back, built on first access; registers the rings for packedRingsOf. */
export function unpackPolygons(fc: FeatureCollection, p: PackedRings): FeatureCollection {
  fc.features.forEach((f, i) => {
    const shape = p.parts[i];
    if (!shape) return;
    let built: Geometry | null = null;
    Object.defineProperty(f, 'geometry', {
      configurable: true,
      enumerable: true,
      get: () => (built ??= geometryOf(p, i, shape)),
      set: (g: Geometry | null) => {
        built = g;
      },
    });
  });
  registry.set(fc, p);
  return fc;
}

/** The vertices of ring r as GeoJSON positions. */
function ringPositions(p: PackedRings, r: number): Position[] {
  const out: Position[] = [];
  for (let v = p.ringStart[r]; v < p.ringStart[r + 1]; v++) out.push([p.coords[2 * v], p.coords[2 * v + 1]]);
  return out;
}

function geometryOf(p: PackedRings, f: number, shape: number[]): Geometry {
  const rings: Position[][] = [];
  for (let r = p.featureRingStart[f]; r < p.featureRingStart[f + 1]; r++) rings.push(ringPositions(p, r));
  if (!shape.length) return { type: 'Polygon', coordinates: rings };
  const coordinates: Position[][][] = [];
  let k = 0;
  for (const n of shape) {
    coordinates.push(rings.slice(k, k + n));
    k += n;
  }
  return { type: 'MultiPolygon', coordinates };
}

/** The polygons of a Polygon or MultiPolygon (null for other geometry). */
export function polygonsOf(g: Geometry | null): Position[][][] | null {
  if (!g) return null;
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  return null;
}
