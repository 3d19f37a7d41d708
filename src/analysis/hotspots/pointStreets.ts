/**
 * naming.ts's rule 1 (the most frequent street of ALL loaded crimes inside an area) counted by
 * distinct map point instead of by row.
 *
 * police.uk snaps a million London crimes onto ~100,000 map points, and the rule counts every
 * loaded row whatever the filter, so each point's streets (how many of its rows name each
 * street) are the same in every run on the table: they are tallied once and kept (a WeakMap on
 * the table's distinct points), and a run adds up its areas' points. The tallies are the same
 * as counting the rows one by one (a row is inside an area exactly when its point is), so the
 * names are the same as mostFrequentStreets'.
 */
import type { UniquePoints } from '../../core/uniquePoints.ts';
import { takeMostFrequent, type StreetNames } from './naming.ts';

/** Per distinct point u: the street ids of its rows, and how many rows name each, in entries [start[u], start[u + 1]). */
export interface PointStreets {
  start: Int32Array;
  ids: Int32Array;
  counts: Int32Array;
}

const kept = new WeakMap<UniquePoints, { rowName: Int32Array; streets: PointStreets }>();

/** The streets of each distinct point of `unique` (rows' street ids in `rowName`, −1: no street), kept per points and ids. */
export function pointStreets(unique: UniquePoints, rowName: Int32Array): PointStreets {
  const k = kept.get(unique);
  if (k && k.rowName === rowName) return k.streets;
  const streets = tallyPointStreets(unique, rowName);
  kept.set(unique, { rowName, streets });
  return streets;
}

function tallyPointStreets(unique: UniquePoints, rowName: Int32Array): PointStreets {
  const { index, count } = unique;
  // Rows with a street grouped by point (counting sort), then each point's ids tallied.
  const rowStart = new Int32Array(count + 1);
  for (let r = 0; r < index.length; r++) if (index[r] >= 0 && rowName[r] >= 0) rowStart[index[r] + 1]++;
  for (let u = 0; u < count; u++) rowStart[u + 1] += rowStart[u];
  const fill = rowStart.slice(0, count);
  const rowIds = new Int32Array(rowStart[count]);
  for (let r = 0; r < index.length; r++) if (index[r] >= 0 && rowName[r] >= 0) rowIds[fill[index[r]]++] = rowName[r];
  const start = new Int32Array(count + 1);
  const ids: number[] = [];
  const counts: number[] = [];
  for (let u = 0; u < count; u++) {
    // Most points carry one street: a short list searched linearly.
    const first = ids.length;
    for (let e = rowStart[u]; e < rowStart[u + 1]; e++) {
      const id = rowIds[e];
      let j = first;
      while (j < ids.length && ids[j] !== id) j++;
      if (j === ids.length) {
        ids.push(id);
        counts.push(1);
      } else counts[j]++;
    }
    start[u + 1] = ids.length;
  }
  return { start, ids: Int32Array.from(ids), counts: Int32Array.from(counts) };
}

/**
 * mostFrequentStreets by points: `pointOwner[u]` is the area of distinct point u (−1 outside
 * every area). Returns the street of each of `areas` areas ('' when none inside); ties
 * alphabetical (code-unit order), as mostFrequentStreets.
 */
export function mostFrequentStreetsOfPoints(
  areas: number,
  pointOwner: Int32Array,
  streets: PointStreets,
  names: StreetNames,
): string[] {
  const { start, ids, counts } = streets;
  // Points grouped by area (counting sort), then tallied area by area in a scratch array.
  const areaStart = new Int32Array(areas + 1);
  for (let u = 0; u < pointOwner.length; u++) if (pointOwner[u] >= 0) areaStart[pointOwner[u] + 1]++;
  for (let a = 0; a < areas; a++) areaStart[a + 1] += areaStart[a];
  const fill = areaStart.slice(0, areas);
  const pts = new Int32Array(areaStart[areas]);
  for (let u = 0; u < pointOwner.length; u++) if (pointOwner[u] >= 0) pts[fill[pointOwner[u]]++] = u;
  const tally = new Int32Array(names.names.length);
  const touched: number[] = [];
  const out: string[] = [];
  for (let a = 0; a < areas; a++) {
    touched.length = 0;
    for (let p = areaStart[a]; p < areaStart[a + 1]; p++) {
      const u = pts[p];
      for (let e = start[u]; e < start[u + 1]; e++) {
        const id = ids[e];
        if (tally[id] === 0) touched.push(id);
        tally[id] += counts[e];
      }
    }
    out.push(takeMostFrequent(touched, tally, names));
  }
  return out;
}
