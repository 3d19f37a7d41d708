/** How a count's change against the comparison period is worded in the results panel. */
import { formatMonth } from '../../core/months.ts';
import { fmtInt } from '../dom.ts';

/** "Jan 2023 to Dec 2023" for a month window. */
export function windowLabel(w: readonly [number, number]): string {
  return w[0] === w[1] ? formatMonth(w[0]) : `${formatMonth(w[0])} to ${formatMonth(w[1])}`;
}

/** Direction of travel of a count against the comparison period: arrow, words and numbers. */
export function travel(
  current: number,
  previous: number | null,
  z: number | null,
): { text: string; cls: string; arrow: string } | null {
  if (previous === null) return null;
  const d = current - previous;
  const sig = z !== null && Math.abs(z) >= 1.96;
  const arrow = d > 0 ? '▲' : d < 0 ? '▼' : '■';
  const pctText = previous > 0 ? ` (${d >= 0 ? '+' : '−'}${Math.abs((d / previous) * 100).toFixed(0)}%)` : '';
  const words = d === 0 ? 'no change' : `${d > 0 ? 'up' : 'down'} ${fmtInt.format(Math.abs(d))}${pctText}`;
  return {
    text: `${words} on ${fmtInt.format(previous)}${sig ? ', beyond chance (|z| ≥ 1.96)' : z !== null ? ', within chance' : ''}`,
    cls: sig ? (d > 0 ? 'up' : 'down') : 'flat',
    arrow,
  };
}
