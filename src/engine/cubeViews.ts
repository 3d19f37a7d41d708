/**
 * Read-outs of the ward × category × month count cube for a run (session.ts run()): the
 * monthly trend, the crime types in the window and one ward's detail. Pure sums over the cube.
 */
import { ASB } from '../core/categories.ts';
import type { CountCube } from '../analysis/cube.ts';
import type { WardDetail } from '../analysis/sessionTypes.ts';
import type { WardSet } from '../core/types.ts';

/** Monthly counts (inside wards, selected types) over every loaded month. */
export function trendOf(cube: CountCube, mask: Uint8Array): { month: number; count: number }[] {
  const out: { month: number; count: number }[] = [];
  const { nWards, nCategories, nMonths, counts } = cube;
  const series = new Float64Array(nMonths);
  for (let w = 0; w < nWards; w++)
    for (let c = 0; c < nCategories; c++) {
      if (!mask[c]) continue;
      const o = (w * nCategories + c) * nMonths;
      for (let m = 0; m < nMonths; m++) series[m] += counts[o + m];
    }
  for (let m = 0; m < nMonths; m++) out.push({ month: cube.month0 + m, count: series[m] });
  return out;
}

/** Counts by crime type inside the wards in the window (all types, for the breakdown chart), largest first. */
export function typesInWindow(
  cube: CountCube,
  categories: readonly string[],
  from: number,
  to: number,
): { category: string; count: number }[] {
  const { nWards, nCategories, nMonths, counts, month0 } = cube;
  const a = Math.max(0, from - month0);
  const b = Math.min(nMonths - 1, to - month0);
  const per = new Float64Array(nCategories);
  for (let w = 0; w < nWards; w++)
    for (let c = 0; c < nCategories; c++) {
      const o = (w * nCategories + c) * nMonths;
      for (let m = a; m <= b; m++) per[c] += counts[o + m];
    }
  const out: { category: string; count: number }[] = [];
  for (let c = 1; c < nCategories; c++) if (per[c] > 0) out.push({ category: categories[c], count: per[c] });
  return out.sort((p, q) => q.count - p.count || p.category.localeCompare(q.category));
}

/**
 * One ward's monthly series (selected types, every loaded month) and its crime types in the
 * window: every police.uk category, whatever the type filter (it is the ward's breakdown), but
 * anti-social behaviour only when the filter includes it, so that the types add up to the
 * same "crime" as the ward's summary sentence.
 */
export function wardDetailOf(
  cube: CountCube,
  categories: readonly string[],
  wards: WardSet,
  code: string,
  sel: { mask: Uint8Array; from: number; to: number; includeAsb: boolean },
): WardDetail | null {
  const w = wards.codes.indexOf(code);
  if (w < 0) return null;
  const { nCategories, nMonths, counts, month0 } = cube;
  const series = new Float64Array(nMonths);
  const per = new Float64Array(nCategories);
  for (let c = 0; c < nCategories; c++) {
    const o = (w * nCategories + c) * nMonths;
    for (let m = 0; m < nMonths; m++) {
      if (sel.mask[c]) series[m] += counts[o + m];
      if (month0 + m >= sel.from && month0 + m <= sel.to) per[c] += counts[o + m];
    }
  }
  const types: { category: string; count: number }[] = [];
  for (let c = 1; c < nCategories; c++)
    if (per[c] > 0 && (sel.includeAsb || categories[c] !== ASB)) types.push({ category: categories[c], count: per[c] });
  types.sort((p, q) => q.count - p.count || p.category.localeCompare(q.category));
  return { code, name: wards.names[w], trend: Array.from(series, (count, m) => ({ month: month0 + m, count })), types };
}
