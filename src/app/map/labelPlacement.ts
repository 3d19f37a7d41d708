/**
 * Map labels without collisions (issue 15): a greedy placement in screen space at one zoom, pure
 * and deterministic (no DOM), so the same view always shows the same names.
 *
 * Each candidate gets a box centred on its anchor, its size estimated from the text (average
 * glyph advance AVG_CHAR_EM × font size per character, one line of LINE_EM × font size, plus a
 * PAD_PX margin for the white halo); candidates are taken in priority order (higher first; ties
 * keep input order) and one whose box overlaps a box already placed is left out. Positions are
 * projected to Web Mercator pixels at the zoom (512-px world at zoom 0, as MapLibre's).
 */
import type { Feature } from 'geojson';
export const AVG_CHAR_EM = 0.6;
export const LINE_EM = 1.25;
export const PAD_PX = 3;

export interface LabelCandidate {
  position: [number, number];
  text: string;
  /** Font size in pixels. */
  size: number;
  /** Higher is placed first. */
  priority: number;
  /** Pixel offset of the box centre from the projected anchor (default none). */
  offset?: [number, number];
}

/** [lon, lat] → Web Mercator pixels at `zoom` (512 px world). */
export function project([lon, lat]: [number, number], zoom: number): [number, number] {
  const world = 512 * 2 ** zoom;
  const phi = (Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180;
  return [((lon + 180) / 360) * world, ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * world];
}

/** Half width and half height of a label's box, in pixels. */
export function labelHalfSize(text: string, size: number): [number, number] {
  return [(text.length * AVG_CHAR_EM * size) / 2 + PAD_PX, (LINE_EM * size) / 2 + PAD_PX];
}

/**
 * The candidates that can be drawn at `zoom` without overlapping, as indices into `all`, in input
 * order. `reserved` boxes ([x0, y0, x1, y1] in the same pixels) are kept clear (e.g. hotspot numbers).
 */
export function placeLabels(
  all: readonly LabelCandidate[],
  zoom: number,
  reserved: readonly [number, number, number, number][] = [],
): number[] {
  const order = all.map((_, i) => i).sort((a, b) => all[b].priority - all[a].priority || a - b);
  const boxes: [number, number, number, number][] = [...reserved];
  // A uniform grid of buckets keeps the overlap test local (650 London wards, 64-px buckets).
  const B = 64;
  const buckets = new Map<string, number[]>();
  const keysOf = (b: [number, number, number, number]) => {
    const out: string[] = [];
    for (let gx = Math.floor(b[0] / B); gx <= Math.floor(b[2] / B); gx++)
      for (let gy = Math.floor(b[1] / B); gy <= Math.floor(b[3] / B); gy++) out.push(`${gx},${gy}`);
    return out;
  };
  const add = (b: [number, number, number, number]) => {
    const k = boxes.length;
    boxes.push(b);
    for (const key of keysOf(b)) {
      const list = buckets.get(key);
      if (list) list.push(k);
      else buckets.set(key, [k]);
    }
  };
  const initial = boxes.splice(0);
  for (const b of initial) add(b);
  const kept: number[] = [];
  for (const i of order) {
    const c = all[i];
    const [px, py] = project(c.position, zoom);
    const [hw, hh] = labelHalfSize(c.text, c.size);
    const x = px + (c.offset?.[0] ?? 0);
    const y = py + (c.offset?.[1] ?? 0);
    const b: [number, number, number, number] = [x - hw, y - hh, x + hw, y + hh];
    let clash = false;
    for (const key of keysOf(b)) {
      for (const k of buckets.get(key) ?? []) {
        const o = boxes[k];
        if (b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]) {
          clash = true;
          break;
        }
      }
      if (clash) break;
    }
    if (clash) continue;
    add(b);
    kept.push(i);
  }
  return kept.sort((a, b) => a - b);
}

/** Planar area-weighted centroid of the largest outer ring (d3.geoCentroid is spherical and winding-sensitive). */
export function labelPoint(f: Feature): [number, number] {
  const g = f.geometry;
  const rings =
    g?.type === 'Polygon' ? [g.coordinates[0]] : g?.type === 'MultiPolygon' ? g.coordinates.map((p) => p[0]) : [];
  let best: [number, number] = [0, 0];
  let bestA = -1;
  for (const r of rings) {
    let a = 0,
      cx = 0,
      cy = 0;
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const k = r[j][0] * r[i][1] - r[i][0] * r[j][1];
      a += k;
      cx += (r[j][0] + r[i][0]) * k;
      cy += (r[j][1] + r[i][1]) * k;
    }
    if (Math.abs(a) > bestA && a !== 0) {
      bestA = Math.abs(a);
      best = [cx / (3 * a), cy / (3 * a)];
    }
  }
  return best;
}

/** North-east corner [lon, lat] of a feature's outer rings (where a hotspot's number badge sits). */
export function northEastCorner(f: Feature): [number, number] {
  const g = f.geometry;
  const rings =
    g?.type === 'Polygon' ? [g.coordinates[0]] : g?.type === 'MultiPolygon' ? g.coordinates.map((p) => p[0]) : [];
  let e = -Infinity,
    n = -Infinity;
  for (const r of rings)
    for (const [x, y] of r) {
      if (x > e) e = x;
      if (y > n) n = y;
    }
  return Number.isFinite(e) ? [e, n] : [0, 0];
}
