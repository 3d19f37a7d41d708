/**
 * Some wards of a WardSet as a WardSet of their own (a cube's area: the wards of one local
 * authority out of a London or national boundary file). Pure: the rings, boxes, areas and
 * drawing GeoJSON of the kept wards, in their order in the set, renumbered from 0.
 */
import type { Feature } from 'geojson';
import type { WardSet } from '../core/types.ts';

/** The distinct local authorities of a ward set with their ward indexes, most wards first then by name. */
export function authoritiesOf(wards: WardSet): { name: string; wards: number[] }[] {
  const by = new Map<string, number[]>();
  (wards.authority ?? []).forEach((a, w) => {
    if (!a) return;
    const list = by.get(a) ?? [];
    list.push(w);
    by.set(a, list);
  });
  return [...by]
    .map(([name, list]) => ({ name, wards: list }))
    .sort((a, b) => b.wards.length - a.wards.length || a.name.localeCompare(b.name));
}

/** The wards `keep` (indexes into `wards`, ascending) as a ward set named `area` (null: keep the set's own name). */
export function subsetWards(wards: WardSet, keep: readonly number[], area: string | null): WardSet {
  let nv = 0;
  let nr = 0;
  for (const w of keep) {
    const r0 = wards.wardRings[w];
    const r1 = wards.wardRings[w + 1];
    nr += r1 - r0;
    nv += wards.ringOffsets[r1] - wards.ringOffsets[r0];
  }
  const coords = new Float64Array(nv * 2);
  const ringOffsets = new Uint32Array(nr + 1);
  const wardRings = new Uint32Array(keep.length + 1);
  const bbox = new Float64Array(keep.length * 4);
  const area_ = new Float64Array(keep.length);
  let v = 0;
  let ri = 0;
  keep.forEach((w, k) => {
    for (let r = wards.wardRings[w]; r < wards.wardRings[w + 1]; r++) {
      const a = wards.ringOffsets[r];
      const b = wards.ringOffsets[r + 1];
      coords.set(wards.coords.subarray(2 * a, 2 * b), 2 * v);
      v += b - a;
      ringOffsets[++ri] = v;
    }
    wardRings[k + 1] = ri;
    bbox.set(wards.bbox.subarray(4 * w, 4 * w + 4), 4 * k);
    area_[k] = wards.area[w];
  });
  const features: Feature[] = keep.map((w, k) => {
    const f = wards.geojson.features[w];
    return { ...f, properties: { ...f.properties, index: k } };
  });
  const authority = wards.authority ? keep.map((w) => (wards.authority as (string | null)[])[w]) : undefined;
  const counts = new Map<string, number>();
  for (const a of authority ?? []) if (a) counts.set(a, (counts.get(a) ?? 0) + 1);
  const authorities = [...counts]
    .map(([name, n]) => ({ name, wards: n }))
    .sort((a, b) => b.wards - a.wards || a.name.localeCompare(b.name));
  return {
    count: keep.length,
    codes: keep.map((w) => wards.codes[w]),
    names: keep.map((w) => wards.names[w]),
    coords,
    ringOffsets,
    wardRings,
    bbox,
    area: area_,
    geojson: { type: 'FeatureCollection', features },
    authority,
    meta: { ...wards.meta, borough: area ?? wards.meta.borough, boroughs: authorities.length, authorities },
  };
}
