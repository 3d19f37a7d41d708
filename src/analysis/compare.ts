/**
 * Change between two periods, per ward and in total.
 *
 * Conventions:
 * - C = current count, P = previous count; difference = C − P.
 * - % change = (C − P)/P × 100, null when P = 0 (as ArcGIS Summarize Percent Change).
 * - Poisson z = 2(√C − √P) (variance-stabilised difference of two Poisson counts; Wheeler 2018).
 *   |z| ≥ 1.96 → `likelyReal` (5% two-sided); |z| ≥ 3 → `wheeler` (Wheeler's stricter flag).
 * - Plain-language direction:
 *     "no change"                          C = P (including 0 → 0)
 *     "new: 0 → 4"                         P = 0, C > 0 (no percentage exists)
 *     "up 23% (significant)"               |z| ≥ 3
 *     "up 23% (likely real change)"        1.96 ≤ |z| < 3
 *     "down 5% (within normal variation)"  |z| < 1.96
 *   Percentages are rounded to whole numbers; a non-zero change that rounds to 0 reads "<1%".
 * - The previous period is the equal-length window immediately before the current one.
 */
import type { WardLabels } from './shares.ts';

export interface Change {
  current: number;
  previous: number;
  difference: number;
  percentChange: number | null;
  z: number;
  likelyReal: boolean;
  wheeler: boolean;
  direction: string;
}

export interface WardChange extends Change {
  code: string;
  name: string;
  index: number;
}

/** The equal-length window immediately before [from, to] (month indexes, inclusive). */
export function previousPeriod(from: number, to: number): { from: number; to: number } {
  const len = to - from + 1;
  return { from: from - len, to: from - 1 };
}

export const Z_LIKELY = 1.96;
export const Z_WHEELER = 3;

export function poissonZ(current: number, previous: number): number {
  return 2 * (Math.sqrt(current) - Math.sqrt(previous));
}

function formatCount(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

export function compareCounts(current: number, previous: number): Change {
  const difference = current - previous;
  const percentChange = previous === 0 ? null : (difference / previous) * 100;
  const z = poissonZ(current, previous);
  const likelyReal = Math.abs(z) >= Z_LIKELY;
  const wheeler = Math.abs(z) >= Z_WHEELER;
  let direction: string;
  if (difference === 0) direction = 'no change';
  else if (percentChange === null) direction = `new: 0 → ${formatCount(current)}`;
  else {
    const r = Math.round(Math.abs(percentChange));
    const pct = r === 0 ? '<1%' : `${r}%`;
    const note = wheeler ? 'significant' : likelyReal ? 'likely real change' : 'within normal variation';
    direction = `${difference > 0 ? 'up' : 'down'} ${pct} (${note})`;
  }
  return { current, previous, difference, percentChange, z, likelyReal, wheeler, direction };
}

/** Per-ward and total change; ward rows in ward-index order. */
export function compareWards(
  current: ArrayLike<number>,
  previous: ArrayLike<number>,
  wards: WardLabels,
): { wards: WardChange[]; total: Change } {
  if (current.length !== previous.length || wards.codes.length !== current.length) {
    throw new RangeError('compareWards: current, previous and wards differ in length');
  }
  const rows: WardChange[] = [];
  let c = 0;
  let p = 0;
  for (let w = 0; w < current.length; w++) {
    c += current[w];
    p += previous[w];
    rows.push({ code: wards.codes[w], name: wards.names[w], index: w, ...compareCounts(current[w], previous[w]) });
  }
  return { wards: rows, total: compareCounts(c, p) };
}
